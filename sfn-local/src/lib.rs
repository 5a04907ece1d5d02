//! Runs AWS Step Functions state machines in-process, as Step Functions would: Task results
//! come from mocks, time is virtual (a `Wait` of a day costs nothing), and the result is the
//! status, output, error, cause and `GetExecutionHistory` events AWS would give.
//!
//! ```
//! use serde_json::json;
//! use sfn_local::{Machine, Mock, Status};
//!
//! let machine = Machine::from_json(r#"{
//!   "StartAt": "Charge",
//!   "States": {
//!     "Charge": {
//!       "Type": "Task",
//!       "Resource": "arn:aws:states:::lambda:invoke",
//!       "Parameters": {"FunctionName": "charge", "Payload.$": "$"},
//!       "ResultSelector": {"receipt.$": "$.Payload.id"},
//!       "ResultPath": "$.charge",
//!       "End": true
//!     }
//!   }
//! }"#).unwrap();
//! let run = machine
//!     .runner()
//!     .input(json!({"order": 7}))
//!     .mock("Charge", Mock::returns(json!({"StatusCode": 200, "Payload": {"id": "r-1"}})))
//!     .run();
//! assert_eq!(run.status, Status::Succeeded);
//! assert_eq!(run.output, Some(json!({"order": 7, "charge": {"receipt": "r-1"}})));
//! assert_eq!(run.states_visited(), ["Charge"]);
//! ```

mod choice;
mod clock;
mod coverage;
mod data;
mod distributed;
mod error;
mod exec;
mod history;
mod intrinsics;
mod jsonata;
mod jsonpath;
mod mock;
mod rng;
mod test_state;
mod vars;

pub use test_state::{
    test_state, MockError, StateConfiguration, TestMock, TestStateError, TestStateRequest,
    TestStateResponse, TestStatus,
};

pub use coverage::{By, Coverage, CoverageError, Item, Kind, Part, COVERAGE_ENV};

/// A machine's name unless it is given one.
pub(crate) const DEFAULT_NAME: &str = "StateMachine";

/// Where the virtual clock starts unless a run says otherwise: 2026-01-01T00:00:00Z.
pub(crate) const DEFAULT_START_MILLIS: i64 = 1_767_225_600_000;

use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use serde_json::{json, Value};
use sfn_core::asl::QueryLanguage;
use sfn_core::graph::{Graph, Trace};
use sfn_core::model::StateMachine;

pub use clock::{format_timestamp, parse_timestamp};
pub use error::Failure;
pub use history::Event;
pub use jsonata::JsonataHost;
pub use mock::{from_mock_config, Callback, Mock, MockConfigError, MockResult, Mocks, TaskCall};
/// The workflow type a machine runs as (re-exported from `sfn-core`).
pub use sfn_core::asl::WorkflowType;
pub use sfn_core::catalog::FieldValidation;

use exec::{Halt, Interp};

/// A state machine ready to run.
#[derive(Debug, Clone)]
pub struct Machine {
    definition: StateMachine,
    workflow_type: WorkflowType,
    name: String,
    /// Where its executions record their coverage, in place of `SFN_COVERAGE`'s directory.
    coverage_dir: Option<PathBuf>,
    /// The canonical definition and its id, made the first time coverage needs them.
    key: OnceLock<Arc<Key>>,
}

/// A machine's canonical definition (JSON text) and the id hashed from it.
#[derive(Debug)]
pub(crate) struct Key {
    pub id: String,
    pub text: String,
}

impl Machine {
    /// Reads and validates a definition (JSON text). An invalid definition gives the
    /// diagnostics `sfn validate` would print: AWS would refuse to create it.
    pub fn from_json(text: &str) -> Result<Machine, Vec<sfn_core::Diagnostic>> {
        Machine::from_json_with(text, &sfn_core::Options::default())
    }

    /// [`Machine::from_json`] with validation options (Express rules, placeholders, ...).
    pub fn from_json_with(
        text: &str,
        options: &sfn_core::Options,
    ) -> Result<Machine, Vec<sfn_core::Diagnostic>> {
        let def = sfn_core::parse_definition(text, options)?;
        let mut m = Machine::from_model(def.machine);
        m.workflow_type = options.workflow_type;
        Ok(m)
    }

    /// A machine from any [`DefinitionSource`](sfn_core::DefinitionSource): a machine written
    /// with `asl!` or `include_asl!` (`sfn_runtime::StateMachine`), run as the workflow type
    /// it was checked for, or JSON text.
    ///
    /// ```
    /// use serde_json::json;
    /// use sfn_local::{Machine, Mocks};
    ///
    /// let text = r#"{"StartAt": "Done", "States": {"Done": {"Type": "Pass", "Result": 1, "End": true}}}"#;
    /// let m = Machine::new(text).unwrap();
    /// assert_eq!(m.run(json!({}), Mocks::new()).output, Some(json!(1)));
    /// ```
    pub fn new(
        source: &(impl sfn_core::DefinitionSource + ?Sized),
    ) -> Result<Machine, Vec<sfn_core::Diagnostic>> {
        let text = source.definition_json();
        if source.is_validated() {
            // Validated at compile time: only read into the model.
            let parsed = sfn_core::json::parse(text);
            if let Some(root) = parsed.root {
                let m = Machine::from_model(sfn_core::to_model(&root)?);
                return Ok(m.with_workflow_type(source.workflow_type()));
            }
        }
        let options = sfn_core::Options {
            workflow_type: source.workflow_type(),
            ..sfn_core::Options::default()
        };
        Machine::from_json_with(text, &options)
    }

    /// A machine from the typed model.
    pub fn from_model(definition: StateMachine) -> Machine {
        Machine {
            definition,
            workflow_type: WorkflowType::Standard,
            name: DEFAULT_NAME.to_string(),
            coverage_dir: None,
            key: OnceLock::new(),
        }
    }

    /// Records the coverage of every execution of this machine in `dir` (as `SFN_COVERAGE`
    /// does for every machine), for [`Coverage::read_dir`] and `sfn coverage` to sum.
    ///
    /// ```
    /// use sfn_local::{Coverage, Machine, Mocks};
    ///
    /// let dir = std::env::temp_dir().join(format!("sfn-doc-coverage-{}", std::process::id()));
    /// let m = Machine::from_json(r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}"#)
    ///     .unwrap()
    ///     .with_coverage_dir(&dir);
    /// m.run(serde_json::json!({}), Mocks::new());
    /// let summed = Coverage::read_dir(&dir).unwrap();
    /// assert_eq!(summed[0].executions(), 1);
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// ```
    pub fn with_coverage_dir(mut self, dir: impl Into<PathBuf>) -> Machine {
        self.coverage_dir = Some(dir.into());
        self
    }

    /// The state machine's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The canonical definition and its id.
    pub(crate) fn key(&self) -> Arc<Key> {
        Arc::clone(self.key.get_or_init(|| {
            // The model always serializes; should it not, the machine is the empty text's.
            let text = serde_json::to_string(&self.definition).unwrap_or_default();
            Arc::new(Key {
                id: coverage::machine_id(&text),
                text,
            })
        }))
    }

    /// Runs as this workflow type: an Express run ends after five minutes of virtual time.
    pub fn with_workflow_type(mut self, ty: WorkflowType) -> Machine {
        self.workflow_type = ty;
        self
    }

    /// The state machine's name, in ARNs and `$$.StateMachine.Name`.
    pub fn with_name(mut self, name: impl Into<String>) -> Machine {
        self.name = name.into();
        self
    }

    /// The definition.
    pub fn definition(&self) -> &StateMachine {
        &self.definition
    }

    /// The diagram of the definition ([`sfn_core::graph::build`] over its canonical JSON,
    /// states in source order), to render with [`sfn_core::graph`]'s functions, or with an
    /// execution's [`Execution::trace`].
    ///
    /// ```
    /// let m = sfn_local::Machine::from_json(r#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#)
    ///     .unwrap();
    /// assert!(sfn_core::graph::dot(&m.graph()).contains("start -> s0;"));
    /// ```
    pub fn graph(&self) -> Graph {
        // The model always serializes; should it not, the diagram is empty.
        let text = serde_json::to_string(&self.definition).unwrap_or_default();
        let root = sfn_core::json::parse(&text)
            .root
            .unwrap_or(sfn_core::json::Node {
                value: sfn_core::json::Value::Null,
                span: Default::default(),
            });
        sfn_core::graph::build(&root)
    }

    /// Starts describing one execution.
    pub fn runner(&self) -> Runner<'_> {
        Runner {
            machine: self,
            input: json!({}),
            mocks: Mocks::new(),
            name: None,
            start: DEFAULT_START_MILLIS,
            seed: 0,
            region: "us-east-1".to_string(),
            account: "123456789012".to_string(),
            history: true,
            field_validation: FieldValidation::default(),
        }
    }

    /// Runs with `input` and `mocks`, everything else by default.
    pub fn run(&self, input: Value, mocks: Mocks) -> Execution {
        self.runner().input(input).mocks(mocks).run()
    }
}

/// One execution to run: its input, mocks, name, start time and random seed.
#[derive(Debug)]
pub struct Runner<'m> {
    machine: &'m Machine,
    input: Value,
    mocks: Mocks,
    name: Option<String>,
    start: i64,
    seed: u64,
    region: String,
    account: String,
    history: bool,
    field_validation: FieldValidation,
}

impl Runner<'_> {
    /// The execution input (default `{}`).
    pub fn input(mut self, input: Value) -> Self {
        self.input = input;
        self
    }

    /// The execution input as a value of a serde type (the machine's `input` type, say);
    /// an error when it is not JSON (a map with keys that are not strings).
    ///
    /// ```
    /// #[derive(serde::Serialize)]
    /// struct Order { id: u32 }
    ///
    /// let m = sfn_local::Machine::new(r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "OutputPath": "$.id", "End": true}}}"#).unwrap();
    /// let run = m.runner().typed_input(&Order { id: 7 }).unwrap().run();
    /// assert_eq!(run.output, Some(serde_json::json!(7)));
    /// ```
    pub fn typed_input<T: serde::Serialize + ?Sized>(
        mut self,
        input: &T,
    ) -> Result<Self, serde_json::Error> {
        self.input = serde_json::to_value(input)?;
        Ok(self)
    }

    /// Every mock at once.
    pub fn mocks(mut self, mocks: Mocks) -> Self {
        self.mocks = mocks;
        self
    }

    /// Answers the Task state `state` with `mock`.
    pub fn mock(mut self, state: impl Into<String>, mock: Mock) -> Self {
        self.mocks.insert(state, mock);
        self
    }

    /// The execution name (default: a UUID from the seed).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// When the execution starts on the virtual clock, as milliseconds since the epoch
    /// (default 2026-01-01T00:00:00Z).
    pub fn start_time_millis(mut self, millis: i64) -> Self {
        self.start = millis;
        self
    }

    /// The seed of every random value: jitter, UUIDs, task tokens, `States.MathRandom`.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// The region and account in ARNs (default `us-east-1`, `123456789012`).
    pub fn account(mut self, region: impl Into<String>, account: impl Into<String>) -> Self {
        self.region = region.into();
        self.account = account.into();
        self
    }

    /// Whether the run keeps its history (the default). Without it the run is faster and
    /// [`Execution::history`] is empty (so is [`Execution::states_visited`]); the history's
    /// quota still applies, as AWS counts the events either way.
    pub fn history(mut self, keep: bool) -> Self {
        self.history = keep;
        self
    }

    /// How strictly each mocked result is checked against the result its integration returns
    /// (default [`FieldValidation::Strict`], as TestState's `fieldValidationMode`): a result
    /// that does not fit, or an error an AWS SDK integration cannot raise, becomes one of
    /// [`Execution::warnings`]. The run itself uses the mock as it is.
    ///
    /// ```
    /// use serde_json::json;
    /// use sfn_local::{FieldValidation, Machine, Mock};
    ///
    /// let m = Machine::from_json(r#"{"StartAt": "Start", "States": {"Start": {"Type": "Task",
    ///   "Resource": "arn:aws:states:::states:startExecution",
    ///   "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:child"},
    ///   "End": true}}}"#).unwrap();
    /// let strict = m.runner().mock("Start", Mock::returns(json!({}))).run();
    /// assert_eq!(strict.warnings().len(), 2); // ExecutionArn and StartDate are required
    /// let present = m.runner().mock("Start", Mock::returns(json!({})))
    ///     .field_validation(FieldValidation::Present).run();
    /// assert!(present.warnings().is_empty());
    /// ```
    pub fn field_validation(mut self, mode: FieldValidation) -> Self {
        self.field_validation = mode;
        self
    }

    /// Runs the execution to its end.
    pub fn run(self) -> Execution {
        let m = self.machine;
        let mut rng = rng::Rng::new(self.seed ^ 0x5EED);
        let name = self.name.unwrap_or_else(|| rng.uuid());
        let machine_arn = format!(
            "arn:aws:states:{}:{}:stateMachine:{}",
            self.region, self.account, m.name
        );
        // An Express execution's ARN says `express` and ends with an id of its own.
        let execution_arn = match m.workflow_type {
            WorkflowType::Standard => format!(
                "arn:aws:states:{}:{}:execution:{}:{}",
                self.region, self.account, m.name, name
            ),
            WorkflowType::Express => format!(
                "arn:aws:states:{}:{}:express:{}:{}:{}",
                self.region,
                self.account,
                m.name,
                name,
                rng.uuid()
            ),
        };
        let role = format!("arn:aws:iam::{}:role/{}-role", self.account, m.name);
        let execution = json!({
            "Id": execution_arn,
            "Input": self.input,
            "StartTime": format_timestamp(self.start),
            "Name": name,
            "RoleArn": role,
            "RedriveCount": 0,
        });
        let limit = m.workflow_type.execution_limit_seconds();
        let limit = m.definition.timeout_seconds.map_or(limit, |t| t.min(limit));
        let deadline = Some(
            self.start.saturating_add(
                i64::try_from(limit)
                    .unwrap_or(i64::MAX)
                    .saturating_mul(1000),
            ),
        );
        let language = m
            .definition
            .query_language
            .unwrap_or(QueryLanguage::JSONPath);
        let mut interp = Interp::new(
            self.mocks,
            self.seed,
            self.start,
            execution,
            json!({"Id": machine_arn, "Name": m.name}),
            deadline,
            self.region,
        );
        interp.record = self.history;
        interp.field_validation = self.field_validation;
        let mut prev = 0;
        interp.emit(
            &mut prev,
            "ExecutionStarted",
            Some((
                "executionStartedEventDetails",
                json!({"input": data::to_text(&self.input), "inputDetails": {"truncated": false}, "roleArn": role}),
            )),
        );
        prev = 0;
        let mut vars = vars::Vars::default();
        let result = interp.run_scope(
            &m.definition.states,
            &m.definition.start_at,
            language,
            self.input,
            &mut vars,
            &mut prev,
        );
        let (status, output, error, cause) = match result {
            Ok(out) => {
                interp.emit(
                    &mut prev,
                    "ExecutionSucceeded",
                    Some(("executionSucceededEventDetails", json!({"output": data::to_text(&out), "outputDetails": {"truncated": false}}))),
                );
                (Status::Succeeded, Some(out), None, None)
            }
            Err(Halt::Failed(f)) => {
                interp.emit(
                    &mut prev,
                    "ExecutionFailed",
                    Some((
                        "executionFailedEventDetails",
                        Value::Object(history::error_details(&f)),
                    )),
                );
                let present = |s: String| (!s.is_empty()).then_some(s);
                (Status::Failed, None, present(f.error), present(f.cause))
            }
            Err(Halt::TimedOut) => {
                // AWS's history says `States.Timeout` without a cause; DescribeExecution has
                // neither, so the error here is the history's.
                let f = Failure::new("States.Timeout", "");
                interp.emit(
                    &mut prev,
                    "ExecutionTimedOut",
                    Some((
                        "executionTimedOutEventDetails",
                        Value::Object(history::error_details(&f)),
                    )),
                );
                (Status::TimedOut, None, Some(f.error), None)
            }
        };
        let execution = Execution {
            status,
            output,
            error,
            cause,
            history: interp.events,
            execution_arn,
            workflow_type: m.workflow_type,
            hits: interp.hits,
            warnings: interp.warnings,
        };
        let dir: Option<&std::path::Path> = match &m.coverage_dir {
            Some(dir) => Some(dir),
            None => coverage::env_dir(),
        };
        if let Some(dir) = dir {
            coverage::write(dir, m, &execution);
        }
        execution
    }
}

/// A readable trace for a failed assertion's message: the status, the error and cause or
/// the output, and the states entered in order.
///
/// ```
/// use sfn_local::{Machine, Mocks};
///
/// let m = Machine::from_json(r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"},
///   "B": {"Type": "Fail", "Error": "Nope", "Cause": "no"}}}"#).unwrap();
/// let run = m.run(serde_json::json!({}), Mocks::new());
/// let trace = run.to_string();
/// assert!(trace.contains("FAILED: Nope: no"));
/// assert!(trace.contains("A -> B"));
/// ```
impl fmt::Display for Execution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.output, &self.error) {
            (Some(out), _) => writeln!(f, "{}: output {}", self.status, data::to_text(out))?,
            (None, Some(e)) => writeln!(
                f,
                "{}: {e}: {}",
                self.status,
                self.cause.as_deref().unwrap_or("")
            )?,
            (None, None) => writeln!(f, "{}", self.status)?,
        }
        let visited = self.states_visited();
        if visited.is_empty() {
            write!(f, "states: (history not kept)")?;
        } else {
            write!(f, "states: {}", visited.join(" -> "))?;
        }
        for w in &self.warnings {
            write!(f, "\nwarning: {w}")?;
        }
        Ok(())
    }
}

/// One state's visit in an execution ([`Execution::steps`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The state's name.
    pub name: String,
    /// The input it was given.
    pub input: Value,
    /// The output it left with; `None` when it did not leave.
    pub output: Option<Value>,
}

/// How an execution ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Reached a terminal state.
    Succeeded,
    /// A state failed and nothing caught it.
    Failed,
    /// Ran past the machine's `TimeoutSeconds` (or an Express workflow's five minutes).
    TimedOut,
}

impl Status {
    /// `SUCCEEDED`, `FAILED` or `TIMED_OUT`, as AWS names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Succeeded => "SUCCEEDED",
            Status::Failed => "FAILED",
            Status::TimedOut => "TIMED_OUT",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A finished execution.
#[derive(Debug, Clone)]
pub struct Execution {
    /// How it ended.
    pub status: Status,
    /// The output, when it succeeded.
    pub output: Option<Value>,
    /// The error name, when it did not.
    pub error: Option<String>,
    /// The cause, when it did not.
    pub cause: Option<String>,
    /// AWS's history events.
    pub history: Vec<Event>,
    /// The execution's ARN (`...:execution:<machine>:<name>`, or for an Express workflow
    /// `...:express:<machine>:<name>:<id>`).
    pub execution_arn: String,
    /// The workflow type it ran as.
    pub workflow_type: WorkflowType,
    /// What it covered (see [`Coverage`]), kept with or without the history.
    hits: coverage::Hits,
    /// Mocks that do not fit their integration (see [`Runner::field_validation`]).
    warnings: Vec<String>,
}

impl Execution {
    /// The mocked results that do not fit the result their integration returns and the
    /// mocked errors an AWS SDK integration cannot raise, one line each, naming the state,
    /// the place in the result and the resource (see [`Runner::field_validation`]). The
    /// `Display` trace ends with them.
    ///
    /// ```
    /// use sfn_local::{Machine, Mock};
    ///
    /// let m = Machine::from_json(r#"{"StartAt": "Get", "States": {"Get": {"Type": "Task",
    ///   "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
    ///   "Parameters": {"Bucket": "b", "Key": "k"}, "End": true}}}"#).unwrap();
    /// let run = m.runner().mock("Get", Mock::throws("S3.NoSuchKey", "gone")).run();
    /// assert!(run.warnings()[0].contains("did you mean `S3.NoSuchKeyException`?"));
    /// assert!(run.to_string().contains("\nwarning: Task state 'Get': the mocked error"));
    /// ```
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The names of the states entered, in order (inner states of Parallel and Map too).
    pub fn states_visited(&self) -> Vec<&str> {
        self.history
            .iter()
            .filter_map(Event::entered_state)
            .collect()
    }

    /// Each state's visit, in the order the states were entered (inner states of Parallel
    /// and Map too): its input, and its output when it left (`None` when it did not: it
    /// failed, or the execution ended in it). Read from the history: a run without it
    /// ([`Runner::history`]`(false)`) has none.
    ///
    /// ```
    /// use serde_json::json;
    /// use sfn_local::{Machine, Mocks};
    ///
    /// let m = Machine::new(r#"{"StartAt": "Add", "States": {
    ///   "Add": {"Type": "Pass", "Parameters": {"sum.$": "States.MathAdd($.a, 1)"}, "Next": "Stop"},
    ///   "Stop": {"Type": "Fail", "Error": "Done"}}}"#).unwrap();
    /// let run = m.run(json!({"a": 1}), Mocks::new());
    /// let steps = run.steps();
    /// assert_eq!(steps[0].name, "Add");
    /// assert_eq!(steps[0].input, json!({"a": 1}));
    /// assert_eq!(steps[0].output, Some(json!({"sum": 2})));
    /// assert_eq!(steps[1].output, None);
    /// ```
    pub fn steps(&self) -> Vec<Step> {
        let text = |e: &Event, key: &str| {
            let raw = e
                .details
                .as_ref()
                .and_then(|(_, d)| d.get(key))
                .and_then(Value::as_str);
            raw.map(|t| serde_json::from_str(t).unwrap_or_else(|_| Value::String(t.to_string())))
        };
        let mut steps: Vec<Step> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        for e in &self.history {
            if let Some(name) = e.entered_state() {
                open.push(steps.len());
                steps.push(Step {
                    name: name.to_string(),
                    input: text(e, "input").unwrap_or(Value::Null),
                    output: None,
                });
            } else if let Some(name) = e.exited_state() {
                if let Some(at) = open.iter().rposition(|&i| steps[i].name == name) {
                    let i = open.remove(at);
                    steps[i].output = text(e, "output");
                }
            }
        }
        steps
    }

    /// The path the execution took, to draw over its machine's diagram (see
    /// [`sfn_core::graph::Trace`]): the states entered, in order, and when the execution did
    /// not succeed, the state it stopped in (the innermost state entered and never left, such
    /// as the Task whose error nothing caught, or the Fail state).
    ///
    /// The trace is read from the history: a run without it ([`Runner::history`]`(false)`)
    /// has an empty trace, and its diagram shows every state unvisited.
    ///
    /// ```
    /// use sfn_local::{Machine, Mocks};
    ///
    /// let m = Machine::from_json(r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"},
    ///   "B": {"Type": "Fail", "Error": "Nope"}}}"#).unwrap();
    /// let trace = m.run(serde_json::json!({}), Mocks::new()).trace();
    /// assert_eq!(trace.visited, ["A", "B"]);
    /// assert_eq!(trace.failed.as_deref(), Some("B"));
    /// ```
    pub fn trace(&self) -> Trace {
        let mut open: Vec<&str> = Vec::new();
        let mut visited = Vec::new();
        for e in &self.history {
            if let Some(name) = e.entered_state() {
                open.push(name);
                visited.push(name.to_string());
            } else if let Some(name) = e.exited_state() {
                if let Some(i) = open.iter().rposition(|n| *n == name) {
                    open.remove(i);
                }
            }
        }
        let failed = match self.status {
            Status::Succeeded => None,
            _ => open
                .last()
                .map(|n| n.to_string())
                .or_else(|| visited.last().cloned()),
        };
        Trace { visited, failed }
    }

    /// The Mermaid diagram of `machine` (the one that ran) with this execution's path drawn
    /// over it: [`sfn_core::graph::mermaid_traced`] with [`Execution::trace`].
    ///
    /// ```
    /// use sfn_local::{Machine, Mocks};
    ///
    /// let m = Machine::from_json(r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}"#)
    ///     .unwrap();
    /// let run = m.run(serde_json::json!({}), Mocks::new());
    /// assert!(run.mermaid(&m).contains("class s0 visited"));
    /// ```
    pub fn mermaid(&self, machine: &Machine) -> String {
        sfn_core::graph::mermaid_traced(&machine.graph(), &self.trace())
    }

    /// The output read as `T`, or why it cannot be (the execution did not succeed, or serde's
    /// reason).
    ///
    /// ```
    /// use serde::Deserialize;
    /// use sfn_local::{Machine, Mocks};
    ///
    /// #[derive(Deserialize, Debug, PartialEq)]
    /// struct Total { sum: i64 }
    ///
    /// let m = Machine::from_json(r#"{"StartAt": "P", "States": {"P": {"Type": "Pass",
    ///   "Parameters": {"sum.$": "States.MathAdd($.a, $.b)"}, "End": true}}}"#).unwrap();
    /// let run = m.run(serde_json::json!({"a": 2, "b": 3}), Mocks::new());
    /// assert_eq!(run.output_as::<Total>().unwrap(), Total { sum: 5 });
    /// ```
    pub fn output_as<T: serde::de::DeserializeOwned>(&self) -> Result<T, String> {
        let Some(out) = &self.output else {
            return Err(format!("the execution did not succeed:\n{self}"));
        };
        serde_json::from_value(out.clone()).map_err(|e| {
            format!(
                "the output does not read as {}: {e}\n{self}",
                std::any::type_name::<T>()
            )
        })
    }

    /// The history as CloudWatch Logs records, the only history an Express workflow has in
    /// AWS (`GetExecutionHistory` does not serve Express executions): one record per event,
    /// as a state machine logging at level `ALL` with execution data writes them.
    ///
    /// ```
    /// use sfn_local::{Machine, Mocks, WorkflowType};
    ///
    /// let m = Machine::from_json(r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#)
    ///     .unwrap()
    ///     .with_workflow_type(WorkflowType::Express);
    /// let run = m.run(serde_json::json!({}), Mocks::new());
    /// let logs = run.log_records();
    /// assert_eq!(logs[0]["type"], "ExecutionStarted");
    /// assert_eq!(logs[0]["id"], "1");
    /// assert!(logs[0]["execution_arn"].as_str().unwrap().contains(":express:"));
    /// ```
    pub fn log_records(&self) -> Vec<Value> {
        self.history
            .iter()
            .map(|e| e.to_log_record(&self.execution_arn))
            .collect()
    }

    /// The result as `sfn run` prints it: `{"status", "output"}` or `{"status", "error",
    /// "cause"}`, and the `history` when asked.
    pub fn to_json(&self, with_history: bool) -> Value {
        let mut m = serde_json::Map::new();
        m.insert("status".into(), json!(self.status.as_str()));
        match &self.output {
            Some(out) => {
                m.insert("output".into(), out.clone());
            }
            None => {
                m.insert("error".into(), json!(self.error));
                m.insert("cause".into(), json!(self.cause));
            }
        }
        if with_history {
            let events = match self.workflow_type {
                WorkflowType::Standard => self.history.iter().map(Event::to_json).collect(),
                WorkflowType::Express => self.log_records(),
            };
            m.insert("history".into(), Value::Array(events));
        }
        Value::Object(m)
    }
}
