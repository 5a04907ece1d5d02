//! Choice rules: JSONPath comparisons with their operators and combinators, JSONata
//! conditions, and what only a top-level rule may have.

use super::check::{describe, string, unknown_field};
use super::payload::{self, PathRule};
use super::{idx, ptr, Cx};
use crate::asl::{
    self, Operand, CHOICE_RULE_FIELDS, COMBINATORS, OPERATORS, TOP_CHOICE_RULE_FIELDS,
};
use crate::diagnostic::{Code, Diagnostic};
use crate::json::{Node, Value};
use crate::model::QueryLanguage;

pub(super) fn choices(cx: &mut Cx<'_>, v: &Node, at: &str, ql: QueryLanguage) {
    match v.as_array() {
        None => cx.schema(
            at,
            format!("`Choices` must be an array of rules, not {}", v.kind()),
        ),
        Some([]) => cx.schema(at, "`Choices` must have at least one rule"),
        Some(rules) => {
            for (i, r) in rules.iter().enumerate() {
                rule(cx, r, &idx(at, i), ql, true, 0);
            }
        }
    }
}

fn rule(cx: &mut Cx<'_>, node: &Node, at: &str, ql: QueryLanguage, top: bool, depth: usize) {
    if depth > crate::json::MAX_DEPTH {
        cx.error(
            Code::TooDeeplyNested,
            at,
            "Choice rules are nested too deeply",
        );
        return;
    }
    let Some(members) = node.as_object() else {
        cx.schema(
            at,
            format!("a Choice rule is an object, not {}", node.kind()),
        );
        return;
    };
    let mut allowed: Vec<&str> = CHOICE_RULE_FIELDS
        .in_language(ql)
        .filter(|f| top || !TOP_CHOICE_RULE_FIELDS.contains(f))
        .collect();
    if ql == QueryLanguage::JSONPath {
        allowed.extend(OPERATORS.iter().map(|(n, _)| *n));
    }
    let what = if top {
        "a Choice rule"
    } else {
        "a nested Choice rule"
    };
    for m in members {
        let here = ptr(at, &m.key);
        if allowed.contains(&m.key.as_str()) {
            continue;
        }
        if !top && m.key == "Next" {
            cx.push(
                Diagnostic::error(
                    Code::SchemaValidationFailed,
                    &here,
                    "only top-level Choice rules have `Next`; a rule inside `And`, `Or` or `Not` cannot",
                )
                .at_key(),
            );
        } else if ql == QueryLanguage::JSONata && OPERATORS.iter().any(|(n, _)| *n == m.key) {
            // A JSONPath comparison in a JSONata rule: with its `Variable`, that one error
            // says it (use `Condition`); alone, the operator says it.
            if node.get("Variable").is_none() {
                cx.push(
                    Diagnostic::error(
                        Code::SchemaValidationFailed,
                        &here,
                        format!(
                            "`{}` is a JSONPath comparison; JSONata Choice rules compare in `Condition`, as in `{{% $states.input.total > 100 %}}`",
                            m.key
                        ),
                    )
                    .with_suggestion("Condition")
                    .at_key(),
                );
            }
        } else if let Some(c) = CHOICE_RULE_FIELDS.counterpart_in(&m.key, ql) {
            cx.push(
                Diagnostic::error(
                    Code::SchemaValidationFailed,
                    &here,
                    format!(
                        "`{}` does not exist in {} Choice rules: use `{c}`",
                        m.key,
                        ql.as_str()
                    ),
                )
                .with_suggestion(c)
                .at_key(),
            );
        } else {
            unknown_field(cx, &m.key, &here, allowed.iter().copied(), what);
        }
    }
    if top {
        match node.get("Next") {
            None => cx.missing(at, &["Next"], "a top-level Choice rule needs `Next`"),
            Some(n) => {
                string(cx, n, &ptr(at, "Next"), "Next");
            }
        }
        if let Some(a) = node.get("Assign") {
            let here = ptr(at, "Assign");
            match ql {
                QueryLanguage::JSONPath => payload::jsonpath_assign(cx, a, &here),
                QueryLanguage::JSONata => payload::jsonata_assign(cx, a, &here),
            }
        }
        if let (QueryLanguage::JSONata, Some(o)) = (ql, node.get("Output")) {
            payload::jsonata_value(cx, o, &ptr(at, "Output"), 0);
        }
    }
    if let Some(c) = node.get("Comment") {
        string(cx, c, &ptr(at, "Comment"), "Comment");
    }
    match ql {
        QueryLanguage::JSONata => {
            match node.get("Condition") {
                None => cx.missing(
                    at,
                    &["Condition"],
                    "a JSONata Choice rule needs `Condition`",
                ),
                Some(c) => {
                    let here = ptr(at, "Condition");
                    match &c.value {
                        Value::Bool(_) => {}
                        Value::String(s) => {
                            if payload::jsonata_string(cx, s, &here).is_none() {
                                cx.schema(&here, "`Condition` must be a JSONata expression `{% ... %}` or a boolean");
                            }
                        }
                        _ => cx.schema(
                            &here,
                            format!(
                                "`Condition` must be a JSONata expression or a boolean, not {}",
                                c.kind()
                            ),
                        ),
                    }
                }
            }
        }
        QueryLanguage::JSONPath => jsonpath_rule(cx, node, at, top, depth),
    }
}

fn jsonpath_rule(cx: &mut Cx<'_>, node: &Node, at: &str, _top: bool, depth: usize) {
    let ops: Vec<(&str, Operand, &Node)> = node
        .as_object()
        .unwrap_or_default()
        .iter()
        .filter_map(|m| {
            OPERATORS
                .iter()
                .find(|(n, _)| *n == m.key)
                .map(|(n, o)| (*n, *o, &m.value))
        })
        .collect();
    let combinators: Vec<&str> = COMBINATORS
        .iter()
        .copied()
        .filter(|k| node.get(k).is_some())
        .collect();
    let variable = node.get("Variable");
    match (ops.len(), combinators.len()) {
        (0, 0) => {
            let any: Vec<&str> = OPERATORS
                .iter()
                .map(|(name, _)| *name)
                .chain(COMBINATORS.iter().copied())
                .collect();
            cx.missing(
                at,
                &any,
                "a Choice rule needs a comparison (`Variable` with an operator such as `StringEquals`) or one of `And`, `Or`, `Not`",
            );
        }
        (1, 0) => {}
        (n, 0) => cx.schema(
            at,
            format!("a Choice rule has exactly one comparison operator, this one has {n}: {}; combine them with `And`", ops.iter().map(|(n, _, _)| format!("`{n}`")).collect::<Vec<_>>().join(", ")),
        ),
        (0, 1) => {}
        _ => cx.schema(
            at,
            "a Choice rule is either a comparison or one of `And`, `Or`, `Not`, not several",
        ),
    }
    if !ops.is_empty() {
        match variable {
            None => cx.missing(
                at,
                &["Variable"],
                "a comparison needs `Variable`, the path of the value to compare",
            ),
            Some(v) => {
                let here = ptr(at, "Variable");
                if let Some(s) = string(cx, v, &here, "Variable") {
                    payload::path_string(cx, s, &here, PathRule::Path);
                }
            }
        }
    } else if variable.is_some() && !combinators.is_empty() {
        cx.schema(
            &ptr(at, "Variable"),
            "`Variable` belongs in the comparisons inside `And`, `Or` or `Not`, not beside them",
        );
    } else if variable.is_some() {
        if let Some(s) = variable.and_then(Node::as_str) {
            payload::path_string(cx, s, &ptr(at, "Variable"), PathRule::Path);
        }
    }
    for (name, operand, v) in ops {
        operand_value(cx, name, operand, v, &ptr(at, name));
    }
    for c in combinators {
        let here = ptr(at, c);
        let v = node.get(c).expect("present");
        if c == "Not" {
            rule(cx, v, &here, QueryLanguage::JSONPath, false, depth + 1);
        } else {
            match v.as_array() {
                None => cx.schema(
                    &here,
                    format!("`{c}` must be an array of rules, not {}", v.kind()),
                ),
                Some([]) => cx.schema(&here, format!("`{c}` must have at least one rule")),
                Some(rs) => {
                    for (i, r) in rs.iter().enumerate() {
                        rule(
                            cx,
                            r,
                            &idx(&here, i),
                            QueryLanguage::JSONPath,
                            false,
                            depth + 1,
                        );
                    }
                }
            }
        }
    }
}

fn operand_value(cx: &mut Cx<'_>, name: &str, operand: Operand, v: &Node, at: &str) {
    let ok = match (operand, &v.value) {
        // An unquoted `${Name}` stands for a value of the operand's type.
        (_, Value::Placeholder(_)) => true,
        (Operand::String | Operand::Pattern | Operand::Timestamp, Value::String(s))
            if asl::is_whole_placeholder(s) =>
        {
            true
        }
        (Operand::String | Operand::Pattern, Value::String(_)) => true,
        (Operand::Number, Value::Number(_)) => true,
        (Operand::Boolean | Operand::Test, Value::Bool(_)) => true,
        (Operand::Timestamp, Value::String(s)) => {
            if !asl::is_rfc3339_timestamp(s) {
                cx.schema(
                    at,
                    format!("`{s}` is not an RFC 3339 timestamp such as `2016-03-14T01:59:00Z`"),
                );
            }
            true
        }
        (Operand::Path, Value::String(s)) => {
            payload::path_string(cx, s, at, PathRule::Path);
            true
        }
        _ => false,
    };
    if !ok {
        let want = match operand {
            Operand::String => "a string",
            Operand::Pattern => "a string pattern",
            Operand::Number => "a number",
            Operand::Boolean | Operand::Test => "a boolean",
            Operand::Timestamp => "a timestamp string",
            Operand::Path => "a path string",
        };
        let mut msg = format!("`{name}` compares against {want}, not {}", describe(v));
        if let (Value::String(s), false) = (&v.value, operand == Operand::Path) {
            if s.starts_with('$') {
                msg.push_str(&format!("; to compare against a path, use `{name}Path`"));
            }
        }
        cx.schema(at, msg);
    }
}
