//! Diagrams of a state machine: every state, every transition (`Next`, `Default`, each Choice
//! rule, `Catch` edges marked as such), Parallel branches and Map processors as groups.
//!
//! [`build`] turns a definition into one [`Graph`]; [`mermaid`], [`dot`] and, with the `svg`
//! feature, `svg` render it. [`mermaid_traced`], [`dot_traced`] and `svg_traced` draw it with
//! the path of an execution over it (a [`Trace`]); [`mermaid_covered`], [`dot_covered`] and
//! `svg_covered` what many executions covered (a [`Covered`]).
//!
//! ```
//! let root = sfn_core::json::parse(
//!     r#"{"StartAt": "Run", "States": {
//!         "Run": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
//!                 "Parameters": {"TopicArn": "t", "Message": "m"}, "End": true,
//!                 "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}]},
//!         "Failed": {"Type": "Fail"}
//!     }}"#,
//! )
//! .root
//! .unwrap();
//! let graph = sfn_core::graph::build(&root);
//! assert!(sfn_core::graph::mermaid(&graph).contains(r#"s0 -. "catch States.ALL" .-> s1"#));
//! assert!(sfn_core::graph::dot(&graph).contains("style=dashed"));
//! ```

use std::fmt::Write as _;

use crate::json::{Node, Value};

#[cfg(feature = "svg")]
mod svg;
mod trace;
#[cfg(feature = "svg")]
pub use svg::{svg, svg_covered, svg_traced};
pub use trace::{Covered, Trace};

use trace::{Mark, Marks};

/// A state in the diagram.
///
/// ```
/// let root = sfn_core::json::parse(r#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#)
///     .root
///     .unwrap();
/// let a = &sfn_core::graph::build(&root).top.states[0];
/// assert_eq!((a.name.as_str(), a.kind.as_str(), a.start, a.terminal), ("A", "Succeed", true, true));
/// ```
#[derive(Debug, Clone)]
pub struct State {
    /// A unique id (`s0`, `s1`, ...).
    pub id: String,
    /// The state's name.
    pub name: String,
    /// The state's `Type`.
    pub kind: String,
    /// Whether the state ends its scope (`End: true`, Succeed, Fail).
    pub terminal: bool,
    /// Whether the scope starts here.
    pub start: bool,
    /// The groups inside the state: Parallel branches, a Map processor.
    pub groups: Vec<Group>,
    /// Each `Retry` entry's `ErrorEquals`, joined with `, ` (not drawn; coverage counts
    /// them).
    pub retry: Vec<String>,
}

/// A nested scope: a Parallel branch or a Map processor.
///
/// ```
/// let root = sfn_core::json::parse(
///     r#"{"StartAt": "Fan", "States": {"Fan": {"Type": "Parallel", "End": true, "Branches": [
///         {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}},
///         {"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}
///     ]}}}"#,
/// )
/// .root
/// .unwrap();
/// let fan = &sfn_core::graph::build(&root).top.states[0];
/// assert_eq!(fan.groups.len(), 2);
/// assert_eq!(fan.groups[1].states[0].name, "B");
/// ```
#[derive(Debug, Clone)]
pub struct Group {
    /// A unique id (`g0`, ...).
    pub id: String,
    /// `branch 1`, `processor`.
    pub label: String,
    /// The scope's states.
    pub states: Vec<State>,
    /// The scope's transitions.
    pub edges: Vec<Edge>,
}

/// A transition.
///
/// ```
/// use sfn_core::graph::EdgeKind;
///
/// let root = sfn_core::json::parse(
///     r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}}"#,
/// )
/// .root
/// .unwrap();
/// let edge = &sfn_core::graph::build(&root).top.edges[0];
/// assert_eq!((edge.from.as_str(), edge.to.as_str(), &edge.kind), ("s0", "s1", &EdgeKind::Next));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edge {
    /// Source state id.
    pub from: String,
    /// Target state id.
    pub to: String,
    /// What the edge is.
    pub kind: EdgeKind,
    /// The Choice rule's or the catcher's index in `Choices` or `Catch` (none for `Next` and
    /// `Default`): two edges between the same states stay apart.
    pub index: Option<usize>,
}

/// Kinds of transitions.
///
/// ```
/// use sfn_core::graph::EdgeKind;
///
/// let root = sfn_core::json::parse(
///     r#"{"StartAt": "C", "States": {
///         "C": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": true, "Next": "D"}], "Default": "D"},
///         "D": {"Type": "Succeed"}
///     }}"#,
/// )
/// .root
/// .unwrap();
/// let kinds: Vec<EdgeKind> = sfn_core::graph::build(&root).top.edges.into_iter().map(|e| e.kind).collect();
/// assert!(kinds.contains(&EdgeKind::Default));
/// assert!(kinds.iter().any(|k| matches!(k, EdgeKind::Rule(r) if r.contains("BooleanEquals"))));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EdgeKind {
    /// `Next`.
    Next,
    /// A Choice's `Default`.
    Default,
    /// A Choice rule, with a short description.
    Rule(String),
    /// A `Catch`, with the errors it catches.
    Catch(String),
}

/// The diagram of a whole machine: its top scope.
///
/// ```
/// let root = sfn_core::json::parse(r#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#)
///     .root
///     .unwrap();
/// assert_eq!(sfn_core::graph::build(&root).top.label, "machine");
/// ```
#[derive(Debug, Clone)]
pub struct Graph {
    /// The top-level scope.
    pub top: Group,
}

/// Builds the diagram of a definition (best effort on invalid ones).
///
/// ```
/// let root = sfn_core::json::parse(r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Gone"}}}"#)
///     .root
///     .unwrap();
/// // An invalid definition still gives a diagram: the missing target has no edge.
/// let graph = sfn_core::graph::build(&root);
/// assert_eq!(graph.top.states.len(), 1);
/// ```
pub fn build(root: &Node) -> Graph {
    let mut counter = Counter::default();
    Graph {
        top: scope(root, "machine".to_string(), &mut counter, 0),
    }
}

#[derive(Default)]
struct Counter {
    states: usize,
    groups: usize,
}

fn scope(node: &Node, label: String, counter: &mut Counter, depth: usize) -> Group {
    let id = format!("g{}", counter.groups);
    counter.groups += 1;
    let mut group = Group {
        id,
        label,
        states: Vec::new(),
        edges: Vec::new(),
    };
    if depth > 64 {
        return group;
    }
    let start = node.get("StartAt").and_then(Node::as_str);
    let members = node
        .get("States")
        .and_then(Node::as_object)
        .unwrap_or_default();
    let mut ids = Vec::new();
    for m in members {
        ids.push((m.key.clone(), format!("s{}", counter.states)));
        counter.states += 1;
    }
    let id_of = |name: &str| ids.iter().find(|(n, _)| n == name).map(|(_, i)| i.clone());
    for (m, (_, id)) in members.iter().zip(&ids) {
        let state = &m.value;
        let kind = state
            .get("Type")
            .and_then(Node::as_str)
            .unwrap_or("?")
            .to_string();
        let terminal = crate::asl::is_terminal(state);
        let mut groups = Vec::new();
        if let Some(branches) = state.get("Branches").and_then(Node::as_array) {
            for (i, b) in branches.iter().enumerate() {
                groups.push(scope(b, format!("branch {}", i + 1), counter, depth + 1));
            }
        }
        for key in ["ItemProcessor", "Iterator"] {
            if let Some(p) = state.get(key) {
                groups.push(scope(p, "for each item".to_string(), counter, depth + 1));
            }
        }
        let mut edge = |to: Option<&str>, kind: EdgeKind, index: Option<usize>| {
            if let Some(to) = to.and_then(id_of) {
                group.edges.push(Edge {
                    from: id.clone(),
                    to,
                    kind,
                    index,
                });
            }
        };
        edge(
            state.get("Next").and_then(Node::as_str),
            EdgeKind::Next,
            None,
        );
        for (i, rule) in state
            .get("Choices")
            .and_then(Node::as_array)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            edge(
                rule.get("Next").and_then(Node::as_str),
                EdgeKind::Rule(describe_rule(rule, i)),
                Some(i),
            );
        }
        edge(
            state.get("Default").and_then(Node::as_str),
            EdgeKind::Default,
            None,
        );
        for (i, c) in state
            .get("Catch")
            .and_then(Node::as_array)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            edge(
                c.get("Next").and_then(Node::as_str),
                EdgeKind::Catch(error_names(c)),
                Some(i),
            );
        }
        let retry = state
            .get("Retry")
            .and_then(Node::as_array)
            .unwrap_or_default()
            .iter()
            .map(error_names)
            .collect();
        group.states.push(State {
            id: id.clone(),
            name: m.key.clone(),
            kind,
            terminal,
            start: Some(m.key.as_str()) == start,
            groups,
            retry,
        });
    }
    group
}

/// A retrier's or catcher's `ErrorEquals`, joined with `, `.
fn error_names(entry: &Node) -> String {
    let errors: Vec<&str> = entry
        .get("ErrorEquals")
        .and_then(Node::as_array)
        .unwrap_or_default()
        .iter()
        .filter_map(Node::as_str)
        .collect();
    errors.join(", ")
}

/// A short description of a Choice rule for an edge label.
fn describe_rule(rule: &Node, index: usize) -> String {
    if let Some(c) = rule.get("Condition").and_then(Node::as_str) {
        return c.to_string();
    }
    let variable = rule.get("Variable").and_then(Node::as_str);
    let op = rule.as_object().unwrap_or_default().iter().find(|m| {
        !matches!(
            m.key.as_str(),
            "Variable" | "Next" | "Comment" | "Assign" | "Output" | "And" | "Or" | "Not"
        )
    });
    match (variable, op) {
        (Some(v), Some(op)) => {
            let value = match &op.value.value {
                Value::String(s) => format!("\"{s}\""),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => String::new(),
            };
            format!("{v} {} {value}", op.key).trim_end().to_string()
        }
        _ => ["And", "Or", "Not"]
            .into_iter()
            .find(|k| rule.get(k).is_some())
            .map(|k| format!("{} (rule {})", k.to_lowercase(), index + 1))
            .unwrap_or_else(|| format!("rule {}", index + 1)),
    }
}

/// Mermaid `flowchart` text.
///
/// ```
/// let root = sfn_core::json::parse(
///     r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}}"#,
/// )
/// .root
/// .unwrap();
/// let text = sfn_core::graph::mermaid(&sfn_core::graph::build(&root));
/// assert!(text.starts_with("flowchart TD"));
/// assert!(text.contains("s0 --> s1"));
/// ```
pub fn mermaid(graph: &Graph) -> String {
    mermaid_with(graph, None)
}

/// [`mermaid`] with the path of an execution: visited states in the class `visited`, the
/// failing state in `failed`, the others in `unvisited` (each with a `classDef`), and the
/// transitions taken drawn bold by `linkStyle` (see [`Trace`] for what counts as taken).
///
/// ```
/// use sfn_core::graph::{build, mermaid_traced, Trace};
///
/// let root = sfn_core::json::parse(
///     r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Fail"},
///         "C": {"Type": "Succeed"}}}"#,
/// )
/// .root
/// .unwrap();
/// let text = mermaid_traced(&build(&root), &Trace::new(["A", "B"]).failed_in("B"));
/// assert!(text.contains("class s0 visited"));
/// assert!(text.contains("class s1 failed"));
/// assert!(text.contains("class s2 unvisited"));
/// // Links are numbered as written: `start --> s0` is 0, `s1 --> finish` 1, `s2 --> finish`
/// // 2, `s0 --> s1` 3.
/// assert!(text.contains("linkStyle 0,3 "));
/// ```
pub fn mermaid_traced(graph: &Graph, trace: &Trace) -> String {
    mermaid_with(graph, Some(&Marks::new(graph, trace)))
}

/// [`mermaid`] with what many executions covered (a [`Covered`]): the covered states in the
/// class `visited`, the others in `unvisited`, the transitions taken drawn bold, each edge
/// apart.
///
/// ```
/// use sfn_core::graph::{build, mermaid_covered, Covered};
///
/// let root = sfn_core::json::parse(
///     r#"{"StartAt": "C", "States": {
///         "C": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": true, "Next": "D"}], "Default": "D"},
///         "D": {"Type": "Succeed"}}}"#,
/// )
/// .root
/// .unwrap();
/// let graph = build(&root);
/// let mut covered = Covered::default();
/// covered.states.extend(["C".to_string(), "D".to_string()]);
/// // The rule was taken, the Default (between the same states) was not.
/// covered.edges.insert(graph.top.edges[0].clone());
/// let text = mermaid_covered(&graph, &covered);
/// // Links: start --> s0 (0), s1 --> finish (1), the rule (2), the default (3).
/// assert!(text.contains("linkStyle 0,2 stroke:#2e7d32"));
/// ```
pub fn mermaid_covered(graph: &Graph, covered: &Covered) -> String {
    mermaid_with(graph, Some(&Marks::covered(graph, covered)))
}

/// The one Mermaid renderer, with or without a trace.
fn mermaid_with(graph: &Graph, marks: Option<&Marks>) -> String {
    let mut out = String::from("flowchart TD\n");
    out.push_str("    start((start))\n    finish((end))\n");
    let mut paint = Paint {
        marks,
        links: 0,
        taken: Vec::new(),
        classes: Vec::new(),
    };
    mermaid_group(&graph.top, &mut out, 1, true, &mut paint);
    if marks.is_some() {
        for line in [
            "classDef visited fill:#dff0d8,stroke:#2e7d32,stroke-width:2px",
            "classDef failed fill:#f8d7da,stroke:#c62828,stroke-width:3px",
            "classDef unvisited fill:#f5f5f5,stroke:#bdbdbd,color:#9e9e9e",
        ] {
            let _ = writeln!(out, "    {line}");
        }
        for mark in [Mark::Visited, Mark::Failed, Mark::Unvisited] {
            let ids: Vec<&str> = paint
                .classes
                .iter()
                .filter(|(_, m)| *m == mark)
                .map(|(id, _)| id.as_str())
                .collect();
            if !ids.is_empty() {
                let _ = writeln!(out, "    class {} {}", ids.join(","), mark.class());
            }
        }
        if paint.links > 0 {
            out.push_str("    linkStyle default stroke:#bdbdbd\n");
        }
        if !paint.taken.is_empty() {
            let taken: Vec<String> = paint.taken.iter().map(usize::to_string).collect();
            let _ = writeln!(
                out,
                "    linkStyle {} stroke:#2e7d32,stroke-width:3px",
                taken.join(",")
            );
        }
    }
    out
}

/// What a traced Mermaid diagram adds: each state's class, and the links' numbers (Mermaid
/// numbers links in the order they are written) with those taken.
struct Paint<'m> {
    marks: Option<&'m Marks>,
    links: usize,
    taken: Vec<usize>,
    classes: Vec<(String, Mark)>,
}

impl Paint<'_> {
    /// Counts a link written, taken or not.
    fn link(&mut self, taken: impl FnOnce(&Marks) -> bool) {
        if self.marks.is_some_and(taken) {
            self.taken.push(self.links);
        }
        self.links += 1;
    }
}

fn mermaid_text(s: &str) -> String {
    s.replace('"', "#quot;")
}

fn mermaid_group(group: &Group, out: &mut String, indent: usize, top: bool, paint: &mut Paint) {
    let pad = "    ".repeat(indent);
    for s in &group.states {
        if let Some(marks) = paint.marks {
            paint.classes.push((s.id.clone(), marks.state(&s.id)));
        }
        if s.groups.is_empty() {
            let _ = writeln!(
                out,
                "{pad}{}[\"{}<br/><i>{}</i>\"]",
                s.id,
                mermaid_text(&s.name),
                s.kind
            );
        } else {
            let _ = writeln!(
                out,
                "{pad}subgraph {}[\"{} ({})\"]",
                s.id,
                mermaid_text(&s.name),
                s.kind
            );
            for g in &s.groups {
                let _ = writeln!(
                    out,
                    "{pad}    subgraph {}[\"{}\"]",
                    g.id,
                    mermaid_text(&g.label)
                );
                mermaid_group(g, out, indent + 2, false, paint);
                let _ = writeln!(out, "{pad}    end");
            }
            let _ = writeln!(out, "{pad}end");
        }
    }
    for s in &group.states {
        if s.start {
            let from = if top {
                "start".to_string()
            } else {
                format!("{}_in", group.id)
            };
            if !top {
                let _ = writeln!(out, "{pad}{from}(( ))");
            }
            let _ = writeln!(out, "{pad}{from} --> {}", s.id);
            paint.link(|m| m.entered(&s.id));
        }
        if s.terminal && top {
            let _ = writeln!(out, "{pad}{} --> finish", s.id);
            paint.link(|m| m.finished(&s.id));
        }
    }
    for e in &group.edges {
        let line = match &e.kind {
            EdgeKind::Next => format!("{} --> {}", e.from, e.to),
            EdgeKind::Default => format!("{} -- \"default\" --> {}", e.from, e.to),
            EdgeKind::Rule(r) => format!("{} -- \"{}\" --> {}", e.from, mermaid_text(r), e.to),
            EdgeKind::Catch(errors) => {
                format!(
                    "{} -. \"catch {}\" .-> {}",
                    e.from,
                    mermaid_text(errors),
                    e.to
                )
            }
        };
        let _ = writeln!(out, "{pad}{line}");
        paint.link(|m| m.took(e));
    }
}

/// Graphviz `dot` text.
///
/// ```
/// let root = sfn_core::json::parse(
///     r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}}"#,
/// )
/// .root
/// .unwrap();
/// let text = sfn_core::graph::dot(&sfn_core::graph::build(&root));
/// assert!(text.starts_with("digraph"));
/// assert!(text.contains("s0 -> s1"));
/// ```
pub fn dot(graph: &Graph) -> String {
    dot_with(graph, None)
}

/// [`dot`] with the path of an execution: visited states filled green, the failing state
/// red, the others and the transitions not taken grey, the transitions taken bold and green
/// (see [`Trace`] for what counts as taken).
///
/// ```
/// use sfn_core::graph::{build, dot_traced, Trace};
///
/// let root = sfn_core::json::parse(
///     r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Fail"}}}"#,
/// )
/// .root
/// .unwrap();
/// let text = dot_traced(&build(&root), &Trace::new(["A", "B"]).failed_in("B"));
/// assert!(text.contains(r##"s1 [label="B\n(Fail)", style="rounded,filled", fillcolor="#f8d7da""##));
/// assert!(text.contains(r##"s0 -> s1 [color="#2e7d32", penwidth=3];"##));
/// ```
pub fn dot_traced(graph: &Graph, trace: &Trace) -> String {
    dot_with(graph, Some(&Marks::new(graph, trace)))
}

/// [`dot`] with what many executions covered (a [`Covered`]): covered states filled green,
/// the others and the transitions no execution took grey, the transitions taken bold.
///
/// ```
/// use sfn_core::graph::{build, dot_covered, Covered};
///
/// let root = sfn_core::json::parse(
///     r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}}"#,
/// )
/// .root
/// .unwrap();
/// let graph = build(&root);
/// let mut covered = Covered::default();
/// covered.states.insert("A".to_string());
/// let text = dot_covered(&graph, &covered);
/// assert!(text.contains(r##"s0 [label="A\n(Pass)", style="rounded,filled""##));
/// assert!(text.contains(r##"s1 [label="B\n(Succeed)", color="#bdbdbd""##));
/// ```
pub fn dot_covered(graph: &Graph, covered: &Covered) -> String {
    dot_with(graph, Some(&Marks::covered(graph, covered)))
}

/// The one Graphviz renderer, with or without a trace.
fn dot_with(graph: &Graph, marks: Option<&Marks>) -> String {
    let mut out = String::from(
        "digraph state_machine {\n    compound=true;\n    node [shape=box, style=rounded, fontname=\"Helvetica\"];\n    edge [fontname=\"Helvetica\", fontsize=10];\n    start [shape=circle, label=\"start\"];\n    finish [shape=doublecircle, label=\"end\"];\n",
    );
    dot_group(&graph.top, &mut out, 1, true, marks);
    out.push_str("}\n");
    out
}

fn dot_text(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// The attributes a trace adds to a state.
fn dot_state_marks(marks: Option<&Marks>, id: &str) -> &'static str {
    match marks.map(|m| m.state(id)) {
        None => "",
        Some(Mark::Visited) => {
            ", style=\"rounded,filled\", fillcolor=\"#dff0d8\", color=\"#2e7d32\", penwidth=2"
        }
        Some(Mark::Failed) => {
            ", style=\"rounded,filled\", fillcolor=\"#f8d7da\", color=\"#c62828\", penwidth=3"
        }
        Some(Mark::Unvisited) => ", color=\"#bdbdbd\", fontcolor=\"#9e9e9e\"",
    }
}

/// The attributes a trace adds to an edge, taken or not.
fn dot_edge_marks(marks: Option<&Marks>, taken: impl FnOnce(&Marks) -> bool) -> Vec<String> {
    match marks {
        None => Vec::new(),
        Some(m) if taken(m) => vec!["color=\"#2e7d32\"".into(), "penwidth=3".into()],
        Some(_) => vec!["color=\"#bdbdbd\"".into(), "fontcolor=\"#9e9e9e\"".into()],
    }
}

/// `[a, b]`, or nothing for no attributes.
fn dot_attrs(attrs: &[String]) -> String {
    if attrs.is_empty() {
        String::new()
    } else {
        format!(" [{}]", attrs.join(", "))
    }
}

fn dot_group(group: &Group, out: &mut String, indent: usize, top: bool, marks: Option<&Marks>) {
    let pad = "    ".repeat(indent);
    for s in &group.states {
        let _ = writeln!(
            out,
            "{pad}{} [label=\"{}\\n({})\"{}];",
            s.id,
            dot_text(&s.name),
            s.kind,
            dot_state_marks(marks, &s.id)
        );
        for g in &s.groups {
            let _ = writeln!(out, "{pad}subgraph cluster_{} {{", g.id);
            let _ = writeln!(
                out,
                "{pad}    label=\"{} - {}\"; style=dashed;",
                dot_text(&s.name),
                dot_text(&g.label)
            );
            dot_group(g, out, indent + 1, false, marks);
            let _ = writeln!(out, "{pad}}}");
            if let Some(first) = g.states.iter().find(|x| x.start) {
                let mut attrs = vec![
                    "style=dotted".to_string(),
                    format!("lhead=cluster_{}", g.id),
                ];
                attrs.extend(dot_edge_marks(marks, |m| m.entered(&first.id)));
                let _ = writeln!(out, "{pad}{} -> {}{};", s.id, first.id, dot_attrs(&attrs));
            }
        }
    }
    for s in &group.states {
        if top && s.start {
            let attrs = dot_edge_marks(marks, |m| m.entered(&s.id));
            let _ = writeln!(out, "{pad}start -> {}{};", s.id, dot_attrs(&attrs));
        }
        if top && s.terminal {
            let attrs = dot_edge_marks(marks, |m| m.finished(&s.id));
            let _ = writeln!(out, "{pad}{} -> finish{};", s.id, dot_attrs(&attrs));
        }
    }
    for e in &group.edges {
        let mut attrs = match &e.kind {
            EdgeKind::Next => Vec::new(),
            EdgeKind::Default => vec!["label=\"default\"".to_string()],
            EdgeKind::Rule(r) => vec![format!("label=\"{}\"", dot_text(r))],
            EdgeKind::Catch(errors) => vec![
                format!("label=\"catch {}\"", dot_text(errors)),
                "style=dashed".to_string(),
            ],
        };
        let traced = dot_edge_marks(marks, |m| m.took(e));
        if traced.is_empty() && matches!(e.kind, EdgeKind::Catch(_)) {
            attrs.push("color=red".to_string());
        }
        attrs.extend(traced);
        let _ = writeln!(out, "{pad}{} -> {}{};", e.from, e.to, dot_attrs(&attrs));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = r#"{"StartAt": "Run", "States": {
        "Run": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Next": "Check",
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}]},
        "Check": {"Type": "Choice", "Choices": [{"Variable": "$.s", "StringEquals": "ok", "Next": "Fan"}], "Default": "Failed"},
        "Fan": {"Type": "Parallel", "Next": "Done", "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
            {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}]},
        "Done": {"Type": "Succeed"},
        "Failed": {"Type": "Fail"}}}"#;

    fn graph() -> Graph {
        build(&crate::json::parse(SRC).root.unwrap())
    }

    #[test]
    fn every_state_and_transition() {
        let g = graph();
        assert_eq!(g.top.states.len(), 5);
        let kinds: Vec<&EdgeKind> = g.top.edges.iter().map(|e| &e.kind).collect();
        assert!(kinds.contains(&&EdgeKind::Catch("States.ALL".into())));
        assert!(kinds.contains(&&EdgeKind::Default));
        assert!(kinds.contains(&&EdgeKind::Rule("$.s StringEquals \"ok\"".into())));
        let fan = &g.top.states[2];
        assert_eq!(fan.groups.len(), 2);
        assert_eq!(fan.groups[1].states[0].name, "B");
    }

    #[test]
    fn mermaid_and_dot() {
        let g = graph();
        let m = mermaid(&g);
        assert!(m.starts_with("flowchart TD\n"));
        assert!(m.contains("start --> s0"));
        assert!(m.contains("s0 -. \"catch States.ALL\" .-> s4"));
        assert!(m.contains("subgraph s2[\"Fan (Parallel)\"]"));
        assert!(m.contains("s3 --> finish"));
        let d = dot(&g);
        assert!(d.starts_with("digraph state_machine {"));
        assert!(d.contains("s0 -> s4 [label=\"catch States.ALL\", style=dashed, color=red];"));
        assert!(d.contains("subgraph cluster_g1 {"));
        assert!(d.trim_end().ends_with('}'));
    }

    /// Run fails, its catcher leads to the Fail state: a Catch edge taken, a failing state.
    #[test]
    fn traced_mermaid_marks_the_path_and_the_failure() {
        let g = graph();
        let trace = Trace::new(["Run", "Failed"]).failed_in("Failed");
        let m = mermaid_traced(&g, &trace);
        // The diagram itself is the untraced one, the marks come after it.
        assert!(m.starts_with(&mermaid(&g)));
        assert!(m.contains("classDef failed fill:#f8d7da"));
        assert!(m.contains("    class s0 visited\n"));
        assert!(m.contains("    class s4 failed\n"));
        assert!(m.contains("    class s1,s2,s5,s6,s3 unvisited\n"));
        // Links as written: g1_in --> s5 (0), g2_in --> s6 (1), start --> s0 (2),
        // s3 --> finish (3), s4 --> finish (4), s0 --> s1 (5), the catch s0 -.-> s4 (6),
        // the rule s1 --> s2 (7), the default s1 --> s4 (8), s2 --> s3 (9).
        assert!(m.contains("    linkStyle default stroke:#bdbdbd\n"));
        assert!(m.contains("    linkStyle 2,6 stroke:#2e7d32,stroke-width:3px\n"));

        let ok = Trace::new(["Run", "Check", "Fan", "A", "B", "Done"]);
        let m = mermaid_traced(&g, &ok);
        assert!(m.contains("    class s0,s1,s2,s5,s6,s3 visited\n"));
        assert!(m.contains("    class s4 unvisited\n"));
        assert!(!m.contains(" failed\n"));
        assert!(m.contains("    linkStyle 0,1,2,3,5,7,9 stroke"));
    }

    #[test]
    fn traced_dot_marks_the_path_and_the_failure() {
        let g = graph();
        let d = dot_traced(&g, &Trace::new(["Run", "Failed"]).failed_in("Failed"));
        assert!(d.contains(
            "s0 [label=\"Run\\n(Task)\", style=\"rounded,filled\", fillcolor=\"#dff0d8\", color=\"#2e7d32\", penwidth=2];"
        ));
        assert!(d.contains(
            "s4 [label=\"Failed\\n(Fail)\", style=\"rounded,filled\", fillcolor=\"#f8d7da\", color=\"#c62828\", penwidth=3];"
        ));
        assert!(d.contains(
            "s3 [label=\"Done\\n(Succeed)\", color=\"#bdbdbd\", fontcolor=\"#9e9e9e\"];"
        ));
        assert!(d.contains("start -> s0 [color=\"#2e7d32\", penwidth=3];"));
        assert!(d.contains(
            "s0 -> s4 [label=\"catch States.ALL\", style=dashed, color=\"#2e7d32\", penwidth=3];"
        ));
        assert!(d.contains("s0 -> s1 [color=\"#bdbdbd\", fontcolor=\"#9e9e9e\"];"));
        // The Fail state ends the execution, but as a failure: its edge to `end` is not taken.
        assert!(d.contains("s4 -> finish [color=\"#bdbdbd\", fontcolor=\"#9e9e9e\"];"));
        assert!(d.contains(
            "s2 -> s5 [style=dotted, lhead=cluster_g1, color=\"#bdbdbd\", fontcolor=\"#9e9e9e\"];"
        ));
        // An unknown name (another machine's trace) marks nothing and breaks nothing.
        let other = dot_traced(&g, &Trace::new(["Elsewhere"]).failed_in("Elsewhere"));
        assert!(!other.contains("fillcolor"));
        // Without a trace the output is the plain diagram.
        assert!(!dot(&g).contains("#bdbdbd"));
    }
}
