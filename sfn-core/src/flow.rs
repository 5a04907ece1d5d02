//! What reaches each point of a state machine, as far as the definition tells.
//!
//! Given that the execution input has a known type (and that some Tasks' results have one),
//! this follows the input through every state: `InputPath` selects part of it, `Parameters`
//! and `ResultSelector` build new objects, `ResultPath` writes a result into it (or discards
//! the result), `OutputPath` selects again, Choice and Wait pass it on, a Map's iterations get
//! its items, a Parallel's branches its effective input, a Catch's target the input with the
//! error. The result is a graph of [`Flow`]s and, for every JSONPath path that reads a state's
//! input or result, a [`PathCheck`]: which flow it reads, and what the value must fit.
//!
//! Nothing is guessed: a Task result of unknown type, a variable, the Context object, a
//! state reached with two different flows, are [`Flow::Unknown`], and paths into them are
//! not checked. JSONata states are not followed (their expressions are checked as text).
//!
//! The types themselves are not known here: [`Flow::Input`] and [`Flow::Result`] name them.
//! `asl!` turns the graph into constants that the compiler evaluates against the Rust types.
//!
//! ```
//! use std::collections::HashSet;
//! use sfn_core::flow::{analyze, Flow, Step};
//!
//! let root = sfn_core::json::parse(
//!     r#"{"StartAt": "Shape", "States": {
//!         "Shape": {"Type": "Pass", "Parameters": {"id.$": "$.order.id"}, "Next": "Use"},
//!         "Use": {"Type": "Pass", "InputPath": "$.id", "End": true}
//!     }}"#,
//! )
//! .root
//! .unwrap();
//! let analysis = analyze(&root, &HashSet::new(), &HashSet::new());
//! // `$.order.id` reads the execution input ...
//! let first = &analysis.checks[0];
//! assert_eq!(first.steps, [Step::Field("order".into()), Step::Field("id".into())]);
//! assert_eq!(analysis.flows[first.flow], Flow::Input);
//! // ... and `$.id` the object `Parameters` built.
//! let second = &analysis.checks[1];
//! assert!(matches!(&analysis.flows[second.flow], Flow::Object(_, members) if members[0].0 == "id"));
//! ```

use std::collections::{HashMap, HashSet, VecDeque};

use crate::catalog::{self, Shape as CatalogShape, ShapeId};
use crate::asl::QueryLanguage;
use crate::catalog::{payload_key, Member, ParamCursor};
use crate::json::child_pointer as ptr;
use crate::json::{Node, Value};
use crate::path::{looks_like_intrinsic, parse_intrinsic};
use crate::path::{parse_path, Path, Root, Segment};

/// The states a state can go to next (`Next`, `Default`, each Choice rule, each Catch).
fn transitions(state: &Node) -> Vec<String> {
    crate::asl::transitions(state, "")
        .into_iter()
        .map(|(_, target)| target)
        .collect()
}

/// An index into [`Analysis::flows`].
pub type FlowId = usize;

/// One step of a checked path.
///
/// ```
/// # use std::collections::HashSet;
/// use sfn_core::flow::{analyze, Step};
///
/// let root = sfn_core::json::parse(
///     r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "InputPath": "$.items[2].tags[*]", "End": true}}}"#,
/// )
/// .root
/// .unwrap();
/// let check = &analyze(&root, &HashSet::new(), &HashSet::new()).checks[0];
/// assert_eq!(
///     check.steps,
///     [Step::Field("items".into()), Step::Index(2), Step::Field("tags".into()), Step::Each]
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    /// `.name`.
    Field(String),
    /// `[n]`.
    Index(usize),
    /// Any element or value (`[*]`, a slice, a filter, a negative index).
    Each,
}

/// A literal's kind.
///
/// ```
/// # use std::collections::HashSet;
/// use sfn_core::flow::{analyze, Flow, Kind};
///
/// let root = sfn_core::json::parse(
///     r#"{"StartAt": "P", "States": {
///         "P": {"Type": "Pass", "Result": {"n": 1.5}, "Next": "Q"},
///         "Q": {"Type": "Pass", "InputPath": "$.n", "End": true}
///     }}"#,
/// )
/// .root
/// .unwrap();
/// let analysis = analyze(&root, &HashSet::new(), &HashSet::new());
/// assert!(analysis.flows.contains(&Flow::Literal(Kind::Number)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A string.
    String,
    /// A whole number.
    Integer,
    /// A number with a fraction or exponent.
    Number,
    /// `true` or `false`.
    Bool,
    /// `null`.
    Null,
    /// An array.
    List,
}

/// What flows to a point.
///
/// ```
/// # use std::collections::HashSet;
/// use sfn_core::flow::{analyze, Flow};
///
/// let root = sfn_core::json::parse(
///     r#"{"StartAt": "T", "States": {
///         "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
///               "ResultPath": "$.out", "Next": "U"},
///         "U": {"Type": "Pass", "InputPath": "$.out.url", "End": true}
///     }}"#,
/// )
/// .root
/// .unwrap();
/// let typed: HashSet<String> = ["/States/T".to_string()].into();
/// let analysis = analyze(&root, &typed, &HashSet::new());
/// let Flow::Set(base, path, value) = &analysis.flows[analysis.checks[0].flow] else { panic!() };
/// assert_eq!((&analysis.flows[*base], path.as_slice()), (&Flow::Input, &["out".to_string()][..]));
/// assert_eq!(analysis.flows[*value], Flow::Result("/States/T".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Flow {
    /// Not known: every path is accepted.
    Unknown,
    /// The execution input, of the machine's input type.
    Input,
    /// The result of the Task at this JSON Pointer, of its result type.
    Result(String),
    /// The typed payload at this JSON Pointer (a struct literal in `asl!`), of its type.
    Payload(String),
    /// A literal value of a kind.
    Literal(Kind),
    /// `.0` with the field at path `.1` set to `.2`.
    Set(FlowId, Vec<String>, FlowId),
    /// The part of `.0` at path `.1`.
    At(FlowId, Vec<Step>),
    /// An object built by a state: what built it (for messages) and its members.
    Object(String, Vec<(String, FlowId)>),
}

/// What a parameter expects of the value a path gives, from the service catalog.
///
/// ```
/// # use std::collections::HashSet;
/// use sfn_core::flow::{analyze, Expect};
///
/// let root = sfn_core::json::parse(
///     r#"{"StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask",
///         "Parameters": {"Cluster": "c", "TaskDefinition": "t",
///             "Overrides": {"ContainerOverrides": [{"Name": "app", "Command.$": "$.command"}]}},
///         "End": true}}}"#,
/// )
/// .root
/// .unwrap();
/// let check = &analyze(&root, &HashSet::new(), &HashSet::new()).checks[0];
/// assert_eq!(check.expect, Some(("Command".into(), Expect::List(Box::new(Expect::String)))));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Expect {
    /// A string.
    String,
    /// A whole number.
    Integer,
    /// A number.
    Number,
    /// A boolean.
    Bool,
    /// A list of values of a kind.
    List(Box<Expect>),
    /// An object.
    Object,
}

/// A path to check.
///
/// ```
/// # use std::collections::HashSet;
/// let root = sfn_core::json::parse(
///     r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "SecondsPath": "$.delay", "End": true}}}"#,
/// )
/// .root
/// .unwrap();
/// let check = &sfn_core::flow::analyze(&root, &HashSet::new(), &HashSet::new()).checks[0];
/// assert_eq!((check.pointer.as_str(), check.text.as_str(), check.whole), ("/States/W/SecondsPath", "$.delay", true));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathCheck {
    /// The JSON Pointer of the string that holds the path.
    pub pointer: String,
    /// The path's text.
    pub text: String,
    /// Its steps after `$`.
    pub steps: Vec<Step>,
    /// What it reads.
    pub flow: FlowId,
    /// What the parameter it is given to expects, when the catalog knows: the parameter's
    /// name and the expected value.
    pub expect: Option<(String, Expect)>,
    /// Whether the path gives the whole value of its key (not an argument of an intrinsic
    /// function inside it).
    pub whole: bool,
    /// Whether the path is a JSONata `$states.input...` read, where a field step over a list
    /// reads the field of each element.
    pub jsonata: bool,
}

/// The flows of a definition and the paths to check against them.
///
/// ```
/// # use std::collections::HashSet;
/// use sfn_core::flow::{Flow, UNKNOWN};
///
/// let root = sfn_core::json::parse(r#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#)
///     .root
///     .unwrap();
/// let analysis = sfn_core::flow::analyze(&root, &HashSet::new(), &HashSet::new());
/// assert_eq!(analysis.flows[UNKNOWN], Flow::Unknown);
/// assert!(analysis.checks.is_empty());
/// ```
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// Every flow, interned: equal flows have one id. Each flow's parts come before it.
    pub flows: Vec<Flow>,
    /// The paths to check.
    pub checks: Vec<PathCheck>,
}

impl Analysis {
    fn intern(&mut self, flow: Flow, index: &mut HashMap<Flow, FlowId>) -> FlowId {
        if let Some(&id) = index.get(&flow) {
            return id;
        }
        let id = self.flows.len();
        self.flows.push(flow.clone());
        index.insert(flow, id);
        id
    }
}

/// Follows the execution input through a definition whose input type is known, `typed` being
/// the JSON Pointers of the Task states whose result type is known and `payloads` those of
/// the objects whose type is known (typed payloads). The definition should be valid; parts it
/// cannot read are skipped.
///
/// ```
/// # use std::collections::HashSet;
/// let root = sfn_core::json::parse(
///     r#"{"StartAt": "C", "States": {
///         "C": {"Type": "Choice", "Choices": [{"Variable": "$.status", "StringEquals": "OK", "Next": "D"}], "Default": "D"},
///         "D": {"Type": "Succeed"}
///     }}"#,
/// )
/// .root
/// .unwrap();
/// let analysis = sfn_core::flow::analyze(&root, &HashSet::new(), &HashSet::new());
/// assert_eq!(analysis.checks[0].text, "$.status");
/// ```
pub fn analyze(root: &Node, typed: &HashSet<String>, payloads: &HashSet<String>) -> Analysis {
    let mut cx = Cx {
        out: Analysis::default(),
        index: HashMap::new(),
        typed,
        payloads,
    };
    let unknown = cx.add(Flow::Unknown);
    debug_assert_eq!(unknown, UNKNOWN);
    let input = cx.add(Flow::Input);
    let jsonata = root.get("QueryLanguage").and_then(Node::as_str) == Some("JSONata");
    cx.scope(root, "", input, jsonata, 0);
    cx.out
}

/// The id of [`Flow::Unknown`], always the first flow (see [`Analysis`]).
pub const UNKNOWN: FlowId = 0;

struct Cx<'a> {
    out: Analysis,
    index: HashMap<Flow, FlowId>,
    typed: &'a HashSet<String>,
    payloads: &'a HashSet<String>,
}

/// The steps of a reference or JSONPath path on `$`, or `None` for another root or an
/// unparsable path.
fn input_steps(text: &str) -> Option<Vec<Step>> {
    let path = parse_path(text).ok()?;
    steps_of(&path)
}

/// The steps of a parsed path on `$`.
fn steps_of(path: &Path) -> Option<Vec<Step>> {
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
    fn add(&mut self, flow: Flow) -> FlowId {
        self.out.intern(flow, &mut self.index)
    }

    /// `base` narrowed by the path `text` (an `InputPath`, `OutputPath`, `ItemsPath`).
    fn select(&mut self, base: FlowId, text: &str) -> FlowId {
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
    fn check(&mut self, at: &str, text: &str, flow: FlowId, expect: Option<(String, Expect)>) {
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
    fn check_field(&mut self, state: &Node, at: &str, key: &str, flow: FlowId) {
        if let Some(text) = state.get(key).and_then(Node::as_str) {
            self.check(&ptr(at, key), text, flow, None);
        }
    }

    /// Follows one scope (the machine, a Parallel branch, a Map's processor) from its start.
    fn scope(&mut self, scope: &Node, at: &str, input: FlowId, jsonata: bool, depth: usize) {
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
    fn state(
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
            Some(p) => {
                self.payload(
                    p,
                    &ptr(at, "Parameters"),
                    effective,
                    "`parameters`",
                    catalog,
                    0,
                )
            }
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

    /// A JSONata state: checks each `$states.input` read of its expressions against `input`;
    /// Choice, Wait and Pass states without `Output` pass their input on, the others give
    /// what is not known here. Nested scopes are not followed.
    fn jsonata_state(&mut self, state: &Node, at: &str, input: FlowId) -> Vec<(String, FlowId)> {
        if input != UNKNOWN {
            if let Some(members) = state.as_object() {
                for m in members {
                    if !matches!(m.key.as_str(), "Branches" | "ItemProcessor" | "Iterator") {
                        self.jsonata_reads(&m.value, &ptr(at, &m.key), input, 0);
                    }
                }
            }
        }
        let kind = state.get("Type").and_then(Node::as_str).unwrap_or_default();
        let passes = matches!(kind, "Choice" | "Wait" | "Pass") && state.get("Output").is_none();
        let output = if passes { input } else { UNKNOWN };
        let mut out: Vec<(String, FlowId)> = Vec::new();
        if let Some(next) = state.get("Next").and_then(Node::as_str) {
            out.push((next.to_string(), output));
        }
        if kind == "Choice" {
            for t in transitions(state) {
                out.push((t, output));
            }
        }
        for c in state
            .get("Catch")
            .and_then(Node::as_array)
            .unwrap_or_default()
        {
            if let Some(next) = c.get("Next").and_then(Node::as_str) {
                out.push((next.to_string(), UNKNOWN));
            }
        }
        out
    }

    /// The `$states.input` reads of the JSONata templates in a value.
    fn jsonata_reads(&mut self, node: &Node, at: &str, input: FlowId, depth: usize) {
        if depth > 64 {
            return;
        }
        match &node.value {
            Value::String(s) => {
                let Ok(Some(ast)) = crate::jsonata::parse_template(s) else {
                    return;
                };
                for (chain, _) in crate::jsonata::input_paths(&ast) {
                    let mut steps = Vec::new();
                    let mut text = String::from("$states.input");
                    for (field, predicate) in chain {
                        text.push('.');
                        text.push_str(&field);
                        steps.push(Step::Field(field));
                        if predicate {
                            text.push_str("[...]");
                            steps.push(Step::Each);
                        }
                    }
                    self.out.checks.push(PathCheck {
                        pointer: at.to_string(),
                        text,
                        steps,
                        flow: input,
                        expect: None,
                        whole: false,
                        jsonata: true,
                    });
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.jsonata_reads(item, &format!("{at}/{i}"), input, depth + 1);
                }
            }
            Value::Object(members) => {
                for m in members {
                    self.jsonata_reads(&m.value, &ptr(at, &m.key), input, depth + 1);
                }
            }
            _ => {}
        }
    }

    /// The result of a Task: for `lambda:invoke` (request-response), the function's output is
    /// the `Payload` of the result Step Functions returns, beside its status code and metadata.
    fn lambda_result(&mut self, state: &Node, output: FlowId) -> FlowId {
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
    fn map(&mut self, state: &Node, at: &str, effective: FlowId, jsonata: bool, depth: usize) {
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
    fn result_path(&mut self, rp: Option<&Node>, input: FlowId, result: FlowId) -> FlowId {
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

    fn output_path(&mut self, state: &Node, at: &str, value: FlowId) -> FlowId {
        self.path_field(state, at, "OutputPath", value)
    }

    /// `InputPath` or `OutputPath` applied to `value`: the part it selects (checked), `{}`
    /// for `null`, `value` itself when absent.
    fn path_field(&mut self, state: &Node, at: &str, key: &str, value: FlowId) -> FlowId {
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
    fn choice_rule(&mut self, rule: &Node, at: &str, flow: FlowId, depth: usize) {
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

    /// A literal JSON value's flow.
    fn literal(&mut self, node: &Node, builder: &str, depth: usize) -> FlowId {
        let flow = match &node.value {
            Value::String(_) => Flow::Literal(Kind::String),
            Value::Number(n) => {
                if n.as_str().contains(['.', 'e', 'E']) {
                    Flow::Literal(Kind::Number)
                } else {
                    Flow::Literal(Kind::Integer)
                }
            }
            Value::Bool(_) => Flow::Literal(Kind::Bool),
            Value::Null => Flow::Literal(Kind::Null),
            Value::Array(_) => Flow::Literal(Kind::List),
            Value::Object(members) if depth < 32 => {
                let members = members
                    .iter()
                    .map(|m| (m.key.clone(), self.literal(&m.value, builder, depth + 1)))
                    .collect();
                Flow::Object(builder.to_string(), members)
            }
            Value::Object(_) => Flow::Unknown,
        };
        self.add(flow)
    }

    /// A payload template (`Parameters`, `ResultSelector`, `ItemSelector`): checks each path
    /// in it against `reads`, and returns the object it builds. `typed` is where the value is
    /// in the catalog's shape of a Task's parameters.
    fn payload(
        &mut self,
        node: &Node,
        at: &str,
        reads: FlowId,
        builder: &str,
        typed: Option<ParamCursor>,
        depth: usize,
    ) -> FlowId {
        if depth > 32 {
            return UNKNOWN;
        }
        // A field that takes any JSON in place of what the API model says.
        let typed = typed.filter(|t| !t.takes_any_json());
        match &node.value {
            Value::Object(members) => {
                let mut built = Vec::with_capacity(members.len());
                for m in members {
                    let here = ptr(at, &m.key);
                    let (name, dynamic) = payload_key(&m.key, QueryLanguage::JSONPath);
                    let member = typed
                        .as_ref()
                        .and_then(|t| match t.member(name) {
                            Member::Found(c) => Some(c),
                            _ => None,
                        })
                        .filter(|t| !t.takes_any_json());
                    let flow = if dynamic {
                        let text = m.value.as_str().unwrap_or_default();
                        if looks_like_intrinsic(text) {
                            if let Ok(call) = parse_intrinsic(text) {
                                for p in call.paths() {
                                    if let (Some(steps), false) = (steps_of(p), reads == UNKNOWN) {
                                        self.out.checks.push(PathCheck {
                                            pointer: here.clone(),
                                            text: p.to_string(),
                                            steps,
                                            flow: reads,
                                            expect: None,
                                            whole: false,
                                            jsonata: false,
                                        });
                                    }
                                }
                            }
                            UNKNOWN
                        } else {
                            let expect = member
                                .as_ref()
                                .and_then(|t| expect_of(t.shape_id()))
                                .map(|e| (name.to_string(), e));
                            self.check(&here, text, reads, expect);
                            self.select(reads, text)
                        }
                    } else {
                        self.payload(&m.value, &here, reads, builder, member, depth + 1)
                    };
                    built.push((name.to_string(), flow));
                }
                if self.payloads.contains(at) {
                    // Written under the type's serde names: its shape is the type's.
                    return self.add(Flow::Payload(at.to_string()));
                }
                self.add(Flow::Object(builder.to_string(), built))
            }
            Value::Array(items) => {
                let item = typed.as_ref().and_then(ParamCursor::item);
                for (i, node) in items.iter().enumerate() {
                    self.payload(
                        node,
                        &format!("{at}/{i}"),
                        reads,
                        builder,
                        item.clone(),
                        depth + 1,
                    );
                }
                self.add(Flow::Literal(Kind::List))
            }
            _ => self.literal(node, builder, depth),
        }
    }
}

/// What a catalog shape expects of a value given by a path.
fn expect_of(shape: ShapeId) -> Option<Expect> {
    Some(match catalog::shape(shape) {
        CatalogShape::String { .. } => Expect::String,
        CatalogShape::Integer { .. } => Expect::Integer,
        CatalogShape::Float => Expect::Number,
        CatalogShape::Boolean => Expect::Bool,
        CatalogShape::List { member, .. } => {
            Expect::List(Box::new(expect_of(*member).unwrap_or(Expect::Object)))
        }
        CatalogShape::Structure { .. } | CatalogShape::Map { .. } => Expect::Object,
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
