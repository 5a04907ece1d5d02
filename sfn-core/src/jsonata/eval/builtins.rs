//! The built-in functions of JSONata 2.0.6 and those Step Functions adds (`$partition`,
//! `$range`, `$random` with a seed, `$uuid`, `$parse`), each with its signature.
//!
//! The number and date functions (`$formatNumber`, `$formatInteger`, `$parseInteger`,
//! `$formatBase`, `$fromMillis`, `$toMillis`, `$now` with a picture) are the pure functions
//! of [`crate::jsonata::format`], called here with the evaluator's clock.
//!
//! Not registered (a call fails with `T1006` as for any unknown function): `$eval`, which
//! Step Functions removed. `$hash` asks the [`Host`](super::Host) for the digest: sfn-core
//! has no digest code, the executor's host does.

use std::collections::HashMap;
use std::rc::Rc;

use super::frame::Frame;
use super::interp::{append, boolean, flatten, Interp, R};
use super::regex::Regex;
use super::signature::Signature;
use super::value::{
    deep_equal, from_json, items, js_number, round15, to_json, Func, Obj, Val, MAX_DATA_DEPTH,
};
use super::EvalError;
use crate::jsonata::format;

type Imp = fn(&mut Interp<'_>, Vec<Option<Val>>, Option<&Val>, &Rc<Frame>, usize) -> R;

pub(crate) struct Builtin {
    pub(crate) name: &'static str,
    pub(crate) sig: Option<Signature>,
    pub(crate) imp: Imp,
}

const TABLE: &[(&str, &str, Imp)] = &[
    ("sum", "<a<n>:n>", sum),
    ("count", "<a:n>", count),
    ("max", "<a<n>:n>", max),
    ("min", "<a<n>:n>", min),
    ("average", "<a<n>:n>", average),
    ("string", "<x-b?:s>", string),
    ("substring", "<s-nn?:s>", substring),
    ("substringBefore", "<s-s:s>", substring_before),
    ("substringAfter", "<s-s:s>", substring_after),
    ("lowercase", "<s-:s>", lowercase),
    ("uppercase", "<s-:s>", uppercase),
    ("length", "<s-:n>", length),
    ("trim", "<s-:s>", trim),
    ("pad", "<s-ns?:s>", pad),
    ("match", "<s-f<s:o>n?:a<o>>", match_),
    ("contains", "<s-(sf):b>", contains),
    ("replace", "<s-(sf)(sf)n?:s>", replace),
    ("split", "<s-(sf)n?:a<s>>", split),
    ("join", "<a<s>s?:s>", join),
    ("number", "<(nsb)-:n>", number),
    ("floor", "<n-:n>", floor),
    ("ceil", "<n-:n>", ceil),
    ("round", "<n-n?:n>", round),
    ("abs", "<n-:n>", abs),
    ("sqrt", "<n-:n>", sqrt),
    ("power", "<n-n:n>", power),
    ("random", "<n?:n>", random),
    ("boolean", "<x-:b>", boolean_),
    ("not", "<x-:b>", not),
    ("map", "<af>", map),
    ("zip", "<a+>", zip),
    ("filter", "<af>", filter),
    ("single", "<af?>", single),
    ("reduce", "<afj?:j>", reduce),
    ("sift", "<o-f?:o>", sift),
    ("keys", "<x-:a<s>>", keys),
    ("lookup", "<x-s:x>", lookup),
    ("append", "<xx:a>", append_),
    ("exists", "<x:b>", exists),
    ("spread", "<x-:a<o>>", spread),
    ("merge", "<a<o>:o>", merge),
    ("reverse", "<a:a>", reverse),
    ("each", "<o-f:a>", each),
    ("error", "<s?:x>", error),
    ("assert", "<bs?:x>", assert),
    ("type", "<x:s>", type_),
    ("sort", "<af?:a>", sort),
    ("shuffle", "<a:a>", shuffle),
    ("distinct", "<x:x>", distinct),
    ("base64encode", "<s-:s>", base64encode),
    ("base64decode", "<s-:s>", base64decode),
    ("encodeUrlComponent", "<s-:s>", encode_url_component),
    ("encodeUrl", "<s-:s>", encode_url),
    ("decodeUrlComponent", "<s-:s>", decode_url_component),
    ("decodeUrl", "<s-:s>", decode_url),
    ("clone", "<(oa)-:o>", clone),
    ("now", "<s?s?:s>", now),
    ("formatNumber", "<n-so?:s>", format_number),
    ("formatBase", "<n-n?:s>", format_base),
    ("formatInteger", "<n-s:s>", format_integer),
    ("parseInteger", "<s-s:n>", parse_integer),
    ("fromMillis", "<n-s?s?:s>", from_millis),
    ("toMillis", "<s-s?:n>", to_millis),
    ("millis", "<:n>", millis),
    // Step Functions
    ("partition", "<an:a>", partition),
    ("range", "<nnn?:a>", range),
    ("uuid", "<:s>", uuid),
    ("hash", "<s-s:s>", hash),
    ("parse", "<s-:x>", parse),
];

thread_local! {
    static BUILTINS: HashMap<&'static str, Rc<Builtin>> = TABLE
        .iter()
        .map(|&(name, sig, imp)| {
            (
                name,
                Rc::new(Builtin {
                    name,
                    sig: Signature::parse(sig).ok(),
                    imp,
                }),
            )
        })
        .collect();
}

/// The built-in function `$name`, if there is one.
pub(crate) fn lookup_builtin(name: &str) -> Option<Rc<Builtin>> {
    BUILTINS.with(|b| b.get(name).cloned())
}

// ---------------------------------------------------------------------------------------------
// Argument helpers
// ---------------------------------------------------------------------------------------------

fn arg(args: &[Option<Val>], i: usize) -> Option<&Val> {
    args.get(i).and_then(Option::as_ref)
}

fn arg_str(args: &[Option<Val>], i: usize) -> Option<Rc<str>> {
    match arg(args, i) {
        Some(Val::Str(s)) => Some(s.clone()),
        _ => None,
    }
}

fn arg_num(args: &[Option<Val>], i: usize) -> Option<f64> {
    arg(args, i).and_then(Val::num)
}

fn num(n: f64) -> R {
    Ok(Some(Val::Num(n)))
}

fn text(s: &str) -> R {
    Ok(Some(Val::str(s)))
}

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

/// How many arguments a callback takes, to pass it (value, index, array) as JSONata does.
fn arity(f: &Val) -> usize {
    match f {
        Val::Fun(func) => func.arity(),
        _ => 0,
    }
}

fn hof_args(f: &Val, a: Val, b: Val, c: Val) -> Vec<Option<Val>> {
    let n = arity(f);
    let mut v = vec![Some(a)];
    if n >= 2 {
        v.push(Some(b));
    }
    if n >= 3 {
        v.push(Some(c));
    }
    v
}

// ---------------------------------------------------------------------------------------------
// Aggregation
// ---------------------------------------------------------------------------------------------

fn numbers(args: &[Option<Val>]) -> Option<Vec<f64>> {
    arg(args, 0).map(|v| items(v).iter().filter_map(Val::num).collect())
}

fn sum(_: &mut Interp<'_>, args: Vec<Option<Val>>, _: Option<&Val>, _: &Rc<Frame>, _: usize) -> R {
    match numbers(&args) {
        None => Ok(None),
        Some(ns) => num(ns.iter().sum()),
    }
}

fn count(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    _: usize,
) -> R {
    num(arg(&args, 0).map_or(0, |v| items(v).len()) as f64)
}

fn max(_: &mut Interp<'_>, args: Vec<Option<Val>>, _: Option<&Val>, _: &Rc<Frame>, _: usize) -> R {
    match numbers(&args) {
        Some(ns) if !ns.is_empty() => num(ns.iter().copied().fold(f64::NEG_INFINITY, f64::max)),
        _ => Ok(None),
    }
}

fn min(_: &mut Interp<'_>, args: Vec<Option<Val>>, _: Option<&Val>, _: &Rc<Frame>, _: usize) -> R {
    match numbers(&args) {
        Some(ns) if !ns.is_empty() => num(ns.iter().copied().fold(f64::INFINITY, f64::min)),
        _ => Ok(None),
    }
}

fn average(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    _: usize,
) -> R {
    match numbers(&args) {
        Some(ns) if !ns.is_empty() => num(ns.iter().sum::<f64>() / ns.len() as f64),
        _ => Ok(None),
    }
}

// ---------------------------------------------------------------------------------------------
// Strings
// ---------------------------------------------------------------------------------------------

fn string(
    it: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    pos: usize,
) -> R {
    let Some(v) = arg(&args, 0) else {
        return Ok(None);
    };
    let pretty = matches!(arg(&args, 1), Some(Val::Bool(true)));
    if pretty && !matches!(v, Val::Str(_) | Val::Fun(_) | Val::Num(_)) {
        return text(&super::value::stringify(v, true)?);
    }
    text(&it.to_string(v, pos)?)
}

fn substring(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    _: usize,
) -> R {
    let Some(s) = arg_str(&args, 0) else {
        return Ok(None);
    };
    let cs = chars(&s);
    let len = cs.len() as f64;
    let mut start = arg_num(&args, 1).unwrap_or(0.0);
    let length = arg_num(&args, 2);
    if len + start < 0.0 {
        start = 0.0;
    }
    let norm = |i: f64| -> usize {
        let i = i.trunc();
        let i = if i < 0.0 {
            (len + i).max(0.0)
        } else {
            i.min(len)
        };
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let r = i as usize;
        r
    };
    let from = norm(start);
    let to = match length {
        Some(l) => {
            if l <= 0.0 {
                return text("");
            }
            let end = if start >= 0.0 {
                start + l
            } else {
                len + start + l
            };
            norm(end)
        }
        None => cs.len(),
    };
    if to <= from {
        return text("");
    }
    text(&cs.get(from..to).unwrap_or(&[]).iter().collect::<String>())
}

fn substring_before(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    _: usize,
) -> R {
    let (Some(s), Some(c)) = (arg_str(&args, 0), arg_str(&args, 1)) else {
        return Ok(arg_str(&args, 0).map(Val::Str));
    };
    text(s.find(&*c).map_or(&*s, |i| s.get(..i).unwrap_or("")))
}

fn substring_after(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    _: usize,
) -> R {
    let (Some(s), Some(c)) = (arg_str(&args, 0), arg_str(&args, 1)) else {
        return Ok(arg_str(&args, 0).map(Val::Str));
    };
    text(
        s.find(&*c)
            .map_or(&*s, |i| s.get(i + c.len()..).unwrap_or("")),
    )
}

fn lowercase(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    _: usize,
) -> R {
    Ok(arg_str(&args, 0).map(|s| Val::str(&s.to_lowercase())))
}

fn uppercase(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    _: usize,
) -> R {
    Ok(arg_str(&args, 0).map(|s| Val::str(&s.to_uppercase())))
}

fn length(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    _: usize,
) -> R {
    Ok(arg_str(&args, 0).map(|s| Val::Num(s.chars().count() as f64)))
}

fn trim(_: &mut Interp<'_>, args: Vec<Option<Val>>, _: Option<&Val>, _: &Rc<Frame>, _: usize) -> R {
    let Some(s) = arg_str(&args, 0) else {
        return Ok(None);
    };
    let mut out = String::with_capacity(s.len());
    let mut in_ws = false;
    for c in s.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r') {
            if !in_ws {
                out.push(' ');
            }
            in_ws = true;
        } else {
            out.push(c);
            in_ws = false;
        }
    }
    let out = out.strip_prefix(' ').unwrap_or(&out);
    let out = out.strip_suffix(' ').unwrap_or(out);
    text(out)
}

fn pad(_: &mut Interp<'_>, args: Vec<Option<Val>>, _: Option<&Val>, _: &Rc<Frame>, _: usize) -> R {
    let Some(s) = arg_str(&args, 0) else {
        return Ok(None);
    };
    let width = arg_num(&args, 1).unwrap_or(0.0);
    let fill = match arg_str(&args, 2) {
        Some(f) if !f.is_empty() => f,
        _ => Rc::from(" "),
    };
    let len = s.chars().count() as f64;
    let missing = width.abs().trunc() - len;
    if missing <= 0.0 {
        return text(&s);
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let missing = missing as usize;
    let padding: String = fill.chars().cycle().take(missing).collect();
    if width < 0.0 {
        text(&format!("{padding}{s}"))
    } else {
        text(&format!("{s}{padding}"))
    }
}

/// Runs a matcher (a regular expression or a function) on `s`: the first match object.
fn matcher(it: &mut Interp<'_>, m: &Val, s: &str, env: &Rc<Frame>, pos: usize) -> R {
    let r = it.apply(m, vec![Some(Val::str(s))], None, env, pos)?;
    if let Some(v) = &r {
        let ok = match v {
            Val::Obj(o) => {
                matches!(o.get("start"), Some(Val::Num(_)))
                    || matches!(o.get("end"), Some(Val::Num(_)))
                    || matches!(o.get("groups"), Some(Val::Arr(_)))
                    || matches!(o.get("next"), Some(Val::Fun(_)))
            }
            _ => false,
        };
        if !ok {
            return Err(EvalError::new("T1010", pos));
        }
    }
    Ok(r)
}

fn next_match(it: &mut Interp<'_>, m: &Val, env: &Rc<Frame>, pos: usize) -> R {
    match m {
        Val::Obj(o) => match o.get("next") {
            Some(f @ Val::Fun(_)) => {
                let f = f.clone();
                it.apply(&f, Vec::new(), None, env, pos)
            }
            _ => Ok(None),
        },
        _ => Ok(None),
    }
}

fn field_num(m: &Val, key: &str) -> f64 {
    match m {
        Val::Obj(o) => o.get(key).and_then(Val::num).unwrap_or(0.0),
        _ => 0.0,
    }
}

fn field_str(m: &Val, key: &str) -> Rc<str> {
    match m {
        Val::Obj(o) => match o.get(key) {
            Some(Val::Str(s)) => s.clone(),
            _ => Rc::from(""),
        },
        _ => Rc::from(""),
    }
}

/// The match object that a regular expression gives for `text` from char `from`.
pub(crate) fn regex_exec(
    it: &mut Interp<'_>,
    re: &Rc<Regex>,
    text: Option<Val>,
    from: usize,
    pos: usize,
) -> R {
    let Some(Val::Str(s)) = text else {
        return Ok(None);
    };
    let cs = chars(&s);
    it.tick(cs.len() as u64 / 64 + 1)?;
    let caps = re.exec(&cs, from).map_err(|_| {
        EvalError::new("U1001", pos).with_message("Regular expression is too complex to evaluate")
    })?;
    let Some(caps) = caps else {
        return Ok(None);
    };
    let slice = |span: Option<(usize, usize)>| -> Option<String> {
        span.map(|(a, b)| cs.get(a..b).unwrap_or(&[]).iter().collect())
    };
    let (start, end) = caps.first().copied().flatten().unwrap_or((0, 0));
    let mut o = Obj::default();
    o.insert(
        Rc::from("match"),
        Val::str(&slice(Some((start, end))).unwrap_or_default()),
    );
    o.insert(Rc::from("start"), Val::Num(start as f64));
    o.insert(Rc::from("end"), Val::Num(end as f64));
    let groups: Vec<Val> = caps
        .iter()
        .skip(1)
        .map(|g| Val::str(&slice(*g).unwrap_or_default()))
        .collect();
    o.insert(Rc::from("groups"), Val::array(groups));
    o.insert(
        Rc::from("next"),
        Val::Fun(Rc::new(Func::MatchNext {
            regex: re.clone(),
            text: s.clone(),
            from: end,
        })),
    );
    Ok(Some(Val::obj(o)))
}

fn match_(
    it: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    env: &Rc<Frame>,
    pos: usize,
) -> R {
    let Some(s) = arg_str(&args, 0) else {
        return Ok(None);
    };
    let limit = arg_num(&args, 2);
    if limit.is_some_and(|l| l < 0.0) {
        return Err(EvalError::new("D3040", pos).with_value(args.get(2).cloned().flatten()));
    }
    let Some(m) = arg(&args, 1).cloned() else {
        return Ok(None);
    };
    let mut out = Vec::new();
    if limit.is_none_or(|l| l > 0.0) {
        let mut cur = matcher(it, &m, &s, env, pos)?;
        while let Some(mv) = cur {
            if limit.is_some_and(|l| out.len() as f64 >= l) {
                break;
            }
            let mut o = Obj::default();
            o.insert(Rc::from("match"), Val::Str(field_str(&mv, "match")));
            o.insert(Rc::from("index"), Val::Num(field_num(&mv, "start")));
            let groups = match &mv {
                Val::Obj(x) => x.get("groups").cloned().unwrap_or(Val::array(Vec::new())),
                _ => Val::array(Vec::new()),
            };
            o.insert(Rc::from("groups"), groups);
            out.push(Val::obj(o));
            cur = next_match(it, &mv, env, pos)?;
        }
    }
    Ok(Some(Val::seq(out)))
}

fn contains(
    it: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    env: &Rc<Frame>,
    pos: usize,
) -> R {
    let Some(s) = arg_str(&args, 0) else {
        return Ok(None);
    };
    match arg(&args, 1) {
        Some(Val::Str(t)) => Ok(Some(Val::Bool(s.contains(&**t)))),
        Some(m) => {
            let m = m.clone();
            Ok(Some(Val::Bool(matcher(it, &m, &s, env, pos)?.is_some())))
        }
        None => Ok(None),
    }
}

fn substitute(replacement: &str, m: &Val) -> String {
    let groups: Vec<Option<Rc<str>>> = match m {
        Val::Obj(o) => match o.get("groups") {
            Some(Val::Arr(a)) => a
                .items
                .iter()
                .map(|g| match g {
                    Val::Str(s) => Some(s.clone()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    let whole = field_str(m, "match");
    let cs = chars(replacement);
    let mut out = String::new();
    let mut i = 0;
    while let Some(&c) = cs.get(i) {
        if c != '$' {
            out.push(c);
            i += 1;
            continue;
        }
        i += 1;
        match cs.get(i) {
            Some('$') => {
                out.push('$');
                i += 1;
            }
            Some('0') => {
                out.push_str(&whole);
                i += 1;
            }
            _ => {
                let max_digits = if groups.is_empty() {
                    1
                } else {
                    groups.len().to_string().len()
                };
                let digits: String = cs
                    .iter()
                    .skip(i)
                    .take(max_digits)
                    .take_while(|c| c.is_ascii_digit())
                    .collect();
                let mut index: Option<usize> = digits.parse().ok();
                let mut used = digits.len();
                if max_digits > 1 && index.is_some_and(|n| n > groups.len()) {
                    let shorter: String = digits.chars().take(max_digits - 1).collect();
                    index = shorter.parse().ok();
                    used = shorter.len();
                }
                match index {
                    Some(n) => {
                        if n >= 1 {
                            if let Some(Some(g)) = groups.get(n - 1) {
                                out.push_str(g);
                            }
                        }
                        let _ = used;
                        i += n.to_string().len();
                    }
                    None => out.push('$'),
                }
            }
        }
    }
    out
}

fn replace(
    it: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    env: &Rc<Frame>,
    pos: usize,
) -> R {
    let Some(s) = arg_str(&args, 0) else {
        return Ok(None);
    };
    let pattern = arg(&args, 1).cloned();
    if matches!(&pattern, Some(Val::Str(p)) if p.is_empty()) {
        return Err(EvalError::new("D3010", pos).with_value(pattern));
    }
    let limit = arg_num(&args, 3);
    if limit.is_some_and(|l| l < 0.0) {
        return Err(EvalError::new("D3011", pos).with_value(args.get(3).cloned().flatten()));
    }
    let replacement = arg(&args, 2).cloned();
    let within = |count: usize| limit.is_none_or(|l| (count as f64) < l);
    match pattern {
        Some(Val::Str(p)) => {
            let rep = match &replacement {
                Some(Val::Str(r)) => r.to_string(),
                Some(v) => it.to_string(v, pos)?,
                None => String::new(),
            };
            let mut out = String::new();
            let mut rest: &str = &s;
            let mut count = 0;
            while within(count) {
                let Some(i) = rest.find(&*p) else { break };
                out.push_str(rest.get(..i).unwrap_or(""));
                out.push_str(&rep);
                rest = rest.get(i + p.len()..).unwrap_or("");
                count += 1;
            }
            out.push_str(rest);
            text(&out)
        }
        Some(m) => {
            let cs = chars(&s);
            let mut cur = matcher(it, &m, &s, env, pos)?;
            if cur.is_none() {
                return text(&s);
            }
            let mut out = String::new();
            let mut position = 0usize;
            let mut count = 0;
            while let Some(mv) = cur {
                if !within(count) {
                    break;
                }
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let start = field_num(&mv, "start").max(0.0) as usize;
                if start >= position {
                    out.extend(cs.get(position..start.min(cs.len())).unwrap_or(&[]));
                }
                let with = match &replacement {
                    Some(Val::Str(r)) => Val::str(&substitute(r, &mv)),
                    Some(f @ Val::Fun(_)) => {
                        let f = f.clone();
                        match it.apply(&f, vec![Some(mv.clone())], None, env, pos)? {
                            Some(v) => v,
                            None => return Err(EvalError::new("D3012", pos).with_value(None)),
                        }
                    }
                    _ => Val::str(""),
                };
                match with {
                    Val::Str(w) => out.push_str(&w),
                    other => return Err(EvalError::new("D3012", pos).with_value(Some(other))),
                }
                position = start + field_str(&mv, "match").chars().count();
                count += 1;
                cur = next_match(it, &mv, env, pos)?;
            }
            out.extend(cs.get(position.min(cs.len())..).unwrap_or(&[]));
            text(&out)
        }
        None => Ok(None),
    }
}

fn split(
    it: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    env: &Rc<Frame>,
    pos: usize,
) -> R {
    let Some(s) = arg_str(&args, 0) else {
        return Ok(None);
    };
    let limit = arg_num(&args, 2).map(f64::floor);
    if limit.is_some_and(|l| l < 0.0) {
        return Err(EvalError::new("D3020", pos).with_value(args.get(2).cloned().flatten()));
    }
    let within = |count: usize| limit.is_none_or(|l| (count as f64) < l);
    let mut out: Vec<Val> = Vec::new();
    match arg(&args, 1) {
        Some(Val::Str(sep)) => {
            let parts: Vec<String> = if sep.is_empty() {
                s.chars().map(|c| c.to_string()).collect()
            } else {
                s.split(&**sep).map(str::to_string).collect()
            };
            for p in parts {
                if !within(out.len()) {
                    break;
                }
                out.push(Val::str(&p));
            }
        }
        Some(m) => {
            let m = m.clone();
            let cs = chars(&s);
            let mut cur = matcher(it, &m, &s, env, pos)?;
            if cur.is_none() {
                out.push(Val::Str(s.clone()));
            } else {
                let mut start = 0usize;
                let mut count = 0;
                while let Some(mv) = cur {
                    if !within(count) {
                        break;
                    }
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    let ms = field_num(&mv, "start").max(0.0) as usize;
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    let me = field_num(&mv, "end").max(0.0) as usize;
                    out.push(Val::str(
                        &cs.get(start.min(ms)..ms.min(cs.len()))
                            .unwrap_or(&[])
                            .iter()
                            .collect::<String>(),
                    ));
                    start = me;
                    count += 1;
                    cur = next_match(it, &mv, env, pos)?;
                }
                if within(count) {
                    out.push(Val::str(
                        &cs.get(start.min(cs.len())..)
                            .unwrap_or(&[])
                            .iter()
                            .collect::<String>(),
                    ));
                }
            }
        }
        None => return Ok(None),
    }
    Ok(Some(Val::array(out)))
}

fn join(_: &mut Interp<'_>, args: Vec<Option<Val>>, _: Option<&Val>, _: &Rc<Frame>, _: usize) -> R {
    let Some(v) = arg(&args, 0) else {
        return Ok(None);
    };
    let sep = arg_str(&args, 1).unwrap_or_else(|| Rc::from(""));
    let parts: Vec<String> = items(v)
        .iter()
        .map(|x| match x {
            Val::Str(s) => s.to_string(),
            _ => String::new(),
        })
        .collect();
    text(&parts.join(&sep))
}

const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64encode(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    _: usize,
) -> R {
    let Some(s) = arg_str(&args, 0) else {
        return Ok(None);
    };
    // Each char's low byte, as JavaScript's `btoa` reads a binary string.
    #[allow(clippy::cast_possible_truncation)]
    let bytes: Vec<u8> = s.chars().map(|c| (c as u32 & 0xFF) as u8).collect();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                let idx = ((n >> (18 - 6 * i)) & 63) as usize;
                out.push(char::from(B64.get(idx).copied().unwrap_or(b'A')));
            } else {
                out.push('=');
            }
        }
    }
    text(&out)
}

fn base64decode(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    _: usize,
) -> R {
    let Some(s) = arg_str(&args, 0) else {
        return Ok(None);
    };
    let mut bits: u32 = 0;
    let mut n = 0;
    let mut out = String::new();
    for c in s.chars() {
        let Some(v) = B64.iter().position(|&b| char::from(b) == c) else {
            continue;
        };
        #[allow(clippy::cast_possible_truncation)]
        let v = v as u32;
        bits = (bits << 6) | v;
        n += 6;
        if n >= 8 {
            n -= 8;
            let byte = (bits >> n) & 0xFF;
            out.push(char::from_u32(byte).unwrap_or('\u{FFFD}'));
        }
    }
    text(&out)
}

fn percent_encode(s: &str, keep: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || keep.contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

fn encode_url_component(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    _: usize,
) -> R {
    Ok(arg_str(&args, 0).map(|s| Val::str(&percent_encode(&s, "-_.!~*'()"))))
}

fn encode_url(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    _: usize,
) -> R {
    Ok(arg_str(&args, 0).map(|s| Val::str(&percent_encode(&s, "-_.!~*'();/?:@&=+$,#"))))
}

/// `decodeURIComponent` (`reserved` empty) or `decodeURI` (escapes of reserved characters
/// stay as they are).
fn percent_decode(s: &str, reserved: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    let hex = |i: usize| -> Option<u8> {
        let h = s.get(i + 1..i + 3)?;
        u8::from_str_radix(h, 16).ok()
    };
    while let Some(&b) = bytes.get(i) {
        if b != b'%' {
            out.push(b);
            i += 1;
            continue;
        }
        let first = hex(i)?;
        if first < 0x80 {
            if reserved.as_bytes().contains(&first) {
                out.extend_from_slice(bytes.get(i..i + 3)?);
            } else {
                out.push(first);
            }
            i += 3;
            continue;
        }
        let len = match first {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF7 => 4,
            _ => return None,
        };
        let mut seq = vec![first];
        for k in 1..len {
            let at = i + 3 * k;
            if bytes.get(at) != Some(&b'%') {
                return None;
            }
            seq.push(hex(at)?);
        }
        std::str::from_utf8(&seq).ok()?;
        out.extend_from_slice(&seq);
        i += 3 * len;
    }
    String::from_utf8(out).ok()
}

fn decode_url_component(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    pos: usize,
) -> R {
    let Some(s) = arg_str(&args, 0) else {
        return Ok(None);
    };
    match percent_decode(&s, "") {
        Some(d) => text(&d),
        None => Err(EvalError::new("D3140", pos).with_value(Some(Val::Str(s)))),
    }
}

fn decode_url(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    pos: usize,
) -> R {
    let Some(s) = arg_str(&args, 0) else {
        return Ok(None);
    };
    match percent_decode(&s, ";/?:@&=+$,#") {
        Some(d) => text(&d),
        None => Err(EvalError::new("D3140", pos).with_value(Some(Val::Str(s)))),
    }
}

// ---------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------

fn parse_number(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > start
    };
    if b.first() == Some(&b'-') {
        i += 1;
    }
    if !digits(&mut i) {
        // 0x, 0o, 0b
        let lower = s.to_ascii_lowercase();
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
            if let Some(rest) = lower.strip_prefix(prefix) {
                if !rest.is_empty() {
                    return u64::from_str_radix(rest, radix).ok().map(|n| n as f64);
                }
            }
        }
        return None;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return None;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return None;
        }
    }
    if i != b.len() {
        let lower = s.to_ascii_lowercase();
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
            if let Some(rest) = lower.strip_prefix(prefix) {
                return u64::from_str_radix(rest, radix).ok().map(|n| n as f64);
            }
        }
        return None;
    }
    s.parse::<f64>().ok().filter(|n| n.is_finite())
}

fn number(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    pos: usize,
) -> R {
    match arg(&args, 0) {
        None => Ok(None),
        Some(Val::Num(n)) => num(*n),
        Some(Val::Bool(b)) => num(if *b { 1.0 } else { 0.0 }),
        Some(Val::Str(s)) => match parse_number(s) {
            Some(n) => num(n),
            None => Err(EvalError::new("D3030", pos).with_value(Some(Val::Str(s.clone())))),
        },
        Some(v) => Err(EvalError::new("D3030", pos).with_value(Some(v.clone()))),
    }
}

fn unary_num(args: &[Option<Val>], f: fn(f64) -> f64) -> R {
    Ok(arg_num(args, 0).map(|n| Val::Num(f(n))))
}

fn floor(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    _: usize,
) -> R {
    unary_num(&args, f64::floor)
}

fn ceil(_: &mut Interp<'_>, args: Vec<Option<Val>>, _: Option<&Val>, _: &Rc<Frame>, _: usize) -> R {
    unary_num(&args, f64::ceil)
}

fn abs(_: &mut Interp<'_>, args: Vec<Option<Val>>, _: Option<&Val>, _: &Rc<Frame>, _: usize) -> R {
    unary_num(&args, f64::abs)
}

/// Shifts the decimal point of `n` by `by` places, through its decimal text.
fn shift(n: f64, by: i32) -> f64 {
    let s = js_number(n);
    let (mantissa, exp) = match s.split_once('e') {
        Some((m, e)) => (m.to_string(), e.parse::<i32>().unwrap_or(0)),
        None => (s.clone(), 0),
    };
    format!("{mantissa}e{}", exp + by).parse().unwrap_or(n)
}

fn round(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    _: usize,
) -> R {
    let Some(mut n) = arg_num(&args, 0) else {
        return Ok(None);
    };
    #[allow(clippy::cast_possible_truncation)]
    let precision = arg_num(&args, 1).map(|p| p as i32).filter(|&p| p != 0);
    if let Some(p) = precision {
        n = shift(n, p);
    }
    let mut r = (n + 0.5).floor();
    let diff = r - n;
    if diff.abs() == 0.5 && (r % 2.0).abs() == 1.0 {
        r -= 1.0;
    }
    if let Some(p) = precision {
        r = shift(r, -p);
    }
    if r == 0.0 {
        r = 0.0;
    }
    num(r)
}

fn sqrt(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    pos: usize,
) -> R {
    match arg_num(&args, 0) {
        None => Ok(None),
        Some(n) if n < 0.0 => Err(EvalError::new("D3060", pos).with_value(Some(Val::Num(n)))),
        Some(n) => num(n.sqrt()),
    }
}

fn power(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    pos: usize,
) -> R {
    let (Some(b), Some(e)) = (arg_num(&args, 0), arg_num(&args, 1)) else {
        return Ok(None);
    };
    let r = b.powf(e);
    if !r.is_finite() {
        return Err(EvalError::new("D3061", pos)
            .with_value(Some(Val::Num(b)))
            .with_value2(Some(Val::Num(e))));
    }
    num(r)
}

fn random(
    it: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    _: usize,
) -> R {
    match arg_num(&args, 0) {
        // Step Functions: a seed gives the same number every time.
        Some(seed) => {
            let mut x = seed.to_bits() ^ 0x9E37_79B9_7F4A_7C15;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            num((x >> 11) as f64 / (1u64 << 53) as f64)
        }
        None => num(it.host.random()),
    }
}

fn millis(it: &mut Interp<'_>, _: Vec<Option<Val>>, _: Option<&Val>, _: &Rc<Frame>, _: usize) -> R {
    num(it.now as f64)
}

/// Milliseconds since the epoch as ISO 8601 in UTC with milliseconds (`toISOString`).
pub(crate) fn iso_timestamp(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        y,
        m,
        d,
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000
    )
}

fn now(
    it: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    pos: usize,
) -> R {
    if args.iter().all(Option::is_none) {
        return text(&iso_timestamp(it.now));
    }
    let (picture, zone) = (arg_str(&args, 0), arg_str(&args, 1));
    formatted(
        format::from_millis(it.now as f64, picture.as_deref(), zone.as_deref()),
        pos,
    )
}

// ---------------------------------------------------------------------------------------------
// Numbers and dates as text (`jsonata::format`)
// ---------------------------------------------------------------------------------------------

fn format_error(e: format::FormatError, pos: usize) -> Box<EvalError> {
    EvalError::new(e.code, pos).with_message(&e.message)
}

fn formatted(r: Result<String, format::FormatError>, pos: usize) -> R {
    r.map(|s| Some(Val::str(&s)))
        .map_err(|e| format_error(e, pos))
}

fn format_number(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    pos: usize,
) -> R {
    let Some(n) = arg_num(&args, 0) else {
        return Ok(None);
    };
    let picture = arg_str(&args, 1).unwrap_or_else(|| "".into());
    let options = match arg(&args, 2) {
        Some(v) => match to_json(v, 0)? {
            serde_json::Value::Object(m) => Some(m),
            _ => None,
        },
        None => None,
    };
    formatted(format::format_number(n, &picture, options.as_ref()), pos)
}

fn format_base(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    pos: usize,
) -> R {
    let Some(n) = arg_num(&args, 0) else {
        return Ok(None);
    };
    formatted(format::format_base(n, arg_num(&args, 1)), pos)
}

fn format_integer(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    pos: usize,
) -> R {
    let Some(n) = arg_num(&args, 0) else {
        return Ok(None);
    };
    let picture = arg_str(&args, 1).unwrap_or_else(|| "".into());
    formatted(format::format_integer(n, &picture), pos)
}

fn parse_integer(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    pos: usize,
) -> R {
    let Some(s) = arg_str(&args, 0) else {
        return Ok(None);
    };
    let picture = arg_str(&args, 1).unwrap_or_else(|| "".into());
    format::parse_integer(&s, &picture)
        .map(|n| n.map(Val::Num))
        .map_err(|e| format_error(e, pos))
}

fn from_millis(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    pos: usize,
) -> R {
    let Some(n) = arg_num(&args, 0) else {
        return Ok(None);
    };
    let (picture, zone) = (arg_str(&args, 1), arg_str(&args, 2));
    formatted(
        format::from_millis(n, picture.as_deref(), zone.as_deref()),
        pos,
    )
}

fn to_millis(
    it: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    pos: usize,
) -> R {
    let Some(s) = arg_str(&args, 0) else {
        return Ok(None);
    };
    let picture = arg_str(&args, 1);
    format::to_millis_at(&s, picture.as_deref(), it.now as f64)
        .map(|n| n.map(Val::Num))
        .map_err(|e| format_error(e, pos))
}

// ---------------------------------------------------------------------------------------------
// Booleans
// ---------------------------------------------------------------------------------------------

fn boolean_(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    _: usize,
) -> R {
    Ok(boolean(arg(&args, 0)).map(Val::Bool))
}

fn not(_: &mut Interp<'_>, args: Vec<Option<Val>>, _: Option<&Val>, _: &Rc<Frame>, _: usize) -> R {
    Ok(boolean(arg(&args, 0)).map(|b| Val::Bool(!b)))
}

fn exists(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    _: usize,
) -> R {
    Ok(Some(Val::Bool(arg(&args, 0).is_some())))
}

// ---------------------------------------------------------------------------------------------
// Higher-order functions
// ---------------------------------------------------------------------------------------------

fn map(
    it: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    env: &Rc<Frame>,
    pos: usize,
) -> R {
    let (Some(arr), Some(f)) = (arg(&args, 0).cloned(), arg(&args, 1).cloned()) else {
        return Ok(None);
    };
    let list = items(&arr);
    let mut out = Vec::new();
    for (i, v) in list.iter().enumerate() {
        let a = hof_args(&f, v.clone(), Val::Num(i as f64), arr.clone());
        if let Some(r) = it.apply(&f, a, None, env, pos)? {
            out.push(r);
        }
    }
    Ok(Some(Val::seq(out)))
}

fn filter(
    it: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    env: &Rc<Frame>,
    pos: usize,
) -> R {
    let (Some(arr), Some(f)) = (arg(&args, 0).cloned(), arg(&args, 1).cloned()) else {
        return Ok(None);
    };
    let list = items(&arr);
    let mut out = Vec::new();
    for (i, v) in list.iter().enumerate() {
        let a = hof_args(&f, v.clone(), Val::Num(i as f64), arr.clone());
        let r = it.apply(&f, a, None, env, pos)?;
        if boolean(r.as_ref()).unwrap_or(false) {
            out.push(v.clone());
        }
    }
    Ok(Some(Val::seq(out)))
}

fn single(
    it: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    env: &Rc<Frame>,
    pos: usize,
) -> R {
    let Some(arr) = arg(&args, 0).cloned() else {
        return Ok(None);
    };
    let f = arg(&args, 1).cloned();
    let list = items(&arr);
    let mut found: Option<Val> = None;
    for (i, v) in list.iter().enumerate() {
        let hit = match &f {
            None => true,
            Some(f) => {
                let a = hof_args(f, v.clone(), Val::Num(i as f64), arr.clone());
                let r = it.apply(f, a, None, env, pos)?;
                boolean(r.as_ref()).unwrap_or(false)
            }
        };
        if hit {
            if found.is_some() {
                return Err(EvalError::new("D3138", pos));
            }
            found = Some(v.clone());
        }
    }
    match found {
        Some(v) => Ok(Some(v)),
        None => Err(EvalError::new("D3139", pos)),
    }
}

fn reduce(
    it: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    env: &Rc<Frame>,
    pos: usize,
) -> R {
    let (Some(arr), Some(f)) = (arg(&args, 0).cloned(), arg(&args, 1).cloned()) else {
        return Ok(None);
    };
    let n = arity(&f);
    if n < 2 {
        return Err(EvalError::new("D3050", pos));
    }
    let list = items(&arr);
    let init = arg(&args, 2).cloned();
    let (mut acc, start) = match init {
        None if !list.is_empty() => (list.first().cloned(), 1),
        other => (other, 0),
    };
    for (i, v) in list.iter().enumerate().skip(start) {
        let mut a = vec![acc, Some(v.clone())];
        if n >= 3 {
            a.push(Some(Val::Num(i as f64)));
        }
        if n >= 4 {
            a.push(Some(arr.clone()));
        }
        acc = it.apply(&f, a, None, env, pos)?;
    }
    Ok(acc)
}

fn sift(
    it: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    env: &Rc<Frame>,
    pos: usize,
) -> R {
    let (Some(Val::Obj(o)), Some(f)) = (arg(&args, 0).cloned(), arg(&args, 1).cloned()) else {
        return Ok(None);
    };
    let mut out = Obj::default();
    for (k, v) in o.iter() {
        let a = hof_args(&f, v.clone(), Val::Str(k.clone()), Val::Obj(o.clone()));
        let r = it.apply(&f, a, None, env, pos)?;
        if boolean(r.as_ref()).unwrap_or(false) {
            out.insert(k.clone(), v.clone());
        }
    }
    if out.len() == 0 {
        return Ok(None);
    }
    Ok(Some(Val::obj(out)))
}

fn each(
    it: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    env: &Rc<Frame>,
    pos: usize,
) -> R {
    let (Some(Val::Obj(o)), Some(f)) = (arg(&args, 0).cloned(), arg(&args, 1).cloned()) else {
        return Ok(None);
    };
    let mut out = Vec::new();
    for (k, v) in o.iter() {
        let a = hof_args(&f, v.clone(), Val::Str(k.clone()), Val::Obj(o.clone()));
        if let Some(r) = it.apply(&f, a, None, env, pos)? {
            out.push(r);
        }
    }
    Ok(Some(Val::seq(out)))
}

fn zip(_: &mut Interp<'_>, args: Vec<Option<Val>>, _: Option<&Val>, _: &Rc<Frame>, _: usize) -> R {
    let lists: Vec<Vec<Val>> = args.iter().map(super::value::items_opt).collect();
    let n = lists.iter().map(Vec::len).min().unwrap_or(0);
    let out = (0..n)
        .map(|i| Val::array(lists.iter().filter_map(|l| l.get(i).cloned()).collect()))
        .collect();
    Ok(Some(Val::array(out)))
}

// ---------------------------------------------------------------------------------------------
// Arrays
// ---------------------------------------------------------------------------------------------

fn append_(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    _: usize,
) -> R {
    let mut it = args.into_iter();
    let a = it.next().flatten();
    let b = it.next().flatten();
    Ok(append(a, b))
}

fn reverse(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    _: usize,
) -> R {
    Ok(arg(&args, 0).map(|v| {
        let mut l = items(v);
        l.reverse();
        Val::array(l)
    }))
}

fn shuffle(
    it: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    _: usize,
) -> R {
    let Some(v) = arg(&args, 0) else {
        return Ok(None);
    };
    let mut l = items(v);
    let n = l.len();
    for i in (1..n).rev() {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let j = ((it.host.random() * (i + 1) as f64) as usize).min(i);
        l.swap(i, j);
    }
    Ok(Some(Val::array(l)))
}

fn sort(
    it: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    env: &Rc<Frame>,
    pos: usize,
) -> R {
    let Some(v) = arg(&args, 0) else {
        return Ok(None);
    };
    let list = items(v);
    if list.len() <= 1 {
        return Ok(Some(v.clone()));
    }
    let f = arg(&args, 1).cloned();
    if f.is_none() {
        let all_num = list.iter().all(|x| matches!(x, Val::Num(_)));
        let all_str = list.iter().all(|x| matches!(x, Val::Str(_)));
        if !all_num && !all_str {
            return Err(EvalError::new("D3070", pos));
        }
    }
    // A bottom-up merge sort: stable, and a right item goes first only when the
    // comparator says the left one is greater.
    let greater = |a: &Val, b: &Val, it: &mut Interp<'_>| -> Result<bool, Box<EvalError>> {
        match &f {
            None => Ok(match (a, b) {
                (Val::Num(x), Val::Num(y)) => x > y,
                (Val::Str(x), Val::Str(y)) => x.encode_utf16().cmp(y.encode_utf16()).is_gt(),
                _ => false,
            }),
            Some(f) => {
                let r = it.apply(f, vec![Some(a.clone()), Some(b.clone())], None, env, pos)?;
                Ok(matches!(r, Some(Val::Bool(true))))
            }
        }
    };
    let mut cur = list;
    let mut width = 1;
    while width < cur.len() {
        let mut next = Vec::with_capacity(cur.len());
        let mut start = 0;
        while start < cur.len() {
            let mid = (start + width).min(cur.len());
            let end = (start + 2 * width).min(cur.len());
            let (mut i, mut j) = (start, mid);
            while i < mid && j < end {
                let (Some(a), Some(b)) = (cur.get(i), cur.get(j)) else {
                    break;
                };
                if greater(a, b, it)? {
                    next.push(b.clone());
                    j += 1;
                } else {
                    next.push(a.clone());
                    i += 1;
                }
            }
            next.extend(cur.get(i..mid).unwrap_or(&[]).iter().cloned());
            next.extend(cur.get(j..end).unwrap_or(&[]).iter().cloned());
            start = end;
        }
        cur = next;
        width *= 2;
    }
    Ok(Some(Val::array(cur)))
}

fn distinct(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    _: usize,
) -> R {
    let Some(v) = arg(&args, 0) else {
        return Ok(None);
    };
    let Val::Arr(a) = v else {
        return Ok(Some(v.clone()));
    };
    if a.items.len() <= 1 {
        return Ok(Some(v.clone()));
    }
    let mut out: Vec<Val> = Vec::new();
    for x in &a.items {
        let mut seen = false;
        for y in &out {
            if deep_equal(x, y, 0)? {
                seen = true;
                break;
            }
        }
        if !seen {
            out.push(x.clone());
        }
    }
    Ok(Some(if a.seq {
        Val::seq(out)
    } else {
        Val::array(out)
    }))
}

fn partition(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    pos: usize,
) -> R {
    let Some(v) = arg(&args, 0) else {
        return Ok(None);
    };
    let size = arg_num(&args, 1).unwrap_or(0.0);
    if size < 1.0 || size.fract() != 0.0 {
        return Err(EvalError::new("D3137", pos)
            .with_message("The size argument of $partition must be a positive integer"));
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let size = size as usize;
    let chunks = items(v)
        .chunks(size)
        .map(|c| Val::array(c.to_vec()))
        .collect();
    Ok(Some(Val::array(chunks)))
}

fn range(
    it: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    pos: usize,
) -> R {
    let (Some(start), Some(end)) = (arg_num(&args, 0), arg_num(&args, 1)) else {
        return Ok(None);
    };
    let step = arg_num(&args, 2).unwrap_or(1.0);
    if step == 0.0 || !step.is_finite() {
        return Err(EvalError::new("D3137", pos)
            .with_message("The step argument of $range must be a non-zero number"));
    }
    let count = ((end - start) / step).floor() + 1.0;
    if count > 1e7 {
        return Err(EvalError::new("D2014", pos).with_value(Some(Val::Num(count))));
    }
    let mut out = Vec::new();
    if count >= 1.0 {
        it.tick(count as u64 / 16)?;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        for i in 0..count as usize {
            out.push(Val::Num(start + step * i as f64));
        }
    }
    // A sequence, as JSONata's own functions return one: a single number stands alone
    // (recorded from AWS: `$range(1, 9, 9)` gives `1`).
    Ok(Some(Val::seq(out)))
}

// ---------------------------------------------------------------------------------------------
// Objects
// ---------------------------------------------------------------------------------------------

fn keys(_: &mut Interp<'_>, args: Vec<Option<Val>>, _: Option<&Val>, _: &Rc<Frame>, _: usize) -> R {
    let mut out: Vec<Val> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut add = |o: &Obj| {
        for (k, _) in o.iter() {
            if seen.insert(k.clone()) {
                out.push(Val::Str(k.clone()));
            }
        }
    };
    match arg(&args, 0) {
        Some(Val::Arr(a)) => {
            for x in &a.items {
                if let Val::Obj(o) = x {
                    add(o);
                }
            }
        }
        Some(Val::Obj(o)) => add(o),
        _ => {}
    }
    Ok(Some(Val::seq(out)))
}

fn lookup(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    _: usize,
) -> R {
    let (Some(v), Some(k)) = (arg(&args, 0), arg_str(&args, 1)) else {
        return Ok(None);
    };
    lookup_key(v, &k, 0)
}

fn lookup_key(v: &Val, key: &str, depth: usize) -> R {
    if depth > MAX_DATA_DEPTH || super::stack::exhausted() {
        return Err(EvalError::too_deep());
    }
    match v {
        Val::Arr(a) => {
            let mut out = Vec::new();
            for x in &a.items {
                match lookup_key(x, key, depth + 1)? {
                    Some(Val::Arr(r)) => out.extend(r.items.iter().cloned()),
                    Some(r) => out.push(r),
                    None => {}
                }
            }
            Ok(Some(Val::seq(out)))
        }
        Val::Obj(o) => Ok(o.get(key).cloned()),
        _ => Ok(None),
    }
}

fn spread(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    _: usize,
) -> R {
    let Some(v) = arg(&args, 0) else {
        return Ok(None);
    };
    spread_value(v, 0).map(Some)
}

fn spread_value(v: &Val, depth: usize) -> Result<Val, Box<EvalError>> {
    if depth > MAX_DATA_DEPTH || super::stack::exhausted() {
        return Err(EvalError::too_deep());
    }
    match v {
        Val::Arr(a) => {
            let mut acc = Some(Val::seq(Vec::new()));
            for x in &a.items {
                acc = append(acc, Some(spread_value(x, depth + 1)?));
            }
            Ok(acc.unwrap_or(Val::seq(Vec::new())))
        }
        Val::Obj(o) => {
            let out = o
                .iter()
                .map(|(k, x)| {
                    let mut one = Obj::default();
                    one.insert(k.clone(), x.clone());
                    Val::obj(one)
                })
                .collect();
            Ok(Val::seq(out))
        }
        other => Ok(other.clone()),
    }
}

fn merge(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    _: usize,
) -> R {
    let Some(v) = arg(&args, 0) else {
        return Ok(None);
    };
    let mut out = Obj::default();
    for x in items(v) {
        if let Val::Obj(o) = x {
            for (k, y) in o.iter() {
                out.insert(k.clone(), y.clone());
            }
        }
    }
    Ok(Some(Val::obj(out)))
}

fn error(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    pos: usize,
) -> R {
    let msg = arg_str(&args, 0).map_or_else(
        || "$error() function evaluated".to_string(),
        |s| s.to_string(),
    );
    Err(EvalError::new("D3137", pos).with_message(&msg))
}

fn assert(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    pos: usize,
) -> R {
    if !matches!(arg(&args, 0), Some(Val::Bool(true))) {
        let msg = arg_str(&args, 1).map_or_else(
            || "$assert() statement failed".to_string(),
            |s| s.to_string(),
        );
        return Err(EvalError::new("D3141", pos).with_message(&msg));
    }
    Ok(None)
}

fn type_(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    _: usize,
) -> R {
    Ok(arg(&args, 0).map(|v| Val::str(v.type_name())))
}

/// A deep copy as JSONata's `$clone` makes it (through JSON text: functions become `""`,
/// numbers keep 15 significant digits).
pub(crate) fn deep_clone(v: &Val, depth: usize) -> Result<Val, Box<EvalError>> {
    if depth > MAX_DATA_DEPTH || super::stack::exhausted() {
        return Err(EvalError::too_deep());
    }
    Ok(match v {
        Val::Arr(a) => Val::array(
            a.items
                .iter()
                .map(|x| deep_clone(x, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        Val::Obj(o) => {
            let mut out = Obj::default();
            for (k, x) in o.iter() {
                out.insert(k.clone(), deep_clone(x, depth + 1)?);
            }
            Val::obj(out)
        }
        Val::Num(n) => Val::Num(if n.is_finite() { round15(*n) } else { 0.0 }),
        Val::Fun(_) => Val::str(""),
        other => other.clone(),
    })
}

fn clone(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    _: usize,
) -> R {
    match arg(&args, 0) {
        None => Ok(None),
        Some(v) => deep_clone(v, 0).map(Some),
    }
}

fn hash(
    it: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    pos: usize,
) -> R {
    let (Some(data), Some(algorithm)) = (arg_str(&args, 0), arg_str(&args, 1)) else {
        return Ok(None);
    };
    if !super::HASH_ALGORITHMS.contains(&&*algorithm) {
        return Err(EvalError::new("D3137", pos).with_message(&format!(
            "The hashing algorithm '{algorithm}' is not supported: use one of {}",
            super::HASH_ALGORITHMS.join(", ")
        )));
    }
    match it.host.hash(&data, &algorithm) {
        Some(digest) => text(&digest),
        None => Err(EvalError::new("T1006", pos)
            .with_message("$hash is not available here: this evaluator computes no digests")),
    }
}

fn uuid(it: &mut Interp<'_>, _: Vec<Option<Val>>, _: Option<&Val>, _: &Rc<Frame>, _: usize) -> R {
    text(&it.host.uuid())
}

fn parse(
    _: &mut Interp<'_>,
    args: Vec<Option<Val>>,
    _: Option<&Val>,
    _: &Rc<Frame>,
    pos: usize,
) -> R {
    let Some(s) = arg_str(&args, 0) else {
        return Ok(None);
    };
    match serde_json::from_str::<serde_json::Value>(&s) {
        Ok(j) => Ok(Some(from_json(&j))),
        Err(_) => Err(EvalError::new("D3137", pos)
            .with_message(&format!("$parse: the string is not valid JSON: {s}"))),
    }
}

#[allow(dead_code)]
fn flat(v: &Val) -> Result<Vec<Val>, Box<EvalError>> {
    let mut out = Vec::new();
    flatten(v, &mut out, 0)?;
    Ok(out)
}
