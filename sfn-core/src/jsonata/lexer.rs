//! Tokens of a JSONata expression: operators, names, `$variables`, string, number and regular
//! expression literals, and function signatures (`<n-n:n>`), each with its byte range.
//!
//! The lexer is driven by the parser, which asks for a regular expression where an operand
//! is expected and for a signature after a function's parameter list: the same `/` or `<`
//! means something else after an operand.

use super::{coded, error, rules, JsonataError};

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tk {
    Eof,
    Number,
    Str,
    Name,
    Quoted,
    Var,
    True,
    False,
    Null,
    Regex,
    And,
    Or,
    In,
    Dot,
    DotDot,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    LParen,
    RParen,
    Comma,
    At,
    Hash,
    Semi,
    Colon,
    Assign,
    Question,
    Plus,
    Minus,
    Star,
    StarStar,
    Slash,
    Percent,
    Pipe,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Caret,
    Amp,
    Chain,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Token {
    pub(super) kind: Tk,
    pub(super) start: usize,
    pub(super) end: usize,
}

/// Whitespace as JSONata skips it.
fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b)
}

/// Characters that end a name: whitespace and the one-character operators.
fn ends_name(b: u8) -> bool {
    is_ws(b) || b"()[]{}.,;:?+-*/%|=<>^&!~@#".contains(&b)
}

fn char_at(s: &str, i: usize) -> char {
    s.get(i..).and_then(|r| r.chars().next()).unwrap_or('?')
}

#[derive(Debug)]
pub(super) struct Lexer<'a> {
    pub(super) src: &'a str,
    pub(super) pos: usize,
}

impl<'a> Lexer<'a> {
    pub(super) fn at(&self, i: usize) -> Option<u8> {
        self.src.as_bytes().get(i).copied()
    }

    fn skip_trivia(&mut self) -> Result<(), JsonataError> {
        loop {
            match self.at(self.pos) {
                Some(b) if is_ws(b) => self.pos += 1,
                Some(b'/') if self.at(self.pos + 1) == Some(b'*') => {
                    let start = self.pos;
                    match self.src.get(start + 2..).and_then(|rest| rest.find("*/")) {
                        Some(i) => self.pos = start + 2 + i + 2,
                        None => {
                            return Err(coded(
                                "S0106",
                                start,
                                "unterminated comment: `/*` has no closing `*/`",
                            ))
                        }
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn name_end(&self, mut i: usize) -> usize {
        while let Some(b) = self.at(i) {
            if ends_name(b) {
                break;
            }
            i += 1;
        }
        i
    }

    pub(super) fn next(&mut self) -> Result<Token, JsonataError> {
        self.skip_trivia()?;
        let start = self.pos;
        let Some(c) = self.at(start) else {
            return Ok(Token {
                kind: Tk::Eof,
                start,
                end: start,
            });
        };
        let (kind, len) = match (c, self.at(start + 1)) {
            (b'.', Some(b'.')) => (Tk::DotDot, 2),
            (b':', Some(b'=')) => (Tk::Assign, 2),
            (b'!', Some(b'=')) => (Tk::Ne, 2),
            (b'<', Some(b'=')) => (Tk::Le, 2),
            (b'>', Some(b'=')) => (Tk::Ge, 2),
            (b'*', Some(b'*')) => (Tk::StarStar, 2),
            (b'~', Some(b'>')) => (Tk::Chain, 2),
            // Operators of later JSONata versions than the one Step Functions runs.
            (b'?', Some(b'?' | b':')) => {
                let op = if self.at(start + 1) == Some(b'?') { "??" } else { "?:" };
                return Err(rules::newer_operator(start, op));
            }
            (b'.', _) => (Tk::Dot, 1),
            (b'[', _) => (Tk::LBracket, 1),
            (b']', _) => (Tk::RBracket, 1),
            (b'{', _) => (Tk::LBrace, 1),
            (b'}', _) => (Tk::RBrace, 1),
            (b'(', _) => (Tk::LParen, 1),
            (b')', _) => (Tk::RParen, 1),
            (b',', _) => (Tk::Comma, 1),
            (b'@', _) => (Tk::At, 1),
            (b'#', _) => (Tk::Hash, 1),
            (b';', _) => (Tk::Semi, 1),
            (b':', _) => (Tk::Colon, 1),
            (b'?', _) => (Tk::Question, 1),
            (b'+', _) => (Tk::Plus, 1),
            (b'-', _) => (Tk::Minus, 1),
            (b'*', _) => (Tk::Star, 1),
            (b'/', _) => (Tk::Slash, 1),
            (b'%', _) => (Tk::Percent, 1),
            (b'|', _) => (Tk::Pipe, 1),
            (b'=', _) => (Tk::Eq, 1),
            (b'<', _) => (Tk::Lt, 1),
            (b'>', _) => (Tk::Gt, 1),
            (b'^', _) => (Tk::Caret, 1),
            (b'&', _) => (Tk::Amp, 1),
            (b'!', _) => {
                return Err(coded("S0204", 
                    start,
                    "unexpected `!`: JSONata has no `!` operator; use `!=` for inequality or `$not(...)` for negation",
                ))
            }
            (b'~', _) => {
                return Err(coded("S0204", 
                    start,
                    "unexpected `~`: did you mean the chain operator `~>`?",
                ))
            }
            (b'"' | b'\'', _) => return self.string(start),
            (b'`', _) => return self.backtick(start),
            (b'0'..=b'9', _) => return self.number(start),
            (b'$', _) => (Tk::Var, self.name_end(start + 1) - start),
            _ => {
                let end = self.name_end(start);
                let kind = match self.src.get(start..end).unwrap_or("") {
                    "and" => Tk::And,
                    "or" => Tk::Or,
                    "in" => Tk::In,
                    "true" => Tk::True,
                    "false" => Tk::False,
                    "null" => Tk::Null,
                    _ => Tk::Name,
                };
                (kind, end - start)
            }
        };
        self.pos = start + len;
        Ok(Token {
            kind,
            start,
            end: start + len,
        })
    }

    fn finish(&mut self, kind: Tk, start: usize, end: usize) -> Result<Token, JsonataError> {
        self.pos = end;
        Ok(Token { kind, start, end })
    }

    /// A string literal in either quote, with the JSON escapes.
    fn string(&mut self, start: usize) -> Result<Token, JsonataError> {
        let quote = self.at(start);
        let mut i = start + 1;
        loop {
            match self.at(i) {
                None => return Err(coded("S0101", start, "unterminated string literal")),
                Some(b) if Some(b) == quote => return self.finish(Tk::Str, start, i + 1),
                Some(b'\\') => match self.at(i + 1) {
                    Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 2,
                    Some(b'u') => {
                        let hex = self.src.as_bytes().get(i + 2..i + 6);
                        if !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
                            return Err(coded("S0104", 
                                i,
                                "invalid unicode escape: `\\u` must be followed by four hex digits",
                            ));
                        }
                        i += 6;
                    }
                    None => return Err(coded("S0101", start, "unterminated string literal")),
                    Some(b'\'') => {
                        return Err(coded("S0103", 
                            i,
                            "invalid escape sequence `\\'`: JSONata strings only have the JSON escapes; put the string in double quotes or write `\\u0027`",
                        ))
                    }
                    Some(_) => {
                        return Err(coded("S0103", 
                            i,
                            format!(
                                "invalid escape sequence `\\{}` in string literal",
                                char_at(self.src, i + 1)
                            ),
                        ))
                    }
                },
                Some(_) => i += 1,
            }
        }
    }

    /// A field name in backticks; no escapes.
    fn backtick(&mut self, start: usize) -> Result<Token, JsonataError> {
        match self.src.get(start + 1..).and_then(|rest| rest.find('`')) {
            Some(i) => self.finish(Tk::Quoted, start, start + 1 + i + 1),
            None => Err(coded(
                "S0105",
                start,
                "unterminated quoted name: missing closing backtick",
            )),
        }
    }

    /// `0|[1-9][0-9]*`, then optional `.[0-9]+` and `[eE][+-]?[0-9]+`.
    fn number(&mut self, start: usize) -> Result<Token, JsonataError> {
        let digit = |i: usize| self.at(i).is_some_and(|b| b.is_ascii_digit());
        let mut i = start + 1;
        if self.at(start) != Some(b'0') {
            while digit(i) {
                i += 1;
            }
        }
        if self.at(i) == Some(b'.') && digit(i + 1) {
            i += 2;
            while digit(i) {
                i += 1;
            }
        }
        if matches!(self.at(i), Some(b'e' | b'E')) {
            let mut j = i + 1;
            if matches!(self.at(j), Some(b'+' | b'-')) {
                j += 1;
            }
            if digit(j) {
                while digit(j) {
                    j += 1;
                }
                i = j;
            }
        }
        let text = self.src.get(start..i).unwrap_or("");
        if !text.parse::<f64>().is_ok_and(f64::is_finite) {
            return Err(coded(
                "S0102",
                start,
                format!("number `{text}` is out of range"),
            ));
        }
        self.finish(Tk::Number, start, i)
    }

    /// A regular expression literal whose opening `/` is at `slash`. Like JSONata, a `/`
    /// inside brackets or parentheses does not end the literal.
    pub(super) fn regex(&mut self, slash: usize) -> Result<Token, JsonataError> {
        let mut i = slash + 1;
        let mut depth: i64 = 0;
        loop {
            match self.at(i) {
                None => {
                    return Err(coded(
                        "S0302",
                        slash,
                        "unterminated regular expression: missing closing `/`",
                    ))
                }
                Some(b'\\') => i += 2,
                Some(b'(' | b'[' | b'{') => {
                    depth += 1;
                    i += 1;
                }
                Some(b')' | b']' | b'}') => {
                    depth = depth.saturating_sub(1);
                    i += 1;
                }
                Some(b'/') if depth == 0 => break,
                Some(_) => i += 1,
            }
        }
        if i == slash + 1 {
            return Err(coded("S0301", slash, "empty regular expression `//`"));
        }
        check_regex(self.src.get(slash + 1..i).unwrap_or(""), slash + 1)?;
        i += 1;
        while matches!(self.at(i), Some(b'i' | b'm')) {
            i += 1;
        }
        // Like JSONata, a word right after the flags is the next token; only an operator
        // word makes sense there (`/a/i and x`).
        let word = self.src.get(i..self.name_end(i)).unwrap_or("");
        if self.at(i).is_some_and(|b| b.is_ascii_alphanumeric())
            && !matches!(word, "and" | "or" | "in")
        {
            return Err(error(
                i,
                format!(
                    "unsupported regular expression flag `{}`: JSONata allows only `i` and `m`",
                    char_at(self.src, i)
                ),
            ));
        }
        self.finish(Tk::Regex, slash, i)
    }

    /// A function signature such as `<n-n:n>` starting at `start`; returns its end.
    pub(super) fn signature(&self, start: usize) -> Result<usize, JsonataError> {
        let mut depth = 0usize;
        let mut in_choice = false;
        let mut prev = b'<';
        let mut i = start;
        loop {
            let Some(b) = self.at(i) else {
                return Err(error(start, "unterminated function signature: missing `>`"));
            };
            match b {
                b'<' if in_choice => {
                    return Err(coded(
                        "S0402",
                        i,
                        "a choice group `(...)` in a function signature cannot hold a parameterized type",
                    ));
                }
                b'<' => {
                    if i != start && !matches!(prev, b'a' | b'f') {
                        return Err(coded("S0401", 
                            i,
                            "in a function signature, `<...>` may only follow `a` (array) or `f` (function)",
                        ));
                    }
                    depth += 1;
                }
                b'>' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        if in_choice {
                            return Err(error(i, "unclosed `(` in function signature"));
                        }
                        return Ok(i + 1);
                    }
                }
                b'(' if in_choice => {
                    return Err(error(i, "nested `(` in function signature"));
                }
                b'(' => in_choice = true,
                b')' if !in_choice => {
                    return Err(error(i, "unmatched `)` in function signature"));
                }
                b')' => in_choice = false,
                b'b' | b'n' | b's' | b'l' | b'a' | b'o' | b'f' | b'u' | b'j' | b'x' | b'?'
                | b'+' | b'-' | b':' => {}
                _ if is_ws(b) => {}
                _ => {
                    return Err(error(
                        i,
                        format!(
                            "invalid character `{}` in function signature; types are b n s l a o f u j x",
                            char_at(self.src, i)
                        ),
                    ))
                }
            }
            if !is_ws(b) {
                prev = b;
            }
            i += 1;
        }
    }
}

/// Reports the regular expression errors that JavaScript's `RegExp` (which compiles JSONata's
/// regex literals, without the `u` flag) raises most often: a quantifier with nothing to
/// repeat, unbalanced or malformed groups, a character class range out of order, and
/// `{n,m}` with `n > m`. `base` is the byte offset of `pattern` in the expression.
fn check_regex(pattern: &str, base: usize) -> Result<(), JsonataError> {
    let chars: Vec<(usize, char)> = pattern.char_indices().collect();
    let ch = |i: usize| chars.get(i).map(|&(_, c)| c);
    let at = |i: usize| base + chars.get(i).map_or(pattern.len(), |&(o, _)| o);
    // Whether the item before the current position can take a quantifier.
    let mut can_repeat = false;
    let mut groups: Vec<usize> = Vec::new();
    let mut i = 0;
    while let Some(c) = ch(i) {
        match c {
            '\\' => {
                // `\b` and `\B` are assertions, which cannot be repeated.
                can_repeat = !matches!(ch(i + 1), Some('b' | 'B'));
                i += 2;
                continue;
            }
            '(' => {
                can_repeat = false;
                groups.push(i);
                if ch(i + 1) == Some('?') {
                    let skip = match (ch(i + 2), ch(i + 3)) {
                        (Some(':' | '=' | '!'), _) => 3,
                        (Some('<'), Some('=' | '!')) => 4,
                        (Some('<'), Some(c)) if c.is_alphabetic() || c == '_' || c == '$' => {
                            let mut j = i + 3;
                            while ch(j).is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$')
                            {
                                j += 1;
                            }
                            if ch(j) != Some('>') {
                                return Err(error(
                                    at(i),
                                    "invalid group name in regular expression",
                                ));
                            }
                            j + 1 - i
                        }
                        _ => return Err(error(at(i), "invalid group `(?` in regular expression")),
                    };
                    i += skip;
                    continue;
                }
            }
            ')' => {
                if groups.pop().is_none() {
                    return Err(error(at(i), "unmatched `)` in regular expression"));
                }
                can_repeat = true;
            }
            '|' | '^' | '$' => can_repeat = false,
            '[' => {
                i = check_class(&chars, i + 1, base, pattern.len())?;
                can_repeat = true;
                continue;
            }
            '*' | '+' | '?' | '{' => {
                let end = if c == '{' {
                    braced_quantifier(&chars, i, base)?
                } else {
                    Some(i + 1)
                };
                match end {
                    Some(_) if !can_repeat => {
                        return Err(error(
                            at(i),
                            format!("nothing to repeat before `{c}` in regular expression"),
                        ));
                    }
                    Some(end) => {
                        i = if ch(end) == Some('?') { end + 1 } else { end };
                        can_repeat = false;
                        continue;
                    }
                    None => can_repeat = true,
                }
            }
            _ => can_repeat = true,
        }
        i += 1;
    }
    match groups.pop() {
        Some(open) => Err(error(
            at(open),
            "unterminated group `(` in regular expression",
        )),
        None => Ok(()),
    }
}

/// If a `{n}`, `{n,}` or `{n,m}` quantifier starts at `start`, returns the index after it;
/// any other `{` is a plain character.
fn braced_quantifier(
    chars: &[(usize, char)],
    start: usize,
    base: usize,
) -> Result<Option<usize>, JsonataError> {
    let number = |mut i: usize| {
        let mut value: Option<u64> = None;
        while let Some(d) = chars.get(i).and_then(|&(_, c)| c.to_digit(10)) {
            value = Some(
                value
                    .unwrap_or(0)
                    .saturating_mul(10)
                    .saturating_add(u64::from(d)),
            );
            i += 1;
        }
        (value, i)
    };
    let (Some(low), mut i) = number(start + 1) else {
        return Ok(None);
    };
    let mut high = Some(low);
    if chars.get(i).map(|&(_, c)| c) == Some(',') {
        (high, i) = number(i + 1);
    }
    if chars.get(i).map(|&(_, c)| c) != Some('}') {
        return Ok(None);
    }
    if high.is_some_and(|h| h < low) {
        let offset = base + chars.get(start).map_or(0, |&(o, _)| o);
        return Err(error(
            offset,
            "numbers out of order in `{n,m}` quantifier of regular expression",
        ));
    }
    Ok(Some(i + 1))
}

/// Checks a character class whose content starts at `start`; returns the index after `]`.
fn check_class(
    chars: &[(usize, char)],
    start: usize,
    base: usize,
    len: usize,
) -> Result<usize, JsonataError> {
    let ch = |i: usize| chars.get(i).map(|&(_, c)| c);
    let mut i = start;
    if ch(i) == Some('^') {
        i += 1;
    }
    // The previous single character, when it can start a range.
    let mut prev: Option<char> = None;
    loop {
        match ch(i) {
            None => {
                return Err(error(
                    base + chars.get(start).map_or(len, |&(o, _)| o) - 1,
                    "unterminated character class `[` in regular expression",
                ))
            }
            Some(']') => return Ok(i + 1),
            Some('\\') => {
                prev = None;
                i += 2;
            }
            Some('-') if prev.is_some() && !matches!(ch(i + 1), None | Some(']' | '\\')) => {
                if let (Some(low), Some(high)) = (prev, ch(i + 1)) {
                    if high < low {
                        return Err(error(
                            base + chars.get(i).map_or(len, |&(o, _)| o),
                            format!("range `{low}-{high}` out of order in character class"),
                        ));
                    }
                }
                prev = None;
                i += 2;
            }
            Some(c) => {
                prev = Some(c);
                i += 1;
            }
        }
    }
}
