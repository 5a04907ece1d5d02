//! JSONata states: the `$states.input` reads of their expressions.

use super::states::Cx;
use super::*;
use crate::json::child_pointer as ptr;
use crate::json::{Node, Value};

impl Cx<'_> {
    /// A JSONata state: checks each `$states.input` read of its expressions against `input`;
    /// Choice, Wait and Pass states without `Output` pass their input on, the others give
    /// what is not known here. Nested scopes are not followed.
    pub(super) fn jsonata_state(
        &mut self,
        state: &Node,
        at: &str,
        input: FlowId,
    ) -> Vec<(String, FlowId)> {
        if input != UNKNOWN {
            if let Some(members) = state.as_object() {
                for m in members {
                    if !matches!(m.key.as_str(), "Branches" | "ItemProcessor" | "Iterator") {
                        self.jsonata_reads(&m.value, &ptr(at, &m.key), input, 0);
                    }
                }
            }
        }
        let kind = state.get("Type").and_then(Node::as_str).unwrap_or_default();
        let passes = matches!(kind, "Choice" | "Wait" | "Pass") && state.get("Output").is_none();
        let output = if passes { input } else { UNKNOWN };
        let mut out: Vec<(String, FlowId)> = Vec::new();
        if let Some(next) = state.get("Next").and_then(Node::as_str) {
            out.push((next.to_string(), output));
        }
        if kind == "Choice" {
            for t in transitions(state) {
                out.push((t, output));
            }
        }
        for c in state
            .get("Catch")
            .and_then(Node::as_array)
            .unwrap_or_default()
        {
            if let Some(next) = c.get("Next").and_then(Node::as_str) {
                out.push((next.to_string(), UNKNOWN));
            }
        }
        out
    }

    /// The `$states.input` reads of the JSONata templates in a value.
    pub(super) fn jsonata_reads(&mut self, node: &Node, at: &str, input: FlowId, depth: usize) {
        if depth > 64 {
            return;
        }
        match &node.value {
            Value::String(s) => {
                let masked = crate::asl::mask_placeholders(s);
                let Ok(Some(ast)) = crate::jsonata::parse_template(&masked) else {
                    return;
                };
                for (chain, _) in crate::jsonata::input_paths(&ast) {
                    let mut steps = Vec::new();
                    let mut text = String::from("$states.input");
                    for (field, predicate) in chain {
                        text.push('.');
                        text.push_str(&field);
                        steps.push(Step::Field(field));
                        if predicate {
                            text.push_str("[...]");
                            steps.push(Step::Each);
                        }
                    }
                    self.out.checks.push(PathCheck {
                        pointer: at.to_string(),
                        text,
                        steps,
                        flow: input,
                        expect: None,
                        whole: false,
                        jsonata: true,
                    });
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.jsonata_reads(item, &format!("{at}/{i}"), input, depth + 1);
                }
            }
            Value::Object(members) => {
                for m in members {
                    self.jsonata_reads(&m.value, &ptr(at, &m.key), input, depth + 1);
                }
            }
            _ => {}
        }
    }
}
