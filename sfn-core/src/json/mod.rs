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
//!
//! [`Node`], [`Value`], [`Member`] and [`Number`] are the tree; the reader ([`parse`]) builds
//! it from text; JSON Pointers ([`lookup`], [`lookup_key`], [`child_pointer`], ...) name its
//! values, as every diagnostic's location does.

use std::fmt;

mod pointer;
mod reader;

#[cfg(test)]
mod tests;

pub use pointer::{
    child_pointer, escape_pointer_token, lookup, lookup_key, lookup_mut, unescape_pointer_token,
};
pub use reader::{
    line_col, parse, string_source_offset, JsonError, JsonErrorKind, Parsed, MAX_DEPTH,
};

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
    /// An unquoted `${Name}` where a value goes (the name here): a template placeholder that
    /// SAM's `DefinitionSubstitutions` or CloudFormation's `Fn::Sub` replaces before Step
    /// Functions reads the definition (`"TimeoutSeconds": ${Timeout}`). It stands for a
    /// value of whatever type the field takes.
    Placeholder(String),
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
            Value::Placeholder(_) => "a `${...}` placeholder",
        }
    }
    /// Whether this is an unquoted `${Name}` placeholder ([`Value::Placeholder`]).
    ///
    /// ```
    /// let root = sfn_core::json::parse(r#"{"TimeoutSeconds": ${Timeout}}"#).root.unwrap();
    /// assert!(root.get("TimeoutSeconds").unwrap().is_placeholder());
    /// ```
    pub fn is_placeholder(&self) -> bool {
        matches!(self.value, Value::Placeholder(_))
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
            Value::Placeholder(name) => serde_json::Value::String(format!("${{{name}}}")),
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

/// The JSON Pointer and name of the first unquoted `${Name}` placeholder in a tree, in
/// document order.
///
/// ```
/// let root = sfn_core::json::parse(r#"{"States": {"W": {"Seconds": ${Delay}}}}"#).root.unwrap();
/// assert_eq!(
///     sfn_core::json::first_placeholder(&root),
///     Some(("/States/W/Seconds".to_string(), "Delay".to_string()))
/// );
/// ```
pub fn first_placeholder(root: &Node) -> Option<(String, String)> {
    let mut stack = vec![(root, String::new())];
    while let Some((node, at)) = stack.pop() {
        match &node.value {
            Value::Placeholder(name) => return Some((at, name.clone())),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push((item, format!("{at}/{i}")));
                }
            }
            Value::Object(members) => {
                for m in members.iter().rev() {
                    stack.push((&m.value, child_pointer(&at, &m.key)));
                }
            }
            _ => {}
        }
    }
    None
}

/// Compact JSON text of a tree, with its unquoted `${Name}` placeholders written back
/// unquoted: the text of a template (SAM's `DefinitionUri`), which is JSON once the
/// placeholders are substituted. Without placeholders it is plain compact JSON.
///
/// ```
/// let root = sfn_core::json::parse(r#"{"Seconds": ${Delay}, "Comment": "a ${B}"}"#).root.unwrap();
/// assert_eq!(
///     sfn_core::json::template_text(&root),
///     r#"{"Seconds":${Delay},"Comment":"a ${B}"}"#
/// );
/// ```
pub fn template_text(root: &Node) -> String {
    fn write(node: &Node, out: &mut String) {
        match &node.value {
            Value::Placeholder(name) => {
                out.push_str("${");
                out.push_str(name);
                out.push('}');
            }
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(item, out);
                }
                out.push(']');
            }
            Value::Object(members) => {
                out.push('{');
                for (i, m) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::Value::String(m.key.clone()).to_string());
                    out.push(':');
                    write(&m.value, out);
                }
                out.push('}');
            }
            _ => out.push_str(&node.to_serde().to_string()),
        }
    }
    let mut out = String::new();
    write(root, &mut out);
    out
}
