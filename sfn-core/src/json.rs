//! A JSON reader that keeps a byte span for every value, reports duplicate keys instead of
//! overwriting them, and refuses input nested deeper than [`MAX_DEPTH`] instead of
//! overflowing the stack.
//!
//! ```
//! use sfn_core::json;
//!
//! let src = r#"{"StartAt": "Run", "States": {"Run": {"Type": "Task", "Type": "Pass"}}}"#;
//! let parsed = json::parse(src);
//! let root = parsed.root.unwrap();
//! let run_type = json::lookup(&root, "/States/Run/Type");
//! assert_eq!(run_type.as_str(), Some("Task"));
//! assert_eq!(&src[run_type.span.start..run_type.span.end], r#""Task""#);
//! assert_eq!(parsed.errors[0].kind, json::JsonErrorKind::DuplicateKey);
//! assert_eq!(parsed.errors[0].pointer, "/States/Run/Type");
//! ```

use std::fmt;

/// The deepest nesting of arrays and objects the reader accepts.
pub const MAX_DEPTH: usize = 256;

/// A byte range in the source text.
///
/// ```
/// let src = r#"{"StartAt": "Done"}"#;
/// let root = sfn_core::json::parse(src).root.unwrap();
/// let span = root.get("StartAt").unwrap().span;
/// assert_eq!((span.start, span.end), (12, 18));
/// assert_eq!(&src[span.start..span.end], r#""Done""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// A JSON value with the span it was read from.
///
/// ```
/// use sfn_core::json::{self, Value};
///
/// let root = json::parse(r#"{"Seconds": 30}"#).root.unwrap();
/// let seconds = root.get("Seconds").unwrap();
/// assert!(matches!(&seconds.value, Value::Number(n) if n.as_i64() == Some(30)));
/// assert_eq!((seconds.span.start, seconds.span.end), (12, 14));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where it was read from.
    pub span: Span,
}

/// A JSON value. Objects keep their members in source order.
///
/// ```
/// use sfn_core::json::{self, Value};
///
/// let root = json::parse(r#"{"StartAt": "Done", "States": {}}"#).root.unwrap();
/// let Value::Object(members) = &root.value else { panic!() };
/// let keys: Vec<&str> = members.iter().map(|m| m.key.as_str()).collect();
/// assert_eq!(keys, ["StartAt", "States"]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number, as written.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Node>),
    /// An object, members in source order (duplicates removed, first one kept).
    Object(Vec<Member>),
}

/// One member of an object.
///
/// ```
/// let src = r#"{"StartAt": "Done"}"#;
/// let root = sfn_core::json::parse(src).root.unwrap();
/// let member = &root.as_object().unwrap()[0];
/// assert_eq!(member.key, "StartAt");
/// assert_eq!(&src[member.key_span.start..member.key_span.end], r#""StartAt""#);
/// assert_eq!(member.value.as_str(), Some("Done"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The key.
    pub key: String,
    /// Where the key was read from (quotes included).
    pub key_span: Span,
    /// The value.
    pub value: Node,
}

/// A JSON number, kept as written so that nothing is lost.
///
/// ```
/// use sfn_core::json::{self, Value};
///
/// let root = json::parse(r#"{"BackoffRate": 2.50}"#).root.unwrap();
/// let Value::Number(rate) = &root.get("BackoffRate").unwrap().value else { panic!() };
/// assert_eq!(rate.as_str(), "2.50");
/// assert_eq!(rate.as_f64(), 2.5);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Number(String);

impl Number {
    /// Builds a number from its JSON text. The text is not checked.
    ///
    /// ```
    /// let n = sfn_core::json::Number::from_text("1e3");
    /// assert_eq!(n.to_string(), "1e3");
    /// ```
    pub fn from_text(text: impl Into<String>) -> Self {
        Number(text.into())
    }
    /// The number as written.
    ///
    /// ```
    /// assert_eq!(sfn_core::json::Number::from_text("-0.50").as_str(), "-0.50");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The number as `f64` (may be infinite for huge exponents).
    ///
    /// ```
    /// use sfn_core::json::Number;
    ///
    /// assert_eq!(Number::from_text("1.5").as_f64(), 1.5);
    /// assert!(Number::from_text("1e400").as_f64().is_infinite());
    /// ```
    pub fn as_f64(&self) -> f64 {
        self.0.parse().unwrap_or(f64::NAN)
    }
    /// The number as `i64` when it is an integer in range. `1.0` and `1e2` count as integers.
    ///
    /// ```
    /// use sfn_core::json::Number;
    ///
    /// assert_eq!(Number::from_text("1e2").as_i64(), Some(100));
    /// assert_eq!(Number::from_text("1.0").as_i64(), Some(1));
    /// assert_eq!(Number::from_text("1.5").as_i64(), None);
    /// ```
    pub fn as_i64(&self) -> Option<i64> {
        if let Ok(i) = self.0.parse::<i64>() {
            return Some(i);
        }
        let f = self.as_f64();
        if f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e15 {
            Some(f as i64)
        } else {
            None
        }
    }
    /// Whether the number is written without fraction or exponent.
    ///
    /// ```
    /// use sfn_core::json::Number;
    ///
    /// assert!(Number::from_text("30").is_integer_literal());
    /// assert!(!Number::from_text("30.0").is_integer_literal());
    /// ```
    pub fn is_integer_literal(&self) -> bool {
        !self.0.contains(['.', 'e', 'E'])
    }
    /// The number as a `serde_json::Number`.
    ///
    /// ```
    /// use sfn_core::json::Number;
    ///
    /// assert_eq!(Number::from_text("86400").to_serde(), serde_json::Number::from(86400));
    /// assert_eq!(Number::from_text("0.5").to_serde().as_f64(), Some(0.5));
    /// ```
    pub fn to_serde(&self) -> serde_json::Number {
        if let Ok(i) = self.0.parse::<i64>() {
            return i.into();
        }
        if let Ok(u) = self.0.parse::<u64>() {
            return u.into();
        }
        serde_json::Number::from_f64(self.as_f64()).unwrap_or_else(|| 0.into())
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Node {
    /// Builds a node without a source position.
    ///
    /// ```
    /// use sfn_core::json::{Node, Span, Value};
    ///
    /// let node = Node::new(Value::String("arn:aws:states:::sns:publish".into()));
    /// assert_eq!(node.as_str(), Some("arn:aws:states:::sns:publish"));
    /// assert_eq!(node.span, Span::default());
    /// ```
    pub fn new(value: Value) -> Self {
        Node {
            value,
            span: Span::default(),
        }
    }
    /// The string, if this is one.
    ///
    /// ```
    /// let root = sfn_core::json::parse(r#"{"StartAt": "Done", "TimeoutSeconds": 60}"#)
    ///     .root
    ///     .unwrap();
    /// assert_eq!(root.get("StartAt").unwrap().as_str(), Some("Done"));
    /// assert_eq!(root.get("TimeoutSeconds").unwrap().as_str(), None);
    /// ```
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    /// The members, if this is an object.
    ///
    /// ```
    /// let root = sfn_core::json::parse(r#"{"States": {"A": {}, "B": {}}}"#).root.unwrap();
    /// let states = root.get("States").unwrap().as_object().unwrap();
    /// assert_eq!(states.len(), 2);
    /// assert_eq!(states[1].key, "B");
    /// ```
    pub fn as_object(&self) -> Option<&[Member]> {
        match &self.value {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }
    /// The elements, if this is an array.
    ///
    /// ```
    /// let src = r#"{"ErrorEquals": ["States.Timeout", "States.TaskFailed"]}"#;
    /// let root = sfn_core::json::parse(src).root.unwrap();
    /// let errors = root.get("ErrorEquals").unwrap().as_array().unwrap();
    /// assert_eq!(errors[1].as_str(), Some("States.TaskFailed"));
    /// ```
    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }
    /// The member `key`, if this is an object that has it.
    ///
    /// ```
    /// let root = sfn_core::json::parse(r#"{"Type": "Wait", "Seconds": 10}"#).root.unwrap();
    /// assert_eq!(root.get("Type").unwrap().as_str(), Some("Wait"));
    /// assert!(root.get("Next").is_none());
    /// ```
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_object()?
            .iter()
            .find(|m| m.key == key)
            .map(|m| &m.value)
    }
    /// A short name of the value's kind, for messages.
    ///
    /// ```
    /// let root = sfn_core::json::parse(r#"{"End": true, "Retry": []}"#).root.unwrap();
    /// assert_eq!(root.kind(), "an object");
    /// assert_eq!(root.get("End").unwrap().kind(), "a boolean");
    /// assert_eq!(root.get("Retry").unwrap().kind(), "an array");
    /// ```
    pub fn kind(&self) -> &'static str {
        match &self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
    /// Converts to a `serde_json::Value` (object member order is kept).
    ///
    /// ```
    /// let root = sfn_core::json::parse(r#"{"Type": "Wait", "Seconds": 10}"#).root.unwrap();
    /// assert_eq!(root.to_serde(), serde_json::json!({"Type": "Wait", "Seconds": 10}));
    /// ```
    pub fn to_serde(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => serde_json::Value::Number(n.to_serde()),
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::Array(a) => serde_json::Value::Array(a.iter().map(Node::to_serde).collect()),
            Value::Object(m) => serde_json::Value::Object(
                m.iter()
                    .map(|m| (m.key.clone(), m.value.to_serde()))
                    .collect(),
            ),
        }
    }
    /// Converts from a `serde_json::Value`, without positions.
    ///
    /// ```
    /// use sfn_core::json::Node;
    ///
    /// let node = Node::from_serde(&serde_json::json!({"StartAt": "Done"}));
    /// assert_eq!(node.get("StartAt").unwrap().as_str(), Some("Done"));
    /// assert_eq!(node.to_serde(), serde_json::json!({"StartAt": "Done"}));
    /// ```
    pub fn from_serde(v: &serde_json::Value) -> Node {
        Node::new(match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(Number(n.to_string())),
            serde_json::Value::String(s) => Value::String(s.clone()),
            serde_json::Value::Array(a) => Value::Array(a.iter().map(Node::from_serde).collect()),
            serde_json::Value::Object(o) => Value::Object(
                o.iter()
                    .map(|(k, v)| Member {
                        key: k.clone(),
                        key_span: Span::default(),
                        value: Node::from_serde(v),
                    })
                    .collect(),
            ),
        })
    }
}

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

/// Escapes one JSON Pointer reference token (`~` -> `~0`, `/` -> `~1`).
///
/// ```
/// use sfn_core::json::escape_pointer_token;
///
/// assert_eq!(escape_pointer_token("Build/Test"), "Build~1Test");
/// assert_eq!(escape_pointer_token("~draft"), "~0draft");
/// ```
pub fn escape_pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Reads back a token [`escape_pointer_token`] wrote.
///
/// ```
/// use sfn_core::json::unescape_pointer_token;
///
/// assert_eq!(unescape_pointer_token("Build~1Test"), "Build/Test");
/// assert_eq!(unescape_pointer_token("~0draft"), "~draft");
/// ```
pub fn unescape_pointer_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The JSON Pointer of the member `key` of the value at `base`.
///
/// ```
/// use sfn_core::json::child_pointer;
///
/// assert_eq!(child_pointer("/States", "Build/Test"), "/States/Build~1Test");
/// ```
pub fn child_pointer(base: &str, key: &str) -> String {
    format!("{base}/{}", escape_pointer_token(key))
}

/// Finds the node at a JSON Pointer, or the deepest node on the way to it.
///
/// ```
/// use sfn_core::json::{self, lookup};
///
/// let root = json::parse(
///     r#"{"States": {"Build/Test": {"Type": "Task", "Retry": [{"MaxAttempts": 3}]}}}"#,
/// )
/// .root
/// .unwrap();
/// let attempts = lookup(&root, "/States/Build~1Test/Retry/0/MaxAttempts");
/// assert_eq!(attempts.to_serde(), 3);
/// // No `Next`: the deepest node found is the state.
/// assert_eq!(lookup(&root, "/States/Build~1Test/Next").kind(), "an object");
/// ```
pub fn lookup<'a>(root: &'a Node, pointer: &str) -> &'a Node {
    let mut node = root;
    if pointer.is_empty() {
        return node;
    }
    for raw in pointer.split('/').skip(1) {
        let token = unescape_pointer_token(raw);
        let next = match &node.value {
            Value::Object(m) => m.iter().find(|m| m.key == token).map(|m| &m.value),
            Value::Array(a) => token.parse::<usize>().ok().and_then(|i| a.get(i)),
            _ => None,
        };
        match next {
            Some(n) => node = n,
            None => break,
        }
    }
    node
}

/// The node at a JSON Pointer, to change it; `None` when the pointer names no node.
///
/// ```
/// use sfn_core::json::{lookup_mut, parse, Node, Value};
///
/// let mut root = parse(r#"{"States": {"A": {"Type": "Pass"}}}"#).root.unwrap();
/// *lookup_mut(&mut root, "/States/A/Type").unwrap() = Node::new(Value::String("Succeed".into()));
/// assert_eq!(root.get("States").and_then(|s| s.get("A")).and_then(|a| a.get("Type")).and_then(Node::as_str), Some("Succeed"));
/// assert!(lookup_mut(&mut root, "/States/B").is_none());
/// ```
pub fn lookup_mut<'a>(root: &'a mut Node, pointer: &str) -> Option<&'a mut Node> {
    let mut node = root;
    for raw in pointer.split('/').skip(1) {
        let token = unescape_pointer_token(raw);
        node = match &mut node.value {
            Value::Object(members) => &mut members.iter_mut().find(|m| m.key == token)?.value,
            Value::Array(items) => items.get_mut(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// Finds the span of the key of the member at a JSON Pointer, when the pointer names an
/// object member.
///
/// ```
/// use sfn_core::json::{self, lookup_key};
///
/// let src = r#"{"StartAt": "Done", "Comment": "greets"}"#;
/// let root = json::parse(src).root.unwrap();
/// let span = lookup_key(&root, "/Comment").unwrap();
/// assert_eq!(&src[span.start..span.end], r#""Comment""#);
/// assert!(lookup_key(&root, "").is_none());
/// ```
pub fn lookup_key(root: &Node, pointer: &str) -> Option<Span> {
    let (parent, last) = pointer.rsplit_once('/')?;
    let token = unescape_pointer_token(last);
    let parent = lookup(root, parent);
    parent
        .as_object()?
        .iter()
        .find(|m| m.key == token)
        .map(|m| m.key_span)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_values_with_spans() {
        let src = r#"{"a": [1, -2.5e3, true, null], "b": "x\u00e9\ud83d\ude00"}"#;
        let p = parse(src);
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        let root = p.root.unwrap();
        let a = root.get("a").unwrap();
        assert_eq!(&src[a.span.start..a.span.end], "[1, -2.5e3, true, null]");
        assert_eq!(root.get("b").unwrap().as_str(), Some("xé😀"));
        assert_eq!(lookup(&root, "/a/1").as_str(), None);
        assert_eq!(lookup(&root, "/a/1").to_serde(), serde_json::json!(-2500.0));
    }

    #[test]
    fn duplicate_keys_are_reported_and_reading_goes_on() {
        let p = parse(r#"{"a": 1, "b": {"c": 1, "c": 2}, "a": 3}"#);
        assert!(p.root.is_some());
        let dups: Vec<_> = p.errors.iter().map(|e| e.pointer.as_str()).collect();
        assert_eq!(dups, ["/b/c", "/a"]);
        assert!(p
            .errors
            .iter()
            .all(|e| e.kind == JsonErrorKind::DuplicateKey));
    }

    #[test]
    fn syntax_errors() {
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "01",
            "1.",
            "\"abc",
            "{\"a\":1}x",
            "nul",
            "\"\\x\"",
            "\"\\ud800\"",
            "[\"\u{1}\"]",
            "{,}",
            "-",
        ] {
            let p = parse(bad);
            assert!(p.root.is_none(), "{bad:?} was read");
            assert_eq!(p.errors.len(), 1);
            assert_eq!(p.errors[0].kind, JsonErrorKind::Syntax);
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let src = "[".repeat(100_000);
        let p = parse(&src);
        assert_eq!(p.errors[0].kind, JsonErrorKind::TooDeep);
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).errors.is_empty());
    }

    #[test]
    fn positions() {
        let src = "{\n  \"é\": 1,\n  \"b\": x}";
        let p = parse(src);
        let (l, c) = line_col(src, p.errors[0].offset);
        assert_eq!((l, c), (3, 8));
        assert_eq!(escape_pointer_token("a/b~c"), "a~1b~0c");
    }
}
