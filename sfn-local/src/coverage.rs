//! Execution coverage: which parts of a machine executions reached (states, Choice rules and
//! the `Default`, retriers, catchers, transitions), summed over many executions, many threads
//! and many processes.
//!
//! Each execution keeps what it covered ([`Hits`], written by `exec.rs` with or without the
//! history). [`Coverage`] sums executions of one machine in-process; with `SFN_COVERAGE`
//! set (or [`Machine::with_coverage_dir`]), every finished execution is also appended to a
//! record file, one per machine and process, which [`Coverage::read_dir`] sums (`sfn
//! coverage`). The parts are the diagram's ([`sfn_core::graph`]): a coverage is drawn by its
//! renderers with [`Coverage::covered`].

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use serde_json::{json, Map, Value};
use sfn_core::graph::{Covered, Edge, EdgeKind, Graph, Group};

use crate::{Execution, Machine};

/// The environment variable that names the directory every finished execution records its
/// coverage in (unset or empty: nothing is recorded).
pub const COVERAGE_ENV: &str = "SFN_COVERAGE";

/// The version of the record files' format, in each file's header line.
const FORMAT: u64 = 1;

/// How a state was left: by a transition, by ending its scope, or by failing; or one of its
/// retriers retried an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Out {
    /// `Next`.
    Next,
    /// The Choice rule at this index of `Choices`.
    Rule(usize),
    /// The Choice's `Default`.
    Default,
    /// The catcher at this index of `Catch`.
    Catch(usize),
    /// The retrier at this index of `Retry` retried an error.
    Retry(usize),
    /// The state ended its scope (`End`, Succeed).
    End,
    /// The state failed (or the execution stopped in it).
    Stopped,
}

impl Out {
    /// The spelling in record files.
    fn text(self) -> String {
        match self {
            Out::Next => "next".into(),
            Out::Rule(i) => format!("rule {i}"),
            Out::Default => "default".into(),
            Out::Catch(i) => format!("catch {i}"),
            Out::Retry(i) => format!("retry {i}"),
            Out::End => "end".into(),
            Out::Stopped => "stopped".into(),
        }
    }

    fn parse(text: &str) -> Option<Out> {
        let index = |rest: &str| rest.parse::<usize>().ok();
        Some(match text.split_once(' ') {
            None => match text {
                "next" => Out::Next,
                "default" => Out::Default,
                "end" => Out::End,
                "stopped" => Out::Stopped,
                _ => return None,
            },
            Some(("rule", i)) => Out::Rule(index(i)?),
            Some(("catch", i)) => Out::Catch(index(i)?),
            Some(("retry", i)) => Out::Retry(index(i)?),
            Some(_) => return None,
        })
    }
}

/// What one execution covered: each state entered, with the ways it left and the retriers
/// that retried its errors (each once, however often).
#[derive(Debug, Clone, Default)]
pub(crate) struct Hits {
    states: HashMap<String, Vec<Out>>,
}

impl Hits {
    /// Notes that `state` was entered and left by `out`. Cheap on the run's path: one lookup,
    /// and an allocation only the first time a state is seen.
    pub(crate) fn record(&mut self, state: &str, out: Out) {
        match self.states.get_mut(state) {
            Some(outs) => {
                if !outs.contains(&out) {
                    outs.push(out);
                }
            }
            None => {
                self.states.insert(state.to_string(), vec![out]);
            }
        }
    }

    fn to_json(&self) -> Value {
        let mut names: Vec<&String> = self.states.keys().collect();
        names.sort();
        let states: Map<String, Value> = names
            .into_iter()
            .map(|n| {
                let outs = self.states[n].iter().map(|o| json!(o.text())).collect();
                (n.clone(), Value::Array(outs))
            })
            .collect();
        json!({ "states": states })
    }

    fn from_json(v: &Value) -> Result<Hits, String> {
        let states = v
            .get("states")
            .and_then(Value::as_object)
            .ok_or("a record has no \"states\" object")?;
        let mut hits = Hits::default();
        for (name, outs) in states {
            let outs = outs
                .as_array()
                .ok_or_else(|| format!("the state \"{name}\" has no list of exits"))?;
            let mut list = Vec::with_capacity(outs.len());
            for o in outs {
                let out = o
                    .as_str()
                    .and_then(Out::parse)
                    .ok_or_else(|| format!("the state \"{name}\" has an unknown exit {o}"))?;
                list.push(out);
            }
            hits.states.insert(name.clone(), list);
        }
        Ok(hits)
    }
}

/// One part of a machine that executions can cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// A state (in any scope: Parallel branches and Map processors too).
    State {
        /// Its name.
        name: String,
    },
    /// A Choice rule that matched.
    Rule {
        /// The Choice state.
        state: String,
        /// The rule's index in `Choices`, from 0 (the report numbers rules from 1, as the
        /// diagram does).
        index: usize,
        /// The rule's `Next`.
        next: String,
    },
    /// A Choice's `Default`, taken when no rule matched.
    Default {
        /// The Choice state.
        state: String,
        /// The `Default` state.
        next: String,
    },
    /// A retrier that retried an error.
    Retrier {
        /// The state.
        state: String,
        /// Its index in `Retry`, from 0.
        index: usize,
        /// Its `ErrorEquals`, joined with `, `.
        errors: String,
    },
    /// A catcher that caught an error.
    Catcher {
        /// The state.
        state: String,
        /// Its index in `Catch`, from 0.
        index: usize,
        /// Its `ErrorEquals`, joined with `, `.
        errors: String,
        /// Its `Next`.
        next: String,
    },
    /// A transition from one state to another.
    Transition {
        /// The state left.
        from: String,
        /// The state entered.
        to: String,
        /// Which of `from`'s fields leads there.
        by: By,
    },
}

/// Which field of a state a transition follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// `Next`.
    Next,
    /// The Choice rule at this index of `Choices`.
    Rule(usize),
    /// The Choice's `Default`.
    Default,
    /// The catcher at this index of `Catch`.
    Catch(usize),
}

/// The kinds of parts, in the report's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// States.
    State,
    /// Choice rules and `Default`s.
    Rule,
    /// Retriers.
    Retrier,
    /// Catchers.
    Catcher,
    /// Transitions.
    Transition,
}

impl Kind {
    /// Every kind, in the report's order.
    pub const ALL: [Kind; 5] = [
        Kind::State,
        Kind::Rule,
        Kind::Retrier,
        Kind::Catcher,
        Kind::Transition,
    ];

    /// `states`, `choice rules`, `retriers`, `catchers`, `transitions`.
    pub fn plural(self) -> &'static str {
        match self {
            Kind::State => "states",
            Kind::Rule => "choice rules",
            Kind::Retrier => "retriers",
            Kind::Catcher => "catchers",
            Kind::Transition => "transitions",
        }
    }

    /// The JSON report's key: `states`, `choice_rules`, `retriers`, `catchers`,
    /// `transitions`.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Rule => "choice_rules",
            other => other.plural(),
        }
    }
}

impl Part {
    /// Its kind.
    pub fn kind(&self) -> Kind {
        match self {
            Part::State { .. } => Kind::State,
            Part::Rule { .. } | Part::Default { .. } => Kind::Rule,
            Part::Retrier { .. } => Kind::Retrier,
            Part::Catcher { .. } => Kind::Catcher,
            Part::Transition { .. } => Kind::Transition,
        }
    }
}

/// How the report names a part: `Notify Failure`, `Choose rule 2 (-> Ship)`, `Choose Default
/// (-> Review)`, `Run Task Retry[0] (States.Timeout)`, `Run Task Catch[0] -> Notify Failure`,
/// `Choose -> Ship (rule 2)`.
impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Part::State { name } => f.write_str(name),
            Part::Rule { state, index, next } => {
                write!(f, "{state} rule {} (-> {next})", index + 1)
            }
            Part::Default { state, next } => write!(f, "{state} Default (-> {next})"),
            Part::Retrier {
                state,
                index,
                errors,
            } => write!(f, "{state} Retry[{index}] ({errors})"),
            Part::Catcher {
                state, index, next, ..
            } => write!(f, "{state} Catch[{index}] -> {next}"),
            Part::Transition { from, to, by } => {
                write!(f, "{from} -> {to}")?;
                match by {
                    By::Next => Ok(()),
                    By::Rule(i) => write!(f, " (rule {})", i + 1),
                    By::Default => f.write_str(" (Default)"),
                    By::Catch(i) => write!(f, " (Catch[{i}])"),
                }
            }
        }
    }
}

/// A part and how many executions covered it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The part.
    pub part: Part,
    /// The executions that covered it (0: uncovered).
    pub executions: u64,
}

/// Why record files could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageError {
    /// The file or directory.
    pub path: PathBuf,
    /// The line (from 1), when one line is at fault.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for CoverageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for CoverageError {}

/// What executions of one machine covered, summed: each part of the machine with the number
/// of executions that covered it.
///
/// ```
/// use serde_json::json;
/// use sfn_local::{Coverage, Machine, Mocks};
///
/// let m = Machine::from_json(r#"{"StartAt": "Check", "States": {
///   "Check": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": true, "Next": "Done"}],
///             "Default": "Refuse"},
///   "Done": {"Type": "Succeed"},
///   "Refuse": {"Type": "Fail", "Error": "No"}}}"#).unwrap();
/// let mut coverage = Coverage::of(&m);
/// coverage.add(&m.run(json!({"ok": true}), Mocks::new()));
/// let missing: Vec<String> = coverage.uncovered().iter().map(|i| i.part.to_string()).collect();
/// assert_eq!(missing, ["Refuse", "Check Default (-> Refuse)", "Check -> Refuse (Default)"]);
/// coverage.add(&m.run(json!({"ok": false}), Mocks::new()));
/// assert!(coverage.uncovered().is_empty());
/// assert_eq!(coverage.percent(), 100.0);
/// ```
#[derive(Debug, Clone)]
pub struct Coverage {
    id: String,
    name: String,
    definition: String,
    graph: Graph,
    executions: u64,
    items: Vec<Item>,
    /// Per state name: its own item, and the items each way out covers.
    slots: HashMap<String, Vec<(Option<Out>, usize)>>,
    /// Edges of the diagram by item, for [`Coverage::covered`].
    edges: HashMap<usize, Edge>,
    /// The states a scope ended in.
    ended: BTreeSet<String>,
}

impl Coverage {
    /// An empty coverage of `machine`: every part uncovered.
    pub fn of(machine: &Machine) -> Coverage {
        let key = machine.key();
        Coverage::from_definition(&key.id, machine.name(), &key.text)
            .unwrap_or_else(|_| Coverage::empty(&key.id, machine.name(), &key.text))
    }

    /// A coverage with no parts (a definition whose diagram cannot be built).
    fn empty(id: &str, name: &str, text: &str) -> Coverage {
        Coverage {
            id: id.to_string(),
            name: name.to_string(),
            definition: text.to_string(),
            graph: Graph {
                top: Group {
                    id: "g0".into(),
                    label: "machine".into(),
                    states: Vec::new(),
                    edges: Vec::new(),
                },
            },
            executions: 0,
            items: Vec::new(),
            slots: HashMap::new(),
            edges: HashMap::new(),
            ended: BTreeSet::new(),
        }
    }

    /// The parts of a definition (its canonical JSON text).
    fn from_definition(id: &str, name: &str, text: &str) -> Result<Coverage, String> {
        let root = sfn_core::json::parse(text)
            .root
            .ok_or("the machine's definition is not JSON")?;
        let graph = sfn_core::graph::build(&root);
        let mut c = Coverage::empty(id, name, text);
        let mut parts: Parts = Default::default();
        let mut names = HashMap::new();
        collect_names(&graph.top, &mut names);
        collect(&graph.top, &names, &mut parts);
        for (part, out, edge) in parts.into_iter().flatten() {
            let state = match &part {
                Part::State { name } => name,
                Part::Rule { state, .. }
                | Part::Default { state, .. }
                | Part::Retrier { state, .. }
                | Part::Catcher { state, .. } => state,
                Part::Transition { from, .. } => from,
            }
            .clone();
            let at = c.items.len();
            c.slots.entry(state).or_default().push((out, at));
            if let Some(e) = edge {
                c.edges.insert(at, e);
            }
            c.items.push(Item {
                part,
                executions: 0,
            });
        }
        c.graph = graph;
        Ok(c)
    }

    /// Adds what `run` covered. An execution of another machine adds nothing but its count
    /// (the names it reached are not this machine's).
    pub fn add(&mut self, run: &Execution) {
        self.add_hits(&run.hits);
    }

    fn add_hits(&mut self, hits: &Hits) {
        self.executions += 1;
        for (state, outs) in &hits.states {
            let Some(slots) = self.slots.get(state) else {
                continue;
            };
            // Each item has one slot, and an execution counts once per item.
            for (out, at) in slots {
                if out.is_none_or(|o| outs.contains(&o)) {
                    self.items[*at].executions += 1;
                }
            }
            if outs.contains(&Out::End) {
                self.ended.insert(state.clone());
            }
        }
    }

    /// Adds another coverage of the same machine (same [`Coverage::id`]); one of another
    /// machine is refused.
    pub fn merge(&mut self, other: &Coverage) -> Result<(), String> {
        if other.id != self.id {
            return Err(format!(
                "the coverage of machine {} cannot be added to machine {}'s",
                other.id, self.id
            ));
        }
        self.executions += other.executions;
        for (mine, theirs) in self.items.iter_mut().zip(&other.items) {
            mine.executions += theirs.executions;
        }
        self.ended.extend(other.ended.iter().cloned());
        if self.name == crate::DEFAULT_NAME {
            self.name.clone_from(&other.name);
        }
        Ok(())
    }

    /// The machine's id: a hash of its canonical definition (16 hex digits), the same in every
    /// process.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The machine's name ([`Machine::with_name`]; `sfn run` names it after the file).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The machine's canonical definition (JSON text).
    pub fn definition(&self) -> &str {
        &self.definition
    }

    /// The machine's diagram, to draw with [`Coverage::covered`].
    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    /// How many executions were added.
    pub fn executions(&self) -> u64 {
        self.executions
    }

    /// Every part, with how many executions covered it: states, Choice rules and `Default`s,
    /// retriers, catchers, transitions, each kind in the definition's order.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// The parts no execution covered.
    pub fn uncovered(&self) -> Vec<&Item> {
        self.items.iter().filter(|i| i.executions == 0).collect()
    }

    /// The parts of `kind` no execution covered.
    pub fn uncovered_of(&self, kind: Kind) -> Vec<&Item> {
        self.items
            .iter()
            .filter(|i| i.executions == 0 && i.part.kind() == kind)
            .collect()
    }

    /// How many parts of `kind` were covered, and how many there are.
    pub fn count(&self, kind: Kind) -> (usize, usize) {
        let of_kind = self.items.iter().filter(|i| i.part.kind() == kind);
        let total = of_kind.clone().count();
        (of_kind.filter(|i| i.executions > 0).count(), total)
    }

    /// The share of all parts covered, from 0 to 100 (100 for a machine with no parts).
    pub fn percent(&self) -> f64 {
        percent(
            self.items.iter().filter(|i| i.executions > 0).count(),
            self.items.len(),
        )
    }

    /// What was covered, for the diagram's renderers ([`sfn_core::graph::mermaid_covered`],
    /// `dot_covered`, `svg_covered`).
    pub fn covered(&self) -> Covered {
        let mut c = Covered::default();
        for (at, item) in self.items.iter().enumerate() {
            if item.executions == 0 {
                continue;
            }
            if let Part::State { name } = &item.part {
                c.states.insert(name.clone());
            }
            if let Some(e) = self.edges.get(&at) {
                c.edges.insert(e.clone());
            }
        }
        c.ended.extend(self.ended.iter().cloned());
        c
    }

    /// The Mermaid diagram with the covered parts marked.
    pub fn mermaid(&self) -> String {
        sfn_core::graph::mermaid_covered(&self.graph, &self.covered())
    }

    /// The text report: the totals per kind, then each part no execution covered.
    ///
    /// ```
    /// use sfn_local::{Coverage, Machine, Mocks};
    ///
    /// let m = Machine::from_json(r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}"#)
    ///     .unwrap()
    ///     .with_name("Tiny");
    /// let mut coverage = Coverage::of(&m);
    /// coverage.add(&m.run(serde_json::json!({}), Mocks::new()));
    /// let report = coverage.report();
    /// assert!(report.starts_with("Tiny ["));
    /// assert!(report.contains("1 execution, 100.0% covered"));
    /// assert!(report.contains("  states          1/1   100.0%"));
    /// ```
    pub fn report(&self) -> String {
        self.to_string()
    }

    /// The JSON report: `id`, `name`, `executions`, `percent`, the totals per kind, and every
    /// part with its label, kind and executions.
    pub fn to_json(&self) -> Value {
        let mut totals = Map::new();
        for kind in Kind::ALL {
            let (covered, total) = self.count(kind);
            totals.insert(
                kind.key().into(),
                json!({"covered": covered, "total": total}),
            );
        }
        let items: Vec<Value> = self
            .items
            .iter()
            .map(|i| {
                let mut v = part_json(&i.part);
                v.insert("label".into(), json!(i.part.to_string()));
                v.insert("executions".into(), json!(i.executions));
                Value::Object(v)
            })
            .collect();
        let uncovered: Vec<String> = self
            .uncovered()
            .iter()
            .map(|i| i.part.to_string())
            .collect();
        json!({
            "id": self.id,
            "name": self.name,
            "executions": self.executions,
            "percent": (self.percent() * 10.0).round() / 10.0,
            "totals": totals,
            "uncovered": uncovered,
            "items": items,
        })
    }

    /// Reads every record file (`*.jsonl`) of `dir` and sums them per machine, in the order of
    /// the machines' names. A directory that does not exist, a file that is not a record file,
    /// a line that does not read are errors that name the file and line.
    pub fn read_dir(dir: &Path) -> Result<Vec<Coverage>, CoverageError> {
        let err = |path: &Path, line: Option<usize>, message: String| CoverageError {
            path: path.to_path_buf(),
            line,
            message,
        };
        let entries = std::fs::read_dir(dir).map_err(|e| {
            let why = if e.kind() == std::io::ErrorKind::NotFound {
                format!(
                    "no such directory: no execution recorded its coverage here (run the tests with {COVERAGE_ENV}={})",
                    dir.display()
                )
            } else {
                e.to_string()
            };
            err(dir, None, why)
        })?;
        let mut files: Vec<PathBuf> = Vec::new();
        for entry in entries {
            let path = entry.map_err(|e| err(dir, None, e.to_string()))?.path();
            if path.extension().is_some_and(|x| x == "jsonl") && path.is_file() {
                files.push(path);
            }
        }
        files.sort();
        let mut machines: Vec<Coverage> = Vec::new();
        for path in &files {
            let bytes = std::fs::read(path).map_err(|e| err(path, None, e.to_string()))?;
            let text = String::from_utf8(bytes).map_err(|_| {
                err(
                    path,
                    None,
                    "not UTF-8 text: not a coverage record file".into(),
                )
            })?;
            let mut current: Option<usize> = None;
            for (n, line) in text.lines().enumerate() {
                let line_no = Some(n + 1);
                if line.trim().is_empty() {
                    continue;
                }
                let v: Value = serde_json::from_str(line).map_err(|e| {
                    err(
                        path,
                        line_no,
                        format!("not a coverage record (not JSON: {e})"),
                    )
                })?;
                if v.get("sfn_coverage").is_some() {
                    let at = header(&v, &mut machines).map_err(|m| err(path, line_no, m))?;
                    current = Some(at);
                    continue;
                }
                let Some(at) = current else {
                    return Err(err(
                        path,
                        line_no,
                        "a record before the header that names its machine".into(),
                    ));
                };
                let hits = Hits::from_json(&v).map_err(|m| err(path, line_no, m))?;
                machines[at].add_hits(&hits);
            }
        }
        machines.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
        Ok(machines)
    }
}

/// Reads a record file's header: the machine it records, added to `machines` the first time.
fn header(v: &Value, machines: &mut Vec<Coverage>) -> Result<usize, String> {
    let version = v.get("sfn_coverage").and_then(Value::as_u64);
    if version != Some(FORMAT) {
        return Err(format!(
            "a coverage record of format {}, this sfn reads format {FORMAT}",
            v.get("sfn_coverage").unwrap_or(&Value::Null)
        ));
    }
    let field = |k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("the header has no \"{k}\" string"))
    };
    let (id, name, text) = (field("machine")?, field("name")?, field("definition")?);
    if machine_id(text) != id {
        return Err(format!(
            "the header's definition does not hash to its machine id {id}: the file was changed"
        ));
    }
    if let Some(at) = machines.iter().position(|m| m.id == id) {
        if machines[at].name == crate::DEFAULT_NAME {
            machines[at].name = name.to_string();
        }
        return Ok(at);
    }
    machines.push(Coverage::from_definition(id, name, text)?);
    Ok(machines.len() - 1)
}

/// A part's fields in the JSON report.
fn part_json(part: &Part) -> Map<String, Value> {
    let v = match part {
        Part::State { name } => json!({"kind": "state", "state": name}),
        Part::Rule { state, index, next } => {
            json!({"kind": "choice_rule", "state": state, "index": index, "next": next})
        }
        Part::Default { state, next } => {
            json!({"kind": "choice_default", "state": state, "next": next})
        }
        Part::Retrier {
            state,
            index,
            errors,
        } => json!({"kind": "retrier", "state": state, "index": index, "errors": errors}),
        Part::Catcher {
            state,
            index,
            errors,
            next,
        } => {
            json!({"kind": "catcher", "state": state, "index": index, "errors": errors, "next": next})
        }
        Part::Transition { from, to, by } => {
            let (by, index) = match by {
                By::Next => ("next", None),
                By::Rule(i) => ("rule", Some(*i)),
                By::Default => ("default", None),
                By::Catch(i) => ("catch", Some(*i)),
            };
            let mut v = json!({"kind": "transition", "state": from, "next": to, "by": by});
            if let Some(i) = index {
                v["index"] = json!(i);
            }
            v
        }
    };
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn percent(covered: usize, total: usize) -> f64 {
    if total == 0 {
        100.0
    } else {
        covered as f64 * 100.0 / total as f64
    }
}

impl fmt::Display for Coverage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = if self.executions == 1 { "" } else { "s" };
        writeln!(
            f,
            "{} [{}]: {} execution{plural}, {:.1}% covered",
            self.name,
            self.id,
            self.executions,
            self.percent()
        )?;
        for kind in Kind::ALL {
            let (covered, total) = self.count(kind);
            let ratio = format!("{covered}/{total}");
            let share = if total == 0 {
                "-".to_string()
            } else {
                format!("{:.1}%", percent(covered, total))
            };
            writeln!(f, "  {:<13} {ratio:>5}  {share:>7}", kind.plural())?;
        }
        let uncovered = self.uncovered();
        if uncovered.is_empty() {
            return writeln!(f, "  everything covered");
        }
        writeln!(f, "  uncovered:")?;
        for kind in Kind::ALL {
            for item in uncovered.iter().filter(|i| i.part.kind() == kind) {
                let what = match &item.part {
                    Part::State { .. } => "state",
                    Part::Rule { .. } | Part::Default { .. } => "choice",
                    Part::Retrier { .. } => "retrier",
                    Part::Catcher { .. } => "catcher",
                    Part::Transition { .. } => "transition",
                };
                writeln!(f, "    {what:<10} {}", item.part)?;
            }
        }
        Ok(())
    }
}

/// Every state's name by its diagram id.
fn collect_names<'g>(group: &'g Group, out: &mut HashMap<&'g str, &'g str>) {
    for s in &group.states {
        out.insert(&s.id, &s.name);
        for g in &s.groups {
            collect_names(g, out);
        }
    }
}

/// The parts of a machine by kind (in `Kind::ALL`'s order), each with the way out of its
/// state that covers it (none: the state itself) and its edge in the diagram.
type Parts = [Vec<(Part, Option<Out>, Option<Edge>)>; 5];

/// The parts of a scope and its nested scopes, by kind: states in the order of the
/// diagram (a Parallel or Map state before its branches' states).
fn collect(group: &Group, names: &HashMap<&str, &str>, parts: &mut Parts) {
    let [states, rules, retriers, catchers, transitions] = parts;
    for s in &group.states {
        states.push((
            Part::State {
                name: s.name.clone(),
            },
            None,
            None,
        ));
        for (index, errors) in s.retry.iter().enumerate() {
            retriers.push((
                Part::Retrier {
                    state: s.name.clone(),
                    index,
                    errors: errors.clone(),
                },
                Some(Out::Retry(index)),
                None,
            ));
        }
    }
    for e in &group.edges {
        let (Some(from), Some(to)) = (names.get(e.from.as_str()), names.get(e.to.as_str())) else {
            continue;
        };
        let (from, to) = (from.to_string(), to.to_string());
        let (out, by) = match (&e.kind, e.index) {
            (EdgeKind::Next, _) => (Out::Next, By::Next),
            (EdgeKind::Default, _) => (Out::Default, By::Default),
            (EdgeKind::Rule(_), Some(i)) => (Out::Rule(i), By::Rule(i)),
            (EdgeKind::Catch(_), Some(i)) => (Out::Catch(i), By::Catch(i)),
            _ => continue,
        };
        match (&e.kind, by) {
            (EdgeKind::Rule(_), By::Rule(index)) => rules.push((
                Part::Rule {
                    state: from.clone(),
                    index,
                    next: to.clone(),
                },
                Some(out),
                None,
            )),
            (EdgeKind::Default, _) => rules.push((
                Part::Default {
                    state: from.clone(),
                    next: to.clone(),
                },
                Some(out),
                None,
            )),
            (EdgeKind::Catch(errors), By::Catch(index)) => catchers.push((
                Part::Catcher {
                    state: from.clone(),
                    index,
                    errors: errors.clone(),
                    next: to.clone(),
                },
                Some(out),
                None,
            )),
            _ => {}
        }
        transitions.push((
            Part::Transition { from, to, by },
            Some(out),
            Some(e.clone()),
        ));
    }
    for s in &group.states {
        for g in &s.groups {
            collect(g, names, parts);
        }
    }
}

/// The machine id of a canonical definition: 16 hex digits of its SHA-256.
pub(crate) fn machine_id(text: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(text.as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// The directory `SFN_COVERAGE` names, read once per process.
pub(crate) fn env_dir() -> Option<&'static Path> {
    static DIR: OnceLock<Option<PathBuf>> = OnceLock::new();
    DIR.get_or_init(|| {
        std::env::var_os(COVERAGE_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    })
    .as_deref()
}

/// The record files this process writes, by path; a path that failed is kept as `None` so
/// the failure is told once.
static FILES: Mutex<Option<HashMap<PathBuf, Option<File>>>> = Mutex::new(None);

/// Appends what `run` covered to `dir`'s record file of `machine` for this process
/// (`<machine id>-<process id>.jsonl`; its first line names the machine and holds its
/// definition). One line per execution, written whole under a process-wide lock, so threads
/// never interleave. A directory that cannot be written is told on stderr once, and the run
/// goes on.
pub(crate) fn write(dir: &Path, machine: &Machine, run: &Execution) {
    let key = machine.key();
    let path = dir.join(format!("{}-{}.jsonl", key.id, std::process::id()));
    let mut line = serde_json::to_string(&run.hits.to_json()).unwrap_or_default();
    line.push('\n');
    let mut files = FILES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let files = files.get_or_insert_with(HashMap::new);
    let file = files.entry(path.clone()).or_insert_with(|| {
        let opened = std::fs::create_dir_all(dir).and_then(|()| {
            let mut f = File::options().create(true).append(true).open(&path)?;
            let head = json!({
                "sfn_coverage": FORMAT,
                "machine": key.id,
                "name": machine.name(),
                "definition": key.text,
            });
            f.write_all(format!("{head}\n").as_bytes())?;
            Ok(f)
        });
        match opened {
            Ok(f) => Some(f),
            Err(e) => {
                eprintln!(
                    "sfn-local: cannot record coverage in {}: {e}",
                    path.display()
                );
                None
            }
        }
    });
    if let Some(f) = file {
        if let Err(e) = f.write_all(line.as_bytes()) {
            eprintln!(
                "sfn-local: cannot record coverage in {}: {e}",
                path.display()
            );
            *file = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exits_are_written_and_read_back() {
        for out in [
            Out::Next,
            Out::Rule(3),
            Out::Default,
            Out::Catch(0),
            Out::Retry(12),
            Out::End,
            Out::Stopped,
        ] {
            assert_eq!(Out::parse(&out.text()), Some(out));
        }
        for bad in [
            "",
            "rule",
            "rule x",
            "rule -1",
            "catch 1 2",
            "next 1",
            "Next",
        ] {
            assert_eq!(Out::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn hits_keep_each_exit_once() {
        let mut hits = Hits::default();
        for _ in 0..3 {
            hits.record("A", Out::Next);
        }
        hits.record("A", Out::Retry(0));
        assert_eq!(hits.states["A"], [Out::Next, Out::Retry(0)]);
        let back = Hits::from_json(&hits.to_json()).unwrap();
        assert_eq!(back.states, hits.states);
        assert!(Hits::from_json(&json!({"states": {"A": "next"}})).is_err());
        assert!(Hits::from_json(&json!([])).is_err());
    }

    #[test]
    fn the_machine_id_is_stable() {
        // The same text, the same id, in every process and on every platform.
        assert_eq!(machine_id(""), "e3b0c44298fc1c14");
        assert_eq!(machine_id("{}").len(), 16);
    }
}
