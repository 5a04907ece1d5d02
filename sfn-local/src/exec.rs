//! The interpreter: runs states one after another on the virtual clock, writing the history
//! as Step Functions does.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{json, Map, Value};
use sfn_core::asl::QueryLanguage;
use sfn_core::catalog::{self, parse_resource, pattern_of, FieldValidation, Pattern, Resource};
use sfn_core::model::{Catcher, Dynamic, Retrier, State, States};

use crate::clock::{format_timestamp, parse_timestamp};
use crate::coverage::{Hits, Out};
use crate::data::{self, to_text, Env};
use crate::error::Failure;
use crate::history::{self, Event};
use crate::jsonata::{Evaluator, Scope};
use crate::mock::{Answer, MockResult, Mocks, TaskCall};
use crate::rng::Rng;
use crate::vars::Vars;

mod jsonata_states;
mod map;
mod task;
use crate::{choice, jsonpath};

/// Step Functions' quota on one execution's history; reaching it fails the execution.
pub(crate) const MAX_HISTORY_EVENTS: usize = 25_000;
/// The largest input or output a state may pass on: 256 KiB of UTF-8.
pub(crate) const MAX_PAYLOAD_BYTES: usize = 262_144;
/// How deeply a payload's arrays and objects may nest. AWS's own limit is not recorded (the
/// JSON parsers it is built on stop between 1,000 levels and none); cloning, comparing and
/// printing a value recurse once per level, so past 256 levels the state fails with the size
/// limit's error rather than the process with a stack overflow. serde_json reads no deeper
/// than 128 levels, so only a payload built up by the machine itself gets here.
const MAX_PAYLOAD_NESTING: usize = 256;
/// How deep Parallel and Map may nest while running (the validator refuses deeper
/// definitions; this guards the stack for hand-built models).
const MAX_DEPTH: usize = 64;

/// Why an execution stopped before its last state.
#[derive(Debug)]
pub(crate) enum Halt {
    Failed(Failure),
    TimedOut,
}

impl From<Failure> for Halt {
    fn from(f: Failure) -> Self {
        Halt::Failed(f)
    }
}

/// One execution in progress.
pub(crate) struct Interp {
    pub mocks: Mocks,
    pub rng: Rng,
    pub clock: i64,
    pub events: Vec<Event>,
    pub invocations: HashMap<String, u32>,
    pub execution: Arc<Value>,
    pub state_machine: Arc<Value>,
    pub deadline: Option<i64>,
    pub region: String,
    depth: usize,
    /// The history reached its quota: the execution is failing.
    exhausted: bool,
    /// How many events the history has (kept or not).
    event_count: usize,
    /// Whether events are kept; a run that needs only its result counts them (for the
    /// history quota and the event ids in causes) without writing them.
    pub record: bool,
    /// TestState: one state, one attempt, and what each step of its data flow made.
    pub probe: Option<Box<Probe>>,
    /// The retry count of the attempt that ran last (`$$.State.RetryCount` after it).
    last_retry_count: u32,
    /// What the execution covered (states, transitions, retriers), kept with or without the
    /// history.
    pub hits: Hits,
    /// How strictly mocked results are checked against their integration's result shape.
    pub field_validation: FieldValidation,
    /// Mocked results and errors that do not fit their integration, in the order met.
    pub warnings: Vec<String>,
}

/// What TestState asks of a run and learns from it: the state answers once, with the
/// request's mock in place of its work, and each step of its data flow is kept.
#[derive(Debug, Default)]
pub(crate) struct Probe {
    /// `inspectionData`: each step's value, by AWS's field name.
    pub inspection: Map<String, Value>,
    /// The request's `mock`: the result or error of a Task, Map or Parallel state's work.
    pub answer: Option<MockResult>,
    /// `stateConfiguration.retrierRetryCount`: the retries already made by the retrier
    /// that matches the error.
    pub retrier_retry_count: u32,
    /// The request's `context`, which `$$` reads in place of the execution's.
    pub context: Option<Arc<Value>>,
    /// Set when a retrier would retry the error: its index and backoff in seconds.
    pub retry: Option<(usize, u64)>,
    /// Set when a catcher took the error: its index and the error.
    pub catch: Option<(usize, Failure)>,
    /// `stateConfiguration.mapIterationFailureCount`: the iterations of a mocked Map that
    /// failed.
    pub map_failures: Option<u32>,
    /// `inspectionData` fields that are numbers, not JSON text (`maxConcurrency`, ...).
    pub numbers: Map<String, Value>,
}

/// The fields of a Task, Parallel or Map state that shape its result.
struct ResultFields<'a> {
    selector: Option<&'a Value>,
    assign: Option<&'a Value>,
    result_path: Option<&'a Option<String>>,
    output_path: Option<&'a Option<String>>,
    /// JSONata's `Output` (`$states.result` when absent).
    output: Option<&'a Value>,
    language: QueryLanguage,
}

/// `$$`, the Context object of one state, built the first time a path reads it: most
/// states never do, and building it copies the execution's input.
pub(crate) struct Context {
    execution: Arc<Value>,
    state_machine: Arc<Value>,
    name: String,
    entered: i64,
    retry_count: Option<u32>,
    extra: Vec<(&'static str, Value)>,
    built: OnceCell<Value>,
    /// The whole object, given (TestState's `context`).
    whole: Option<Arc<Value>>,
}

impl Context {
    /// `$$.State`.
    fn state(&self) -> Value {
        let mut state = Map::new();
        state.insert("EnteredTime".into(), json!(format_timestamp(self.entered)));
        state.insert("Name".into(), json!(self.name));
        if let Some(n) = self.retry_count {
            state.insert("RetryCount".into(), json!(n));
        }
        Value::Object(state)
    }

    /// What `path` (rooted at `$$`) selects. A path into one part (`$$.Execution.Id`,
    /// `$$.Map.Item.Value`) reads that part where it is, without building the whole object.
    pub(crate) fn read(&self, path: &sfn_core::path::Path) -> Option<Value> {
        if let Some(whole) = &self.whole {
            return jsonpath::select(path, whole);
        }
        if let Some(sfn_core::path::Segment::Field(first)) = path.segments.first() {
            let rest = &path.segments[1..];
            let part = match first.as_str() {
                "Execution" => Some(&*self.execution),
                "StateMachine" => Some(&*self.state_machine),
                "State" => return jsonpath::select_in(rest, &self.state()),
                other => self.extra.iter().find(|(k, _)| *k == other).map(|(_, v)| v),
            };
            if let Some(part) = part {
                return jsonpath::select_in(rest, part);
            }
        }
        jsonpath::select(path, self.value())
    }

    /// The Context object as a value.
    pub(crate) fn value(&self) -> &Value {
        if let Some(whole) = &self.whole {
            return whole;
        }
        self.built.get_or_init(|| {
            let mut ctx = Map::new();
            ctx.insert("Execution".into(), (*self.execution).clone());
            ctx.insert("State".into(), self.state());
            ctx.insert("StateMachine".into(), (*self.state_machine).clone());
            for (k, v) in &self.extra {
                ctx.insert((*k).into(), v.clone());
            }
            Value::Object(ctx)
        })
    }
}

/// A Map's `MaxConcurrency`, `ToleratedFailureCount` and `ToleratedFailurePercentage`.
type MapLimits = (Option<u64>, Option<u64>, Option<f64>);

/// What a Task asks its integration for: the parameters, `TimeoutSeconds`,
/// `HeartbeatSeconds` and the evaluated `Credentials`.
type TaskRequest = (Value, Option<u64>, Option<u64>, Option<Value>);

/// Where a state goes after it ran, and by which of its transitions.
enum Step {
    Next(String, Value, Out),
    End(Value),
}

impl Step {
    /// The same step, by the transition `out` (a Choice rule, the Default, a catcher).
    fn by(self, out: Out) -> Step {
        match self {
            Step::Next(next, value, _) => Step::Next(next, value, out),
            end => end,
        }
    }
}

/// What a state that can retry and catch did on one attempt.
struct Attempt {
    result: Value,
}

impl Interp {
    pub fn new(
        mocks: Mocks,
        seed: u64,
        start: i64,
        execution: Value,
        state_machine: Value,
        deadline: Option<i64>,
        region: String,
    ) -> Self {
        Interp {
            mocks,
            rng: Rng::new(seed),
            clock: start,
            events: Vec::new(),
            invocations: HashMap::new(),
            execution: Arc::new(execution),
            state_machine: Arc::new(state_machine),
            deadline,
            region,
            depth: 0,
            exhausted: false,
            event_count: 0,
            record: true,
            probe: None,
            last_retry_count: 0,
            hits: Hits::default(),
            field_validation: FieldValidation::default(),
            warnings: Vec::new(),
        }
    }

    /// Checks a mocked answer of the Task state `name` against what its resource returns or
    /// raises (the catalog's result shapes and AWS SDK error names); each mismatch becomes a
    /// warning, once per state and text. The answer itself is used as it is.
    fn check_mock(&mut self, name: &str, resource: &str, answer: &MockResult) {
        if self.field_validation == FieldValidation::None {
            return;
        }
        let found: Vec<String> = match answer {
            Ok(result) => match catalog::result_shape(resource) {
                Some(shape) => catalog::check_result(shape, result, self.field_validation)
                    .into_iter()
                    .map(|m| {
                        format!(
                            "Task state '{name}': the mocked result does not fit the result of {resource} ({}): {m}",
                            self.field_validation
                        )
                    })
                    .collect(),
                None => Vec::new(),
            },
            Err(f) => catalog::error_mismatch(resource, &f.error)
                .map(|why| format!("Task state '{name}': the mocked error {why}"))
                .into_iter()
                .collect(),
        };
        for w in found {
            if !self.warnings.contains(&w) {
                self.warnings.push(w);
            }
        }
    }

    /// Appends an event after `prev` and makes it the new `prev`.
    pub fn emit(
        &mut self,
        prev: &mut u64,
        kind: &'static str,
        details: Option<(&'static str, Value)>,
    ) -> u64 {
        // The last slot of the quota is kept for the execution's own last event; once a
        // state's event would take it, the execution is failing and nothing else is written.
        if !kind.starts_with("Execution")
            && (self.exhausted || self.event_count + 1 >= MAX_HISTORY_EVENTS)
        {
            self.exhausted = true;
            return *prev;
        }
        self.event_count += 1;
        let id = self.event_count as u64;
        if self.record {
            self.events.push(Event {
                id,
                previous_event_id: *prev,
                timestamp: self.clock,
                kind,
                details,
            });
        }
        *prev = id;
        id
    }

    /// Moves the virtual clock on; past the machine's deadline the execution times out.
    fn sleep(&mut self, millis: i64) -> Result<(), Halt> {
        let target = self.clock.saturating_add(millis.max(0));
        if let Some(deadline) = self.deadline {
            if target > deadline {
                self.clock = deadline;
                return Err(Halt::TimedOut);
            }
        }
        self.clock = target;
        Ok(())
    }

    fn check_limits(&mut self) -> Result<(), Halt> {
        // A state writes at least two events; the execution's last event needs one more.
        if self.exhausted || self.event_count + 3 > MAX_HISTORY_EVENTS {
            self.exhausted = true;
            return Err(Halt::Failed(Failure::runtime(format!(
                "The execution reached the maximum number of events in its history ({MAX_HISTORY_EVENTS})."
            ))));
        }
        Ok(())
    }

    /// Keeps `value` as the `inspectionData` field `key` when TestState asks.
    fn inspect(&mut self, key: &str, value: &Value) {
        if let Some(p) = &mut self.probe {
            p.inspection.insert(key.to_string(), value.clone());
        }
    }

    /// TestState's mock for the state's work, when there is one.
    fn probe_answer(&self) -> Option<MockResult> {
        self.probe.as_ref().and_then(|p| p.answer.clone())
    }

    /// `$$` for a state.
    fn context(
        &self,
        name: &str,
        entered: i64,
        retry_count: Option<u32>,
        extra: &[(&'static str, Value)],
    ) -> Context {
        // TestState names every state `StateName` in the Context object (recorded from AWS).
        let name = if self.probe.is_some() {
            "StateName"
        } else {
            name
        };
        Context {
            execution: Arc::clone(&self.execution),
            state_machine: Arc::clone(&self.state_machine),
            name: name.to_string(),
            entered,
            retry_count,
            extra: extra.to_vec(),
            built: OnceCell::new(),
            whole: self.probe.as_ref().and_then(|p| p.context.clone()),
        }
    }

    /// Runs the states of one scope from `start` and returns the last state's output.
    pub fn run_scope(
        &mut self,
        states: &States,
        start: &str,
        language: QueryLanguage,
        mut input: Value,
        vars: &mut Vars,
        prev: &mut u64,
    ) -> Result<Value, Halt> {
        let mut name = start.to_string();
        loop {
            self.check_limits()?;
            if let Some(deadline) = self.deadline {
                if self.clock > deadline {
                    return Err(Halt::TimedOut);
                }
            }
            let Some(state) = states.get(&name) else {
                return Err(Failure::runtime(format!("The state '{name}' does not exist.")).into());
            };
            // What the execution covered: the state, and the way it left (none when it failed).
            match self.run_state(&name, state, language, input, vars, prev) {
                Ok(Step::Next(next, output, out)) => {
                    self.hits.record(&name, out);
                    name = next;
                    input = output;
                }
                Ok(Step::End(output)) => {
                    self.hits.record(&name, Out::End);
                    return Ok(output);
                }
                Err(halt) => {
                    self.hits.record(&name, Out::Stopped);
                    return Err(halt);
                }
            }
        }
    }

    /// Runs one state of `states` (TestState): its next state, if it has one, and its output.
    pub(crate) fn run_one(
        &mut self,
        states: &States,
        name: &str,
        language: QueryLanguage,
        input: Value,
        vars: &mut Vars,
    ) -> Result<(Option<String>, Value), Halt> {
        let Some(state) = states.get(name) else {
            return Err(Failure::runtime(format!("The state '{name}' does not exist.")).into());
        };
        let mut prev = 0;
        match self.run_state(name, state, language, input, vars, &mut prev)? {
            Step::Next(next, out, _) => Ok((Some(next), out)),
            Step::End(out) => Ok((None, out)),
        }
    }

    #[allow(clippy::too_many_lines)]
    fn run_state(
        &mut self,
        name: &str,
        state: &State,
        scope_language: QueryLanguage,
        raw: Value,
        vars: &mut Vars,
        prev: &mut u64,
    ) -> Result<Step, Halt> {
        let ty = state.type_name();
        let entered = self.clock;
        let details = self.record.then(|| {
            (
                "stateEnteredEventDetails",
                json!({"input": to_text(&raw), "inputDetails": {"truncated": false}, "name": name}),
            )
        });
        let entered_id = self.emit(prev, history::entered(ty), details);
        let language = state_language(state).unwrap_or(scope_language);
        self.inspect("input", &raw);
        if language == QueryLanguage::JSONata
            && !matches!(state, State::Task(_) | State::Parallel(_) | State::Map(_))
        {
            return self.jsonata_state(name, ty, state, raw, vars, prev, entered, entered_id);
        }
        let at = |f: Failure| located(f, name, entered_id);
        let ctx = |me: &Self, retry: Option<u32>| me.context(name, entered, retry, &[]);
        match state {
            State::Pass(s) => {
                let context = ctx(self, None);
                let eff = input_path(s.input_path.as_ref(), &raw, &context, vars).map_err(at)?;
                if s.result.is_none() {
                    self.inspect("afterInputPath", &eff);
                }
                let result = match (&s.result, &s.parameters) {
                    (Some(r), _) => r.clone(),
                    (None, Some(p)) => self.template(p, &eff, &context, vars).map_err(at)?,
                    (None, None) => eff.into_owned(),
                };
                let step = if s.result.is_some() {
                    "result"
                } else {
                    "afterParameters"
                };
                self.inspect(step, &result);
                self.inspect("afterResultSelector", &result);
                let assigned = self
                    .assign(s.assign.as_ref(), &result, &context, vars)
                    .map_err(at)?;
                let merged = data::result_path(s.result_path.as_ref(), &raw, result).map_err(at)?;
                self.inspect("afterResultPath", &merged);
                let out =
                    output_path(s.output_path.as_ref(), merged, &context, vars).map_err(at)?;
                self.finish(name, ty, out, assigned, vars, prev, s.next.as_deref())
            }
            State::Wait(s) => {
                let context = ctx(self, None);
                let eff = input_path(s.input_path.as_ref(), &raw, &context, vars).map_err(at)?;
                self.inspect("afterInputPath", &eff);
                let until = self.wait_until(s, &eff, &context, vars).map_err(at)?;
                self.sleep(until - self.clock)?;
                let assigned = self
                    .assign(s.assign.as_ref(), &eff, &context, vars)
                    .map_err(at)?;
                let out = output_path(s.output_path.as_ref(), eff.into_owned(), &context, vars)
                    .map_err(at)?;
                self.finish(name, ty, out, assigned, vars, prev, s.next.as_deref())
            }
            State::Succeed(s) => {
                let context = ctx(self, None);
                let eff = input_path(s.input_path.as_ref(), &raw, &context, vars).map_err(at)?;
                self.inspect("afterInputPath", &eff);
                let out = output_path(s.output_path.as_ref(), eff.into_owned(), &context, vars)
                    .map_err(at)?;
                self.finish(name, ty, out, Vec::new(), vars, prev, None)
            }
            State::Fail(s) => {
                let context = ctx(self, None);
                self.inspect("afterInputPath", &raw);
                let env = Env {
                    input: &raw,
                    context: &context,
                    vars,
                };
                let text = |lit: &Option<String>,
                            path: &Option<String>,
                            rng: &mut Rng|
                 -> Result<Option<String>, Failure> {
                    if let Some(p) = path {
                        let v = data::dynamic(p, p, &env, rng)?;
                        return Ok(Some(match v {
                            Value::String(s) => s,
                            other => to_text(&other),
                        }));
                    }
                    Ok(lit.clone())
                };
                let error = text(&s.error, &s.error_path, &mut self.rng).map_err(at)?;
                let cause = text(&s.cause, &s.cause_path, &mut self.rng).map_err(at)?;
                Err(Halt::Failed(Failure {
                    error: error.unwrap_or_default(),
                    cause: cause.unwrap_or_default(),
                }))
            }
            State::Choice(s) => {
                let context = ctx(self, None);
                let eff = input_path(s.input_path.as_ref(), &raw, &context, vars).map_err(at)?;
                self.inspect("afterInputPath", &eff);
                let env = Env {
                    input: &eff,
                    context: &context,
                    vars,
                };
                let mut next = None;
                let mut rule_assign = None;
                let mut out = Out::Default;
                for (i, rule) in s.choices.iter().enumerate() {
                    if choice::matches(rule, &env).map_err(at)? {
                        next = rule.next.clone();
                        rule_assign = rule.assign.as_ref();
                        out = Out::Rule(i);
                        break;
                    }
                }
                let Some(next) = next.or_else(|| s.default.clone()) else {
                    return Err(Halt::Failed(Failure::new(
                        "States.NoChoiceMatched",
                        format!("No Matches! (state '{name}', input {})", to_text(&eff)),
                    )));
                };
                let assign = rule_assign.or(s.assign.as_ref());
                let assigned = self.assign(assign, &eff, &context, vars).map_err(at)?;
                let output = output_path(s.output_path.as_ref(), eff.into_owned(), &context, vars)
                    .map_err(at)?;
                self.finish(name, ty, output, assigned, vars, prev, Some(&next))
                    .map(|step| step.by(out))
            }
            State::Task(s) => {
                let retry = s.retry.as_deref().unwrap_or(&[]);
                let catch = s.catch.as_deref().unwrap_or(&[]);
                let outcome = self.with_retry(
                    name,
                    retry,
                    true,
                    |me, retry_count, prev| {
                        me.task(name, s, &raw, entered, retry_count, language, vars, prev)
                            .map_err(|h| match h {
                                Halt::Failed(f) => Halt::Failed(at_task(f, name, entered_id)),
                                other => other,
                            })
                    },
                    prev,
                );
                self.after_attempts(
                    name,
                    ty,
                    &raw,
                    outcome,
                    catch,
                    ResultFields {
                        selector: s.result_selector.as_ref(),
                        assign: s.assign.as_ref(),
                        result_path: s.result_path.as_ref(),
                        output_path: s.output_path.as_ref(),
                        output: s.output.as_ref(),
                        language,
                    },
                    entered,
                    entered_id,
                    vars,
                    prev,
                    s.next.as_deref(),
                )
            }
            State::Parallel(s) => {
                let retry = s.retry.as_deref().unwrap_or(&[]);
                let catch = s.catch.as_deref().unwrap_or(&[]);
                let outcome = self.with_retry(
                    name,
                    retry,
                    false,
                    |me, retry_count, prev| {
                        me.parallel(
                            name,
                            s,
                            &raw,
                            entered,
                            entered_id,
                            retry_count,
                            language,
                            vars,
                            prev,
                        )
                    },
                    prev,
                );
                self.after_attempts(
                    name,
                    ty,
                    &raw,
                    outcome,
                    catch,
                    ResultFields {
                        selector: s.result_selector.as_ref(),
                        assign: s.assign.as_ref(),
                        result_path: s.result_path.as_ref(),
                        output_path: s.output_path.as_ref(),
                        output: s.output.as_ref(),
                        language,
                    },
                    entered,
                    entered_id,
                    vars,
                    prev,
                    s.next.as_deref(),
                )
            }
            State::Map(s) => {
                let retry = s.retry.as_deref().unwrap_or(&[]);
                let catch = s.catch.as_deref().unwrap_or(&[]);
                let outcome = self.with_retry(
                    name,
                    retry,
                    false,
                    |me, retry_count, prev| {
                        me.map(
                            name,
                            s,
                            &raw,
                            entered,
                            entered_id,
                            retry_count,
                            language,
                            vars,
                            prev,
                        )
                    },
                    prev,
                );
                self.after_attempts(
                    name,
                    ty,
                    &raw,
                    outcome,
                    catch,
                    ResultFields {
                        selector: s.result_selector.as_ref(),
                        assign: s.assign.as_ref(),
                        result_path: s.result_path.as_ref(),
                        output_path: s.output_path.as_ref(),
                        output: s.output.as_ref(),
                        language,
                    },
                    entered,
                    entered_id,
                    vars,
                    prev,
                    s.next.as_deref(),
                )
            }
        }
    }

    fn template(
        &mut self,
        tpl: &Value,
        input: &Value,
        context: &Context,
        vars: &Vars,
    ) -> Result<Value, Failure> {
        let env = Env {
            input,
            context,
            vars,
        };
        data::template(tpl, &env, &mut self.rng)
    }

    fn assign(
        &mut self,
        tpl: Option<&Value>,
        input: &Value,
        context: &Context,
        vars: &Vars,
    ) -> Result<Vec<(String, Value)>, Failure> {
        let Some(tpl) = tpl else {
            return Ok(Vec::new());
        };
        let env = Env {
            input,
            context,
            vars,
        };
        data::assign(tpl, &env, &mut self.rng)
    }

    /// Writes the exit event, sets the variables, checks the output's size and picks the next
    /// state.
    #[allow(clippy::too_many_arguments)]
    fn finish(
        &mut self,
        name: &str,
        ty: &str,
        out: Value,
        assigned: Vec<(String, Value)>,
        vars: &mut Vars,
        prev: &mut u64,
        next: Option<&str>,
    ) -> Result<Step, Halt> {
        let text = encode_payload(name, &out)?;
        if !self.record {
            for (k, v) in assigned {
                vars.set(k, v);
            }
            self.emit(prev, history::exited(ty), None);
            return Ok(match next {
                Some(n) => Step::Next(n.to_string(), out, Out::Next),
                None => Step::End(out),
            });
        }
        let mut details = Map::new();
        if !assigned.is_empty() {
            let shown: Map<String, Value> = assigned
                .iter()
                .map(|(k, v)| (k.clone(), Value::String(to_text(v))))
                .collect();
            details.insert("assignedVariables".into(), Value::Object(shown));
            details.insert(
                "assignedVariablesDetails".into(),
                json!({"truncated": false}),
            );
        }
        details.insert("name".into(), json!(name));
        details.insert("output".into(), Value::String(text));
        details.insert("outputDetails".into(), json!({"truncated": false}));
        for (k, v) in assigned {
            vars.set(k, v);
        }
        self.emit(
            prev,
            history::exited(ty),
            Some(("stateExitedEventDetails", Value::Object(details))),
        );
        Ok(match next {
            Some(n) => Step::Next(n.to_string(), out, Out::Next),
            None => Step::End(out),
        })
    }

    fn wait_until(
        &mut self,
        s: &sfn_core::model::Wait,
        eff: &Value,
        context: &Context,
        vars: &Vars,
    ) -> Result<i64, Failure> {
        use sfn_core::model::Dynamic;
        let env = Env {
            input: eff,
            context,
            vars,
        };
        if let Some(Dynamic::Literal(secs)) = &s.seconds {
            return Ok(self
                .clock
                .saturating_add((*secs as i64).saturating_mul(1000)));
        }
        if let Some(ts) = &s.timestamp {
            return parse_timestamp(ts).ok_or_else(|| {
                Failure::runtime(format!(
                    "The Timestamp '{ts}' is not an RFC 3339 timestamp."
                ))
            });
        }
        if let Some(p) = &s.seconds_path {
            let v = env.read_str(p)?.ok_or_else(|| {
                Failure::runtime(format!(
                    "The SecondsPath parameter does not reference an input value: {p}"
                ))
            })?;
            let secs = v.as_i64().filter(|n| *n >= 0).ok_or_else(|| {
                Failure::runtime(format!(
                    "The SecondsPath parameter references an invalid value: {} (a non-negative integer is required)",
                    to_text(&v)
                ))
            })?;
            return Ok(self.clock.saturating_add(secs.saturating_mul(1000)));
        }
        if let Some(p) = &s.timestamp_path {
            let v = env.read_str(p)?.ok_or_else(|| {
                Failure::runtime(format!(
                    "The TimestampPath parameter does not reference an input value: {p}"
                ))
            })?;
            return v.as_str().and_then(parse_timestamp).ok_or_else(|| {
                Failure::runtime(format!(
                    "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: {p} == {}",
                    to_text(&v)
                ))
            });
        }
        Ok(self.clock)
    }

    /// Runs `attempt` until it succeeds, a retrier gives up, or no retrier matches.
    fn with_retry(
        &mut self,
        name: &str,
        retry: &[Retrier],
        is_task: bool,
        mut attempt: impl FnMut(&mut Self, u32, &mut u64) -> Result<Attempt, Halt>,
        prev: &mut u64,
    ) -> Result<Attempt, Halt> {
        let mut counts = vec![0u64; retry.len()];
        let mut retry_count = 0u32;
        // TestState makes one attempt, with the retries already made that it is told.
        let probing = self.probe.as_ref().map(|p| p.retrier_retry_count);
        loop {
            self.last_retry_count = probing.unwrap_or(retry_count);
            match attempt(self, probing.unwrap_or(retry_count), prev) {
                Ok(a) => return Ok(a),
                Err(Halt::Failed(f)) => {
                    let Some(i) = retry
                        .iter()
                        .position(|r| error_matches(&r.error_equals, &f.error, is_task))
                    else {
                        return Err(Halt::Failed(f));
                    };
                    let r = &retry[i];
                    if let Some(done) = probing {
                        counts[i] = u64::from(done);
                    }
                    if counts[i] >= r.max_attempts.unwrap_or(3) {
                        return Err(Halt::Failed(f));
                    }
                    let interval = r.interval_seconds.unwrap_or(1) as f64;
                    let rate = r
                        .backoff_rate
                        .as_ref()
                        .and_then(serde_json::Number::as_f64)
                        .unwrap_or(2.0);
                    let mut delay = interval * rate.powi(counts[i].min(1000) as i32);
                    if let Some(max) = r.max_delay_seconds {
                        delay = delay.min(max as f64);
                    }
                    if let Some(p) = &mut self.probe {
                        // The backoff before the retry TestState says the error would get.
                        p.retry = Some((i, delay.max(0.0) as u64));
                        return Err(Halt::Failed(f));
                    }
                    self.hits.record(name, Out::Retry(i));
                    if r.jitter_strategy.as_deref() == Some("FULL") {
                        delay *= self.rng.next_f64();
                    }
                    counts[i] += 1;
                    retry_count += 1;
                    let millis = (delay * 1000.0).min(i64::MAX as f64 / 2.0) as i64;
                    self.sleep(millis)?;
                }
                Err(other) => return Err(other),
            }
        }
    }

    /// After a Task, Parallel or Map's attempts: the result flows on, or a catcher takes the
    /// error, or the error leaves the state.
    #[allow(clippy::too_many_arguments)]
    fn after_attempts(
        &mut self,
        name: &str,
        ty: &str,
        raw: &Value,
        outcome: Result<Attempt, Halt>,
        catch: &[Catcher],
        fields: ResultFields<'_>,
        entered: i64,
        entered_id: u64,
        vars: &mut Vars,
        prev: &mut u64,
        next: Option<&str>,
    ) -> Result<Step, Halt> {
        let ResultFields {
            selector,
            assign,
            result_path,
            output_path,
            output,
            language,
        } = fields;
        let at = |f: Failure| located(f, name, entered_id);
        let context = self.context(name, entered, Some(self.last_retry_count), &[]);
        let jsonata = language == QueryLanguage::JSONata;
        let f = match outcome {
            Ok(a) if jsonata => {
                // Output (`$states.result` when absent) and Assign, with `$states.result`.
                let scope = Scope {
                    input: raw,
                    context: &context,
                    vars,
                    result: Some(&a.result),
                    error_output: None,
                };
                let mut ev = Evaluator::new(&scope, self.clock, &mut self.rng);
                let assigned = ev.assign(assign, "Assign").map_err(at)?;
                let out = match output {
                    Some(o) => ev.value(o, "Output").map_err(at)?,
                    None => a.result.clone(),
                };
                return self.finish(name, ty, out, assigned, vars, prev, next);
            }
            Ok(a) => {
                let flowed = (|| {
                    let result = match selector {
                        Some(sel) => self.template(sel, &a.result, &context, vars)?,
                        None => a.result,
                    };
                    self.inspect("afterResultSelector", &result);
                    let assigned = self.assign(assign, &result, &context, vars)?;
                    let merged = data::result_path(result_path, raw, result)?;
                    self.inspect("afterResultPath", &merged);
                    let out = self::output_path(output_path, merged, &context, vars)?;
                    Ok::<_, Failure>((out, assigned))
                })();
                match flowed {
                    Ok((out, assigned)) => {
                        return self.finish(name, ty, out, assigned, vars, prev, next)
                    }
                    Err(f) if f.error == "States.ResultPathMatchFailure" => f,
                    Err(f) => return Err(at(f).into()),
                }
            }
            Err(Halt::Failed(f)) => {
                // A Map or Parallel state that gives up says so once, after its last attempt.
                match ty {
                    "Map" => {
                        self.emit(prev, "MapStateFailed", None);
                    }
                    "Parallel" => {
                        self.emit(prev, "ParallelStateFailed", None);
                    }
                    _ => {}
                }
                f
            }
            Err(other) => return Err(other),
        };
        // TestState: an error a retrier would retry is not caught yet.
        if self.probe.as_ref().is_some_and(|p| p.retry.is_some()) {
            return Err(Halt::Failed(f));
        }
        let Some(index) = catch
            .iter()
            .position(|c| error_matches(&c.error_equals, &f.error, ty == "Task"))
        else {
            return Err(Halt::Failed(f));
        };
        let c = &catch[index];
        if let Some(p) = &mut self.probe {
            p.catch = Some((index, f.clone()));
        }
        // The error output names what AWS names: a cause that is absent stays absent.
        let mut error_output = Map::new();
        error_output.insert("Error".into(), json!(f.error));
        if !f.cause.is_empty() {
            error_output.insert("Cause".into(), json!(f.cause));
        }
        let error_output = Value::Object(error_output);
        if jsonata {
            // The catcher's Output (`$states.errorOutput` when absent) and Assign.
            let scope = Scope {
                input: raw,
                context: &context,
                vars,
                result: None,
                error_output: Some(&error_output),
            };
            let mut ev = Evaluator::new(&scope, self.clock, &mut self.rng);
            let assigned = ev
                .assign(c.assign.as_ref(), &format!("Catch[{index}]/Assign"))
                .map_err(at)?;
            let out = match &c.output {
                Some(o) => ev.value(o, &format!("Catch[{index}]/Output")).map_err(at)?,
                None => error_output.clone(),
            };
            return self
                .finish(name, ty, out, assigned, vars, prev, Some(&c.next))
                .map(|step| step.by(Out::Catch(index)));
        }
        let assigned = self
            .assign(c.assign.as_ref(), &error_output, &context, vars)
            .map_err(at)?;
        let out = data::result_path(c.result_path.as_ref(), raw, error_output).map_err(at)?;
        self.finish(name, ty, out, assigned, vars, prev, Some(&c.next))
            .map(|step| step.by(Out::Catch(index)))
    }

    #[allow(clippy::too_many_arguments)]
    fn parallel(
        &mut self,
        name: &str,
        s: &sfn_core::model::Parallel,
        raw: &Value,
        entered: i64,
        entered_id: u64,
        retry_count: u32,
        language: QueryLanguage,
        vars: &Vars,
        prev: &mut u64,
    ) -> Result<Attempt, Halt> {
        let at = |f: Failure| located(f, name, entered_id);
        let context = self.context(name, entered, Some(retry_count), &[]);
        let eff = input_path(s.input_path.as_ref(), raw, &context, vars).map_err(at)?;
        self.inspect("afterInputPath", &eff);
        let input = match (&s.parameters, &s.arguments) {
            (_, Some(a)) if language == QueryLanguage::JSONata => {
                let scope = Scope {
                    input: raw,
                    context: &context,
                    vars,
                    result: None,
                    error_output: None,
                };
                Evaluator::new(&scope, self.clock, &mut self.rng)
                    .value(a, "Arguments")
                    .map_err(at)?
            }
            (Some(p), _) if language != QueryLanguage::JSONata => {
                self.template(p, &eff, &context, vars).map_err(at)?
            }
            _ => eff.into_owned(),
        };
        self.inspect("afterParameters", &input);
        // TestState's mock stands for the branches' work.
        if let Some(answer) = self.probe_answer() {
            self.inspect("result", answer.as_ref().unwrap_or(&Value::Null));
            return answer.map(|result| Attempt { result }).map_err(Halt::from);
        }
        self.emit(prev, "ParallelStateStarted", None);
        let started = *prev;
        let outer = Arc::new(vars.clone());
        let mut results = Vec::with_capacity(s.branches.len());
        let mut last = started;
        self.nest()?;
        for branch in &s.branches {
            let mut branch_prev = started;
            let mut inner = outer.child();
            let lang = branch.query_language.unwrap_or(language);
            let r = self.run_scope(
                &branch.states,
                &branch.start_at,
                lang,
                input.clone(),
                &mut inner,
                &mut branch_prev,
            );
            last = branch_prev;
            match r {
                Ok(v) => results.push(v),
                Err(Halt::Failed(f)) => {
                    self.depth -= 1;
                    *prev = last;
                    return Err(Halt::Failed(f));
                }
                Err(other) => {
                    self.depth -= 1;
                    return Err(other);
                }
            }
        }
        self.depth -= 1;
        let mut p = last;
        self.emit(&mut p, "ParallelStateSucceeded", None);
        *prev = last;
        Ok(Attempt {
            result: Value::Array(results),
        })
    }

    fn nest(&mut self) -> Result<(), Halt> {
        if self.depth >= MAX_DEPTH {
            return Err(Failure::runtime("Parallel and Map states are nested too deeply.").into());
        }
        self.depth += 1;
        Ok(())
    }
}

/// Whether a retrier's or catcher's `ErrorEquals` takes `error`. `States.ALL` takes every
/// error but the terminal `States.Runtime` and `States.DataLimitExceeded`;
/// `States.TaskFailed` takes a Task's errors but `States.Timeout` (and the terminal ones).
pub(crate) fn error_matches(names: &[String], error: &str, is_task: bool) -> bool {
    let terminal = matches!(error, "States.Runtime" | "States.DataLimitExceeded");
    names.iter().any(|n| {
        n == error
            || (n == "States.ALL" && !terminal)
            || (n == "States.TaskFailed" && is_task && !terminal && error != "States.Timeout")
    })
}

/// The state's own `QueryLanguage`.
fn state_language(state: &State) -> Option<QueryLanguage> {
    match state {
        State::Task(s) => s.query_language,
        State::Pass(s) => s.query_language,
        State::Choice(s) => s.query_language,
        State::Wait(s) => s.query_language,
        State::Succeed(s) => s.query_language,
        State::Fail(s) => s.query_language,
        State::Parallel(s) => s.query_language,
        State::Map(s) => s.query_language,
    }
}

/// AWS's prefix on a failure of the data flow: which state, entered at which event.
fn located(f: Failure, name: &str, entered_id: u64) -> Failure {
    if matches!(
        f.error.as_str(),
        "States.Runtime"
            | "States.IntrinsicFailure"
            | "States.ResultPathMatchFailure"
            | "States.QueryEvaluationError"
    ) && !f.cause.starts_with("An error occurred")
    {
        Failure {
            cause: format!("An error occurred while executing the state '{name}' (entered at the event id #{entered_id}). {}", f.cause),
            error: f.error,
        }
    } else {
        f
    }
}

/// A Task's own failure keeps its cause; a failure of its data flow gets the state's prefix.
fn at_task(f: Failure, name: &str, entered_id: u64) -> Failure {
    if f.cause.starts_with("No mock answers") {
        return f;
    }
    located(f, name, entered_id)
}

fn input_path<'a>(
    path: Option<&Option<String>>,
    raw: &'a Value,
    context: &Context,
    vars: &Vars,
) -> Result<Cow<'a, Value>, Failure> {
    match path {
        None => Ok(Cow::Borrowed(raw)),
        Some(None) => Ok(Cow::Owned(json!({}))),
        Some(Some(p)) => Env {
            input: raw,
            context,
            vars,
        }
        .filter(p)
        .map(Cow::Owned),
    }
}

/// `OutputPath` (and a Catch's output): the value itself when the path is absent.
fn output_path(
    path: Option<&Option<String>>,
    value: Value,
    context: &Context,
    vars: &Vars,
) -> Result<Value, Failure> {
    match path {
        None => Ok(value),
        _ => input_path(path, &value, context, vars).map(Cow::into_owned),
    }
}

/// A state's output or a task's result as the text the history shows, within the limits on
/// what a state may pass on (size and nesting).
fn encode_payload(name: &str, value: &Value) -> Result<String, Failure> {
    let too_big = || {
        Failure::new(
            "States.DataLimitExceeded",
            format!("The state/task '{name}' returned a result with a size exceeding the maximum number of bytes service limit."),
        )
    };
    if data::nesting_exceeds(value, MAX_PAYLOAD_NESTING) {
        return Err(too_big());
    }
    let text = to_text(value);
    if text.len() > MAX_PAYLOAD_BYTES {
        return Err(too_big());
    }
    Ok(text)
}
