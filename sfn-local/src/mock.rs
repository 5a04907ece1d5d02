//! Task results: what a mocked integration returns or throws, per state, by invocation.

use std::collections::HashMap;
use std::fmt;

use serde_json::Value;

use crate::error::Failure;

/// What a Task state asked its integration to do: the request Step Functions built.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskCall {
    /// The state's name.
    pub state: String,
    /// The `Resource` ARN.
    pub resource: String,
    /// The parameters Step Functions sends (after `Parameters` or, without it, the input).
    pub parameters: Value,
    /// `$$.Task.Token` for `.waitForTaskToken`.
    pub task_token: Option<String>,
    /// Which invocation of this state this is in the execution, from 0 (retries, loops and
    /// Map iterations all count).
    pub invocation: u32,
    /// The retry count of this attempt (0 for the first).
    pub retry_count: u32,
}

/// One mocked answer: the integration's result, or an error it throws.
pub type MockResult = Result<Value, Failure>;

/// What answers a Task state's invocations, and how long each answer takes on the virtual
/// clock.
pub struct Mock {
    answers: Answers,
    /// How long the work takes before the answer comes, in milliseconds.
    takes_millis: i64,
    /// How often the work sends a heartbeat, in milliseconds (`None`: never).
    heartbeat_millis: Option<i64>,
}

enum Answers {
    /// The same answer every time.
    Always(MockResult),
    /// One answer per invocation, in order; past the end, the last repeats.
    Sequence(Vec<MockResult>),
    /// Computed from the call.
    Fn(Box<dyn FnMut(&TaskCall) -> MockResult + Send>),
    /// The worker of a `.waitForTaskToken` Task.
    Callback(Box<Worker>),
}

/// A `.waitForTaskToken` worker: the call and its token in, how it calls back out.
type Worker = dyn FnMut(&TaskCall, &str) -> Callback + Send;

/// What the worker of a `.waitForTaskToken` Task does with the token it was sent: Step
/// Functions' `SendTaskSuccess`, `SendTaskFailure`, or nothing, in which case the Task waits
/// until its `TimeoutSeconds` (`States.Timeout`) or the execution's time limit.
#[derive(Debug, Clone, PartialEq)]
pub enum Callback {
    /// `SendTaskSuccess` with this output: the Task's result.
    Success(Value),
    /// `SendTaskFailure` with this error and cause.
    Failure(Failure),
    /// No call back.
    Never,
}

impl Callback {
    /// `SendTaskSuccess` with `output`.
    pub fn success(output: Value) -> Callback {
        Callback::Success(output)
    }

    /// `SendTaskFailure` with `error` and `cause`.
    pub fn failure(error: impl Into<String>, cause: impl Into<String>) -> Callback {
        Callback::Failure(Failure::new(error, cause))
    }
}

impl fmt::Debug for Mock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Mock");
        match &self.answers {
            Answers::Always(r) => d.field("always", r),
            Answers::Sequence(r) => d.field("sequence", r),
            Answers::Fn(_) => d.field("from_fn", &".."),
            Answers::Callback(_) => d.field("callback", &".."),
        };
        d.field("takes_millis", &self.takes_millis)
            .field("heartbeat_millis", &self.heartbeat_millis)
            .finish()
    }
}

/// A mock's answer to one invocation, with the time it took.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Answer {
    pub result: MockResult,
    pub takes_millis: i64,
    pub heartbeat_millis: Option<i64>,
}

impl Mock {
    fn new(answers: Answers) -> Mock {
        Mock {
            answers,
            takes_millis: 0,
            heartbeat_millis: None,
        }
    }

    /// Returns `value` on every invocation (for `lambda:invoke`, the whole envelope with
    /// `Payload`, as the integration returns it).
    pub fn returns(value: Value) -> Mock {
        Mock::new(Answers::Always(Ok(value)))
    }

    /// Throws `error` with `cause` on every invocation.
    pub fn throws(error: impl Into<String>, cause: impl Into<String>) -> Mock {
        Mock::new(Answers::Always(Err(Failure::new(error, cause))))
    }

    /// Answers invocation `i` with `answers[i]`; the last answer repeats.
    pub fn sequence(answers: impl IntoIterator<Item = MockResult>) -> Mock {
        Mock::new(Answers::Sequence(answers.into_iter().collect()))
    }

    /// Answers with a function of the call.
    pub fn from_fn(f: impl FnMut(&TaskCall) -> MockResult + Send + 'static) -> Mock {
        Mock::new(Answers::Fn(Box::new(f)))
    }

    /// Answers with a typed function: it receives the request as `Req` and returns `Resp`
    /// (or a [`Failure`], thrown by name and cause). For `lambda:invoke` the function is the
    /// Lambda function itself: it receives the `Payload` and its result becomes the envelope
    /// the integration returns (`ExecutedVersion`, `Payload`, `StatusCode`); for any other
    /// resource it receives the parameters and returns the integration's result.
    ///
    /// A request that does not read as `Req` fails the Task with `States.Runtime`, naming
    /// the state and serde's reason.
    ///
    /// ```
    /// use serde::{Deserialize, Serialize};
    /// use serde_json::json;
    /// use sfn_local::{Failure, Machine, Mock};
    ///
    /// #[derive(Deserialize)]
    /// struct Resize { width: u32 }
    /// #[derive(Serialize)]
    /// struct Resized { url: String }
    ///
    /// let m = Machine::from_json(r#"{"StartAt": "R", "States": {"R": {"Type": "Task",
    ///   "Resource": "arn:aws:states:::lambda:invoke",
    ///   "Parameters": {"FunctionName": "resize", "Payload": {"width": 200}},
    ///   "OutputPath": "$.Payload", "End": true}}}"#).unwrap();
    /// let resize = Mock::typed(|r: Resize| Ok::<_, Failure>(Resized { url: format!("s3://b/{}.png", r.width) }));
    /// let run = m.runner().mock("R", resize).run();
    /// assert_eq!(run.output, Some(json!({"url": "s3://b/200.png"})));
    /// ```
    pub fn typed<Req, Resp>(
        mut f: impl FnMut(Req) -> Result<Resp, Failure> + Send + 'static,
    ) -> Mock
    where
        Req: serde::de::DeserializeOwned,
        Resp: serde::Serialize,
    {
        Mock::from_fn(move |call: &TaskCall| {
            let lambda = call.resource.contains(":lambda:invoke")
                || call.resource.starts_with("arn:aws:lambda:");
            let request = if lambda && call.resource.contains(":lambda:invoke") {
                call.parameters
                    .get("Payload")
                    .cloned()
                    .unwrap_or(Value::Null)
            } else {
                call.parameters.clone()
            };
            let req: Req = serde_json::from_value(request).map_err(|e| {
                Failure::runtime(format!(
                    "The typed mock of the Task state '{}' cannot read its request as {}: {e}",
                    call.state,
                    std::any::type_name::<Req>()
                ))
            })?;
            let resp = serde_json::to_value(f(req)?).map_err(|e| {
                Failure::runtime(format!(
                    "The typed mock of the Task state '{}' returned a value that is not JSON: {e}",
                    call.state
                ))
            })?;
            Ok(if call.resource.contains(":lambda:invoke") {
                serde_json::json!({"ExecutedVersion": "$LATEST", "Payload": resp, "StatusCode": 200})
            } else {
                resp
            })
        })
    }

    /// The worker of a `.waitForTaskToken` Task: `f` receives the call and the task token, and
    /// says how the worker calls back ([`Callback`]). A worker can call back only with a token
    /// it was sent: when the request does not carry the token (the definition forgot
    /// `"TaskToken.$": "$$.Task.Token"`), the worker never calls back, as on AWS, and the Task
    /// waits until its `TimeoutSeconds` or the execution's time limit (a year for a Standard
    /// execution, virtual time). A Task that is not `.waitForTaskToken` fails with
    /// `States.Runtime`.
    ///
    /// ```
    /// use serde_json::json;
    /// use sfn_local::{Callback, Machine, Mock};
    ///
    /// let m = Machine::new(r#"{"StartAt": "Approve", "States": {"Approve": {"Type": "Task",
    ///   "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
    ///   "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/approvals",
    ///     "MessageBody": {"TaskToken.$": "$$.Task.Token"}},
    ///   "TimeoutSeconds": 3600, "End": true}}}"#).unwrap();
    /// let approver = Mock::callback(|_call, _token| Callback::success(json!({"approved": true})));
    /// let run = m.runner().mock("Approve", approver).run();
    /// assert_eq!(run.output, Some(json!({"approved": true})));
    ///
    /// let silent = Mock::callback(|_, _| Callback::Never);
    /// let run = m.runner().mock("Approve", silent).run();
    /// assert_eq!(run.error.as_deref(), Some("States.Timeout"));
    /// ```
    pub fn callback(f: impl FnMut(&TaskCall, &str) -> Callback + Send + 'static) -> Mock {
        Mock::new(Answers::Callback(Box::new(f)))
    }

    /// The work takes `duration` of virtual time before it answers. A Task whose
    /// `TimeoutSeconds` is shorter fails with `States.Timeout` when that time is up, and one
    /// whose `HeartbeatSeconds` passes without a heartbeat ([`Mock::heartbeat_every`]) fails
    /// with `States.HeartbeatTimeout`; the execution's own time limit applies throughout.
    ///
    /// ```
    /// use std::time::Duration;
    /// use serde_json::json;
    /// use sfn_local::{Machine, Mock};
    ///
    /// let m = Machine::from_json(r#"{"StartAt": "Work", "States": {"Work": {"Type": "Task",
    ///   "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
    ///   "TimeoutSeconds": 60, "End": true}}}"#).unwrap();
    /// let slow = Mock::returns(json!({"Payload": 1})).taking(Duration::from_secs(90));
    /// let run = m.runner().mock("Work", slow).run();
    /// assert_eq!(run.error.as_deref(), Some("States.Timeout"));
    /// ```
    pub fn taking(mut self, duration: std::time::Duration) -> Mock {
        self.takes_millis = i64::try_from(duration.as_millis()).unwrap_or(i64::MAX);
        self
    }

    /// While it works, the task sends a heartbeat every `interval` (`SendTaskHeartbeat`), so
    /// a `HeartbeatSeconds` at least that long is met.
    pub fn heartbeat_every(mut self, interval: std::time::Duration) -> Mock {
        self.heartbeat_millis = Some(i64::try_from(interval.as_millis()).unwrap_or(i64::MAX));
        self
    }

    fn answer(&mut self, call: &TaskCall) -> Option<Answer> {
        let result = match &mut self.answers {
            Answers::Always(r) => r.clone(),
            Answers::Sequence(all) => all
                .get(call.invocation as usize)
                .or_else(|| all.last())
                .cloned()?,
            Answers::Fn(f) => f(call),
            Answers::Callback(f) => {
                let Some(token) = call.task_token.as_deref() else {
                    return Some(Answer {
                        result: Err(Failure::runtime(format!(
                            "The Task state '{}' is not a .waitForTaskToken Task, so its callback mock cannot answer it",
                            call.state
                        ))),
                        takes_millis: self.takes_millis,
                        heartbeat_millis: self.heartbeat_millis,
                    });
                };
                // Without the token the worker cannot call back.
                let callback = if carries(&call.parameters, token) {
                    f(call, token)
                } else {
                    Callback::Never
                };
                match callback {
                    Callback::Success(output) => Ok(output),
                    Callback::Failure(failure) => Err(failure),
                    Callback::Never => {
                        return Some(Answer {
                            result: Err(Failure::new("States.Timeout", "")),
                            takes_millis: i64::MAX,
                            heartbeat_millis: self.heartbeat_millis,
                        });
                    }
                }
            }
        };
        Some(Answer {
            result,
            takes_millis: self.takes_millis,
            heartbeat_millis: self.heartbeat_millis,
        })
    }
}

/// Whether `token` is somewhere in `value`: a string that is it or holds it (a URL with the
/// token as a query parameter, say).
pub(crate) fn carries(value: &Value, token: &str) -> bool {
    match value {
        Value::String(s) => s.contains(token),
        Value::Array(items) => items.iter().any(|v| carries(v, token)),
        Value::Object(members) => members.values().any(|v| carries(v, token)),
        _ => false,
    }
}

/// The mocks of one execution, by state name.
#[derive(Debug, Default)]
pub struct Mocks {
    by_state: HashMap<String, Mock>,
    fallback: Option<Mock>,
    /// Step Functions Local's responses: a table by invocation, an explicit gap is an error.
    pub(crate) tables: HashMap<String, Vec<(u32, u32, MockResult)>>,
}

impl Mocks {
    /// No mocks: every Task fails the execution.
    pub fn new() -> Self {
        Mocks::default()
    }

    /// Answers the state called `state` with `mock`.
    pub fn on(mut self, state: impl Into<String>, mock: Mock) -> Self {
        self.by_state.insert(state.into(), mock);
        self
    }

    /// Answers every Task state that has no mock of its own with `mock`.
    pub fn otherwise(mut self, mock: Mock) -> Self {
        self.fallback = Some(mock);
        self
    }

    /// Answers the state called `state` with `mock` (in place).
    pub fn insert(&mut self, state: impl Into<String>, mock: Mock) {
        self.by_state.insert(state.into(), mock);
    }

    /// The answer to `call`; `None` when nothing mocks the state.
    pub(crate) fn answer(&mut self, call: &TaskCall) -> Option<Answer> {
        if let Some(m) = self.by_state.get_mut(&call.state) {
            return m.answer(call);
        }
        let Some(table) = self.tables.get(&call.state) else {
            return self.fallback.as_mut().and_then(|m| m.answer(call));
        };
        let hit = table
            .iter()
            .find(|(lo, hi, _)| (*lo..=*hi).contains(&call.invocation))
            .map(|(_, _, r)| r.clone());
        let result = hit.unwrap_or_else(|| {
            Err(Failure::runtime(format!(
                "The mocked responses of state '{}' have no answer for invocation {}",
                call.state, call.invocation
            )))
        });
        Some(Answer {
            result,
            takes_millis: 0,
            heartbeat_millis: None,
        })
    }
}

/// An error in a Step Functions Local mock configuration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockConfigError(pub String);

impl fmt::Display for MockConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for MockConfigError {}

/// Reads Step Functions Local's mock configuration (`StateMachines.<machine>.TestCases.<case>`
/// and `MockedResponses`) for one machine and test case. `machine` may be left out when the
/// file has one machine, `case` when that machine has one test case.
pub fn from_mock_config(
    text: &str,
    machine: Option<&str>,
    case: Option<&str>,
) -> Result<Mocks, MockConfigError> {
    let err = |m: String| MockConfigError(m);
    let root: Value = serde_json::from_str(text)
        .map_err(|e| err(format!("the mock configuration is not JSON: {e}")))?;
    let machines = root
        .get("StateMachines")
        .and_then(Value::as_object)
        .ok_or_else(|| err("the mock configuration has no `StateMachines` object".into()))?;
    let m = pick(machines, machine, "state machine")?;
    let cases = m
        .get("TestCases")
        .and_then(Value::as_object)
        .ok_or_else(|| err("the state machine has no `TestCases` object".into()))?;
    let tc = pick(cases, case, "test case")?.as_object().ok_or_else(|| {
        err("a test case must be an object of state name to response name".into())
    })?;
    let responses = root.get("MockedResponses").and_then(Value::as_object);
    let mut mocks = Mocks::new();
    for (state, response) in tc {
        let name = response
            .as_str()
            .ok_or_else(|| err(format!("the response of state `{state}` must be a name")))?;
        let table = responses
            .and_then(|r| r.get(name))
            .and_then(Value::as_object)
            .ok_or_else(|| {
                err(format!(
                    "no mocked response `{name}` (used by state `{state}`)"
                ))
            })?;
        let mut rows = Vec::new();
        for (range, answer) in table {
            let (lo, hi) = match range.split_once('-') {
                Some((a, b)) => (a.trim().parse::<u32>(), b.trim().parse::<u32>()),
                None => (range.trim().parse::<u32>(), range.trim().parse::<u32>()),
            };
            let (Ok(lo), Ok(hi)) = (lo, hi) else {
                return Err(err(format!(
                    "response `{name}`: `{range}` is not an invocation number or range like \"1-2\""
                )));
            };
            let result = if let Some(v) = answer.get("Return") {
                Ok(v.clone())
            } else if let Some(t) = answer.get("Throw") {
                let field = |f: &str| t.get(f).and_then(Value::as_str).unwrap_or("").to_string();
                Err(Failure::new(field("Error"), field("Cause")))
            } else {
                return Err(err(format!(
                    "response `{name}` `{range}`: expected {{\"Return\": ...}} or {{\"Throw\": {{\"Error\": ..., \"Cause\": ...}}}}"
                )));
            };
            rows.push((lo, hi, result));
        }
        mocks.tables.insert(state.clone(), rows);
    }
    Ok(mocks)
}

/// The entry called `name`, or the only entry when no name is given.
fn pick<'a>(
    map: &'a serde_json::Map<String, Value>,
    name: Option<&str>,
    what: &str,
) -> Result<&'a Value, MockConfigError> {
    let names: Vec<&str> = map.keys().map(String::as_str).collect();
    match name {
        Some(n) => map.get(n).ok_or_else(|| {
            MockConfigError(format!(
                "no {what} `{n}` in the mock configuration (it has: {})",
                names.join(", ")
            ))
        }),
        None if map.len() == 1 => Ok(map.values().next().unwrap_or(&Value::Null)),
        None => Err(MockConfigError(format!(
            "the mock configuration has {} {what}s ({}): choose one",
            map.len(),
            names.join(", ")
        ))),
    }
}
