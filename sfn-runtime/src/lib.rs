//! AWS Step Functions state machines as Rust, checked at compile time.
//!
//! ```
//! use sfn_runtime::{include_asl, StateMachine};
//!
//! static HELLO: StateMachine = include_asl!("../examples/machines/hello.asl.json");
//!
//! assert!(HELLO.definition().starts_with("{\"Comment\""));
//! ```
//!
//! `include_asl!` reads a definition at compile time, validates it with every rule of the
//! States Language and of Step Functions, and fails the build with the problems it finds.
//! The definition is stored as canonical JSON: reading it costs nothing at run time.

use std::fmt;

/// A state machine written in Rust syntax, validated at compile time: ASL keywords in
/// snake_case, payload keys verbatim, paths as bare tokens, intrinsic functions as calls. Every
/// problem is a compiler error under its token. Expands to a [`StateMachine`] that can
/// initialise a `static`; its canonical JSON is made at compile time.
///
/// ```
/// use sfn_runtime::{asl, StateMachine};
///
/// static ORDERS: StateMachine = asl! {
///     comment: "Charge, then ship or report",
///     start_at: Charge,
///     states: {
///         Charge: Task {
///             resource: "arn:aws:states:::lambda:invoke",
///             parameters: { FunctionName: "charge", Payload: { order: $.order, token: $$.Task.Token } },
///             result_path: $.charge,
///             retry: [{ error_equals: [States.TaskFailed], max_attempts: 2 }],
///             catch: [{ error_equals: [States.ALL], next: Failed }],
///             next: Paid,
///         },
///         Paid: Choice {
///             choices: [{ variable: $.charge.Payload.ok, boolean_equals: true, next: Ship }],
///             default: Failed,
///         },
///         Ship: Pass { parameters: { message: States.Format("order {} paid", $.order) }, end: true },
///         Failed: Fail { error: "Charge.Failed" },
///     },
/// };
///
/// let def: serde_json::Value = serde_json::from_str(ORDERS.definition()).unwrap();
/// assert_eq!(def["StartAt"], "Charge");
/// assert_eq!(def["States"]["Charge"]["Parameters"]["Payload"]["token.$"], "$$.Task.Token");
/// ```
///
/// With `input: Type` (a type that derives [`TaskInput`]) every path that reads the execution
/// input is checked against the type; see [`shape`].
pub use sfn_macros::asl;

/// An Amazon States Language JSON file (path relative to the crate's `Cargo.toml`), read and
/// validated at compile time with the same rules as [`asl!`] and `sfn validate`. Errors
/// quote the file, line, column and JSON Pointer; Cargo rebuilds when the file changes.
///
/// ```
/// use sfn_runtime::{include_asl, StateMachine};
///
/// static HELLO: StateMachine = include_asl!("../examples/machines/hello.asl.json");
///
/// assert!(HELLO.definition().contains("\"StartAt\""));
/// ```
pub use sfn_macros::include_asl;

pub mod emit;
mod engine;
pub mod shape;

pub use sfn_core::asl::WorkflowType;
pub use sfn_core::iam::Deployment;
pub use shape::TaskInput;

// The derive's expansion names `::sfn_runtime`, in this crate's own tests too.
extern crate self as sfn_runtime;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;

/// Items the macros' expansions use, and the only path they use into this crate. Not public
/// API.
#[doc(hidden)]
pub mod __private {
    pub use crate::engine::{
        check_field_path, check_jsonata_path, check_not_flattened, check_path, join, joined_len,
        joined_str, lit, Expect, Flow, Piece, Step,
    };
    pub use crate::shape::{Field, FieldKind, Object, Shape, TaskInput};
    pub use crate::StateMachine;
}

/// A validated state machine definition.
///
/// `Display` writes the canonical compact JSON; `Serialize` writes the definition object.
///
/// ```
/// use sfn_runtime::{asl, StateMachine};
///
/// static DONE: StateMachine = asl! { start_at: Done, states: { Done: Succeed } };
///
/// assert_eq!(DONE.to_string(), r#"{"StartAt":"Done","States":{"Done":{"Type":"Succeed"}}}"#);
/// assert_eq!(serde_json::to_value(DONE).unwrap()["StartAt"], "Done");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct StateMachine {
    json: &'static str,
    substitutions: &'static [&'static str],
    policy: &'static str,
    workflow_type: WorkflowType,
}

impl StateMachine {
    /// Used by the macros. Not public API.
    #[doc(hidden)]
    pub const fn __from_validated(
        json: &'static str,
        substitutions: &'static [&'static str],
        policy: &'static str,
    ) -> Self {
        StateMachine {
            json,
            substitutions,
            policy,
            workflow_type: WorkflowType::Standard,
        }
    }

    /// Used by the macros. Not public API.
    #[doc(hidden)]
    pub const fn __express(mut self) -> Self {
        self.workflow_type = WorkflowType::Express;
        self
    }

    /// The workflow type the machine was checked for: `asl! { type: Express, ... }` or
    /// `include_asl!("...", type: Express)`; Standard otherwise. It is not part of the
    /// definition: it is chosen when the state machine is created, and
    /// [`StateMachine::cloudformation`] writes it.
    ///
    /// ```
    /// use sfn_runtime::{asl, StateMachine, WorkflowType};
    ///
    /// static QUICK: StateMachine = asl! { type: Express, start_at: Done, states: { Done: Succeed } };
    /// static SLOW: StateMachine = asl! { start_at: Done, states: { Done: Succeed } };
    ///
    /// assert_eq!(QUICK.workflow_type(), WorkflowType::Express);
    /// assert_eq!(SLOW.workflow_type(), WorkflowType::Standard);
    /// assert_eq!(QUICK.definition(), SLOW.definition());
    /// assert_eq!(QUICK.cloudformation("quick")["Resources"]["Quick"]["Properties"]["StateMachineType"], "EXPRESS");
    /// ```
    pub fn workflow_type(&self) -> WorkflowType {
        self.workflow_type
    }

    /// A CloudFormation template (as JSON) with an `AWS::StepFunctions::StateMachine` named
    /// `name`, its role with [`StateMachine::iam_policy`], and a parameter for each `${Name}`
    /// placeholder, passed through `DefinitionSubstitutions`. An Express machine
    /// ([`StateMachine::workflow_type`]) gets `StateMachineType: EXPRESS`, a log group, its
    /// logging configuration and the role's log delivery permissions.
    ///
    /// ```
    /// use sfn_runtime::{asl, StateMachine};
    ///
    /// static NOTIFY: StateMachine = asl! {
    ///     start_at: Notify,
    ///     states: {
    ///         Notify: Task {
    ///             resource: "arn:aws:states:::sns:publish",
    ///             parameters: { TopicArn: "${TopicArn}", Message: $.text },
    ///             end: true,
    ///         },
    ///     },
    /// };
    ///
    /// let template = NOTIFY.cloudformation("Notify");
    /// assert_eq!(template["Resources"]["Notify"]["Type"], "AWS::StepFunctions::StateMachine");
    /// assert!(template["Parameters"].get("TopicArn").is_some());
    /// ```
    pub fn cloudformation(&self, name: &str) -> serde_json::Value {
        self.cloudformation_for(&Deployment::cloudformation(name))
    }

    /// [`StateMachine::cloudformation`] for a machine deployed as `deployment` says: the
    /// roles its ECS tasks pass, CloudWatch Logs logging, X-Ray tracing (see
    /// [`Deployment`]).
    ///
    /// ```
    /// use sfn_runtime::{asl, Deployment, StateMachine};
    ///
    /// static DONE: StateMachine = asl! { start_at: Done, states: { Done: Succeed } };
    ///
    /// let template = DONE.cloudformation_for(&Deployment::cloudformation("done").logging(true));
    /// assert_eq!(template["Resources"]["Done"]["Properties"]["LoggingConfiguration"]["Level"], "ALL");
    /// ```
    pub fn cloudformation_for(&self, deployment: &Deployment) -> serde_json::Value {
        match sfn_core::json::parse(self.json).root {
            Some(root) => sfn_core::cfn::template_for(&root, self.workflow_type, deployment),
            // The definition was validated at compile time, so it parses; should it not, the
            // parts derived then still make a template.
            None => {
                let parse =
                    |text: &str| serde_json::from_str(text).unwrap_or(serde_json::Value::Null);
                sfn_core::cfn::assemble(
                    deployment.name.as_deref().unwrap_or("StateMachine"),
                    serde_json::Value::String(self.json.to_string()),
                    parse(self.policy),
                    self.substitutions,
                    self.workflow_type,
                )
            }
        }
    }

    /// The policy for a machine deployed as `deployment` says (its partition, region, account
    /// and name, the roles its ECS tasks pass, logging and tracing), with the notes that say
    /// why a resource is `*` and what the policy cannot know. [`StateMachine::iam_policy`] is
    /// the one for an unknown deployment, derived at compile time.
    ///
    /// ```
    /// use sfn_runtime::{asl, Deployment, StateMachine};
    ///
    /// static PUT: StateMachine = asl! {
    ///     start_at: Put,
    ///     states: {
    ///         Put: Task {
    ///             resource: "arn:aws:states:::dynamodb:putItem",
    ///             parameters: { TableName: "orders", Item: { Id: { S: "1" } } },
    ///             end: true,
    ///         },
    ///     },
    /// };
    ///
    /// let policy = PUT.iam_policy_for(&Deployment::default().region("eu-west-1").account("111122223333"));
    /// assert_eq!(policy.statements[0].resources, ["arn:aws:dynamodb:eu-west-1:111122223333:table/orders"]);
    /// ```
    pub fn iam_policy_for(&self, deployment: &Deployment) -> sfn_core::iam::Policy {
        match sfn_core::json::parse(self.json).root {
            Some(root) => sfn_core::iam::policy_for(&root, deployment),
            None => sfn_core::iam::Policy::default(),
        }
    }

    /// The diagram as a Mermaid flowchart: every state and transition, `Catch` edges dotted,
    /// Parallel branches and Map processors as groups.
    ///
    /// ```
    /// use sfn_runtime::{asl, StateMachine};
    ///
    /// static TWO: StateMachine = asl! {
    ///     start_at: First,
    ///     states: { First: Pass { next: Second }, Second: Succeed },
    /// };
    ///
    /// let chart = TWO.mermaid();
    /// assert!(chart.starts_with("flowchart"));
    /// assert!(chart.contains("First") && chart.contains("Second"));
    /// ```
    pub fn mermaid(&self) -> String {
        self.graph(sfn_core::graph::mermaid)
    }

    /// The diagram as Graphviz `dot`.
    ///
    /// ```
    /// use sfn_runtime::{asl, StateMachine};
    ///
    /// static TWO: StateMachine = asl! {
    ///     start_at: First,
    ///     states: { First: Pass { next: Second }, Second: Succeed },
    /// };
    ///
    /// assert!(TWO.dot().starts_with("digraph"));
    /// ```
    pub fn dot(&self) -> String {
        self.graph(sfn_core::graph::dot)
    }

    /// The diagram as an SVG image (feature `svg`), laid out in pure Rust by the `layout-rs`
    /// crate: no Graphviz needed. Every state and transition, `Catch` edges red, dashed and
    /// labelled `catch <errors>`, Choice rules and `Default` labelled. The library draws no
    /// boxes around groups: the states of a Parallel branch or a Map processor carry the group
    /// (`[Fan: branch 1]`) in their first line and the group's fill colour.
    ///
    /// ```
    /// use sfn_runtime::{include_asl, StateMachine};
    ///
    /// static FARGATE: StateMachine =
    ///     include_asl!("../examples/machines/fargate-task-notification.asl.json");
    ///
    /// let svg = FARGATE.svg();
    /// assert!(svg.starts_with("<?xml"));
    /// assert!(svg.contains("Run Fargate Task"));
    /// assert!(svg.contains("catch States.ALL"));
    /// ```
    #[cfg(feature = "svg")]
    pub fn svg(&self) -> String {
        self.graph(sfn_core::graph::svg)
    }

    fn graph(&self, render: fn(&sfn_core::graph::Graph) -> String) -> String {
        match sfn_core::json::parse(self.json).root {
            Some(root) => render(&sfn_core::graph::build(&root)),
            None => String::new(),
        }
    }

    /// [`StateMachine::cloudformation`] rendered as YAML.
    ///
    /// ```
    /// use sfn_runtime::{asl, StateMachine};
    ///
    /// static DONE: StateMachine = asl! { start_at: Done, states: { Done: Succeed } };
    ///
    /// assert!(DONE.cloudformation_yaml("Done").contains("AWS::StepFunctions::StateMachine"));
    /// ```
    pub fn cloudformation_yaml(&self, name: &str) -> String {
        sfn_core::cfn::to_yaml(&self.cloudformation(name))
    }

    /// The least-privilege IAM policy the state machine's role needs, derived at compile time
    /// from its Task states: the statements the Step Functions developer guide documents for
    /// each integration and pattern, scoped to the definition's literal ARNs.
    ///
    /// ```
    /// use sfn_runtime::{asl, StateMachine};
    ///
    /// static NOTIFY: StateMachine = asl! {
    ///     start_at: Notify,
    ///     states: {
    ///         Notify: Task {
    ///             resource: "arn:aws:states:::sns:publish",
    ///             parameters: { TopicArn: "arn:aws:sns:us-east-1:123456789012:alerts", Message: "hi" },
    ///             end: true,
    ///         },
    ///     },
    /// };
    ///
    /// let policy = serde_json::to_value(NOTIFY.iam_policy()).unwrap();
    /// assert_eq!(policy["Statement"][0]["Action"][0], "sns:Publish");
    /// assert_eq!(policy["Statement"][0]["Resource"][0], "arn:aws:sns:us-east-1:123456789012:alerts");
    /// ```
    pub fn iam_policy(&self) -> IamPolicy {
        IamPolicy { json: self.policy }
    }

    /// The definition as canonical compact JSON: keys in ASL's documented order, states in
    /// source order, byte-identical across builds.
    ///
    /// ```
    /// use sfn_runtime::{asl, StateMachine};
    ///
    /// static WAIT: StateMachine = asl! { start_at: W, states: { W: Wait { seconds: 5, end: true } } };
    ///
    /// assert_eq!(WAIT.definition(), r#"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":5,"End":true}}}"#);
    /// ```
    pub fn definition(&self) -> &'static str {
        self.json
    }

    /// The definition as canonical indented JSON.
    ///
    /// ```
    /// use sfn_runtime::{asl, StateMachine};
    ///
    /// static DONE: StateMachine = asl! { start_at: Done, states: { Done: Succeed } };
    ///
    /// assert!(DONE.definition_pretty().starts_with("{\n  \"StartAt\": \"Done\""));
    /// ```
    pub fn definition_pretty(&self) -> String {
        pretty(self.json)
    }

    /// The names of the `${Name}` placeholders (CloudFormation `DefinitionSubstitutions`) in the
    /// definition, each once, in order of first appearance.
    ///
    /// ```
    /// use sfn_runtime::{asl, StateMachine};
    ///
    /// static RUN: StateMachine = asl! {
    ///     start_at: Run,
    ///     states: {
    ///         Run: Task { resource: "${WorkerArn}", comment: "${Stage} worker", next: Again },
    ///         Again: Task { resource: "${WorkerArn}", end: true },
    ///     },
    /// };
    ///
    /// assert_eq!(RUN.substitutions(), ["WorkerArn", "Stage"]);
    /// ```
    pub fn substitutions(&self) -> &'static [&'static str] {
        self.substitutions
    }

    /// The definition with every `${Name}` placeholder replaced by its value.
    ///
    /// Fails when a placeholder has no value. Values are inserted as JSON string content
    /// (escaped), as CloudFormation does for strings.
    ///
    /// ```
    /// use sfn_runtime::{asl, StateMachine};
    ///
    /// static RUN: StateMachine = asl! { start_at: Run, states: { Run: Task { resource: "${WorkerArn}", end: true } } };
    ///
    /// let arn = "arn:aws:lambda:us-east-1:123456789012:function:worker";
    /// assert!(RUN.render(&[("WorkerArn", arn)]).unwrap().contains(arn));
    /// assert_eq!(RUN.render(&[]).unwrap_err().name, "WorkerArn");
    /// ```
    pub fn render(&self, values: &[(&str, &str)]) -> Result<String, MissingSubstitution> {
        if let Some(missing) = self
            .substitutions
            .iter()
            .find(|name| !values.iter().any(|(n, _)| n == *name))
        {
            return Err(MissingSubstitution {
                name: (*missing).to_string(),
            });
        }
        let mut out = self.json.to_string();
        for (name, value) in values {
            let escaped = serde_json::to_string(value).unwrap_or_default();
            let escaped = &escaped[1..escaped.len() - 1];
            out = out.replace(&format!("${{{name}}}"), escaped);
        }
        Ok(out)
    }
}

impl fmt::Display for StateMachine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.json)
    }
}

impl fmt::Debug for StateMachine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StateMachine")
            .field("definition", &self.json)
            .field("workflow_type", &self.workflow_type)
            .finish()
    }
}

impl serde::Serialize for StateMachine {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_json(self.json, serializer)
    }
}

/// `sfn_local::Machine::new(&MACHINE)` runs a machine written with `asl!` or `include_asl!`, as
/// the workflow type it was checked for.
impl sfn_core::DefinitionSource for StateMachine {
    fn definition_json(&self) -> &str {
        self.json
    }

    fn workflow_type(&self) -> WorkflowType {
        self.workflow_type
    }

    fn is_validated(&self) -> bool {
        true
    }
}

/// An IAM policy document. `Serialize` writes `{"Version": "2012-10-17", "Statement": [...]}`;
/// `Display` writes it as compact JSON.
///
/// ```
/// use sfn_runtime::{asl, StateMachine};
///
/// static DONE: StateMachine = asl! { start_at: Done, states: { Done: Succeed } };
///
/// // Nothing to call: no statements (and `cloudformation()` gives the role no policy).
/// assert_eq!(DONE.iam_policy().to_string(), r#"{"Version":"2012-10-17","Statement":[]}"#);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct IamPolicy {
    json: &'static str,
}

impl IamPolicy {
    /// The policy as compact JSON.
    ///
    /// ```
    /// # use sfn_runtime::{asl, StateMachine};
    /// # static DONE: StateMachine = asl! { start_at: Done, states: { Done: Succeed } };
    /// assert!(DONE.iam_policy().json().starts_with(r#"{"Version":"2012-10-17""#));
    /// ```
    pub fn json(&self) -> &'static str {
        self.json
    }

    /// The policy as indented JSON.
    ///
    /// ```
    /// # use sfn_runtime::{asl, StateMachine};
    /// # static DONE: StateMachine = asl! { start_at: Done, states: { Done: Succeed } };
    /// assert!(DONE.iam_policy().to_json_pretty().contains("\n  \"Version\": \"2012-10-17\""));
    /// ```
    pub fn to_json_pretty(&self) -> String {
        pretty(self.json)
    }
}

impl fmt::Display for IamPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.json)
    }
}

impl fmt::Debug for IamPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IamPolicy")
            .field("json", &self.json)
            .finish()
    }
}

impl serde::Serialize for IamPolicy {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_json(self.json, serializer)
    }
}

/// JSON text indented (the text itself should it not be JSON).
fn pretty(json: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(json) {
        Ok(v) => serde_json::to_string_pretty(&v).unwrap_or_else(|_| json.to_string()),
        Err(_) => json.to_string(),
    }
}

/// Serializes JSON text as the value it holds.
fn serialize_json<S: serde::Serializer>(json: &str, serializer: S) -> Result<S::Ok, S::Error> {
    use serde::Serialize;
    let value: serde_json::Value = serde_json::from_str(json).map_err(serde::ser::Error::custom)?;
    value.serialize(serializer)
}

/// A `${Name}` placeholder without a value, from [`StateMachine::render`].
///
/// ```
/// use sfn_runtime::{asl, StateMachine};
///
/// static RUN: StateMachine = asl! { start_at: Run, states: { Run: Task { resource: "${WorkerArn}", end: true } } };
///
/// let missing = RUN.render(&[]).unwrap_err();
/// assert_eq!(missing.to_string(), "no value for the placeholder `${WorkerArn}`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingSubstitution {
    /// The placeholder's name.
    pub name: String,
}

impl fmt::Display for MissingSubstitution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no value for the placeholder `${{{}}}`", self.name)
    }
}

impl std::error::Error for MissingSubstitution {}
