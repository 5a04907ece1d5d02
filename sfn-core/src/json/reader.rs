//! The reader: JSON text to a [`Node`] tree with a span for every value, every duplicate key
//! reported (the first member is kept), and nesting deeper than [`MAX_DEPTH`] refused instead
//! of overflowing the stack.

use super::pointer::escape_pointer_token;
use super::{Member, Node, Number, Span, Value};

/// The deepest nesting of arrays and objects the reader accepts.
pub const MAX_DEPTH: usize = 256;

/// Why a text could not be read, or a duplicate key.
///
/// ```
/// use sfn_core::json::{self, JsonErrorKind};
///
/// let parsed = json::parse(r#"{"States": [1, 2,]}"#);
/// assert!(parsed.root.is_none());
/// let error = &parsed.errors[0];
/// assert_eq!(error.kind, JsonErrorKind::Syntax);
/// assert_eq!((error.offset, error.pointer.as_str()), (17, "/States/2"));
/// assert_eq!(error.message, "expected a value, found `]`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// What went wrong.
    pub kind: JsonErrorKind,
    /// Byte offset of the problem.
    pub offset: usize,
    /// JSON Pointer of the value being read when it happened.
    pub pointer: String,
    /// A readable message.
    pub message: String,
}

/// Kinds of [`JsonError`].
///
/// ```
/// use sfn_core::json::{self, JsonErrorKind};
///
/// let too_deep = json::parse(&"[".repeat(json::MAX_DEPTH + 1));
/// assert_eq!(too_deep.errors[0].kind, JsonErrorKind::TooDeep);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonErrorKind {
    /// Not JSON.
    Syntax,
    /// Nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// An object has the same key twice; the first one is kept.
    DuplicateKey,
}

/// The result of reading a text: the value (when the text is JSON) and every problem found.
///
/// ```
/// let parsed = sfn_core::json::parse(r#"{"Next": "A", "Next": "B"}"#);
/// // A duplicate key is reported, and the first member is kept.
/// assert_eq!(parsed.errors.len(), 1);
/// assert_eq!(parsed.root.unwrap().get("Next").unwrap().as_str(), Some("A"));
/// ```
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The value, `None` when the text is not JSON.
    pub root: Option<Node>,
    /// Syntax, depth and duplicate-key problems.
    pub errors: Vec<JsonError>,
}

/// Reads a JSON text. Never panics; a syntax error stops reading, duplicate keys do not.
///
/// ```
/// let src = r#"{"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}"#;
/// let parsed = sfn_core::json::parse(src);
/// assert!(parsed.errors.is_empty());
/// let root = parsed.root.unwrap();
/// assert_eq!(root.get("StartAt").unwrap().as_str(), Some("Done"));
///
/// assert!(sfn_core::json::parse("{\"StartAt\": ").root.is_none());
/// ```
pub fn parse(src: &str) -> Parsed {
    let mut p = Parser {
        src: src.as_bytes(),
        text: src,
        pos: 0,
        errors: Vec::new(),
        pointer: Vec::new(),
    };
    let root = match p.document() {
        Ok(node) => Some(node),
        Err(e) => {
            p.errors.push(e);
            None
        }
    };
    Parsed {
        root,
        errors: p.errors,
    }
}

/// 1-based line and column (in characters) of a byte offset.
///
/// ```
/// let src = "{\n  \"StartAt\": \"Done\"\n}";
/// let offset = src.find("Done").unwrap();
/// assert_eq!(sfn_core::json::line_col(src, offset), (2, 15));
/// ```
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(src.len());
    while !src.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &src[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// Where the byte `offset` of a string value lies in the text it was read from: `span` is the
/// value's span (the quoted literal in `src`), and escapes such as `\"` or `\u00e9` are
/// counted as written. `None` when `span` is not a string literal of `src`.
///
/// ```
/// use sfn_core::json;
///
/// let src = r#"{"Path": "$[\"a b\"].c"}"#;
/// let node = json::parse(src).root.unwrap().get("Path").cloned().unwrap();
/// assert_eq!(node.as_str(), Some(r#"$["a b"].c"#));
/// // Byte 9 of the value is the `c`; in the text, the escapes come before it.
/// let at = json::string_source_offset(src, node.span, 9).unwrap();
/// assert_eq!(&src[at..at + 1], "c");
/// ```
pub fn string_source_offset(src: &str, span: Span, offset: usize) -> Option<usize> {
    let raw = src
        .get(span.start..span.end)?
        .strip_prefix('"')?
        .strip_suffix('"')?;
    let mut decoded = 0;
    let mut i = 0;
    while decoded < offset {
        let Some(rest) = raw.get(i..).filter(|r| !r.is_empty()) else {
            break;
        };
        let (raw_len, decoded_len) = match rest.strip_prefix('\\') {
            Some(escape) if escape.starts_with('u') => {
                let unit = escape
                    .get(1..5)
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .unwrap_or(0);
                if (0xD800..0xDC00).contains(&unit) && escape.get(5..7) == Some("\\u") {
                    (12, 4)
                } else {
                    (6, char::from_u32(unit).map_or(3, char::len_utf8))
                }
            }
            Some(_) => (2, 1),
            None => {
                let len = rest.chars().next().map_or(1, char::len_utf8);
                (len, len)
            }
        };
        i += raw_len;
        decoded += decoded_len;
    }
    Some(span.start + 1 + i.min(raw.len()))
}

struct Parser<'a> {
    src: &'a [u8],
    text: &'a str,
    pos: usize,
    errors: Vec<JsonError>,
    pointer: Vec<String>,
}

type PResult<T> = Result<T, JsonError>;

impl Parser<'_> {
    fn pointer(&self) -> String {
        let mut s = String::new();
        for t in &self.pointer {
            s.push('/');
            s.push_str(&escape_pointer_token(t));
        }
        s
    }

    fn error(&self, kind: JsonErrorKind, offset: usize, message: impl Into<String>) -> JsonError {
        JsonError {
            kind,
            offset,
            pointer: self.pointer(),
            message: message.into(),
        }
    }

    fn syntax(&self, message: impl Into<String>) -> JsonError {
        self.error(JsonErrorKind::Syntax, self.pos, message)
    }

    fn document(&mut self) -> PResult<Node> {
        // A byte order mark is tolerated, as most JSON tools do.
        if self.text.starts_with('\u{feff}') {
            self.pos = 3;
        }
        self.skip_ws();
        let node = self.value(0)?;
        self.skip_ws();
        if self.pos < self.src.len() {
            return Err(self.syntax(format!(
                "unexpected {} after the end of the JSON value",
                self.describe_here()
            )));
        }
        Ok(node)
    }

    fn describe_here(&self) -> String {
        match self.text.get(self.pos..).and_then(|s| s.chars().next()) {
            Some(c) if c.is_control() => format!("character U+{:04X}", c as u32),
            Some(c) => format!("`{c}`"),
            None => "end of input".to_string(),
        }
    }

    fn skip_ws(&mut self) {
        while let Some(&b) = self.src.get(self.pos) {
            if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn value(&mut self, depth: usize) -> PResult<Node> {
        let start = self.pos;
        let value = match self.src.get(self.pos) {
            None => return Err(self.syntax("unexpected end of input, expected a value")),
            Some(b'{') => {
                self.enter(depth)?;
                self.object(depth + 1)?
            }
            Some(b'[') => {
                self.enter(depth)?;
                self.array(depth + 1)?
            }
            Some(b'"') => Value::String(self.string()?),
            Some(b't') => self.literal("true", Value::Bool(true))?,
            Some(b'f') => self.literal("false", Value::Bool(false))?,
            Some(b'n') => self.literal("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => Value::Number(self.number()?),
            Some(b'$') if self.src.get(self.pos + 1) == Some(&b'{') => self.placeholder()?,
            Some(_) => {
                return Err(self.syntax(format!("expected a value, found {}", self.describe_here())))
            }
        };
        Ok(Node {
            value,
            span: Span {
                start,
                end: self.pos,
            },
        })
    }

    /// An unquoted `${Name}` in a value position (SAM and CloudFormation templates).
    fn placeholder(&mut self) -> PResult<Value> {
        let start = self.pos;
        let rest = &self.text[start..];
        let end = rest
            .find(|c: char| c == '}' || c == '"' || c.is_whitespace() || c == ',')
            .filter(|&i| rest.as_bytes()[i] == b'}');
        let name = end.and_then(|i| crate::asl::placeholder_at(&rest[..=i]));
        match name {
            Some(name) => {
                let name = name.to_string();
                self.pos = start + name.len() + 3;
                Ok(Value::Placeholder(name))
            }
            None => Err(self.syntax(
                "expected a value; `${` starts a placeholder only as `${Name}`, with a name and a closing `}`",
            )),
        }
    }

    fn enter(&self, depth: usize) -> PResult<()> {
        if depth >= MAX_DEPTH {
            Err(self.error(
                JsonErrorKind::TooDeep,
                self.pos,
                format!("the JSON is nested more than {MAX_DEPTH} levels deep"),
            ))
        } else {
            Ok(())
        }
    }

    fn literal(&mut self, word: &str, value: Value) -> PResult<Value> {
        if self.src[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.syntax(format!("expected a value, found {}", self.describe_here())))
        }
    }

    fn number(&mut self) -> PResult<Number> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let s = p.pos;
            while matches!(p.src.get(p.pos), Some(b'0'..=b'9')) {
                p.pos += 1;
            }
            p.pos - s
        };
        if self.src.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        let n = digits(self);
        if n == 0 {
            return Err(self.syntax("expected a digit"));
        }
        if n > 1 && self.src[int_start] == b'0' {
            return Err(self.error(
                JsonErrorKind::Syntax,
                int_start,
                "numbers cannot have leading zeros",
            ));
        }
        if self.src.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if digits(self) == 0 {
                return Err(self.syntax("expected a digit after the decimal point"));
            }
        }
        if matches!(self.src.get(self.pos), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.src.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return Err(self.syntax("expected a digit in the exponent"));
            }
        }
        Ok(Number(self.text[start..self.pos].to_string()))
    }

    fn string(&mut self) -> PResult<String> {
        let open = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let run = self.pos;
            while let Some(&b) = self.src.get(self.pos) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(&self.text[run..self.pos]);
            match self.src.get(self.pos) {
                None => return Err(self.error(JsonErrorKind::Syntax, open, "unterminated string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let c = match self.src.get(self.pos) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 1;
                            let hi = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&hi) {
                                if self.src[self.pos..].starts_with(b"\\u") {
                                    self.pos += 2;
                                    let lo = self.hex4()?;
                                    if !(0xDC00..0xE000).contains(&lo) {
                                        return Err(self.syntax("invalid low surrogate"));
                                    }
                                    char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                                } else {
                                    None
                                }
                            } else {
                                char::from_u32(hi)
                            };
                            match c {
                                Some(c) => {
                                    out.push(c);
                                    continue;
                                }
                                None => return Err(self.syntax("lone surrogate in \\u escape")),
                            }
                        }
                        _ => return Err(self.syntax("invalid escape in string")),
                    };
                    self.pos += 1;
                    out.push(c);
                }
                Some(_) => return Err(self.syntax("control characters must be escaped in strings")),
            }
        }
    }

    fn hex4(&mut self) -> PResult<u32> {
        let digits = self
            .text
            .get(self.pos..self.pos + 4)
            .filter(|s| s.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.syntax("expected four hex digits in \\u escape"))?;
        let v = u32::from_str_radix(digits, 16).map_err(|_| self.syntax("bad \\u escape"))?;
        self.pos += 4;
        Ok(v)
    }

    fn array(&mut self, depth: usize) -> PResult<Value> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.src.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_ws();
            self.pointer.push(items.len().to_string());
            let item = self.value(depth);
            self.pointer.pop();
            items.push(item?);
            self.skip_ws();
            match self.src.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                _ => {
                    return Err(self.syntax(format!(
                        "expected `,` or `]`, found {}",
                        self.describe_here()
                    )))
                }
            }
        }
    }

    fn object(&mut self, depth: usize) -> PResult<Value> {
        self.pos += 1;
        let mut members: Vec<Member> = Vec::new();
        self.skip_ws();
        if self.src.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_ws();
            if self.src.get(self.pos) != Some(&b'"') {
                return Err(self.syntax(format!(
                    "expected a string key, found {}",
                    self.describe_here()
                )));
            }
            let key_start = self.pos;
            let key = self.string()?;
            let key_span = Span {
                start: key_start,
                end: self.pos,
            };
            self.skip_ws();
            if self.src.get(self.pos) != Some(&b':') {
                return Err(self.syntax(format!(
                    "expected `:` after the key, found {}",
                    self.describe_here()
                )));
            }
            self.pos += 1;
            self.skip_ws();
            self.pointer.push(key.clone());
            let value = self.value(depth);
            let duplicate = members.iter().any(|m| m.key == key);
            if duplicate {
                let e = self.error(
                    JsonErrorKind::DuplicateKey,
                    key_start,
                    format!("duplicate key `{key}`: a JSON object may name a field only once"),
                );
                self.errors.push(e);
            }
            self.pointer.pop();
            let value = value?;
            if !duplicate {
                members.push(Member {
                    key,
                    key_span,
                    value,
                });
            }
            self.skip_ws();
            match self.src.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(members));
                }
                _ => {
                    return Err(self.syntax(format!(
                        "expected `,` or `}}`, found {}",
                        self.describe_here()
                    )))
                }
            }
        }
    }
}
