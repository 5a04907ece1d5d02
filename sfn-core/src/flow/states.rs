//! The walk over scopes and states: what each field does to the flow that reaches it.

use std::collections::{HashMap, HashSet, VecDeque};

use super::*;
use crate::catalog::ParamCursor;
use crate::json::child_pointer as ptr;
use crate::json::{Node, Value};
use crate::path::{parse_path, Path, Root, Segment};

pub(super) struct Cx<'a> {
    pub(super) out: Analysis,
    pub(super) index: HashMap<Flow, FlowId>,
    pub(super) typed: &'a HashSet<String>,
    pub(super) payloads: &'a HashSet<String>,
}

/// The steps of a reference or JSONPath path on `$`, or `None` for another root or an
/// unparsable path.
pub(super) fn input_steps(text: &str) -> Option<Vec<Step>> {
    let path = parse_path(text).ok()?;
    steps_of(&path)
}

/// The steps of a parsed path on `$`.
pub(super) fn steps_of(path: &Path) -> Option<Vec<Step>> {
    if path.root != Root::Input {
        return None;
    }
    let mut steps = Vec::with_capacity(path.segments.len());
    for s in &path.segments {
        match s {
            Segment::Field(name) => steps.push(Step::Field(name.clone())),
            Segment::Index(i) if *i >= 0 => steps.push(Step::Index(*i as usize)),
            Segment::Index(_) | Segment::Wildcard | Segment::Slice { .. } | Segment::Filter(_) => {
                steps.push(Step::Each)
            }
            // What these select is not a single step: check the path up to them.
            Segment::RecursiveDescent(_)
            | Segment::Script(_)
            | Segment::Union(_)
            | Segment::Function { .. } => break,
        }
    }
    Some(steps)
}

impl Cx<'_> {
    pub(super) fn add(&mut self, flow: Flow) -> FlowId {
        self.out.intern(flow, &mut self.index)
    }

    /// `base` narrowed by the path `text` (an `InputPath`, `OutputPath`, `ItemsPath`).
    pub(super) fn select(&mut self, base: FlowId, text: &str) -> FlowId {
        if base == UNKNOWN {
            return UNKNOWN;
        }
        match input_steps(text) {
            Some(steps) if steps.is_empty() => base,
            Some(steps) if parse_path(text).is_ok_and(|p| p.is_reference()) => {
                self.add(Flow::At(base, steps))
            }
            _ => UNKNOWN,
        }
    }

    /// Records a check of the path in the string at `at`, read against `flow`.
    pub(super) fn check(
        &mut self,
        at: &str,
        text: &str,
        flow: FlowId,
        expect: Option<(String, Expect)>,
    ) {
        if flow == UNKNOWN {
            return;
        }
        if let Some(steps) = input_steps(text) {
            self.out.checks.push(PathCheck {
                pointer: at.to_string(),
                text: text.to_string(),
                steps,
                flow,
                expect,
                whole: true,
                jsonata: false,
            });
        }
    }

    /// Checks a keyword field that holds a path (`Variable`, `SecondsPath`, ...).
    pub(super) fn check_field(&mut self, state: &Node, at: &str, key: &str, flow: FlowId) {
        if let Some(text) = state.get(key).and_then(Node::as_str) {
            self.check(&ptr(at, key), text, flow, None);
        }
    }

    /// Follows one scope (the machine, a Parallel branch, a Map's processor) from its start.
    pub(super) fn scope(
        &mut self,
        scope: &Node,
        at: &str,
        input: FlowId,
        jsonata: bool,
        depth: usize,
    ) {
        if depth > 32 {
            return;
        }
        let (Some(states), Some(start)) = (
            scope.get("States").and_then(Node::as_object),
            scope.get("StartAt").and_then(Node::as_str),
        ) else {
            return;
        };
        let states_at = ptr(at, "States");
        let mut flows: HashMap<String, FlowId> = HashMap::new();
        // The checks of each state's latest visit.
        let mut checks: HashMap<String, Vec<PathCheck>> = HashMap::new();
        let mut queue = VecDeque::new();
        flows.insert(start.to_string(), input);
        queue.push_back(start.to_string());
        while let Some(name) = queue.pop_front() {
            let Some(state) = states.iter().find(|m| m.key == name).map(|m| &m.value) else {
                continue;
            };
            let flow = flows[&name];
            let before = self.out.checks.len();
            let here = ptr(&states_at, &name);
            let next = match state.get("QueryLanguage").and_then(Node::as_str) {
                Some("JSONata") => self.jsonata_state(state, &here, flow),
                Some(_) => self.state(state, &here, flow, jsonata, depth),
                None if jsonata => self.jsonata_state(state, &here, flow),
                None => self.state(state, &here, flow, jsonata, depth),
            };
            checks.insert(name.clone(), self.out.checks.split_off(before));
            for (target, out) in next {
                let merged = match flows.get(&target) {
                    None => out,
                    Some(&seen) if seen == out => continue,
                    // Reached with two different values: nothing is known there.
                    Some(&seen) if seen == UNKNOWN => continue,
                    Some(_) => UNKNOWN,
                };
                flows.insert(target.clone(), merged);
                queue.push_back(target);
            }
        }
        let mut names: Vec<&String> = checks.keys().collect();
        names.sort();
        for n in names {
            self.out.checks.extend(checks[n].iter().cloned());
        }
    }

    /// Follows one state with `input` as its raw input; returns its transitions with what
    /// each carries.
    pub(super) fn state(
        &mut self,
        state: &Node,
        at: &str,
        input: FlowId,
        jsonata: bool,
        depth: usize,
    ) -> Vec<(String, FlowId)> {
        let kind = state.get("Type").and_then(Node::as_str).unwrap_or_default();
        let effective = self.path_field(state, at, "InputPath", input);
        let mut out = Vec::new();
        match kind {
            "Choice" => {
                if let Some(choices) = state.get("Choices").and_then(Node::as_array) {
                    for (i, rule) in choices.iter().enumerate() {
                        self.choice_rule(rule, &format!("{at}/Choices/{i}"), effective, 0);
                    }
                }
                let output = self.output_path(state, at, effective);
                for t in transitions(state) {
                    out.push((t, output));
                }
                return out;
            }
            "Wait" => {
                self.check_field(state, at, "SecondsPath", effective);
                self.check_field(state, at, "TimestampPath", effective);
            }
            "Fail" => {
                self.check_field(state, at, "ErrorPath", effective);
                self.check_field(state, at, "CausePath", effective);
                return out;
            }
            _ => {}
        }
        // Parameters (Task, Pass, Parallel, Map) build the effective input.
        let catalog = if kind == "Task" {
            state
                .get("Resource")
                .and_then(Node::as_str)
                .and_then(ParamCursor::for_resource)
        } else {
            None
        };
        // A Map's `Parameters` is its (legacy) item selector, read in `map`.
        let parameters = match state.get("Parameters").filter(|_| kind != "Map") {
            Some(p) => self.payload(
                p,
                &ptr(at, "Parameters"),
                effective,
                "`parameters`",
                catalog,
                0,
            ),
            None => effective,
        };
        let result = match kind {
            "Task" => {
                if self.typed.contains(at) {
                    let typed = self.add(Flow::Result(at.to_string()));
                    self.lambda_result(state, typed)
                } else {
                    UNKNOWN
                }
            }
            "Pass" => match state.get("Result") {
                Some(r) => self.literal(r, "`result`", 0),
                None => parameters,
            },
            "Parallel" => {
                if let Some(branches) = state.get("Branches").and_then(Node::as_array) {
                    for (i, b) in branches.iter().enumerate() {
                        self.scope(
                            b,
                            &format!("{at}/Branches/{i}"),
                            parameters,
                            jsonata,
                            depth + 1,
                        );
                    }
                }
                self.add(Flow::Literal(Kind::List))
            }
            "Map" => {
                self.map(state, at, effective, jsonata, depth);
                if state.get("ResultWriter").is_some() {
                    // `{MapRunArn, ResultWriterDetails}` when results go to S3.
                    UNKNOWN
                } else {
                    self.add(Flow::Literal(Kind::List))
                }
            }
            _ => effective,
        };
        let result = match state.get("ResultSelector") {
            Some(s) => self.payload(
                s,
                &ptr(at, "ResultSelector"),
                result,
                "`result_selector`",
                None,
                0,
            ),
            None => result,
        };
        let combined = match kind {
            "Task" | "Pass" | "Parallel" | "Map" => {
                self.result_path(state.get("ResultPath"), input, result)
            }
            _ => effective,
        };
        let output = self.output_path(state, at, combined);
        if let Some(next) = state.get("Next").and_then(Node::as_str) {
            out.push((next.to_string(), output));
        }
        // A Catch's target gets the raw input with the error object at its ResultPath.
        if let Some(catchers) = state.get("Catch").and_then(Node::as_array) {
            let string = self.add(Flow::Literal(Kind::String));
            let error = self.add(Flow::Object(
                "a caught error".into(),
                vec![("Error".into(), string), ("Cause".into(), string)],
            ));
            for c in catchers {
                if let Some(next) = c.get("Next").and_then(Node::as_str) {
                    let carried = self.result_path(c.get("ResultPath"), input, error);
                    out.push((next.to_string(), carried));
                }
            }
        }
        out
    }

    /// The result of a Task: for `lambda:invoke` (request-response), the function's output is
    /// the `Payload` of the result Step Functions returns, beside its status code and metadata.
    pub(super) fn lambda_result(&mut self, state: &Node, output: FlowId) -> FlowId {
        let resource = state
            .get("Resource")
            .and_then(Node::as_str)
            .unwrap_or_default();
        // `arn:aws:...`, `arn:aws-cn:...`, `arn:${Partition}:...`
        if !(resource.starts_with("arn:") && resource.ends_with(":states:::lambda:invoke")) {
            return output;
        }
        let string = self.add(Flow::Literal(Kind::String));
        let integer = self.add(Flow::Literal(Kind::Integer));
        self.add(Flow::Object(
            "`lambda:invoke`".into(),
            vec![
                ("ExecutedVersion".into(), string),
                ("Payload".into(), output),
                ("SdkHttpMetadata".into(), UNKNOWN),
                ("SdkResponseMetadata".into(), UNKNOWN),
                ("StatusCode".into(), integer),
            ],
        ))
    }

    /// A Map's item processor, fed its items (or its `ItemSelector`'s objects).
    pub(super) fn map(
        &mut self,
        state: &Node,
        at: &str,
        effective: FlowId,
        jsonata: bool,
        depth: usize,
    ) {
        let items = if state.get("ItemReader").is_some() {
            UNKNOWN
        } else {
            match state.get("ItemsPath").and_then(Node::as_str) {
                Some(text) => {
                    self.check(&ptr(at, "ItemsPath"), text, effective, None);
                    self.select(effective, text)
                }
                None => effective,
            }
        };
        let item = if items == UNKNOWN {
            UNKNOWN
        } else {
            self.add(Flow::At(items, vec![Step::Each]))
        };
        let selector = state
            .get("ItemSelector")
            .or_else(|| state.get("Parameters"));
        let key = if state.get("ItemSelector").is_some() {
            "ItemSelector"
        } else {
            "Parameters"
        };
        let iteration = match selector {
            Some(s) => self.payload(s, &ptr(at, key), effective, "`item_selector`", None, 0),
            None => item,
        };
        // A batch of items arrives as `{"Items": [...], "BatchInput": ...}`.
        let iteration = if state.get("ItemBatcher").is_some() {
            UNKNOWN
        } else {
            iteration
        };
        for key in ["ItemProcessor", "Iterator"] {
            if let Some(p) = state.get(key) {
                self.scope(p, &ptr(at, key), iteration, jsonata, depth + 1);
            }
        }
    }

    /// The value after a `ResultPath`: the result, the raw input, or the input with the
    /// result written into it.
    pub(super) fn result_path(
        &mut self,
        rp: Option<&Node>,
        input: FlowId,
        result: FlowId,
    ) -> FlowId {
        match rp {
            None => result,
            Some(n) if n.value == Value::Null => input,
            Some(n) => match n.as_str().and_then(input_steps) {
                Some(steps) if steps.is_empty() => result,
                Some(steps) => {
                    let mut fields = Vec::with_capacity(steps.len());
                    for s in steps {
                        match s {
                            Step::Field(f) => fields.push(f),
                            _ => return UNKNOWN,
                        }
                    }
                    if input == UNKNOWN && result == UNKNOWN {
                        return UNKNOWN;
                    }
                    self.add(Flow::Set(input, fields, result))
                }
                None => UNKNOWN,
            },
        }
    }

    pub(super) fn output_path(&mut self, state: &Node, at: &str, value: FlowId) -> FlowId {
        self.path_field(state, at, "OutputPath", value)
    }

    /// `InputPath` or `OutputPath` applied to `value`: the part it selects (checked), `{}`
    /// for `null`, `value` itself when absent.
    pub(super) fn path_field(
        &mut self,
        state: &Node,
        at: &str,
        key: &str,
        value: FlowId,
    ) -> FlowId {
        match state.get(key) {
            Some(n) if n.value == Value::Null => {
                // Named as `asl!` writes it: the checks are `asl!`'s.
                let name = crate::asl::keywords::to_snake_case(key);
                self.add(Flow::Object(format!("`{name}: null`"), vec![]))
            }
            Some(n) => match n.as_str() {
                Some(text) => {
                    self.check(&ptr(at, key), text, value, None);
                    self.select(value, text)
                }
                None => UNKNOWN,
            },
            None => value,
        }
    }

    /// Checks the paths of a Choice rule (nested ones too).
    pub(super) fn choice_rule(&mut self, rule: &Node, at: &str, flow: FlowId, depth: usize) {
        if depth > 32 {
            return;
        }
        let Some(members) = rule.as_object() else {
            return;
        };
        for m in members {
            let here = ptr(at, &m.key);
            match m.key.as_str() {
                // `IsPresent` asks whether a field is there, which a type cannot tell: input
                // may carry fields its type leaves out.
                "Variable" if rule.get("IsPresent").is_none() => {
                    if let Some(text) = m.value.as_str() {
                        self.check(&here, text, flow, None);
                    }
                }
                "And" | "Or" => {
                    for (i, r) in m.value.as_array().unwrap_or_default().iter().enumerate() {
                        self.choice_rule(r, &format!("{here}/{i}"), flow, depth + 1);
                    }
                }
                "Not" => self.choice_rule(&m.value, &here, flow, depth + 1),
                k if k.ends_with("Path") => {
                    if let Some(text) = m.value.as_str() {
                        self.check(&here, text, flow, None);
                    }
                }
                _ => {}
            }
        }
    }
}
