//! States and scopes: the machine, Parallel branches and Map processors, each state's type,
//! name and fields in its query language, and the groups of fields a state type requires or
//! allows only one of. Each field's value goes to the rules of its construct.

use super::check::{
    int_or_expr, integer, known_fields, path_counterpart, quote_and, string, substituted,
    unknown_field, MAX_INT, MAX_SCOPE_DEPTH,
};
use super::payload::{self, PathRule};
use super::{choice, idx, map, ptr, retry_catch, task, transitions, Cx};
use crate::asl::{self, QueryLanguage, StateType, STATE_FIELDS};
use crate::catalog;
use crate::diagnostic::{Code, Diagnostic};
use crate::json::{Node, Value};
use crate::suggest;

pub(super) fn machine(cx: &mut Cx<'_>, root: &Node) {
    let Some(members) = root.as_object() else {
        cx.schema(
            "",
            format!(
                "a state machine definition is a JSON object, not {}",
                root.kind()
            ),
        );
        return;
    };
    known_fields(cx, members, "", asl::MACHINE_FIELDS, "a state machine");
    let ql = query_language(cx, root, "", QueryLanguage::JSONPath);
    cx.machine_language = ql;
    if let Some(v) = root.get("TimeoutSeconds") {
        let seconds = integer(cx, v, "/TimeoutSeconds", "TimeoutSeconds", 1, MAX_INT);
        let limit = cx.options.workflow_type.max_duration_seconds();
        if let (Some(s), Some(limit)) = (seconds, limit) {
            if s.unsigned_abs() > limit {
                cx.push(Diagnostic::warning(
                    Code::SchemaValidationFailed,
                    "/TimeoutSeconds",
                    format!("an Express execution runs at most {limit} seconds, so `TimeoutSeconds: {s}` never applies"),
                ));
            }
        }
    }
    if let Some(v) = root.get("Version") {
        string(cx, v, "/Version", "Version");
    }
    comment(cx, root, "");
    scope(cx, root, "", ql, 0);
}

/// Checks `QueryLanguage` on an object and returns the language in force there.
fn query_language(
    cx: &mut Cx<'_>,
    node: &Node,
    at: &str,
    inherited: QueryLanguage,
) -> QueryLanguage {
    let Some(v) = node.get("QueryLanguage") else {
        return inherited;
    };
    let here = ptr(at, "QueryLanguage");
    match v.as_str() {
        Some("JSONPath") if inherited == QueryLanguage::JSONata => {
            cx.schema(
                &here,
                "a state cannot use JSONPath when the state machine uses JSONata: QueryLanguage can only be raised from JSONPath to JSONata, never lowered",
            );
            inherited
        }
        Some(name @ ("JSONPath" | "JSONata")) => {
            QueryLanguage::from_name(name).unwrap_or(inherited)
        }
        Some(other) => {
            let (hint, sugg) = suggest::hint(other, ["JSONPath", "JSONata"]);
            let mut d = Diagnostic::error(
                Code::SchemaValidationFailed,
                &here,
                format!("`{other}` is not a query language: use `JSONPath` or `JSONata`.{hint}"),
            );
            d.suggestion = sugg;
            cx.push(d);
            inherited
        }
        None => {
            cx.schema(
                &here,
                format!("QueryLanguage must be a string, not {}", v.kind()),
            );
            inherited
        }
    }
}

fn comment(cx: &mut Cx<'_>, node: &Node, at: &str) {
    if let Some(v) = node.get("Comment") {
        string(cx, v, &ptr(at, "Comment"), "Comment");
    }
}

/// Checks a scope: the machine, a Parallel branch or a Map processor.
pub(super) fn scope(cx: &mut Cx<'_>, node: &Node, at: &str, ql: QueryLanguage, depth: usize) {
    match node.get("StartAt") {
        None => cx.missing(at, &["StartAt"], "the required field `StartAt` is missing"),
        Some(v) => {
            string(cx, v, &ptr(at, "StartAt"), "StartAt");
        }
    }
    let states_at = ptr(at, "States");
    match node.get("States") {
        None => cx.missing(at, &["States"], "the required field `States` is missing"),
        Some(states) => match states.as_object() {
            None => cx.schema(
                &states_at,
                format!(
                    "`States` must be an object of states, not {}",
                    states.kind()
                ),
            ),
            Some([]) => cx.schema(&states_at, "`States` must have at least one state"),
            Some(members) => {
                for m in members {
                    let here = ptr(&states_at, &m.key);
                    cx.names.push((m.key.clone(), here.clone()));
                    state_name(cx, &m.key, &here);
                    state(cx, &m.value, &here, ql, depth);
                }
            }
        },
    }
    transitions::scope(cx, node, at);
}

fn state_name(cx: &mut Cx<'_>, name: &str, at: &str) {
    let len = name.chars().count();
    if len == 0 {
        cx.push(
            Diagnostic::error(Code::InvalidStateName, at, "a state name cannot be empty").at_key(),
        );
    } else if len > 80 {
        cx.push(
            Diagnostic::error(
                Code::InvalidStateName,
                at,
                format!(
                    "the state name is {len} characters long; Step Functions allows at most 80"
                ),
            )
            .at_key(),
        );
    } else if name.chars().any(char::is_control) {
        cx.push(
            Diagnostic::error(
                Code::InvalidStateName,
                at,
                "a state name cannot contain control characters",
            )
            .at_key(),
        );
    }
}

fn state(cx: &mut Cx<'_>, node: &Node, at: &str, inherited: QueryLanguage, depth: usize) {
    if depth > MAX_SCOPE_DEPTH {
        cx.error(
            Code::TooDeeplyNested,
            at,
            format!("Parallel and Map states are nested more than {MAX_SCOPE_DEPTH} levels deep"),
        );
        return;
    }
    let Some(members) = node.as_object() else {
        let name = at.rsplit('/').next().unwrap_or_default();
        if asl::MACHINE_FIELDS.contains(&name) {
            cx.schema(
                at,
                format!("`{name}` is a field of the state machine (or of a branch), not a state: move it out of `States`"),
            );
        } else {
            cx.schema(at, format!("a state is a JSON object, not {}", node.kind()));
        }
        return;
    };
    let ty = match node.get("Type") {
        None => {
            // A misspelled `Type` (`type`) is the one error, with its fix.
            match members
                .iter()
                .find(|m| suggest::closest(&m.key, ["Type"]).is_some())
            {
                Some(m) => unknown_field(cx, &m.key, &ptr(at, &m.key), ["Type"], "a state"),
                None => cx.schema(at, "the required field `Type` is missing"),
            }
            return;
        }
        Some(t) => match t.as_str() {
            Some(name) => match StateType::from_name(name) {
                Some(ty) => ty,
                None => {
                    let (hint, sugg) = suggest::hint(name, StateType::names());
                    let mut d = Diagnostic::error(
                        Code::SchemaValidationFailed,
                        ptr(at, "Type"),
                        format!(
                            "`{name}` is not a state type: use one of {}.{hint}",
                            StateType::names().collect::<Vec<_>>().join(", ")
                        ),
                    );
                    d.suggestion = sugg;
                    cx.push(d);
                    return;
                }
            },
            None => {
                cx.schema(
                    &ptr(at, "Type"),
                    format!("`Type` must be a string, not {}", t.kind()),
                );
                return;
            }
        },
    };
    let ql = query_language(cx, node, at, inherited);
    let what = format!("a {ty} state");

    for m in members {
        let here = ptr(at, &m.key);
        match STATE_FIELDS.get(&m.key) {
            None => unknown_field(cx, &m.key, &here, STATE_FIELDS.of(ty, ql), &what),
            Some(f) if !f.types.contains(ty) => {
                cx.push(
                    Diagnostic::error(
                        Code::SchemaValidationFailed,
                        &here,
                        format!("`{}` is not a field of {what}", m.key),
                    )
                    .at_key(),
                );
            }
            Some(f) if !f.lang.allows(ql) => {
                let instead = STATE_FIELDS.counterpart(&m.key, ty, ql);
                let mut d = Diagnostic::error(
                    Code::SchemaValidationFailed,
                    &here,
                    format!(
                        "`{}` is a {} field, but this state uses {}{}",
                        m.key,
                        ql.other().as_str(),
                        ql.as_str(),
                        match instead {
                            Some(c) => format!(": use `{c}`"),
                            None => String::new(),
                        }
                    ),
                )
                .at_key();
                d.suggestion = instead.map(str::to_string);
                cx.push(d);
            }
            Some(_) => field(cx, ty, ql, &m.key, &m.value, &here, node, depth),
        }
    }

    groups(cx, ty, node, at);
    if ty == StateType::Task {
        task::task(cx, node, at, ql);
    }
}

/// Checks the value of one known field.
#[allow(clippy::too_many_arguments)]
fn field(
    cx: &mut Cx<'_>,
    ty: StateType,
    ql: QueryLanguage,
    key: &str,
    v: &Node,
    at: &str,
    state: &Node,
    depth: usize,
) {
    // `"End": ${IsLast}`, `"Parameters": ${Params}`, and `"Timestamp": "${At}"` where a string
    // goes: a value of the field's type once deployed.
    let takes_string = matches!(
        key,
        "Timestamp" | "Comment" | "Next" | "Default" | "Error" | "Cause"
    );
    if substituted(v, takes_string) {
        return;
    }
    let jsonata = ql == QueryLanguage::JSONata;
    match key {
        "Type" | "QueryLanguage" => {}
        "Comment" | "Next" | "Default" => {
            string(cx, v, at, key);
        }
        "End" => match v.value {
            Value::Bool(true) => {}
            Value::Bool(false) => {
                if state.get("Next").is_none() {
                    cx.schema(at, "`End` must be `true`; to continue, set `Next` instead");
                }
            }
            _ => cx.schema(at, format!("`End` must be `true`, not {}", v.kind())),
        },
        "InputPath" | "OutputPath" => nullable_path(cx, v, at, key, PathRule::Path),
        "ResultPath" => nullable_path(cx, v, at, key, PathRule::ResultPath),
        "Parameters" | "ResultSelector" | "ItemSelector" => {
            // The States Language: "A Payload Template MUST be a JSON object". In JSONata
            // states a whole `{% ... %}` expression may stand in for it.
            if ty == StateType::Pass && key == "Parameters" && v.as_array().is_some() {
                // Undetermined: the States Language says a payload template is an object,
                // but an EventBridge Pipes enrichment pattern deploys a Pass state whose
                // `Parameters` is an array. A warning until AWS's verdict is established.
                cx.push(Diagnostic::warning(
                    Code::SchemaValidationFailed,
                    at,
                    "`Parameters` is an array: the States Language wants a JSON object (a payload template); whether Step Functions accepts an array here is not established",
                ));
            } else if v.as_object().is_none() && !(jsonata && v.as_str().is_some()) {
                cx.schema(
                    at,
                    format!(
                        "`{key}` must be a JSON object (a payload template), not {}",
                        v.kind()
                    ),
                );
            } else {
                payload::payload(cx, ql, v, at);
            }
        }
        "Result" => pass_result(cx, v, at),
        "Arguments" => {
            if v.as_object().is_none() && v.as_str().is_none() {
                cx.schema(
                    at,
                    format!(
                        "`Arguments` must be an object or a JSONata expression, not {}",
                        v.kind()
                    ),
                );
            } else {
                payload::jsonata_value(cx, v, at, 0);
            }
        }
        "Output" | "Assign" => {
            // The task's result is there to shape only after the state's work is done.
            cx.states_result = ty.has_result();
            match (key, ql) {
                ("Output", _) => payload::jsonata_value(cx, v, at, 0),
                (_, QueryLanguage::JSONPath) => payload::jsonpath_assign(cx, v, at),
                (_, QueryLanguage::JSONata) => payload::jsonata_assign(cx, v, at),
            }
            cx.states_result = false;
        }
        "Retry" => retry_catch::retry(cx, v, at, state),
        "Catch" => retry_catch::catch(cx, v, at, ql, state),
        "Resource" => resource(cx, v, at),
        "Credentials" => task::credentials(cx, v, at, ql),
        "TimeoutSeconds" | "HeartbeatSeconds" => {
            int_or_expr(cx, ql, v, at, key, 1, MAX_INT);
        }
        "Seconds" => {
            int_or_expr(cx, ql, v, at, key, 0, MAX_INT);
            let limit = cx.options.workflow_type.max_duration_seconds();
            if let (Value::Number(n), Some(limit)) = (&v.value, limit) {
                if n.as_f64() > limit as f64 {
                    cx.error(
                        Code::SchemaValidationFailed,
                        at,
                        format!("an Express execution runs at most {limit} seconds: every execution that reaches this {n}-second Wait times out"),
                    );
                }
            }
        }
        "TimeoutSecondsPath"
        | "HeartbeatSecondsPath"
        | "SecondsPath"
        | "TimestampPath"
        | "ItemsPath"
        | "MaxConcurrencyPath"
        | "ToleratedFailurePercentagePath"
        | "ToleratedFailureCountPath" => {
            if let Some(s) = string(cx, v, at, key) {
                payload::path_string(cx, s, at, PathRule::Reference);
            }
        }
        "Timestamp" => {
            if let Some(s) = string(cx, v, at, key) {
                if jsonata && payload::jsonata_string(cx, s, at).is_some() {
                    return;
                }
                if !asl::is_rfc3339_timestamp(s) {
                    let hint = match path_counterpart(key, v) {
                        Some(p) => format!("; to read it from the input, use `{p}`"),
                        None => " (Step Functions needs an uppercase `T` and a `Z` or an offset)"
                            .to_string(),
                    };
                    cx.schema(
                        at,
                        format!("`{s}` is not an RFC 3339 timestamp such as `2016-03-14T01:59:00Z`{hint}"),
                    );
                }
            }
        }
        "Error" | "Cause" => {
            if let Some(s) = string(cx, v, at, key) {
                if jsonata && payload::jsonata_string(cx, s, at).is_some() {
                    return;
                }
                if let Some(p) = path_counterpart(key, v).filter(|_| !jsonata) {
                    // AWS's NO_PATH warning: the text is the error name or cause as written.
                    cx.push(Diagnostic::warning(
                        Code::NoPath,
                        at,
                        format!("`{s}` looks like a path, but `{key}` takes the text itself; to read it from the input, use `{p}`"),
                    ));
                } else if key == "Error" {
                    retry_catch::reserved_error_name(cx, s, at, "is not for custom errors");
                }
            }
        }
        "ErrorPath" | "CausePath" => {
            if let Some(s) = string(cx, v, at, key) {
                payload::path_string(cx, s, at, PathRule::ReferenceOrIntrinsic);
            }
        }
        "Choices" => choice::choices(cx, v, at, ql),
        "Branches" => match v.as_array() {
            None => cx.schema(at, format!("`Branches` must be an array, not {}", v.kind())),
            Some([]) => cx.schema(at, "`Branches` must have at least one branch"),
            Some(branches) => {
                for (i, b) in branches.iter().enumerate() {
                    let here = idx(at, i);
                    branch(cx, b, &here, depth, None);
                }
            }
        },
        "ItemProcessor" | "Iterator" => {
            // AWS accepts `ProcessorConfig` on the deprecated `Iterator` too (verdicts recorded
            // from AWS on real definitions).
            branch(cx, v, at, depth, Some(asl::PROCESSOR_FIELDS));
        }
        _ => map::map_field(cx, ql, key, v, at, state),
    }
}

/// A Parallel branch or a Map processor: a closed scope.
fn branch(cx: &mut Cx<'_>, node: &Node, at: &str, depth: usize, processor: Option<&[&str]>) {
    // The states of a branch or processor take their query language from the state machine,
    // as every other state does; the enclosing state's own `QueryLanguage` does not carry over.
    let ql = cx.machine_language;
    let Some(members) = node.as_object() else {
        cx.schema(
            at,
            format!(
                "a branch is an object with `StartAt` and `States`, not {}",
                node.kind()
            ),
        );
        return;
    };
    let allowed = processor.unwrap_or(asl::BRANCH_FIELDS);
    let what = if processor.is_some() {
        "a Map processor"
    } else {
        "a Parallel branch"
    };
    known_fields(cx, members, at, allowed, what);
    comment(cx, node, at);
    if let Some(config) = node.get("ProcessorConfig") {
        map::processor_config(cx, config, &ptr(at, "ProcessorConfig"));
    }
    scope(cx, node, at, ql, depth + 1);
}

/// Exactly-one and at-most-one groups, and required fields.
fn groups(cx: &mut Cx<'_>, ty: StateType, node: &Node, at: &str) {
    let has = |k: &str| node.get(k).is_some();
    if ty.has_transition() {
        let end = matches!(node.get("End").map(|n| &n.value), Some(Value::Bool(true)));
        match (has("Next"), end) {
            (true, true) => cx.schema(at, "a state cannot have both `Next` and `End`: keep one"),
            (false, false) if !has("End") => cx.missing(
                at,
                &["Next", "End"],
                format!("a {ty} state needs `Next` (the state that follows) or `End: true`"),
            ),
            _ => {}
        }
    }
    for r in asl::required_fields(ty) {
        if !has(r) {
            cx.missing(at, &[r], format!("a {ty} state needs `{r}`"));
        }
    }
    for group in asl::exclusive_fields(ty) {
        let set: Vec<&str> = group.iter().copied().filter(|k| has(k)).collect();
        if set.len() > 1 {
            cx.schema(
                at,
                format!("{} cannot be used together: keep one", quote_and(&set)),
            );
        }
    }
    match ty {
        StateType::Wait if !asl::WAIT_FIELDS.iter().any(|k| has(k)) => {
            cx.missing(at, asl::WAIT_FIELDS, "a Wait state needs one of `Seconds`, `Timestamp`, `SecondsPath` or `TimestampPath`");
        }
        StateType::Map if !has("ItemProcessor") && !has("Iterator") => {
            cx.missing(
                at,
                &["ItemProcessor", "Iterator"],
                "a Map state needs `ItemProcessor`",
            );
        }
        StateType::Task => {
            let secs = |k: &str| {
                node.get(k).and_then(|n| match &n.value {
                    Value::Number(x) => x.as_i64(),
                    _ => None,
                })
            };
            if let (Some(t), Some(h)) = (secs("TimeoutSeconds"), secs("HeartbeatSeconds")) {
                if h >= t {
                    cx.schema(
                        &ptr(at, "HeartbeatSeconds"),
                        format!(
                            "`HeartbeatSeconds` ({h}) must be smaller than `TimeoutSeconds` ({t})"
                        ),
                    );
                }
            }
        }
        _ => {}
    }
}

/// A Pass state's `Result` is used as it is written: a path in it (a `.$` key, or a string that
/// is a path) is not evaluated (AWS's PASS_RESULT_IS_STATIC warning).
fn pass_result(cx: &mut Cx<'_>, v: &Node, at: &str) {
    fn first_path(v: &Node, at: &str) -> Option<String> {
        match &v.value {
            Value::String(s) if payload::looks_like_path(s) => Some(at.to_string()),
            Value::Object(members) => members.iter().find_map(|m| {
                let here = ptr(at, &m.key);
                if m.key.ends_with(".$") {
                    Some(here)
                } else {
                    first_path(&m.value, &here)
                }
            }),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, item)| first_path(item, &idx(at, i))),
            _ => None,
        }
    }
    if let Some(here) = first_path(v, at) {
        cx.push(Diagnostic::warning(
            Code::PassResultIsStatic,
            &here,
            "`Result` is used as written: Step Functions does not evaluate paths in it; to build the output from the input, use `Parameters`",
        ));
    }
}

fn resource(cx: &mut Cx<'_>, v: &Node, at: &str) {
    let Some(s) = string(cx, v, at, "Resource") else {
        return;
    };
    if !cx.options.check_arns {
        return;
    }
    if let Some(problem) = catalog::resource_arn_problem(s) {
        cx.error(
            Code::InvalidResource,
            at,
            format!("`{s}` is not a valid resource ARN: {problem}"),
        );
    }
}

fn nullable_path(cx: &mut Cx<'_>, v: &Node, at: &str, key: &str, rule: PathRule) {
    match &v.value {
        Value::Null => {}
        Value::String(s) => {
            payload::path_string(cx, s, at, rule);
        }
        _ => cx.schema(
            at,
            format!("`{key}` must be a path string or null, not {}", v.kind()),
        ),
    }
}
