//! Retry and Catch: retriers, catchers and the error names they match.

use super::check::{
    describe, enum_value, integer, known_fields, string, substituted, unknown_field, MAX_INT,
};
use super::payload::{self, PathRule};
use super::{idx, ptr, task, Cx};
use crate::asl::{values, CATCHER_FIELDS, PREDEFINED_ERRORS, RETRIER_FIELDS};
use crate::catalog;
use crate::diagnostic::{Code, Diagnostic};
use crate::json::{Node, Value};
use crate::model::QueryLanguage;
use crate::suggest;

pub(super) fn retry(cx: &mut Cx<'_>, v: &Node, at: &str, state: &Node) {
    let Some(items) = v.as_array() else {
        cx.schema(
            at,
            format!("`Retry` must be an array of retriers, not {}", v.kind()),
        );
        return;
    };
    for (i, r) in items.iter().enumerate() {
        let here = idx(at, i);
        let Some(members) = r.as_object() else {
            cx.schema(&here, format!("a retrier is an object, not {}", r.kind()));
            continue;
        };
        known_fields(cx, members, &here, RETRIER_FIELDS, "a retrier");
        error_equals(cx, r, &here, i + 1 == items.len(), "retrier", state);
        for m in members {
            let f = ptr(&here, &m.key);
            match m.key.as_str() {
                "IntervalSeconds" => {
                    integer(cx, &m.value, &f, "IntervalSeconds", 1, MAX_INT);
                }
                "MaxAttempts" => {
                    integer(cx, &m.value, &f, "MaxAttempts", 0, MAX_INT);
                }
                "MaxDelaySeconds" => {
                    integer(cx, &m.value, &f, "MaxDelaySeconds", 1, 31_622_400);
                }
                "BackoffRate" => match &m.value.value {
                    Value::Number(n) if n.as_f64() >= 1.0 => {}
                    Value::Placeholder(_) => {}
                    _ => cx.schema(
                        &f,
                        format!(
                            "`BackoffRate` must be a number of at least 1.0, not {}",
                            describe(&m.value)
                        ),
                    ),
                },
                "JitterStrategy" => {
                    enum_value(cx, &m.value, &f, "JitterStrategy", values::JITTER_STRATEGY);
                }
                "Comment" => {
                    string(cx, &m.value, &f, "Comment");
                }
                _ => {}
            }
        }
    }
}

pub(super) fn catch(cx: &mut Cx<'_>, v: &Node, at: &str, ql: QueryLanguage, state: &Node) {
    let Some(items) = v.as_array() else {
        cx.schema(
            at,
            format!("`Catch` must be an array of catchers, not {}", v.kind()),
        );
        return;
    };
    let allowed: Vec<&str> = CATCHER_FIELDS.in_language(ql).collect();
    for (i, c) in items.iter().enumerate() {
        let here = idx(at, i);
        let Some(members) = c.as_object() else {
            cx.schema(&here, format!("a catcher is an object, not {}", c.kind()));
            continue;
        };
        for m in members {
            if allowed.contains(&m.key.as_str()) {
                continue;
            }
            let f = ptr(&here, &m.key);
            match CATCHER_FIELDS.counterpart_in(&m.key, ql) {
                Some(other) => cx.push(
                    Diagnostic::error(
                        Code::SchemaValidationFailed,
                        &f,
                        format!(
                            "`{}` does not exist in {} catchers: use `{other}`",
                            m.key,
                            ql.as_str()
                        ),
                    )
                    .with_suggestion(other)
                    .at_key(),
                ),
                None => unknown_field(cx, &m.key, &f, allowed.iter().copied(), "a catcher"),
            }
        }
        error_equals(cx, c, &here, i + 1 == items.len(), "catcher", state);
        match c.get("Next") {
            None => cx.missing(
                &here,
                &["Next"],
                "a catcher needs `Next`, the state to go to",
            ),
            Some(n) => {
                string(cx, n, &ptr(&here, "Next"), "Next");
            }
        }
        if let Some(r) = c.get("ResultPath") {
            let f = ptr(&here, "ResultPath");
            match r.as_str() {
                Some(s) => {
                    payload::path_string(cx, s, &f, PathRule::ResultPath);
                }
                None if r.value == Value::Null => {}
                None => cx.schema(
                    &f,
                    format!(
                        "`ResultPath` must be a path string or null, not {}",
                        r.kind()
                    ),
                ),
            }
        }
        cx.states_error_output = true;
        if let Some(a) = c.get("Assign") {
            let f = ptr(&here, "Assign");
            match ql {
                QueryLanguage::JSONPath => payload::jsonpath_assign(cx, a, &f),
                QueryLanguage::JSONata => payload::jsonata_assign(cx, a, &f),
            }
        }
        if let (QueryLanguage::JSONata, Some(o)) = (ql, c.get("Output")) {
            payload::jsonata_value(cx, o, &ptr(&here, "Output"), 0);
        }
        cx.states_error_output = false;
        if let Some(cm) = c.get("Comment") {
            string(cx, cm, &ptr(&here, "Comment"), "Comment");
        }
    }
}

fn error_equals(cx: &mut Cx<'_>, node: &Node, at: &str, last: bool, what: &str, state: &Node) {
    // The AWS SDK service a Task calls, whose errors its retriers and catchers name.
    let sdk = match state
        .get("Resource")
        .and_then(Node::as_str)
        .map(catalog::parse_resource)
    {
        Some(catalog::Resource::Sdk { service, .. }) => catalog::sdk_service(service),
        _ => None,
    };
    let here = ptr(at, "ErrorEquals");
    let Some(v) = node.get("ErrorEquals") else {
        cx.missing(
            at,
            &["ErrorEquals"],
            format!("a {what} needs `ErrorEquals`, the errors it handles"),
        );
        return;
    };
    if substituted(v, false) {
        return;
    }
    let Some(names) = v.as_array() else {
        cx.schema(
            &here,
            format!(
                "`ErrorEquals` must be an array of error names, not {}",
                v.kind()
            ),
        );
        return;
    };
    if names.is_empty() {
        cx.schema(&here, "`ErrorEquals` must name at least one error");
        return;
    }
    for (i, n) in names.iter().enumerate() {
        let f = idx(&here, i);
        let Some(name) = n.as_str() else {
            cx.schema(&f, format!("an error name is a string, not {}", n.kind()));
            continue;
        };
        if name == "States.ALL" {
            if names.len() > 1 {
                cx.schema(&f, "`States.ALL` must appear alone in `ErrorEquals`");
            } else if !last {
                cx.schema(
                    &f,
                    format!("a {what} with `States.ALL` must be the last one"),
                );
            }
        } else {
            reserved_error_name(
                cx,
                name,
                &f,
                "is matched only when a task raises an error by this very name",
            );
            if let Some(sdk) = sdk {
                sdk_error_name(cx, name, &f, sdk);
            }
        }
    }
}

/// An error name meant for the AWS SDK service a Task calls (its prefix is the service's name
/// in any spelling: `RDS.`, `rds.`, `Rds.`) that is not one the service raises. Step Functions
/// names those errors `<service>.<exception class>` with the AWS SDK for Java 2.x's names
/// (`Rds.InvalidDbClusterStateException`), not the API model's (`InvalidDBClusterStateFault`).
/// Step Functions accepts any error name, so this is a warning: the name is never matched.
fn sdk_error_name(cx: &mut Cx<'_>, name: &str, at: &str, sdk: &catalog::SdkService) {
    let Some((prefix, _)) = name.split_once('.') else {
        return;
    };
    if !suggest::alike(prefix, sdk.java_name) || sdk.raises(name) {
        return;
    }
    let meant = sdk.meant_error(name);
    let service = sdk.name;
    let mut d = Diagnostic::warning(
        Code::SchemaValidationFailed,
        at,
        match &meant {
            Some(m) => format!("`{name}` is not an error `aws-sdk:{service}` raises, so it is never matched: {}: use `{m}`", task::JAVA_NAMES),
            None => format!("`{name}` is not an error `aws-sdk:{service}` raises, so it is never matched; its errors are `{}.<exception class>` with the Java SDK's class names, as `{}.{}`", sdk.java_name, sdk.java_name, sdk.errors[0]),
        },
    );
    d.suggestion = meant;
    cx.push(d);
}

/// A `States.` error name that Step Functions does not raise, in `ErrorEquals` or a Fail
/// state's `Error`. The States Language reserves the prefix ("States MAY report errors with
/// other names, which MUST NOT begin with the prefix `States.`"); whether AWS refuses such a
/// definition is not established, so this is a warning, the same in both places. `effect` says
/// what the name does there.
pub(super) fn reserved_error_name(cx: &mut Cx<'_>, name: &str, at: &str, effect: &str) {
    if !name.starts_with("States.") || crate::asl::is_predefined_error(name) {
        return;
    }
    let (hint, sugg) = suggest::hint(name, PREDEFINED_ERRORS.iter().copied());
    let mut d = Diagnostic::warning(
        Code::SchemaValidationFailed,
        at,
        format!("`{name}` is not an error Step Functions raises, and the States Language reserves the `States.` prefix for those: this name {effect}.{hint}"),
    );
    d.suggestion = sugg;
    cx.push(d);
}
