//! Transitions, reachability and state names.

use std::collections::HashMap;

use super::{ptr, Cx};
use crate::asl;
use crate::diagnostic::{Code, Diagnostic};
use crate::json::Node;
use crate::suggest;

/// Checks the transitions of one scope: targets exist, every state is reachable from
/// `StartAt`, and a terminal state can be reached.
pub(super) fn scope(cx: &mut Cx<'_>, node: &Node, at: &str) {
    let Some(states) = node.get("States").and_then(Node::as_object) else {
        return;
    };
    let names: Vec<&str> = states.iter().map(|m| m.key.as_str()).collect();
    let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let states_at = ptr(at, "States");
    let missing = |cx: &mut Cx<'_>, field: &str, target: &str| {
        let (hint, sugg) = suggest::hint(target, names.iter().copied());
        let mut d = Diagnostic::error(
            Code::MissingTransitionTarget,
            field,
            format!("there is no state named `{target}` in this scope.{hint}"),
        );
        d.suggestion = sugg;
        cx.push(d);
    };

    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); states.len()];
    for (i, m) in states.iter().enumerate() {
        let here = ptr(&states_at, &m.key);
        for (field, target) in asl::transitions(&m.value, &here) {
            match index.get(target.as_str()) {
                Some(&j) => edges[i].push(j),
                None => missing(cx, &field, &target),
            }
        }
    }

    let start = node.get("StartAt").and_then(Node::as_str);
    let Some(start) = start else {
        return;
    };
    let Some(&first) = index.get(start) else {
        missing(cx, &ptr(at, "StartAt"), start);
        return;
    };
    let mut seen = vec![false; states.len()];
    let mut stack = vec![first];
    seen[first] = true;
    while let Some(i) = stack.pop() {
        for &j in &edges[i] {
            if !seen[j] {
                seen[j] = true;
                stack.push(j);
            }
        }
    }
    for (i, m) in states.iter().enumerate() {
        // A member that is not an object is no state; it was reported as such.
        if !seen[i] && m.value.as_object().is_some() {
            cx.push(
                Diagnostic::error(
                    Code::UnreachableState,
                    ptr(&states_at, &m.key),
                    format!(
                        "the state `{}` cannot be reached from `StartAt` (`{start}`)",
                        m.key
                    ),
                )
                .at_key(),
            );
        }
    }
    let terminal_reachable = states
        .iter()
        .enumerate()
        .any(|(i, m)| seen[i] && asl::is_terminal(&m.value));
    if !terminal_reachable {
        cx.error(
            Code::MissingEndState,
            &states_at,
            "no state reachable from `StartAt` ends the execution: add `End: true`, a Succeed or a Fail state",
        );
    }
}

/// State names are unique in the whole machine, branches and processors included; Map labels
/// are unique too.
pub(super) fn unique_names(cx: &mut Cx<'_>) {
    let mut first: HashMap<&str, &str> = HashMap::new();
    let mut diags = Vec::new();
    for (name, at) in &cx.names {
        if let Some(prev) = first.get(name.as_str()) {
            diags.push(
                Diagnostic::error(
                    Code::DuplicateStateName,
                    at,
                    format!("the state name `{name}` is already used at {prev}: state names must be unique in the whole state machine"),
                )
                .at_key(),
            );
        } else {
            first.insert(name, at);
        }
    }
    let mut labels: HashMap<&str, &str> = HashMap::new();
    for (label, at) in &cx.labels {
        if let Some(prev) = labels.get(label.as_str()) {
            diags.push(Diagnostic::error(
                Code::SchemaValidationFailed,
                at,
                format!("the Map label `{label}` is already used at {prev}: labels must be unique"),
            ));
        } else {
            labels.insert(label, at);
        }
    }
    cx.diags.extend(diags);
}
