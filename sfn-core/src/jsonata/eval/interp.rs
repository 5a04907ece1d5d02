//! The evaluation of a compiled expression: paths and sequences, tuple streams for `@`, `#`
//! and `%`, operators, constructors, functions and their application with tail calls.

use std::rc::{Rc, Weak};
use std::time::Instant;

use serde_json::{Map, Value as Json};

use std::collections::HashMap;

use super::compile::{compile, Expr, Group, LambdaDef, Op, Program, Stage, TransformDef, EK};
use super::frame::Frame;
use super::value::{
    deep_equal, from_json, items, number_string, stringify, to_json, Arr, Func, Obj, Val,
    MAX_DATA_DEPTH,
};
use super::{builtins, EvalError, Host, Limits};
use crate::jsonata::Ast;

pub(crate) type R = Result<Option<Val>, Box<EvalError>>;

pub(crate) struct Interp<'a> {
    prog: &'a Program,
    depth: usize,
    max_depth: usize,
    steps: u64,
    max_steps: u64,
    deadline: Option<Instant>,
    frames: Vec<Weak<Frame>>,
    pub(crate) host: &'a mut dyn Host,
    pub(crate) now: i64,
}

pub(crate) fn run(
    ast: &Ast,
    input: Option<&Json>,
    bindings: &Map<String, Json>,
    host: &mut dyn Host,
    limits: &Limits,
) -> Result<Option<Json>, Box<EvalError>> {
    let prog = {
        let _guard = super::stack::Guard::new(limits.max_stack);
        compile(ast, limits.max_depth.max(1))?
    };
    let bound: Vec<(Rc<str>, Val)> = bindings
        .iter()
        .map(|(k, v)| (Rc::from(k.as_str()), from_json(v)))
        .collect();
    run_program(&prog, input, &bound, host, limits)
}

/// Evaluates a compiled program with variables already converted.
pub(crate) fn run_program(
    prog: &super::compile::Program,
    input: Option<&Json>,
    bindings: &[(Rc<str>, Val)],
    host: &mut dyn Host,
    limits: &Limits,
) -> Result<Option<Json>, Box<EvalError>> {
    let _guard = super::stack::Guard::new(limits.max_stack);
    let env = Rc::new(Frame::default());
    for (k, v) in bindings {
        env.bind(Rc::clone(k), v.clone());
    }
    let now = host.now_millis();
    let mut it = Interp {
        prog,
        depth: 0,
        max_depth: limits.max_depth,
        steps: 0,
        max_steps: limits.max_steps.unwrap_or(u64::MAX),
        deadline: limits.time_limit.map(|d| Instant::now() + d),
        frames: Vec::new(),
        host,
        now,
    };
    let mut input = input.map(from_json);
    if let Some(i) = &input {
        env.bind(Rc::from("$"), i.clone());
    }
    if let Some(Val::Arr(a)) = &input {
        let mut w = Arr::new(vec![Val::Arr(a.clone())]);
        w.seq = true;
        w.outer = true;
        input = Some(Val::Arr(Rc::new(w)));
    }
    let result = it.eval(&prog.root, input.as_ref(), &env);
    let out = match result {
        Ok(Some(v)) => to_json(&v, 0).map(Some),
        Ok(None) => Ok(None),
        Err(e) => Err(e),
    };
    // Recursive closures keep their frames alive; empty them all.
    for f in it.frames.drain(..) {
        if let Some(f) = f.upgrade() {
            f.clear();
        }
    }
    env.clear();
    out
}

fn is_int(n: f64) -> bool {
    n.is_finite() && n.fract() == 0.0
}

/// JSONata's truthiness (`$boolean`), `None` for undefined.
pub(crate) fn boolean(v: Option<&Val>) -> Option<bool> {
    let v = v?;
    Some(match v {
        Val::Null => false,
        Val::Bool(b) => *b,
        Val::Num(n) => *n != 0.0,
        Val::Str(s) => !s.is_empty(),
        Val::Obj(o) => o.len() > 0,
        Val::Fun(_) => false,
        Val::Arr(a) => match a.items.len() {
            0 => false,
            1 => boolean(a.items.first()).unwrap_or(false),
            _ => a.items.iter().any(|x| boolean(Some(x)).unwrap_or(false)),
        },
    })
}

/// `$append`: a sequence or array joined with another, as a plain array.
pub(crate) fn append(a: Option<Val>, b: Option<Val>) -> Option<Val> {
    match (a, b) {
        (None, b) => b,
        (a, None) => a,
        (Some(a), Some(b)) => {
            let mut out = items(&a);
            match b {
                Val::Arr(arr) => out.extend(arr.items.iter().cloned()),
                other => out.push(other),
            }
            Some(Val::array(out))
        }
    }
}

/// Flattens nested arrays into one.
pub(crate) fn flatten(v: &Val, out: &mut Vec<Val>, depth: usize) -> Result<(), Box<EvalError>> {
    if depth > MAX_DATA_DEPTH || super::stack::exhausted() {
        return Err(EvalError::too_deep());
    }
    match v {
        Val::Arr(a) => {
            for x in &a.items {
                flatten(x, out, depth + 1)?;
            }
        }
        other => out.push(other.clone()),
    }
    Ok(())
}

fn lookup(input: &Val, key: &str, depth: usize) -> Result<Option<Val>, Box<EvalError>> {
    if depth > MAX_DATA_DEPTH || super::stack::exhausted() {
        return Err(EvalError::too_deep());
    }
    match input {
        Val::Arr(a) => {
            let mut out = Vec::new();
            for x in &a.items {
                if let Some(r) = lookup(x, key, depth + 1)? {
                    match r {
                        Val::Arr(ra) => out.extend(ra.items.iter().cloned()),
                        other => out.push(other),
                    }
                }
            }
            Ok(Some(Val::seq(out)))
        }
        Val::Obj(o) => Ok(o.get(key).cloned()),
        _ => Ok(None),
    }
}

fn tuple_get<'v>(t: &'v Val, key: &str) -> Option<&'v Val> {
    match t {
        Val::Obj(o) => o.get(key),
        _ => None,
    }
}

fn tuple_stream(items: Vec<Val>) -> Val {
    let mut a = Arr::new(items);
    a.seq = true;
    a.cons = false;
    // Tuple streams are marked by `outer = false, keep = false, seq = true` plus the flag.
    Val::Arr(Rc::new(TupleArr::mark(a)))
}

/// Tuple streams are sequences whose items are tuples (objects of bindings, the context at
/// `@`); they are marked with `keep` and `cons` both set, a combination no other sequence
/// has.
struct TupleArr;

impl TupleArr {
    fn mark(mut a: Arr) -> Arr {
        a.keep = true;
        a.cons = true;
        a
    }
}

pub(crate) fn is_tuple_stream(v: &Val) -> bool {
    matches!(v, Val::Arr(a) if a.seq && a.keep && a.cons)
}

impl Interp<'_> {
    pub(crate) fn new_frame(&mut self, parent: &Rc<Frame>) -> Rc<Frame> {
        let f = Frame::child(parent);
        self.frames.push(Rc::downgrade(&f));
        if self.frames.len() > 4096 {
            self.frames.retain(|w| w.strong_count() > 0);
        }
        f
    }

    fn frame_from_tuple(&mut self, env: &Rc<Frame>, tuple: &Val) -> Rc<Frame> {
        let f = self.new_frame(env);
        if let Val::Obj(o) = tuple {
            for (k, v) in o.iter() {
                if &**k != "@" {
                    f.bind(k.clone(), v.clone());
                }
            }
        }
        f
    }

    fn enter(&mut self, pos: usize) -> Result<(), Box<EvalError>> {
        self.depth += 1;
        self.steps += 1;
        if self.depth > self.max_depth || super::stack::exhausted() {
            return Err(EvalError::stack_overflow(pos));
        }
        if self.steps > self.max_steps {
            return Err(EvalError::new("U1001", pos)
                .with_message("Expression evaluation timeout: Check for infinite loop"));
        }
        if self.steps % 1024 == 0 {
            if let Some(d) = self.deadline {
                if Instant::now() > d {
                    return Err(EvalError::new("U1001", pos)
                        .with_message("Expression evaluation timeout: Check for infinite loop"));
                }
            }
        }
        Ok(())
    }

    /// Counts work done outside `eval` (long loops in built-in functions).
    pub(crate) fn tick(&mut self, n: u64) -> Result<(), Box<EvalError>> {
        self.steps += n;
        if self.steps > self.max_steps {
            return Err(EvalError::new("U1001", 0)
                .with_message("Expression evaluation timeout: Check for infinite loop"));
        }
        Ok(())
    }

    pub(crate) fn eval(&mut self, e: &Expr, input: Option<&Val>, env: &Rc<Frame>) -> R {
        if let Err(err) = self.enter(e.pos) {
            self.depth -= 1;
            return Err(err);
        }
        let r = self.eval_checked(e, input, env);
        self.depth -= 1;
        r
    }

    fn eval_checked(&mut self, e: &Expr, input: Option<&Val>, env: &Rc<Frame>) -> R {
        let mut r = self.eval_kind(e, input, env)?;
        for stage in &e.predicate {
            if let Stage::Filter(p) = stage {
                r = self.filter(p, r, env)?;
            }
        }
        if !matches!(e.kind, EK::Path(_)) {
            if let Some(g) = &e.group {
                r = self.group(g, r, env)?;
            }
        }
        if let Some(Val::Arr(a)) = &r {
            if a.seq && !is_tuple_stream(r.as_ref().unwrap_or(&Val::Null)) {
                let keep = a.keep || e.keep_array;
                match a.items.len() {
                    0 => return Ok(None),
                    1 if !keep => return Ok(a.items.first().cloned()),
                    _ => {
                        if e.keep_array && !a.keep {
                            let mut b = (**a).clone();
                            b.keep = true;
                            return Ok(Some(Val::Arr(Rc::new(b))));
                        }
                    }
                }
            }
        }
        Ok(r)
    }

    /// One function per construct, so that each frame on the stack of a deep evaluation
    /// holds only what its construct needs.
    fn eval_kind(&mut self, e: &Expr, input: Option<&Val>, env: &Rc<Frame>) -> R {
        match &e.kind {
            EK::Num(n) => Ok(Some(Val::Num(*n))),
            EK::Str(s) => Ok(Some(Val::Str(s.clone()))),
            EK::Bool(b) => Ok(Some(Val::Bool(*b))),
            EK::Null => Ok(Some(Val::Null)),
            EK::Regex(re) => Ok(Some(Val::Fun(Rc::new(Func::Regex(re.clone()))))),
            EK::Name(name) => match input {
                Some(v) => lookup(v, name, 0),
                None => Ok(None),
            },
            EK::Var(name) => Ok(self.variable(name, input, env)),
            EK::Wildcard => self.wildcard(input),
            EK::Descendants => eval_descendants(input),
            EK::Parent(slot) => Ok(self.parent(*slot, env)),
            EK::Neg(inner) => self.negate(e.pos, inner, input, env),
            EK::Bin(op, l, r) => self.binary(e.pos, *op, l, r, input, env),
            EK::Path(steps) => self.path(e, steps, input, env),
            EK::Bind(name, value) => self.bind(name, value, input, env),
            EK::Cond(c, t, f) => self.condition(c, t, f.as_deref(), input, env),
            EK::Block(items) => self.block(items, input, env),
            EK::Array(items) => self.array(e, items, input, env),
            EK::Range(l, r) => self.range_expr(e.pos, l, r, input, env),
            EK::Object(g) => self.group(g, input.cloned(), env),
            EK::Call {
                proc,
                args,
                partial,
            } => {
                if *partial {
                    self.partial(e.pos, proc, args, input, env)
                } else {
                    self.call(e.pos, proc, args, None, input, env)
                }
            }
            EK::Lambda(def) => Ok(Some(lambda(def, input, env))),
            EK::Sort(_) => self.sort_step(e, input.cloned(), env),
            EK::Transform(def) => Ok(Some(Val::Fun(Rc::new(Func::Transform {
                def: def.clone(),
                env: env.clone(),
            })))),
            EK::Apply(l, r) => self.apply_op(e.pos, l, r, input, env),
            EK::Placeholder => Ok(None),
        }
    }

    fn variable(&mut self, name: &Rc<str>, input: Option<&Val>, env: &Rc<Frame>) -> Option<Val> {
        if name.is_empty() {
            match input {
                Some(Val::Arr(a)) if a.outer => a.items.first().cloned(),
                other => other.cloned(),
            }
        } else {
            if env.has(name) {
                env.lookup(name)
            } else {
                builtins::lookup_builtin(name).map(|b| Val::Fun(Rc::new(Func::Builtin(b))))
            }
        }
    }

    fn parent(&mut self, slot: usize, env: &Rc<Frame>) -> Option<Val> {
        let label = self
            .prog
            .labels
            .get(slot)
            .cloned()
            .unwrap_or_else(|| Rc::from("!"));
        env.lookup(&label)
    }

    fn negate(&mut self, pos: usize, inner: &Expr, input: Option<&Val>, env: &Rc<Frame>) -> R {
        match self.eval(inner, input, env)? {
            None => Ok(None),
            Some(Val::Num(n)) => Ok(Some(Val::Num(-n))),
            Some(v) => Err(EvalError::new("D1002", pos)
                .with_token("-")
                .with_value(Some(v))),
        }
    }

    fn bind(&mut self, name: &Rc<str>, value: &Expr, input: Option<&Val>, env: &Rc<Frame>) -> R {
        let v = self.eval(value, input, env)?;
        env.bind_opt(name.clone(), v.clone());
        Ok(v)
    }

    fn condition(
        &mut self,
        c: &Expr,
        t: &Expr,
        f: Option<&Expr>,
        input: Option<&Val>,
        env: &Rc<Frame>,
    ) -> R {
        let cv = self.eval(c, input, env)?;
        if boolean(cv.as_ref()).unwrap_or(false) {
            self.eval(t, input, env)
        } else if let Some(f) = f {
            self.eval(f, input, env)
        } else {
            Ok(None)
        }
    }

    fn block(&mut self, items: &[Expr], input: Option<&Val>, env: &Rc<Frame>) -> R {
        let frame = self.new_frame(env);
        let mut r = None;
        for x in items {
            r = self.eval(x, input, &frame)?;
        }
        Ok(r)
    }

    fn array(&mut self, e: &Expr, items: &[Expr], input: Option<&Val>, env: &Rc<Frame>) -> R {
        let mut out: Vec<Val> = Vec::new();
        for x in items {
            let v = self.eval(x, input, env)?;
            if let Some(v) = v {
                if matches!(x.kind, EK::Array(_)) {
                    out.push(v);
                } else {
                    match v {
                        Val::Arr(a) => out.extend(a.items.iter().cloned()),
                        other => out.push(other),
                    }
                }
            }
        }
        let mut a = Arr::new(out);
        a.cons = e.cons_array;
        Ok(Some(Val::Arr(Rc::new(a))))
    }

    fn range_expr(
        &mut self,
        pos: usize,
        l: &Expr,
        r: &Expr,
        input: Option<&Val>,
        env: &Rc<Frame>,
    ) -> R {
        let lv = self.eval(l, input, env)?;
        let rv = self.eval(r, input, env)?;
        self.range(pos, lv, rv)
    }

    // -----------------------------------------------------------------------------------------
    // Paths
    // -----------------------------------------------------------------------------------------

    fn path(&mut self, e: &Expr, steps: &[Expr], input: Option<&Val>, env: &Rc<Frame>) -> R {
        let first_is_var = steps.first().is_some_and(|s| matches!(s.kind, EK::Var(_)));
        let mut inseq: Vec<Option<Val>> = match input {
            Some(Val::Arr(a)) if !first_is_var => a.items.iter().cloned().map(Some).collect(),
            other => vec![other.cloned()],
        };
        let mut result: Option<Val> = Some(Val::seq(Vec::new()));
        let mut tuples: Option<Vec<Val>> = None;
        let mut tuple_mode = false;
        let n = steps.len();
        for (i, step) in steps.iter().enumerate() {
            if step.tuple {
                tuple_mode = true;
            }
            if i == 0 && step.cons_array {
                let ctx = match input {
                    Some(Val::Arr(_)) => input.cloned(),
                    Some(v) => Some(Val::seq(vec![v.clone()])),
                    None => None,
                };
                result = self.eval(step, ctx.as_ref(), env)?;
            } else if tuple_mode {
                tuples = Some(self.tuple_step(step, &inseq, tuples.take(), env)?);
            } else {
                result = self.step(step, &inseq, env, i + 1 == n)?;
            }
            if !tuple_mode {
                let empty = match &result {
                    None => true,
                    Some(Val::Arr(a)) => a.items.is_empty(),
                    Some(_) => false,
                };
                if empty {
                    break;
                }
            }
            if step.focus.is_none() {
                inseq = match &result {
                    Some(Val::Arr(a)) => a.items.iter().cloned().map(Some).collect(),
                    Some(v) => vec![Some(v.clone())],
                    None => Vec::new(),
                };
            }
        }
        if tuple_mode {
            let t = tuples.clone().unwrap_or_default();
            if e.tuple {
                result = Some(tuple_stream(t));
            } else {
                let vals = t
                    .iter()
                    .filter_map(|x| tuple_get(x, "@").cloned())
                    .collect();
                result = Some(Val::seq(vals));
            }
        }
        if e.keep_singleton {
            result = match result {
                Some(Val::Arr(a)) if a.cons && !a.seq => {
                    let mut s = Arr::new(vec![Val::Arr(a)]);
                    s.seq = true;
                    s.keep = true;
                    Some(Val::Arr(Rc::new(s)))
                }
                Some(Val::Arr(a)) if !is_tuple_stream(&Val::Arr(a.clone())) => {
                    let mut b = (*a).clone();
                    b.keep = true;
                    Some(Val::Arr(Rc::new(b)))
                }
                other => other,
            };
        }
        if let Some(g) = &e.group {
            if tuple_mode {
                result = self.group(g, Some(tuple_stream(tuples.unwrap_or_default())), env)?;
            } else {
                result = self.group(g, result, env)?;
            }
        }
        Ok(result)
    }

    fn step(&mut self, step: &Expr, inseq: &[Option<Val>], env: &Rc<Frame>, last: bool) -> R {
        if matches!(step.kind, EK::Sort(_)) {
            let input = Val::seq(inseq.iter().flatten().cloned().collect());
            let mut r = self.sort_step(step, Some(input), env)?;
            for stage in &step.stages {
                if let Stage::Filter(p) = stage {
                    r = self.filter(p, r, env)?;
                }
            }
            return Ok(r);
        }
        let mut results: Vec<Val> = Vec::new();
        for item in inseq {
            let mut r = self.eval(step, item.as_ref(), env)?;
            for stage in &step.stages {
                if let Stage::Filter(p) = stage {
                    r = self.filter(p, r, env)?;
                }
            }
            if let Some(r) = r {
                results.push(r);
            }
        }
        if last && results.len() == 1 {
            if let Some(Val::Arr(a)) = results.first() {
                if !a.seq {
                    return Ok(results.pop());
                }
            }
        }
        let mut out = Vec::new();
        for r in results {
            match r {
                Val::Arr(a) if !a.cons => out.extend(a.items.iter().cloned()),
                other => out.push(other),
            }
        }
        Ok(Some(Val::seq(out)))
    }

    fn tuple_step(
        &mut self,
        step: &Expr,
        inseq: &[Option<Val>],
        tuples: Option<Vec<Val>>,
        env: &Rc<Frame>,
    ) -> Result<Vec<Val>, Box<EvalError>> {
        if let EK::Sort(_) = step.kind {
            let mut result = match tuples {
                Some(t) => {
                    let sorted = self.sort_step(step, Some(tuple_stream(t)), env)?;
                    tuples_of(sorted.as_ref(), true)
                }
                None => {
                    let input = Val::seq(inseq.iter().flatten().cloned().collect());
                    let sorted = self.sort_step(step, Some(input), env)?;
                    let mut out = Vec::new();
                    for (i, v) in items_of(sorted.as_ref()).into_iter().enumerate() {
                        let mut t = Obj::default();
                        t.insert(Rc::from("@"), v);
                        if let Some(ix) = &step.index {
                            t.insert(ix.clone(), Val::Num(i as f64));
                        }
                        out.push(Val::obj(t));
                    }
                    out
                }
            };
            result = self.stages(&step.stages, result, env)?;
            return Ok(result);
        }
        let tuples = tuples.unwrap_or_else(|| {
            inseq
                .iter()
                .flatten()
                .map(|v| {
                    let mut t = Obj::default();
                    t.insert(Rc::from("@"), v.clone());
                    Val::obj(t)
                })
                .collect()
        });
        let mut result = Vec::new();
        for tuple in &tuples {
            let frame = self.frame_from_tuple(env, tuple);
            let ctx = tuple_get(tuple, "@").cloned();
            let r = self.eval(step, ctx.as_ref(), &frame)?;
            let Some(r) = r else { continue };
            let stream = is_tuple_stream(&r);
            let rs = match &r {
                Val::Arr(a) => a.items.clone(),
                other => vec![other.clone()],
            };
            let Val::Obj(base) = tuple else { continue };
            for (bb, item) in rs.into_iter().enumerate() {
                let mut t = (**base).clone();
                if stream {
                    if let Val::Obj(o) = &item {
                        for (k, v) in o.iter() {
                            t.insert(k.clone(), v.clone());
                        }
                    }
                } else {
                    if let Some(f) = &step.focus {
                        t.insert(f.clone(), item);
                        if let Some(at) = base.get("@") {
                            t.insert(Rc::from("@"), at.clone());
                        }
                    } else {
                        t.insert(Rc::from("@"), item);
                    }
                    if let Some(ix) = &step.index {
                        t.insert(ix.clone(), Val::Num(bb as f64));
                    }
                    if let Some(slot) = step.ancestor {
                        if let (Some(label), Some(at)) = (self.prog.labels.get(slot), base.get("@"))
                        {
                            t.insert(label.clone(), at.clone());
                        }
                    }
                }
                result.push(Val::obj(t));
            }
        }
        self.stages(&step.stages, result, env)
    }

    fn stages(
        &mut self,
        stages: &[Stage],
        mut tuples: Vec<Val>,
        env: &Rc<Frame>,
    ) -> Result<Vec<Val>, Box<EvalError>> {
        for stage in stages {
            match stage {
                Stage::Filter(p) => {
                    let r = self.filter(p, Some(tuple_stream(tuples)), env)?;
                    tuples = tuples_of(r.as_ref(), true);
                }
                Stage::Index(name) => {
                    tuples = tuples
                        .into_iter()
                        .enumerate()
                        .map(|(i, t)| match t {
                            Val::Obj(o) => {
                                let mut o = (*o).clone();
                                o.insert(name.clone(), Val::Num(i as f64));
                                Val::obj(o)
                            }
                            other => other,
                        })
                        .collect();
                }
            }
        }
        Ok(tuples)
    }

    fn filter(&mut self, pred: &Expr, input: Option<Val>, env: &Rc<Frame>) -> R {
        let stream = input.as_ref().is_some_and(is_tuple_stream);
        let items: Vec<Val> = match &input {
            Some(Val::Arr(a)) => a.items.clone(),
            Some(v) => vec![v.clone()],
            None => Vec::new(),
        };
        let mut out: Vec<Val> = Vec::new();
        if let EK::Num(n) = pred.kind {
            if pred.predicate.is_empty() {
                let mut index = n.floor();
                if index < 0.0 {
                    index += items.len() as f64;
                }
                if index >= 0.0 {
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    if let Some(item) = items.get(index as usize) {
                        if let Val::Arr(a) = item {
                            if !stream {
                                return Ok(Some(Val::Arr(a.clone())));
                            }
                        }
                        out.push(item.clone());
                    }
                }
                return Ok(Some(if stream {
                    tuple_stream(out)
                } else {
                    Val::seq(out)
                }));
            }
        }
        let len = items.len() as f64;
        for (index, item) in items.iter().enumerate() {
            let (ctx, frame) = if stream {
                let f = self.frame_from_tuple(env, item);
                (tuple_get(item, "@").cloned(), f)
            } else {
                (Some(item.clone()), env.clone())
            };
            let r = self.eval(pred, ctx.as_ref(), &frame)?;
            let numbers: Option<Vec<f64>> = match &r {
                Some(Val::Num(n)) => Some(vec![*n]),
                Some(Val::Arr(a)) if a.items.iter().all(|x| matches!(x, Val::Num(_))) => {
                    Some(a.items.iter().filter_map(Val::num).collect())
                }
                _ => None,
            };
            match numbers {
                Some(ns) => {
                    for n in ns {
                        let mut ii = n.floor();
                        if ii < 0.0 {
                            ii += len;
                        }
                        if ii == index as f64 {
                            out.push(item.clone());
                        }
                    }
                }
                None => {
                    if boolean(r.as_ref()).unwrap_or(false) {
                        out.push(item.clone());
                    }
                }
            }
        }
        Ok(Some(if stream {
            tuple_stream(out)
        } else {
            Val::seq(out)
        }))
    }

    fn wildcard(&mut self, input: Option<&Val>) -> R {
        let mut input = input;
        if let Some(Val::Arr(a)) = input {
            if a.outer && !a.items.is_empty() {
                input = a.items.first();
            }
        }
        let mut results: Vec<Val> = Vec::new();
        let mut plain = false;
        let mut add = |v: &Val, results: &mut Vec<Val>| -> Result<(), Box<EvalError>> {
            if let Val::Arr(_) = v {
                flatten(v, results, 0)?;
                plain = true;
            } else {
                results.push(v.clone());
            }
            Ok(())
        };
        match input {
            Some(Val::Obj(o)) => {
                for (_, v) in o.iter() {
                    add(v, &mut results)?;
                }
            }
            Some(Val::Arr(a)) => {
                for v in &a.items {
                    add(v, &mut results)?;
                }
            }
            _ => {}
        }
        Ok(Some(if plain {
            Val::array(results)
        } else {
            Val::seq(results)
        }))
    }

    // -----------------------------------------------------------------------------------------
    // Grouping and sorting
    // -----------------------------------------------------------------------------------------

    fn group(&mut self, g: &Group, input: Option<Val>, env: &Rc<Frame>) -> R {
        let stream = input.as_ref().is_some_and(is_tuple_stream);
        let mut inputs: Vec<Option<Val>> = match &input {
            Some(Val::Arr(a)) => a.items.iter().cloned().map(Some).collect(),
            Some(v) => vec![Some(v.clone())],
            None => Vec::new(),
        };
        if inputs.is_empty() {
            inputs.push(None);
        }
        // key -> (data, pair index), in first-seen order
        let mut groups: Vec<(Rc<str>, Option<Val>, usize)> = Vec::new();
        let mut index: std::collections::HashMap<Rc<str>, usize> = std::collections::HashMap::new();
        for item in &inputs {
            let (ctx, frame) = match (stream, item) {
                (true, Some(t)) => (tuple_get(t, "@").cloned(), self.frame_from_tuple(env, t)),
                _ => (item.clone(), env.clone()),
            };
            for (pi, (k, _)) in g.pairs.iter().enumerate() {
                let key = self.eval(k, ctx.as_ref(), &frame)?;
                let key = match key {
                    None => continue,
                    Some(Val::Str(s)) => s,
                    Some(other) => {
                        return Err(EvalError::new("T1003", k.pos).with_value(Some(other)))
                    }
                };
                match index.get(&key) {
                    Some(&gi) => {
                        let Some(entry) = groups.get_mut(gi) else {
                            continue;
                        };
                        if entry.2 != pi {
                            return Err(EvalError::new("D1009", k.pos)
                                .with_value(Some(Val::Str(key.clone()))));
                        }
                        entry.1 = append(entry.1.take(), item.clone());
                    }
                    None => {
                        index.insert(key.clone(), groups.len());
                        groups.push((key, item.clone(), pi));
                    }
                }
            }
        }
        let mut result = Obj::default();
        for (key, data, pi) in groups {
            let (ctx, frame) = if stream {
                let tuple = reduce_tuples(data.as_ref());
                let at = tuple_get(&tuple, "@").cloned();
                (at, self.frame_from_tuple(env, &tuple))
            } else {
                (data, env.clone())
            };
            let Some((_, v)) = g.pairs.get(pi) else {
                continue;
            };
            if let Some(value) = self.eval(v, ctx.as_ref(), &frame)? {
                result.insert(key, value);
            }
        }
        Ok(Some(Val::obj(result)))
    }

    fn sort_step(&mut self, step: &Expr, input: Option<Val>, env: &Rc<Frame>) -> R {
        let EK::Sort(terms) = &step.kind else {
            return Ok(input);
        };
        let stream = input.as_ref().is_some_and(is_tuple_stream);
        let items: Vec<Val> = match &input {
            Some(Val::Arr(a)) => a.items.clone(),
            Some(v) => vec![v.clone()],
            None => return Ok(None),
        };
        // Evaluate the sort keys once per item.
        let mut keyed: Vec<(Vec<Option<Val>>, Val)> = Vec::with_capacity(items.len());
        for item in items {
            let (ctx, frame) = if stream {
                (
                    tuple_get(&item, "@").cloned(),
                    self.frame_from_tuple(env, &item),
                )
            } else {
                (Some(item.clone()), env.clone())
            };
            let mut keys = Vec::with_capacity(terms.len());
            for (t, _) in terms {
                keys.push(self.eval(t, ctx.as_ref(), &frame)?);
            }
            keyed.push((keys, item));
        }
        let mut err: Option<Box<EvalError>> = None;
        let pos = step.pos;
        let cmp =
            |a: &(Vec<Option<Val>>, Val), b: &(Vec<Option<Val>>, Val)| {
                for (i, (_, desc)) in terms.iter().enumerate() {
                    let x = a.0.get(i).cloned().flatten();
                    let y = b.0.get(i).cloned().flatten();
                    let c =
                        match (&x, &y) {
                            (None, None) => continue,
                            (None, _) => return Ok(std::cmp::Ordering::Greater),
                            (_, None) => return Ok(std::cmp::Ordering::Less),
                            (Some(p), Some(q)) => {
                                let ok = |v: &Val| matches!(v, Val::Num(_) | Val::Str(_));
                                if !ok(p) || !ok(q) {
                                    return Err(EvalError::new("T2008", pos)
                                        .with_value(if ok(p) { y.clone() } else { x.clone() }));
                                }
                                match (p, q) {
                                    (Val::Num(m), Val::Num(n)) => {
                                        m.partial_cmp(n).unwrap_or(std::cmp::Ordering::Equal)
                                    }
                                    (Val::Str(m), Val::Str(n)) => js_str_cmp(m, n),
                                    _ => {
                                        return Err(EvalError::new("T2007", pos)
                                            .with_value(x.clone())
                                            .with_value2(y.clone()))
                                    }
                                }
                            }
                        };
                    if c == std::cmp::Ordering::Equal {
                        continue;
                    }
                    return Ok(if *desc { c.reverse() } else { c });
                }
                Ok(std::cmp::Ordering::Equal)
            };
        keyed.sort_by(|a, b| match cmp(a, b) {
            Ok(o) => o,
            Err(e) => {
                if err.is_none() {
                    err = Some(e);
                }
                std::cmp::Ordering::Equal
            }
        });
        if let Some(e) = err {
            return Err(e);
        }
        let sorted: Vec<Val> = keyed.into_iter().map(|(_, v)| v).collect();
        Ok(Some(if stream {
            tuple_stream(sorted)
        } else {
            Val::seq(sorted)
        }))
    }

    // -----------------------------------------------------------------------------------------
    // Operators
    // -----------------------------------------------------------------------------------------

    fn binary(
        &mut self,
        pos: usize,
        op: Op,
        l: &Expr,
        r: &Expr,
        input: Option<&Val>,
        env: &Rc<Frame>,
    ) -> R {
        let lhs = self.eval(l, input, env)?;
        if matches!(op, Op::And | Op::Or) {
            let lb = boolean(lhs.as_ref()).unwrap_or(false);
            let result = match op {
                Op::And if !lb => false,
                Op::Or if lb => true,
                _ => {
                    let rhs = self.eval(r, input, env)?;
                    boolean(rhs.as_ref()).unwrap_or(false)
                }
            };
            return Ok(Some(Val::Bool(result)));
        }
        let rhs = self.eval(r, input, env)?;
        self.operate(pos, op, lhs, rhs)
    }

    fn operate(&mut self, pos: usize, op: Op, lhs: Option<Val>, rhs: Option<Val>) -> R {
        let tok = op.symbol();
        match op {
            Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Rem => {
                let ln = numeric(pos, tok, &lhs, "T2001")?;
                let rn = numeric(pos, tok, &rhs, "T2002")?;
                let (Some(a), Some(b)) = (ln, rn) else {
                    return Ok(None);
                };
                let v = match op {
                    Op::Add => a + b,
                    Op::Sub => a - b,
                    Op::Mul => a * b,
                    Op::Div => a / b,
                    _ => a % b,
                };
                Ok(Some(Val::Num(v)))
            }
            Op::Eq | Op::Ne => {
                let (Some(a), Some(b)) = (&lhs, &rhs) else {
                    return Ok(Some(Val::Bool(false)));
                };
                let eq = deep_equal(a, b, 0)?;
                Ok(Some(Val::Bool(if op == Op::Eq { eq } else { !eq })))
            }
            Op::Lt | Op::Le | Op::Gt | Op::Ge => {
                let comparable =
                    |v: &Option<Val>| matches!(v, None | Some(Val::Num(_) | Val::Str(_)));
                if !comparable(&lhs) || !comparable(&rhs) {
                    let bad = if comparable(&lhs) { rhs } else { lhs };
                    return Err(EvalError::new("T2010", pos).with_token(tok).with_value(bad));
                }
                let (Some(a), Some(b)) = (&lhs, &rhs) else {
                    return Ok(None);
                };
                let ord = match (a, b) {
                    (Val::Num(x), Val::Num(y)) => x.partial_cmp(y),
                    (Val::Str(x), Val::Str(y)) => Some(js_str_cmp(x, y)),
                    _ => {
                        return Err(EvalError::new("T2009", pos)
                            .with_token(tok)
                            .with_value(lhs.clone())
                            .with_value2(rhs.clone()))
                    }
                };
                let Some(ord) = ord else {
                    return Ok(Some(Val::Bool(false)));
                };
                use std::cmp::Ordering::{Equal, Greater, Less};
                let v = match op {
                    Op::Lt => ord == Less,
                    Op::Le => ord != Greater,
                    Op::Gt => ord == Greater,
                    _ => ord != Less,
                };
                let _ = Equal;
                Ok(Some(Val::Bool(v)))
            }
            Op::Concat => {
                let a = match &lhs {
                    None => String::new(),
                    Some(v) => self.to_string(v, pos)?,
                };
                let b = match &rhs {
                    None => String::new(),
                    Some(v) => self.to_string(v, pos)?,
                };
                Ok(Some(Val::str(&(a + &b))))
            }
            Op::In => {
                let (Some(a), Some(b)) = (&lhs, &rhs) else {
                    return Ok(Some(Val::Bool(false)));
                };
                for x in items(b) {
                    if deep_equal(a, &x, 0)? {
                        return Ok(Some(Val::Bool(true)));
                    }
                }
                Ok(Some(Val::Bool(false)))
            }
            Op::And | Op::Or => Ok(None),
        }
    }

    /// `$string` of a value.
    pub(crate) fn to_string(&self, v: &Val, pos: usize) -> Result<String, Box<EvalError>> {
        match v {
            Val::Str(s) => Ok(s.to_string()),
            Val::Fun(_) => Ok(String::new()),
            Val::Num(n) if !n.is_finite() => {
                Err(EvalError::new("D3001", pos).with_value(Some(v.clone())))
            }
            Val::Num(n) => Ok(number_string(*n)),
            other => stringify(other, false),
        }
    }

    fn range(&mut self, pos: usize, lv: Option<Val>, rv: Option<Val>) -> R {
        let bad = |v: &Option<Val>| match v {
            None => false,
            Some(Val::Num(n)) => !is_int(*n),
            Some(_) => true,
        };
        if bad(&lv) {
            return Err(EvalError::new("T2003", pos).with_value(lv));
        }
        if bad(&rv) {
            return Err(EvalError::new("T2004", pos).with_value(rv));
        }
        let (Some(Val::Num(a)), Some(Val::Num(b))) = (&lv, &rv) else {
            return Ok(None);
        };
        if a > b {
            return Ok(None);
        }
        let size = b - a + 1.0;
        if size > 1e7 {
            return Err(EvalError::new("D2014", pos).with_value(Some(Val::Num(size))));
        }
        self.tick(size as u64 / 16)?;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let n = size as usize;
        let mut out = Vec::with_capacity(n);
        let mut x = *a;
        for _ in 0..n {
            out.push(Val::Num(x));
            x += 1.0;
        }
        Ok(Some(Val::seq(out)))
    }

    fn apply_op(
        &mut self,
        pos: usize,
        l: &Expr,
        r: &Expr,
        input: Option<&Val>,
        env: &Rc<Frame>,
    ) -> R {
        let lhs = self.eval(l, input, env)?;
        if let EK::Call {
            proc,
            args,
            partial: false,
        } = &r.kind
        {
            if r.predicate.is_empty() && r.group.is_none() {
                return self.call(r.pos, proc, args, Some(lhs), input, env);
            }
        }
        let func = self.eval(r, input, env)?;
        let Some(Val::Fun(f)) = &func else {
            return Err(EvalError::new("T2006", pos).with_value(func));
        };
        if let Some(Val::Fun(g)) = &lhs {
            // Composition: a function that applies lhs then rhs.
            return Ok(Some(Val::Fun(Rc::new(Func::Compose(
                Val::Fun(g.clone()),
                Val::Fun(f.clone()),
            )))));
        }
        self.apply(&Val::Fun(f.clone()), vec![lhs], input, env, pos)
    }

    // -----------------------------------------------------------------------------------------
    // Functions
    // -----------------------------------------------------------------------------------------

    fn proc_name(proc: &Expr) -> Option<Rc<str>> {
        match &proc.kind {
            EK::Path(steps) => match steps.first().map(|s| &s.kind) {
                Some(EK::Name(n)) => Some(n.clone()),
                _ => None,
            },
            EK::Var(n) => Some(n.clone()),
            _ => None,
        }
    }

    fn call(
        &mut self,
        pos: usize,
        proc: &Expr,
        args: &[Expr],
        applyto: Option<Option<Val>>,
        input: Option<&Val>,
        env: &Rc<Frame>,
    ) -> R {
        let f = self.eval(proc, input, env)?;
        let name = Self::proc_name(proc);
        if f.is_none() {
            if let (EK::Path(_), Some(n)) = (&proc.kind, &name) {
                if env.lookup(n).is_some() || (!env.has(n) && builtins::lookup_builtin(n).is_some())
                {
                    return Err(EvalError::new("T1005", pos).with_token(n));
                }
            }
        }
        let mut vals = Vec::with_capacity(args.len() + 1);
        if let Some(ctx) = applyto {
            vals.push(ctx);
        }
        for a in args {
            vals.push(self.eval(a, input, env)?);
        }
        let Some(f) = f else {
            let e = EvalError::new("T1006", pos);
            return Err(match &name {
                Some(n) => e.with_token(n),
                None => e,
            });
        };
        self.apply(&f, vals, input, env, pos).map_err(|e| {
            let mut e = e;
            if e.position == 0 {
                e.position = pos;
            }
            match &name {
                Some(n) => e.with_token(n),
                None => e,
            }
        })
    }

    fn partial(
        &mut self,
        pos: usize,
        proc: &Expr,
        args: &[Expr],
        input: Option<&Val>,
        env: &Rc<Frame>,
    ) -> R {
        let mut vals = Vec::with_capacity(args.len());
        let mut holes = Vec::new();
        for (i, a) in args.iter().enumerate() {
            if matches!(a.kind, EK::Placeholder) {
                holes.push(i);
                vals.push(None);
            } else {
                vals.push(self.eval(a, input, env)?);
            }
        }
        let f = self.eval(proc, input, env)?;
        let name = Self::proc_name(proc);
        match f {
            Some(f @ Val::Fun(_)) => Ok(Some(Val::Fun(Rc::new(Func::Partial {
                func: f,
                args: vals,
                holes,
            })))),
            None => {
                if let (EK::Path(_), Some(n)) = (&proc.kind, &name) {
                    if env.lookup(n).is_some()
                        || (!env.has(n) && builtins::lookup_builtin(n).is_some())
                    {
                        return Err(EvalError::new("T1007", pos).with_token(n));
                    }
                }
                let e = EvalError::new("T1008", pos);
                Err(match &name {
                    Some(n) => e.with_token(n),
                    None => e,
                })
            }
            Some(_) => {
                let e = EvalError::new("T1008", pos);
                Err(match &name {
                    Some(n) => e.with_token(n),
                    None => e,
                })
            }
        }
    }

    /// Applies a function value to arguments, running tail calls in a loop.
    pub(crate) fn apply(
        &mut self,
        f: &Val,
        args: Vec<Option<Val>>,
        input: Option<&Val>,
        env: &Rc<Frame>,
        pos: usize,
    ) -> R {
        let mut result = self.apply_inner(f, args, input, env, pos)?;
        while let Some((def, tenv, tin)) = thunk_of(result.as_ref()) {
            let EK::Call { proc, args, .. } = &def.body.kind else {
                break;
            };
            self.tick(1)?;
            let next = self.eval(proc, tin.as_ref(), &tenv)?;
            let mut vals = Vec::with_capacity(args.len());
            for a in args {
                vals.push(self.eval(a, tin.as_ref(), &tenv)?);
            }
            let name = Self::proc_name(proc);
            let Some(next) = next else {
                let e = EvalError::new("T1006", def.body.pos);
                return Err(match &name {
                    Some(n) => e.with_token(n),
                    None => e,
                });
            };
            result = self
                .apply_inner(&next, vals, input, env, def.body.pos)
                .map_err(|e| match &name {
                    Some(n) => e.with_token(n),
                    None => e,
                })?;
        }
        Ok(result)
    }

    fn apply_inner(
        &mut self,
        f: &Val,
        args: Vec<Option<Val>>,
        input: Option<&Val>,
        env: &Rc<Frame>,
        pos: usize,
    ) -> R {
        let Val::Fun(func) = f else {
            return Err(EvalError::new("T1006", pos));
        };
        match &**func {
            Func::Lambda {
                def,
                env: cenv,
                input: cin,
            }
            | Func::Thunk {
                def,
                env: cenv,
                input: cin,
            } => {
                let args = match &def.sig {
                    Some(sig) => sig.validate(args, input, pos)?,
                    None => args,
                };
                self.apply_lambda(def, cenv, cin.as_ref(), args)
            }
            Func::Builtin(b) => self.apply_builtin(b, args, input, env, pos),
            Func::Partial {
                func,
                args: bound,
                holes,
            } => {
                let full = fill_holes(bound, holes, args);
                self.apply(func, full, input, env, pos)
            }
            Func::Regex(re) => {
                builtins::regex_exec(self, re, args.into_iter().next().flatten(), 0, pos)
            }
            Func::MatchNext { regex, text, from } => self.match_next(regex, text, *from, pos),
            Func::Compose(g, h) => {
                let mid = self.apply(g, args, input, env, pos)?;
                self.apply(h, vec![mid], input, env, pos)
            }
            Func::Transform { def, env: tenv } => {
                let arg = args.into_iter().next().flatten();
                self.transform(def, arg, tenv, pos)
            }
        }
    }

    fn apply_builtin(
        &mut self,
        b: &builtins::Builtin,
        args: Vec<Option<Val>>,
        input: Option<&Val>,
        env: &Rc<Frame>,
        pos: usize,
    ) -> R {
        let args = match &b.sig {
            Some(sig) => sig.validate(args, input, pos)?,
            None => args,
        };
        (b.imp)(self, args, input, env, pos).map_err(|e| e.with_token(b.name))
    }

    fn match_next(
        &mut self,
        regex: &Rc<super::regex::Regex>,
        text: &Rc<str>,
        from: usize,
        pos: usize,
    ) -> R {
        if from >= text.chars().count() {
            return Ok(None);
        }
        let r = builtins::regex_exec(self, regex, Some(Val::Str(text.clone())), from, pos)?;
        if let Some(Val::Obj(o)) = &r {
            if matches!(o.get("match"), Some(Val::Str(s)) if s.is_empty()) {
                return Err(EvalError::new("D1004", pos).with_text(&regex.source));
            }
        }
        Ok(r)
    }

    fn apply_lambda(
        &mut self,
        def: &Rc<LambdaDef>,
        cenv: &Rc<Frame>,
        cin: Option<&Val>,
        args: Vec<Option<Val>>,
    ) -> R {
        let frame = self.new_frame(cenv);
        let mut args = args.into_iter();
        for p in &def.params {
            frame.bind_opt(p.clone(), args.next().flatten());
        }
        self.eval(&def.body, cin, &frame)
    }

    // -----------------------------------------------------------------------------------------
    // Transform
    // -----------------------------------------------------------------------------------------

    fn transform(
        &mut self,
        def: &TransformDef,
        arg: Option<Val>,
        env: &Rc<Frame>,
        pos: usize,
    ) -> R {
        let Some(arg) = arg else {
            return Ok(None);
        };
        if !matches!(arg, Val::Obj(_) | Val::Arr(_)) {
            return Err(EvalError::new("T0410", pos)
                .with_index(1)
                .with_value(Some(arg)));
        }
        let copy = builtins::deep_clone(&arg, 0)?;
        let matches = self.eval(&def.pattern, Some(&copy), env)?;
        let mut edits: Edits = HashMap::new();
        for m in items_of(matches.as_ref()) {
            let Val::Obj(target) = &m else { continue };
            let mut sets = Vec::new();
            let update = self.eval(&def.update, Some(&m), env)?;
            match update {
                None => {}
                Some(Val::Obj(u)) => {
                    for (k, v) in u.iter() {
                        sets.push((k.clone(), v.clone()));
                    }
                }
                Some(other) => {
                    return Err(EvalError::new("T2011", def.update.pos).with_value(Some(other)))
                }
            }
            let mut dels = Vec::new();
            if let Some(d) = &def.delete {
                let deletions = self.eval(d, Some(&m), env)?;
                if let Some(dv) = deletions {
                    for x in items(&dv) {
                        match x {
                            Val::Str(s) => dels.push(s),
                            _ => return Err(EvalError::new("T2012", d.pos).with_value(Some(dv))),
                        }
                    }
                }
            }
            let entry = edits.entry(Rc::as_ptr(target)).or_default();
            entry.0.extend(sets);
            entry.1.extend(dels);
        }
        if edits.is_empty() {
            return Ok(Some(copy));
        }
        rebuild(&copy, &edits, 0).map(Some)
    }
}

type Edits = HashMap<*const Obj, (Vec<(Rc<str>, Val)>, Vec<Rc<str>>)>;

/// The cloned value with the transform's updates and deletions applied to the matched
/// objects (found by identity), children first.
fn rebuild(v: &Val, edits: &Edits, depth: usize) -> Result<Val, Box<EvalError>> {
    if depth > MAX_DATA_DEPTH || super::stack::exhausted() {
        return Err(EvalError::too_deep());
    }
    Ok(match v {
        Val::Arr(a) => {
            let mut b = Arr::new(
                a.items
                    .iter()
                    .map(|x| rebuild(x, edits, depth + 1))
                    .collect::<Result<_, _>>()?,
            );
            b.seq = a.seq;
            Val::Arr(Rc::new(b))
        }
        Val::Obj(o) => {
            let mut out = Obj::default();
            for (k, x) in o.iter() {
                out.insert(k.clone(), rebuild(x, edits, depth + 1)?);
            }
            if let Some((sets, dels)) = edits.get(&Rc::as_ptr(o)) {
                for (k, x) in sets {
                    out.insert(k.clone(), x.clone());
                }
                for k in dels {
                    out.remove(k);
                }
            }
            Val::obj(out)
        }
        other => other.clone(),
    })
}

/// The parts of a tail call waiting to run.
fn thunk_of(v: Option<&Val>) -> Option<(Rc<LambdaDef>, Rc<Frame>, Option<Val>)> {
    match v {
        Some(Val::Fun(func)) => match &**func {
            Func::Thunk { def, env, input } => Some((def.clone(), env.clone(), input.clone())),
            _ => None,
        },
        _ => None,
    }
}

fn fill_holes(bound: &[Option<Val>], holes: &[usize], args: Vec<Option<Val>>) -> Vec<Option<Val>> {
    let mut full = bound.to_vec();
    let mut supplied = args.into_iter();
    for &h in holes {
        if let Some(slot) = full.get_mut(h) {
            *slot = supplied.next().flatten();
        }
    }
    full
}

fn lambda(def: &Rc<LambdaDef>, input: Option<&Val>, env: &Rc<Frame>) -> Val {
    let f = if def.thunk {
        Func::Thunk {
            def: def.clone(),
            env: env.clone(),
            input: input.cloned(),
        }
    } else {
        Func::Lambda {
            def: def.clone(),
            env: env.clone(),
            input: input.cloned(),
        }
    };
    Val::Fun(Rc::new(f))
}

fn eval_descendants(input: Option<&Val>) -> R {
    let mut out = Vec::new();
    if let Some(v) = input {
        descendants(v, &mut out, 0)?;
    }
    Ok(if out.len() == 1 {
        out.pop()
    } else {
        Some(Val::seq(out))
    })
}

fn js_str_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    // JavaScript compares UTF-16 code units.
    a.encode_utf16().cmp(b.encode_utf16())
}

fn numeric(
    pos: usize,
    tok: &str,
    v: &Option<Val>,
    code: &str,
) -> Result<Option<f64>, Box<EvalError>> {
    match v {
        None => Ok(None),
        Some(Val::Num(n)) if n.is_finite() => Ok(Some(*n)),
        Some(Val::Num(_)) => Err(EvalError::new("D1001", pos).with_value(v.clone())),
        Some(_) => Err(EvalError::new(code, pos)
            .with_token(tok)
            .with_value(v.clone())),
    }
}

fn descendants(v: &Val, out: &mut Vec<Val>, depth: usize) -> Result<(), Box<EvalError>> {
    if depth > MAX_DATA_DEPTH || super::stack::exhausted() {
        return Err(EvalError::too_deep());
    }
    match v {
        Val::Arr(a) => {
            for x in &a.items {
                descendants(x, out, depth + 1)?;
            }
        }
        Val::Obj(o) => {
            out.push(v.clone());
            for (_, x) in o.iter() {
                descendants(x, out, depth + 1)?;
            }
        }
        other => out.push(other.clone()),
    }
    Ok(())
}

fn items_of(v: Option<&Val>) -> Vec<Val> {
    match v {
        Some(Val::Arr(a)) => a.items.clone(),
        Some(v) => vec![v.clone()],
        None => Vec::new(),
    }
}

fn tuples_of(v: Option<&Val>, _stream: bool) -> Vec<Val> {
    items_of(v)
}

/// Merges the tuples of a group into one: each binding becomes the sequence of its values.
fn reduce_tuples(data: Option<&Val>) -> Val {
    let tuples = match data {
        Some(Val::Arr(a))
            if !matches!(a.items.first(), Some(Val::Obj(_)))
                || !a
                    .items
                    .iter()
                    .all(|t| matches!(t, Val::Obj(o) if o.contains("@"))) =>
        {
            return data.cloned().unwrap_or(Val::Null)
        }
        Some(Val::Arr(a)) => a.items.clone(),
        Some(v) => return v.clone(),
        None => return Val::obj(Obj::default()),
    };
    let mut result = Obj::default();
    if let Some(Val::Obj(first)) = tuples.first() {
        for (k, v) in first.iter() {
            result.insert(k.clone(), v.clone());
        }
    }
    for t in tuples.iter().skip(1) {
        if let Val::Obj(o) = t {
            for (k, v) in o.iter() {
                let prev = result.get(k).cloned();
                if let Some(joined) = append(prev, Some(v.clone())) {
                    result.insert(k.clone(), joined);
                }
            }
        }
    }
    Val::obj(result)
}
