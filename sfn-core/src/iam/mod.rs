//! The least-privilege IAM policy a state machine's role needs, derived from its Task states.
//!
//! Each integration's statements come from the catalog (the Step Functions developer guide's
//! IAM pages, per integration pattern), with the guide's conditions. Resources are scoped to the
//! literal values in the definition; a resource that comes from a path at run time becomes `*`,
//! with a note. A resource's partition, region and account come from the ARN the definition
//! gives for it; the others are the state machine's own, which a [`Deployment`] names (`*`
//! with a note when it does not).
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
use crate::catalog::{parse_resource, pattern_of, IamTemplate, Resource};
use crate::json::{Node, Value};

mod fill;

use fill::{Filler, Place};

/// A policy document: `{"Version": "2012-10-17", "Statement": [...]}`.
///
/// `Serialize` writes the policy document (without the notes).
///
/// ```
/// use sfn_core::iam::{Policy, Statement};
///
/// let policy = Policy {
///     statements: vec![Statement::allow(
///         ["sqs:SendMessage"],
///         ["arn:aws:sqs:us-east-1:123456789012:orders"],
///     )],
///     ..Policy::default()
/// };
/// let doc = serde_json::to_value(&policy).unwrap();
/// assert_eq!(doc["Version"], "2012-10-17");
/// assert_eq!(doc["Statement"][0]["Action"][0], "sqs:SendMessage");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Policy {
    /// The statements, merged and in a fixed order.
    pub statements: Vec<Statement>,
    /// Why a resource is `*` or broader than one call needs, and what the policy cannot know:
    /// one line per cause, for people reading the policy.
    pub notes: Vec<String>,
    /// The roles Tasks assume through `Credentials`, with what each of them needs: those
    /// permissions belong on the assumed role, not on the state machine's.
    pub assumed_roles: Vec<AssumedRole>,
}

/// A role a Task assumes (its `Credentials`), and the statements that role needs for the
/// Tasks that run as it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssumedRole {
    /// The role's ARN (`*` when it comes from a path at run time).
    pub role: String,
    /// The states that run as it.
    pub states: Vec<String>,
    /// What it needs, merged as in [`Policy::statements`].
    pub statements: Vec<Statement>,
}

/// Allow or Deny.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Effect {
    /// `"Allow"`.
    #[default]
    Allow,
    /// `"Deny"`: for statements written by hand; derived policies only allow (a Deny would
    /// override what the role is given elsewhere).
    Deny,
}

/// One statement.
///
/// `Serialize` writes `{"Effect": "Allow", "Action": [...], "Resource": [...]}`, and
/// `"Condition"` when it has conditions.
///
/// ```
/// use sfn_core::iam::Statement;
///
/// let statement = Statement::allow(
///     ["states:StartExecution"],
///     ["arn:aws:states:us-east-1:123456789012:stateMachine:ship"],
/// );
/// assert_eq!(
///     serde_json::to_value(&statement).unwrap(),
///     serde_json::json!({
///         "Effect": "Allow",
///         "Action": ["states:StartExecution"],
///         "Resource": ["arn:aws:states:us-east-1:123456789012:stateMachine:ship"],
///     }),
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Statement {
    /// Allow in every derived statement.
    pub effect: Effect,
    /// Actions, sorted.
    pub actions: Vec<String>,
    /// Resources, sorted (`*` alone when any resource is `*`).
    pub resources: Vec<String>,
    /// Conditions, sorted.
    pub conditions: Vec<Condition>,
}

impl Statement {
    /// An `Allow` statement without conditions.
    pub fn allow<A: Into<String>, R: Into<String>>(
        actions: impl IntoIterator<Item = A>,
        resources: impl IntoIterator<Item = R>,
    ) -> Statement {
        Statement {
            effect: Effect::Allow,
            actions: actions.into_iter().map(Into::into).collect(),
            resources: resources.into_iter().map(Into::into).collect(),
            conditions: Vec::new(),
        }
    }
}

/// One condition of a statement: `{"<test>": {"<key>": values}}`.
///
/// ```
/// use sfn_core::iam::{Condition, Statement};
///
/// let mut pass = Statement::allow(["iam:PassRole"], ["arn:aws:iam::123456789012:role/job"]);
/// pass.conditions.push(Condition {
///     test: "StringEquals".into(),
///     key: "iam:PassedToService".into(),
///     values: vec!["sagemaker.amazonaws.com".into()],
/// });
/// let json = serde_json::to_value(&pass).unwrap();
/// assert_eq!(
///     json["Condition"],
///     serde_json::json!({"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}}),
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Condition {
    /// The operator: `StringEquals`, `StringLike`, `ArnEquals`, `ArnLike`.
    pub test: String,
    /// The condition key.
    pub key: String,
    /// The values (one is written as a string).
    pub values: Vec<String>,
}

impl Serialize for Statement {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let with_conditions = !self.conditions.is_empty();
        let mut map = serializer.serialize_map(Some(3 + usize::from(with_conditions)))?;
        let effect = match self.effect {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        };
        map.serialize_entry("Effect", effect)?;
        map.serialize_entry("Action", &self.actions)?;
        map.serialize_entry("Resource", &self.resources)?;
        if with_conditions {
            let mut block: BTreeMap<&str, BTreeMap<&str, serde_json::Value>> = BTreeMap::new();
            for c in &self.conditions {
                let values = match c.values.as_slice() {
                    [one] => serde_json::Value::String(one.clone()),
                    many => many
                        .iter()
                        .cloned()
                        .map(serde_json::Value::String)
                        .collect(),
                };
                block.entry(&c.test).or_default().insert(&c.key, values);
            }
            map.serialize_entry("Condition", &block)?;
        }
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

/// What the definition does not say about where and how the state machine runs: its partition,
/// region, account and name, the roles its ECS tasks pass, and whether it logs to CloudWatch
/// Logs or traces with X-Ray.
///
/// A resource the definition names by ARN keeps that ARN's partition, region and account; the
/// others are these. Unknown ones are `*` in the policy (the partition `aws`), with a note.
///
/// ```
/// use sfn_core::iam::{policy_for, Deployment};
///
/// let root = sfn_core::json::parse(
///     r#"{"StartAt": "Put", "States": {"Put": {"Type": "Task",
///         "Resource": "arn:aws:states:::dynamodb:putItem",
///         "Parameters": {"TableName": "orders", "Item": {"Id": {"S": "1"}}}, "End": true}}}"#,
/// )
/// .root
/// .unwrap();
/// let unknown = sfn_core::iam::policy(&root);
/// assert_eq!(unknown.statements[0].resources, ["arn:aws:dynamodb:*:*:table/orders"]);
/// assert!(unknown.notes.iter().any(|n| n.contains("--region")));
///
/// let known = policy_for(&root, &Deployment::default().region("eu-west-1").account("111122223333"));
/// assert_eq!(known.statements[0].resources, ["arn:aws:dynamodb:eu-west-1:111122223333:table/orders"]);
///
/// let cfn = policy_for(&root, &Deployment::cloudformation("orders"));
/// assert_eq!(
///     cfn.statements[0].resources,
///     ["arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/orders"],
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deployment {
    /// `aws`, `aws-cn`, `aws-us-gov`, ... (from the region when not given).
    pub partition: Option<String>,
    /// The state machine's region.
    pub region: Option<String>,
    /// The state machine's account.
    pub account: Option<String>,
    /// The state machine's name (a Distributed Map starts executions of it; an HTTP Task is
    /// authorized on it).
    pub name: Option<String>,
    /// The task roles and task execution roles of the ECS task definitions the machine runs,
    /// which ECS needs the state machine's role to pass (`iam:PassRole`).
    pub task_roles: Vec<String>,
    /// Executions log to CloudWatch Logs: the log delivery statement.
    pub logging: bool,
    /// Executions are traced with X-Ray: the tracing statement.
    pub tracing: bool,
    /// The policy goes into a CloudFormation template, whose intrinsic functions can take a
    /// placeholder apart: an SQS queue URL given as `${Name}` becomes `${Name|queue-arn}`,
    /// which [`crate::cfn`] turns into the queue's ARN.
    pub cloudformation: bool,
}

impl Deployment {
    /// A CloudFormation deployment of the machine `name`: the partition, region and account
    /// are the stack's (`${AWS::Partition}`, `${AWS::Region}`, `${AWS::AccountId}`, which the
    /// template's `Fn::Sub` fills in).
    pub fn cloudformation(name: &str) -> Deployment {
        Deployment {
            partition: Some("${AWS::Partition}".into()),
            region: Some("${AWS::Region}".into()),
            account: Some("${AWS::AccountId}".into()),
            name: Some(name.into()),
            cloudformation: true,
            ..Deployment::default()
        }
    }

    /// Why AWS could not have this deployment: an account that is not twelve digits, a region
    /// or partition not of AWS's form (`us-east-1`, `aws-us-gov`), a state machine name
    /// `CreateStateMachine` refuses. A `${...}` placeholder (a stack's) passes.
    ///
    /// ```
    /// use sfn_core::iam::Deployment;
    ///
    /// assert!(Deployment::default().region("eu-west-1").account("123456789012").check().is_ok());
    /// assert!(Deployment::default().account("1234").check().unwrap_err().contains("12 digits"));
    /// assert!(Deployment::default().region("Europe").check().is_err());
    /// assert!(Deployment::default().name("my machine").check().is_err());
    /// assert!(Deployment::cloudformation("Orders").check().is_ok());
    /// ```
    pub fn check(&self) -> Result<(), String> {
        let given = |v: &Option<String>| v.clone().filter(|v| !crate::asl::has_placeholder(v));
        if let Some(account) = given(&self.account) {
            if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!(
                    "the account `{account}` is not an AWS account ID (12 digits)"
                ));
            }
        }
        if let Some(region) = given(&self.region) {
            // `us-east-1`, `us-gov-west-1`, `cn-north-1`, `eusc-de-east-1`.
            let parts: Vec<&str> = region.split('-').collect();
            let ok = parts.len() >= 3
                && parts[..parts.len() - 1]
                    .iter()
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
                && parts[parts.len() - 1].bytes().all(|b| b.is_ascii_digit())
                && !parts[parts.len() - 1].is_empty();
            if !ok {
                return Err(format!(
                    "the region `{region}` is not an AWS region code, such as `us-east-1`"
                ));
            }
        }
        if let Some(partition) = given(&self.partition) {
            let ok = partition == "aws"
                || partition.strip_prefix("aws-").is_some_and(|rest| {
                    rest.split('-')
                        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
                });
            if !ok {
                return Err(format!(
                    "the partition `{partition}` is not an AWS partition, such as `aws`, `aws-cn` or `aws-us-gov`"
                ));
            }
        }
        if let Some(name) = given(&self.name) {
            crate::asl::check_state_machine_name(&name)?;
        }
        Ok(())
    }

    /// With this partition.
    pub fn partition(mut self, partition: impl Into<String>) -> Deployment {
        self.partition = Some(partition.into());
        self
    }

    /// With this region.
    pub fn region(mut self, region: impl Into<String>) -> Deployment {
        self.region = Some(region.into());
        self
    }

    /// With this account.
    pub fn account(mut self, account: impl Into<String>) -> Deployment {
        self.account = Some(account.into());
        self
    }

    /// With this state machine name.
    pub fn name(mut self, name: impl Into<String>) -> Deployment {
        self.name = Some(name.into());
        self
    }

    /// With one more ECS task role or task execution role to pass.
    pub fn task_role(mut self, role: impl Into<String>) -> Deployment {
        self.task_roles.push(role.into());
        self
    }

    /// With CloudWatch Logs logging on or off.
    pub fn logging(mut self, on: bool) -> Deployment {
        self.logging = on;
        self
    }

    /// With X-Ray tracing on or off.
    pub fn tracing(mut self, on: bool) -> Deployment {
        self.tracing = on;
        self
    }
}

/// The actions Step Functions needs to deliver an execution's logs to CloudWatch Logs (the
/// developer guide's "IAM policies for logging to CloudWatch Logs").
pub const LOG_DELIVERY_ACTIONS: &[&str] = &[
    "logs:CreateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:DescribeLogGroups",
    "logs:DescribeResourcePolicies",
    "logs:GetLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:UpdateLogDelivery",
];

/// The actions X-Ray tracing needs (the developer guide's "IAM policies for AWS X-Ray").
pub const TRACING_ACTIONS: &[&str] = &[
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
    "xray:PutTelemetryRecords",
    "xray:PutTraceSegments",
];

/// Derives the policy of a valid definition, where nothing is known of its deployment (see
/// [`policy_for`]).
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
    policy_for(root, &Deployment::default())
}

/// Derives the policy of a valid definition deployed as `deployment` says.
pub fn policy_for(root: &Node, deployment: &Deployment) -> Policy {
    let mut filler = Filler::new(deployment);
    let mut own = Grants::default();
    let mut assumed: BTreeMap<String, (Vec<String>, Grants)> = BTreeMap::new();
    let mut states = Vec::new();
    collect_states(root, &mut states, 0);
    let mut runs_ecs = Vec::new();
    for (name, state) in states {
        match state.get("Type").and_then(Node::as_str) {
            Some("Task") => {
                let runs = match state.get("Credentials") {
                    Some(credentials) => {
                        // The state machine's role assumes the Task's role; what the Task
                        // calls is authorized on that role, in that role's account (where a
                        // resource given by name is).
                        let role = filler.fill_one("${Param:RoleArn}", Some(credentials), &name);
                        own.add(&["sts:AssumeRole"], &[], [role.clone()]);
                        let their = Deployment {
                            account: role_account(&role).or_else(|| deployment.account.clone()),
                            ..deployment.clone()
                        };
                        let mut theirs = Filler::new(&their);
                        let entry = assumed.entry(role).or_default();
                        entry.0.push(name.clone());
                        let runs = grant_task(&name, state, &mut theirs, &mut entry.1);
                        filler.absorb(theirs);
                        runs
                    }
                    None => grant_task(&name, state, &mut filler, &mut own),
                };
                if runs {
                    runs_ecs.push(name.clone());
                }
            }
            Some("Map") => grant_map(&name, state, &mut filler, &mut own),
            _ => {}
        }
    }
    if !runs_ecs.is_empty() {
        pass_task_roles(&runs_ecs, deployment, &mut filler, &mut own);
    }
    if deployment.logging {
        own.add(LOG_DELIVERY_ACTIONS, &[], ["*".to_string()]);
        filler.note(
            "CloudWatch Logs' log delivery actions are granted on `*`: they take no resource-level permissions (developer guide, \"IAM policies for logging to CloudWatch Logs\")".to_string(),
        );
    }
    if deployment.tracing {
        own.add(TRACING_ACTIONS, &[], ["*".to_string()]);
        filler.note(
            "X-Ray's tracing actions are granted on `*`: they take no resource-level permissions (developer guide, \"IAM policies for AWS X-Ray\")".to_string(),
        );
    }
    let statements = own.statements();
    if statements.is_empty() {
        // No statement: IAM refuses an empty policy document, so the role gets none. (A
        // Deny-all statement would override whatever the role is given later.)
        filler.note(
            "the state machine calls nothing the policy can grant: its role needs no policy (IAM refuses one without statements, so attach none)".to_string(),
        );
    }
    let assumed_roles = assumed
        .into_iter()
        .map(|(role, (mut states, grants))| {
            states.sort();
            states.dedup();
            filler.note(format!(
                "{} run{} as `{role}` (Credentials): what {} call{} is authorized on that role, which needs the statements listed for it; the state machine's role only assumes it",
                list(&states),
                if states.len() == 1 { "s" } else { "" },
                if states.len() == 1 { "it" } else { "they" },
                if states.len() == 1 { "s" } else { "" },
            ));
            AssumedRole {
                role,
                states,
                statements: grants.statements(),
            }
        })
        .collect();
    Policy {
        statements,
        notes: filler.finish(),
        assumed_roles,
    }
}

/// The account of a role's literal ARN (`arn:aws:iam::111122223333:role/x`).
fn role_account(role: &str) -> Option<String> {
    let account = role.strip_prefix("arn:")?.split(':').nth(3)?;
    (!account.is_empty() && account.bytes().all(|b| b.is_ascii_digit()))
        .then(|| account.to_string())
}

/// States' names as `` `A`, `B` ``.
fn list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Statements being gathered: resources per (actions, conditions).
#[derive(Debug, Default)]
struct Grants {
    by_actions: BTreeMap<(Vec<String>, Vec<Condition>), Vec<String>>,
}

impl Grants {
    fn add<A: AsRef<str>>(
        &mut self,
        actions: &[A],
        conditions: &[Condition],
        resources: impl IntoIterator<Item = String>,
    ) {
        let mut actions: Vec<String> = actions.iter().map(|a| a.as_ref().to_string()).collect();
        actions.sort();
        let mut conditions = conditions.to_vec();
        conditions.sort();
        self.by_actions
            .entry((actions, conditions))
            .or_default()
            .extend(resources);
    }

    /// Merges statements whose resources and conditions are the same, in a fixed order.
    fn statements(self) -> Vec<Statement> {
        let mut merged: BTreeMap<(Vec<String>, Vec<Condition>), Vec<String>> = BTreeMap::new();
        for ((actions, conditions), mut resources) in self.by_actions {
            resources.sort();
            resources.dedup();
            if resources.iter().any(|r| r == "*") {
                resources = vec!["*".to_string()];
            }
            merged
                .entry((resources, conditions))
                .or_default()
                .extend(actions);
        }
        let mut out: Vec<Statement> = merged
            .into_iter()
            .map(|((resources, conditions), mut actions)| {
                actions.sort();
                actions.dedup();
                Statement {
                    effect: Effect::Allow,
                    actions,
                    resources,
                    conditions,
                }
            })
            .collect();
        out.sort();
        out
    }
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

/// The statements of one template, filled for one state.
fn grant_template(
    name: &str,
    t: &IamTemplate,
    params: Option<&Node>,
    filler: &mut Filler,
    grants: &mut Grants,
) {
    if !t.when.is_empty() && fill::is_absent(params, t.when) {
        return;
    }
    let resources: Vec<String> = t
        .resources
        .iter()
        .flat_map(|r| filler.fill_all(r, params, name))
        .collect();
    // A wildcard the template writes is explained by its `why`; a whole `*` that a path or an
    // absent parameter made is explained where it was made.
    let literal_star = t.resources.contains(&"*");
    let starred = |r: &String| r.replace("${*}", "").contains('*') && (r != "*" || literal_star);
    if !t.why.is_empty() && resources.iter().any(starred) {
        filler.note(format!(
            "`{name}`: {} on {}: {}",
            t.actions.join(", "),
            resources
                .iter()
                .filter(|r| starred(r))
                .map(|r| format!("`{r}`"))
                .collect::<Vec<_>>()
                .join(", "),
            t.why
        ));
    }
    let conditions: Vec<Condition> = t
        .conditions
        .iter()
        .filter_map(|c| {
            let values: Vec<String> = c
                .values
                .iter()
                .flat_map(|v| filler.fill_all(v, params, name))
                .collect();
            // A condition on a value known only at run time cannot narrow anything: leave it
            // out rather than write one that matches nothing.
            if values.iter().any(|v| v == "*") {
                let consequence = if c.key == "states:HTTPEndpoint" {
                    ": the connection's credentials go to whatever endpoint the input names"
                } else {
                    ""
                };
                filler.note(format!(
                    "`{name}`: the condition `{}` on {} is left out, since its value comes from a path at run time{consequence}",
                    c.key,
                    t.actions.join(", ")
                ));
                return None;
            }
            Some(Condition {
                test: c.test.to_string(),
                key: c.key.to_string(),
                values,
            })
        })
        .collect();
    grants.add(t.actions, &conditions, resources);
}

/// Grants a Task's calls; true when it runs an ECS task.
fn grant_task(name: &str, task: &Node, filler: &mut Filler, grants: &mut Grants) -> bool {
    let Some(resource) = task.get("Resource").and_then(Node::as_str) else {
        return false;
    };
    let params = task.get("Parameters").or_else(|| task.get("Arguments"));
    match parse_resource(resource) {
        Resource::Optimized { base, suffix, .. } => {
            let (Some(integration), Some(pattern)) = (catalog::optimized(base), pattern_of(suffix))
            else {
                return false;
            };
            for t in integration
                .iam
                .iter()
                .filter(|t| t.patterns.contains(&pattern))
            {
                grant_template(name, t, params, filler, grants);
            }
            integration.resource == "arn:aws:states:::ecs:runTask"
        }
        Resource::Sdk {
            service, action, ..
        } => {
            // The validator refuses unknown services: there is nothing to grant for one.
            let Some(svc) = catalog::sdk_service(service) else {
                filler.note(format!(
                    "`{name}` calls `{service}:{action}`, which is not an AWS SDK integration: add the permissions it needs"
                ));
                return false;
            };
            let Some(iam) = svc.iam(action) else {
                filler.note(format!(
                    "`{name}` calls `{service}:{action}`, which the service does not have: add the permissions it needs"
                ));
                return false;
            };
            let mut sdk_grants: Vec<(Vec<String>, Vec<String>)> = iam
                .grants()
                .into_iter()
                .map(|(actions, templates)| {
                    let resources = templates
                        .iter()
                        .flat_map(|r| filler.fill_all(r, params, name))
                        .collect();
                    (actions.to_vec(), resources)
                })
                .collect();
            if service == "s3" {
                sdk_grants = directory_buckets(name, sdk_grants, filler);
            }
            let actions = iam
                .actions
                .iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", ");
            if iam.source == catalog::IamSource::Unresolved {
                filler.note(format!(
                    "`{name}` calls `{service}:{action}`, which the Service Authorization Reference does not list: {actions} is granted after the call's name; check that it is the action AWS authorizes"
                ));
            }
            if let Some(why) = &iam.why_star {
                if sdk_grants
                    .iter()
                    .flat_map(|(_, r)| r)
                    .any(|r| r.contains('*'))
                {
                    filler.note(format!(
                        "`{name}` calls `{service}:{action}` ({actions}): {why}"
                    ));
                }
            }
            for (actions, resources) in sdk_grants {
                // A grant of a `present` template without the parameter is not needed.
                if !resources.is_empty() {
                    grants.add(&actions, &[], resources);
                }
            }
            service == "ecs" && action == "runTask"
        }
        Resource::Other => {
            if crate::asl::has_placeholder(resource) {
                filler.note(format!(
                    "`{name}` calls `{resource}`, which is known only at deployment: add the permissions it needs"
                ));
            } else if resource.contains(":lambda:") && resource.contains(":function:") {
                grants.add(&["lambda:InvokeFunction"], &[], [resource.to_string()]);
            }
            false
        }
    }
}

/// The `s3express` actions a bucket-level S3 call on a directory bucket takes, named as the `s3`
/// action it takes on a general purpose bucket (the Service Authorization Reference's S3
/// Express One Zone actions). Every other call on a directory bucket (its objects, listings,
/// `HeadBucket`, copies) is authorized by `s3express:CreateSession` on the bucket (the S3 user
/// guide, "Authenticating and authorizing requests").
const S3_EXPRESS_BUCKET_ACTIONS: &[&str] = &[
    "CreateBucket",
    "DeleteBucket",
    "DeleteBucketPolicy",
    "GetBucketPolicy",
    "GetEncryptionConfiguration",
    "GetLifecycleConfiguration",
    "PutBucketPolicy",
    "PutEncryptionConfiguration",
    "PutLifecycleConfiguration",
];

/// A directory bucket's name: `<base>--<zone id>--x-s3` (the S3 user guide, "Directory bucket
/// naming rules").
fn is_directory_bucket(bucket: &str) -> bool {
    bucket
        .strip_suffix("--x-s3")
        .and_then(|rest| rest.rsplit_once("--"))
        .is_some_and(|(base, zone)| !base.is_empty() && !zone.is_empty())
}

/// An S3 call's grants with those on a directory bucket (an `arn:...:s3:::<bucket>[/...]`
/// resource) moved to the `s3express` action and bucket that authorize them.
fn directory_buckets(
    name: &str,
    grants: Vec<(Vec<String>, Vec<String>)>,
    filler: &mut Filler,
) -> Vec<(Vec<String>, Vec<String>)> {
    let mut out = Vec::new();
    for (actions, resources) in grants {
        let (directory, general): (Vec<String>, Vec<String>) =
            resources.into_iter().partition(|r| {
                r.split_once(":s3:::").is_some_and(|(_, path)| {
                    is_directory_bucket(path.split('/').next().unwrap_or(path))
                })
            });
        if !general.is_empty() {
            out.push((actions.clone(), general));
        }
        for resource in directory {
            let bucket = resource
                .split_once(":s3:::")
                .map_or("", |(_, path)| path.split('/').next().unwrap_or(path));
            let arn = filler.fill_one(
                &format!("arn:${{Partition}}:s3express:${{Region}}:${{Account}}:bucket/{bucket}"),
                None,
                name,
            );
            let express: Vec<String> = actions
                .iter()
                .map(|a| match a.strip_prefix("s3:") {
                    Some(x) if S3_EXPRESS_BUCKET_ACTIONS.contains(&x) => format!("s3express:{x}"),
                    _ => "s3express:CreateSession".to_string(),
                })
                .collect();
            filler.note(format!(
                "`{name}` works on the directory bucket `{bucket}`: S3 authorizes it with `s3express` actions on the bucket, not with `s3` actions (the S3 user guide, \"Authenticating and authorizing requests\")"
            ));
            out.push((express, vec![arn]));
        }
    }
    out
}

/// ECS passes the task definition's task role and task execution role with the caller's
/// permissions: the state machine's role needs `iam:PassRole` on them (the developer guide's
/// ECS page). They are in the task definition, not the state machine's definition.
fn pass_task_roles(
    states: &[String],
    deployment: &Deployment,
    filler: &mut Filler,
    grants: &mut Grants,
) {
    if deployment.task_roles.is_empty() {
        filler.note(format!(
            "{} run{} ECS tasks: if their task definitions name a task role or a task execution role, the state machine's role needs `iam:PassRole` on them; name them (`sfn iam --task-role ARN`, `Deployment::task_role`)",
            list(states),
            if states.len() == 1 { "s" } else { "" },
        ));
        return;
    }
    let condition = Condition {
        test: "StringEquals".into(),
        key: "iam:PassedToService".into(),
        values: vec!["ecs-tasks.amazonaws.com".into()],
    };
    let roles: Vec<String> = deployment
        .task_roles
        .iter()
        .map(|r| filler.role_arn(r))
        .collect();
    grants.add(&["iam:PassRole"], &[condition], roles);
}

/// A Distributed Map runs its items as child executions of this state machine, and reads and
/// writes S3 when it has an `ItemReader` or a `ResultWriter` (the developer guide's "IAM
/// policies for using Distributed Map states").
fn grant_map(name: &str, map: &Node, filler: &mut Filler, grants: &mut Grants) {
    let distributed = map
        .get("ItemProcessor")
        .and_then(|p| p.get("ProcessorConfig"))
        .and_then(|c| c.get("Mode"))
        .and_then(Node::as_str)
        == Some("DISTRIBUTED");
    if !distributed {
        return;
    }
    // The guide's policy: the children are executions of this state machine; the parent
    // describes them, and a redrive of the parent redrives the Map Run's children, whose
    // executions are named `<machine>/<label>:<id>` (the label is the Map's `Label`, else a
    // generated one).
    let machine = filler.fill_one(
        "arn:${Partition}:states:${Region}:${Account}:stateMachine:${Self}",
        None,
        name,
    );
    grants.add(&["states:StartExecution"], &[], [machine]);
    let executions = filler.fill_one(
        "arn:${Partition}:states:${Region}:${Account}:execution:${Self}:*",
        None,
        name,
    );
    grants.add(&["states:DescribeExecution"], &[], [executions]);
    let label = literal(map.get("Label"));
    let children = filler.fill_one(
        &format!(
            "arn:${{Partition}}:states:${{Region}}:${{Account}}:execution:${{Self}}/{}:*",
            label.as_deref().unwrap_or("*")
        ),
        None,
        name,
    );
    grants.add(&["states:RedriveExecution"], &[], [children]);
    filler.note(format!(
        "`{name}` is a Distributed Map: its child executions are named only at run time, so they are granted as `execution:<machine>:*`{}",
        if label.is_some() { "" } else { " and, for a redrive, `execution:<machine>/*:*` (give the Map a `Label` to narrow it)" }
    ));
    let s3 = |section: &Node, key: &str, filler: &mut Filler| -> String {
        let params = section
            .get("Parameters")
            .or_else(|| section.get("Arguments"));
        let bucket = filler.fill_one("${Param:Bucket}", params, name);
        let object = filler.fill_one(&format!("${{Param:{key}}}"), params, name);
        let partition = filler.fill_one("${Partition}", None, name);
        match (bucket.as_str(), object.as_str(), key) {
            ("*", _, _) => format!("arn:{partition}:s3:::*"),
            (_, "*", _) => format!("arn:{partition}:s3:::{bucket}/*"),
            (_, _, "Prefix") => format!("arn:{partition}:s3:::{bucket}/{object}*"),
            _ => format!("arn:{partition}:s3:::{bucket}/{object}"),
        }
    };
    if let Some(reader) = map.get("ItemReader") {
        let params = reader.get("Parameters").or_else(|| reader.get("Arguments"));
        let manifest = reader
            .get("ReaderConfig")
            .and_then(|c| c.get("InputType"))
            .and_then(Node::as_str)
            == Some("MANIFEST");
        match reader.get("Resource").and_then(Node::as_str) {
            Some(r) if r.ends_with("s3:listObjectsV2") => {
                let bucket = filler.fill_one("${Param:Bucket}", params, name);
                let partition = filler.fill_one("${Partition}", None, name);
                let mut conditions = Vec::new();
                let prefix = filler.fill_one("${Param:Prefix}", params, name);
                // The guide's condition: the listing is of that prefix only.
                if bucket != "*" && prefix != "*" {
                    conditions.push(Condition {
                        test: "StringLike".into(),
                        key: "s3:prefix".into(),
                        values: vec![prefix],
                    });
                }
                grants.add(
                    &["s3:ListBucket"],
                    &conditions,
                    [format!("arn:{partition}:s3:::{bucket}")],
                );
            }
            Some(r) if r.ends_with("s3:getObject") => {
                let object = s3(reader, "Key", filler);
                grants.add(&["s3:GetObject"], &[], [object]);
                if manifest {
                    // An S3 inventory writes `<prefix>/<bucket>/<config>/<date>/manifest.json`
                    // and the data files it lists under `<prefix>/<bucket>/<config>/data/`, in
                    // the same bucket (the guide's inventory example).
                    let partition = filler.fill_one("${Partition}", None, name);
                    let bucket = filler.fill_one("${Param:Bucket}", params, name);
                    let key = filler.fill_one("${Param:Key}", params, name);
                    let data = key
                        .strip_suffix("/manifest.json")
                        .and_then(|k| k.rsplit_once('/'))
                        .map(|(config, _date)| format!("{config}/data/*"));
                    let data = match (bucket.as_str(), data) {
                        ("*", _) => format!("arn:{partition}:s3:::*"),
                        (_, Some(data)) => format!("arn:{partition}:s3:::{bucket}/{data}"),
                        (_, None) => {
                            filler.note(format!(
                                "`{name}` reads an S3 inventory manifest whose key does not end in `<date>/manifest.json`, so its data files are granted as the whole bucket's objects"
                            ));
                            format!("arn:{partition}:s3:::{bucket}/*")
                        }
                    };
                    grants.add(&["s3:GetObject"], &[], [data]);
                }
            }
            _ => {}
        }
    }
    if let Some(writer) = map.get("ResultWriter") {
        if writer.get("Resource").is_some() {
            let prefix = s3(writer, "Prefix", filler);
            grants.add(
                &[
                    "s3:AbortMultipartUpload",
                    "s3:GetObject",
                    "s3:ListMultipartUploadParts",
                    "s3:PutObject",
                ],
                &[],
                [prefix],
            );
        }
    }
}

impl Filler<'_> {
    /// Fills a resource template that names one resource (`*` when it gives several).
    fn fill_one(&mut self, template: &str, params: Option<&Node>, state: &str) -> String {
        let mut all = self.fill_all(template, params, state);
        if all.len() == 1 {
            all.pop().unwrap_or_default()
        } else {
            "*".to_string()
        }
    }
}

/// The place an ARN names, when it names a region and an account and no placeholder.
fn place_of(arn: &str) -> Option<Place> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    (parts.len() == 6 && parts[0] == "arn" && !arn.contains("${")).then(|| Place {
        partition: Some(parts[1].to_string()).filter(|p| !p.is_empty()),
        region: Some(parts[3].to_string()).filter(|r| !r.is_empty()),
        account: Some(parts[4].to_string()).filter(|a| !a.is_empty()),
    })
}

/// Reads a value of the definition as literal text: `None` for a path, a JSONata expression or
/// an absent value.
fn literal(node: Option<&Node>) -> Option<String> {
    let node = node?;
    match &node.value {
        Value::String(s) if !crate::jsonata::is_template(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
