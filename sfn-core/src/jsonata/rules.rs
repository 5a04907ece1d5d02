//! What Step Functions adds to JSONata and what it refuses: the JSONata version it runs, its
//! built-in functions (`$partition`, `$range`, `$hash`, `$random`, `$uuid`, `$parse`; no
//! `$eval`), the `$states` variable and its fields, and the absence of an input context (the
//! state's input is `$states.input`, not `$`).

use std::collections::HashMap;

use super::parser::{Ast, Id, Kind};
use super::{error, JsonataError};

/// The JSONata version Step Functions evaluates expressions with.
///
/// ```
/// assert_eq!(sfn_core::jsonata::JSONATA_VERSION, "2.0.6");
/// ```
pub const JSONATA_VERSION: &str = "2.0.6";

/// The error for an operator that later JSONata versions have (`??` and `?:`, from 2.1) and
/// the version Step Functions runs does not.
pub(super) fn newer_operator(offset: usize, op: &str) -> JsonataError {
    error(
        offset,
        format!("`{op}` is a JSONata 2.1 operator; Step Functions runs JSONata {JSONATA_VERSION}: use `a ? a : b` or `$exists(a) ? a : b`"),
    )
}

/// The fields of `$states`: the state's input, its result (in the `Output` and `Assign` of a
/// Task, Parallel or Map state), the error output (in those of a catcher) and the Context
/// object.
///
/// ```
/// assert!(sfn_core::jsonata::STATES_FIELDS.contains(&"errorOutput"));
/// ```
pub const STATES_FIELDS: &[&str] = &["input", "result", "errorOutput", "context"];

/// JSONata's built-in functions and those Step Functions adds (`$partition`, `$range`,
/// `$hash`, `$random`, `$uuid`, `$parse`), without the `$`. `$eval` is left out: Step
/// Functions does not provide it, so it is reported like any unknown variable.
const BUILTIN_FUNCTIONS: &str = "\
    abs append assert average base64decode base64encode boolean ceil clone contains count \
    decodeUrl decodeUrlComponent distinct each encodeUrl encodeUrlComponent error exists \
    filter floor formatBase formatInteger formatNumber fromMillis hash join keys length lookup \
    lowercase map match max merge millis min not now number pad parse parseInteger partition \
    power random range reduce replace reverse round shuffle sift single sort split spread sqrt \
    string substring substringAfter substringBefore sum toMillis trim type uppercase uuid zip";

/// Whether `$name` (given without the `$`) is a function that JSONata or Step Functions
/// provides.
///
/// ```
/// use sfn_core::jsonata::is_builtin_function;
///
/// assert!(is_builtin_function("uppercase"));
/// assert!(is_builtin_function("partition"));
/// assert!(!is_builtin_function("states"));
/// ```
pub fn is_builtin_function(name: &str) -> bool {
    BUILTIN_FUNCTIONS.split_whitespace().any(|f| f == name)
}

/// The input reference an expression starts with at its top level, if any: a field name
/// (`orderId` in `orderId.total`), `$` or `$$`, with its byte offset. Step Functions gives a
/// JSONata expression no input context, so such a reference is refused: the state's input is
/// `$states.input`.
///
/// ```
/// use sfn_core::jsonata::{parse, top_level_reference};
///
/// let ast = parse("orderId.total").unwrap();
/// assert_eq!(top_level_reference(&ast), Some(("orderId".to_string(), 0)));
/// let ast = parse("$states.input.orderId").unwrap();
/// assert_eq!(top_level_reference(&ast), None);
/// ```
pub fn top_level_reference(ast: &Ast) -> Option<(String, usize)> {
    let mut id = ast.root;
    // The leftmost step of a path, a predicate or a sort is what the expression starts from.
    loop {
        let node = ast.nodes.get(id)?;
        match &node.kind {
            Kind::Path(a, _)
            | Kind::Predicate(a, _)
            | Kind::Sort(a, _)
            | Kind::Focus(a, _)
            | Kind::Index(a, _) => id = *a,
            Kind::Name(name) => return Some((name.clone(), node.pos + ast.base)),
            Kind::Wildcard => return Some(("*".to_string(), node.pos + ast.base)),
            Kind::Descendants => return Some(("**".to_string(), node.pos + ast.base)),
            Kind::Var(name) if name.is_empty() => {
                return Some(("$".to_string(), node.pos + ast.base))
            }
            Kind::Var(name) if name == "$" => return Some(("$$".to_string(), node.pos + ast.base)),
            _ => return None,
        }
    }
}

/// The field chains an expression reads from `$states.input`, with the byte offset of each
/// `$states`: `a.b` in `$states.input.a.b` is `[("a", false), ("b", false)]`; a step followed
/// by a predicate (`items[0]`, `items[price > 1]`) is marked `true`, and the chain stops after
/// it. Reads of `$states.input` itself, or through anything but plain names, give the chain up
/// to there.
///
/// ```
/// use sfn_core::jsonata::{input_paths, parse};
///
/// let ast = parse("$states.input.order.id & $count($states.input.items[0].sku)").unwrap();
/// assert_eq!(
///     input_paths(&ast),
///     [
///         (vec![("order".to_string(), false), ("id".to_string(), false)], 0),
///         (vec![("items".to_string(), true)], 32),
///     ]
/// );
/// ```
pub fn input_paths(ast: &Ast) -> Vec<(Vec<(String, bool)>, usize)> {
    let nodes = &ast.nodes;
    // The Path node whose left side is each node: paths are left-associative.
    let mut parent: HashMap<Id, (Id, Id)> = HashMap::new();
    for (id, n) in nodes.iter().enumerate() {
        if let Kind::Path(a, b) = &n.kind {
            parent.insert(*a, (id, *b));
        }
    }
    let mut out = Vec::new();
    for (id, n) in nodes.iter().enumerate() {
        let Kind::Path(a, b) = &n.kind else { continue };
        let is_states =
            matches!(nodes.get(*a).map(|n| &n.kind), Some(Kind::Var(v)) if v == "states");
        let is_input =
            matches!(nodes.get(*b).map(|n| &n.kind), Some(Kind::Name(f)) if f == "input");
        if !(is_states && is_input) {
            continue;
        }
        let mut chain = Vec::new();
        let mut cur = id;
        while let Some(&(up, step)) = parent.get(&cur) {
            match nodes.get(step).map(|n| &n.kind) {
                Some(Kind::Name(f)) => chain.push((f.clone(), false)),
                Some(Kind::Predicate(inner, _)) => {
                    if let Some(Kind::Name(f)) = nodes.get(*inner).map(|n| &n.kind) {
                        chain.push((f.clone(), true));
                    }
                    break;
                }
                _ => break,
            }
            cur = up;
        }
        let offset = nodes.get(*a).map_or(0, |n| n.pos) + ast.base;
        out.push((chain, offset));
    }
    out.sort_by_key(|(_, offset)| *offset);
    out
}
