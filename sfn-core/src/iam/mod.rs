//! The least-privilege IAM policy a state machine's role needs, derived from its Task states.
//!
//! Each integration's statements come from the catalog (the Step Functions developer guide's
//! IAM pages, per integration pattern). Resources are scoped to the literal values in the
//! definition; a resource that comes from a path at run time becomes `*`, with a note.
//!
//! ```
//! let root = sfn_core::json::parse(
//!     r#"{
//!       "StartAt": "Charge",
//!       "States": {
//!         "Charge": {
//!           "Type": "Task",
//!           "Resource": "arn:aws:states:::lambda:invoke",
//!           "Parameters": {
//!             "FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:charge",
//!             "Payload.$": "$"
//!           },
//!           "End": true
//!         }
//!       }
//!     }"#,
//! )
//! .root
//! .unwrap();
//! let policy = sfn_core::iam::policy(&root);
//! assert_eq!(policy.statements[0].actions, ["lambda:InvokeFunction"]);
//! assert_eq!(
//!     policy.statements[0].resources[0],
//!     "arn:aws:lambda:us-east-1:123456789012:function:charge",
//! );
//! ```

use std::collections::BTreeMap;

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::catalog;
use crate::catalog::{parse_resource, pattern_of, Resource};
use crate::json::{Node, Value};

/// A policy document: `{"Version": "2012-10-17", "Statement": [...]}`.
///
/// `Serialize` writes the policy document (without the notes).
///
/// ```
/// use sfn_core::iam::{Policy, Statement};
///
/// let policy = Policy {
///     statements: vec![Statement {
///         actions: vec!["sqs:SendMessage".into()],
///         resources: vec!["arn:aws:sqs:us-east-1:123456789012:orders".into()],
///     }],
///     notes: Vec::new(),
/// };
/// let doc = serde_json::to_value(&policy).unwrap();
/// assert_eq!(doc["Version"], "2012-10-17");
/// assert_eq!(doc["Statement"][0]["Action"][0], "sqs:SendMessage");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Policy {
    /// The statements, merged and in a fixed order.
    pub statements: Vec<Statement>,
    /// Why some resources are `*`: one line per cause, for people reading the policy.
    pub notes: Vec<String>,
}

/// One `Allow` statement.
///
/// `Serialize` writes `{"Effect": "Allow", "Action": [...], "Resource": [...]}`.
///
/// ```
/// use sfn_core::iam::Statement;
///
/// let statement = Statement {
///     actions: vec!["states:StartExecution".into()],
///     resources: vec!["arn:aws:states:us-east-1:123456789012:stateMachine:ship".into()],
/// };
/// assert_eq!(
///     serde_json::to_value(&statement).unwrap(),
///     serde_json::json!({
///         "Effect": "Allow",
///         "Action": ["states:StartExecution"],
///         "Resource": ["arn:aws:states:us-east-1:123456789012:stateMachine:ship"],
///     }),
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Statement {
    /// Actions, sorted.
    pub actions: Vec<String>,
    /// Resources, sorted (`*` alone when any resource is `*`).
    pub resources: Vec<String>,
}

impl Serialize for Statement {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("Effect", "Allow")?;
        map.serialize_entry("Action", &self.actions)?;
        map.serialize_entry("Resource", &self.resources)?;
        map.end()
    }
}

impl Serialize for Policy {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("Version", "2012-10-17")?;
        map.serialize_entry("Statement", &self.statements)?;
        map.end()
    }
}

impl Policy {
    /// The policy as compact JSON.
    ///
    /// ```
    /// let root = sfn_core::json::parse(
    ///     r#"{
    ///       "StartAt": "Notify",
    ///       "States": {
    ///         "Notify": {
    ///           "Type": "Task",
    ///           "Resource": "arn:aws:states:::sns:publish",
    ///           "Parameters": {"TopicArn": "${TopicArn}", "Message.$": "$.text"},
    ///           "End": true
    ///         }
    ///       }
    ///     }"#,
    /// )
    /// .root
    /// .unwrap();
    /// assert_eq!(
    ///     sfn_core::iam::policy(&root).to_json(),
    ///     concat!(
    ///         r#"{"Version":"2012-10-17","Statement":["#,
    ///         r#"{"Effect":"Allow","Action":["sns:Publish"],"Resource":["${TopicArn}"]}]}"#,
    ///     ),
    /// );
    /// ```
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Where the state machine runs, as far as its literal ARNs tell.
#[derive(Debug, Default)]
struct Place {
    partition: Option<String>,
    region: Option<String>,
    account: Option<String>,
}

/// Derives the policy of a valid definition.
///
/// ```
/// let root = sfn_core::json::parse(
///     r#"{
///       "StartAt": "Report",
///       "States": {
///         "Report": {
///           "Type": "Task",
///           "Resource": "arn:aws:states:::ecs:runTask.sync",
///           "Parameters": {
///             "Cluster": "arn:aws:ecs:us-east-1:123456789012:cluster/jobs",
///             "TaskDefinition": "arn:aws:ecs:us-east-1:123456789012:task-definition/report:1"
///           },
///           "End": true
///         }
///       }
///     }"#,
/// )
/// .root
/// .unwrap();
/// let policy = sfn_core::iam::policy(&root);
/// let run = policy.statements.iter().find(|s| s.actions == ["ecs:RunTask"]).unwrap();
/// assert_eq!(run.resources, ["arn:aws:ecs:us-east-1:123456789012:task-definition/report:1"]);
/// // `.sync` also needs the EventBridge rule that reports the task's end.
/// assert!(policy.statements.iter().any(|s| s.actions.contains(&"events:PutRule".to_string())));
/// ```
pub fn policy(root: &Node) -> Policy {
    let mut place = Place::default();
    find_place(root, &mut place, 0);
    let mut grants: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
    let mut notes = Vec::new();
    let mut states = Vec::new();
    collect_states(root, &mut states, 0);
    for (name, state) in states {
        match state.get("Type").and_then(Node::as_str) {
            Some("Task") => grant_task(&name, state, &place, &mut grants, &mut notes),
            Some("Map") => grant_map(&name, state, &place, &mut grants, &mut notes),
            _ => {}
        }
    }
    // Merge statements whose resources are the same, then order deterministically.
    let mut by_resources: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
    for (actions, mut resources) in grants {
        resources.sort();
        resources.dedup();
        if resources.iter().any(|r| r == "*") {
            resources = vec!["*".to_string()];
        }
        by_resources.entry(resources).or_default().extend(actions);
    }
    let mut statements: Vec<Statement> = by_resources
        .into_iter()
        .map(|(resources, mut actions)| {
            actions.sort();
            actions.dedup();
            Statement { actions, resources }
        })
        .collect();
    statements.sort();
    notes.sort();
    notes.dedup();
    Policy { statements, notes }
}

/// Every state, nested ones included, with its name.
fn collect_states<'a>(node: &'a Node, out: &mut Vec<(String, &'a Node)>, depth: usize) {
    if depth > 64 {
        return;
    }
    let Some(states) = node.get("States").and_then(Node::as_object) else {
        return;
    };
    for m in states {
        let state = &m.value;
        out.push((m.key.clone(), state));
        match state.get("Type").and_then(Node::as_str) {
            Some("Parallel") => {
                for b in state
                    .get("Branches")
                    .and_then(Node::as_array)
                    .unwrap_or_default()
                {
                    collect_states(b, out, depth + 1);
                }
            }
            Some("Map") => {
                for key in ["ItemProcessor", "Iterator"] {
                    if let Some(p) = state.get(key) {
                        collect_states(p, out, depth + 1);
                    }
                }
            }
            _ => {}
        }
    }
}

/// The partition, region and account of the first literal ARN that names both a region and an
/// account (global ARNs such as IAM roles name no region and do not count).
fn find_place(node: &Node, place: &mut Place, depth: usize) {
    if depth > crate::json::MAX_DEPTH || place.account.is_some() {
        return;
    }
    match &node.value {
        Value::String(s) if s.starts_with("arn:") && !s.contains("${") => {
            let parts: Vec<&str> = s.splitn(6, ':').collect();
            if parts.len() == 6 && !parts[3].is_empty() && !parts[4].is_empty() {
                place.partition = Some(parts[1].to_string());
                place.region = Some(parts[3].to_string());
                place.account = Some(parts[4].to_string());
            }
        }
        Value::Array(items) => items.iter().for_each(|n| find_place(n, place, depth + 1)),
        Value::Object(members) => members
            .iter()
            .for_each(|m| find_place(&m.value, place, depth + 1)),
        _ => {}
    }
}

fn grant_task(
    name: &str,
    task: &Node,
    place: &Place,
    grants: &mut BTreeMap<Vec<String>, Vec<String>>,
    notes: &mut Vec<String>,
) {
    let Some(resource) = task.get("Resource").and_then(Node::as_str) else {
        return;
    };
    let params = task.get("Parameters").or_else(|| task.get("Arguments"));
    if let Some(credentials) = task.get("Credentials") {
        // The role the task assumes: the state machine's role must be allowed to assume it.
        let role = fill("${Param:RoleArn}", Some(credentials), place, name, notes);
        grants
            .entry(vec!["sts:AssumeRole".to_string()])
            .or_default()
            .push(role);
    }
    match parse_resource(resource) {
        Resource::Optimized { base, suffix, .. } => {
            let (Some(integration), Some(pattern)) = (catalog::optimized(base), pattern_of(suffix))
            else {
                return;
            };
            for t in integration
                .iam
                .iter()
                .filter(|t| t.patterns.contains(&pattern))
            {
                let resources: Vec<String> = t
                    .resources
                    .iter()
                    .flat_map(|r| fill_all(r, params, place, name, notes))
                    .collect();
                grants
                    .entry(t.actions.iter().map(|a| a.to_string()).collect())
                    .or_default()
                    .extend(resources);
            }
        }
        Resource::Sdk {
            service, action, ..
        } => {
            // The validator refuses unknown services: there is nothing to grant for one.
            let Some(svc) = catalog::sdk_service(service) else {
                notes.push(format!(
                    "`{name}` calls `{service}:{action}`, which is not an AWS SDK integration: add the permissions it needs"
                ));
                return;
            };
            let actions = svc.iam_actions(action);
            notes.push(format!(
                "`{name}` calls `{service}:{action}` through the AWS SDK integration: {} {} granted on `*`; narrow the resources to what the call touches",
                actions.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", "),
                if actions.len() == 1 { "is" } else { "are" },
            ));
            for a in actions {
                grants.entry(vec![a]).or_default().push("*".to_string());
            }
        }
        Resource::Other => {
            if crate::asl::has_placeholder(resource) {
                notes.push(format!(
                    "`{name}` calls `{resource}`, which is known only at deployment: add the permissions it needs"
                ));
            } else if resource.contains(":lambda:") && resource.contains(":function:") {
                grants
                    .entry(vec!["lambda:InvokeFunction".to_string()])
                    .or_default()
                    .push(resource.to_string());
            }
        }
    }
}

/// A Distributed Map runs its items as child executions of this state machine, and reads and
/// writes S3 when it has an `ItemReader` or a `ResultWriter` (the developer guide's "IAM
/// policies for using Distributed Map states").
fn grant_map(
    name: &str,
    map: &Node,
    place: &Place,
    grants: &mut BTreeMap<Vec<String>, Vec<String>>,
    notes: &mut Vec<String>,
) {
    let distributed = map
        .get("ItemProcessor")
        .and_then(|p| p.get("ProcessorConfig"))
        .and_then(|c| c.get("Mode"))
        .and_then(Node::as_str)
        == Some("DISTRIBUTED");
    if !distributed {
        return;
    }
    let region = place.region.as_deref().unwrap_or("*");
    let account = place.account.as_deref().unwrap_or("*");
    let partition = place.partition.as_deref().unwrap_or("aws");
    grants
        .entry(vec!["states:StartExecution".to_string()])
        .or_default()
        .push(format!(
            "arn:{partition}:states:{region}:{account}:stateMachine:*"
        ));
    grants
        .entry(vec![
            "states:DescribeExecution".to_string(),
            "states:StopExecution".to_string(),
        ])
        .or_default()
        .push(format!(
            "arn:{partition}:states:{region}:{account}:execution:*"
        ));
    notes.push(format!(
        "`{name}` is a Distributed Map: it starts child executions of this state machine, whose name the definition does not give, so they are scoped to `stateMachine:*`; narrow them to its name"
    ));
    let s3 = |section: &Node, key: &str, notes: &mut Vec<String>| -> String {
        let params = section
            .get("Parameters")
            .or_else(|| section.get("Arguments"));
        let bucket = fill("${Param:Bucket}", params, place, name, notes);
        let object = fill(&format!("${{Param:{key}}}"), params, place, name, notes);
        match (bucket.as_str(), object.as_str(), key) {
            ("*", _, _) => format!("arn:{partition}:s3:::*"),
            (_, "*", _) => format!("arn:{partition}:s3:::{bucket}/*"),
            (_, _, "Prefix") => format!("arn:{partition}:s3:::{bucket}/{object}*"),
            _ => format!("arn:{partition}:s3:::{bucket}/{object}"),
        }
    };
    if let Some(reader) = map.get("ItemReader") {
        match reader.get("Resource").and_then(Node::as_str) {
            Some(r) if r.ends_with("s3:listObjectsV2") => {
                let params = reader.get("Parameters").or_else(|| reader.get("Arguments"));
                let bucket = fill("${Param:Bucket}", params, place, name, notes);
                grants
                    .entry(vec!["s3:ListBucket".to_string()])
                    .or_default()
                    .push(format!("arn:{partition}:s3:::{bucket}"));
            }
            Some(r) if r.ends_with("s3:getObject") => {
                let object = s3(reader, "Key", notes);
                grants
                    .entry(vec!["s3:GetObject".to_string()])
                    .or_default()
                    .push(object);
            }
            _ => {}
        }
    }
    if let Some(writer) = map.get("ResultWriter") {
        if writer.get("Resource").is_some() {
            let prefix = s3(writer, "Prefix", notes);
            grants
                .entry(vec![
                    "s3:AbortMultipartUpload".to_string(),
                    "s3:GetObject".to_string(),
                    "s3:ListMultipartUploadParts".to_string(),
                    "s3:PutObject".to_string(),
                ])
                .or_default()
                .push(prefix);
        }
    }
}

/// Fills a resource template that names one resource (see [`fill_all`]).
fn fill(
    template: &str,
    params: Option<&Node>,
    place: &Place,
    state: &str,
    notes: &mut Vec<String>,
) -> String {
    let mut all = fill_all(template, params, place, state, notes);
    if all.len() == 1 {
        all.pop().unwrap_or_default()
    } else {
        "*".to_string()
    }
}

/// What one placeholder gives.
enum Piece {
    /// Text in the template.
    Text(String),
    /// A whole resource (an ARN), which replaces the template.
    Whole(String),
}

/// Fills a resource template: `${Partition}`, `${Region}`, `${Account}` and
/// `${Param:Path|filter...}`, where `Path` is dotted and `[]` steps into each element of a
/// list (one resource per element). A parameter that is itself an ARN replaces the whole
/// template; one that comes from a path makes the resource `*`. Filters: `name` (the last
/// segment of an ARN, or the value itself), `queue-arn` (an SQS queue URL turned into the
/// queue's ARN), `default=VALUE` (when the parameter is absent).
fn fill_all(
    template: &str,
    params: Option<&Node>,
    place: &Place,
    state: &str,
    notes: &mut Vec<String>,
) -> Vec<String> {
    // Each partial resource: the text so far, or the whole resource a parameter gave.
    let mut partials: Vec<(String, Option<String>)> = vec![(String::new(), None)];
    let mut rest = template;
    while let Some(i) = rest.find("${") {
        for (text, _) in &mut partials {
            text.push_str(&rest[..i]);
        }
        let after = &rest[i + 2..];
        let Some(end) = after.find('}') else {
            break;
        };
        let key = &after[..end];
        rest = &after[end + 1..];
        let pieces = match key {
            "Partition" => vec![Piece::Text(partition(place).to_string())],
            "Region" => vec![Piece::Text(place.region.clone().unwrap_or("*".into()))],
            "Account" => vec![Piece::Text(place.account.clone().unwrap_or("*".into()))],
            _ => match key.strip_prefix("Param:") {
                Some(spec) => {
                    let mut filters = spec.split('|');
                    let path = filters.next().unwrap_or_default();
                    let filters: Vec<&str> = filters.collect();
                    let Some(values) = param_values(params, path) else {
                        notes.push(format!(
                            "`{state}` takes `{path}` from a path at run time, so its resource is `*`"
                        ));
                        return vec!["*".to_string()];
                    };
                    values
                        .into_iter()
                        .map(|v| apply_filters(v, &filters, place, state, notes))
                        .collect()
                }
                None => vec![Piece::Text("*".to_string())],
            },
        };
        let mut next = Vec::with_capacity(partials.len() * pieces.len().max(1));
        for (text, whole) in &partials {
            for piece in &pieces {
                match piece {
                    Piece::Text(t) => next.push((format!("{text}{t}"), whole.clone())),
                    Piece::Whole(w) => next.push((text.clone(), Some(w.clone()))),
                }
            }
        }
        partials = next;
    }
    let mut out: Vec<String> = partials
        .into_iter()
        .map(|(text, whole)| whole.unwrap_or_else(|| text + rest))
        .collect();
    out.sort();
    out.dedup();
    out
}

fn partition(place: &Place) -> &str {
    place.partition.as_deref().unwrap_or("aws")
}

/// One parameter value (`None` when absent) through a template's filters.
fn apply_filters(
    value: Option<String>,
    filters: &[&str],
    place: &Place,
    state: &str,
    notes: &mut Vec<String>,
) -> Piece {
    let mut value = value;
    let mut whole_allowed = true;
    for f in filters {
        match *f {
            "name" => {
                whole_allowed = false;
                value = value.map(|v| match v.strip_prefix("arn:") {
                    Some(arn) => arn
                        .rsplit([':', '/'])
                        .next()
                        .unwrap_or_default()
                        .to_string(),
                    None => v,
                });
            }
            "queue-arn" => {
                return match value.as_deref().map(|url| queue_arn(url, place)) {
                    Some(Some(arn)) => Piece::Whole(arn),
                    Some(None) if value.as_deref().is_some_and(|v| v.starts_with("arn:")) => {
                        Piece::Whole(value.unwrap_or_default())
                    }
                    _ => {
                        notes.push(format!(
                            "`{state}` names its queue in a way that does not give the queue's ARN, so it is granted the account's queues"
                        ));
                        Piece::Whole(format!(
                            "arn:{}:sqs:{}:{}:*",
                            partition(place),
                            place.region.as_deref().unwrap_or("*"),
                            place.account.as_deref().unwrap_or("*")
                        ))
                    }
                };
            }
            other => {
                if let Some(default) = other.strip_prefix("default=") {
                    value = value.or_else(|| Some(default.to_string()));
                }
            }
        }
    }
    match value {
        Some(v) if whole_allowed && v.starts_with("arn:") => Piece::Whole(v),
        Some(v) => Piece::Text(v),
        None => Piece::Text("*".to_string()),
    }
}

/// The ARN of the queue at an SQS queue URL: `https://sqs.us-east-1.amazonaws.com/123456789012/q`
/// (or the legacy `https://us-east-1.queue.amazonaws.com/...`) gives
/// `arn:aws:sqs:us-east-1:123456789012:q`.
fn queue_arn(url: &str, place: &Place) -> Option<String> {
    let rest = url.strip_prefix("https://")?;
    let (host, path) = rest.split_once('/')?;
    let (account, name) = path.trim_end_matches('/').split_once('/')?;
    let valid = |s: &str, extra: &[char]| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || extra.contains(&c))
    };
    if !valid(account, &[]) || !valid(name, &['-', '_', '.']) {
        return None;
    }
    let (region, domain) = if let Some(h) = host.strip_prefix("sqs.") {
        h.split_once('.')?
    } else {
        let (region, d) = host.split_once(".queue.")?;
        (region, d)
    };
    let partition = match domain {
        "amazonaws.com" => "aws",
        "amazonaws.com.cn" => "aws-cn",
        _ if domain.starts_with("amazonaws.") => partition(place),
        _ => return None,
    };
    if !valid(region, &['-']) {
        return None;
    }
    Some(format!("arn:{partition}:sqs:{region}:{account}:{name}"))
}

/// The literal values of a parameter (one per list element when the path has `[]` steps;
/// `None` for an absent one), or `None` when one comes from a path at run time.
fn param_values(params: Option<&Node>, path: &str) -> Option<Vec<Option<String>>> {
    let Some(params) = params else {
        return Some(vec![None]);
    };
    let mut out = Vec::new();
    collect_param(params, path, &mut out).then_some(out)
}

/// Walks `path` from `node`, pushing the values it reaches; false when a step is dynamic.
fn collect_param(node: &Node, path: &str, out: &mut Vec<Option<String>>) -> bool {
    let is_dynamic = |n: &Node| n.as_str().is_some_and(crate::jsonata::is_template);
    if path.is_empty() {
        match &node.value {
            _ if is_dynamic(node) => return false,
            Value::String(s) => out.push(Some(s.clone())),
            Value::Number(n) => out.push(Some(n.to_string())),
            _ => out.push(None),
        }
        return true;
    }
    let (step, rest) = match path.find(['.', '[']) {
        Some(0) => {
            // `[]`: each element of a list.
            let rest = path.strip_prefix("[]").unwrap_or(path);
            let rest = rest.strip_prefix('.').unwrap_or(rest);
            if is_dynamic(node) {
                return false;
            }
            return match node.as_array() {
                Some(items) if !items.is_empty() => {
                    items.iter().all(|item| collect_param(item, rest, out))
                }
                _ => {
                    out.push(None);
                    true
                }
            };
        }
        Some(i) => {
            if is_dynamic(node) {
                return false;
            }
            let rest = &path[i..];
            (&path[..i], rest.strip_prefix('.').unwrap_or(rest))
        }
        None if is_dynamic(node) => return false,
        None => (path, ""),
    };
    if let Some(v) = node.get(step) {
        return collect_param(v, rest, out);
    }
    if node.get(&format!("{step}.$")).is_some() {
        return false;
    }
    out.push(None);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_urls_give_queue_arns() {
        let place = Place::default();
        for (url, arn) in [
            (
                "https://sqs.us-east-1.amazonaws.com/123456789012/q",
                Some("arn:aws:sqs:us-east-1:123456789012:q"),
            ),
            (
                "https://eu-west-1.queue.amazonaws.com/123456789012/jobs.fifo",
                Some("arn:aws:sqs:eu-west-1:123456789012:jobs.fifo"),
            ),
            (
                "https://sqs.cn-north-1.amazonaws.com.cn/123456789012/q/",
                Some("arn:aws-cn:sqs:cn-north-1:123456789012:q"),
            ),
            ("http://sqs.us-east-1.amazonaws.com/123456789012/q", None),
            ("https://example.com/123456789012/q", None),
            ("https://sqs.us-east-1.amazonaws.com/123456789012", None),
            ("${QueueUrl}", None),
        ] {
            assert_eq!(queue_arn(url, &place).as_deref(), arn, "{url}");
        }
    }

    #[test]
    fn templates_fill_lists_filters_and_paths() {
        let params = crate::json::parse(
            r#"{"A": "arn:aws:states:us-east-1:1:stateMachine:M", "L": [{"B": "x"}, {}],
                "D.$": "$.d", "J": "{% $x %}"}"#,
        )
        .root
        .unwrap();
        let place = Place::default();
        let mut notes = Vec::new();
        let mut fill = |t: &str| fill_all(t, Some(&params), &place, "S", &mut notes);
        assert_eq!(fill("e:${Param:A|name}:*"), ["e:M:*"]);
        assert_eq!(
            fill("x/${Param:A}"),
            ["arn:aws:states:us-east-1:1:stateMachine:M"]
        );
        assert_eq!(fill("b/${Param:L[].B|default=d}"), ["b/d", "b/x"]);
        assert_eq!(fill("b/${Param:L[].B}"), ["b/*", "b/x"]);
        assert_eq!(fill("b/${Param:Absent}"), ["b/*"]);
        assert_eq!(fill("b/${Param:D}"), ["*"]);
        assert_eq!(fill("b/${Param:J}"), ["*"]);
        assert_eq!(fill("${Param:Absent|queue-arn}"), ["arn:aws:sqs:*:*:*"]);
        assert_eq!(notes.len(), 3);
    }
}
