//! The check primitives every construct's rules are written with: a string, an integer in a
//! range, a number, one of a closed set of words (with a suggestion), the known fields of an
//! object (with a suggestion), and the wording of values and lists in messages.

use super::payload;
use super::Cx;
use crate::diagnostic::{Code, Diagnostic};
use crate::json::{Member, Node, Value};
use crate::model::QueryLanguage;
use crate::suggest;

/// The deepest nesting of Parallel and Map scopes the validator follows.
pub(super) const MAX_SCOPE_DEPTH: usize = 64;

/// The largest number most ASL integer fields take.
pub(super) const MAX_INT: i64 = 99_999_999;

/// Reports members of an object that are not in `allowed`, with a suggestion.
pub(super) fn known_fields(
    cx: &mut Cx<'_>,
    members: &[Member],
    at: &str,
    allowed: &[&str],
    what: &str,
) {
    for m in members {
        if !allowed.contains(&m.key.as_str()) {
            unknown_field(
                cx,
                &m.key,
                &super::ptr(at, &m.key),
                allowed.iter().copied(),
                what,
            );
        }
    }
}

pub(super) fn unknown_field<'a>(
    cx: &mut Cx<'_>,
    key: &str,
    at: &str,
    allowed: impl IntoIterator<Item = &'a str>,
    what: &str,
) {
    let (hint, sugg) = suggest::hint(key, allowed);
    let hint = match &sugg {
        Some(s) if suggest::case_only(key, s) => {
            format!(" ASL field names are PascalCase: use `{s}`.")
        }
        _ => hint,
    };
    let mut d = Diagnostic::error(
        Code::SchemaValidationFailed,
        at,
        format!("`{key}` is not a field of {what}.{hint}"),
    )
    .at_key();
    d.suggestion = sugg;
    cx.push(d);
}

/// Whether a value is a `${Name}` placeholder standing for the whole value: unquoted
/// (`${Limit}`), for any value of the field's type; or, where the field takes a string, a string
/// that is one placeholder (`"${ItemsPath}"`), for any string (quoted, it stays a string, so it
/// cannot stand for a number, a list or an object).
pub(super) fn substituted(v: &Node, takes_string: bool) -> bool {
    v.is_placeholder() || (takes_string && v.as_str().is_some_and(crate::asl::is_whole_placeholder))
}

/// Checks that a value is a string; returns it. An unquoted `${Name}` placeholder stands for
/// a value of the field's type: it passes every check of a value, and is returned as `None`.
pub(super) fn string<'n>(cx: &mut Cx<'_>, v: &'n Node, at: &str, key: &str) -> Option<&'n str> {
    let s = v.as_str();
    if s.is_none() && !v.is_placeholder() {
        cx.schema(at, format!("`{key}` must be a string, not {}", v.kind()));
    }
    s
}

/// The field that reads `key`'s value from the input (`ErrorPath` for `Error`), when `v` looks
/// like a path and the States Language has such a field.
pub(super) fn path_counterpart(key: &str, v: &Node) -> Option<String> {
    let looks_like_path = v
        .as_str()
        .map(str::trim_start)
        .is_some_and(payload::looks_like_path);
    let path_key = format!("{key}Path");
    (looks_like_path
        && crate::asl::FIELD_TABLES
            .iter()
            .any(|t| t.get(&path_key).is_some()))
    .then_some(path_key)
}

/// Checks that a value is an integer in `min..=max`; returns it.
pub(super) fn integer(
    cx: &mut Cx<'_>,
    v: &Node,
    at: &str,
    key: &str,
    min: i64,
    max: i64,
) -> Option<i64> {
    let n = match &v.value {
        Value::Number(n) if n.is_integer_literal() => n.as_i64(),
        Value::Placeholder(_) => return None,
        _ => None,
    };
    match n {
        Some(n) if (min..=max).contains(&n) => Some(n),
        Some(n) => {
            cx.schema(
                at,
                format!(
                    "`{key}` must be {}, not {n}",
                    value_range(Some(min), Some(max))
                ),
            );
            None
        }
        None => {
            let hint = path_counterpart(key, v)
                .map(|p| format!("; to read it from the input, use `{p}`"))
                .unwrap_or_default();
            cx.schema(
                at,
                format!("`{key}` must be an integer, not {}{hint}", describe(v)),
            );
            None
        }
    }
}

/// An integer, or in JSONata states a `{% ... %}` expression.
pub(super) fn int_or_expr(
    cx: &mut Cx<'_>,
    ql: QueryLanguage,
    v: &Node,
    at: &str,
    key: &str,
    min: i64,
    max: i64,
) {
    if let (QueryLanguage::JSONata, Some(s)) = (ql, v.as_str()) {
        if payload::jsonata_string(cx, s, at).is_none() {
            cx.schema(at, format!("`{key}` must be an integer or a JSONata expression `{{% ... %}}`, not a string"));
        }
        return;
    }
    integer(cx, v, at, key, min, max);
}

/// A number, or in JSONata states a `{% ... %}` expression.
pub(super) fn number_or_expr(
    cx: &mut Cx<'_>,
    ql: QueryLanguage,
    v: &Node,
    at: &str,
    key: &str,
    min: f64,
    max: f64,
) {
    if let (QueryLanguage::JSONata, Some(s)) = (ql, v.as_str()) {
        if payload::jsonata_string(cx, s, at).is_none() {
            cx.schema(
                at,
                format!(
                    "`{key}` must be a number or a JSONata expression `{{% ... %}}`, not a string"
                ),
            );
        }
        return;
    }
    match &v.value {
        Value::Placeholder(_) => {}
        Value::Number(n) if (min..=max).contains(&n.as_f64()) => {}
        Value::Number(n) => cx.schema(
            at,
            format!(
                "`{key}` must be {}, not {n}",
                value_range(Some(min), Some(max))
            ),
        ),
        _ => cx.schema(at, format!("`{key}` must be a number, not {}", describe(v))),
    }
}

/// Checks a string against a closed set of values, with a suggestion.
pub(super) fn enum_value<'n>(
    cx: &mut Cx<'_>,
    v: &'n Node,
    at: &str,
    key: &str,
    options: &[&str],
) -> Option<&'n str> {
    let s = string(cx, v, at, key)?;
    if options.contains(&s) || substituted(v, true) {
        return Some(s);
    }
    let (hint, sugg) = suggest::hint(s, options.iter().copied());
    let mut d = Diagnostic::error(
        Code::SchemaValidationFailed,
        at,
        format!(
            "`{s}` is not a valid `{key}`: use {}.{hint}",
            options
                .iter()
                .map(|o| format!("`{o}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    d.suggestion = sugg;
    cx.push(d);
    None
}

/// A value described for a message: its kind, and the number itself for numbers.
pub(super) fn describe(v: &Node) -> String {
    match &v.value {
        Value::Number(n) => format!("`{n}`"),
        Value::String(s) => format!("the string \"{s}\""),
        _ => v.kind().to_string(),
    }
}

/// Names in backticks, joined with commas: "`A`, `B`, `C`".
pub(super) fn quote_all(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Names in backticks, the last joined with "and": "`A`, `B` and `C`".
pub(super) fn quote_and(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => format!("`{one}`"),
        [rest @ .., last] => format!("{} and `{last}`", quote_all(rest)),
    }
}

/// A count's allowed range in words: "1 to 5", "at least 1", "at most 5".
pub(super) fn count_range<T: std::fmt::Display>(min: Option<T>, max: Option<T>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("{a} to {b}"),
        (Some(a), None) => format!("at least {a}"),
        (None, Some(b)) => format!("at most {b}"),
        (None, None) => String::new(),
    }
}

/// A value's allowed range in words: "between 1 and 5", "at least 1", "at most 5".
pub(super) fn value_range<T: std::fmt::Display>(min: Option<T>, max: Option<T>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("between {a} and {b}"),
        other => count_range(other.0, other.1),
    }
}
