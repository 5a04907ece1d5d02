//! Transitions, reachability and state names.

use std::collections::HashMap;

use super::{ptr, Cx};
use crate::asl;
use crate::diagnostic::{Code, Diagnostic};
use crate::json::{Node, Value};
use crate::suggest;

/// Checks the transitions of one scope: targets exist, every state is reachable from
/// `StartAt`, and a terminal state can be reached.
///
/// A missing target is one error: reachability follows the state it is a typo of (`b` for
/// `B`), so that state is not also reported unreachable, and when no state is near, the end
/// of the execution is not judged past it (the state meant may have ended it).
pub(super) fn scope(cx: &mut Cx<'_>, node: &Node, at: &str) {
    let Some(states) = node.get("States").and_then(Node::as_object) else {
        return;
    };
    let names: Vec<&str> = states.iter().map(|m| m.key.as_str()).collect();
    let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let states_at = ptr(at, "States");
    // Reports a missing target; returns the state it is likely a typo of.
    let missing = |cx: &mut Cx<'_>, field: &str, target: &str| -> Option<usize> {
        let (hint, sugg) = suggest::hint(target, names.iter().copied());
        let meant = sugg.as_deref().and_then(|s| index.get(s).copied());
        let mut d = Diagnostic::error(
            Code::MissingTransitionTarget,
            field,
            format!("there is no state named `{target}` in this scope.{hint}"),
        );
        d.suggestion = sugg;
        cx.push(d);
        meant
    };

    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); states.len()];
    // States whose flow goes on where the definition does not say: a transition to a missing
    // state that no state is near, a misspelled `End`, a malformed `End` or `Next`.
    let mut dangling = vec![false; states.len()];
    for (i, m) in states.iter().enumerate() {
        let here = ptr(&states_at, &m.key);
        for (field, target) in asl::transitions(&m.value, &here) {
            match index.get(target.as_str()) {
                Some(&j) => edges[i].push(j),
                None => match missing(cx, &field, &target) {
                    Some(j) => edges[i].push(j),
                    None => dangling[i] = true,
                },
            }
        }
        // A malformed `End` (`"true"`, `false`) or `Next` (not a string) was reported as
        // such; where the flow goes after it is not known.
        let malformed_end = m
            .value
            .get("End")
            .is_some_and(|e| !matches!(e.value, Value::Bool(true)));
        let malformed_next = m.value.get("Next").is_some_and(|n| n.as_str().is_none());
        if malformed_end || malformed_next {
            dangling[i] = true;
        }
        // `Next` or `End` under a misspelled key (`next`, `end`) was reported as such; the
        // flow goes where it was meant to.
        for member in m.value.as_object().unwrap_or_default() {
            let key_at = ptr(&here, &member.key);
            if cx.misspelling_of(&key_at, "Next") {
                match member.value.as_str().and_then(|t| index.get(t)) {
                    Some(&j) => edges[i].push(j),
                    None => dangling[i] = true,
                }
            } else if cx.misspelling_of(&key_at, "End") {
                dangling[i] = true;
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
        .any(|(i, m)| seen[i] && (asl::is_terminal(&m.value) || dangling[i]));
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
