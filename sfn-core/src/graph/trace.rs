//! The path an execution took, laid over a diagram: which states it entered, which transitions
//! it followed, where it failed; and what many executions covered, laid over it the same way.

use std::collections::{HashMap, HashSet};

use super::{Edge, Graph, Group};

/// The path of one execution: the states it entered, in order (the states of Parallel
/// branches and Map iterations too), and the state it failed in.
///
/// A diagram drawn with a trace ([`mermaid_traced`](super::mermaid_traced),
/// [`dot_traced`](super::dot_traced)) fills the visited states, draws the transitions taken
/// in bold, marks the failing state red and dims the rest. A transition counts as taken when
/// its two states follow each other among the visited states of their scope (a Parallel
/// branch, a Map processor or the machine); a `Catch` edge counts when the catcher's target is
/// the next state entered. The names alone cannot tell two transitions between the same two
/// states apart (a Choice rule and the `Default`, a `Next` and a `Catch`): both are marked.
///
/// ```
/// use sfn_core::graph::{build, mermaid_traced, Trace};
///
/// let root = sfn_core::json::parse(
///     r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}}"#,
/// )
/// .root
/// .unwrap();
/// let trace = Trace::new(["A", "B"]);
/// let text = mermaid_traced(&build(&root), &trace);
/// assert!(text.contains("class s0,s1 visited"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trace {
    /// The names of the states entered, in order.
    pub visited: Vec<String>,
    /// The state the execution failed (or timed out) in, when it did.
    pub failed: Option<String>,
}

impl Trace {
    /// A trace of an execution that entered `visited` (in order) and did not fail.
    ///
    /// ```
    /// let trace = sfn_core::graph::Trace::new(["A", "B"]);
    /// assert_eq!(trace.visited, ["A", "B"]);
    /// assert_eq!(trace.failed, None);
    /// ```
    pub fn new<S: Into<String>>(visited: impl IntoIterator<Item = S>) -> Trace {
        Trace {
            visited: visited.into_iter().map(Into::into).collect(),
            failed: None,
        }
    }

    /// The same trace, failed in the state `name`.
    ///
    /// ```
    /// let trace = sfn_core::graph::Trace::new(["A", "B"]).failed_in("B");
    /// assert_eq!(trace.failed.as_deref(), Some("B"));
    /// ```
    pub fn failed_in(mut self, name: impl Into<String>) -> Trace {
        self.failed = Some(name.into());
        self
    }
}

/// What many executions covered, laid over a diagram: the states entered, the transitions
/// taken, and the top-level states the machine ended in.
///
/// Unlike a [`Trace`], a coverage names each transition as the diagram's [`Edge`], so a
/// Choice rule and the `Default`, or a `Next` and a `Catch`, between the same two states are
/// told apart. A diagram drawn with it ([`mermaid_covered`](super::mermaid_covered),
/// [`dot_covered`](super::dot_covered), `svg_covered`) fills the covered states, draws the
/// transitions taken in bold and dims what no execution reached.
///
/// ```
/// use sfn_core::graph::{build, mermaid_covered, Covered};
///
/// let root = sfn_core::json::parse(
///     r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"},
///         "C": {"Type": "Succeed"}}}"#,
/// )
/// .root
/// .unwrap();
/// let graph = build(&root);
/// let mut covered = Covered::default();
/// covered.states.extend(["A".to_string(), "B".to_string()]);
/// covered.edges.insert(graph.top.edges[0].clone());
/// covered.ended.insert("B".to_string());
/// let text = mermaid_covered(&graph, &covered);
/// assert!(text.contains("class s0,s1 visited"));
/// assert!(text.contains("class s2 unvisited"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Covered {
    /// The names of the states entered.
    pub states: HashSet<String>,
    /// The transitions taken, as the diagram's edges.
    pub edges: HashSet<Edge>,
    /// The names of the top-level states the machine ended in (successfully).
    pub ended: HashSet<String>,
}

/// How a state is drawn under a trace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mark {
    Visited,
    Failed,
    Unvisited,
}

impl Mark {
    /// The Mermaid class name.
    pub(super) fn class(self) -> &'static str {
        match self {
            Mark::Visited => "visited",
            Mark::Failed => "failed",
            Mark::Unvisited => "unvisited",
        }
    }
}

/// A trace resolved against a graph: state ids instead of names.
#[derive(Debug, Default)]
pub(super) struct Marks {
    visited: HashSet<String>,
    failed: Option<String>,
    /// `(from, to)` ids of the transitions taken.
    taken: HashSet<(String, String)>,
    /// The transitions taken, edge by edge (a coverage): when set, `taken` is not used.
    edges: Option<HashSet<Edge>>,
    /// The top-level states the executions ended in, without failing.
    finished: HashSet<String>,
}

impl Marks {
    pub(super) fn new(graph: &Graph, trace: &Trace) -> Marks {
        // State names are unique in the whole machine: a name is one state of one scope.
        let mut where_: HashMap<&str, (&str, &str)> = HashMap::new();
        index(&graph.top, &mut where_);
        let mut marks = Marks::default();
        let mut last: HashMap<&str, &str> = HashMap::new();
        for name in &trace.visited {
            let Some(&(id, scope)) = where_.get(name.as_str()) else {
                continue;
            };
            marks.visited.insert(id.to_string());
            if let Some(prev) = last.insert(scope, id) {
                marks.taken.insert((prev.to_string(), id.to_string()));
            }
        }
        marks.failed = trace
            .failed
            .as_deref()
            .and_then(|n| where_.get(n))
            .map(|(id, _)| id.to_string());
        if trace.failed.is_none() {
            marks
                .finished
                .extend(last.get(graph.top.id.as_str()).map(|id| id.to_string()));
        }
        marks
    }

    /// The marks of a coverage: every state and edge it names.
    pub(super) fn covered(graph: &Graph, covered: &Covered) -> Marks {
        let mut where_: HashMap<&str, (&str, &str)> = HashMap::new();
        index(&graph.top, &mut where_);
        let id = |name: &String| where_.get(name.as_str()).map(|(id, _)| id.to_string());
        Marks {
            visited: covered.states.iter().filter_map(id).collect(),
            failed: None,
            taken: HashSet::new(),
            edges: Some(covered.edges.clone()),
            finished: covered
                .ended
                .iter()
                .filter(|n| {
                    where_
                        .get(n.as_str())
                        .is_some_and(|(_, g)| *g == graph.top.id)
                })
                .filter_map(id)
                .collect(),
        }
    }

    /// How the state `id` is drawn.
    pub(super) fn state(&self, id: &str) -> Mark {
        if self.failed.as_deref() == Some(id) {
            Mark::Failed
        } else if self.visited.contains(id) {
            Mark::Visited
        } else {
            Mark::Unvisited
        }
    }

    /// Whether the transition from `from` to `to` was taken.
    pub(super) fn taken(&self, from: &str, to: &str) -> bool {
        self.taken.contains(&(from.to_string(), to.to_string()))
    }

    /// Whether the edge `e` was taken: the edge itself under a coverage, any edge between
    /// its two states under a trace.
    pub(super) fn took(&self, e: &Edge) -> bool {
        match &self.edges {
            Some(edges) => edges.contains(e),
            None => self.taken(&e.from, &e.to),
        }
    }

    /// Whether a scope's entry into its start state `id` was taken.
    pub(super) fn entered(&self, id: &str) -> bool {
        self.visited.contains(id)
    }

    /// Whether the machine ended from the top-level state `id`.
    pub(super) fn finished(&self, id: &str) -> bool {
        self.finished.contains(id)
    }
}

/// Every state's id and its scope's id, by name.
fn index<'g>(group: &'g Group, out: &mut HashMap<&'g str, (&'g str, &'g str)>) {
    for s in &group.states {
        out.entry(&s.name).or_insert((&s.id, &group.id));
        for g in &s.groups {
            index(g, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::build;

    #[test]
    fn scopes_are_followed_apart() {
        let src = r#"{"StartAt": "Fan", "States": {
            "Fan": {"Type": "Parallel", "Next": "Done", "Branches": [
                {"StartAt": "A1", "States": {"A1": {"Type": "Pass", "Next": "A2"}, "A2": {"Type": "Pass", "End": true}}},
                {"StartAt": "B1", "States": {"B1": {"Type": "Pass", "End": true}}}]},
            "Done": {"Type": "Succeed"}}}"#;
        let g = build(&crate::json::parse(src).root.unwrap());
        // Branches interleave in the history; each scope keeps its own order.
        let m = Marks::new(&g, &Trace::new(["Fan", "A1", "B1", "A2", "Done"]));
        let id = |name: &str| {
            let mut all = HashMap::new();
            index(&g.top, &mut all);
            all[name].0.to_string()
        };
        assert!(m.taken(&id("A1"), &id("A2")));
        assert!(m.taken(&id("Fan"), &id("Done")));
        assert!(!m.taken(&id("A1"), &id("B1")));
        assert!(m.finished(&id("Done")));
        assert_eq!(m.state(&id("B1")), Mark::Visited);
        let failed = Marks::new(&g, &Trace::new(["Fan", "A1"]).failed_in("A1"));
        assert_eq!(failed.state(&id("A1")), Mark::Failed);
        assert_eq!(failed.state(&id("Done")), Mark::Unvisited);
        assert!(!failed.finished(&id("Fan")));
    }
}
