//! The parser's tree turned into the tree the evaluator walks: paths as lists of steps,
//! predicates attached to the step they filter, `@` and `#` bindings, groupings, the
//! ancestors that `%` refers to, and the calls in tail position of a function body.
//!
//! This pass is JSONata's own post-processing of its parse tree, written over our [`Ast`].

use std::rc::Rc;

use super::regex::Regex;
use super::signature::Signature;
use super::EvalError;
use crate::jsonata::lexer::Tk;
use crate::jsonata::parser::{Ast, Id, Kind, Lit, Node};

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Concat,
    And,
    Or,
    In,
}

impl Op {
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            Op::Add => "+",
            Op::Sub => "-",
            Op::Mul => "*",
            Op::Div => "/",
            Op::Rem => "%",
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Concat => "&",
            Op::And => "and",
            Op::Or => "or",
            Op::In => "in",
        }
    }
}

pub(crate) enum Stage {
    Filter(Expr),
    Index(Rc<str>),
}

pub(crate) struct Group {
    pub(crate) pairs: Vec<(Expr, Expr)>,
}

pub(crate) struct LambdaDef {
    pub(crate) params: Vec<Rc<str>>,
    pub(crate) body: Expr,
    pub(crate) sig: Option<Signature>,
    /// A call in tail position, run by the caller's trampoline.
    pub(crate) thunk: bool,
}

pub(crate) struct TransformDef {
    pub(crate) pattern: Expr,
    pub(crate) update: Expr,
    pub(crate) delete: Option<Expr>,
}

pub(crate) enum EK {
    Num(f64),
    Str(Rc<str>),
    Bool(bool),
    Null,
    Regex(Rc<Regex>),
    Name(Rc<str>),
    Var(Rc<str>),
    Wildcard,
    Descendants,
    /// `%`, by its slot in [`Program::labels`].
    Parent(usize),
    Neg(Box<Expr>),
    Bin(Op, Box<Expr>, Box<Expr>),
    Path(Vec<Expr>),
    Bind(Rc<str>, Box<Expr>),
    Cond(Box<Expr>, Box<Expr>, Option<Box<Expr>>),
    Block(Vec<Expr>),
    Array(Vec<Expr>),
    Range(Box<Expr>, Box<Expr>),
    Object(Group),
    Call {
        proc: Box<Expr>,
        args: Vec<Expr>,
        partial: bool,
    },
    Lambda(Rc<LambdaDef>),
    Sort(Vec<(Expr, bool)>),
    Transform(Rc<TransformDef>),
    Apply(Box<Expr>, Box<Expr>),
    Placeholder,
}

pub(crate) struct Expr {
    pub(crate) pos: usize,
    pub(crate) kind: EK,
    /// Filters applied to the whole value (outside a path).
    pub(crate) predicate: Vec<Stage>,
    /// Filters and index bindings applied per input item of a path step.
    pub(crate) stages: Vec<Stage>,
    pub(crate) group: Option<Box<Group>>,
    pub(crate) focus: Option<Rc<str>>,
    pub(crate) index: Option<Rc<str>>,
    /// The slot whose label this step binds to its input (the parent of its results).
    pub(crate) ancestor: Option<usize>,
    pub(crate) tuple: bool,
    pub(crate) keep_array: bool,
    pub(crate) keep_singleton: bool,
    pub(crate) cons_array: bool,
    seeking: Vec<usize>,
}

impl Expr {
    fn new(pos: usize, kind: EK) -> Expr {
        Expr {
            pos,
            kind,
            predicate: Vec::new(),
            stages: Vec::new(),
            group: None,
            focus: None,
            index: None,
            ancestor: None,
            tuple: false,
            keep_array: false,
            keep_singleton: false,
            cons_array: false,
            seeking: Vec::new(),
        }
    }

    fn into_path(self) -> Expr {
        let pos = self.pos;
        let keep = self.keep_array;
        let seeking = self.seeking.clone();
        let mut p = Expr::new(pos, EK::Path(vec![self]));
        p.keep_singleton = keep;
        p.seeking = seeking;
        p
    }

    fn steps_mut(&mut self) -> Option<&mut Vec<Expr>> {
        match &mut self.kind {
            EK::Path(steps) => Some(steps),
            _ => None,
        }
    }

    fn is_array_constructor(&self) -> bool {
        matches!(self.kind, EK::Array(_))
    }
}

/// A compiled expression.
pub(crate) struct Program {
    pub(crate) root: Expr,
    /// The variable name (`!0`, `!1`, ...) that each `%` slot reads.
    pub(crate) labels: Vec<Rc<str>>,
}

struct Slot {
    level: u32,
    label: usize,
}

struct Compiler<'a> {
    ast: &'a Ast,
    slots: Vec<Slot>,
    depth: usize,
    max_depth: usize,
}

pub(crate) fn compile(ast: &Ast, max_depth: usize) -> Result<Program, Box<EvalError>> {
    let mut c = Compiler {
        ast,
        slots: Vec::new(),
        depth: 0,
        max_depth,
    };
    let root = c.node(ast.root)?;
    if let Some(&slot) = root.seeking.first() {
        let _ = slot;
        return Err(EvalError::new("S0217", root.pos + ast.base).with_token("%"));
    }
    let labels = c
        .slots
        .iter()
        .map(|s| Rc::from(format!("!{}", s.label).as_str()))
        .collect();
    Ok(Program { root, labels })
}

fn tk_op(t: Tk) -> Option<Op> {
    Some(match t {
        Tk::Plus => Op::Add,
        Tk::Minus => Op::Sub,
        Tk::Star => Op::Mul,
        Tk::Slash => Op::Div,
        Tk::Percent => Op::Rem,
        Tk::Eq => Op::Eq,
        Tk::Ne => Op::Ne,
        Tk::Lt => Op::Lt,
        Tk::Le => Op::Le,
        Tk::Gt => Op::Gt,
        Tk::Ge => Op::Ge,
        Tk::Amp => Op::Concat,
        Tk::And => Op::And,
        Tk::Or => Op::Or,
        Tk::In => Op::In,
        _ => return None,
    })
}

impl Compiler<'_> {
    fn pos(&self, id: Id) -> usize {
        self.ast.nodes.get(id).map_or(0, |n| n.pos) + self.ast.base
    }

    fn node(&mut self, id: Id) -> Result<Expr, Box<EvalError>> {
        self.depth += 1;
        if self.depth > self.max_depth || super::stack::exhausted() {
            return Err(EvalError::stack_overflow(self.pos(id)));
        }
        let r = self.node_inner(id);
        self.depth -= 1;
        r
    }

    fn push_ancestry(result: &mut Expr, value: &Expr) {
        result.seeking.extend(value.seeking.iter().copied());
        if let EK::Parent(slot) = value.kind {
            result.seeking.push(slot);
        }
    }

    fn node_inner(&mut self, id: Id) -> Result<Expr, Box<EvalError>> {
        let Some(node) = self.ast.nodes.get(id) else {
            return Err(EvalError::new("S0206", 0));
        };
        let pos = node.pos + self.ast.base;
        match &node.kind {
            Kind::Lit(lit) => self.literal(node, pos, lit),
            Kind::Name(name) => Ok(Expr::new(pos, EK::Name(Rc::from(name.as_str()))).into_path()),
            Kind::Var(name) => Ok(Expr::new(pos, EK::Var(Rc::from(name.as_str())))),
            Kind::Wildcard => Ok(Expr::new(pos, EK::Wildcard)),
            Kind::Descendants => Ok(Expr::new(pos, EK::Descendants)),
            Kind::Parent => self.parent(node, pos),
            Kind::Placeholder => Ok(Expr::new(pos, EK::Placeholder)),
            Kind::Neg(inner) => self.negation(node, pos, inner),
            Kind::Binary(tk, l, r) => self.binary(node, pos, tk, l, r),
            Kind::Path(l, r) => self.path_node(node, pos, l, r),
            Kind::Bind(l, r) => self.bind(node, pos, l, r),
            Kind::Condition(c, t, f) => self.condition(node, pos, c, t, f),
            Kind::Block(items) => self.block(node, pos, items),
            Kind::Array(items) => self.array(node, pos, items),
            Kind::Range(l, r) => self.range(node, pos, l, r),
            Kind::Object(None, pairs) => self.object(node, pos, pairs),
            Kind::Object(Some(lhs), pairs) => self.grouping(node, pos, lhs, pairs),
            Kind::Predicate(lhs, filter) => self.predicate_node(node, pos, lhs, filter),
            Kind::Call(callee, args) => self.call(node, pos, callee, args),
            Kind::Lambda(params, body, sig) => self.lambda(node, pos, params, body, sig),
            Kind::Sort(lhs, terms) => self.sort(node, pos, lhs, terms),
            Kind::Focus(lhs, var) | Kind::Index(lhs, var) => {
                self.focus_or_index(node, pos, lhs, var)
            }
            Kind::Transform(p, u, d) => self.transform(node, pos, p, u, d),
        }
    }

    fn literal(&mut self, node: &Node, pos: usize, lit: &Lit) -> Result<Expr, Box<EvalError>> {
        let _ = node;
        Ok(Expr::new(
            pos,
            match lit {
                Lit::Number(n) => EK::Num(*n),
                Lit::String(s) => EK::Str(Rc::from(s.as_str())),
                Lit::Bool(b) => EK::Bool(*b),
                Lit::Null => EK::Null,
                Lit::Regex { pattern, flags } => EK::Regex(Rc::new(
                    Regex::new(pattern, flags).map_err(|_| EvalError::new("S0302", pos))?,
                )),
            },
        ))
    }

    fn parent(&mut self, node: &Node, pos: usize) -> Result<Expr, Box<EvalError>> {
        let _ = node;
        Ok({
            let slot = self.slots.len();
            self.slots.push(Slot {
                level: 1,
                label: slot,
            });
            Expr::new(pos, EK::Parent(slot))
        })
    }

    fn negation(&mut self, node: &Node, pos: usize, inner: &Id) -> Result<Expr, Box<EvalError>> {
        let _ = node;
        Ok({
            let e = self.node(*inner)?;
            if let EK::Num(n) = e.kind {
                if e.predicate.is_empty() && e.group.is_none() {
                    return Ok(Expr::new(pos, EK::Num(-n)));
                }
            }
            let mut r = Expr::new(pos, EK::Neg(Box::new(Expr::new(pos, EK::Null))));
            Self::push_ancestry(&mut r, &e);
            r.kind = EK::Neg(Box::new(e));
            r
        })
    }

    fn binary(
        &mut self,
        node: &Node,
        pos: usize,
        tk: &Tk,
        l: &Id,
        r: &Id,
    ) -> Result<Expr, Box<EvalError>> {
        let _ = node;
        Ok({
            let lhs = self.node(*l)?;
            let rhs = self.node(*r)?;
            if *tk == Tk::Chain {
                let keep = lhs.keep_array || rhs.keep_array;
                let mut e = Expr::new(pos, EK::Apply(Box::new(lhs), Box::new(rhs)));
                e.keep_array = keep;
                return Ok(e);
            }
            let op = tk_op(*tk).ok_or_else(|| EvalError::new("S0201", pos))?;
            let mut e = Expr::new(pos, EK::Null);
            Self::push_ancestry(&mut e, &lhs);
            Self::push_ancestry(&mut e, &rhs);
            e.kind = EK::Bin(op, Box::new(lhs), Box::new(rhs));
            e
        })
    }

    fn path_node(
        &mut self,
        node: &Node,
        pos: usize,
        l: &Id,
        r: &Id,
    ) -> Result<Expr, Box<EvalError>> {
        let _ = node;
        self.path(pos, *l, *r)
    }

    fn bind(&mut self, node: &Node, pos: usize, l: &Id, r: &Id) -> Result<Expr, Box<EvalError>> {
        let _ = node;
        Ok({
            let name = match self.ast.nodes.get(*l).map(|n| &n.kind) {
                Some(Kind::Var(n)) => Rc::from(n.as_str()),
                _ => return Err(EvalError::new("S0212", pos)),
            };
            let value = self.node(*r)?;
            let mut e = Expr::new(pos, EK::Null);
            Self::push_ancestry(&mut e, &value);
            e.kind = EK::Bind(name, Box::new(value));
            e
        })
    }

    fn condition(
        &mut self,
        node: &Node,
        pos: usize,
        c: &Id,
        t: &Id,
        f: &Option<Id>,
    ) -> Result<Expr, Box<EvalError>> {
        let _ = node;
        Ok({
            let c = self.node(*c)?;
            let t = self.node(*t)?;
            let f = f.map(|f| self.node(f)).transpose()?;
            let mut e = Expr::new(pos, EK::Null);
            Self::push_ancestry(&mut e, &c);
            Self::push_ancestry(&mut e, &t);
            if let Some(f) = &f {
                Self::push_ancestry(&mut e, f);
            }
            e.kind = EK::Cond(Box::new(c), Box::new(t), f.map(Box::new));
            e
        })
    }

    fn block(&mut self, node: &Node, pos: usize, items: &[Id]) -> Result<Expr, Box<EvalError>> {
        let _ = node;
        Ok({
            let mut e = Expr::new(pos, EK::Null);
            let mut exprs = Vec::with_capacity(items.len());
            for &i in items {
                let x = self.node(i)?;
                Self::push_ancestry(&mut e, &x);
                let cons = x.cons_array
                    || matches!(&x.kind, EK::Path(s) if s.first().is_some_and(|f| f.cons_array));
                if cons {
                    e.cons_array = true;
                }
                exprs.push(x);
            }
            e.kind = EK::Block(exprs);
            e
        })
    }

    fn array(&mut self, node: &Node, pos: usize, items: &[Id]) -> Result<Expr, Box<EvalError>> {
        let _ = node;
        Ok({
            let mut e = Expr::new(pos, EK::Null);
            let mut exprs = Vec::with_capacity(items.len());
            for &i in items {
                let x = self.node(i)?;
                Self::push_ancestry(&mut e, &x);
                exprs.push(x);
            }
            e.kind = EK::Array(exprs);
            e
        })
    }

    fn range(&mut self, node: &Node, pos: usize, l: &Id, r: &Id) -> Result<Expr, Box<EvalError>> {
        let _ = node;
        Ok({
            let lhs = self.node(*l)?;
            let rhs = self.node(*r)?;
            let mut e = Expr::new(pos, EK::Null);
            Self::push_ancestry(&mut e, &lhs);
            Self::push_ancestry(&mut e, &rhs);
            e.kind = EK::Range(Box::new(lhs), Box::new(rhs));
            e
        })
    }

    fn object(
        &mut self,
        node: &Node,
        pos: usize,
        pairs: &[(Id, Id)],
    ) -> Result<Expr, Box<EvalError>> {
        let _ = node;
        Ok({
            let mut e = Expr::new(pos, EK::Null);
            let pairs = self.pairs(pairs, &mut e)?;
            e.kind = EK::Object(Group { pairs });
            e
        })
    }

    fn grouping(
        &mut self,
        node: &Node,
        pos: usize,
        lhs: &Id,
        pairs: &[(Id, Id)],
    ) -> Result<Expr, Box<EvalError>> {
        let _ = node;
        Ok({
            let mut result = self.node(*lhs)?;
            if result.group.is_some() {
                return Err(EvalError::new("S0210", pos));
            }
            let mut holder = Expr::new(pos, EK::Null);
            let pairs = self.pairs(pairs, &mut holder)?;
            result.seeking.extend(holder.seeking);
            result.group = Some(Box::new(Group { pairs }));
            result
        })
    }

    fn predicate_node(
        &mut self,
        node: &Node,
        pos: usize,
        lhs: &Id,
        filter: &Option<Id>,
    ) -> Result<Expr, Box<EvalError>> {
        let _ = node;
        self.predicate(pos, *lhs, *filter)
    }

    fn call(
        &mut self,
        node: &Node,
        pos: usize,
        callee: &Id,
        args: &[Id],
    ) -> Result<Expr, Box<EvalError>> {
        let _ = node;
        Ok({
            let mut e = Expr::new(pos, EK::Null);
            let mut partial = false;
            let mut compiled = Vec::with_capacity(args.len());
            for &a in args {
                let x = self.node(a)?;
                if matches!(x.kind, EK::Placeholder) {
                    partial = true;
                }
                Self::push_ancestry(&mut e, &x);
                compiled.push(x);
            }
            let proc = self.node(*callee)?;
            e.kind = EK::Call {
                proc: Box::new(proc),
                args: compiled,
                partial,
            };
            e
        })
    }

    fn lambda(
        &mut self,
        node: &Node,
        pos: usize,
        params: &[Id],
        body: &Id,
        sig: &Option<String>,
    ) -> Result<Expr, Box<EvalError>> {
        let _ = node;
        Ok({
            let params = params
                .iter()
                .map(|&p| match self.ast.nodes.get(p).map(|n| &n.kind) {
                    Some(Kind::Var(n)) => Ok(Rc::from(n.as_str())),
                    _ => Err(EvalError::new("S0208", pos)),
                })
                .collect::<Result<Vec<_>, _>>()?;
            let sig = match sig {
                Some(s) => Some(Signature::parse(s).map_err(|code| EvalError::new(code, pos))?),
                None => None,
            };
            let body = tail_call(self.node(*body)?);
            Expr::new(
                pos,
                EK::Lambda(Rc::new(LambdaDef {
                    params,
                    body,
                    sig,
                    thunk: false,
                })),
            )
        })
    }

    fn sort(
        &mut self,
        node: &Node,
        pos: usize,
        lhs: &Id,
        terms: &[(Id, bool)],
    ) -> Result<Expr, Box<EvalError>> {
        let _ = node;
        Ok({
            let lhs = self.node(*lhs)?;
            let mut result = if matches!(lhs.kind, EK::Path(_)) {
                lhs
            } else {
                lhs.into_path()
            };
            let mut sort = Expr::new(pos, EK::Null);
            let mut compiled = Vec::with_capacity(terms.len());
            for &(t, desc) in terms {
                let x = self.node(t)?;
                Self::push_ancestry(&mut sort, &x);
                compiled.push((x, desc));
            }
            sort.kind = EK::Sort(compiled);
            if let Some(steps) = result.steps_mut() {
                steps.push(sort);
            }
            self.resolve_ancestry(&mut result);
            result
        })
    }

    fn focus_or_index(
        &mut self,
        node: &Node,
        pos: usize,
        lhs: &Id,
        var: &Id,
    ) -> Result<Expr, Box<EvalError>> {
        let _ = node;
        Ok({
            let is_focus = matches!(node.kind, Kind::Focus(..));
            let name: Rc<str> = match self.ast.nodes.get(*var).map(|n| &n.kind) {
                Some(Kind::Var(n)) => Rc::from(n.as_str()),
                _ => return Err(EvalError::new("S0214", pos)),
            };
            let mut result = self.node(*lhs)?;
            if is_focus {
                let is_path = matches!(result.kind, EK::Path(_));
                let step = if is_path {
                    result.steps_mut().and_then(|s| s.last_mut())
                } else {
                    Some(&mut result)
                };
                if let Some(step) = step {
                    if !step.stages.is_empty() || !step.predicate.is_empty() {
                        return Err(EvalError::new("S0215", pos));
                    }
                    if matches!(step.kind, EK::Sort(_)) {
                        return Err(EvalError::new("S0216", pos));
                    }
                    step.focus = Some(name);
                    step.tuple = true;
                }
                result
            } else {
                if !matches!(result.kind, EK::Path(_)) {
                    let mut inner = result;
                    inner.stages = std::mem::take(&mut inner.predicate);
                    result = inner.into_path();
                }
                if let Some(step) = result.steps_mut().and_then(|s| s.last_mut()) {
                    if step.stages.is_empty() {
                        step.index = Some(name);
                    } else {
                        step.stages.push(Stage::Index(name));
                    }
                    step.tuple = true;
                }
                result
            }
        })
    }

    fn transform(
        &mut self,
        node: &Node,
        pos: usize,
        p: &Id,
        u: &Id,
        d: &Option<Id>,
    ) -> Result<Expr, Box<EvalError>> {
        let _ = node;
        Ok({
            let p = self.node(*p)?;
            let u = self.node(*u)?;
            let d = d.map(|d| self.node(d)).transpose()?;
            Expr::new(
                pos,
                EK::Transform(Rc::new(TransformDef {
                    pattern: p,
                    update: u,
                    delete: d,
                })),
            )
        })
    }

    fn pairs(
        &mut self,
        pairs: &[(Id, Id)],
        holder: &mut Expr,
    ) -> Result<Vec<(Expr, Expr)>, Box<EvalError>> {
        let mut out = Vec::with_capacity(pairs.len());
        for &(k, v) in pairs {
            let k = self.node(k)?;
            let v = self.node(v)?;
            Self::push_ancestry(holder, &k);
            Self::push_ancestry(holder, &v);
            out.push((k, v));
        }
        Ok(out)
    }

    fn predicate(
        &mut self,
        pos: usize,
        lhs: Id,
        filter: Option<Id>,
    ) -> Result<Expr, Box<EvalError>> {
        let mut result = self.node(lhs)?;
        let Some(filter) = filter else {
            // `a[]`: keep singleton arrays.
            match &mut result.kind {
                EK::Path(steps) => {
                    if let Some(last) = steps.last_mut() {
                        last.keep_array = true;
                    }
                    result.keep_singleton = true;
                }
                _ => result.keep_array = true,
            }
            return Ok(result);
        };
        let mut pred = self.node(filter)?;
        let in_path = matches!(result.kind, EK::Path(_));
        {
            let step = if in_path {
                result.steps_mut().and_then(|s| s.last_mut())
            } else {
                Some(&mut result)
            };
            let Some(step) = step else {
                return Ok(result);
            };
            if step.group.is_some() {
                return Err(EvalError::new("S0209", pos));
            }
            let seeking = std::mem::take(&mut pred.seeking);
            let mut pushed = Vec::new();
            for slot in seeking {
                let level = self.slots.get(slot).map_or(0, |s| s.level);
                if level == 1 {
                    self.seek_parent(step, slot)?;
                } else if let Some(s) = self.slots.get_mut(slot) {
                    s.level -= 1;
                }
                pushed.push(slot);
            }
            step.seeking.extend(pushed);
            if in_path {
                step.stages.push(Stage::Filter(pred));
            } else {
                step.predicate.push(Stage::Filter(pred));
            }
        }
        if in_path {
            let seeking: Vec<usize> = result
                .steps_mut()
                .and_then(|s| s.last())
                .map(|s| s.seeking.clone())
                .unwrap_or_default();
            let _ = seeking;
        }
        Ok(result)
    }

    fn path(&mut self, pos: usize, l: Id, r: Id) -> Result<Expr, Box<EvalError>> {
        let lstep = self.node(l)?;
        let lhs_parent = matches!(lstep.kind, EK::Parent(_));
        let mut result = if matches!(lstep.kind, EK::Path(_)) {
            lstep
        } else {
            let seeking = if let EK::Parent(slot) = lstep.kind {
                vec![slot]
            } else {
                Vec::new()
            };
            let mut p = Expr::new(pos, EK::Path(Vec::new()));
            p.seeking = seeking;
            if let Some(steps) = p.steps_mut() {
                steps.push(lstep);
            }
            p
        };
        let _ = lhs_parent;
        let rest = self.node(r)?;
        match rest.kind {
            EK::Path(rsteps) => {
                if let Some(steps) = result.steps_mut() {
                    steps.extend(rsteps);
                }
            }
            _ => {
                let mut rest = rest;
                if !rest.predicate.is_empty() {
                    rest.stages = std::mem::take(&mut rest.predicate);
                }
                if let Some(steps) = result.steps_mut() {
                    steps.push(rest);
                }
            }
        }
        let mut keep = false;
        if let Some(steps) = result.steps_mut() {
            for step in steps.iter_mut() {
                match &step.kind {
                    EK::Num(_) | EK::Bool(_) | EK::Null => {
                        return Err(EvalError::new("S0213", step.pos));
                    }
                    EK::Str(s) => {
                        step.kind = EK::Name(s.clone());
                    }
                    _ => {}
                }
                if step.keep_array {
                    keep = true;
                }
            }
            if let Some(first) = steps.first_mut() {
                if first.is_array_constructor() {
                    first.cons_array = true;
                }
            }
            if let Some(last) = steps.last_mut() {
                if last.is_array_constructor() {
                    last.cons_array = true;
                }
            }
        }
        if keep {
            result.keep_singleton = true;
        }
        self.resolve_ancestry(&mut result);
        Ok(result)
    }

    fn resolve_ancestry(&mut self, path: &mut Expr) {
        let EK::Path(steps) = &mut path.kind else {
            return;
        };
        let Some(last) = steps.last() else { return };
        let mut slots: Vec<usize> = last.seeking.clone();
        if let EK::Parent(slot) = last.kind {
            slots.push(slot);
        }
        let n = steps.len();
        for slot in slots {
            let mut index = n as isize - 2;
            while self.slots.get(slot).is_some_and(|s| s.level > 0) {
                if index < 0 {
                    path.seeking.push(slot);
                    break;
                }
                let mut i = index as usize;
                index -= 1;
                // Contiguous steps that bind the focus are skipped.
                while index >= 0
                    && steps.get(i).is_some_and(|s| s.focus.is_some())
                    && steps.get(index as usize).is_some_and(|s| s.focus.is_some())
                {
                    i = index as usize;
                    index -= 1;
                }
                if let Some(step) = steps.get_mut(i) {
                    if self.seek_parent(step, slot).is_err() {
                        break;
                    }
                }
            }
        }
    }

    fn seek_parent(&mut self, node: &mut Expr, slot: usize) -> Result<(), Box<EvalError>> {
        match &mut node.kind {
            EK::Name(_) | EK::Wildcard => {
                let Some(s) = self.slots.get_mut(slot) else {
                    return Ok(());
                };
                s.level = s.level.saturating_sub(1);
                if s.level == 0 {
                    match node.ancestor {
                        None => node.ancestor = Some(slot),
                        Some(existing) => {
                            let label = self.slots.get(existing).map_or(existing, |e| e.label);
                            if let Some(s) = self.slots.get_mut(slot) {
                                s.label = label;
                            }
                            node.ancestor = Some(slot);
                        }
                    }
                    node.tuple = true;
                }
                Ok(())
            }
            EK::Parent(_) => {
                if let Some(s) = self.slots.get_mut(slot) {
                    s.level += 1;
                }
                Ok(())
            }
            EK::Block(items) => {
                if let Some(last) = items.last_mut() {
                    node.tuple = true;
                    self.seek_parent(last, slot)?;
                }
                Ok(())
            }
            EK::Path(steps) => {
                node.tuple = true;
                let mut index = steps.len();
                while index > 0 {
                    index -= 1;
                    if let Some(step) = steps.get_mut(index) {
                        self.seek_parent(step, slot)?;
                    }
                    if self.slots.get(slot).is_none_or(|s| s.level == 0) {
                        break;
                    }
                }
                Ok(())
            }
            _ => Err(EvalError::new("S0217", node.pos)),
        }
    }
}

/// Marks the calls in tail position of a function body, so that they run in the caller's
/// loop instead of nesting.
fn tail_call(mut e: Expr) -> Expr {
    match e.kind {
        EK::Call { partial: false, .. } if e.predicate.is_empty() && e.group.is_none() => {
            let pos = e.pos;
            Expr::new(
                pos,
                EK::Lambda(Rc::new(LambdaDef {
                    params: Vec::new(),
                    body: e,
                    sig: None,
                    thunk: true,
                })),
            )
        }
        EK::Cond(c, t, f) => {
            e.kind = EK::Cond(
                c,
                Box::new(tail_call(*t)),
                f.map(|f| Box::new(tail_call(*f))),
            );
            e
        }
        EK::Block(mut items) => {
            if let Some(last) = items.pop() {
                items.push(tail_call(last));
            }
            e.kind = EK::Block(items);
            e
        }
        _ => e,
    }
}
