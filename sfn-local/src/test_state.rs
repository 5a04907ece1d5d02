//! TestState without an AWS account: one state, one attempt, with AWS's request and response.
//!
//! The request is AWS's `TestState` request (`definition`, `stateName`, `input`,
//! `inspectionLevel`, `variables`, `mock`, `context`, `stateConfiguration`, `roleArn`,
//! `revealSecrets`); the answer is its response: `status` (`SUCCEEDED`, `FAILED`,
//! `CAUGHT_ERROR` or `RETRIABLE`), `output`, `error`, `cause`, `nextState` and, at the `DEBUG`
//! and `TRACE` levels, `inspectionData` (the value after each step of the state's data flow,
//! `errorDetails` for an error a retrier or catcher handles). Inputs and outputs are JSON text,
//! as AWS returns them.
//!
//! The state makes one attempt: an error that a retrier would retry (its retries so far are
//! `stateConfiguration.retrierRetryCount`) answers `RETRIABLE` with the retrier's index and
//! backoff; one a catcher takes answers `CAUGHT_ERROR` with the catcher's output and next
//! state. A Task, Map or Parallel state's work is the request's `mock` (`result`, or
//! `errorOutput`); a Task without one cannot run here, since nothing local can call the
//! service.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use sfn_core::asl::QueryLanguage;

use crate::clock::format_timestamp;
use crate::data::to_text;
use crate::error::Failure;
use crate::exec::{Halt, Interp, Probe};
use crate::mock::Mocks;
use crate::vars::Vars;

/// AWS's `TestState` request, as `aws stepfunctions test-state --cli-input-json` takes it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TestStateRequest {
    /// One state's definition, or with `stateName` a whole state machine's.
    pub definition: String,
    /// The state of `definition` to test, when it is a whole state machine.
    #[serde(default)]
    pub state_name: Option<String>,
    /// The state's input, as JSON text (`{}` when absent).
    #[serde(default)]
    pub input: Option<String>,
    /// `INFO` (the default), `DEBUG` or `TRACE`.
    #[serde(default)]
    pub inspection_level: Option<String>,
    /// The workflow variables the state sees, as a JSON object's text.
    #[serde(default)]
    pub variables: Option<String>,
    /// The result or error of the state's work.
    #[serde(default)]
    pub mock: Option<TestMock>,
    /// The Context object (`$$`), as JSON text.
    #[serde(default)]
    pub context: Option<String>,
    /// What the state's earlier attempts did.
    #[serde(default)]
    pub state_configuration: Option<StateConfiguration>,
    /// The role AWS would call the service with (kept in the Context object).
    #[serde(default)]
    pub role_arn: Option<String>,
    /// Accepted as AWS accepts it; nothing here is secret.
    #[serde(default)]
    pub reveal_secrets: Option<bool>,
}

/// The `mock` of a TestState request.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TestMock {
    /// The work's result, as JSON text.
    #[serde(default)]
    pub result: Option<String>,
    /// The work's error.
    #[serde(default)]
    pub error_output: Option<MockError>,
    /// `STRICT` (the default), `PRESENT` or `NONE`: how a Task's mocked result is checked
    /// against its integration's result (see [`TestStateResponse::warnings`]).
    #[serde(default)]
    pub field_validation_mode: Option<String>,
}

/// An error a mock throws.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MockError {
    /// The error name.
    #[serde(default)]
    pub error: Option<String>,
    /// The cause.
    #[serde(default)]
    pub cause: Option<String>,
}

/// The `stateConfiguration` of a TestState request.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StateConfiguration {
    /// Retries already made by the retrier that matches the mocked error.
    #[serde(default)]
    pub retrier_retry_count: Option<u32>,
    /// The state inside a Map or Parallel that the mocked error comes from.
    #[serde(default)]
    pub error_caused_by_state: Option<String>,
    /// Map iterations that failed.
    #[serde(default)]
    pub map_iteration_failure_count: Option<u32>,
    /// What a Distributed Map's ItemReader read.
    #[serde(default)]
    pub map_item_reader_data: Option<String>,
}

/// How the tested state ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TestStatus {
    /// It finished.
    Succeeded,
    /// It failed, and nothing handles the error.
    Failed,
    /// It failed, and a catcher took the error.
    CaughtError,
    /// It failed, and a retrier would retry it.
    Retriable,
}

/// AWS's `TestState` response.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TestStateResponse {
    /// How the state ended.
    pub status: TestStatus,
    /// The state's output, as JSON text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// The error, when it failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The cause, when it failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    /// The state it goes to next.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_state: Option<String>,
    /// At `DEBUG` and `TRACE`: each step's value as JSON text, `errorDetails`, `variables`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inspection_data: Option<Map<String, Value>>,
    /// A Task's mocked result that does not fit its integration's result under
    /// `mock.fieldValidationMode`, or a mocked error an AWS SDK integration cannot raise: one
    /// line per mismatch. Not part of AWS's response, so not serialized (`sfn test-state`
    /// prints them to stderr). The API reference says what each mode checks ("STRICT: All
    /// required fields must be present, and all present fields must conform to the API's
    /// schema"), not what TestState answers when a mock does not conform: it may refuse the
    /// request with a `ValidationException`; until that is established, the state runs with
    /// the mock as it is and the mismatch is reported here.
    #[serde(skip)]
    pub warnings: Vec<String>,
}

/// A request TestState refuses, as AWS does (`InvalidDefinition`, `ValidationException`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestStateError {
    /// AWS's exception name.
    pub kind: &'static str,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for TestStateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)
    }
}

impl std::error::Error for TestStateError {}

fn invalid(kind: &'static str, message: impl Into<String>) -> TestStateError {
    TestStateError {
        kind,
        message: message.into(),
    }
}

/// The state name a definition of one state runs under.
const SINGLE: &str = "TestState";

/// Runs one state as AWS's TestState API does.
///
/// ```
/// use sfn_local::{test_state, TestStateRequest, TestStatus};
///
/// let response = test_state(&TestStateRequest {
///     definition: r#"{"Type": "Pass", "InputPath": "$.order", "ResultPath": "$.seen", "Next": "Ship"}"#.into(),
///     input: Some(r#"{"order": {"id": 7}}"#.into()),
///     inspection_level: Some("DEBUG".into()),
///     ..TestStateRequest::default()
/// })
/// .unwrap();
/// assert_eq!(response.status, TestStatus::Succeeded);
/// assert_eq!(response.next_state.as_deref(), Some("Ship"));
/// // ResultPath writes into the state's raw input, not what InputPath chose.
/// assert_eq!(response.output.as_deref(), Some(r#"{"order":{"id":7},"seen":{"id":7}}"#));
/// let data = response.inspection_data.unwrap();
/// assert_eq!(data["afterInputPath"], r#"{"id":7}"#);
/// ```
pub fn test_state(request: &TestStateRequest) -> Result<TestStateResponse, TestStateError> {
    let parse = |field: &str, text: &Option<String>, default: Value| match text {
        None => Ok(default),
        Some(t) => serde_json::from_str::<Value>(t)
            .map_err(|e| invalid("ValidationException", format!("`{field}` is not JSON: {e}"))),
    };
    let input = parse("input", &request.input, json!({}))?;
    let level = match request.inspection_level.as_deref().unwrap_or("INFO") {
        l @ ("INFO" | "DEBUG" | "TRACE") => l,
        other => {
            return Err(invalid(
                "ValidationException",
                format!("`inspectionLevel` is INFO, DEBUG or TRACE, not `{other}`"),
            ))
        }
    };
    let (machine_text, name) = match &request.state_name {
        Some(name) => (request.definition.clone(), name.clone()),
        None => single_state_machine(&request.definition)?,
    };
    // Variables the request gives are not assigned by any state: reads of them are fine.
    // TestState does not check that resources are real ARNs (recorded from AWS: a Lambda ARN
    // with `your-region` in it is tested).
    let options = sfn_core::Options {
        check_arns: false,
        ..sfn_core::Options::default()
    };
    let report = sfn_core::validate_str(&machine_text, &options);
    let errors: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && d.code != sfn_core::Code::UndefinedVariable)
        .map(ToString::to_string)
        .collect();
    let root = match report.root {
        Some(root) if errors.is_empty() => root,
        _ => return Err(invalid("InvalidDefinition", errors.join("; "))),
    };
    let definition = sfn_core::to_model(&root).map_err(|ds| {
        let shown: Vec<String> = ds.iter().map(ToString::to_string).collect();
        invalid("InvalidDefinition", shown.join("; "))
    })?;
    let (states, language) = find_state(&definition, &name).ok_or_else(|| {
        invalid(
            "ValidationException",
            format!("the definition has no state named `{name}`"),
        )
    })?;

    let answer = match &request.mock {
        Some(TestMock {
            result: Some(text), ..
        }) => Some(Ok(parse("mock.result", &Some(text.clone()), Value::Null)?)),
        Some(TestMock {
            error_output: Some(e),
            ..
        }) => Some(Err(Failure::new(
            e.error.clone().unwrap_or_default(),
            e.cause.clone().unwrap_or_default(),
        ))),
        _ => None,
    };
    // "Valid Values: STRICT | PRESENT | NONE" (MockInput, Step Functions API reference).
    let field_validation = match request
        .mock
        .as_ref()
        .and_then(|m| m.field_validation_mode.as_deref())
    {
        None => sfn_core::catalog::FieldValidation::Strict,
        Some(mode @ ("STRICT" | "PRESENT" | "NONE")) => mode.parse().expect("a mode"),
        Some(other) => {
            return Err(invalid(
                "ValidationException",
                format!("`mock.fieldValidationMode` is STRICT, PRESENT or NONE, not `{other}`"),
            ))
        }
    };
    let state = states.get(&name).expect("find_state found it");
    if answer.is_none() && state.type_name() == "Task" {
        return Err(invalid(
            "ValidationException",
            format!("the Task state `{name}` needs a `mock` (`result` or `errorOutput`): nothing local can call its service"),
        ));
    }
    let context = match &request.context {
        Some(_) => Some(Arc::new(parse("context", &request.context, json!({}))?)),
        None => None,
    };
    // TestState runs the state as an Express execution of its own (recorded from AWS: an
    // `express` execution ARN, the request's role, no redrive count).
    let start = crate::DEFAULT_START_MILLIS;
    let execution = json!({
        "Id": "arn:aws:states:us-east-1:123456789012:express:TestStateMachine:test-state:00000000-0000-4000-8000-000000000000",
        "Input": input, "Name": "test-state", "RoleArn": request.role_arn,
        "StartTime": format_timestamp(start),
    });
    let machine = json!({"Id": "arn:aws:states:us-east-1:123456789012:stateMachine:TestStateMachine",
                         "Name": "TestStateMachine"});
    let mut interp = Interp::new(
        Mocks::new(),
        0,
        start,
        execution,
        machine,
        None,
        "us-east-1".into(),
    );
    interp.probe = Some(Box::new(Probe {
        answer,
        retrier_retry_count: request
            .state_configuration
            .as_ref()
            .and_then(|c| c.retrier_retry_count)
            .unwrap_or(0),
        context,
        map_failures: request
            .state_configuration
            .as_ref()
            .and_then(|c| c.map_iteration_failure_count),
        ..Probe::default()
    }));
    let mut vars = Vars::default();
    if let Value::Object(given) = parse("variables", &request.variables, json!({}))? {
        for (k, v) in given {
            vars.set(k, v);
        }
    }
    interp.field_validation = field_validation;
    let outcome = interp.run_one(states, &name, language, input, &mut vars);
    let probe = interp.probe.take().unwrap_or_default();

    let mut response = TestStateResponse {
        status: TestStatus::Succeeded,
        output: None,
        error: None,
        cause: None,
        next_state: None,
        inspection_data: None,
        warnings: std::mem::take(&mut interp.warnings),
    };
    let mut error_details = Map::new();
    match outcome {
        Ok((next, output)) => {
            response.output = Some(to_text(&output));
            response.next_state = next;
            if let Some((index, f)) = &probe.catch {
                response.status = TestStatus::CaughtError;
                response.error = Some(f.error.clone()).filter(|e| !e.is_empty());
                response.cause = Some(f.cause.clone()).filter(|c| !c.is_empty());
                error_details.insert("catchIndex".into(), json!(index));
            }
        }
        Err(halt) => {
            let f = match halt {
                Halt::Failed(f) => f,
                Halt::TimedOut => Failure::new("States.Timeout", ""),
            };
            response.status = TestStatus::Failed;
            if let Some((index, backoff)) = probe.retry {
                response.status = TestStatus::Retriable;
                error_details.insert("retryIndex".into(), json!(index));
                error_details.insert("retryBackoffIntervalSeconds".into(), json!(backoff));
            }
            response.error = Some(f.error).filter(|e| !e.is_empty());
            response.cause = Some(bare(f.cause)).filter(|c| !c.is_empty());
        }
    }
    if level != "INFO" {
        let mut data: Map<String, Value> = probe
            .inspection
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(to_text(v))))
            .collect();
        data.extend(probe.numbers.clone());
        let visible = vars.all();
        if !visible.is_empty() {
            let all: Map<String, Value> = visible.into_iter().collect();
            data.insert(
                "variables".into(),
                Value::String(to_text(&Value::Object(all))),
            );
        }
        if !error_details.is_empty() {
            data.insert("errorDetails".into(), Value::Object(error_details));
        }
        response.inspection_data = Some(data);
    }
    Ok(response)
}

/// A cause without the execution's "An error occurred while executing the state ..." prefix:
/// TestState runs no execution and answers with the cause alone.
fn bare(cause: String) -> String {
    if cause.starts_with("An error occurred while executing the state '") {
        if let Some(i) = cause.find("). ") {
            return cause[i + 3..].to_string();
        }
    }
    cause
}

/// A machine around one state's definition, so that it validates as a machine, and the name
/// the state has in it: [`SINGLE`], or a variant of it that no state inside uses. Its
/// transitions go to Succeed states of those names.
fn single_state_machine(state: &str) -> Result<(String, String), TestStateError> {
    let value: Value = serde_json::from_str(state).map_err(|e| {
        invalid(
            "InvalidDefinition",
            format!("the definition is not JSON: {e}"),
        )
    })?;
    if !value.is_object() {
        return Err(invalid(
            "InvalidDefinition",
            "the definition of one state must be a JSON object",
        ));
    }
    let node = sfn_core::json::Node::from_serde(&value);
    // State names are unique in a whole machine: avoid the names of the states inside.
    let inner = to_text(&value);
    let mut name = SINGLE.to_string();
    while inner.contains(&format!("\"{name}\"")) {
        name.push('_');
    }
    let mut states = Map::new();
    states.insert(name.clone(), value.clone());
    for (_, target) in sfn_core::asl::transitions(&node, "") {
        if target != name {
            states.insert(target, json!({"Type": "Succeed"}));
        }
    }
    let mut machine = Map::new();
    if let Some(ql) = value.get("QueryLanguage") {
        machine.insert("QueryLanguage".into(), ql.clone());
    }
    machine.insert("StartAt".into(), json!(name));
    machine.insert("States".into(), Value::Object(states));
    Ok((to_text(&Value::Object(machine)), name))
}

/// The scope that holds the state `name`, and the query language in force there.
fn find_state<'m>(
    machine: &'m sfn_core::model::StateMachine,
    name: &str,
) -> Option<(&'m sfn_core::model::States, QueryLanguage)> {
    fn search<'m>(
        states: &'m sfn_core::model::States,
        language: QueryLanguage,
        name: &str,
        depth: usize,
    ) -> Option<(&'m sfn_core::model::States, QueryLanguage)> {
        if states.get(name).is_some() {
            return Some((states, language));
        }
        if depth > 64 {
            return None;
        }
        for (_, state) in states.iter() {
            let inner = match state {
                sfn_core::model::State::Parallel(p) => p.branches.iter().collect::<Vec<_>>(),
                sfn_core::model::State::Map(m) => {
                    m.item_processor.iter().chain(m.iterator.iter()).collect()
                }
                _ => Vec::new(),
            };
            for scope in inner {
                let l = scope.query_language.unwrap_or(language);
                if let Some(found) = search(&scope.states, l, name, depth + 1) {
                    return Some(found);
                }
            }
        }
        None
    }
    let language = machine.query_language.unwrap_or(QueryLanguage::JSONPath);
    search(&machine.states, language, name, 0)
}
