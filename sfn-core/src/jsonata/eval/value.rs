//! The values an expression computes with: JSON values, sequences (arrays with JSONata's
//! flags), functions and regular expressions. Strings, arrays and objects sit behind `Rc`, so
//! a value is cheap to clone; `undefined` is the absence of a value (`Option<Val>`).

use std::collections::HashMap;
use std::rc::Rc;

use serde_json::Value as Json;

use super::frame::Frame;
use super::regex::Regex;
use super::signature::Signature;
use super::EvalError;
use crate::jsonata::eval::compile::LambdaDef;

/// Deepest nesting of arrays and objects that the evaluator walks (deep equality, strings,
/// descendants, clones, conversion to JSON). Deeper values end the evaluation with an error.
pub(super) const MAX_DATA_DEPTH: usize = 1000;

#[derive(Clone)]
pub(crate) enum Val {
    Null,
    Bool(bool),
    Num(f64),
    Str(Rc<str>),
    Arr(Rc<Arr>),
    Obj(Rc<Obj>),
    Fun(Rc<Func>),
}

/// An array, or a sequence (`seq`) of results that JSONata flattens and unwraps.
#[derive(Clone, Default)]
pub(crate) struct Arr {
    pub(crate) items: Vec<Val>,
    /// A sequence: the result of a path, unwrapped when it holds one item.
    pub(crate) seq: bool,
    /// A sequence that stays an array even with one item (`a[]`).
    pub(crate) keep: bool,
    /// Built by an array constructor `[...]`: not flattened into a path's results.
    pub(crate) cons: bool,
    /// The wrapper that JSONata puts around the input array at the top level.
    pub(crate) outer: bool,
}

impl Arr {
    pub(crate) fn new(items: Vec<Val>) -> Arr {
        Arr {
            items,
            seq: false,
            keep: false,
            cons: false,
            outer: false,
        }
    }
}

impl Drop for Arr {
    fn drop(&mut self) {
        drop_iteratively(std::mem::take(&mut self.items));
    }
}

/// An object, keeping its keys in insertion order.
#[derive(Clone, Default)]
pub(crate) struct Obj {
    entries: Vec<(Rc<str>, Val)>,
    index: HashMap<Rc<str>, usize>,
}

impl Drop for Obj {
    fn drop(&mut self) {
        let values = std::mem::take(&mut self.entries)
            .into_iter()
            .map(|(_, v)| v)
            .collect();
        drop_iteratively(values);
    }
}

/// Drops nested arrays and objects without recursing once per level.
fn drop_iteratively(mut stack: Vec<Val>) {
    while let Some(v) = stack.pop() {
        match v {
            Val::Arr(rc) => {
                if let Ok(mut a) = Rc::try_unwrap(rc) {
                    stack.append(&mut a.items);
                }
            }
            Val::Obj(rc) => {
                if let Ok(mut o) = Rc::try_unwrap(rc) {
                    stack.extend(std::mem::take(&mut o.entries).into_iter().map(|(_, v)| v));
                }
            }
            _ => {}
        }
    }
}

impl Obj {
    pub(crate) fn get(&self, key: &str) -> Option<&Val> {
        self.index
            .get(key)
            .and_then(|&i| self.entries.get(i))
            .map(|(_, v)| v)
    }

    pub(crate) fn insert(&mut self, key: Rc<str>, value: Val) {
        match self.index.get(&key) {
            Some(&i) => {
                if let Some(e) = self.entries.get_mut(i) {
                    e.1 = value;
                }
            }
            None => {
                self.index.insert(key.clone(), self.entries.len());
                self.entries.push((key, value));
            }
        }
    }

    pub(crate) fn remove(&mut self, key: &str) {
        if self.index.remove(key).is_some() {
            self.entries.retain(|(k, _)| &**k != key);
            self.index = self
                .entries
                .iter()
                .enumerate()
                .map(|(i, (k, _))| (k.clone(), i))
                .collect();
        }
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&Rc<str>, &Val)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn contains(&self, key: &str) -> bool {
        self.index.contains_key(key)
    }
}

/// A function value.
pub(crate) enum Func {
    Lambda {
        def: Rc<LambdaDef>,
        env: Rc<Frame>,
        input: Option<Val>,
    },
    /// A tail call, run by the caller's trampoline.
    Thunk {
        def: Rc<LambdaDef>,
        env: Rc<Frame>,
        input: Option<Val>,
    },
    Builtin(Rc<super::builtins::Builtin>),
    /// `f ~> g` of two functions: `g(f(x))`.
    Compose(Val, Val),
    /// A transform `| pattern | update, delete |`, applied to the object it is given.
    Transform {
        def: Rc<crate::jsonata::eval::compile::TransformDef>,
        env: Rc<Frame>,
    },
    Partial {
        func: Val,
        args: Vec<Option<Val>>,
        holes: Vec<usize>,
    },
    Regex(Rc<Regex>),
    /// The `next` of a regular expression match object.
    MatchNext {
        regex: Rc<Regex>,
        text: Rc<str>,
        from: usize,
    },
}

impl Func {
    /// How many arguments the function declares, as `$length` of a function would count them.
    pub(crate) fn arity(&self) -> usize {
        match self {
            Func::Lambda { def, .. } | Func::Thunk { def, .. } => def.params.len(),
            // JavaScript counts the parameters before the first one with a default value.
            Func::Builtin(b) if b.name == "string" => 1,
            Func::Builtin(b) => b.sig.as_ref().map_or(0, Signature::arity),
            Func::Partial { holes, .. } => holes.len(),
            Func::Regex(_) | Func::Compose(..) | Func::Transform { .. } => 1,
            Func::MatchNext { .. } => 0,
        }
    }
}

impl Val {
    pub(crate) fn str(s: &str) -> Val {
        Val::Str(Rc::from(s))
    }

    pub(crate) fn seq(items: Vec<Val>) -> Val {
        let mut a = Arr::new(items);
        a.seq = true;
        Val::Arr(Rc::new(a))
    }

    pub(crate) fn array(items: Vec<Val>) -> Val {
        Val::Arr(Rc::new(Arr::new(items)))
    }

    pub(crate) fn obj(o: Obj) -> Val {
        Val::Obj(Rc::new(o))
    }

    pub(crate) fn num(&self) -> Option<f64> {
        match self {
            Val::Num(n) => Some(*n),
            _ => None,
        }
    }

    /// The type name `$type` gives.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Val::Null => "null",
            Val::Bool(_) => "boolean",
            Val::Num(_) => "number",
            Val::Str(_) => "string",
            Val::Arr(_) => "array",
            Val::Obj(_) => "object",
            Val::Fun(_) => "function",
        }
    }
}

/// The items of a value taken as an array (a non-array is a one-item array).
pub(crate) fn items(v: &Val) -> Vec<Val> {
    match v {
        Val::Arr(a) => a.items.clone(),
        other => vec![other.clone()],
    }
}

/// The items of an optional value (undefined is no item).
pub(crate) fn items_opt(v: &Option<Val>) -> Vec<Val> {
    v.as_ref().map(items).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// JSON at the boundary
// ---------------------------------------------------------------------------------------------

pub(crate) fn from_json(j: &Json) -> Val {
    match j {
        Json::Null => Val::Null,
        Json::Bool(b) => Val::Bool(*b),
        Json::Number(n) => Val::Num(n.as_f64().unwrap_or(0.0)),
        Json::String(s) => Val::str(s),
        Json::Array(a) => Val::array(a.iter().map(from_json).collect()),
        Json::Object(o) => {
            let mut obj = Obj::default();
            for (k, v) in o {
                obj.insert(Rc::from(k.as_str()), from_json(v));
            }
            Val::obj(obj)
        }
    }
}

pub(crate) fn number_to_json(n: f64) -> Json {
    if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 {
        // Exact: |n| < 2^53.
        #[allow(clippy::cast_possible_truncation)]
        let i = n as i64;
        Json::from(i)
    } else {
        serde_json::Number::from_f64(n).map_or(Json::Null, Json::Number)
    }
}

/// A value as JSON: functions become `""`, as JSONata's `JSON.stringify` writes them... and
/// as its results are read. Too deep a value is an error.
pub(crate) fn to_json(v: &Val, depth: usize) -> Result<Json, Box<EvalError>> {
    if depth > MAX_DATA_DEPTH || super::stack::exhausted() {
        return Err(EvalError::too_deep());
    }
    Ok(match v {
        Val::Null => Json::Null,
        Val::Bool(b) => Json::Bool(*b),
        Val::Num(n) => number_to_json(*n),
        Val::Str(s) => Json::String(s.to_string()),
        Val::Arr(a) => Json::Array(
            a.items
                .iter()
                .map(|x| to_json(x, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        Val::Obj(o) => {
            let mut m = serde_json::Map::new();
            for (k, x) in o.iter() {
                m.insert(k.to_string(), to_json(x, depth + 1)?);
            }
            Json::Object(m)
        }
        Val::Fun(_) => Json::String(String::new()),
    })
}

// ---------------------------------------------------------------------------------------------
// Equality
// ---------------------------------------------------------------------------------------------

/// JSONata's deep equality (`=`, `in`, `$distinct`).
pub(crate) fn deep_equal(a: &Val, b: &Val, depth: usize) -> Result<bool, Box<EvalError>> {
    if depth > MAX_DATA_DEPTH || super::stack::exhausted() {
        return Err(EvalError::too_deep());
    }
    Ok(match (a, b) {
        (Val::Null, Val::Null) => true,
        (Val::Bool(x), Val::Bool(y)) => x == y,
        (Val::Num(x), Val::Num(y)) => x == y,
        (Val::Str(x), Val::Str(y)) => x == y,
        (Val::Arr(x), Val::Arr(y)) => {
            if x.items.len() != y.items.len() {
                return Ok(false);
            }
            for (p, q) in x.items.iter().zip(&y.items) {
                if !deep_equal(p, q, depth + 1)? {
                    return Ok(false);
                }
            }
            true
        }
        (Val::Obj(x), Val::Obj(y)) => {
            if x.len() != y.len() {
                return Ok(false);
            }
            for (k, p) in x.iter() {
                match y.get(k) {
                    Some(q) if deep_equal(p, q, depth + 1)? => {}
                    _ => return Ok(false),
                }
            }
            true
        }
        (Val::Fun(x), Val::Fun(y)) => Rc::ptr_eq(x, y),
        _ => false,
    })
}

// ---------------------------------------------------------------------------------------------
// Numbers as JavaScript writes them
// ---------------------------------------------------------------------------------------------

/// The decimal digits and exponent of `n` (> 0, finite) such that `n = 0.d1d2... * 10^exp`,
/// from Rust's scientific formatting (`precision` significant digits, or the shortest
/// round-trip digits).
fn digits_of(n: f64, precision: Option<usize>) -> (String, i32) {
    let s = match precision {
        Some(p) => format!("{:.*e}", p.saturating_sub(1), n),
        None => format!("{n:e}"),
    };
    let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    while digits.len() > 1 && digits.ends_with('0') {
        digits.pop();
    }
    (digits, exp + 1)
}

/// `Number.prototype.toString()` of JavaScript.
pub(crate) fn js_number(n: f64) -> String {
    if n.is_nan() {
        return "NaN".to_string();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    if n == 0.0 {
        return "0".to_string();
    }
    let sign = if n < 0.0 { "-" } else { "" };
    let (digits, exp) = digits_of(n.abs(), None);
    format!("{sign}{}", place_digits(&digits, exp))
}

/// Writes `0.digits * 10^exp` as JavaScript does: plain from 1e-7 to 1e21, else exponential.
fn place_digits(digits: &str, exp: i32) -> String {
    let k = i32::try_from(digits.len()).unwrap_or(i32::MAX);
    let n = exp;
    let zeros = |c: i32| "0".repeat(usize::try_from(c).unwrap_or(0));
    if k <= n && n <= 21 {
        format!("{digits}{}", zeros(n - k))
    } else if 0 < n && n <= 21 {
        let (a, b) = digits.split_at(usize::try_from(n).unwrap_or(0));
        format!("{a}.{b}")
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", zeros(-n))
    } else {
        let e = n - 1;
        let sign = if e < 0 { '-' } else { '+' };
        let (first, rest) = digits.split_at(1);
        if rest.is_empty() {
            format!("{first}e{sign}{}", e.abs())
        } else {
            format!("{first}.{rest}e{sign}{}", e.abs())
        }
    }
}

/// A number rounded to 15 significant digits (`Number(n.toPrecision(15))`), as JSONata's
/// `$string` does before writing it.
pub(crate) fn round15(n: f64) -> f64 {
    if !n.is_finite() || n == 0.0 {
        return n;
    }
    format!("{n:.14e}").parse().unwrap_or(n)
}

/// `$string` of a number: 15 significant digits, written as JavaScript does.
pub(crate) fn number_string(n: f64) -> String {
    js_number(round15(n))
}

/// JSON text of a value, as JSONata's `$string` writes it (numbers to 15 significant
/// digits, functions as `""`), compact or indented by two spaces.
pub(crate) fn stringify(v: &Val, pretty: bool) -> Result<String, Box<EvalError>> {
    let mut out = String::new();
    write_json(v, pretty, 0, &mut out)?;
    Ok(out)
}

fn write_json(v: &Val, pretty: bool, depth: usize, out: &mut String) -> Result<(), Box<EvalError>> {
    if depth > MAX_DATA_DEPTH || super::stack::exhausted() {
        return Err(EvalError::too_deep());
    }
    let newline = |out: &mut String, d: usize| {
        if pretty {
            out.push('\n');
            out.push_str(&"  ".repeat(d));
        }
    };
    match v {
        Val::Null => out.push_str("null"),
        Val::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Val::Num(n) => {
            if n.is_finite() {
                out.push_str(&number_string(*n));
            } else {
                return Err(super::EvalError::new("D1001", 0).with_value(Some(v.clone())));
            }
        }
        Val::Str(s) => write_json_string(s, out),
        Val::Fun(_) => out.push_str("\"\""),
        Val::Arr(a) => {
            if a.items.is_empty() {
                out.push_str("[]");
                return Ok(());
            }
            out.push('[');
            for (i, x) in a.items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_json(x, pretty, depth + 1, out)?;
            }
            newline(out, depth);
            out.push(']');
        }
        Val::Obj(o) => {
            if o.len() == 0 {
                out.push_str("{}");
                return Ok(());
            }
            out.push('{');
            for (i, (k, x)) in o.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_json_string(k, out);
                out.push(':');
                if pretty {
                    out.push(' ');
                }
                write_json(x, pretty, depth + 1, out)?;
            }
            newline(out, depth);
            out.push('}');
        }
    }
    Ok(())
}

fn write_json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_javascript() {
        for (n, s) in [
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (0.000001, "0.000001"),
            (1e-7, "1e-7"),
            (123.456, "123.456"),
            (-0.5, "-0.5"),
            (1.5e300, "1.5e+300"),
            (100.0, "100"),
        ] {
            assert_eq!(js_number(n), s);
        }
        assert_eq!(number_string(0.1 + 0.2), "0.3");
        assert_eq!(number_string(1.0 / 3.0), "0.333333333333333");
    }
}
