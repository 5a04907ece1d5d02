//! The JSONata data flow of a state: `{% ... %}` templates anywhere in a field's value,
//! evaluated with `$states` (`input`, `context`, `result`, `errorOutput`) and the workflow
//! variables, as Step Functions evaluates them.
//!
//! An expression that gives nothing fails the state with `States.QueryEvaluationError`:
//! "The JSONata expression '<expression>' specified for the field '<field>' returned nothing
//! (undefined)." (AWS's wording, recorded); one that throws gives "... threw an error during
//! evaluation." followed by JSONata's code and message. The field is named as AWS names it:
//! the field of the state, then `/key` per object key and `[i]` per array index
//! (`Output/items[0]`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use serde_json::{Map, Value};
use sfn_core::jsonata::{self, eval};

use crate::error::Failure;
use crate::exec::Context;
use crate::rng::Rng;
use crate::vars::Vars;

/// What a JSONata expression of a state can read.
pub(crate) struct Scope<'a> {
    /// `$states.input`: the state's input.
    pub input: &'a Value,
    /// `$states.context`: the Context object.
    pub context: &'a Context,
    /// The workflow variables.
    pub vars: &'a Vars,
    /// `$states.result`: the work's result (`Output` and `Assign` of Task, Parallel, Map).
    pub result: Option<&'a Value>,
    /// `$states.errorOutput`: the error (a catcher's `Output` and `Assign`).
    pub error_output: Option<&'a Value>,
}

/// The error every failed JSONata evaluation raises.
pub(crate) const QUERY_EVALUATION_ERROR: &str = "States.QueryEvaluationError";

/// How many parsed expressions a thread keeps before it starts over.
const CACHE_LIMIT: usize = 4096;

thread_local! {
    /// Expressions come from definitions, which run many times: each is parsed and compiled
    /// once per thread.
    static COMPILED: RefCell<HashMap<Box<str>, Rc<eval::Compiled>>> = RefCell::new(HashMap::new());
}

/// The compiled expression, or JSONata's code and message for why it does not compile.
fn compiled(expression: &str) -> Result<Rc<eval::Compiled>, (String, String)> {
    if let Some(hit) = COMPILED.with(|c| c.borrow().get(expression).cloned()) {
        return Ok(hit);
    }
    let ast = jsonata::parse(expression).map_err(|e| (e.code.to_string(), e.message))?;
    let compiled =
        Rc::new(eval::compile(&ast, &eval::Limits::default()).map_err(|e| (e.code, e.message))?);
    COMPILED.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= CACHE_LIMIT {
            c.clear();
        }
        c.insert(expression.into(), Rc::clone(&compiled));
    });
    Ok(compiled)
}

/// The world a JSONata expression reads in sfn-local: a fixed clock, seeded random numbers
/// and UUIDs, and `$hash`'s digests.
///
/// ```
/// use sfn_core::jsonata::{eval, parse};
///
/// let ast = parse("$hash('abc', 'SHA-256')").unwrap();
/// let mut host = sfn_local::JsonataHost::new(0, 1);
/// let v = eval::evaluate(&ast, None, &Default::default(), &mut host, &Default::default());
/// assert_eq!(
///     v.unwrap().unwrap(),
///     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// );
/// ```
#[derive(Debug, Clone)]
pub struct JsonataHost(eval::FixedHost);

impl JsonataHost {
    /// A host whose clock reads `millis` and whose generator starts from `seed`.
    pub fn new(millis: i64, seed: u64) -> Self {
        JsonataHost(eval::FixedHost::new(millis, seed))
    }
}

impl eval::Host for JsonataHost {
    fn now_millis(&mut self) -> i64 {
        self.0.now_millis()
    }

    fn random(&mut self) -> f64 {
        self.0.random()
    }

    fn uuid(&mut self) -> String {
        self.0.uuid()
    }

    fn hash(&mut self, data: &str, algorithm: &str) -> Option<String> {
        crate::intrinsics::digest(data.as_bytes(), algorithm)
    }
}

/// A template of a field, evaluated: every `{% ... %}` string in it replaced by its value.
pub(crate) struct Evaluator<'a> {
    bindings: eval::Bindings,
    clock: i64,
    rng: &'a mut Rng,
}

impl<'a> Evaluator<'a> {
    /// An evaluator for one step of a state: `$states` and the variables as they are now,
    /// `$now()` reading the virtual clock, `$random()` and `$uuid()` the seeded generator.
    pub(crate) fn new(scope: &Scope<'_>, clock: i64, rng: &'a mut Rng) -> Self {
        let mut states = Map::new();
        states.insert("input".into(), scope.input.clone());
        states.insert("context".into(), scope.context.value().clone());
        if let Some(r) = scope.result {
            states.insert("result".into(), r.clone());
        }
        if let Some(e) = scope.error_output {
            states.insert("errorOutput".into(), e.clone());
        }
        let mut bindings: Map<String, Value> = scope.vars.all().into_iter().collect();
        bindings.insert("states".into(), Value::Object(states));
        Evaluator {
            bindings: eval::Bindings::new(&bindings),
            clock,
            rng,
        }
    }

    /// `tpl` with its templates evaluated; `field` names it in causes.
    pub(crate) fn value(&mut self, tpl: &Value, field: &str) -> Result<Value, Failure> {
        self.walk(tpl, field, 0)
    }

    fn walk(&mut self, tpl: &Value, field: &str, depth: usize) -> Result<Value, Failure> {
        // Definitions nest at most as deep as their JSON reader allows; this guards the stack.
        if depth > 256 {
            return Err(Failure::new(
                QUERY_EVALUATION_ERROR,
                format!("The field '{field}' nests too deeply."),
            ));
        }
        match tpl {
            Value::String(s) => match jsonata::template(s) {
                Some((inner, _)) => self.expression(inner.trim(), field),
                None => Ok(tpl.clone()),
            },
            Value::Object(members) => {
                let mut out = Map::with_capacity(members.len());
                for (k, v) in members {
                    out.insert(k.clone(), self.walk(v, &format!("{field}/{k}"), depth + 1)?);
                }
                Ok(Value::Object(out))
            }
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| self.walk(v, &format!("{field}[{i}]"), depth + 1))
                .collect::<Result<_, _>>()
                .map(Value::Array),
            other => Ok(other.clone()),
        }
    }

    /// One expression's value; nothing (undefined) and errors fail the state.
    fn expression(&mut self, expression: &str, field: &str) -> Result<Value, Failure> {
        let fail = |tail: String| {
            Failure::new(
                QUERY_EVALUATION_ERROR,
                format!("The JSONata expression '{expression}' specified for the field '{field}' {tail}"),
            )
        };
        let expr = compiled(expression).map_err(|(code, message)| {
            fail(format!(
                "threw an error during evaluation. {code}: {message}"
            ))
        })?;
        let mut host = JsonataHost::new(self.clock, self.rng.next_u64());
        match eval::evaluate_compiled(&expr, None, &self.bindings, &mut host, &Default::default()) {
            Ok(Some(v)) => Ok(v),
            Ok(None) => Err(fail("returned nothing (undefined).".into())),
            Err(e) if e.message.is_empty() => Err(fail(format!(
                "threw an error during evaluation. {}",
                e.code
            ))),
            Err(e) => Err(fail(format!(
                "threw an error during evaluation. {}: {}",
                e.code, e.message
            ))),
        }
    }

    /// A field that must be a whole number of at least `min` (`Seconds`, `TimeoutSeconds`,
    /// `MaxConcurrency`, ...), literal or a template.
    pub(crate) fn whole_number(
        &mut self,
        tpl: &Value,
        field: &str,
        min: u64,
    ) -> Result<u64, Failure> {
        let v = self.value(tpl, field)?;
        match v.as_f64() {
            Some(n) if n.fract() == 0.0 && n >= min as f64 && n <= u64::MAX as f64 => Ok(n as u64),
            _ => Err(self.unexpected(tpl, field, &format!("an integer of at least {min}"), &v)),
        }
    }

    /// The failure for a value of the wrong type.
    pub(crate) fn unexpected(&self, tpl: &Value, field: &str, want: &str, got: &Value) -> Failure {
        let expression = tpl
            .as_str()
            .and_then(jsonata::template)
            .map_or_else(|| crate::data::to_text(tpl), |(e, _)| e.trim().to_string());
        Failure::new(
            QUERY_EVALUATION_ERROR,
            format!(
                "The JSONata expression '{expression}' specified for the field '{field}' returned an unexpected result type. Expected {want}, but was '{}': {}",
                type_name(got),
                crate::data::to_text(got)
            ),
        )
    }

    /// `Assign`: every value evaluated from the same snapshot, set once the state is done.
    pub(crate) fn assign(
        &mut self,
        tpl: Option<&Value>,
        field: &str,
    ) -> Result<Vec<(String, Value)>, Failure> {
        let Some(Value::Object(members)) = tpl else {
            return Ok(Vec::new());
        };
        members
            .iter()
            .map(|(k, v)| Ok((k.clone(), self.value(v, &format!("{field}/{k}"))?)))
            .collect()
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}
