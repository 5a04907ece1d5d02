//! Syntax checking of JSONata expressions (`{% ... %}`), the second query language of Step
//! Functions, used by states whose `QueryLanguage` is `JSONata`.
//!
//! Step Functions evaluates a string as JSONata when the whole string is a template
//! `"{% <expression> %}"`. [`template`] and [`template_error`] recognise that surround,
//! [`parse`] checks the expression inside (syntax only, nothing is evaluated) and
//! [`free_variables`] lists the `$variables` it reads from outside, so that a caller can check
//! the uses of `$states` (`$states.input`, `$states.result`, `$states.errorOutput`,
//! `$states.context`) and of workflow variables. [`parse_template`] does all three steps
//! for one string value.
//!
//! ```
//! use sfn_core::path::jsonata;
//!
//! let ast = jsonata::parse_template("{% $sum($states.input.items.price) * $taxRate %}")
//!     .unwrap()
//!     .expect("a JSONata template");
//! let free = jsonata::free_variables(&ast);
//! assert_eq!(free, [("states".to_string(), 8), ("taxRate".to_string(), 37)]);
//!
//! let e = jsonata::parse_template("{% $states.input.total * %}").unwrap_err();
//! assert_eq!(e.offset, 25);
//! assert_eq!(e.message, "expected an expression after `*`, found end of expression");
//! ```
//!
//! The checker is a tokenizer and a Pratt (top-down operator precedence) parser. Binding
//! powers, from the JSONata operator table, strongest first:
//!
//! | power | operators |
//! | --- | --- |
//! | 80 | `[` (predicate), `(` (call), `@` (focus), `#` (index) |
//! | 75 | `.` (map / path step) |
//! | 70 | `{` (grouping), unary `-` |
//! | 60 | `*` `/` `%` |
//! | 50 | `+` `-` `&` |
//! | 40 | `=` `!=` `<` `<=` `>` `>=` `in` `~>` `^(` (order-by) `?:` `??` |
//! | 30 | `and` |
//! | 25 | `or` |
//! | 20 | `? :` (conditional; the `: else` part is optional) |
//! | 10 | `:=` (right associative) |
//!
//! All binary operators are left associative except `:=`. The range operator `..` is only
//! valid directly inside an array constructor. A `/` where an operand is expected starts a
//! regular expression literal `/.../flags`; after an operand it divides. Like JSONata, a `/`
//! right after an opening `(`, `[`, `{`, `|` or unary `-` is division (so `(/a/)` is an
//! error) and a `/` right after the closing `]` of `[]`, `)` of an order-by, `}` of a
//! function body or `|` of a transform starts a regular expression.
//!
//! Besides the grammar, [`parse`] reports what JSONata itself rejects when it compiles an
//! expression: literals used as path steps (`a.1`), a predicate after a grouping on a step
//! that is not a path (`$x{...}[0]`), two groupings on one step, `@$x` after a predicate or
//! an order-by, a `%` with no parent step to refer to (`$f(%)`), invalid regular
//! expressions (nothing to repeat, unbalanced groups, ranges out of order), and flags other
//! than `i` and `m`. Function signatures (`<n-n:n>`) are checked for their characters and
//! brackets, which is stricter than JSONata's compiler (it defers such errors to the call).
//! `?:` and `??` are JSONata 2.1 operators.

use std::collections::HashMap;
use std::fmt;

/// Deepest nesting of sub-expressions that [`parse`] accepts. Deeper input is reported as an
/// error instead of risking the stack.
///
/// ```
/// use sfn_core::path::jsonata::{parse, MAX_DEPTH};
///
/// let nested = |depth| format!("{}1{}", "(".repeat(depth), ")".repeat(depth));
/// assert!(parse(&nested(MAX_DEPTH + 1)).is_err());
/// assert!(parse("((1))").is_ok());
/// ```
pub const MAX_DEPTH: usize = 200;

/// A syntax error in a JSONata expression or in its `{% ... %}` surround.
///
/// `Display` writes the message.
///
/// ```
/// let e = sfn_core::path::jsonata::parse("$x +").unwrap_err();
/// assert_eq!(e.offset, 4);
/// assert_eq!(e.to_string(), "expected an expression after `+`, found end of expression");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonataError {
    /// Byte offset of the problem in the string that was checked (always a char boundary).
    pub offset: usize,
    /// What is wrong, in one sentence.
    pub message: String,
}

impl fmt::Display for JsonataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for JsonataError {}

fn error(offset: usize, message: impl Into<String>) -> JsonataError {
    JsonataError {
        offset,
        message: message.into(),
    }
}

// ---------------------------------------------------------------------------------------------
// Step Functions template surround
// ---------------------------------------------------------------------------------------------

const OPEN: &str = "{%";
const CLOSE: &str = "%}";

fn is_template_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// If `s` is a JSONata template as Step Functions defines it, returns the expression inside
/// and its byte offset in `s` (always 2).
///
/// A template is the whole string: it starts with `{%` and ends with `%}`, as in
/// `"{% $states.input.x %}"`. Returns `None` for every other string; [`template_error`] tells
/// a malformed template (such as `"{% $x"`) from a plain string.
///
/// ```
/// use sfn_core::path::jsonata::template;
///
/// assert_eq!(template("{% $states.input.order %}"), Some((" $states.input.order ", 2)));
/// assert_eq!(template("arn:aws:states:::sns:publish"), None);
/// assert_eq!(template("{% $states.input.order"), None);
/// ```
pub fn template(s: &str) -> Option<(&str, usize)> {
    if template_error(s).is_some() {
        return None;
    }
    let inner = s.strip_prefix(OPEN)?.strip_suffix(CLOSE)?;
    Some((inner, OPEN.len()))
}

/// Returns the error for a string that looks like a JSONata template but whose `{% ... %}`
/// surround is malformed, or `None` for a well-formed template and for a plain string.
///
/// Reported: `{%` without a closing `%}` at the very end (whitespace after `%}` included) and
/// an empty expression. The expression itself is checked by [`parse`].
///
/// ```
/// use sfn_core::path::jsonata::template_error;
///
/// let e = template_error("{% $states.input.order").unwrap();
/// assert_eq!(e.message, "expected `%}` at the end of the string to close `{%` at offset 0");
/// assert_eq!(template_error("{%  %}").unwrap().offset, 2);
/// assert!(template_error("{% $states.input.order %}").is_none());
/// assert!(template_error("plain text %}").is_none());
/// ```
pub fn template_error(s: &str) -> Option<JsonataError> {
    // Step Functions reads a string as JSONata when it starts with `{%` and ends with `%}`;
    // whitespace inside the markers is not required (`"{%$x%}"` is a template), and a string
    // that does not start with `{%` is a plain string whatever it ends with.
    if !s.starts_with(OPEN) {
        return None;
    }
    let closes = s.len() >= OPEN.len() + CLOSE.len() && s.ends_with(CLOSE);
    if closes {
        let inner = s.get(OPEN.len()..s.len() - CLOSE.len()).unwrap_or("");
        if inner.trim_matches(is_template_ws).is_empty() {
            return Some(error(
                OPEN.len(),
                "empty JSONata expression between `{%` and `%}`",
            ));
        }
        return None;
    }
    let trimmed = s.trim_end_matches(is_template_ws);
    if trimmed.len() >= OPEN.len() + CLOSE.len() && trimmed.ends_with(CLOSE) {
        Some(error(
            trimmed.len(),
            "unexpected whitespace after `%}`: a JSONata template must end with `%}`",
        ))
    } else {
        Some(error(
            s.len(),
            "expected `%}` at the end of the string to close `{%` at offset 0",
        ))
    }
}

/// Checks a whole Step Functions string value: `Ok(None)` for a plain string, `Ok(Some(ast))`
/// for a valid JSONata template, or the first error. Offsets in the error and in the
/// [`free_variables`] of the returned tree are byte offsets into `s`.
///
/// ```
/// use sfn_core::path::jsonata::{free_variables, parse_template};
///
/// let ast = parse_template("{% $states.input.total * 1.2 %}").unwrap().unwrap();
/// assert_eq!(free_variables(&ast), [("states".to_string(), 3)]);
/// assert!(parse_template("FARGATE").unwrap().is_none());
/// assert_eq!(parse_template("{% $states.input.total * %}").unwrap_err().offset, 25);
/// ```
pub fn parse_template(s: &str) -> Result<Option<Ast>, JsonataError> {
    if let Some(e) = template_error(s) {
        return Err(e);
    }
    let Some((inner, base)) = template(s) else {
        return Ok(None);
    };
    match parse(inner) {
        Ok(mut ast) => {
            ast.base = base;
            Ok(Some(ast))
        }
        Err(mut e) => {
            e.offset += base;
            Err(e)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tk {
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

/// Left binding power of a token in operator position; 0 ends an expression.
fn lbp(kind: Tk) -> u8 {
    match kind {
        Tk::LBracket | Tk::LParen | Tk::At | Tk::Hash => 80,
        Tk::Dot => 75,
        Tk::LBrace => 70,
        Tk::Star | Tk::Slash | Tk::Percent => 60,
        Tk::Plus | Tk::Minus | Tk::Amp => 50,
        Tk::Eq | Tk::Ne | Tk::Lt | Tk::Le | Tk::Gt | Tk::Ge | Tk::In | Tk::Chain | Tk::Caret => 40,
        Tk::And => 30,
        Tk::Or => 25,
        Tk::Question => 20,
        Tk::Assign => 10,
        _ => 0,
    }
}

fn symbol(kind: Tk) -> &'static str {
    match kind {
        Tk::RParen => ")",
        Tk::RBracket => "]",
        Tk::RBrace => "}",
        Tk::Comma => ",",
        Tk::Semi => ";",
        Tk::Pipe => "|",
        Tk::Colon => ":",
        _ => "?",
    }
}

#[derive(Debug, Clone, Copy)]
struct Token {
    kind: Tk,
    start: usize,
    end: usize,
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
struct Lexer<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn at(&self, i: usize) -> Option<u8> {
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
                            return Err(error(
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

    fn next(&mut self) -> Result<Token, JsonataError> {
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
            // Step Functions runs JSONata 2.0.6, which does not have the 2.1 operators.
            (b'?', Some(b'?' | b':')) => {
                let op = if self.at(start + 1) == Some(b'?') { "??" } else { "?:" };
                return Err(error(
                    start,
                    format!("`{op}` is a JSONata 2.1 operator; Step Functions runs JSONata 2.0.6: use `a ? a : b` or `$exists(a) ? a : b`"),
                ));
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
                return Err(error(
                    start,
                    "unexpected `!`: JSONata has no `!` operator; use `!=` for inequality or `$not(...)` for negation",
                ))
            }
            (b'~', _) => {
                return Err(error(
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
                None => return Err(error(start, "unterminated string literal")),
                Some(b) if Some(b) == quote => return self.finish(Tk::Str, start, i + 1),
                Some(b'\\') => match self.at(i + 1) {
                    Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 2,
                    Some(b'u') => {
                        let hex = self.src.as_bytes().get(i + 2..i + 6);
                        if !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
                            return Err(error(
                                i,
                                "invalid unicode escape: `\\u` must be followed by four hex digits",
                            ));
                        }
                        i += 6;
                    }
                    None => return Err(error(start, "unterminated string literal")),
                    Some(b'\'') => {
                        return Err(error(
                            i,
                            "invalid escape sequence `\\'`: JSONata strings only have the JSON escapes; put the string in double quotes or write `\\u0027`",
                        ))
                    }
                    Some(_) => {
                        return Err(error(
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
            None => Err(error(
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
            return Err(error(start, format!("number `{text}` is out of range")));
        }
        self.finish(Tk::Number, start, i)
    }

    /// A regular expression literal whose opening `/` is at `slash`. Like JSONata, a `/`
    /// inside brackets or parentheses does not end the literal.
    fn regex(&mut self, slash: usize) -> Result<Token, JsonataError> {
        let mut i = slash + 1;
        let mut depth: i64 = 0;
        loop {
            match self.at(i) {
                None => {
                    return Err(error(
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
            return Err(error(slash, "empty regular expression `//`"));
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
    fn signature(&self, start: usize) -> Result<usize, JsonataError> {
        let mut depth = 0usize;
        let mut in_choice = false;
        let mut prev = b'<';
        let mut i = start;
        loop {
            let Some(b) = self.at(i) else {
                return Err(error(start, "unterminated function signature: missing `>`"));
            };
            match b {
                b'<' => {
                    if i != start && !matches!(prev, b'a' | b'f') {
                        return Err(error(
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

// ---------------------------------------------------------------------------------------------
// Syntax tree
// ---------------------------------------------------------------------------------------------

type Id = usize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lit {
    Number,
    String,
    Bool,
    Null,
    Regex,
}

#[derive(Debug, Clone)]
enum Kind {
    Lit(Lit),
    Name(String),
    Var(String),
    Wildcard,
    Descendants,
    Parent,
    Placeholder,
    Neg(Id),
    Binary(Tk, Id, Id),
    Path(Id, Id),
    Bind(Id, Id),
    Condition(Id, Id, Option<Id>),
    Block(Vec<Id>),
    Array(Vec<Id>),
    Range(Id, Id),
    Object(Option<Id>, Vec<(Id, Id)>),
    Predicate(Id, Option<Id>),
    Call(Id, Vec<Id>),
    Lambda(Vec<Id>, Id),
    Sort(Id, Vec<Id>),
    Focus(Id, Id),
    Index(Id, Id),
    Transform(Id, Id, Option<Id>),
}

#[derive(Debug, Clone)]
struct Node {
    pos: usize,
    end: usize,
    kind: Kind,
}

/// A parsed JSONata expression. Nodes live in one vector and refer to each other by index,
/// so even very long operator chains are dropped and walked without recursion.
///
/// Read it through [`free_variables`], [`free_variable_uses`] and [`top_level_reference`].
///
/// ```
/// use sfn_core::path::jsonata::{free_variables, parse};
///
/// let ast = parse("$count($states.input.items)").unwrap();
/// assert_eq!(free_variables(&ast), [("states".to_string(), 7)]);
/// ```
#[derive(Debug, Clone)]
pub struct Ast {
    nodes: Vec<Node>,
    root: Id,
    /// Added to every reported offset (the template prefix for [`parse_template`]).
    base: usize,
}

// ---------------------------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------------------------

/// Parses one JSONata expression and returns its syntax tree, or the first syntax error with
/// its byte offset in `expr`.
///
/// ```
/// use sfn_core::path::jsonata::parse;
///
/// assert!(parse("$states.input.items[price > 100].{'id': id, 'total': price * qty}").is_ok());
/// assert!(parse("$uppercase($states.input.name) & '!'").is_ok());
///
/// let e = parse("$states.input.a.1").unwrap_err();
/// assert_eq!(e.offset, 16);
/// ```
pub fn parse(expr: &str) -> Result<Ast, JsonataError> {
    let mut lex = Lexer { src: expr, pos: 0 };
    let tok = lex.next()?;
    let mut p = Parser {
        lex,
        tok,
        prev: None,
        no_regex: false,
        regex_after_closer: false,
        nodes: Vec::new(),
        depth: 0,
    };
    let root = p.expr(0)?;
    if p.tok.kind != Tk::Eof {
        return Err(p.unexpected_after_expression());
    }
    check_parents(&p.nodes, root)?;
    Ok(Ast {
        nodes: p.nodes,
        root,
        base: 0,
    })
}

#[derive(Debug)]
struct Parser<'a> {
    lex: Lexer<'a>,
    tok: Token,
    prev: Option<Token>,
    /// Set right after an opening `(`, `[`, `{`, `-` or `|` in prefix position, where
    /// JSONata reads a `/` as division, so no regular expression can start there.
    no_regex: bool,
    /// Set right after the `]` of a keep-array `[]`, the `)` of an order-by, the `}` of a
    /// function body and the last `|` of a transform, where JSONata reads a `/` as the
    /// start of a regular expression, not as division.
    regex_after_closer: bool,
    nodes: Vec<Node>,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn text(&self, t: Token) -> &'a str {
        self.lex.src.get(t.start..t.end).unwrap_or("")
    }

    fn describe(&self, t: Token) -> String {
        if t.kind == Tk::Eof {
            return "end of expression".to_string();
        }
        let text = self.text(t);
        let mut shown: String = text.chars().take(24).collect();
        if shown.len() < text.len() {
            shown.push('…');
        }
        format!("`{shown}`")
    }

    fn advance(&mut self) -> Result<Token, JsonataError> {
        let t = self.tok;
        self.prev = Some(t);
        self.no_regex = false;
        self.regex_after_closer = false;
        self.tok = self.lex.next()?;
        Ok(t)
    }

    fn push(&mut self, pos: usize, kind: Kind) -> Id {
        let end = self.prev.map_or(pos, |p| p.end);
        self.nodes.push(Node { pos, end, kind });
        self.nodes.len() - 1
    }

    fn node(&self, id: Id) -> Option<&Node> {
        self.nodes.get(id)
    }

    fn pos(&self, id: Id) -> usize {
        self.node(id).map_or(0, |n| n.pos)
    }

    /// Whether `id` is a field name or a path, which JSONata groups as a whole, possibly
    /// with predicates on its last step.
    fn is_path(&self, mut id: Id) -> bool {
        loop {
            match self.node(id).map(|n| &n.kind) {
                Some(Kind::Name(_) | Kind::Path(..)) => return true,
                Some(Kind::Predicate(inner, _)) => id = *inner,
                _ => return false,
            }
        }
    }

    /// Whether the path that ends at `id` already has a grouping `{...}`.
    fn has_group(&self, mut id: Id) -> bool {
        loop {
            match self.node(id).map(|n| &n.kind) {
                Some(Kind::Object(Some(_), _)) => return true,
                Some(
                    Kind::Path(inner, _)
                    | Kind::Predicate(inner, _)
                    | Kind::Sort(inner, _)
                    | Kind::Focus(inner, _)
                    | Kind::Index(inner, _),
                ) => id = *inner,
                _ => return false,
            }
        }
    }

    fn is_var(&self, id: Id) -> bool {
        matches!(self.node(id).map(|n| &n.kind), Some(Kind::Var(_)))
    }

    /// Consumes the closing `want` of `open`, or reports what was found instead.
    fn close(&mut self, want: Tk, open: Token, sep: Option<Tk>) -> Result<(), JsonataError> {
        if self.tok.kind == want {
            self.advance()?;
            return Ok(());
        }
        let what = match sep {
            Some(s) if self.tok.kind != Tk::Eof => {
                format!("`{}` or `{}`", symbol(s), symbol(want))
            }
            _ => format!("`{}`", symbol(want)),
        };
        Err(self.expected(
            &format!("{what} to close `{}`", self.text(open)),
            Some(open.start),
        ))
    }

    /// "expected {what} [at offset {at}], found {current token}", at the current token.
    #[cold]
    #[inline(never)]
    fn expected(&self, what: &str, at: Option<usize>) -> JsonataError {
        let at = at.map_or(String::new(), |a| format!(" at offset {a}"));
        error(
            self.tok.start,
            format!("expected {what}{at}, found {}", self.describe(self.tok)),
        )
    }

    #[cold]
    #[inline(never)]
    fn slash_after_closer(&self) -> JsonataError {
        let closer = self.prev.map_or_else(String::new, |p| self.describe(p));
        error(
            self.tok.start,
            format!("JSONata reads a `/` right after this {closer} as the start of a regular expression; to divide, put the left operand in parentheses, as in `(a[]) / 2`"),
        )
    }

    #[cold]
    #[inline(never)]
    fn expected_expression(&self, t: Token) -> JsonataError {
        let found = self.describe(t);
        let message = match self.prev {
            None if t.kind == Tk::Eof => "empty expression".to_string(),
            None => format!("expected an expression, found {found}"),
            Some(p) => {
                let mut m = format!(
                    "expected an expression after {}, found {found}",
                    self.describe(p)
                );
                if p.end == t.start {
                    match (p.kind, t.kind) {
                        (Tk::Eq, Tk::Eq) => m.push_str(" (JSONata compares with a single `=`)"),
                        (Tk::Amp, Tk::Amp) => m.push_str(" (use `and` for a logical and)"),
                        _ => {}
                    }
                }
                m
            }
        };
        error(t.start, message)
    }

    #[cold]
    #[inline(never)]
    fn unexpected_after_expression(&self) -> JsonataError {
        let t = self.tok;
        let found = self.describe(t);
        let message = match t.kind {
            Tk::RParen | Tk::RBracket | Tk::RBrace => {
                format!("unmatched {found}: there is no opening bracket for it")
            }
            Tk::Semi => {
                "`;` may only separate expressions inside a block `( ...; ... )`".to_string()
            }
            Tk::DotDot => "the range operator `..` is only allowed inside an array constructor such as `[1..5]`".to_string(),
            Tk::Pipe if self.lex.at(t.end) == Some(b'|') => {
                "unexpected `||`: use `or` for a logical or".to_string()
            }
            _ => format!("expected an operator or the end of the expression, found {found}"),
        };
        error(t.start, message)
    }

    fn expr(&mut self, rbp: u8) -> Result<Id, JsonataError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.too_deep());
        }
        self.depth += 1;
        let result = self.expr_inner(rbp);
        self.depth -= 1;
        result
    }

    #[cold]
    #[inline(never)]
    fn too_deep(&self) -> JsonataError {
        error(
            self.tok.start,
            format!("expression is nested too deeply (more than {MAX_DEPTH} levels)"),
        )
    }

    fn expr_inner(&mut self, rbp: u8) -> Result<Id, JsonataError> {
        let mut left = self.nud()?;
        while rbp < lbp(self.tok.kind) {
            left = self.led(left)?;
        }
        Ok(left)
    }

    /// An expression that starts at the current token (prefix position).
    fn nud(&mut self) -> Result<Id, JsonataError> {
        match self.tok.kind {
            Tk::Minus => self.negation(),
            Tk::LParen => self.block(),
            Tk::LBracket => self.array(),
            Tk::LBrace => self.object(None),
            Tk::Pipe => self.transform(),
            _ => self.terminal(),
        }
    }

    /// Unary minus, which binds like grouping (70).
    fn negation(&mut self) -> Result<Id, JsonataError> {
        let minus = self.advance()?;
        self.no_regex = true;
        let operand = self.expr(70)?;
        Ok(self.push(minus.start, Kind::Neg(operand)))
    }

    /// A single-token operand: literal, name, variable, wildcard, parent, regex.
    fn terminal(&mut self) -> Result<Id, JsonataError> {
        let t = self.tok;
        let kind = match t.kind {
            Tk::Number => Kind::Lit(Lit::Number),
            Tk::Str => Kind::Lit(Lit::String),
            Tk::True | Tk::False => Kind::Lit(Lit::Bool),
            Tk::Null => Kind::Lit(Lit::Null),
            Tk::Name | Tk::And | Tk::Or | Tk::In => Kind::Name(self.text(t).to_string()),
            Tk::Quoted => Kind::Name(
                self.lex
                    .src
                    .get(t.start + 1..t.end - 1)
                    .unwrap_or("")
                    .to_string(),
            ),
            Tk::Var => Kind::Var(self.lex.src.get(t.start + 1..t.end).unwrap_or("").to_string()),
            Tk::Star => Kind::Wildcard,
            Tk::StarStar => Kind::Descendants,
            Tk::Percent => Kind::Parent,
            Tk::Slash if self.no_regex => {
                return Err(error(
                    t.start,
                    format!(
                        "a regular expression cannot start right after {}: JSONata reads this `/` as division",
                        self.prev.map_or_else(String::new, |p| self.describe(p))
                    ),
                ))
            }
            Tk::Slash => {
                self.tok = self.lex.regex(t.start)?;
                Kind::Lit(Lit::Regex)
            }
            Tk::Plus => {
                return Err(error(
                    t.start,
                    "`+` cannot be used as a unary operator; JSONata only has unary `-`",
                ))
            }
            _ => return Err(self.expected_expression(t)),
        };
        self.advance()?;
        Ok(self.push(t.start, kind))
    }

    /// Applies the operator at the current token to `left` (infix position). Each operator
    /// has its own function, so that a deep recursion only holds the frames it uses.
    fn led(&mut self, left: Id) -> Result<Id, JsonataError> {
        match self.tok.kind {
            Tk::Slash if self.regex_after_closer => Err(self.slash_after_closer()),
            Tk::Dot => self.led_path(left),
            Tk::LBracket => self.led_predicate(left),
            Tk::LBrace => self.led_group(left),
            Tk::LParen => self.call(left),
            Tk::At | Tk::Hash => self.led_focus(left),
            Tk::Question => self.led_condition(left),
            Tk::Assign => self.led_bind(left),
            Tk::Caret => self.led_sort(left),
            _ => self.led_binary(left),
        }
    }

    fn led_binary(&mut self, left: Id) -> Result<Id, JsonataError> {
        let op = self.advance()?;
        let rhs = self.expr(lbp(op.kind))?;
        Ok(self.push(self.pos(left), Kind::Binary(op.kind, left, rhs)))
    }

    fn led_path(&mut self, left: Id) -> Result<Id, JsonataError> {
        self.advance()?;
        let rhs = self.expr(lbp(Tk::Dot))?;
        self.check_step(left)?;
        self.check_step(rhs)?;
        Ok(self.push(self.pos(left), Kind::Path(left, rhs)))
    }

    fn led_predicate(&mut self, left: Id) -> Result<Id, JsonataError> {
        let open = self.advance()?;
        let filter = if self.tok.kind == Tk::RBracket {
            self.advance()?;
            self.regex_after_closer = true;
            None
        } else {
            let mut step = left;
            while let Some(Kind::Predicate(inner, None)) = self.node(step).map(|n| &n.kind) {
                step = *inner;
            }
            if let Some(Kind::Object(Some(grouped), _)) = self.node(step).map(|n| &n.kind) {
                if !self.is_path(*grouped) {
                    return Err(error(
                        open.start,
                        "a predicate `[...]` cannot follow a grouping expression `{...}` on the same step",
                    ));
                }
            }
            let filter = self.expr(0)?;
            self.close(Tk::RBracket, open, None)?;
            Some(filter)
        };
        Ok(self.push(self.pos(left), Kind::Predicate(left, filter)))
    }

    fn led_group(&mut self, left: Id) -> Result<Id, JsonataError> {
        if self.has_group(left) {
            return Err(error(
                self.tok.start,
                "a path step can only have one grouping expression `{...}`",
            ));
        }
        self.object(Some(left))
    }

    /// `step@$var` and `step#$var`.
    fn led_focus(&mut self, left: Id) -> Result<Id, JsonataError> {
        let op = self.advance()?;
        let var = self.expr(lbp(op.kind))?;
        let focus = op.kind == Tk::At;
        if !self.is_var(var) {
            return Err(error(
                self.pos(var),
                if focus {
                    "expected a variable such as `$x` after `@`"
                } else {
                    "expected a variable such as `$x` after `#`"
                },
            ));
        }
        if !focus {
            return Ok(self.push(self.pos(left), Kind::Index(left, var)));
        }
        match self.node(left).map(|n| &n.kind) {
            Some(Kind::Predicate(_, Some(_))) => Err(error(
                op.start,
                "a focus variable `@$x` must come before any predicate `[...]` on the same step",
            )),
            Some(Kind::Sort(..)) => Err(error(
                op.start,
                "a focus variable `@$x` must come before an order-by `^(...)`",
            )),
            _ => Ok(self.push(self.pos(left), Kind::Focus(left, var))),
        }
    }

    /// `cond ? then` and `cond ? then : else`.
    fn led_condition(&mut self, left: Id) -> Result<Id, JsonataError> {
        self.advance()?;
        let then = self.expr(0)?;
        let otherwise = if self.tok.kind == Tk::Colon {
            self.advance()?;
            Some(self.expr(0)?)
        } else {
            None
        };
        Ok(self.push(self.pos(left), Kind::Condition(left, then, otherwise)))
    }

    /// `$var := value`, right associative.
    fn led_bind(&mut self, left: Id) -> Result<Id, JsonataError> {
        if !self.is_var(left) {
            return Err(error(
                self.tok.start,
                "the left side of `:=` must be a variable such as `$x`",
            ));
        }
        self.advance()?;
        let value = self.expr(lbp(Tk::Assign) - 1)?;
        Ok(self.push(self.pos(left), Kind::Bind(left, value)))
    }

    /// `steps^(<a, >b)`.
    fn led_sort(&mut self, left: Id) -> Result<Id, JsonataError> {
        self.advance()?;
        if self.tok.kind != Tk::LParen {
            return Err(self.expected("`(` after `^` (order-by)", None));
        }
        let open = self.advance()?;
        let mut terms = Vec::new();
        while self.tok.kind != Tk::Eof {
            if matches!(self.tok.kind, Tk::Lt | Tk::Gt) {
                self.advance()?;
            }
            terms.push(self.expr(0)?);
            if self.tok.kind != Tk::Comma {
                break;
            }
            self.advance()?;
        }
        self.close(Tk::RParen, open, Some(Tk::Comma))?;
        self.regex_after_closer = true;
        Ok(self.push(self.pos(left), Kind::Sort(left, terms)))
    }

    /// Numbers, booleans and `null` cannot be steps of a path (`a.1`, `true.x`).
    fn check_step(&self, mut id: Id) -> Result<(), JsonataError> {
        while let Some(Kind::Predicate(inner, _) | Kind::Focus(inner, _) | Kind::Index(inner, _)) =
            self.node(id).map(|n| &n.kind)
        {
            id = *inner;
        }
        let literal = |id: Id| {
            matches!(
                self.node(id).map(|n| &n.kind),
                Some(Kind::Lit(Lit::Number | Lit::Bool | Lit::Null))
            )
        };
        // JSONata folds `-1` into a number literal.
        let negative_number = matches!(
            self.node(id).map(|n| &n.kind),
            Some(Kind::Neg(inner)) if matches!(self.node(*inner).map(|n| &n.kind), Some(Kind::Lit(Lit::Number)))
        );
        match self.node(id) {
            Some(n) if literal(id) || negative_number => Err(error(
                n.pos,
                format!(
                    "the literal `{}` cannot be used as a step in a path",
                    self.lex.src.get(n.pos..n.end).unwrap_or("")
                ),
            )),
            _ => Ok(()),
        }
    }

    /// `( e1; e2; ... )`: a trailing `;` and the empty block `()` are allowed.
    fn block(&mut self) -> Result<Id, JsonataError> {
        let open = self.advance()?;
        self.no_regex = true;
        let mut items = Vec::new();
        while !matches!(self.tok.kind, Tk::RParen | Tk::Eof) {
            items.push(self.expr(0)?);
            if self.tok.kind != Tk::Semi {
                break;
            }
            self.advance()?;
        }
        self.close(Tk::RParen, open, Some(Tk::Semi))?;
        Ok(self.push(open.start, Kind::Block(items)))
    }

    /// `[ a, b, c..d ]`.
    fn array(&mut self) -> Result<Id, JsonataError> {
        let open = self.advance()?;
        self.no_regex = true;
        let mut items = Vec::new();
        if self.tok.kind != Tk::RBracket {
            while self.tok.kind != Tk::Eof {
                let mut item = self.expr(0)?;
                if self.tok.kind == Tk::DotDot {
                    self.advance()?;
                    let high = self.expr(0)?;
                    let pos = self.pos(item);
                    item = self.push(pos, Kind::Range(item, high));
                }
                items.push(item);
                if self.tok.kind != Tk::Comma {
                    break;
                }
                self.advance()?;
            }
        }
        self.close(Tk::RBracket, open, Some(Tk::Comma))?;
        Ok(self.push(open.start, Kind::Array(items)))
    }

    /// `{ k: v, ... }`, on its own or grouping the path `lhs`.
    fn object(&mut self, lhs: Option<Id>) -> Result<Id, JsonataError> {
        let open = self.advance()?;
        self.no_regex = lhs.is_none();
        let mut pairs = Vec::new();
        if self.tok.kind != Tk::RBrace {
            while self.tok.kind != Tk::Eof {
                let key = self.expr(0)?;
                if self.tok.kind != Tk::Colon {
                    return Err(self.expected(
                        "`:` after the key in the object constructor `{`",
                        Some(open.start),
                    ));
                }
                self.advance()?;
                let value = self.expr(0)?;
                pairs.push((key, value));
                if self.tok.kind != Tk::Comma {
                    break;
                }
                self.advance()?;
            }
        }
        self.close(Tk::RBrace, open, Some(Tk::Comma))?;
        let pos = lhs.map_or(open.start, |l| self.pos(l));
        Ok(self.push(pos, Kind::Object(lhs, pairs)))
    }

    /// `| pattern | update [, delete] |`.
    fn transform(&mut self) -> Result<Id, JsonataError> {
        let open = self.advance()?;
        self.no_regex = true;
        let pattern = self.expr(0)?;
        if self.tok.kind != Tk::Pipe {
            return Err(self.expected(
                "`|` after the pattern of the transform `|`",
                Some(open.start),
            ));
        }
        self.advance()?;
        let update = self.expr(0)?;
        let delete = if self.tok.kind == Tk::Comma {
            self.advance()?;
            Some(self.expr(0)?)
        } else {
            None
        };
        if self.tok.kind != Tk::Pipe {
            return Err(self.expected("`|` to end the transform started by `|`", Some(open.start)));
        }
        self.advance()?;
        self.regex_after_closer = true;
        Ok(self.push(open.start, Kind::Transform(pattern, update, delete)))
    }

    /// A call `f(a, ?, b)`, or a function definition `function($a, $b)<sig>{ body }`.
    fn call(&mut self, callee: Id) -> Result<Id, JsonataError> {
        let open = self.advance()?;
        let mut args = Vec::new();
        if self.tok.kind != Tk::RParen {
            while self.tok.kind != Tk::Eof {
                let arg = if self.tok.kind == Tk::Question {
                    let q = self.advance()?;
                    self.push(q.start, Kind::Placeholder)
                } else {
                    self.expr(0)?
                };
                args.push(arg);
                if self.tok.kind != Tk::Comma {
                    break;
                }
                self.advance()?;
            }
        }
        self.close(Tk::RParen, open, Some(Tk::Comma))?;
        let is_definition = matches!(
            self.node(callee).map(|n| &n.kind),
            Some(Kind::Name(n)) if n == "function" || n == "λ"
        );
        if is_definition {
            self.definition(callee, args)
        } else {
            Ok(self.push(self.pos(callee), Kind::Call(callee, args)))
        }
    }

    /// The rest of `function($a, $b)<sig>{ body }` after the parameter list.
    fn definition(&mut self, callee: Id, args: Vec<Id>) -> Result<Id, JsonataError> {
        let cpos = self.pos(callee);
        if let Some(&bad) = args.iter().find(|&&a| !self.is_var(a)) {
            return Err(error(
                self.pos(bad),
                "function parameters must be variables such as `$x`",
            ));
        }
        if self.tok.kind == Tk::Lt {
            let end = self.lex.signature(self.tok.start)?;
            self.lex.pos = end;
            self.tok = self.lex.next()?;
        }
        if self.tok.kind != Tk::LBrace {
            return Err(self.expected("`{` to start the body of the function defined", Some(cpos)));
        }
        let body_open = self.advance()?;
        let body = self.expr(0)?;
        self.close(Tk::RBrace, body_open, None)?;
        self.regex_after_closer = true;
        Ok(self.push(cpos, Kind::Lambda(args, body)))
    }
}

// ---------------------------------------------------------------------------------------------
// The parent operator `%`
// ---------------------------------------------------------------------------------------------

const NO_PARENT: &str = "the parent operator `%` has nothing to refer to here: it needs an earlier field step in the same path, as in `Order.Product.%`";

/// A `%` still looking for its parent: how many field steps back, and where the `%` is.
type Slot = (u32, usize);

/// Checks that every `%` can find its parent among the path steps before it, as JSONata does
/// when it compiles an expression. Where JSONata's own rule is irregular (inside predicates,
/// grouping, order-by, `#`, `~>`, functions and transforms) nothing is reported.
fn check_parents(nodes: &[Node], root: Id) -> Result<(), JsonataError> {
    // Children are created before their parent, so one pass in index order sees every
    // child's open slots before the node that contains it.
    let mut open: Vec<Vec<Slot>> = vec![Vec::new(); nodes.len()];
    // Bounds the walks back along paths, so that thousands of `%` stay linear; past it the
    // remaining `%` are taken as resolved.
    let mut budget = nodes.len().saturating_mul(8).max(10_000);
    for (id, node) in nodes.iter().enumerate() {
        // Moves a child's open slots into `into`, keeping the larger vector.
        let mut take = |child: Id, into: &mut Vec<Slot>| {
            if let Some(slots) = open.get_mut(child) {
                if slots.len() > into.len() {
                    std::mem::swap(slots, into);
                }
                into.append(slots);
            }
        };
        let mut slots = Vec::new();
        match &node.kind {
            Kind::Parent => slots.push((1, node.pos)),
            Kind::Path(lhs, step) => {
                take(*lhs, &mut slots);
                let mut from_step = Vec::new();
                take(*step, &mut from_step);
                for (level, pos) in from_step {
                    match seek_parent(nodes, *lhs, level, &mut budget) {
                        Some(0) => {}
                        Some(rest) => slots.push((rest, pos)),
                        None => return Err(error(pos, NO_PARENT)),
                    }
                }
            }
            Kind::Neg(a)
            | Kind::Predicate(a, _)
            | Kind::Focus(a, _)
            | Kind::Sort(a, _)
            | Kind::Object(Some(a), _) => take(*a, &mut slots),
            Kind::Binary(op, a, b) if *op != Tk::Chain => {
                take(*a, &mut slots);
                take(*b, &mut slots);
            }
            Kind::Range(a, b) | Kind::Bind(a, b) => {
                take(*a, &mut slots);
                take(*b, &mut slots);
            }
            Kind::Condition(a, b, c) => {
                for child in [Some(*a), Some(*b), *c].into_iter().flatten() {
                    take(child, &mut slots);
                }
            }
            Kind::Block(items) | Kind::Array(items) => {
                for &item in items {
                    take(item, &mut slots);
                }
            }
            Kind::Object(None, pairs) => {
                for &(k, v) in pairs {
                    take(k, &mut slots);
                    take(v, &mut slots);
                }
            }
            Kind::Call(_, args) => {
                for &arg in args {
                    take(arg, &mut slots);
                }
            }
            _ => {}
        }
        if let Some(entry) = open.get_mut(id) {
            *entry = slots;
        }
    }
    match open
        .get(root)
        .and_then(|slots| slots.iter().map(|&(_, pos)| pos).min())
    {
        Some(pos) => Err(error(pos, NO_PARENT)),
        None => Ok(()),
    }
}

/// Walks the steps that end at `steps` backwards, each field step answering one level of a
/// `%` and each `%` step asking one more. Returns the levels still open after the first
/// step, or `None` when a step (a variable, a function call, `**`, an order-by...) has no
/// parent to give.
fn seek_parent(nodes: &[Node], steps: Id, mut level: u32, budget: &mut usize) -> Option<u32> {
    let mut queue = vec![steps];
    while level > 0 {
        if *budget == 0 {
            return Some(0);
        }
        *budget -= 1;
        let Some(mut id) = queue.pop() else { break };
        while let Some(
            Kind::Predicate(inner, _)
            | Kind::Focus(inner, _)
            | Kind::Index(inner, _)
            | Kind::Object(Some(inner), _),
        ) = nodes.get(id).map(|n| &n.kind)
        {
            id = *inner;
        }
        match nodes.get(id).map(|n| &n.kind) {
            Some(Kind::Path(lhs, step)) => {
                queue.push(*lhs);
                queue.push(*step);
            }
            Some(Kind::Name(_) | Kind::Wildcard | Kind::Lit(Lit::String)) => level -= 1,
            Some(Kind::Parent) => level = level.saturating_add(1),
            Some(Kind::Block(items)) => queue.extend(items.last()),
            _ => return None,
        }
    }
    Some(level)
}

// ---------------------------------------------------------------------------------------------
// Free variables
// ---------------------------------------------------------------------------------------------

/// JSONata's built-in functions and those Step Functions adds (`$partition`, `$range`,
/// `$hash`, `$random`, `$uuid`, `$parse`), without the `$`. `$eval` is left out: Step
/// Functions does not provide it, so it is reported like any unknown variable.
const BUILTIN_FUNCTIONS: &str = "\
    abs append assert average base64decode base64encode boolean ceil clone contains count \
    decodeUrl decodeUrlComponent distinct each encodeUrl encodeUrlComponent error exists \
    filter floor formatBase formatInteger formatNumber fromMillis hash join keys length lookup \
    lowercase map match max merge millis min not now number pad parse parseInteger partition \
    power random range reduce replace reverse round shuffle sift single sort split spread sqrt \
    string substring substringAfter substringBefore sum toMillis trim type uppercase uuid zip";

/// Whether `$name` (given without the `$`) is a function that JSONata or Step Functions
/// provides.
///
/// ```
/// use sfn_core::path::jsonata::is_builtin_function;
///
/// assert!(is_builtin_function("uppercase"));
/// assert!(is_builtin_function("partition"));
/// assert!(!is_builtin_function("states"));
/// ```
pub fn is_builtin_function(name: &str) -> bool {
    BUILTIN_FUNCTIONS.split_whitespace().any(|f| f == name)
}

/// One read of a `$variable` that nothing inside the expression binds.
///
/// ```
/// use sfn_core::path::jsonata::{free_variable_uses, parse, FreeVariable};
///
/// let ast = parse("$states.input.total + $shipping").unwrap();
/// assert_eq!(
///     free_variable_uses(&ast),
///     [
///         FreeVariable { name: "states".into(), offset: 0, field: Some(("input".into(), 8)) },
///         FreeVariable { name: "shipping".into(), offset: 22, field: None },
///     ],
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreeVariable {
    /// The name without the `$` (`states` for `$states`).
    pub name: String,
    /// Byte offset of the `$`.
    pub offset: usize,
    /// The field the path reads right after the variable, with its byte offset: `input` in
    /// `$states.input.x` or in `$states.input[0]`.
    pub field: Option<(String, usize)>,
}

/// Names and byte offsets of the `$variables` the expression reads from outside, in source
/// order, one entry per read.
///
/// A variable is bound, and so not listed, inside a function whose parameter it is, after a
/// `$x := ...` in the same or an enclosing block (anywhere in that block when the read is
/// inside a function body, which runs later), and after `@$x` or `#$x` in a path. `$` and
/// `$$` (the context and the root) and the built-in functions ([`is_builtin_function`]) are
/// not listed. See [`free_variable_uses`] for the field read after each variable.
///
/// ```
/// use sfn_core::path::jsonata::{free_variables, parse};
///
/// let ast = parse("($rate := 0.2; $states.input.total * (1 + $rate) + $fee)").unwrap();
/// assert_eq!(free_variables(&ast), [("states".to_string(), 15), ("fee".to_string(), 51)]);
/// ```
pub fn free_variables(ast: &Ast) -> Vec<(String, usize)> {
    free_variable_uses(ast)
        .into_iter()
        .map(|v| (v.name, v.offset))
        .collect()
}

#[derive(Debug)]
struct Scope {
    parent: Option<usize>,
    /// A function body: reads inside it happen when it is called, after the enclosing
    /// bindings.
    function: bool,
    /// Bound names, each with the earliest offset from which a binding is in effect.
    bound: HashMap<String, usize>,
}

impl Scope {
    fn new(parent: Option<usize>, function: bool) -> Scope {
        Scope {
            parent,
            function,
            bound: HashMap::new(),
        }
    }

    fn bind(&mut self, name: String, from: usize) {
        let entry = self.bound.entry(name).or_insert(from);
        *entry = (*entry).min(from);
    }
}

/// The input reference an expression starts with at its top level, if any: a field name
/// (`orderId` in `orderId.total`), `$` or `$$`, with its byte offset. Step Functions gives a
/// JSONata expression no input context, so such a reference is refused: the state's input is
/// `$states.input`.
///
/// ```
/// use sfn_core::path::jsonata::{parse, top_level_reference};
///
/// let ast = parse("orderId.total").unwrap();
/// assert_eq!(top_level_reference(&ast), Some(("orderId".to_string(), 0)));
/// let ast = parse("$states.input.orderId").unwrap();
/// assert_eq!(top_level_reference(&ast), None);
/// ```
pub fn top_level_reference(ast: &Ast) -> Option<(String, usize)> {
    let mut id = ast.root;
    // The leftmost step of a path, a predicate or a sort is what the expression starts from.
    loop {
        let node = ast.nodes.get(id)?;
        match &node.kind {
            Kind::Path(a, _)
            | Kind::Predicate(a, _)
            | Kind::Sort(a, _)
            | Kind::Focus(a, _)
            | Kind::Index(a, _) => id = *a,
            Kind::Name(name) => return Some((name.clone(), node.pos + ast.base)),
            Kind::Wildcard => return Some(("*".to_string(), node.pos + ast.base)),
            Kind::Descendants => return Some(("**".to_string(), node.pos + ast.base)),
            Kind::Var(name) if name.is_empty() => {
                return Some(("$".to_string(), node.pos + ast.base))
            }
            Kind::Var(name) if name == "$" => return Some(("$$".to_string(), node.pos + ast.base)),
            _ => return None,
        }
    }
}

/// The field chains an expression reads from `$states.input`, with the byte offset of each
/// `$states`: `a.b` in `$states.input.a.b` is `[("a", false), ("b", false)]`; a step followed
/// by a predicate (`items[0]`, `items[price > 1]`) is marked `true`, and the chain stops after
/// it. Reads of `$states.input` itself, or through anything but plain names, give the chain up
/// to there.
///
/// ```
/// use sfn_core::path::jsonata::{input_paths, parse};
///
/// let ast = parse("$states.input.order.id & $count($states.input.items[0].sku)").unwrap();
/// assert_eq!(
///     input_paths(&ast),
///     [
///         (vec![("order".to_string(), false), ("id".to_string(), false)], 0),
///         (vec![("items".to_string(), true)], 32),
///     ]
/// );
/// ```
pub fn input_paths(ast: &Ast) -> Vec<(Vec<(String, bool)>, usize)> {
    let nodes = &ast.nodes;
    // The Path node whose left side is each node: paths are left-associative.
    let mut parent: HashMap<Id, (Id, Id)> = HashMap::new();
    for (id, n) in nodes.iter().enumerate() {
        if let Kind::Path(a, b) = &n.kind {
            parent.insert(*a, (id, *b));
        }
    }
    let mut out = Vec::new();
    for (id, n) in nodes.iter().enumerate() {
        let Kind::Path(a, b) = &n.kind else { continue };
        let is_states =
            matches!(nodes.get(*a).map(|n| &n.kind), Some(Kind::Var(v)) if v == "states");
        let is_input =
            matches!(nodes.get(*b).map(|n| &n.kind), Some(Kind::Name(f)) if f == "input");
        if !(is_states && is_input) {
            continue;
        }
        let mut chain = Vec::new();
        let mut cur = id;
        while let Some(&(up, step)) = parent.get(&cur) {
            match nodes.get(step).map(|n| &n.kind) {
                Some(Kind::Name(f)) => chain.push((f.clone(), false)),
                Some(Kind::Predicate(inner, _)) => {
                    if let Some(Kind::Name(f)) = nodes.get(*inner).map(|n| &n.kind) {
                        chain.push((f.clone(), true));
                    }
                    break;
                }
                _ => break,
            }
            cur = up;
        }
        let offset = nodes.get(*a).map_or(0, |n| n.pos) + ast.base;
        out.push((chain, offset));
    }
    out.sort_by_key(|(_, offset)| *offset);
    out
}

/// Like [`free_variables`], with the field read right after each variable, so that a caller
/// can tell `$states.input` from `$states.result`.
///
/// ```
/// use sfn_core::path::jsonata::{free_variable_uses, parse};
///
/// let ast = parse("$states.result.Payload").unwrap();
/// let uses = free_variable_uses(&ast);
/// assert_eq!(uses[0].name, "states");
/// assert_eq!(uses[0].field, Some(("result".to_string(), 8)));
/// ```
pub fn free_variable_uses(ast: &Ast) -> Vec<FreeVariable> {
    let nodes = &ast.nodes;
    let name_of = |id: Id| match nodes.get(id).map(|n| &n.kind) {
        Some(Kind::Var(name)) => Some(name.clone()),
        _ => None,
    };
    let mut scopes = vec![Scope::new(None, false)];
    let mut reads: Vec<(Id, usize)> = Vec::new();
    let mut fields: HashMap<Id, (String, usize)> = HashMap::new();
    let mut stack = vec![(ast.root, 0usize)];
    while let Some((id, scope)) = stack.pop() {
        let Some(node) = nodes.get(id) else { continue };
        match &node.kind {
            Kind::Lit(_)
            | Kind::Name(_)
            | Kind::Wildcard
            | Kind::Descendants
            | Kind::Parent
            | Kind::Placeholder => {}
            Kind::Var(name) => {
                if !name.is_empty() && name != "$" && !is_builtin_function(name) {
                    reads.push((id, scope));
                }
            }
            Kind::Neg(a) => stack.push((*a, scope)),
            Kind::Binary(_, a, b) | Kind::Range(a, b) => {
                stack.push((*a, scope));
                stack.push((*b, scope));
            }
            Kind::Path(a, b) => {
                if matches!(nodes.get(*a).map(|n| &n.kind), Some(Kind::Var(_))) {
                    let mut step = *b;
                    while let Some(Kind::Predicate(inner, _)) = nodes.get(step).map(|n| &n.kind) {
                        step = *inner;
                    }
                    if let Some(Node {
                        pos,
                        kind: Kind::Name(field),
                        ..
                    }) = nodes.get(step)
                    {
                        fields.insert(*a, (field.clone(), pos + ast.base));
                    }
                }
                stack.push((*a, scope));
                stack.push((*b, scope));
            }
            Kind::Bind(var, value) => {
                if let (Some(name), Some(s)) = (name_of(*var), scopes.get_mut(scope)) {
                    s.bind(name, node.end);
                }
                stack.push((*value, scope));
            }
            Kind::Focus(lhs, var) | Kind::Index(lhs, var) => {
                let from = nodes.get(*var).map_or(node.end, |n| n.end);
                if let (Some(name), Some(s)) = (name_of(*var), scopes.get_mut(scope)) {
                    s.bind(name, from);
                }
                stack.push((*lhs, scope));
            }
            Kind::Condition(a, b, c) | Kind::Transform(a, b, c) => {
                stack.push((*a, scope));
                stack.push((*b, scope));
                if let Some(c) = c {
                    stack.push((*c, scope));
                }
            }
            Kind::Block(items) => {
                scopes.push(Scope::new(Some(scope), false));
                let inner = scopes.len() - 1;
                stack.extend(items.iter().map(|&i| (i, inner)));
            }
            Kind::Array(items) => stack.extend(items.iter().map(|&i| (i, scope))),
            Kind::Object(lhs, pairs) => {
                stack.extend(lhs.iter().map(|&i| (i, scope)));
                for &(k, v) in pairs {
                    stack.push((k, scope));
                    stack.push((v, scope));
                }
            }
            Kind::Predicate(lhs, filter) => {
                stack.push((*lhs, scope));
                stack.extend(filter.iter().map(|&i| (i, scope)));
            }
            Kind::Call(callee, args) | Kind::Sort(callee, args) => {
                stack.push((*callee, scope));
                stack.extend(args.iter().map(|&i| (i, scope)));
            }
            Kind::Lambda(params, body) => {
                let mut inner = Scope::new(Some(scope), true);
                for name in params.iter().filter_map(|&p| name_of(p)) {
                    inner.bind(name, 0);
                }
                scopes.push(inner);
                stack.push((*body, scopes.len() - 1));
            }
        }
    }

    let mut free = Vec::new();
    for (id, scope) in reads {
        let Some(Node {
            pos,
            kind: Kind::Var(name),
            ..
        }) = nodes.get(id)
        else {
            continue;
        };
        let mut current = Some(scope);
        let mut deferred = false;
        let mut bound = false;
        while let Some(s) = current.and_then(|i| scopes.get(i)) {
            if s.bound
                .get(name)
                .is_some_and(|&from| deferred || from <= *pos)
            {
                bound = true;
                break;
            }
            deferred |= s.function;
            current = s.parent;
        }
        if !bound {
            free.push(FreeVariable {
                name: name.clone(),
                offset: pos + ast.base,
                field: fields.remove(&id),
            });
        }
    }
    free.sort_by_key(|v| v.offset);
    free
}

#[cfg(test)]
mod tests;
