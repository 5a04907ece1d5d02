//! Task parameters checked against the service integration they call: the resource exists,
//! the pattern is supported, the parameters fit the API's input, and `.waitForTaskToken`
//! passes the task token.
//!
//! ```
//! use sfn_core::catalog::Pattern;
//! use sfn_core::validate::integration::{parse_resource, pattern_of, Resource};
//!
//! let resource = parse_resource("arn:aws:states:::ecs:runTask.sync");
//! let Resource::Optimized { base, suffix, .. } = resource else { panic!() };
//! assert_eq!(base, "arn:aws:states:::ecs:runTask");
//! assert_eq!(pattern_of(suffix), Some(Pattern::Sync));
//! assert!(sfn_core::catalog::optimized(base).unwrap().patterns.contains(&Pattern::Sync));
//! ```

use super::{idx, ptr, Cx};
use crate::catalog::{self, Integration, Pattern, Shape, ShapeId};
use crate::diagnostic::{Code, Diagnostic};
use crate::json::{Node, Value};
use crate::model::QueryLanguage;
use crate::suggest;

/// What a Task's `Resource` names.
///
/// ```
/// use sfn_core::validate::integration::{parse_resource, Resource};
///
/// assert_eq!(
///     parse_resource("arn:aws:states:::aws-sdk:s3:getObject"),
///     Resource::Sdk { service: "s3", action: "getObject", suffix: "" },
/// );
/// assert_eq!(
///     parse_resource("arn:aws:lambda:us-east-1:123456789012:function:charge"),
///     Resource::Other,
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resource<'a> {
    /// An optimized integration: `arn:aws:states:::ecs:runTask.sync`.
    Optimized {
        /// The resource without its suffix.
        base: &'a str,
        /// `ecs`.
        service: &'a str,
        /// `runTask`.
        action: &'a str,
        /// The suffix after the action (`""`, `.sync`, ...).
        suffix: &'a str,
    },
    /// An AWS SDK integration: `arn:aws:states:::aws-sdk:s3:getObject`.
    Sdk {
        /// `s3`.
        service: &'a str,
        /// `getObject`.
        action: &'a str,
        /// The suffix after the action.
        suffix: &'a str,
    },
    /// Anything else: a Lambda function or activity ARN, or a `${...}` substitution.
    Other,
}

/// Reads a Task resource.
///
/// ```
/// use sfn_core::validate::integration::{parse_resource, Resource};
///
/// assert_eq!(
///     parse_resource("arn:aws:states:::sqs:sendMessage.waitForTaskToken"),
///     Resource::Optimized {
///         base: "arn:aws:states:::sqs:sendMessage",
///         service: "sqs",
///         action: "sendMessage",
///         suffix: ".waitForTaskToken",
///     },
/// );
/// assert_eq!(parse_resource("arn:aws:states:::${Service}:run"), Resource::Other);
/// ```
pub fn parse_resource(resource: &str) -> Resource<'_> {
    if resource.contains("${") {
        return Resource::Other;
    }
    let Some(rest) = resource.strip_prefix("arn:") else {
        return Resource::Other;
    };
    let Some((_partition, rest)) = rest.split_once(':') else {
        return Resource::Other;
    };
    let Some(rest) = rest.strip_prefix("states:::") else {
        return Resource::Other;
    };
    let split_suffix = |s: &str| -> (usize, usize) {
        // `action.sync:2` -> action ends at the first `.`.
        match s.find('.') {
            Some(i) => (i, s.len()),
            None => (s.len(), s.len()),
        }
    };
    if let Some(sdk) = rest.strip_prefix("aws-sdk:") {
        let Some((service, rest)) = sdk.split_once(':') else {
            return Resource::Sdk {
                service: sdk,
                action: "",
                suffix: "",
            };
        };
        let (end, _) = split_suffix(rest);
        return Resource::Sdk {
            service,
            action: &rest[..end],
            suffix: &rest[end..],
        };
    }
    let Some((service, rest)) = rest.split_once(':') else {
        return Resource::Optimized {
            base: resource,
            service: rest,
            action: "",
            suffix: "",
        };
    };
    let (end, _) = split_suffix(rest);
    let base_len = resource.len() - (rest.len() - end);
    Resource::Optimized {
        base: &resource[..base_len],
        service,
        action: &rest[..end],
        suffix: &rest[end..],
    }
}

/// The pattern a resource suffix names.
///
/// ```
/// use sfn_core::catalog::Pattern;
/// use sfn_core::validate::integration::pattern_of;
///
/// assert_eq!(pattern_of(""), Some(Pattern::RequestResponse));
/// assert_eq!(pattern_of(".sync:2"), Some(Pattern::Sync2));
/// assert_eq!(pattern_of(".async"), None);
/// ```
pub fn pattern_of(suffix: &str) -> Option<Pattern> {
    match suffix {
        "" => Some(Pattern::RequestResponse),
        ".sync" => Some(Pattern::Sync),
        ".sync:2" => Some(Pattern::Sync2),
        ".waitForTaskToken" => Some(Pattern::WaitForTaskToken),
        _ => None,
    }
}

/// Checks a Task state's resource and parameters.
pub(crate) fn task(cx: &mut Cx<'_>, state: &Node, at: &str, ql: QueryLanguage) {
    let Some(resource) = state.get("Resource").and_then(Node::as_str) else {
        return;
    };
    let res_at = ptr(at, "Resource");
    let (params_key, params) = match ql {
        QueryLanguage::JSONPath => ("Parameters", state.get("Parameters")),
        QueryLanguage::JSONata => ("Arguments", state.get("Arguments")),
    };
    let params_at = ptr(at, params_key);
    match parse_resource(resource) {
        Resource::Other => {}
        Resource::Sdk {
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
            let Some(svc) = catalog::sdk_service(service) else {
                let (hint, sugg) =
                    suggest::hint(service, catalog::sdk_services().iter().map(|s| s.name));
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
            if pattern == Pattern::WaitForTaskToken {
                task_token(cx, params, &params_at, &res_at, ql);
            }
            if let Some(p) = params {
                parameters(cx, p, &params_at, input, &[], &[], ql);
            }
        }
        Resource::Optimized {
            base,
            service,
            action,
            suffix,
        } => {
            let Some(integration) = catalog::optimized(base) else {
                unknown_optimized(cx, base, service, action, &res_at);
                return;
            };
            let Some(pattern) = pattern_of(suffix) else {
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
                parameters(
                    cx,
                    p,
                    &params_at,
                    input,
                    integration.json_fields,
                    integration.forbidden,
                    ql,
                );
            } else if params.is_none() {
                if let Some(input) = integration.input {
                    missing_required(cx, input, at, params_key, integration);
                }
            }
        }
    }
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
        if !required.is_empty() {
            cx.error(
                Code::MissingParameter,
                at,
                format!(
                    "`{}` needs `{params_key}` with {}",
                    integration.resource,
                    list(required)
                ),
            );
        }
    }
}

fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
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

/// Checks parameters against an input shape.
fn parameters(
    cx: &mut Cx<'_>,
    node: &Node,
    at: &str,
    input: ShapeId,
    json_fields: &[&str],
    forbidden: &[catalog::Forbidden],
    ql: QueryLanguage,
) {
    let mut walk = Walk {
        cx,
        json_fields,
        forbidden,
        ql,
    };
    walk.value(node, at, input, "", 0);
}

struct Walk<'c, 'o> {
    cx: &'c mut Cx<'o>,
    json_fields: &'c [&'c str],
    forbidden: &'c [catalog::Forbidden],
    ql: QueryLanguage,
}

impl Walk<'_, '_> {
    /// Whether a value is computed when the state runs (its type is then unknown here).
    fn dynamic(&self, node: &Node) -> bool {
        self.ql == QueryLanguage::JSONata && node.as_str().is_some_and(crate::jsonata::is_template)
    }

    fn value(&mut self, node: &Node, at: &str, shape: ShapeId, path: &str, depth: usize) {
        if depth > crate::json::MAX_DEPTH || self.dynamic(node) {
            return;
        }
        if !path.is_empty() && self.json_fields.contains(&path) {
            return;
        }
        match catalog::shape(shape) {
            Shape::Structure { members, required } => {
                let Some(given) = node.as_object() else {
                    self.wrong(node, at, path, "an object");
                    return;
                };
                for m in given {
                    let (name, dynamic) = match m.key.strip_suffix(".$") {
                        Some(n) if self.ql == QueryLanguage::JSONPath => (n, true),
                        _ => (m.key.as_str(), false),
                    };
                    let here = ptr(at, &m.key);
                    let child = if path.is_empty() {
                        name.to_string()
                    } else {
                        format!("{path}.{name}")
                    };
                    if let Some(f) = self.forbidden.iter().find(|f| f.path == child) {
                        self.cx.push(
                            Diagnostic::error(
                                Code::UnknownParameter,
                                &here,
                                format!("`{name}` is not supported here: {}", f.reason),
                            )
                            .at_key(),
                        );
                        continue;
                    }
                    match members.iter().find(|(n, _)| *n == name) {
                        Some(&(_, member)) => {
                            if !dynamic {
                                self.value(&m.value, &here, member, &child, depth + 1);
                            }
                        }
                        None => self.unknown(name, &here, members, path),
                    }
                }
                let missing: Vec<&str> = required
                    .iter()
                    .copied()
                    .filter(|r| {
                        !given
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
                        format!("{whose} requires {}", list(&missing)),
                    );
                }
            }
            Shape::List { member, min, max } => {
                let Some(items) = node.as_array() else {
                    self.wrong(node, at, path, "a list");
                    return;
                };
                let n = items.len() as u64;
                if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
                    let range = match (min, max) {
                        (Some(a), Some(b)) => format!("{a} to {b}"),
                        (Some(a), None) => format!("at least {a}"),
                        (None, Some(b)) => format!("at most {b}"),
                        (None, None) => String::new(),
                    };
                    self.cx.error(
                        Code::InvalidParameterValue,
                        at,
                        format!("`{path}` takes {range} items, not {n}"),
                    );
                }
                let child = format!("{path}[]");
                for (i, item) in items.iter().enumerate() {
                    self.value(item, &idx(at, i), *member, &child, depth + 1);
                }
            }
            Shape::Map { value, .. } => {
                let Some(given) = node.as_object() else {
                    self.wrong(node, at, path, "an object");
                    return;
                };
                for m in given {
                    if !m.key.ends_with(".$") {
                        self.value(&m.value, &ptr(at, &m.key), *value, path, depth + 1);
                    }
                }
            }
            Shape::String {
                enum_values,
                min,
                max,
            } => {
                let Some(s) = node.as_str() else {
                    self.wrong(node, at, path, "a string");
                    return;
                };
                if s.contains("${") {
                    return;
                }
                if !enum_values.is_empty() && !enum_values.contains(&s) {
                    let (hint, sugg) = suggest::hint(s, enum_values.iter().copied());
                    let mut d = Diagnostic::error(
                        Code::InvalidParameterValue,
                        at,
                        format!(
                            "`{s}` is not a valid `{path}`: use {}.{hint}",
                            list(enum_values)
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
                            match (min, max) {
                                (Some(a), Some(b)) => format!("{a} to {b}"),
                                (Some(a), None) => format!("at least {a}"),
                                (None, Some(b)) => format!("at most {b}"),
                                (None, None) => String::new(),
                            }
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
                                format!(
                                    "`{path}` must be {}, not {v}",
                                    match (min, max) {
                                        (Some(a), Some(b)) => format!("between {a} and {b}"),
                                        (Some(a), None) => format!("at least {a}"),
                                        (None, Some(b)) => format!("at most {b}"),
                                        (None, None) => String::new(),
                                    }
                                ),
                            );
                        }
                    }
                }
                _ => self.wrong(node, at, path, "an integer"),
            },
            Shape::Float => {
                if !matches!(node.value, Value::Number(_)) {
                    self.wrong(node, at, path, "a number");
                }
            }
            Shape::Boolean => {
                if !matches!(node.value, Value::Bool(_)) {
                    self.wrong(node, at, path, "a boolean");
                }
            }
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

    fn unknown(&mut self, name: &str, at: &str, members: &[(&str, ShapeId)], path: &str) {
        let names = members.iter().map(|(n, _)| *n);
        let where_ = if path.is_empty() {
            "this integration".to_string()
        } else {
            format!("`{path}`")
        };
        let mut d = match suggest::closest(name, names) {
            Some(c) if suggest::case_only(name, c) => Diagnostic::error(
                Code::UnknownParameter,
                at,
                format!("`{name}` is not a parameter of {where_}: Step Functions parameters are PascalCase: use `{c}`"),
            )
            .with_suggestion(c),
            Some(c) => Diagnostic::error(
                Code::UnknownParameter,
                at,
                format!("`{name}` is not a parameter of {where_}; did you mean `{c}`?"),
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resources() {
        assert_eq!(
            parse_resource("arn:aws:states:::ecs:runTask.sync"),
            Resource::Optimized {
                base: "arn:aws:states:::ecs:runTask",
                service: "ecs",
                action: "runTask",
                suffix: ".sync"
            }
        );
        assert_eq!(
            parse_resource("arn:aws:states:::states:startExecution.sync:2"),
            Resource::Optimized {
                base: "arn:aws:states:::states:startExecution",
                service: "states",
                action: "startExecution",
                suffix: ".sync:2"
            }
        );
        assert_eq!(
            parse_resource("arn:aws:states:::aws-sdk:s3:getObject"),
            Resource::Sdk {
                service: "s3",
                action: "getObject",
                suffix: ""
            }
        );
        assert_eq!(
            parse_resource("arn:aws:lambda:us-east-1:123456789012:function:f"),
            Resource::Other
        );
        assert_eq!(parse_resource("${Arn}"), Resource::Other);
        assert_eq!(pattern_of(".sync:2"), Some(Pattern::Sync2));
        assert_eq!(pattern_of(".wait"), None);
    }
}
