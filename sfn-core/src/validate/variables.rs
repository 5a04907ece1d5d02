//! Variables read before any state assigns them.
//!
//! Step Functions sets a variable when the state that assigns it finishes (its `Assign`, or
//! the `Assign` of the catcher that takes its error); every read in a state sees the values
//! from before the state, so its own `Assign` does not count for its own reads. A Parallel
//! branch or an inline Map iteration starts with the variables of the scope around it, as
//! they were when the Parallel or Map state started; what a branch assigns stays inside it.
//! A Distributed Map's child executions start with no variables.
//!
//! Per scope this is a forward data-flow analysis over the state graph: the variables that
//! some path from `StartAt` assigns (none of them: every execution that reaches the read
//! fails in JSONPath with "The variable 'x' is not defined") and those that every path
//! assigns (a read that only some paths assign is a warning naming a path without it).
//! A JSONata expression that reads an unassigned variable sees nothing (`undefined`), which
//! `$exists` can test, so there both cases are warnings.

use std::collections::{BTreeMap, BTreeSet};

use super::{ptr, Cx};
use crate::asl::{self, QueryLanguage};
use crate::diagnostic::{Code, Diagnostic};
use crate::json::Node;
use crate::jsonata;
use crate::path::{self, Arg, Intrinsic, Root};

type Names = BTreeSet<String>;

/// One read of a variable: its name, where, and whether a JSONata expression reads it.
struct Read {
    name: String,
    at: String,
    jsonata: bool,
    /// Called as a JSONata function (`$name(...)`), not read as a value.
    called: bool,
}

/// Checks the whole machine.
pub(super) fn machine(cx: &mut Cx<'_>, root: &Node) {
    let ql = language(root, QueryLanguage::JSONPath);
    scope(cx, root, "", ql, &Names::new(), &Names::new(), 0);
}

fn language(node: &Node, inherited: QueryLanguage) -> QueryLanguage {
    node.get("QueryLanguage")
        .and_then(Node::as_str)
        .and_then(QueryLanguage::from_name)
        .unwrap_or(inherited)
}

/// Analyses one scope (the machine, a branch, a Map processor) that starts with the
/// variables `may` (assigned on some path to it) and `must` (assigned on every path).
fn scope(
    cx: &mut Cx<'_>,
    node: &Node,
    at: &str,
    ql: QueryLanguage,
    may: &Names,
    must: &Names,
    depth: usize,
) {
    // The validator refuses deeper definitions already; this only guards the stack.
    if depth > 64 {
        return;
    }
    let Some(states) = node.get("States").and_then(Node::as_object) else {
        return;
    };
    let Some(start) = node.get("StartAt").and_then(Node::as_str) else {
        return;
    };
    let index: BTreeMap<&str, usize> = states
        .iter()
        .enumerate()
        .map(|(i, m)| (m.key.as_str(), i))
        .collect();
    let Some(&first) = index.get(start) else {
        return;
    };
    let states_at = ptr(at, "States");
    // The edges of each state with the variables assigned along them.
    let edges: Vec<Vec<(usize, Names)>> = states
        .iter()
        .map(|m| {
            let here = ptr(&states_at, &m.key);
            asl::transitions(&m.value, &here)
                .into_iter()
                .filter_map(|(field, target)| {
                    let j = *index.get(target.as_str())?;
                    Some((j, assigned_along(&m.value, &field, &here)))
                })
                .collect()
        })
        .collect();

    let n = states.len();
    let mut may_in: Vec<Option<Names>> = vec![None; n];
    let mut must_in: Vec<Option<Names>> = vec![None; n];
    may_in[first] = Some(may.clone());
    must_in[first] = Some(must.clone());
    let mut work = vec![first];
    while let Some(i) = work.pop() {
        let (Some(may_here), Some(must_here)) = (may_in[i].clone(), must_in[i].clone()) else {
            continue;
        };
        for (j, assigned) in &edges[i] {
            let may_out: Names = may_here.union(assigned).cloned().collect();
            let must_out: Names = must_here.union(assigned).cloned().collect();
            let mut changed = false;
            match &mut may_in[*j] {
                Some(set) => {
                    let before = set.len();
                    set.extend(may_out);
                    changed |= set.len() != before;
                }
                slot @ None => {
                    *slot = Some(may_out);
                    changed = true;
                }
            }
            match &mut must_in[*j] {
                Some(set) => {
                    let before = set.len();
                    set.retain(|v| must_out.contains(v));
                    changed |= set.len() != before;
                }
                slot @ None => {
                    *slot = Some(must_out);
                    changed = true;
                }
            }
            if changed {
                work.push(*j);
            }
        }
    }

    for (i, m) in states.iter().enumerate() {
        let (Some(may_here), Some(must_here)) = (&may_in[i], &must_in[i]) else {
            continue; // unreachable: reported elsewhere
        };
        let here = ptr(&states_at, &m.key);
        let state_ql = language(&m.value, ql);
        let mut reads = Vec::new();
        collect_state(&m.value, &here, state_ql, &mut reads);
        for r in reads {
            let witness = || {
                let path = path_without(&edges, first, i, &r.name);
                path.iter()
                    .map(|&k| format!("`{}`", states[k].key))
                    .collect::<Vec<_>>()
                    .join(" -> ")
            };
            report(cx, &r, &m.key, may_here, must_here, witness);
        }
        // Nested scopes start from what this state sees.
        match m.value.get("Type").and_then(Node::as_str) {
            Some("Parallel") => {
                if let Some(branches) = m.value.get("Branches").and_then(Node::as_array) {
                    let base = ptr(&here, "Branches");
                    for (b, branch) in branches.iter().enumerate() {
                        let bat = format!("{base}/{b}");
                        let bql = language(branch, state_ql);
                        scope(cx, branch, &bat, bql, may_here, must_here, depth + 1);
                    }
                }
            }
            Some("Map") => {
                for key in ["ItemProcessor", "Iterator"] {
                    let Some(processor) = m.value.get(key) else {
                        continue;
                    };
                    let distributed = processor
                        .get("ProcessorConfig")
                        .and_then(|c| c.get("Mode"))
                        .and_then(Node::as_str)
                        == Some("DISTRIBUTED");
                    let empty = Names::new();
                    let (may_p, must_p) = if distributed {
                        (&empty, &empty)
                    } else {
                        (may_here, must_here)
                    };
                    let pql = language(processor, state_ql);
                    let pat = ptr(&here, key);
                    scope(cx, processor, &pat, pql, may_p, must_p, depth + 1);
                }
            }
            _ => {}
        }
    }
}

/// The variables a transition of `state` assigns: a catcher's own `Assign` for a `Catch`
/// edge, otherwise the state's `Assign` and, for a Choice, its rules' (counted on every
/// edge of the Choice, which can only hide a problem, never invent one).
fn assigned_along(state: &Node, field: &str, here: &str) -> Names {
    let mut out = Names::new();
    let catch_prefix = format!("{}/", ptr(here, "Catch"));
    if let Some(rest) = field.strip_prefix(&catch_prefix) {
        let catcher = rest
            .split('/')
            .next()
            .and_then(|i| i.parse::<usize>().ok())
            .and_then(|i| state.get("Catch")?.as_array()?.get(i));
        if let Some(c) = catcher {
            keys_of(c.get("Assign"), &mut out);
        }
        return out;
    }
    keys_of(state.get("Assign"), &mut out);
    if let Some(rules) = state.get("Choices").and_then(Node::as_array) {
        for rule in rules {
            keys_of(rule.get("Assign"), &mut out);
        }
    }
    out
}

fn keys_of(assign: Option<&Node>, out: &mut Names) {
    for m in assign.and_then(Node::as_object).unwrap_or(&[]) {
        let name = m.key.strip_suffix(".$").unwrap_or(&m.key);
        out.insert(name.to_string());
    }
}

/// The fields of a state that hold other scopes, read by their own analysis.
const NESTED: [&str; 3] = ["Branches", "ItemProcessor", "Iterator"];

fn collect_state(state: &Node, at: &str, ql: QueryLanguage, out: &mut Vec<Read>) {
    for m in state.as_object().unwrap_or(&[]) {
        // A Pass state's `Result` is a literal: its `.$` keys are not evaluated.
        if NESTED.contains(&m.key.as_str()) || m.key == "Result" {
            continue;
        }
        let here = ptr(at, &m.key);
        match ql {
            QueryLanguage::JSONPath => jsonpath_reads(&m.key, &m.value, &here, out),
            QueryLanguage::JSONata => jsonata_reads(&m.value, &here, out),
        }
    }
}

/// Reads in JSONPath fields: `.$` values (paths and intrinsic calls), the `*Path` fields
/// and a Choice rule's `Variable`, in nested objects and arrays too.
fn jsonpath_reads(key: &str, value: &Node, at: &str, out: &mut Vec<Read>) {
    match (value.as_str(), value.as_object(), value.as_array()) {
        (Some(s), _, _) => {
            let evaluated = key.ends_with(".$");
            let is_path_field = (key.ends_with("Path") && key != "ResultPath") || key == "Variable";
            if evaluated || is_path_field {
                string_reads(s, at, out);
            }
        }
        (_, Some(members), _) => {
            for m in members {
                jsonpath_reads(&m.key, &m.value, &ptr(at, &m.key), out);
            }
        }
        (_, _, Some(items)) => {
            for (i, item) in items.iter().enumerate() {
                // Items of a list keep the key of the list (`And`, `Or`, `Choices`).
                jsonpath_reads(key, item, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn string_reads(s: &str, at: &str, out: &mut Vec<Read>) {
    let t = s.trim();
    if t.starts_with('$') {
        if let Ok(p) = path::parse_path(t) {
            if let Root::Variable(name) = p.root {
                push_read(out, name, at, false, false);
            }
        }
    } else if t.starts_with("States.") {
        if let Ok(call) = path::parse_intrinsic(t) {
            intrinsic_reads(&call, at, out);
        }
    }
}

fn intrinsic_reads(call: &Intrinsic, at: &str, out: &mut Vec<Read>) {
    for arg in &call.args {
        match arg {
            Arg::Path(p) => {
                if let Root::Variable(name) = &p.root {
                    push_read(out, name.clone(), at, false, false);
                }
            }
            Arg::Call(inner) => intrinsic_reads(inner, at, out),
            _ => {}
        }
    }
}

/// Records a read, once per variable and field however often the field reads it.
fn push_read(out: &mut Vec<Read>, name: String, at: &str, jsonata: bool, called: bool) {
    let seen = out
        .iter()
        .any(|r| r.name == name && r.at == at && r.called == called);
    if !seen {
        out.push(Read {
            name,
            at: at.to_string(),
            jsonata,
            called,
        });
    }
}

/// Reads in JSONata templates anywhere in a field's value.
fn jsonata_reads(value: &Node, at: &str, out: &mut Vec<Read>) {
    if let Some(s) = value.as_str() {
        if let Ok(Some(ast)) = jsonata::parse_template(&crate::asl::mask_placeholders(s)) {
            for v in jsonata::free_variable_uses(&ast) {
                if v.name != "states" {
                    push_read(out, v.name, at, true, v.called);
                }
            }
        }
    } else if let Some(members) = value.as_object() {
        for m in members {
            jsonata_reads(&m.value, &ptr(at, &m.key), out);
        }
    } else if let Some(items) = value.as_array() {
        for (i, item) in items.iter().enumerate() {
            jsonata_reads(item, &format!("{at}/{i}"), out);
        }
    }
}

/// A shortest path of states from `from` to `to` along which nothing assigns `name`.
fn path_without(edges: &[Vec<(usize, Names)>], from: usize, to: usize, name: &str) -> Vec<usize> {
    let mut parent: Vec<Option<usize>> = vec![None; edges.len()];
    let mut seen = vec![false; edges.len()];
    let mut queue = std::collections::VecDeque::from([from]);
    seen[from] = true;
    while let Some(i) = queue.pop_front() {
        if i == to {
            break;
        }
        for (j, assigned) in &edges[i] {
            if !seen[*j] && !assigned.contains(name) {
                seen[*j] = true;
                parent[*j] = Some(i);
                queue.push_back(*j);
            }
        }
    }
    let mut path = vec![to];
    let mut at = to;
    while let Some(p) = parent[at] {
        path.push(p);
        at = p;
    }
    path.reverse();
    path
}

fn report(
    cx: &mut Cx<'_>,
    r: &Read,
    state: &str,
    may: &Names,
    must: &Names,
    witness: impl FnOnce() -> String,
) {
    let name = &r.name;
    if !may.contains(name) {
        let message = if r.called {
            // Not an error: AWS creates the machine, and a definition may fail on purpose to
            // exercise its `Catch` (the AWS CDK's distributed Map test does).
            format!(
                "`${name}` is called here, but no state before `{state}` assigns `{name}` and \
                 JSONata has no such function: the call fails every time it is evaluated \
                 (States.QueryEvaluationError, \"Attempted to invoke a non-function\")"
            )
        } else if r.jsonata {
            format!(
                "`${name}` is read here, but no state before `{state}` assigns `{name}`: \
                 the expression sees nothing (undefined) for it"
            )
        } else {
            format!(
                "`${name}` is read here, but no state before `{state}` assigns `{name}`: \
                 every execution that reaches `{state}` fails (\"The variable '{name}' is not \
                 defined\"). Assign it in an earlier state's `Assign`"
            )
        };
        let d = if r.jsonata {
            Diagnostic::warning(Code::UndefinedVariable, &r.at, message)
        } else {
            Diagnostic::error(Code::UndefinedVariable, &r.at, message)
        };
        cx.push(d);
    } else if !must.contains(name) {
        cx.push(Diagnostic::warning(
            Code::UndefinedVariable,
            &r.at,
            format!(
                "`${name}` is read here, but some paths to `{state}` do not assign `{name}` \
                 ({}): an execution that takes one of them {}",
                witness(),
                if r.called {
                    "fails the call (\"Attempted to invoke a non-function\")"
                } else if r.jsonata {
                    "sees nothing (undefined) for it"
                } else {
                    "fails (\"The variable is not defined\")"
                }
            ),
        ));
    }
}
