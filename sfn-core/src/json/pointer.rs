//! JSON Pointers (RFC 6901): the locations of diagnostics, and the way to a value in a
//! [`Node`] tree.

use super::{Node, Span, Value};

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
