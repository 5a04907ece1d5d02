//! The evaluator of JSONata 2.0.6, the version Step Functions runs, over the tree that
//! [`parse`](super::parse) builds. Compiled with the `eval` feature only.
//!
//! [`evaluate`] runs an expression against an input and variable bindings, and returns the
//! result as JSON (`None` for JSONata's `undefined`) or an [`EvalError`] with JSONata's code
//! (`T2001`, `D3030`, ...) and message. What depends on the world comes from a [`Host`]:
//! the time of the evaluation (`$now()`, `$millis()`, fixed for one evaluation as in
//! JSONata), and the random numbers and UUIDs (`$random()`, `$uuid()`). [`Limits`] bound the
//! nesting of the evaluation (JSONata's `U1001` stack overflow, never a Rust stack
//! overflow) and its length.
//!
//! ```
//! use sfn_core::jsonata::{eval, parse};
//! use serde_json::json;
//!
//! let ast = parse("Account.Order.Product[Price > 30].(Price * Quantity) ~> $sum()").unwrap();
//! let input = json!({"Account": {"Order": [
//!     {"Product": [{"Price": 34.45, "Quantity": 2}, {"Price": 21.67, "Quantity": 1}]},
//!     {"Product": [{"Price": 34.45, "Quantity": 4}]}
//! ]}});
//! let mut host = eval::FixedHost::new(0, 42);
//! let result = eval::evaluate(&ast, Some(&input), &Default::default(), &mut host, &eval::Limits::default());
//! let total = result.unwrap().and_then(|v| v.as_f64()).unwrap();
//! assert!((total - 206.7).abs() < 1e-9);
//!
//! let e = eval::evaluate(&parse("'a' + 1").unwrap(), None, &Default::default(), &mut host, &eval::Limits::default())
//!     .unwrap_err();
//! assert_eq!(e.code, "T2001");
//! ```
//!
//! Not provided yet: `$formatNumber`, `$formatInteger`, `$parseInteger`, `$formatBase`,
//! `$fromMillis`, `$toMillis` and the picture and timezone forms of `$now`: calling them
//! fails with `T1006` as for any unknown function. `$eval` is not provided: Step Functions
//! removed it.

mod builtins;
mod compile;
mod errors;
mod frame;
mod interp;
mod regex;
mod signature;
mod stack;
mod value;

use std::fmt;
use std::time::Duration;

use serde_json::{Map, Value as Json};

use super::Ast;

/// An error raised while evaluating an expression, with JSONata's code and message.
///
/// ```
/// use sfn_core::jsonata::{eval, parse};
///
/// let ast = parse("$substring(5, 'x')").unwrap();
/// let e = eval::evaluate(&ast, None, &Default::default(), &mut eval::FixedHost::new(0, 1), &Default::default())
///     .unwrap_err();
/// assert_eq!(e.code, "T0410");
/// assert_eq!(e.token.as_deref(), Some("substring"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalError {
    /// JSONata's error code: `T` type errors, `D` dynamic errors, `U` limits, `S` syntax.
    pub code: String,
    /// JSONata's message for the code.
    pub message: String,
    /// Byte offset in the expression of the part that failed.
    pub position: usize,
    /// The operator or function name involved, when there is one.
    pub token: Option<String>,
    detail: Box<Detail>,
}

/// What fills in the message's placeholders.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Detail {
    value: Option<String>,
    value2: Option<String>,
    index: Option<usize>,
    kind: Option<String>,
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for EvalError {}

impl EvalError {
    pub(crate) fn new(code: &str, position: usize) -> Box<EvalError> {
        Box::new(EvalError {
            code: code.to_string(),
            message: String::new(),
            position,
            token: None,
            detail: Box::default(),
        })
    }

    pub(crate) fn with_token(mut self: Box<Self>, token: &str) -> Box<EvalError> {
        if self.token.is_none() {
            self.token = Some(token.to_string());
        }
        self
    }

    pub(crate) fn with_value(mut self: Box<Self>, v: Option<value::Val>) -> Box<EvalError> {
        self.detail.value = Some(errors::describe(v.as_ref()));
        self
    }

    pub(crate) fn with_value2(mut self: Box<Self>, v: Option<value::Val>) -> Box<EvalError> {
        self.detail.value2 = Some(errors::describe(v.as_ref()));
        self
    }

    pub(crate) fn with_text(mut self: Box<Self>, s: &str) -> Box<EvalError> {
        self.detail.value = Some(s.to_string());
        self
    }

    pub(crate) fn with_index(mut self: Box<Self>, i: usize) -> Box<EvalError> {
        self.detail.index = Some(i);
        self
    }

    pub(crate) fn with_type(mut self: Box<Self>, t: &str) -> Box<EvalError> {
        self.detail.kind = Some(t.to_string());
        self
    }

    pub(crate) fn with_message(mut self: Box<Self>, m: &str) -> Box<EvalError> {
        self.message = m.to_string();
        self
    }

    pub(crate) fn stack_overflow(position: usize) -> Box<EvalError> {
        EvalError::new("U1001", position)
    }

    pub(crate) fn too_deep() -> Box<EvalError> {
        EvalError::new("U1001", 0)
    }

    fn finish(mut self) -> EvalError {
        if self.message.is_empty() {
            self.message = errors::message(&self);
        }
        self
    }
}

/// What an evaluation reads from the world: the clock and the random numbers.
///
/// [`FixedHost`] is a deterministic implementation.
pub trait Host {
    /// Milliseconds since the Unix epoch, read once per evaluation (`$now()`, `$millis()`).
    fn now_millis(&mut self) -> i64;
    /// A number in `[0, 1)` for `$random()`.
    fn random(&mut self) -> f64;
    /// A version 4 UUID for `$uuid()`.
    fn uuid(&mut self) -> String;
    /// `$hash(data, algorithm)`: the lowercase hex digest of `data`'s UTF-8 bytes with
    /// `algorithm` (`MD5`, `SHA-1`, `SHA-256`, `SHA-384`, `SHA-512`), or `None` when this
    /// host computes no digests (sfn-core has no digest code; `sfn-local`'s host does).
    fn hash(&mut self, data: &str, algorithm: &str) -> Option<String> {
        let _ = (data, algorithm);
        None
    }
}

/// The algorithms `$hash` takes, as Step Functions names them.
pub const HASH_ALGORITHMS: &[&str] = &["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"];

/// A [`Host`] with a fixed clock and a seeded generator (xorshift), the same sequence for
/// the same seed.
///
/// ```
/// use sfn_core::jsonata::eval::{FixedHost, Host};
///
/// let mut a = FixedHost::new(1_700_000_000_000, 7);
/// let mut b = FixedHost::new(1_700_000_000_000, 7);
/// assert_eq!(a.random(), b.random());
/// assert_eq!(a.uuid().len(), 36);
/// ```
#[derive(Debug, Clone)]
pub struct FixedHost {
    millis: i64,
    state: u64,
}

impl FixedHost {
    /// A host whose clock reads `millis` and whose generator starts from `seed`.
    pub fn new(millis: i64, seed: u64) -> FixedHost {
        FixedHost {
            millis,
            state: seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1,
        }
    }

    fn next(&mut self) -> u64 {
        let mut x = self.state;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.state = x;
        x
    }
}

impl Host for FixedHost {
    fn now_millis(&mut self) -> i64 {
        self.millis
    }

    fn random(&mut self) -> f64 {
        #[allow(clippy::cast_precision_loss)]
        let r = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        r
    }

    fn uuid(&mut self) -> String {
        let a = self.next();
        let b = self.next();
        let hex = format!("{a:016x}{b:016x}");
        let mut chars: Vec<char> = hex.chars().collect();
        if let Some(c) = chars.get_mut(12) {
            *c = '4';
        }
        if let Some(c) = chars.get_mut(16) {
            *c = ['8', '9', 'a', 'b'][usize::try_from(b >> 62).unwrap_or(0) & 3];
        }
        let s: String = chars.into_iter().collect();
        format!(
            "{}-{}-{}-{}-{}",
            s.get(0..8).unwrap_or(""),
            s.get(8..12).unwrap_or(""),
            s.get(12..16).unwrap_or(""),
            s.get(16..20).unwrap_or(""),
            s.get(20..32).unwrap_or("")
        )
    }
}

/// Bounds on one evaluation.
///
/// ```
/// use sfn_core::jsonata::{eval, parse};
///
/// let ast = parse("($f := function($n){ $n + $f($n + 1) }; $f(0))").unwrap();
/// let e = eval::evaluate(&ast, None, &Default::default(), &mut eval::FixedHost::new(0, 1), &eval::Limits::default())
///     .unwrap_err();
/// assert_eq!(e.code, "U1001");
/// ```
#[derive(Debug, Clone)]
pub struct Limits {
    /// Deepest nesting of sub-expression evaluations (function calls included); deeper is
    /// error `U1001`. The default, [`Limits::DEFAULT_DEPTH`], is safe on a 2 MiB thread stack
    /// in a debug build.
    pub max_depth: usize,
    /// Most sub-expression evaluations; more is error `U1001`. `None`: no bound.
    pub max_steps: Option<u64>,
    /// Longest evaluation in wall-clock time; longer is error `U1001`. `None`: no bound.
    pub time_limit: Option<Duration>,
    /// Most bytes of stack the evaluation may use beyond the frame of [`evaluate`]; more
    /// is error `U1001`. The default, [`Limits::DEFAULT_STACK`], fits a 2 MiB thread with
    /// room to spare; lower it on a thread with less stack.
    pub max_stack: usize,
}

impl Limits {
    /// The default depth bound.
    pub const DEFAULT_DEPTH: usize = 500;
    /// The default stack bound: 1.5 MiB. A debug build uses up to about 4 KiB per level
    /// of nesting, a release build much less.
    pub const DEFAULT_STACK: usize = 1536 * 1024;
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_depth: Limits::DEFAULT_DEPTH,
            max_steps: Some(50_000_000),
            time_limit: None,
            max_stack: Limits::DEFAULT_STACK,
        }
    }
}

/// Evaluates `ast` against `input` (`None`: no input) with the variables in `bindings`
/// (`$name` for each key). Returns the result, `None` when it is undefined.
///
/// ```
/// use sfn_core::jsonata::{eval, parse};
/// use serde_json::json;
///
/// let mut bindings = serde_json::Map::new();
/// bindings.insert("rate".into(), json!(0.5));
/// let ast = parse("$sum(items.price) * $rate").unwrap();
/// let input = json!({"items": [{"price": 10}, {"price": 30}]});
/// let r = eval::evaluate(&ast, Some(&input), &bindings, &mut eval::FixedHost::new(0, 1), &Default::default());
/// assert_eq!(r.unwrap(), Some(json!(20)));
///
/// let missing = parse("nothing.here").unwrap();
/// let r = eval::evaluate(&missing, Some(&input), &bindings, &mut eval::FixedHost::new(0, 1), &Default::default());
/// assert_eq!(r.unwrap(), None);
/// ```
pub fn evaluate(
    ast: &Ast,
    input: Option<&Json>,
    bindings: &Map<String, Json>,
    host: &mut dyn Host,
    limits: &Limits,
) -> Result<Option<Json>, EvalError> {
    interp::run(ast, input, bindings, host, limits).map_err(|e| e.finish())
}

/// An expression compiled once, to evaluate many times ([`evaluate_compiled`]).
pub struct Compiled {
    prog: compile::Program,
}

impl fmt::Debug for Compiled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Compiled(..)")
    }
}

/// Compiles `ast` for [`evaluate_compiled`]; the errors are those [`evaluate`] would give
/// before evaluating anything.
pub fn compile(ast: &Ast, limits: &Limits) -> Result<Compiled, EvalError> {
    let _guard = stack::Guard::new(limits.max_stack);
    compile::compile(ast, limits.max_depth.max(1))
        .map(|prog| Compiled { prog })
        .map_err(|e| e.finish())
}

/// Variables converted once, to bind in many evaluations ([`evaluate_compiled`]).
pub struct Bindings {
    vars: Vec<(std::rc::Rc<str>, value::Val)>,
}

impl fmt::Debug for Bindings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.vars.iter().map(|(k, _)| k))
            .finish()
    }
}

impl Bindings {
    /// `$name` for each key of `map`.
    pub fn new(map: &Map<String, Json>) -> Bindings {
        Bindings {
            vars: map
                .iter()
                .map(|(k, v)| (std::rc::Rc::from(k.as_str()), value::from_json(v)))
                .collect(),
        }
    }
}

/// [`evaluate`] with the expression compiled and the variables converted beforehand: what
/// a state that evaluates several fields, or a field evaluated many times, wants.
///
/// ```
/// use sfn_core::jsonata::{eval, parse};
/// use serde_json::json;
///
/// let expr = eval::compile(&parse("$n * 2").unwrap(), &Default::default()).unwrap();
/// let mut vars = serde_json::Map::new();
/// vars.insert("n".into(), json!(21));
/// let vars = eval::Bindings::new(&vars);
/// let r = eval::evaluate_compiled(&expr, None, &vars, &mut eval::FixedHost::new(0, 1), &Default::default());
/// assert_eq!(r.unwrap(), Some(json!(42)));
/// ```
pub fn evaluate_compiled(
    expr: &Compiled,
    input: Option<&Json>,
    bindings: &Bindings,
    host: &mut dyn Host,
    limits: &Limits,
) -> Result<Option<Json>, EvalError> {
    interp::run_program(&expr.prog, input, &bindings.vars, host, limits).map_err(|e| e.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jsonata::parse;

    /// Runs `expr` on a thread with a 2 MiB stack, as a test thread has.
    fn run_small_stack(expr: &str) -> Result<Option<Json>, EvalError> {
        let expr = expr.to_string();
        std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || {
                let ast = parse(&expr).map_err(|e| EvalError::new("S0000", e.offset).finish())?;
                evaluate(
                    &ast,
                    None,
                    &Map::new(),
                    &mut FixedHost::new(0, 1),
                    &Limits::default(),
                )
            })
            .map_err(|_| EvalError::new("X", 0).finish())?
            .join()
            .unwrap_or_else(|_| Err(EvalError::new("panic", 0).finish()))
    }

    #[test]
    fn deep_and_long_evaluations_end_in_errors() {
        let chain = vec!["1"; 5000].join(" + ");
        let code = |e: &str| run_small_stack(e).map_err(|e| e.code);
        assert_eq!(code(&chain), Err("U1001".to_string()));
        assert_eq!(
            code("($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000))"),
            Err("U1001".to_string())
        );
        assert_eq!(
            code("($f := function($n){ $n = 0 ? 'done' : $f($n - 1) }; $f(20000))"),
            Ok(Some(Json::from("done")))
        );
        assert_eq!(
            code("$reduce([1..3000], function($a, $x){ {'a': $a} }, []) ~> $string()"),
            Err("U1001".to_string())
        );
        assert_eq!(
            code("$count($reduce([1..3000], function($a, $x){ {'a': $a} }, []))"),
            Ok(Some(Json::from(1)))
        );
        assert_eq!(
            code("($f := function(){ $f() }; $f())"),
            Err("U1001".to_string())
        );
        assert_eq!(code("[1..10000001]"), Err("D2014".to_string()));
        assert_eq!(
            code("$match('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', /(a*)*b/)"),
            Err("U1001".to_string())
        );
    }

    #[test]
    fn the_host_gives_time_and_randomness() {
        let ast = parse("[$now(), $millis(), $uuid()]").unwrap_or_else(|_| unreachable!());
        let r = evaluate(
            &ast,
            None,
            &Map::new(),
            &mut FixedHost::new(1_700_000_000_000, 1),
            &Limits::default(),
        );
        let r = r.ok().flatten().unwrap_or_default();
        assert_eq!(r[0], Json::from("2023-11-14T22:13:20.000Z"));
        assert_eq!(r[1], Json::from(1_700_000_000_000_i64));
        assert_eq!(r[2].as_str().map(str::len), Some(36));
    }
}
