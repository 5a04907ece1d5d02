//! Where a state goes next.

use crate::json::{child_pointer, Node, Value};

/// The transitions out of a state: `(JSON Pointer of the field, target name)`, for `Next`,
/// `Default`, and the `Next` of every Choice rule and catcher. `at` is the state's pointer.
///
/// ```
/// let state = sfn_core::json::parse(
///     r#"{"Type": "Task", "Resource": "x", "Next": "B", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "C"}]}"#,
/// )
/// .root
/// .unwrap();
/// let t = sfn_core::asl::transitions(&state, "/States/A");
/// assert_eq!(t[0], ("/States/A/Next".to_string(), "B".to_string()));
/// assert_eq!(t[1], ("/States/A/Catch/0/Next".to_string(), "C".to_string()));
/// ```
pub fn transitions(state: &Node, at: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut push = |field: String, v: Option<&Node>| {
        if let Some(s) = v.and_then(Node::as_str) {
            out.push((field, s.to_string()));
        }
    };
    push(child_pointer(at, "Next"), state.get("Next"));
    push(child_pointer(at, "Default"), state.get("Default"));
    for list in ["Choices", "Catch"] {
        if let Some(items) = state.get(list).and_then(Node::as_array) {
            let base = child_pointer(at, list);
            for (i, item) in items.iter().enumerate() {
                push(
                    child_pointer(&format!("{base}/{i}"), "Next"),
                    item.get("Next"),
                );
            }
        }
    }
    out
}

/// Whether a state ends its scope: a `Succeed` or `Fail` state, or one with `End: true`.
///
/// ```
/// use sfn_core::{asl::is_terminal, json::parse};
///
/// assert!(is_terminal(&parse(r#"{"Type": "Fail"}"#).root.unwrap()));
/// assert!(is_terminal(&parse(r#"{"Type": "Pass", "End": true}"#).root.unwrap()));
/// assert!(!is_terminal(&parse(r#"{"Type": "Pass", "Next": "B"}"#).root.unwrap()));
/// ```
pub fn is_terminal(state: &Node) -> bool {
    state
        .get("Type")
        .and_then(Node::as_str)
        .and_then(super::StateType::from_name)
        .is_some_and(super::StateType::is_terminal)
        || matches!(state.get("End").map(|e| &e.value), Some(Value::Bool(true)))
}
