//! Task parameters checked against the service integration they call: the resource exists,
//! the pattern is supported, the parameters fit the API's input, and `.waitForTaskToken`
//! passes the task token.

use super::check::{count_range, known_fields, quote_all, value_range};
use super::payload;
use super::{idx, ptr, Cx};
use crate::asl::{self, WorkflowType, CREDENTIALS_FIELDS};
use crate::catalog::{self, Integration, Member, ParamCursor, Pattern, Shape, ShapeId};
use crate::diagnostic::{Code, Diagnostic};
use crate::json::{Node, Value};
use crate::model::QueryLanguage;
use crate::suggest;

/// Why the AWS SDK integrations' names are not the AWS API's, in the messages that say so.
pub(super) const JAVA_NAMES: &str = "AWS SDK integrations use the Java SDK's names";

/// Checks a Task state's resource and parameters.
pub(super) fn task(cx: &mut Cx<'_>, state: &Node, at: &str, ql: QueryLanguage) {
    let Some(resource) = state.get("Resource").and_then(Node::as_str) else {
        return;
    };
    let res_at = ptr(at, "Resource");
    let (params_key, params) = match ql {
        QueryLanguage::JSONPath => ("Parameters", state.get("Parameters")),
        QueryLanguage::JSONata => ("Arguments", state.get("Arguments")),
    };
    let params_at = ptr(at, params_key);
    if cx.options.workflow_type == WorkflowType::Express {
        express(cx, resource, &res_at);
    }
    if cx.options.check_arns && !catalog::is_valid_resource_arn(resource) {
        // The state's check said so: one error, not also an unknown integration.
        return;
    }
    match catalog::parse_resource(resource) {
        catalog::Resource::Other => {}
        catalog::Resource::Sdk {
            service,
            action,
            suffix,
        } => {
            let pattern = match suffix {
                "" => Pattern::RequestResponse,
                ".waitForTaskToken" => Pattern::WaitForTaskToken,
                ".sync" | ".sync:2" => {
                    cx.error(
                        Code::UnsupportedIntegrationPattern,
                        &res_at,
                        format!("AWS SDK integrations do not support `{suffix}`: only request-response and `.waitForTaskToken`"),
                    );
                    return;
                }
                other => {
                    cx.error(
                        Code::InvalidResource,
                        &res_at,
                        format!("`{other}` is not an integration pattern: use `.waitForTaskToken` or nothing"),
                    );
                    return;
                }
            };
            if service.is_empty() || action.is_empty() {
                let missing = if service.is_empty() {
                    "service"
                } else {
                    "action"
                };
                cx.error(
                    Code::InvalidResource,
                    &res_at,
                    format!("`{resource}` names no {missing}: AWS SDK integrations are `arn:aws:states:::aws-sdk:<service>:<action>`, such as `arn:aws:states:::aws-sdk:s3:getObject`"),
                );
                return;
            }
            let Some(svc) = catalog::sdk_service(service) else {
                // A service Step Functions removed or cannot call is named right: say why,
                // and suggest nothing.
                if let Some(why) = catalog::not_an_sdk_service(service) {
                    cx.error(
                        Code::InvalidResource,
                        &res_at,
                        format!(
                            "`{service}` is not a service of the AWS SDK integrations ({why})."
                        ),
                    );
                    return;
                }
                // A service that has the action is the likelier one meant (`chim:listChannels`
                // is Chime SDK Messaging's, not Chime SDK Voice's); any near service otherwise.
                let with_action = catalog::suggestable_sdk_services()
                    .filter(|s| s.operations.iter().any(|(a, _)| *a == action))
                    .map(|s| s.name);
                let (hint, sugg) = match suggest::hint(service, with_action) {
                    (_, None) => {
                        suggest::hint(service, catalog::suggestable_sdk_services().map(|s| s.name))
                    }
                    found => found,
                };
                let mut d = Diagnostic::error(
                    Code::InvalidResource,
                    &res_at,
                    format!("`{service}` is not a service of the AWS SDK integrations.{hint}"),
                );
                d.suggestion =
                    sugg.map(|s| format!("arn:aws:states:::aws-sdk:{s}:{action}{suffix}"));
                cx.push(d);
                return;
            };
            let Some(&(_, input)) = svc.operations.iter().find(|(a, _)| *a == action) else {
                let names = svc.operations.iter().map(|(a, _)| *a);
                let (hint, _) = suggest::hint(action, names);
                let case = if hint.is_empty() && action.starts_with(char::is_uppercase) {
                    " AWS SDK actions are camelCase, as in `getObject`."
                } else {
                    ""
                };
                cx.error(
                    Code::InvalidResource,
                    &res_at,
                    format!("`{action}` is not an action of `{service}`.{hint}{case}"),
                );
                return;
            };
            if let Some(end) = svc.end_of_support() {
                if !end.unaffected.contains(&action) {
                    end_of_support(cx, end, &res_at);
                }
            }
            if pattern == Pattern::WaitForTaskToken {
                task_token(cx, params, &params_at, &res_at, ql);
            }
            if let Some(p) = params {
                parameters(
                    cx,
                    p,
                    &params_at,
                    &ParamCursor::new(input, &[], &[]),
                    ql,
                    true,
                );
            }
        }
        catalog::Resource::Optimized {
            base,
            service,
            action,
            suffix,
        } => {
            let Some(integration) = catalog::optimized(base) else {
                unknown_optimized(cx, base, service, action, &res_at);
                return;
            };
            let Some(pattern) = catalog::pattern_of(suffix) else {
                cx.error(
                    Code::InvalidResource,
                    &res_at,
                    format!("`{suffix}` is not an integration pattern: use nothing, `.sync`, `.sync:2` or `.waitForTaskToken`"),
                );
                return;
            };
            if !integration.patterns.contains(&pattern) {
                let supported: Vec<String> = integration
                    .patterns
                    .iter()
                    .map(|p| format!("`{base}{}`", p.suffix()))
                    .collect();
                cx.error(
                    Code::UnsupportedIntegrationPattern,
                    &res_at,
                    format!(
                        "`{base}` does not support the {} pattern (`{suffix}`); it supports {}",
                        pattern.name(),
                        supported.join(", ")
                    ),
                );
            }
            if pattern == Pattern::WaitForTaskToken {
                task_token(cx, params, &params_at, &res_at, ql);
            }
            if let (Some(p), Some(input)) = (params, integration.input) {
                let root = ParamCursor::new(input, integration.json_fields, integration.forbidden);
                parameters(cx, p, &params_at, &root, ql, false);
            } else if params.is_none() {
                if let Some(input) = integration.input {
                    missing_required(cx, input, at, params_key, integration);
                }
            }
        }
    }
}

/// What an Express workflow refuses in a Task's resource. AWS's `CreateStateMachine` answers
/// "SCHEMA_VALIDATION_FAILED: Express state machine does not support '.sync' service
/// integration" for the job-run and callback patterns, and "... does not support Activity ARN";
/// the developer guide's "Choosing workflow type" lists neither as available to Express.
fn express(cx: &mut Cx<'_>, resource: &str, at: &str) {
    let suffix = match catalog::parse_resource(resource) {
        catalog::Resource::Optimized { suffix, .. } | catalog::Resource::Sdk { suffix, .. } => {
            suffix
        }
        catalog::Resource::Other => "",
    };
    if matches!(suffix, ".sync" | ".sync:2" | ".waitForTaskToken") {
        cx.error(
            Code::UnsupportedIntegrationPattern,
            at,
            format!("Express state machine does not support '{suffix}' service integration: Express workflows run request-response integrations only; drop `{suffix}` or create the state machine as a Standard workflow"),
        );
    } else if catalog::is_activity_arn(resource) {
        cx.schema(
            at,
            "Express state machine does not support Activity ARN: activities run only in Standard workflows",
        );
    }
}

/// A Task calling a service AWS discontinues: Step Functions accepts the definition, and AWS's
/// notice says the service is no longer accessible after the date, so a warning that cites it
/// (an error would need the date of the deployment).
fn end_of_support(cx: &mut Cx<'_>, end: &catalog::EndOfSupport, at: &str) {
    let remains = if end.remains.is_empty() {
        String::new()
    } else {
        format!("; {}", end.remains)
    };
    let when = if end.date.is_empty() {
        format!("AWS has discontinued {}: its", end.product)
    } else {
        format!(
            "AWS ends support for {} on {}: after that date its",
            end.product, end.date
        )
    };
    cx.push(Diagnostic::warning(
        Code::InvalidResource,
        at,
        format!(
            "{when} console and resources are no longer accessible, and calls to it fail{remains} (AWS's notice: {})",
            end.source
        ),
    ));
}

fn unknown_optimized(cx: &mut Cx<'_>, base: &str, service: &str, action: &str, at: &str) {
    let resources = catalog::optimized_integrations().iter().map(|i| i.resource);
    let (hint, sugg) = suggest::hint(base, resources);
    let sdk = catalog::sdk_service(service)
        .filter(|s| s.operations.iter().any(|(a, _)| *a == action))
        .map(|_| {
            format!(
                " For the AWS SDK integration, use `arn:aws:states:::aws-sdk:{service}:{action}`."
            )
        })
        .unwrap_or_default();
    let mut d = Diagnostic::error(
        Code::InvalidResource,
        at,
        format!("`{base}` is not an optimized Step Functions integration.{hint}{sdk}"),
    );
    d.suggestion = sugg;
    cx.push(d);
}

fn missing_required(
    cx: &mut Cx<'_>,
    input: ShapeId,
    at: &str,
    params_key: &str,
    integration: &Integration,
) {
    if let Shape::Structure { required, .. } = catalog::shape(input) {
        // `Parameters` in a JSONata state was reported with its fix (`Arguments`).
        if !required.is_empty() {
            cx.missing_as(
                Code::MissingParameter,
                at,
                &[params_key],
                format!(
                    "`{}` needs `{params_key}` with {}",
                    integration.resource,
                    quote_all(required)
                ),
            );
        }
    }
}

/// `.waitForTaskToken` needs the task token in the parameters, or the task can never report
/// back.
fn task_token(
    cx: &mut Cx<'_>,
    params: Option<&Node>,
    params_at: &str,
    res_at: &str,
    ql: QueryLanguage,
) {
    let needle = match ql {
        QueryLanguage::JSONPath => "$$.Task.Token",
        QueryLanguage::JSONata => "$states.context.Task.Token",
    };
    let found = params.is_some_and(|p| mentions(p, needle, 0));
    if !found {
        let at = if params.is_some() { params_at } else { res_at };
        // Step Functions accepts such a definition; the task then waits until it times out.
        cx.push(Diagnostic::warning(
            Code::MissingTaskToken,
            at,
            match ql {
                QueryLanguage::JSONPath => "`.waitForTaskToken` waits for a callback with the task token, but the parameters never pass it: add a field such as `\"TaskToken.$\": \"$$.Task.Token\"`".to_string(),
                QueryLanguage::JSONata => "`.waitForTaskToken` waits for a callback with the task token, but the arguments never pass it: add a field such as `\"TaskToken\": \"{% $states.context.Task.Token %}\"`".to_string(),
            },
        ));
    }
}

fn mentions(node: &Node, needle: &str, depth: usize) -> bool {
    if depth > crate::json::MAX_DEPTH {
        return false;
    }
    match &node.value {
        Value::String(s) => s.contains(needle),
        Value::Array(items) => items.iter().any(|n| mentions(n, needle, depth + 1)),
        Value::Object(members) => members
            .iter()
            .any(|m| mentions(&m.value, needle, depth + 1)),
        _ => false,
    }
}

/// Checks parameters against the API shape under the cursor.
fn parameters(
    cx: &mut Cx<'_>,
    node: &Node,
    at: &str,
    root: &ParamCursor,
    ql: QueryLanguage,
    sdk: bool,
) {
    Walk { cx, ql, sdk }.value(node, at, root, 0);
}

struct Walk<'c, 'o> {
    cx: &'c mut Cx<'o>,
    ql: QueryLanguage,
    /// An AWS SDK integration (`aws-sdk:...`), whose request the Java SDK builds.
    sdk: bool,
}

impl Walk<'_, '_> {
    /// Whether a value is computed when the state runs (its type is then unknown here).
    fn dynamic(&self, node: &Node) -> bool {
        self.ql == QueryLanguage::JSONata && node.as_str().is_some_and(crate::jsonata::is_template)
    }

    fn value(&mut self, node: &Node, at: &str, cur: &ParamCursor, depth: usize) {
        // An unquoted `${Name}` stands for a value of the parameter's type.
        if depth > crate::json::MAX_DEPTH
            || self.dynamic(node)
            || cur.takes_any_json()
            || node.is_placeholder()
        {
            return;
        }
        let path = cur.path();
        match cur.shape() {
            Shape::Structure { required, .. } => {
                let Some(given) = node.as_object() else {
                    self.wrong(node, at, path, "an object");
                    return;
                };
                // Required members given under a misspelled name: the unknown-name error already
                // names them, so they are not reported missing too.
                let mut misspelled: Vec<&str> = Vec::new();
                for m in given {
                    let (name, dynamic) = catalog::payload_key(&m.key, self.ql);
                    let here = ptr(at, &m.key);
                    match cur.member(name) {
                        Member::Found(child) => {
                            if !dynamic {
                                self.value(&m.value, &here, &child, depth + 1);
                            }
                        }
                        Member::Forbidden(f) => self.cx.push(
                            Diagnostic::error(
                                Code::UnknownParameter,
                                &here,
                                format!("`{name}` is not supported here: {}", f.reason),
                            )
                            .at_key(),
                        ),
                        Member::ModelName(sdk_name) => {
                            self.model_name(name, sdk_name, &here);
                            misspelled.push(sdk_name);
                        }
                        Member::Unknown(members) => {
                            if let Some(meant) = self.unknown(name, &here, members, path) {
                                misspelled.push(meant);
                            }
                        }
                        Member::NotObject => {}
                    }
                }
                let missing: Vec<&str> = required
                    .iter()
                    .copied()
                    .filter(|r| {
                        !misspelled.contains(r)
                            && !given
                                .iter()
                                .any(|m| m.key == *r || m.key.strip_suffix(".$") == Some(r))
                    })
                    .collect();
                if !missing.is_empty() {
                    let whose = if path.is_empty() {
                        "the integration".to_string()
                    } else {
                        format!("`{path}`")
                    };
                    self.cx.error(
                        Code::MissingParameter,
                        at,
                        format!("{whose} requires {}", quote_all(&missing)),
                    );
                }
            }
            Shape::List { min, max, .. } => {
                let Some(items) = node.as_array() else {
                    self.wrong(node, at, path, "a list");
                    return;
                };
                let n = items.len() as u64;
                if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
                    let range = count_range(*min, *max);
                    self.cx.error(
                        Code::InvalidParameterValue,
                        at,
                        format!("`{path}` takes {range} items, not {n}"),
                    );
                }
                if let Some(item_cur) = cur.item() {
                    for (i, item) in items.iter().enumerate() {
                        self.value(item, &idx(at, i), &item_cur, depth + 1);
                    }
                }
            }
            Shape::Map { .. } => {
                let Some(given) = node.as_object() else {
                    self.wrong(node, at, path, "an object");
                    return;
                };
                for m in given {
                    if let (false, Member::Found(value)) =
                        (m.key.ends_with(".$"), cur.member(&m.key))
                    {
                        self.value(&m.value, &ptr(at, &m.key), &value, depth + 1);
                    }
                }
            }
            Shape::String {
                enum_values,
                min,
                max,
            } => {
                let Some(s) = node.as_str() else {
                    if self.sdk && matches!(node.value, Value::Object(_) | Value::Array(_)) {
                        // Undetermined: deployed definitions pass a JSON object as the
                        // `Input` of `sfn:startSyncExecution`, EventBridge's `Detail` or the
                        // Scheduler's `Target.Input`, and whether Step Functions serializes it
                        // for the Java SDK (as its optimized integrations do) is not
                        // established. A warning until it is.
                        self.cx.push(Diagnostic::warning(
                            Code::InvalidParameterValue,
                            at,
                            format!("`{path}` takes a string (JSON text), not {}; whether Step Functions turns it into text for an AWS SDK integration is not established: pass `States.JsonToString(...)` to be sure", node.kind()),
                        ));
                        return;
                    }
                    self.wrong(node, at, path, "a string");
                    return;
                };
                if asl::has_placeholder(s) {
                    return;
                }
                if !enum_values.is_empty() && !enum_values.contains(&s) {
                    let (hint, sugg) = suggest::hint(s, enum_values.iter().copied());
                    let mut d = Diagnostic::error(
                        Code::InvalidParameterValue,
                        at,
                        format!(
                            "`{s}` is not a valid `{path}`: use {}.{hint}",
                            quote_all(enum_values)
                        ),
                    );
                    d.suggestion = sugg;
                    self.cx.push(d);
                }
                let n = s.chars().count() as u64;
                if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
                    self.cx.error(
                        Code::InvalidParameterValue,
                        at,
                        format!(
                            "`{path}` takes {} characters, not {n}",
                            count_range(*min, *max)
                        ),
                    );
                }
            }
            Shape::Integer { min, max } => match &node.value {
                Value::Number(n) if n.is_integer_literal() => {
                    if let Some(v) = n.as_i64() {
                        if min.is_some_and(|m| v < m) || max.is_some_and(|m| v > m) {
                            self.cx.error(
                                Code::InvalidParameterValue,
                                at,
                                format!("`{path}` must be {}, not {v}", value_range(*min, *max)),
                            );
                        }
                    }
                }
                Value::String(s) if s.trim().parse::<i64>().is_ok() => {
                    self.quoted_scalar(at, path, "an integer", s);
                }
                _ => self.wrong(node, at, path, "an integer"),
            },
            Shape::Float => match &node.value {
                Value::Number(_) => {}
                Value::String(s) if s.trim().parse::<f64>().is_ok_and(f64::is_finite) => {
                    self.quoted_scalar(at, path, "a number", s);
                }
                _ => self.wrong(node, at, path, "a number"),
            },
            Shape::Boolean => match &node.value {
                Value::Bool(_) => {}
                Value::String(s) if s == "true" || s == "false" => {
                    self.quoted_scalar(at, path, "a boolean", s);
                }
                _ => self.wrong(node, at, path, "a boolean"),
            },
            Shape::Timestamp => {
                if !matches!(node.value, Value::String(_) | Value::Number(_)) {
                    self.wrong(node, at, path, "a timestamp");
                }
            }
            // Step Functions serializes a JSON value given for binary data (an S3 object's
            // `Body`, a Lambda `Payload`), so any value fits.
            Shape::Blob | Shape::Document => {}
        }
    }

    /// A boolean or a number written as a string (`"true"`, `"5"`). Undetermined: the Java SDK
    /// reads JSON into its request objects, and whether Step Functions reads such a string as
    /// the value it spells is not established. A warning until it is.
    fn quoted_scalar(&mut self, at: &str, path: &str, want: &str, s: &str) {
        self.cx.push(Diagnostic::warning(
            Code::InvalidParameterValue,
            at,
            format!("`{path}` takes {want}; the string \"{s}\" may not be read as one: write `{}` without quotes", s.trim()),
        ));
    }

    fn wrong(&mut self, node: &Node, at: &str, path: &str, want: &str) {
        let mut message = format!("`{path}` takes {want}, not {}", node.kind());
        if let (Some(s), true) = (node.as_str(), self.ql == QueryLanguage::JSONPath) {
            if s.starts_with('$') {
                let key = path.rsplit(['.', '[']).next().unwrap_or(path);
                message.push_str(&format!("; to pass a path, name the field `{key}.$`"));
            }
        }
        self.cx.error(Code::InvalidParameterValue, at, message);
    }

    /// Reports the API model's spelling of a member that AWS SDK integrations name otherwise.
    fn model_name(&mut self, name: &str, sdk_name: &'static str, at: &str) {
        self.cx.push(
            Diagnostic::error(
                Code::UnknownParameter,
                at,
                format!("`{name}` is the AWS API's name of this parameter, but {JAVA_NAMES}: use `{sdk_name}`"),
            )
            .with_suggestion(sdk_name)
            .at_key(),
        );
    }

    /// Reports a member the shape does not have; returns the member it is likely a typo of.
    fn unknown(
        &mut self,
        name: &str,
        at: &str,
        members: &'static [(&'static str, ShapeId)],
        path: &str,
    ) -> Option<&'static str> {
        let names = members.iter().map(|(n, _)| *n);
        let closest = suggest::closest(name, names.clone());
        let where_ = if path.is_empty() {
            "this integration".to_string()
        } else {
            format!("`{path}`")
        };
        let mut d = match closest {
            Some(c) if suggest::case_only(name, c) => Diagnostic::error(
                Code::UnknownParameter,
                at,
                format!("`{name}` is not a parameter of {where_}: Step Functions parameters are PascalCase: use `{c}`"),
            )
            .with_suggestion(c),
            Some(c) => Diagnostic::error(
                Code::UnknownParameter,
                at,
                format!(
                    "`{name}` is not a parameter of {where_}; {}{c}{}",
                    suggest::DID_YOU_MEAN.0,
                    suggest::DID_YOU_MEAN.1
                ),
            )
            .with_suggestion(c),
            None => Diagnostic::error(
                Code::UnknownParameter,
                at,
                format!("`{name}` is not a parameter of {where_}"),
            ),
        };
        d.at_key = true;
        self.cx.push(d);
        closest
    }
}

pub(super) fn credentials(cx: &mut Cx<'_>, v: &Node, at: &str, ql: QueryLanguage) {
    let Some(members) = v.as_object() else {
        cx.schema(
            at,
            format!(
                "`Credentials` must be an object with `RoleArn`, not {}",
                v.kind()
            ),
        );
        return;
    };
    let allowed: &[&str] = match ql {
        QueryLanguage::JSONPath => &[CREDENTIALS_FIELDS[0], "RoleArn.$"],
        QueryLanguage::JSONata => CREDENTIALS_FIELDS,
    };
    // Step Functions' `TaskCredentials` has one field: the role to assume.
    known_fields(cx, members, at, allowed, "Credentials");
    if !members.iter().any(|m| allowed.contains(&m.key.as_str())) {
        cx.missing(
            at,
            &["RoleArn", "RoleArn.$"],
            "`Credentials` needs `RoleArn`, the role the task assumes",
        );
    }
    payload::payload(cx, ql, v, at);
}
