//! Choice rules (JSONPath): every comparison operator with Step Functions' type rules. A
//! comparison whose variable has the wrong type is false, never an error; a `Variable` or a
//! `...Path` operand that names nothing fails the state.

use std::cmp::Ordering;

use serde_json::Value;
use sfn_core::model::ChoiceRule;

use crate::clock::parse_timestamp;
use crate::data::Env;
use crate::error::Failure;

/// Whether `rule` matches.
pub(crate) fn matches(rule: &ChoiceRule, env: &Env<'_>) -> Result<bool, Failure> {
    if let Some(all) = &rule.and {
        for r in all {
            if !matches(r, env)? {
                return Ok(false);
            }
        }
        return Ok(true);
    }
    if let Some(any) = &rule.or {
        for r in any {
            if matches(r, env)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    if let Some(not) = &rule.not {
        return Ok(!matches(not, env)?);
    }
    let Some(variable) = &rule.variable else {
        return Ok(false);
    };
    let Some((op, operand)) = rule.operators.iter().next() else {
        return Ok(false);
    };
    let value = env.read_str(variable)?;
    if op == "IsPresent" {
        return Ok(value.is_some() == (operand == &Value::Bool(true)));
    }
    let Some(value) = value else {
        return Err(Failure::runtime(format!(
            "Invalid path '{variable}': The choice state's condition path references an invalid value."
        )));
    };
    let expected = match op.strip_suffix("Path") {
        Some(base) if op != "IsPresent" => {
            let Value::String(text) = operand else {
                return Ok(false);
            };
            let v = env.read_str(text)?.ok_or_else(|| {
                Failure::runtime(format!(
                    "Invalid path '{text}': The choice state's condition path references an invalid value."
                ))
            })?;
            return Ok(compare(base, &value, &v));
        }
        _ => operand,
    };
    Ok(compare(op, &value, expected))
}

/// Java's `String.compareTo`: UTF-16 code units.
fn compare_strings(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

fn compare(op: &str, value: &Value, expected: &Value) -> bool {
    let is = |b: bool| expected == &Value::Bool(b);
    match op {
        "IsNull" => value.is_null() == is(true),
        "IsNumeric" => value.is_number() == is(true),
        "IsString" => value.is_string() == is(true),
        "IsBoolean" => value.is_boolean() == is(true),
        "IsTimestamp" => {
            let ts = value.as_str().and_then(parse_timestamp).is_some();
            ts == is(true)
        }
        "BooleanEquals" => matches!((value, expected), (Value::Bool(a), Value::Bool(b)) if a == b),
        "StringMatches" => match (value, expected) {
            (Value::String(s), Value::String(p)) => wildcard(p, s),
            _ => false,
        },
        _ => {
            let ord = if let Some(base) = op.strip_prefix("String") {
                match (value, expected) {
                    (Value::String(a), Value::String(b)) => Some((base, compare_strings(a, b))),
                    _ => None,
                }
            } else if let Some(base) = op.strip_prefix("Numeric") {
                match (value.as_f64(), expected.as_f64()) {
                    (Some(a), Some(b)) if value.is_number() => a.partial_cmp(&b).map(|o| (base, o)),
                    _ => None,
                }
            } else if let Some(base) = op.strip_prefix("Timestamp") {
                match (
                    value.as_str().and_then(parse_timestamp),
                    expected.as_str().and_then(parse_timestamp),
                ) {
                    (Some(a), Some(b)) => Some((base, a.cmp(&b))),
                    _ => None,
                }
            } else {
                None
            };
            let Some((base, ord)) = ord else {
                return false;
            };
            match base {
                "Equals" => ord == Ordering::Equal,
                "GreaterThan" => ord == Ordering::Greater,
                "GreaterThanEquals" => ord != Ordering::Less,
                "LessThan" => ord == Ordering::Less,
                "LessThanEquals" => ord != Ordering::Greater,
                _ => false,
            }
        }
    }
}

/// `StringMatches`: `*` matches any run of characters, `\*` and `\\` stand for themselves.
fn wildcard(pattern: &str, text: &str) -> bool {
    #[derive(PartialEq)]
    enum P {
        Star,
        Char(char),
    }
    let mut parts = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => parts.push(P::Char(chars.next().unwrap_or('\\'))),
            '*' => parts.push(P::Star),
            c => parts.push(P::Char(c)),
        }
    }
    let text: Vec<char> = text.chars().collect();
    // Greedy matching with backtracking to the last star: linear in practice.
    let (mut p, mut t) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while t < text.len() {
        match parts.get(p) {
            Some(P::Char(c)) if *c == text[t] => {
                p += 1;
                t += 1;
            }
            Some(P::Star) => {
                star = Some(p);
                mark = t;
                p += 1;
            }
            _ => match star {
                Some(s) => {
                    p = s + 1;
                    mark += 1;
                    t = mark;
                }
                None => return false,
            },
        }
    }
    parts[p..].iter().all(|x| *x == P::Star)
}

#[cfg(test)]
mod tests {
    use super::wildcard;

    #[test]
    fn wildcards() {
        assert!(wildcard("*.log", "app.log"));
        assert!(wildcard("a*b*c", "aXXbYYc"));
        assert!(!wildcard("a*b", "aXXc"));
        assert!(wildcard(r"a\*", "a*"));
        assert!(!wildcard(r"a\*", "ab"));
        assert!(wildcard("*", ""));
    }
}
