//! Variable scope: which `$variables` an expression binds (function parameters, `$x := ...`
//! in a block, `@$x` and `#$x` in a path) and which it reads from outside.

use std::collections::HashMap;

use super::parser::{Ast, Id, Kind, Node};
use super::rules::is_builtin_function;

/// One read of a `$variable` that nothing inside the expression binds.
///
/// ```
/// use sfn_core::jsonata::{free_variable_uses, parse, FreeVariable};
///
/// let ast = parse("$states.input.total + $shipping").unwrap();
/// assert_eq!(
///     free_variable_uses(&ast),
///     [
///         FreeVariable {
///             name: "states".into(),
///             offset: 0,
///             field: Some(("input".into(), 8)),
///             called: false,
///         },
///         FreeVariable { name: "shipping".into(), offset: 22, field: None, called: false },
///     ],
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreeVariable {
    /// The name without the `$` (`states` for `$states`).
    pub name: String,
    /// Byte offset of the `$`.
    pub offset: usize,
    /// The field the path reads right after the variable, with its byte offset: `input` in
    /// `$states.input.x` or in `$states.input[0]`.
    pub field: Option<(String, usize)>,
    /// Whether the variable is called as a function (`$lookup(...)`), not read as a value.
    pub called: bool,
}

/// Names and byte offsets of the `$variables` the expression reads from outside, in source
/// order, one entry per read.
///
/// A variable is bound, and so not listed, inside a function whose parameter it is, after a
/// `$x := ...` in the same or an enclosing block (anywhere in that block when the read is
/// inside a function body, which runs later), and after `@$x` or `#$x` in a path. `$` and
/// `$$` (the context and the root) and the built-in functions ([`is_builtin_function`]) are
/// not listed. See [`free_variable_uses`] for the field read after each variable.
///
/// ```
/// use sfn_core::jsonata::{free_variables, parse};
///
/// let ast = parse("($rate := 0.2; $states.input.total * (1 + $rate) + $fee)").unwrap();
/// assert_eq!(free_variables(&ast), [("states".to_string(), 15), ("fee".to_string(), 51)]);
/// ```
pub fn free_variables(ast: &Ast) -> Vec<(String, usize)> {
    free_variable_uses(ast)
        .into_iter()
        .map(|v| (v.name, v.offset))
        .collect()
}

#[derive(Debug)]
struct Scope {
    parent: Option<usize>,
    /// A function body: reads inside it happen when it is called, after the enclosing
    /// bindings.
    function: bool,
    /// Bound names, each with the earliest offset from which a binding is in effect.
    bound: HashMap<String, usize>,
}

impl Scope {
    fn new(parent: Option<usize>, function: bool) -> Scope {
        Scope {
            parent,
            function,
            bound: HashMap::new(),
        }
    }

    fn bind(&mut self, name: String, from: usize) {
        let entry = self.bound.entry(name).or_insert(from);
        *entry = (*entry).min(from);
    }
}

/// Like [`free_variables`], with the field read right after each variable, so that a caller
/// can tell `$states.input` from `$states.result`.
///
/// ```
/// use sfn_core::jsonata::{free_variable_uses, parse};
///
/// let ast = parse("$states.result.Payload").unwrap();
/// let uses = free_variable_uses(&ast);
/// assert_eq!(uses[0].name, "states");
/// assert_eq!(uses[0].field, Some(("result".to_string(), 8)));
/// ```
pub fn free_variable_uses(ast: &Ast) -> Vec<FreeVariable> {
    let nodes = &ast.nodes;
    let name_of = |id: Id| match nodes.get(id).map(|n| &n.kind) {
        Some(Kind::Var(name)) => Some(name.clone()),
        _ => None,
    };
    let mut scopes = vec![Scope::new(None, false)];
    let mut reads: Vec<(Id, usize)> = Vec::new();
    let mut fields: HashMap<Id, (String, usize)> = HashMap::new();
    let mut callees: Vec<Id> = Vec::new();
    let mut stack = vec![(ast.root, 0usize)];
    while let Some((id, scope)) = stack.pop() {
        let Some(node) = nodes.get(id) else { continue };
        match &node.kind {
            Kind::Lit(_)
            | Kind::Name(_)
            | Kind::Wildcard
            | Kind::Descendants
            | Kind::Parent
            | Kind::Placeholder => {}
            Kind::Var(name) => {
                if !name.is_empty() && name != "$" && !is_builtin_function(name) {
                    reads.push((id, scope));
                }
            }
            Kind::Neg(a) => stack.push((*a, scope)),
            Kind::Binary(_, a, b) | Kind::Range(a, b) => {
                stack.push((*a, scope));
                stack.push((*b, scope));
            }
            Kind::Path(a, b) => {
                if matches!(nodes.get(*a).map(|n| &n.kind), Some(Kind::Var(_))) {
                    let mut step = *b;
                    while let Some(Kind::Predicate(inner, _)) = nodes.get(step).map(|n| &n.kind) {
                        step = *inner;
                    }
                    if let Some(Node {
                        pos,
                        kind: Kind::Name(field),
                        ..
                    }) = nodes.get(step)
                    {
                        fields.insert(*a, (field.clone(), pos + ast.base));
                    }
                }
                stack.push((*a, scope));
                stack.push((*b, scope));
            }
            Kind::Bind(var, value) => {
                if let (Some(name), Some(s)) = (name_of(*var), scopes.get_mut(scope)) {
                    s.bind(name, node.end);
                }
                stack.push((*value, scope));
            }
            Kind::Focus(lhs, var) | Kind::Index(lhs, var) => {
                let from = nodes.get(*var).map_or(node.end, |n| n.end);
                if let (Some(name), Some(s)) = (name_of(*var), scopes.get_mut(scope)) {
                    s.bind(name, from);
                }
                stack.push((*lhs, scope));
            }
            Kind::Condition(a, b, c) | Kind::Transform(a, b, c) => {
                stack.push((*a, scope));
                stack.push((*b, scope));
                if let Some(c) = c {
                    stack.push((*c, scope));
                }
            }
            Kind::Block(items) => {
                scopes.push(Scope::new(Some(scope), false));
                let inner = scopes.len() - 1;
                stack.extend(items.iter().map(|&i| (i, inner)));
            }
            Kind::Array(items) => stack.extend(items.iter().map(|&i| (i, scope))),
            Kind::Object(lhs, pairs) => {
                stack.extend(lhs.iter().map(|&i| (i, scope)));
                for &(k, v) in pairs {
                    stack.push((k, scope));
                    stack.push((v, scope));
                }
            }
            Kind::Predicate(lhs, filter) => {
                stack.push((*lhs, scope));
                stack.extend(filter.iter().map(|&i| (i, scope)));
            }
            Kind::Call(callee, args) => {
                callees.push(*callee);
                stack.push((*callee, scope));
                stack.extend(args.iter().map(|&i| (i, scope)));
            }
            Kind::Sort(steps, terms) => {
                stack.push((*steps, scope));
                stack.extend(terms.iter().map(|&(i, _)| (i, scope)));
            }
            Kind::Lambda(params, body, _) => {
                let mut inner = Scope::new(Some(scope), true);
                for name in params.iter().filter_map(|&p| name_of(p)) {
                    inner.bind(name, 0);
                }
                scopes.push(inner);
                stack.push((*body, scopes.len() - 1));
            }
        }
    }

    let mut free = Vec::new();
    for (id, scope) in reads {
        let Some(Node {
            pos,
            kind: Kind::Var(name),
            ..
        }) = nodes.get(id)
        else {
            continue;
        };
        let mut current = Some(scope);
        let mut deferred = false;
        let mut bound = false;
        while let Some(s) = current.and_then(|i| scopes.get(i)) {
            if s.bound
                .get(name)
                .is_some_and(|&from| deferred || from <= *pos)
            {
                bound = true;
                break;
            }
            deferred |= s.function;
            current = s.parent;
        }
        if !bound {
            free.push(FreeVariable {
                name: name.clone(),
                offset: pos + ast.base,
                field: fields.remove(&id),
                called: callees.contains(&id),
            });
        }
    }
    free.sort_by_key(|v| v.offset);
    free
}
