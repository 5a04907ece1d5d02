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
    fn task(
        &mut self,
        name: &str,
        s: &sfn_core::model::Task,
        raw: &Value,
        entered: i64,
        retry_count: u32,
        language: QueryLanguage,
        vars: &Vars,
        prev: &mut u64,
    ) -> Result<Attempt, Halt> {
        let pattern = match parse_resource(&s.resource) {
            Resource::Optimized { suffix, .. } | Resource::Sdk { suffix, .. } => pattern_of(suffix),
            Resource::Other => None,
        };
        let token = (pattern == Some(Pattern::WaitForTaskToken)).then(|| {
            let a = self.rng.next_u64();
            let b = self.rng.next_u64();
            format!("{a:016x}{b:016x}")
        });
        let mut extra = Vec::new();
        if let Some(t) = &token {
            extra.push(("Task", json!({"Token": t})));
        }
        let context = self.context(name, entered, Some(retry_count), &extra);
        let (parameters, timeout, heartbeat, credentials) = if language == QueryLanguage::JSONata {
            self.jsonata_task_request(s, raw, &context, vars)?
        } else {
            self.jsonpath_task_request(s, raw, &context, vars)?
        };
        self.task_call(
            name,
            s,
            parameters,
            timeout,
            heartbeat,
            credentials,
            token,
            retry_count,
            prev,
        )
    }

    /// What a JSONata Task asks for: `Arguments` (the input when absent), `TimeoutSeconds`,
    /// `HeartbeatSeconds`, `Credentials`.
    fn jsonata_task_request(
        &mut self,
        s: &sfn_core::model::Task,
        raw: &Value,
        context: &Context,
        vars: &Vars,
    ) -> Result<TaskRequest, Failure> {
        let scope = Scope {
            input: raw,
            context,
            vars,
            result: None,
            error_output: None,
        };
        let mut ev = Evaluator::new(&scope, self.clock, &mut self.rng);
        let parameters = match &s.arguments {
            Some(a) => ev.value(a, "Arguments")?,
            None => raw.clone(),
        };
        let mut seconds = |d: &Option<Dynamic<u64>>, field: &str| -> Result<Option<u64>, Failure> {
            match d {
                None => Ok(None),
                Some(Dynamic::Literal(n)) => Ok(Some(*n)),
                Some(Dynamic::Expression(e)) => ev
                    .whole_number(&Value::String(e.clone()), field, 1)
                    .map(Some),
            }
        };
        let timeout = seconds(&s.timeout_seconds, "TimeoutSeconds")?;
        let heartbeat = seconds(&s.heartbeat_seconds, "HeartbeatSeconds")?;
        let credentials = match &s.credentials {
            Some(c) => Some(ev.value(c, "Credentials")?),
            None => None,
        };
        self.inspect("afterArguments", &parameters);
        Ok((parameters, timeout, heartbeat, credentials))
    }

    /// What a JSONPath Task asks for: `InputPath` then `Parameters`, the timeouts and their
    /// Path forms, `Credentials`.
    fn jsonpath_task_request(
        &mut self,
        s: &sfn_core::model::Task,
        raw: &Value,
        context: &Context,
        vars: &Vars,
    ) -> Result<TaskRequest, Failure> {
        let eff = input_path(s.input_path.as_ref(), raw, context, vars)?;
        self.inspect("afterInputPath", &eff);
        let parameters = match &s.parameters {
            Some(p) => self.template(p, &eff, context, vars)?,
            None => eff.clone().into_owned(),
        };
        self.inspect("afterParameters", &parameters);
        let env = Env {
            input: &eff,
            context,
            vars,
        };
        let seconds = |lit: &Option<sfn_core::model::Dynamic<u64>>,
                       path: &Option<String>,
                       field: &str|
         -> Result<Option<u64>, Failure> {
            if let Some(sfn_core::model::Dynamic::Literal(n)) = lit {
                return Ok(Some(*n));
            }
            let Some(p) = path else { return Ok(None) };
            let v = env.read_str(p)?.ok_or_else(|| {
                Failure::runtime(format!(
                    "The {field} parameter does not reference an input value: {p}"
                ))
            })?;
            v.as_u64().filter(|n| *n > 0).map(Some).ok_or_else(|| {
                Failure::runtime(format!("The {field} parameter references an invalid value: {} (a positive integer is required)", to_text(&v)))
            })
        };
        let timeout = seconds(
            &s.timeout_seconds,
            &s.timeout_seconds_path,
            "TimeoutSecondsPath",
        )?;
        let heartbeat = seconds(
            &s.heartbeat_seconds,
            &s.heartbeat_seconds_path,
            "HeartbeatSecondsPath",
        )?;
        let credentials = match &s.credentials {
            Some(c) => Some(self.template(c, &eff, context, vars)?),
            None => None,
        };
        Ok((parameters, timeout, heartbeat, credentials))
    }

    /// Calls the Task's integration (its mock) with the request, writing its events.
    #[allow(clippy::too_many_arguments)]
    fn task_call(
        &mut self,
        name: &str,
        s: &sfn_core::model::Task,
        parameters: Value,
        timeout: Option<u64>,
        heartbeat: Option<u64>,
        credentials: Option<Value>,
        token: Option<String>,
        retry_count: u32,
        prev: &mut u64,
    ) -> Result<Attempt, Halt> {
        let kind = TaskKind::of(&s.resource);
        let (resource_type, resource) = kind.names(&s.resource);
        let mut scheduled = Map::new();
        match kind {
            TaskKind::Service => {
                scheduled.insert("resourceType".into(), json!(resource_type));
                scheduled.insert("resource".into(), json!(resource));
                scheduled.insert("region".into(), json!(self.region));
                scheduled.insert("parameters".into(), json!(to_text(&parameters)));
            }
            TaskKind::Lambda | TaskKind::Activity => {
                scheduled.insert("resource".into(), json!(s.resource));
                scheduled.insert("input".into(), json!(to_text(&parameters)));
                scheduled.insert("inputDetails".into(), json!({"truncated": false}));
            }
        }
        if let Some(t) = timeout {
            scheduled.insert("timeoutInSeconds".into(), json!(t));
        }
        if let Some(h) = heartbeat {
            scheduled.insert("heartbeatInSeconds".into(), json!(h));
        }
        if let Some(c) = &credentials {
            if let Some(role) = c.get("RoleArn") {
                scheduled.insert("taskCredentials".into(), json!({"roleArn": role}));
            }
        }
        let (ev_scheduled, ev_started, ev_ok, ev_fail, key) = kind.events();
        self.emit(prev, ev_scheduled, Some((key.0, Value::Object(scheduled))));
        let started = match kind {
            TaskKind::Service => json!({"resourceType": resource_type, "resource": resource}),
            TaskKind::Activity => json!({"workerName": "sfn-local"}),
            TaskKind::Lambda => Value::Null,
        };
        self.emit(
            prev,
            ev_started,
            (!started.is_null()).then_some((key.1, started)),
        );
        let invocation = {
            let n = self.invocations.entry(name.to_string()).or_insert(0);
            let now = *n;
            *n += 1;
            now
        };
        let call = TaskCall {
            state: name.to_string(),
            resource: s.resource.clone(),
            parameters,
            task_token: token,
            invocation,
            retry_count,
        };
        let probed = self.probe_answer().map(|result| Answer {
            result,
            takes_millis: 0,
            heartbeat_millis: None,
        });
        let Some(answer) = probed.or_else(|| self.mocks.answer(&call)) else {
            return Err(Failure::runtime(format!(
                "No mock answers the Task state '{name}' (resource {}): give it one.",
                s.resource
            ))
            .into());
        };
        self.check_mock(name, &s.resource, &answer.result);
        if let Some(token) = call.task_token.as_deref() {
            if !crate::mock::carries(&call.parameters, token) {
                let w = format!(
                    "Task state '{name}': the request does not carry the task token (`$$.Task.Token`), so on AWS no worker could call back and the Task would wait until it times out"
                );
                if !self.warnings.contains(&w) {
                    self.warnings.push(w);
                }
            }
        }
        let answer = self.await_answer(answer, timeout, heartbeat)?;
        let service = |mut m: Map<String, Value>| {
            if kind == TaskKind::Service {
                let mut full = Map::new();
                full.insert("resourceType".into(), json!(resource_type));
                full.insert("resource".into(), json!(resource));
                full.append(&mut m);
                full
            } else {
                m
            }
        };
        match answer {
            Ok(result) => {
                self.inspect("result", &result);
                let text = encode_payload(name, &result)?;
                let mut m = Map::new();
                m.insert("output".into(), json!(text));
                m.insert("outputDetails".into(), json!({"truncated": false}));
                self.emit(prev, ev_ok, Some((key.2, Value::Object(service(m)))));
                Ok(Attempt { result })
            }
            Err(f) => {
                let m = history::error_details(&f);
                let timed_out = matches!(
                    f.error.as_str(),
                    "States.Timeout" | "States.HeartbeatTimeout"
                );
                let (kind_name, key_name) = if timed_out {
                    (kind.timed_out(), key.4)
                } else {
                    (ev_fail, key.3)
                };
                self.emit(prev, kind_name, Some((key_name, Value::Object(service(m)))));
                Err(f.into())
            }
        }
    }

    /// Lets the virtual clock run while the mocked work takes its time: the answer comes
    /// when the work is done, unless the Task's `TimeoutSeconds` (`States.Timeout`) or
    /// `HeartbeatSeconds` without a heartbeat (`States.HeartbeatTimeout`) ends it first. AWS
    /// reports both timeouts without a cause.
    fn await_answer(
        &mut self,
        answer: Answer,
        timeout_seconds: Option<u64>,
        heartbeat_seconds: Option<u64>,
    ) -> Result<MockResult, Halt> {
        let millis = |s: u64| i64::try_from(s.saturating_mul(1000)).unwrap_or(i64::MAX);
        let takes = answer.takes_millis;
        let timeout = timeout_seconds.map(millis).filter(|t| takes > *t);
        let heartbeat = heartbeat_seconds
            .map(millis)
            .filter(|h| takes > *h && answer.heartbeat_millis.is_none_or(|every| every > *h));
        match (heartbeat, timeout) {
            (Some(h), t) if t.is_none_or(|t| h < t) => {
                self.sleep(h)?;
                Ok(Err(Failure::new("States.HeartbeatTimeout", "")))
            }
            (_, Some(t)) => {
                self.sleep(t)?;
                Ok(Err(Failure::new("States.Timeout", "")))
            }
            _ => {
                self.sleep(takes)?;
                Ok(answer.result)
            }
        }
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

    #[allow(clippy::too_many_arguments)]
    fn map(
        &mut self,
        name: &str,
        s: &sfn_core::model::Map,
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
        if self.probe.is_some() {
            if language != QueryLanguage::JSONata {
                self.inspect("afterInputPath", &eff);
            }
            let limits = self
                .probe_map_limits(s, &eff, &context, vars, language)
                .map_err(at)?;
            // TestState's mock stands for the iterations' work.
            if let Some(answer) = self.probe_answer() {
                let answer = answer
                    .and_then(|result| self.probe_map_threshold(limits, &result).map(|()| result));
                return answer.map(|result| Attempt { result }).map_err(Halt::from);
            }
        }
        let Some(processor) = s.item_processor.as_ref().or(s.iterator.as_ref()) else {
            return Err(at(Failure::runtime("The Map state has no ItemProcessor.")).into());
        };
        // Read and checked even though the iterations run one after another here.
        if let Some(p) = &s.max_concurrency_path {
            whole_number(p, "MaxConcurrencyPath", 0, &eff, &context, vars).map_err(at)?;
        }
        let distributed = processor
            .processor_config
            .as_ref()
            .and_then(|c| c.mode.as_deref())
            == Some("DISTRIBUTED");
        if distributed {
            return self.distributed_map(
                name,
                s,
                processor,
                &eff,
                entered,
                entered_id,
                retry_count,
                language,
                vars,
                prev,
            );
        }
        let items = self
            .map_items(s, &eff, &context, vars, language)
            .map_err(at)?;
        let selector = s.item_selector.as_ref().or(s.parameters.as_ref());
        self.emit(
            prev,
            "MapStateStarted",
            Some((
                "mapStateStartedEventDetails",
                json!({"length": items.len()}),
            )),
        );
        let outer = Arc::new(vars.clone());
        let lang = processor.query_language.unwrap_or(language);
        let mut results = Vec::with_capacity(items.len());
        let mut chain = *prev;
        let mut last_done = *prev;
        self.nest()?;
        for (index, item) in items.iter().enumerate() {
            let item_input = match selector {
                Some(sel) => {
                    match self.select_item(
                        name,
                        entered,
                        retry_count,
                        (sel, language),
                        index,
                        item,
                        &eff,
                        vars,
                    ) {
                        Ok(v) => v,
                        Err(f) => {
                            self.depth -= 1;
                            return Err(at(f).into());
                        }
                    }
                }
                None => item.clone(),
            };
            let detail = json!({"index": index, "name": name});
            self.emit(
                &mut chain,
                "MapIterationStarted",
                Some(("mapIterationStartedEventDetails", detail.clone())),
            );
            let mut inner = outer.child();
            let r = self.run_scope(
                &processor.states,
                &processor.start_at,
                lang,
                item_input,
                &mut inner,
                &mut chain,
            );
            match r {
                Ok(v) => {
                    let mut p = chain;
                    last_done = self.emit(
                        &mut p,
                        "MapIterationSucceeded",
                        Some(("mapIterationSucceededEventDetails", detail)),
                    );
                    results.push(v);
                }
                Err(Halt::Failed(f)) => {
                    let mut p = chain;
                    self.emit(
                        &mut p,
                        "MapIterationFailed",
                        Some(("mapIterationFailedEventDetails", detail)),
                    );
                    self.depth -= 1;
                    *prev = chain;
                    return Err(Halt::Failed(f));
                }
                Err(other) => {
                    self.depth -= 1;
                    return Err(other);
                }
            }
        }
        self.depth -= 1;
        let mut p = last_done;
        self.emit(&mut p, "MapStateSucceeded", None);
        *prev = last_done;
        Ok(Attempt {
            result: Value::Array(results),
        })
    }

    /// TestState's `inspectionData` for a Map: `maxConcurrency` and the tolerated failures.
    fn probe_map_limits(
        &mut self,
        s: &sfn_core::model::Map,
        eff: &Value,
        context: &Context,
        vars: &Vars,
        language: QueryLanguage,
    ) -> Result<MapLimits, Failure> {
        let limits = self.map_limits(s, eff, context, vars, language)?;
        let (concurrency, count, percentage) = limits;
        self.inspect_number("maxConcurrency", json!(concurrency.unwrap_or(0)));
        if let Some(n) = count {
            self.inspect_number("toleratedFailureCount", json!(n));
        }
        if let Some(p) = percentage {
            self.inspect_number("toleratedFailurePercentage", json!(p));
        }
        Ok(limits)
    }

    /// `MaxConcurrency`, `ToleratedFailureCount` and `ToleratedFailurePercentage` (literal,
    /// JSONata, or their JSONPath Path forms).
    fn map_limits(
        &mut self,
        s: &sfn_core::model::Map,
        eff: &Value,
        context: &Context,
        vars: &Vars,
        language: QueryLanguage,
    ) -> Result<MapLimits, Failure> {
        let scope = Scope {
            input: eff,
            context,
            vars,
            result: None,
            error_output: None,
        };
        let mut ev = Evaluator::new(&scope, self.clock, &mut self.rng);
        let mut whole = |d: &Option<Dynamic<u64>>, field: &str| -> Result<Option<u64>, Failure> {
            match d {
                None => Ok(None),
                Some(Dynamic::Literal(n)) => Ok(Some(*n)),
                Some(Dynamic::Expression(e)) => ev
                    .whole_number(&Value::String(e.clone()), field, 0)
                    .map(Some),
            }
        };
        let mut concurrency = whole(&s.max_concurrency, "MaxConcurrency")?;
        let mut count = whole(&s.tolerated_failure_count, "ToleratedFailureCount")?;
        let mut percentage = match &s.tolerated_failure_percentage {
            None => None,
            Some(Dynamic::Literal(n)) => n.as_f64(),
            Some(Dynamic::Expression(e)) => {
                let tpl = Value::String(e.clone());
                let v = ev.value(&tpl, "ToleratedFailurePercentage")?;
                match v.as_f64() {
                    Some(p) if (0.0..=100.0).contains(&p) => Some(p),
                    _ => {
                        return Err(ev.unexpected(
                            &tpl,
                            "ToleratedFailurePercentage",
                            "a number from 0 to 100",
                            &v,
                        ))
                    }
                }
            }
        };
        if language != QueryLanguage::JSONata {
            if let Some(p) = &s.max_concurrency_path {
                concurrency = Some(whole_number(
                    p,
                    "MaxConcurrencyPath",
                    0,
                    eff,
                    context,
                    vars,
                )?);
            }
            if let Some(p) = &s.tolerated_failure_count_path {
                count = Some(whole_number(
                    p,
                    "ToleratedFailureCountPath",
                    0,
                    eff,
                    context,
                    vars,
                )?);
            }
            if let Some(p) = &s.tolerated_failure_percentage_path {
                percentage = Some(percentage_at(p, eff, context, vars)?);
            }
        }
        Ok((concurrency, count, percentage))
    }

    /// TestState: a mocked Map whose failed iterations (`mapIterationFailureCount`) pass the
    /// tolerated threshold fails as the Map Run would.
    fn probe_map_threshold(&self, limits: MapLimits, result: &Value) -> Result<(), Failure> {
        let Some(failed) = self.probe.as_ref().and_then(|p| p.map_failures) else {
            return Ok(());
        };
        let (_, count, percentage) = limits;
        // Without a threshold TestState does not fail the Map for its iterations (recorded),
        // where an execution's Map Run fails at the first.
        if count.is_none() && percentage.is_none() {
            return Ok(());
        }
        let total = result.as_array().map_or(0, Vec::len) as u64;
        if crate::distributed::exceeds_threshold(u64::from(failed), total, count, percentage) {
            return Err(Failure::new(
                crate::distributed::EXCEED_TOLERATED,
                crate::distributed::EXCEED_TOLERATED_CAUSE,
            ));
        }
        Ok(())
    }

    /// Keeps a number as an `inspectionData` field (not JSON text).
    fn inspect_number(&mut self, key: &str, value: Value) {
        if let Some(p) = &mut self.probe {
            p.numbers.insert(key.to_string(), value);
        }
    }

    /// One item's `ItemSelector`, with `$$.Map.Item` set.
    #[allow(clippy::too_many_arguments)]
    fn select_item(
        &mut self,
        name: &str,
        entered: i64,
        retry_count: u32,
        (selector, language): (&Value, QueryLanguage),
        index: usize,
        item: &Value,
        eff: &Value,
        vars: &Vars,
    ) -> Result<Value, Failure> {
        let ctx = self.context(
            name,
            entered,
            Some(retry_count),
            &[("Map", json!({"Item": {"Index": index, "Value": item}}))],
        );
        if language == QueryLanguage::JSONata {
            let scope = Scope {
                input: eff,
                context: &ctx,
                vars,
                result: None,
                error_output: None,
            };
            return Evaluator::new(&scope, self.clock, &mut self.rng)
                .value(selector, "ItemSelector");
        }
        self.template(selector, eff, &ctx, vars)
    }

    /// A Distributed Map: the items (from the input or an `ItemReader`), batched by the
    /// `ItemBatcher`, each batch or item run as a child execution of a Map Run.
    ///
    /// The parent's history has `MapStateStarted`, `MapRunStarted` (with the Map Run's ARN)
    /// and `MapRunSucceeded` or `MapRunFailed`, and none of the children's events: each child
    /// workflow execution has its own history, apart from the parent's ("Distributed Map
    /// state", "Map Run"). A child sees none of the parent's variables ("Passing data
    /// between states with variables": a Distributed Map's children cannot reference
    /// variables of outer scopes), and its `$$.Execution` is its own.
    #[allow(clippy::too_many_arguments)]
    fn distributed_map(
        &mut self,
        name: &str,
        s: &sfn_core::model::Map,
        processor: &sfn_core::model::Scope,
        eff: &Value,
        entered: i64,
        entered_id: u64,
        retry_count: u32,
        language: QueryLanguage,
        vars: &Vars,
        prev: &mut u64,
    ) -> Result<Attempt, Halt> {
        use crate::distributed as dist;
        use sfn_core::model::Dynamic;
        let at = |f: Failure| located(f, name, entered_id);
        let context = self.context(name, entered, Some(retry_count), &[]);
        // The tolerated failures: literal, JSONata, or read from the effective input.
        let (_, count, percentage) = self
            .map_limits(s, eff, &context, vars, language)
            .map_err(at)?;
        // The reader's configuration and parameters, or the items in the input.
        let reader = match &s.item_reader {
            Some(r) => {
                let config = r.reader_config.as_ref();
                let max_path = match config
                    .and_then(|c| c.get("MaxItemsPath"))
                    .and_then(Value::as_str)
                {
                    Some(p) => {
                        Some(whole_number(p, "MaxItemsPath", 1, eff, &context, vars).map_err(at)?)
                    }
                    None => None,
                };
                let parsed =
                    dist::ReaderConfig::parse(&r.resource, config, max_path).map_err(at)?;
                let parameters = match &r.parameters {
                    Some(p) => self.template(p, eff, &context, vars).map_err(at)?,
                    None => json!({}),
                };
                Some((r.resource.clone(), parameters, parsed))
            }
            None => None,
        };
        let from_input = match reader {
            Some(_) => None,
            None => Some(
                self.map_items(s, eff, &context, vars, language)
                    .map_err(at)?,
            ),
        };
        // The batcher's limits and BatchInput.
        let batcher = match &s.item_batcher {
            Some(b) => {
                let limit = |lit: &Option<Dynamic<u64>>,
                             path: &Option<String>,
                             field: &str|
                 -> Result<Option<u64>, Failure> {
                    match (lit, path) {
                        (Some(Dynamic::Literal(n)), _) => Ok(Some(*n)),
                        (_, Some(p)) => whole_number(p, field, 1, eff, &context, vars).map(Some),
                        _ => Ok(None),
                    }
                };
                let max_items = limit(
                    &b.max_items_per_batch,
                    &b.max_items_per_batch_path,
                    "MaxItemsPerBatchPath",
                )
                .map_err(at)?;
                let max_bytes = limit(
                    &b.max_input_bytes_per_batch,
                    &b.max_input_bytes_per_batch_path,
                    "MaxInputBytesPerBatchPath",
                )
                .map_err(at)?
                .map(|n| n.min(MAX_PAYLOAD_BYTES as u64));
                let batch_input = match &b.batch_input {
                    Some(t) => Some(self.template(t, eff, &context, vars).map_err(at)?),
                    None => None,
                };
                Some((max_items, max_bytes, batch_input))
            }
            None => None,
        };
        // The Map Run: its label, id and ARN.
        let machine_arn = self
            .state_machine
            .get("Id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let label = match &s.label {
            Some(l) => l.clone(),
            None => self.rng.uuid(),
        };
        let run_id = self.rng.uuid();
        let run_arn = dist::map_run_arn(&machine_arn, &label, &run_id);
        // With an ItemReader the items are read by the Map Run, after it starts.
        let length = from_input.as_ref().map_or(0, Vec::len);
        self.emit(
            prev,
            "MapStateStarted",
            Some(("mapStateStartedEventDetails", json!({"length": length}))),
        );
        self.emit(
            prev,
            "MapRunStarted",
            Some(("mapRunStartedEventDetails", json!({"mapRunArn": run_arn}))),
        );
        let run = MapRun {
            name,
            entered,
            retry_count,
            eff,
            vars,
            machine_arn: &machine_arn,
            label: &label,
            count,
            percentage,
            language,
        };
        let outcome = (|| -> Result<Vec<dist::Child>, Halt> {
            let items = match (from_input, reader) {
                (Some(items), _) => items,
                (None, Some((resource, parameters, config))) => {
                    self.read_items(name, &resource, parameters, &config)?
                }
                (None, None) => Vec::new(),
            };
            self.run_children(&run, s, processor, language, items, batcher)
        })();
        let children = match outcome {
            Ok(c) => c,
            Err(Halt::Failed(f)) => {
                let f = at(f);
                self.emit(
                    prev,
                    "MapRunFailed",
                    Some((
                        "mapRunFailedEventDetails",
                        json!({"cause": f.cause, "error": f.error}),
                    )),
                );
                return Err(Halt::Failed(f));
            }
            Err(other) => return Err(other),
        };
        let result = match &s.result_writer {
            Some(w) if w.resource.is_some() => {
                let parameters = match &w.parameters {
                    Some(p) => self.template(p, eff, &context, vars).map_err(at)?,
                    None => json!({}),
                };
                let text = |k: &str| {
                    parameters
                        .get(k)
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string()
                };
                json!({
                    "MapRunArn": run_arn,
                    "ResultWriterDetails": {
                        "Bucket": text("Bucket"),
                        "Key": dist::manifest_key(&text("Prefix"), &run_id),
                    }
                })
            }
            Some(w) => dist::results(
                &children,
                dist::Transformation::parse(w.writer_config.as_ref(), false),
            ),
            None => dist::results(&children, dist::Transformation::Compact),
        };
        self.emit(prev, "MapRunSucceeded", None);
        self.emit(prev, "MapStateSucceeded", None);
        Ok(Attempt { result })
    }

    /// Runs a Map Run's children one after another, each in a history of its own, and stops
    /// with `States.ExceedToleratedFailureThreshold` once the failures exceed the threshold
    /// (a failed batch counts all its items as failed).
    fn run_children(
        &mut self,
        run: &MapRun<'_>,
        s: &sfn_core::model::Map,
        processor: &sfn_core::model::Scope,
        language: QueryLanguage,
        items: Vec<Value>,
        batcher: Option<(Option<u64>, Option<u64>, Option<Value>)>,
    ) -> Result<Vec<crate::distributed::Child>, Halt> {
        use crate::distributed as dist;
        let total = items.len() as u64;
        let selector = s.item_selector.as_ref().or(s.parameters.as_ref());
        let mut inputs = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            inputs.push(match selector {
                Some(sel) => self.select_item(
                    run.name,
                    run.entered,
                    run.retry_count,
                    (sel, run.language),
                    index,
                    item,
                    run.eff,
                    run.vars,
                )?,
                None => item.clone(),
            });
        }
        let inputs: Vec<(Value, u64)> = match batcher {
            Some((max_items, max_bytes, batch_input)) => {
                dist::batches(inputs, max_items, max_bytes, batch_input.as_ref())
                    .map_err(|e| {
                        Failure::runtime(format!("The ItemBatcher cannot batch the items: {e}."))
                    })?
                    .into_iter()
                    .map(|b| {
                        let n = b["Items"].as_array().map_or(0, Vec::len) as u64;
                        (b, n)
                    })
                    .collect()
            }
            None => inputs.into_iter().map(|i| (i, 1)).collect(),
        };
        let lang = processor.query_language.unwrap_or(language);
        let child_machine = format!("{}/{}", run.machine_arn, run.label);
        let machine_name = self
            .state_machine
            .get("Name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let execution_base = run.machine_arn.replacen(":stateMachine:", ":execution:", 1);
        let role = self
            .execution
            .get("RoleArn")
            .cloned()
            .unwrap_or(Value::Null);
        let mut children = Vec::with_capacity(inputs.len());
        let mut failed = 0u64;
        self.nest()?;
        for (input, size) in inputs {
            let id = self.rng.uuid();
            let arn = format!("{execution_base}/{}:{id}", run.label);
            let start = format_timestamp(self.clock);
            let execution = json!({
                "Id": arn, "Input": input, "Name": id, "RoleArn": role,
                "StartTime": start, "RedriveCount": 0,
            });
            let machine =
                json!({"Id": child_machine, "Name": format!("{machine_name}/{}", run.label)});
            // The child's history is its own: the parent's is set aside while it runs.
            let parent_events = std::mem::take(&mut self.events);
            let parent_count = std::mem::replace(&mut self.event_count, 0);
            let parent_exhausted = std::mem::replace(&mut self.exhausted, false);
            let parent_execution = std::mem::replace(&mut self.execution, Arc::new(execution));
            let parent_machine = std::mem::replace(&mut self.state_machine, Arc::new(machine));
            let mut child_prev = 0;
            let r = self.run_scope(
                &processor.states,
                &processor.start_at,
                lang,
                input.clone(),
                &mut Vars::default(),
                &mut child_prev,
            );
            self.events = parent_events;
            self.event_count = parent_count;
            self.exhausted = parent_exhausted;
            self.execution = parent_execution;
            self.state_machine = parent_machine;
            let outcome = match r {
                Ok(v) => Ok(v),
                Err(Halt::Failed(f)) => Err(f),
                Err(other) => {
                    self.depth -= 1;
                    return Err(other);
                }
            };
            if outcome.is_err() {
                failed += size;
            }
            children.push(dist::Child {
                arn,
                name: id,
                state_machine: child_machine.clone(),
                input,
                outcome,
                start,
                stop: format_timestamp(self.clock),
            });
            if dist::exceeds_threshold(failed, total, run.count, run.percentage) {
                self.depth -= 1;
                return Err(
                    Failure::new(dist::EXCEED_TOLERATED, dist::EXCEED_TOLERATED_CAUSE).into(),
                );
            }
        }
        self.depth -= 1;
        Ok(children)
    }
}

/// The kind of work a Task resource names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TaskKind {
    Service,
    Lambda,
    Activity,
}

type EventKeys = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

impl TaskKind {
    fn of(resource: &str) -> TaskKind {
        if sfn_core::catalog::is_activity_arn(resource) {
            TaskKind::Activity
        } else if resource.contains(":lambda:") && resource.contains(":function:") {
            TaskKind::Lambda
        } else {
            TaskKind::Service
        }
    }

    /// `resourceType` and `resource` of a service integration's events: `lambda`, `invoke`.
    fn names(self, resource: &str) -> (String, String) {
        match parse_resource(resource) {
            Resource::Optimized {
                service,
                action,
                suffix,
                ..
            } => (service.to_string(), format!("{action}{suffix}")),
            Resource::Sdk {
                service,
                action,
                suffix,
            } => (format!("aws-sdk:{service}"), format!("{action}{suffix}")),
            Resource::Other => {
                let mut parts = resource.rsplitn(2, ':');
                let action = parts.next().unwrap_or_default().to_string();
                (
                    parts
                        .next()
                        .unwrap_or_default()
                        .rsplit(':')
                        .next()
                        .unwrap_or_default()
                        .to_string(),
                    action,
                )
            }
        }
    }

    fn events(
        self,
    ) -> (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        EventKeys,
    ) {
        match self {
            TaskKind::Service => (
                "TaskScheduled",
                "TaskStarted",
                "TaskSucceeded",
                "TaskFailed",
                (
                    "taskScheduledEventDetails",
                    "taskStartedEventDetails",
                    "taskSucceededEventDetails",
                    "taskFailedEventDetails",
                    "taskTimedOutEventDetails",
                ),
            ),
            TaskKind::Lambda => (
                "LambdaFunctionScheduled",
                "LambdaFunctionStarted",
                "LambdaFunctionSucceeded",
                "LambdaFunctionFailed",
                (
                    "lambdaFunctionScheduledEventDetails",
                    "lambdaFunctionStartedEventDetails",
                    "lambdaFunctionSucceededEventDetails",
                    "lambdaFunctionFailedEventDetails",
                    "lambdaFunctionTimedOutEventDetails",
                ),
            ),
            TaskKind::Activity => (
                "ActivityScheduled",
                "ActivityStarted",
                "ActivitySucceeded",
                "ActivityFailed",
                (
                    "activityScheduledEventDetails",
                    "activityStartedEventDetails",
                    "activitySucceededEventDetails",
                    "activityFailedEventDetails",
                    "activityTimedOutEventDetails",
                ),
            ),
        }
    }

    fn timed_out(self) -> &'static str {
        match self {
            TaskKind::Service => "TaskTimedOut",
            TaskKind::Lambda => "LambdaFunctionTimedOut",
            TaskKind::Activity => "ActivityTimedOut",
        }
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

/// What the children of one Map Run share.
struct MapRun<'a> {
    name: &'a str,
    entered: i64,
    retry_count: u32,
    eff: &'a Value,
    vars: &'a Vars,
    machine_arn: &'a str,
    label: &'a str,
    count: Option<u64>,
    percentage: Option<f64>,
    language: QueryLanguage,
}

impl Interp {
    /// The items of a Map: `Items` (JSONata: an array or an expression that gives one) or
    /// `ItemsPath` (JSONPath), the effective input when neither is given.
    fn map_items(
        &mut self,
        s: &sfn_core::model::Map,
        eff: &Value,
        context: &Context,
        vars: &Vars,
        language: QueryLanguage,
    ) -> Result<Vec<Value>, Failure> {
        if language != QueryLanguage::JSONata {
            return items_at(s.items_path.as_deref(), eff, context, vars);
        }
        let Some(tpl) = &s.items else {
            return items_at(None, eff, context, vars);
        };
        let scope = Scope {
            input: eff,
            context,
            vars,
            result: None,
            error_output: None,
        };
        let mut ev = Evaluator::new(&scope, self.clock, &mut self.rng);
        match ev.value(tpl, "Items")? {
            Value::Array(items) => Ok(items),
            other => Err(ev.unexpected(tpl, "Items", "'array'", &other)),
        }
    }
}

/// The array a Map iterates over: the node at `ItemsPath` (`$` when absent).
fn items_at(
    path: Option<&str>,
    eff: &Value,
    context: &Context,
    vars: &Vars,
) -> Result<Vec<Value>, Failure> {
    let value = match path {
        Some(p) => Env {
            input: eff,
            context,
            vars,
        }
        .read_str(p)?
        .ok_or_else(|| {
            Failure::runtime(format!("Invalid path '{p}' : No results for path: {p}"))
        })?,
        None => eff.clone(),
    };
    match value {
        Value::Array(items) => Ok(items),
        other => Err(Failure::runtime(format!(
            "Item collection is not a JSON array: {}",
            to_text(&other)
        ))),
    }
}

/// The whole number at the reference path `path` of a `...Path` field, at least `min`; any
/// other value fails the state with `States.Runtime`. A string that holds a whole number is
/// read as that number: AWS runs a Map whose `MaxConcurrencyPath` names `"1"` (recorded in
/// `../shared/conformance-exec/`).
fn whole_number(
    path: &str,
    field: &str,
    min: u64,
    eff: &Value,
    context: &Context,
    vars: &Vars,
) -> Result<u64, Failure> {
    let env = Env {
        input: eff,
        context,
        vars,
    };
    let v = env.read_str(path)?.ok_or_else(|| {
        Failure::runtime(format!(
            "The {field} field does not reference an input value: {path}"
        ))
    })?;
    let wanted = if min == 0 {
        "a non-negative integer"
    } else {
        "a positive integer"
    };
    let n = match &v {
        Value::String(s) => s.trim().parse::<u64>().ok(),
        other => other.as_u64(),
    };
    n.filter(|n| *n >= min).ok_or_else(|| {
        Failure::runtime(format!(
            "The {field} field references an invalid value: {} ({wanted} is required)",
            to_text(&v)
        ))
    })
}

/// The percentage at `ToleratedFailurePercentagePath`: a number from 0 to 100.
fn percentage_at(path: &str, eff: &Value, context: &Context, vars: &Vars) -> Result<f64, Failure> {
    let env = Env {
        input: eff,
        context,
        vars,
    };
    let field = "ToleratedFailurePercentagePath";
    let v = env.read_str(path)?.ok_or_else(|| {
        Failure::runtime(format!(
            "The {field} field does not reference an input value: {path}"
        ))
    })?;
    v.as_f64()
        .filter(|n| (0.0..=100.0).contains(n))
        .ok_or_else(|| {
            Failure::runtime(format!(
                "The {field} field references an invalid value: {} (a number from 0 to 100 is required)",
                to_text(&v)
            ))
        })
}
