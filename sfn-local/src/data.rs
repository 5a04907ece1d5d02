//! The JSONPath data flow of a state: paths read against the input, the context object and
//! the variables; payload templates (`Parameters`, `ResultSelector`, `ItemSelector`, `Assign`)
//! with their `.$` keys and intrinsic functions; `ResultPath`.

use serde_json::{Map, Value};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use sfn_core::path::{parse_intrinsic, parse_path, Intrinsic, Path, Root};

use crate::error::Failure;
use crate::exec::Context;
use crate::rng::Rng;
use crate::vars::Vars;
use crate::{intrinsics, jsonpath};

/// What a path can read: `$` (the value the field works on), `$$` and `$name`.
pub(crate) struct Env<'a> {
    pub input: &'a Value,
    pub context: &'a Context,
    pub vars: &'a Vars,
}

impl Env<'_> {
    /// The node `path` names, `None` when it names nothing.
    pub fn read(&self, path: &Path) -> Result<Option<Value>, Failure> {
        let root = match &path.root {
            Root::Input => self.input,
            Root::Context => return Ok(self.context.read(path)),
            Root::Variable(name) => match self.vars.get(name) {
                Some(v) => v,
                None => {
                    return Err(Failure::runtime(format!(
                        "Invalid path '{path}': The variable '{name}' is not defined."
                    )))
                }
            },
        };
        Ok(jsonpath::select(path, root))
    }

    /// Reads the path written as `text`; a text that is not a path is a runtime failure.
    pub fn read_str(&self, text: &str) -> Result<Option<Value>, Failure> {
        let path = parse(text)?;
        self.read(&path)
    }

    /// `InputPath` and `OutputPath`: the node, or `States.Runtime` with AWS's wording when
    /// the path matches nothing.
    pub fn filter(&self, text: &str) -> Result<Value, Failure> {
        self.read_str(text)?
            .ok_or_else(|| no_results(text, self.input))
    }
}

/// AWS's cause when an InputPath or OutputPath names nothing.
fn no_results(text: &str, _input: &Value) -> Failure {
    let path = parse_path(text.trim())
        .map(|p| bracketed(&p))
        .unwrap_or_default();
    Failure::runtime(format!(
        "Invalid path '{text}' : No results for path: {path}"
    ))
}

/// The path in Jayway's bracket notation, as AWS writes it in causes: `$['a']['b'][0]`.
fn bracketed(path: &Path) -> String {
    use sfn_core::path::Segment;
    let mut out = path.root.to_string();
    for seg in &path.segments {
        match seg {
            Segment::Field(n) => out.push_str(&format!("['{n}']")),
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
            other => out.push_str(&other.to_string()),
        }
    }
    out
}

pub(crate) fn parse(text: &str) -> Result<Rc<Path>, Failure> {
    cached(&PATHS, text, |t| {
        parse_path(t.trim())
            .map_err(|e| Failure::runtime(format!("Invalid path '{t}': {}", e.message)))
    })
}

/// How many parsed paths or calls a thread keeps before it starts over.
const CACHE_LIMIT: usize = 4096;

type Cache<T> = RefCell<HashMap<Box<str>, Rc<T>>>;

thread_local! {
    /// Paths and intrinsic calls come from definitions, and a definition runs many times:
    /// each text is parsed once per thread (a run is single-threaded, so no lock).
    static PATHS: Cache<Path> = RefCell::new(HashMap::new());
    static CALLS: Cache<Intrinsic> = RefCell::new(HashMap::new());
}

fn cached<T>(
    cache: &'static std::thread::LocalKey<Cache<T>>,
    text: &str,
    parse: impl FnOnce(&str) -> Result<T, Failure>,
) -> Result<Rc<T>, Failure> {
    if let Some(hit) = cache.with(|c| c.borrow().get(text).cloned()) {
        return Ok(hit);
    }
    let parsed = Rc::new(parse(text)?);
    cache.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= CACHE_LIMIT {
            c.clear();
        }
        c.insert(text.into(), Rc::clone(&parsed));
    });
    Ok(parsed)
}

/// Evaluates a `.$` value: a path or an intrinsic function call.
pub(crate) fn dynamic(
    key: &str,
    text: &str,
    env: &Env<'_>,
    rng: &mut Rng,
) -> Result<Value, Failure> {
    if text.trim_start().starts_with('$') {
        let path = parse(text)?;
        return env.read(&path)?.ok_or_else(|| {
            Failure::runtime(format!(
                "The JSONPath '{text}' specified for the field '{key}' could not be found in the input '{}'",
                to_text(env.input)
            ))
        });
    }
    let call = cached(&CALLS, text, |t| {
        parse_intrinsic(t).map_err(|e| {
            Failure::intrinsic(format!("Invalid intrinsic function '{t}': {}", e.message))
        })
    })?;
    let mut read = |p: &Path| {
        env.read(p)?.ok_or_else(|| {
            Failure::runtime(format!(
                "The JSONPath '{p}' specified for the field '{key}' could not be found in the input '{}'",
                to_text(env.input)
            ))
        })
    };
    intrinsics::call(&call, &mut read, rng)
}

/// Builds a payload template: keys ending in `.$` are evaluated and lose the suffix; other
/// values are copied, objects and arrays walked.
pub(crate) fn template(tpl: &Value, env: &Env<'_>, rng: &mut Rng) -> Result<Value, Failure> {
    match tpl {
        Value::Object(map) => {
            let mut out = Map::with_capacity(map.len());
            for (k, v) in map {
                match (k.strip_suffix(".$"), v) {
                    (Some(name), Value::String(text)) => {
                        out.insert(name.to_string(), dynamic(k, text, env, rng)?);
                    }
                    _ => {
                        out.insert(k.clone(), template(v, env, rng)?);
                    }
                }
            }
            Ok(Value::Object(out))
        }
        Value::Array(items) => items
            .iter()
            .map(|v| template(v, env, rng))
            .collect::<Result<_, _>>()
            .map(Value::Array),
        other => Ok(other.clone()),
    }
}

/// `ResultPath`: where the result goes in the state's raw input. `None` (absent) replaces the
/// input, `Some(None)` (`null`) keeps it.
pub(crate) fn result_path(
    path: Option<&Option<String>>,
    raw_input: &Value,
    result: Value,
) -> Result<Value, Failure> {
    let text = match path {
        None => return Ok(result),
        Some(None) => return Ok(raw_input.clone()),
        Some(Some(t)) => t,
    };
    let p = parse(text)?;
    if p.segments.is_empty() {
        return Ok(result);
    }
    let mut out = raw_input.clone();
    jsonpath::put(&mut out, &p, result).map_err(|_| {
        Failure::new(
            "States.ResultPathMatchFailure",
            format!(
                "Unable to apply ReplaceResult path '{text}' to input '{}'",
                to_text(raw_input)
            ),
        )
    })?;
    Ok(out)
}

/// JSON text as Step Functions writes it in causes and the history: compact.
/// Whether arrays and objects nest deeper than `max` levels; walks without recursion, so
/// any depth is safe to ask about.
pub(crate) fn nesting_exceeds(v: &Value, max: usize) -> bool {
    let mut stack = vec![(v, 0usize)];
    while let Some((v, depth)) = stack.pop() {
        let is_container = matches!(v, Value::Array(_) | Value::Object(_));
        if is_container && depth + 1 > max {
            return true;
        }
        match v {
            Value::Array(a) => stack.extend(a.iter().map(|c| (c, depth + 1))),
            Value::Object(o) => stack.extend(o.values().map(|c| (c, depth + 1))),
            _ => {}
        }
    }
    false
}

pub(crate) fn to_text(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// Evaluates `Assign` (JSONPath): every value from the same snapshot, then all set at once.
pub(crate) fn assign(
    tpl: &Value,
    env: &Env<'_>,
    rng: &mut Rng,
) -> Result<Vec<(String, Value)>, Failure> {
    let Value::Object(map) = template(tpl, env, rng)? else {
        return Ok(Vec::new());
    };
    Ok(map.into_iter().collect())
}
