//! The state types: one struct per `Type`, with ASL's fields in ASL's order.

use serde::{Deserialize, Serialize};

use super::{Dynamic, Payload, QueryLanguage, Scope};

/// One state, by its `Type`.
///
/// ```
/// use sfn_core::model::State;
///
/// let def = sfn_core::parse_definition(
///     r#"{
///       "StartAt": "Pause",
///       "States": {
///         "Pause": {"Type": "Wait", "Seconds": 5, "Next": "Done"},
///         "Done": {"Type": "Succeed"}
///       }
///     }"#,
///     &sfn_core::Options::default(),
/// )
/// .unwrap();
/// assert!(matches!(def.machine.states.get("Pause"), Some(State::Wait(_))));
/// assert!(matches!(def.machine.states.get("Done"), Some(State::Succeed(_))));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "Type")]
pub enum State {
    /// Does work through a service integration or an activity.
    Task(Box<Task>),
    /// Passes its input on, maybe transformed.
    Pass(Box<Pass>),
    /// Branches on rules over the input.
    Choice(Box<Choice>),
    /// Waits for a time or until a timestamp.
    Wait(Box<Wait>),
    /// Ends the execution successfully.
    Succeed(Box<Succeed>),
    /// Ends the execution with an error.
    Fail(Box<Fail>),
    /// Runs branches side by side.
    Parallel(Box<Parallel>),
    /// Runs a processor for each item.
    Map(Box<Map>),
}

impl State {
    /// The `Type` name.
    ///
    /// ```
    /// let def = sfn_core::parse_definition(
    ///     r#"{"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}"#,
    ///     &sfn_core::Options::default(),
    /// )
    /// .unwrap();
    /// assert_eq!(def.machine.states.get("Done").unwrap().type_name(), "Succeed");
    /// ```
    pub fn type_name(&self) -> &'static str {
        match self {
            State::Task(_) => "Task",
            State::Pass(_) => "Pass",
            State::Choice(_) => "Choice",
            State::Wait(_) => "Wait",
            State::Succeed(_) => "Succeed",
            State::Fail(_) => "Fail",
            State::Parallel(_) => "Parallel",
            State::Map(_) => "Map",
        }
    }
}

/// A Task state: does work through a service integration, a Lambda function or an activity.
///
/// `Next` or `End`, and the data-flow fields every non-terminal state shares, are spelled out
/// per state type so that each serializes in ASL's order.
///
/// ```
/// use sfn_core::model::{Dynamic, State};
///
/// let def = sfn_core::parse_definition(
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
///           "TimeoutSeconds": 3600,
///           "ResultPath": null,
///           "Retry": [{"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 2}],
///           "End": true
///         }
///       }
///     }"#,
///     &sfn_core::Options::default(),
/// )
/// .unwrap();
/// let Some(State::Task(task)) = def.machine.states.get("Report") else { panic!() };
/// assert_eq!(task.resource, "arn:aws:states:::ecs:runTask.sync");
/// let parameters = task.parameters.as_ref().unwrap();
/// assert_eq!(parameters["Cluster"], "arn:aws:ecs:us-east-1:123456789012:cluster/jobs");
/// assert_eq!(task.timeout_seconds, Some(Dynamic::Literal(3600)));
/// assert_eq!(task.result_path, Some(None));
/// assert_eq!(task.retry.as_ref().unwrap()[0].max_attempts, Some(2));
/// assert_eq!(task.end, Some(true));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Task {
    /// `Comment`: a human-readable description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// `QueryLanguage`: the state's own query language, in place of the machine's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query_language: Option<QueryLanguage>,
    /// The integration or activity ARN.
    pub resource: String,
    /// `Credentials`: the role the task assumes, as `{"RoleArn": ...}`, for cross-account
    /// calls.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credentials: Option<Payload>,
    /// `InputPath` (JSONPath): the part of the input the state works on; `Some(None)` for
    /// `null` (an empty object).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::nullable"
    )]
    pub input_path: Option<Option<String>>,
    /// `Parameters` (JSONPath): the task's API parameters, a payload template.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Payload>,
    /// `Arguments` (JSONata): the task's API arguments.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arguments: Option<Payload>,
    /// `ResultSelector` (JSONPath): a payload template applied to the result before
    /// `ResultPath`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result_selector: Option<Payload>,
    /// `ResultPath` (JSONPath): where the result goes in the input; `Some(None)` for `null`
    /// (the result is discarded and the input passed on).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::nullable"
    )]
    pub result_path: Option<Option<String>>,
    /// `OutputPath` (JSONPath): the part of the output passed on; `Some(None)` for `null` (an
    /// empty object).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::nullable"
    )]
    pub output_path: Option<Option<String>>,
    /// `Output` (JSONata): the state's output, in place of the task's result.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<Payload>,
    /// `Assign`: the workflow variables the state sets, by name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assign: Option<Payload>,
    /// `TimeoutSeconds`: the longest the task may run, in seconds (a number, or a JSONata
    /// expression).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<Dynamic<u64>>,
    /// `TimeoutSecondsPath` (JSONPath): a reference path to the timeout in the input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_seconds_path: Option<String>,
    /// `HeartbeatSeconds`: the longest time between two heartbeats of the task, in seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heartbeat_seconds: Option<Dynamic<u64>>,
    /// `HeartbeatSecondsPath` (JSONPath): a reference path to the heartbeat interval in the
    /// input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heartbeat_seconds_path: Option<String>,
    /// `Next`: the state to go to after this one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// `End`: `true` when the state ends the execution (or its branch or iteration).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<bool>,
    /// `Retry`: the retriers, tried in order when the state fails.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry: Option<Vec<Retrier>>,
    /// `Catch`: the catchers, tried in order when the state fails and no retrier (or no
    /// retry left) applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub catch: Option<Vec<Catcher>>,
}

/// A Pass state: passes its input on, maybe transformed or replaced by a fixed result.
///
/// ```
/// use sfn_core::model::State;
///
/// let def = sfn_core::parse_definition(
///     r#"{
///       "StartAt": "Defaults",
///       "States": {
///         "Defaults": {
///           "Type": "Pass",
///           "Result": {"region": "us-east-1"},
///           "ResultPath": "$.config",
///           "End": true
///         }
///       }
///     }"#,
///     &sfn_core::Options::default(),
/// )
/// .unwrap();
/// let Some(State::Pass(pass)) = def.machine.states.get("Defaults") else { panic!() };
/// assert_eq!(pass.result, Some(serde_json::json!({"region": "us-east-1"})));
/// assert_eq!(pass.result_path, Some(Some("$.config".to_string())));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Pass {
    /// `Comment`: a human-readable description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// `QueryLanguage`: the state's own query language, in place of the machine's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query_language: Option<QueryLanguage>,
    /// `InputPath` (JSONPath): the part of the input the state works on; `Some(None)` for
    /// `null` (an empty object).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::nullable"
    )]
    pub input_path: Option<Option<String>>,
    /// `Parameters` (JSONPath): a payload template that makes the state's input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Payload>,
    /// A fixed result (JSONPath).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<Payload>,
    /// `ResultPath` (JSONPath): where the result goes in the input; `Some(None)` for `null`
    /// (the result is discarded and the input passed on).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::nullable"
    )]
    pub result_path: Option<Option<String>>,
    /// `OutputPath` (JSONPath): the part of the output passed on; `Some(None)` for `null` (an
    /// empty object).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::nullable"
    )]
    pub output_path: Option<Option<String>>,
    /// `Output` (JSONata): the state's output.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<Payload>,
    /// `Assign`: the workflow variables the state sets, by name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assign: Option<Payload>,
    /// `Next`: the state to go to after this one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// `End`: `true` when the state ends the execution (or its branch or iteration).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<bool>,
}

/// A Choice state: goes to the `Next` of the first rule that matches, or to `Default`.
///
/// ```
/// use sfn_core::model::State;
///
/// let def = sfn_core::parse_definition(
///     r#"{
///       "StartAt": "Big?",
///       "States": {
///         "Big?": {
///           "Type": "Choice",
///           "Choices": [{"Variable": "$.total", "NumericGreaterThan": 1000, "Next": "Review"}],
///           "Default": "Ship"
///         },
///         "Review": {"Type": "Succeed"},
///         "Ship": {"Type": "Succeed"}
///       }
///     }"#,
///     &sfn_core::Options::default(),
/// )
/// .unwrap();
/// let Some(State::Choice(choice)) = def.machine.states.get("Big?") else { panic!() };
/// assert_eq!(choice.choices[0].next.as_deref(), Some("Review"));
/// assert_eq!(choice.default.as_deref(), Some("Ship"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Choice {
    /// `Comment`: a human-readable description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// `QueryLanguage`: the state's own query language, in place of the machine's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query_language: Option<QueryLanguage>,
    /// `InputPath` (JSONPath): the part of the input the state works on; `Some(None)` for
    /// `null` (an empty object).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::nullable"
    )]
    pub input_path: Option<Option<String>>,
    /// The rules, tried in order.
    pub choices: Vec<ChoiceRule>,
    /// The state to go to when no rule matches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// `OutputPath` (JSONPath): the part of the output passed on; `Some(None)` for `null` (an
    /// empty object).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::nullable"
    )]
    pub output_path: Option<Option<String>>,
    /// `Output` (JSONata): the state's output when no rule sets one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<Payload>,
    /// `Assign`: the workflow variables the state sets, by name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assign: Option<Payload>,
}

/// One Choice rule: a comparison, a combination, or a JSONata `Condition`. The comparison
/// operators (`StringEquals`, `NumericLessThanPath`, `IsPresent`, ...) are kept by name in
/// `operators`, in source order.
///
/// ```
/// use sfn_core::model::ChoiceRule;
///
/// let rule: ChoiceRule = serde_json::from_str(
///     r#"{"And": [
///           {"Variable": "$.status", "StringEquals": "PAID"},
///           {"Not": {"Variable": "$.express", "BooleanEquals": true}}
///         ],
///         "Next": "Ship"}"#,
/// )
/// .unwrap();
/// let all = rule.and.as_ref().unwrap();
/// assert_eq!(all[0].variable.as_deref(), Some("$.status"));
/// assert_eq!(all[0].operators["StringEquals"], "PAID");
/// assert_eq!(all[1].not.as_ref().unwrap().operators["BooleanEquals"], true);
/// assert_eq!(rule.next.as_deref(), Some("Ship"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChoiceRule {
    /// `Comment`: a human-readable description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The path compared (JSONPath).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variable: Option<String>,
    /// A JSONata condition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<Dynamic<bool>>,
    /// All of these rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub and: Option<Vec<ChoiceRule>>,
    /// Any of these rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub or: Option<Vec<ChoiceRule>>,
    /// Not this rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not: Option<Box<ChoiceRule>>,
    /// `Output` (JSONata): the state's output when this rule matches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<Payload>,
    /// `Assign`: the workflow variables set when this rule matches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assign: Option<Payload>,
    /// The comparison operator and its operand.
    #[serde(flatten)]
    pub operators: serde_json::Map<String, serde_json::Value>,
    /// Where to go when the rule matches (top-level rules only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// A Wait state: waits for a number of seconds or until a timestamp.
///
/// ```
/// use sfn_core::model::State;
///
/// let def = sfn_core::parse_definition(
///     r#"{
///       "StartAt": "Until",
///       "States": {"Until": {"Type": "Wait", "TimestampPath": "$.shipDate", "End": true}}
///     }"#,
///     &sfn_core::Options::default(),
/// )
/// .unwrap();
/// let Some(State::Wait(wait)) = def.machine.states.get("Until") else { panic!() };
/// assert_eq!(wait.timestamp_path.as_deref(), Some("$.shipDate"));
/// assert_eq!(wait.seconds, None);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Wait {
    /// `Comment`: a human-readable description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// `QueryLanguage`: the state's own query language, in place of the machine's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query_language: Option<QueryLanguage>,
    /// `InputPath` (JSONPath): the part of the input the state works on; `Some(None)` for
    /// `null` (an empty object).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::nullable"
    )]
    pub input_path: Option<Option<String>>,
    /// `Seconds`: how long to wait (a number, or a JSONata expression).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seconds: Option<Dynamic<u64>>,
    /// `SecondsPath` (JSONPath): a reference path to the number of seconds in the input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seconds_path: Option<String>,
    /// `Timestamp`: when to stop waiting, an RFC 3339 timestamp such as
    /// `2026-03-14T01:59:00Z` (or a JSONata expression).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    /// `TimestampPath` (JSONPath): a reference path to the timestamp in the input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp_path: Option<String>,
    /// `OutputPath` (JSONPath): the part of the output passed on; `Some(None)` for `null` (an
    /// empty object).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::nullable"
    )]
    pub output_path: Option<Option<String>>,
    /// `Output` (JSONata): the state's output.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<Payload>,
    /// `Assign`: the workflow variables the state sets, by name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assign: Option<Payload>,
    /// `Next`: the state to go to after this one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// `End`: `true` when the state ends the execution (or its branch or iteration).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<bool>,
}

/// A Succeed state: ends the execution (or its branch or iteration) successfully.
///
/// ```
/// use sfn_core::model::State;
///
/// let def = sfn_core::parse_definition(
///     r#"{
///       "StartAt": "Done",
///       "States": {"Done": {"Type": "Succeed", "OutputPath": "$.receipt"}}
///     }"#,
///     &sfn_core::Options::default(),
/// )
/// .unwrap();
/// let Some(State::Succeed(done)) = def.machine.states.get("Done") else { panic!() };
/// assert_eq!(done.output_path, Some(Some("$.receipt".to_string())));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Succeed {
    /// `Comment`: a human-readable description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// `QueryLanguage`: the state's own query language, in place of the machine's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query_language: Option<QueryLanguage>,
    /// `InputPath` (JSONPath): the part of the input the state works on; `Some(None)` for
    /// `null` (an empty object).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::nullable"
    )]
    pub input_path: Option<Option<String>>,
    /// `OutputPath` (JSONPath): the part of the output passed on; `Some(None)` for `null` (an
    /// empty object).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::nullable"
    )]
    pub output_path: Option<Option<String>>,
    /// `Output` (JSONata): the state's output.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<Payload>,
}

/// A Fail state: ends the execution with an error.
///
/// ```
/// use sfn_core::model::State;
///
/// let def = sfn_core::parse_definition(
///     r#"{
///       "StartAt": "Declined",
///       "States": {
///         "Declined": {"Type": "Fail", "Error": "Charge.Declined", "CausePath": "$.reason"}
///       }
///     }"#,
///     &sfn_core::Options::default(),
/// )
/// .unwrap();
/// let Some(State::Fail(fail)) = def.machine.states.get("Declined") else { panic!() };
/// assert_eq!(fail.error.as_deref(), Some("Charge.Declined"));
/// assert_eq!(fail.cause_path.as_deref(), Some("$.reason"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Fail {
    /// `Comment`: a human-readable description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// `QueryLanguage`: the state's own query language, in place of the machine's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query_language: Option<QueryLanguage>,
    /// `Error`: the error name, such as `Charge.Failed` (or a JSONata expression).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// `ErrorPath` (JSONPath): a path or intrinsic function call that gives the error name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_path: Option<String>,
    /// `Cause`: a human-readable explanation of the error (or a JSONata expression).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    /// `CausePath` (JSONPath): a path or intrinsic function call that gives the cause.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause_path: Option<String>,
}

/// A Parallel state: runs its branches side by side, and outputs their results as an array.
///
/// ```
/// use sfn_core::model::State;
///
/// let def = sfn_core::parse_definition(
///     r#"{
///       "StartAt": "Both",
///       "States": {
///         "Both": {
///           "Type": "Parallel",
///           "Branches": [
///             {"StartAt": "Invoice", "States": {"Invoice": {"Type": "Pass", "End": true}}},
///             {"StartAt": "Notify", "States": {"Notify": {"Type": "Pass", "End": true}}}
///           ],
///           "End": true
///         }
///       }
///     }"#,
///     &sfn_core::Options::default(),
/// )
/// .unwrap();
/// let Some(State::Parallel(both)) = def.machine.states.get("Both") else { panic!() };
/// assert_eq!(both.branches.len(), 2);
/// assert_eq!(both.branches[1].start_at, "Notify");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Parallel {
    /// `Comment`: a human-readable description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// `QueryLanguage`: the state's own query language, in place of the machine's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query_language: Option<QueryLanguage>,
    /// `InputPath` (JSONPath): the part of the input the state works on; `Some(None)` for
    /// `null` (an empty object).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::nullable"
    )]
    pub input_path: Option<Option<String>>,
    /// `Parameters` (JSONPath): a payload template that makes each branch's input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Payload>,
    /// `Arguments` (JSONata): each branch's input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arguments: Option<Payload>,
    /// The branches, each a closed scope.
    pub branches: Vec<Scope>,
    /// `ResultSelector` (JSONPath): a payload template applied to the result before
    /// `ResultPath`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result_selector: Option<Payload>,
    /// `ResultPath` (JSONPath): where the result goes in the input; `Some(None)` for `null`
    /// (the result is discarded and the input passed on).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::nullable"
    )]
    pub result_path: Option<Option<String>>,
    /// `OutputPath` (JSONPath): the part of the output passed on; `Some(None)` for `null` (an
    /// empty object).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::nullable"
    )]
    pub output_path: Option<Option<String>>,
    /// `Output` (JSONata): the state's output, in place of the branches' results.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<Payload>,
    /// `Assign`: the workflow variables the state sets, by name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assign: Option<Payload>,
    /// `Next`: the state to go to after this one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// `End`: `true` when the state ends the execution (or its branch or iteration).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<bool>,
    /// `Retry`: the retriers, tried in order when the state fails.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry: Option<Vec<Retrier>>,
    /// `Catch`: the catchers, tried in order when the state fails and no retrier (or no
    /// retry left) applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub catch: Option<Vec<Catcher>>,
}

/// A Map state, inline or distributed: runs its `ItemProcessor` for each item.
///
/// ```
/// use sfn_core::model::{Dynamic, State};
///
/// let def = sfn_core::parse_definition(
///     r#"{
///       "StartAt": "EachOrder",
///       "States": {
///         "EachOrder": {
///           "Type": "Map",
///           "ItemsPath": "$.orders",
///           "MaxConcurrency": 10,
///           "ItemProcessor": {
///             "StartAt": "Ship",
///             "States": {"Ship": {"Type": "Pass", "End": true}}
///           },
///           "End": true
///         }
///       }
///     }"#,
///     &sfn_core::Options::default(),
/// )
/// .unwrap();
/// let Some(State::Map(map)) = def.machine.states.get("EachOrder") else { panic!() };
/// assert_eq!(map.items_path.as_deref(), Some("$.orders"));
/// assert_eq!(map.max_concurrency, Some(Dynamic::Literal(10)));
/// assert_eq!(map.item_processor.as_ref().unwrap().start_at, "Ship");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Map {
    /// `Comment`: a human-readable description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// `QueryLanguage`: the state's own query language, in place of the machine's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query_language: Option<QueryLanguage>,
    /// `InputPath` (JSONPath): the part of the input the state works on; `Some(None)` for
    /// `null` (an empty object).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::nullable"
    )]
    pub input_path: Option<Option<String>>,
    /// `ItemsPath` (JSONPath): a reference path to the array to iterate over (`$` when
    /// absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items_path: Option<String>,
    /// `Items` (JSONata): the array to iterate over, or an expression that gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Payload>,
    /// `ItemReader` (Distributed Map): where the items are read from, such as an S3 object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_reader: Option<ItemReader>,
    /// `ItemSelector`: a payload template that makes each iteration's input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_selector: Option<Payload>,
    /// Deprecated name of `ItemSelector`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Payload>,
    /// `ItemBatcher` (Distributed Map): how items are grouped into batches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_batcher: Option<ItemBatcher>,
    /// `MaxConcurrency`: the most iterations that run at once (0: no limit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_concurrency: Option<Dynamic<u64>>,
    /// `MaxConcurrencyPath` (JSONPath): a reference path to the concurrency limit in the
    /// input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_concurrency_path: Option<String>,
    /// `ToleratedFailurePercentage` (Distributed Map): the percentage of items that may fail
    /// before the Map state fails (0 to 100).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tolerated_failure_percentage: Option<Dynamic<serde_json::Number>>,
    /// `ToleratedFailurePercentagePath` (JSONPath): a reference path to the tolerated
    /// percentage in the input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tolerated_failure_percentage_path: Option<String>,
    /// `ToleratedFailureCount` (Distributed Map): the number of items that may fail before the
    /// Map state fails.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tolerated_failure_count: Option<Dynamic<u64>>,
    /// `ToleratedFailureCountPath` (JSONPath): a reference path to the tolerated count in the
    /// input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tolerated_failure_count_path: Option<String>,
    /// `Label` (Distributed Map): a name for the Map Run, used in its child executions' names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The processor run for each item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_processor: Option<Scope>,
    /// Deprecated name of `ItemProcessor` (inline only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iterator: Option<Scope>,
    /// `ResultWriter` (Distributed Map): where the child executions' results are written,
    /// such as an S3 prefix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result_writer: Option<ResultWriter>,
    /// `ResultSelector` (JSONPath): a payload template applied to the result before
    /// `ResultPath`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result_selector: Option<Payload>,
    /// `ResultPath` (JSONPath): where the result goes in the input; `Some(None)` for `null`
    /// (the result is discarded and the input passed on).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::nullable"
    )]
    pub result_path: Option<Option<String>>,
    /// `OutputPath` (JSONPath): the part of the output passed on; `Some(None)` for `null` (an
    /// empty object).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::nullable"
    )]
    pub output_path: Option<Option<String>>,
    /// `Output` (JSONata): the state's output, in place of the iterations' results.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<Payload>,
    /// `Assign`: the workflow variables the state sets, by name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assign: Option<Payload>,
    /// `Next`: the state to go to after this one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// `End`: `true` when the state ends the execution (or its branch or iteration).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<bool>,
    /// `Retry`: the retriers, tried in order when the state fails.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry: Option<Vec<Retrier>>,
    /// `Catch`: the catchers, tried in order when the state fails and no retrier (or no
    /// retry left) applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub catch: Option<Vec<Catcher>>,
}

/// `ItemReader` of a Distributed Map.
///
/// ```
/// use sfn_core::model::ItemReader;
///
/// let reader: ItemReader = serde_json::from_str(
///     r#"{
///       "Resource": "arn:aws:states:::s3:getObject",
///       "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
///       "Parameters": {"Bucket": "orders-bucket", "Key": "orders.csv"}
///     }"#,
/// )
/// .unwrap();
/// assert_eq!(reader.resource, "arn:aws:states:::s3:getObject");
/// assert_eq!(reader.reader_config.unwrap()["InputType"], "CSV");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ItemReader {
    /// `Resource`: the API the items are read with, such as `arn:aws:states:::s3:getObject`.
    pub resource: String,
    /// `ReaderConfig`: how the items are read (`InputType` such as `CSV` or `JSON`,
    /// `CSVHeaderLocation`, `MaxItems`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reader_config: Option<Payload>,
    /// `Parameters` (JSONPath): the reading API's parameters, such as `Bucket` and `Key`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Payload>,
    /// `Arguments` (JSONata): the reading API's arguments, such as `Bucket` and `Key`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arguments: Option<Payload>,
}

/// `ItemBatcher` of a Distributed Map.
///
/// ```
/// use sfn_core::model::{Dynamic, ItemBatcher};
///
/// let batcher: ItemBatcher =
///     serde_json::from_str(r#"{"MaxItemsPerBatch": 100, "BatchInput": {"source": "orders.csv"}}"#)
///         .unwrap();
/// assert_eq!(batcher.max_items_per_batch, Some(Dynamic::Literal(100)));
/// assert_eq!(
///     serde_json::to_string(&batcher).unwrap(),
///     r#"{"MaxItemsPerBatch":100,"BatchInput":{"source":"orders.csv"}}"#,
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ItemBatcher {
    /// `MaxItemsPerBatch`: the most items in one batch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_items_per_batch: Option<Dynamic<u64>>,
    /// `MaxItemsPerBatchPath` (JSONPath): a reference path to the most items per batch in the
    /// input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_items_per_batch_path: Option<String>,
    /// `MaxInputBytesPerBatch`: the largest batch, in bytes (at most 256 KiB).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_input_bytes_per_batch: Option<Dynamic<u64>>,
    /// `MaxInputBytesPerBatchPath` (JSONPath): a reference path to the largest batch size in
    /// the input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_input_bytes_per_batch_path: Option<String>,
    /// `BatchInput`: a fixed JSON object passed to every batch beside its `Items`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch_input: Option<Payload>,
}

/// `ResultWriter` of a Distributed Map.
///
/// ```
/// use sfn_core::model::ResultWriter;
///
/// let writer: ResultWriter = serde_json::from_str(
///     r#"{
///       "Resource": "arn:aws:states:::s3:putObject",
///       "Parameters": {"Bucket": "orders-bucket", "Prefix": "results"}
///     }"#,
/// )
/// .unwrap();
/// assert_eq!(writer.resource.as_deref(), Some("arn:aws:states:::s3:putObject"));
/// assert_eq!(writer.parameters.unwrap()["Prefix"], "results");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResultWriter {
    /// `Resource`: the API the results are written with, `arn:aws:states:::s3:putObject`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// `WriterConfig`: what is written (`OutputType`, `Transformation`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub writer_config: Option<Payload>,
    /// `Parameters` (JSONPath): the writing API's parameters, `Bucket` and `Prefix`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Payload>,
    /// `Arguments` (JSONata): the writing API's arguments, `Bucket` and `Prefix`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arguments: Option<Payload>,
}

/// One `Retry` entry.
///
/// ```
/// use sfn_core::model::Retrier;
///
/// let retrier: Retrier = serde_json::from_str(
///     r#"{
///       "ErrorEquals": ["States.Timeout"],
///       "IntervalSeconds": 2,
///       "MaxAttempts": 5,
///       "BackoffRate": 1.5,
///       "JitterStrategy": "FULL"
///     }"#,
/// )
/// .unwrap();
/// assert_eq!(retrier.error_equals, ["States.Timeout"]);
/// assert_eq!(retrier.backoff_rate.unwrap().as_f64(), Some(1.5));
/// assert_eq!(retrier.jitter_strategy.as_deref(), Some("FULL"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Retrier {
    /// `Comment`: a human-readable description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// `ErrorEquals`: the error names the retrier applies to, such as `States.Timeout` or
    /// `States.ALL`.
    pub error_equals: Vec<String>,
    /// `IntervalSeconds`: the wait before the first retry, in seconds (1 when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval_seconds: Option<u64>,
    /// `MaxAttempts`: the most retries (3 when absent; 0 never retries).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_attempts: Option<u64>,
    /// `BackoffRate`: the factor the wait grows by at each retry (2.0 when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backoff_rate: Option<serde_json::Number>,
    /// `MaxDelaySeconds`: the longest wait between two retries, in seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_delay_seconds: Option<u64>,
    /// `JitterStrategy`: `FULL` to randomize the waits, or `NONE` (the default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jitter_strategy: Option<String>,
}

/// One `Catch` entry.
///
/// ```
/// use sfn_core::model::Catcher;
///
/// let catcher: Catcher = serde_json::from_str(
///     r#"{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Refund"}"#,
/// )
/// .unwrap();
/// assert_eq!(catcher.error_equals, ["States.ALL"]);
/// assert_eq!(catcher.result_path, Some(Some("$.error".to_string())));
/// assert_eq!(catcher.next, "Refund");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Catcher {
    /// `Comment`: a human-readable description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// `ErrorEquals`: the error names the catcher applies to, such as `States.TaskFailed` or
    /// `States.ALL`.
    pub error_equals: Vec<String>,
    /// `ResultPath` (JSONPath): where the error output goes in the state's input;
    /// `Some(None)` for `null` (the input is passed on alone).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::nullable"
    )]
    pub result_path: Option<Option<String>>,
    /// `Output` (JSONata): the state's output when this catcher applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<Payload>,
    /// `Assign`: the workflow variables set when this catcher applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assign: Option<Payload>,
    /// `Next`: the state to go to when this catcher applies.
    pub next: String,
}
