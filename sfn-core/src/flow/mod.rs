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

use std::collections::{HashMap, HashSet};

use crate::json::Node;

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

mod jsonata;
mod payload;
mod states;

use states::Cx;

#[cfg(test)]
mod tests;
