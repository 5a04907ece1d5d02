//! Values that hold paths, intrinsic functions or JSONata, and payload templates.

use super::{idx, ptr, Cx};
use crate::diagnostic::{Code, Diagnostic};
use crate::json::{Node, Value};
use crate::jsonata;
use crate::model::QueryLanguage;
use crate::path;

/// What a path-valued field accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PathRule {
    /// Any ASL path (`InputPath`, `OutputPath`, `Variable`, `...Path` comparisons).
    Path,
    /// A reference path (`ResultPath`, `ItemsPath`, `SecondsPath`, ...).
    Reference,
    /// A reference path into the state's input only: `ResultPath` writes there.
    ResultPath,
    /// A reference path or an intrinsic function (`ErrorPath`, `CausePath`).
    ReferenceOrIntrinsic,
}

/// Checks a string that must be a path of the given kind. Returns whether it is valid.
pub(crate) fn path_string(cx: &mut Cx<'_>, s: &str, at: &str, rule: PathRule) -> bool {
    if crate::asl::is_whole_placeholder(s) {
        // The deployment tool fills in the path.
        return true;
    }
    let trimmed = s.trim();
    if trimmed.len() != s.len() && trimmed.starts_with('$') {
        // The JSONPath reader Step Functions uses trims the path before it reads it, and
        // deployed AWS samples rely on it (`"$$.Execution.Name "`).
        cx.push(
            Diagnostic::warning(
                Code::InvalidJsonPath,
                at,
                format!("`{s}` has spaces around the path: Step Functions ignores them, other tools may not; write `{trimmed}`"),
            )
            .with_suggestion(trimmed),
        );
        return path_string(cx, trimmed, at, rule);
    }
    if rule == PathRule::ReferenceOrIntrinsic && path::looks_like_intrinsic(s) {
        if !intrinsic(cx, s, at) {
            return false;
        }
        // `ErrorPath` and `CausePath` need a string: only these functions return one.
        const STRING_FUNCTIONS: &[&str] = &[
            "States.Format",
            "States.JsonToString",
            "States.ArrayGetItem",
            "States.Base64Encode",
            "States.Base64Decode",
            "States.Hash",
            "States.UUID",
        ];
        let name = s.split('(').next().unwrap_or("").trim();
        if !STRING_FUNCTIONS.contains(&name) {
            cx.error(
                Code::InvalidIntrinsic,
                at,
                format!("`{name}` does not return a string; this field takes a reference path or one of {}", STRING_FUNCTIONS.join(", ")),
            );
            return false;
        }
        return true;
    }
    let parsed = match rule {
        PathRule::Path => path::parse_path(s),
        _ => path::parse_reference_path(s),
    };
    match parsed {
        Ok(p) => {
            if rule == PathRule::ResultPath && !matches!(p.root, path::Root::Input) {
                cx.error(
                    Code::InvalidJsonPath,
                    at,
                    format!("`{s}` cannot be a ResultPath: the result can only be placed in the state's input, under `$`"),
                );
                return false;
            }
            context_fields(cx, s, at, &p);
            true
        }
        Err(e) => {
            if !s.starts_with('$') && path::looks_like_intrinsic(s) {
                cx.error(
                    Code::InvalidJsonPath,
                    at,
                    format!("this field takes a path, not an intrinsic function: `{s}`"),
                );
            } else {
                path_error(cx, s, at, &e);
            }
            false
        }
    }
}

fn path_error(cx: &mut Cx<'_>, s: &str, at: &str, e: &path::PathError) {
    cx.push(
        Diagnostic::error(
            Code::InvalidJsonPath,
            at,
            format!("`{s}` is not a valid path: {}", e.message),
        )
        .with_value_offset(e.offset),
    );
}

/// Warns about a `$$` path that names no field of the Context object. Step Functions accepts
/// the definition and fails such a path when it runs, so this is a warning, not an error.
fn context_fields(cx: &mut Cx<'_>, s: &str, at: &str, p: &path::Path) {
    if let Err(e) = path::check_context_path(p) {
        cx.push(
            Diagnostic::warning(
                Code::InvalidJsonPath,
                at,
                format!("`{s}` will fail when the state runs: {}", e.message),
            )
            .with_value_offset(e.offset),
        );
    }
}

fn intrinsic(cx: &mut Cx<'_>, s: &str, at: &str) -> bool {
    match path::parse_intrinsic(s) {
        Ok(call) => {
            for p in call.paths() {
                context_fields(cx, s, at, p);
            }
            true
        }
        Err(e) => {
            cx.push(
                Diagnostic::error(
                    Code::InvalidIntrinsic,
                    at,
                    format!(
                        "`{s}` is not a valid intrinsic function call: {}",
                        e.message
                    ),
                )
                .with_value_offset(e.offset),
            );
            false
        }
    }
}

/// Checks the value of a `Key.$` member: a path or an intrinsic function.
pub(crate) fn dynamic_value(cx: &mut Cx<'_>, node: &Node, at: &str) {
    let Some(s) = node.as_str() else {
        cx.schema(
            at,
            format!(
                "a field whose name ends in `.$` takes a path or an intrinsic function as a string, not {}",
                node.kind()
            ),
        );
        return;
    };
    if path::looks_like_intrinsic(s) {
        intrinsic(cx, s, at);
    } else if s.starts_with('$') {
        path_string(cx, s, at, PathRule::Path);
    } else {
        let hint = if s.starts_with("States.") {
            " (intrinsic functions are written `States.Name(...)`)"
        } else {
            ""
        };
        cx.error(
            Code::InvalidJsonPath,
            at,
            format!(
                "`{s}` is neither a path (starting with `$`) nor an intrinsic function call{hint}"
            ),
        );
    }
}

/// Whether a string looks like it was meant as a path.
/// Whether a string looks like a path (`$`, `$.x`, `$$.x`, `$[0]`): the one test behind AWS's
/// NO_DOLLAR, NO_PATH and PASS_RESULT_IS_STATIC warnings.
pub(super) fn looks_like_path(s: &str) -> bool {
    s == "$" || s.starts_with("$.") || s.starts_with("$$.") || s.starts_with("$[")
}

/// Checks a JSONPath payload template (`Parameters`, `ResultSelector`, `ItemSelector`, ...).
pub(crate) fn jsonpath_payload(cx: &mut Cx<'_>, node: &Node, at: &str, depth: usize) {
    if depth > crate::json::MAX_DEPTH {
        cx.error(
            Code::TooDeeplyNested,
            at,
            "the payload is nested too deeply",
        );
        return;
    }
    match &node.value {
        Value::Object(members) => {
            for m in members {
                let here = ptr(at, &m.key);
                if let Some(base) = m.key.strip_suffix(".$") {
                    if members.iter().any(|o| o.key == base) {
                        cx.push(
                            Diagnostic::error(
                                Code::SchemaValidationFailed,
                                &here,
                                format!("`{base}` and `{}` are both set: keep one", m.key),
                            )
                            .at_key(),
                        );
                    }
                    dynamic_value(cx, &m.value, &here);
                } else {
                    if let Some(s) = m.value.as_str() {
                        if looks_like_path(s) || path::looks_like_intrinsic(s) {
                            cx.push(
                                Diagnostic::warning(
                                    Code::NoDollar,
                                    &here,
                                    format!(
                                        "`{s}` is passed as a literal string; to use it as a {}, name the field `{}.$`",
                                        if looks_like_path(s) { "path" } else { "function call" },
                                        m.key
                                    ),
                                )
                                .with_suggestion(format!("{}.$", m.key))
                                .at_key(),
                            );
                        }
                    }
                    jsonpath_payload(cx, &m.value, &here, depth + 1);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                jsonpath_payload(cx, item, &idx(at, i), depth + 1);
            }
        }
        _ => {}
    }
}

/// Checks a JSONPath `Assign` object: keys are variable names (maybe with `.$`).
pub(crate) fn jsonpath_assign(cx: &mut Cx<'_>, node: &Node, at: &str) {
    let Some(members) = object(cx, node, at, "Assign") else {
        return;
    };
    for m in members {
        let name = m.key.strip_suffix(".$").unwrap_or(&m.key);
        variable_name(cx, name, &ptr(at, &m.key));
    }
    jsonpath_payload(cx, node, at, 0);
}

/// Checks a JSONata `Assign` object: keys are variable names, values JSONata-or-literal.
pub(crate) fn jsonata_assign(cx: &mut Cx<'_>, node: &Node, at: &str) {
    let Some(members) = object(cx, node, at, "Assign") else {
        return;
    };
    for m in members {
        variable_name(cx, &m.key, &ptr(at, &m.key));
    }
    jsonata_value(cx, node, at, 0);
}

fn variable_name(cx: &mut Cx<'_>, name: &str, at: &str) {
    if let Err(e) = path::check_variable_name(name) {
        cx.push(
            Diagnostic::error(
                Code::SchemaValidationFailed,
                at,
                format!("`{name}` is not a valid variable name: {}", e.message),
            )
            .at_key(),
        );
    }
}

fn object<'n>(
    cx: &mut Cx<'_>,
    node: &'n Node,
    at: &str,
    field: &str,
) -> Option<&'n [crate::json::Member]> {
    let m = node.as_object();
    if m.is_none() {
        cx.schema(
            at,
            format!("`{field}` must be an object, not {}", node.kind()),
        );
    }
    m
}

/// Checks a value in a JSONata state: every string that is a `{% ... %}` template must hold a
/// valid expression; `.$` keys do not exist in JSONata.
pub(crate) fn jsonata_value(cx: &mut Cx<'_>, node: &Node, at: &str, depth: usize) {
    if depth > crate::json::MAX_DEPTH {
        cx.error(Code::TooDeeplyNested, at, "the value is nested too deeply");
        return;
    }
    match &node.value {
        Value::String(s) => {
            jsonata_string(cx, s, at);
        }
        Value::Object(members) => {
            for m in members {
                let here = ptr(at, &m.key);
                if m.key.ends_with(".$") {
                    // AWS accepts the key in a JSONata state and keeps it as it is: the value
                    // is not evaluated (verdicts recorded from AWS on real definitions).
                    let base = &m.key[..m.key.len() - 2];
                    cx.push(
                        Diagnostic::warning(
                            Code::SchemaValidationFailed,
                            &here,
                            format!(
                                "`{}` is a plain key in a JSONata state: its value is not evaluated and the key keeps its `.$`; to compute it, name the field `{base}` and write its value as `{{% ... %}}`",
                                m.key
                            ),
                        )
                        .with_suggestion(base)
                        .at_key(),
                    );
                }
                jsonata_value(cx, &m.value, &here, depth + 1);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                jsonata_value(cx, item, &idx(at, i), depth + 1);
            }
        }
        _ => {}
    }
}

/// Checks a string in a JSONata state. Returns `Some(true)` for a valid template, `Some(false)`
/// for an invalid one and `None` for a plain string.
pub(crate) fn jsonata_string(cx: &mut Cx<'_>, s: &str, at: &str) -> Option<bool> {
    let ast = match jsonata::parse_template(&crate::asl::mask_placeholders(s)) {
        Ok(None) => return None,
        Ok(Some(ast)) => ast,
        Err(e) => {
            cx.push(
                Diagnostic::error(
                    Code::InvalidJsonata,
                    at,
                    format!("`{s}` is not a valid JSONata expression: {}", e.message),
                )
                .with_value_offset(e.offset),
            );
            return Some(false);
        }
    };
    let mut ok = true;
    if let Some((name, _)) = jsonata::top_level_reference(&ast) {
        ok = false;
        cx.error(
            Code::InvalidJsonata,
            at,
            format!(
                "`{s}` starts from `{name}`, but a JSONata expression in Step Functions has no input to read it from: read the state's input as `$states.input`"
            ),
        );
    }
    for use_ in jsonata::free_variable_uses(&ast) {
        if use_.name != "states" {
            continue;
        }
        let Some((field, _)) = use_.field else {
            continue;
        };
        let problem = match field.as_str() {
            "input" | "context" => None,
            "result" if !cx.states_result => Some(
                "`$states.result` exists only in the `Output` and `Assign` of a Task, Parallel or Map state".to_string(),
            ),
            "errorOutput" if !cx.states_error_output => Some(
                "`$states.errorOutput` exists only in the `Output` and `Assign` of a catcher".to_string(),
            ),
            "result" | "errorOutput" => None,
            other => {
                // Step Functions evaluates it to nothing when the state runs: a warning.
                let hint = crate::suggest::did_you_mean(
                    other,
                    jsonata::STATES_FIELDS.iter().copied(),
                );
                cx.push(Diagnostic::warning(
                    Code::InvalidJsonata,
                    at,
                    format!(
                        "`{s}`: `$states` has no field `{other}` (it has {}){hint}",
                        jsonata::STATES_FIELDS.join(", ")
                    ),
                ));
                None
            }
        };
        if let Some(problem) = problem {
            ok = false;
            cx.error(Code::InvalidJsonata, at, format!("`{s}`: {problem}"));
        }
    }
    Some(ok)
}

/// Checks a payload field for the state's query language.
pub(crate) fn payload(cx: &mut Cx<'_>, ql: QueryLanguage, node: &Node, at: &str) {
    match ql {
        QueryLanguage::JSONPath => jsonpath_payload(cx, node, at, 0),
        QueryLanguage::JSONata => jsonata_value(cx, node, at, 0),
    }
}
