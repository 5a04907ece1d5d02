//! The formatting functions against the JSONata test suite, and the inputs the suite leaves out.
//!
//! The harness reads the suite's case files (`$JSONATA_TEST_SUITE`, by default
//! `/work/shared/jsonata-test-suite`), keeps the cases whose expression is a call of one of
//! these functions with literal arguments (numbers, strings, an options object), or one of two
//! chains of such calls (`CALL ~> $fromMillis()`, `($ts := CALL; $fromMillis($ts, ...))`), and
//! compares the answer with the expected result or error code. Every other case is skipped and
//! counted.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::*;

/// Cases whose answer differs from the suite's, with the reason.
const EXCEPTIONS: &[(&str, &str)] = &[];

const FUNCTIONS: [&str; 6] = [
    "$formatNumber",
    "$formatInteger",
    "$parseInteger",
    "$formatBase",
    "$fromMillis",
    "$toMillis",
];

#[derive(Debug, Clone, PartialEq)]
enum Arg {
    Number(f64),
    Text(String),
    Object(Map<String, Value>),
}

#[derive(Debug, Clone, PartialEq)]
enum Answer {
    Text(String),
    Number(f64),
    Undefined,
    Error(String),
}

struct Reader<'a> {
    s: &'a [char],
    at: usize,
}

impl Reader<'_> {
    fn ws(&mut self) {
        while self.s.get(self.at).is_some_and(|c| c.is_whitespace()) {
            self.at += 1;
        }
    }

    fn eat(&mut self, c: char) -> bool {
        self.ws();
        if self.s.get(self.at) == Some(&c) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn string(&mut self) -> Option<String> {
        self.ws();
        let quote = *self.s.get(self.at)?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        self.at += 1;
        let mut out = String::new();
        loop {
            let c = *self.s.get(self.at)?;
            self.at += 1;
            match c {
                _ if c == quote => return Some(out),
                '\\' => {
                    let e = *self.s.get(self.at)?;
                    self.at += 1;
                    match e {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'u' => {
                            let hex: String = self.s.get(self.at..self.at + 4)?.iter().collect();
                            self.at += 4;
                            out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                        }
                        other => out.push(other),
                    }
                }
                _ => out.push(c),
            }
        }
    }

    fn number(&mut self) -> Option<f64> {
        self.ws();
        let start = self.at;
        if self.s.get(self.at) == Some(&'-') {
            self.at += 1;
        }
        while self
            .s
            .get(self.at)
            .is_some_and(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+'))
            || (self.s.get(self.at) == Some(&'-')
                && matches!(self.s.get(self.at.wrapping_sub(1)), Some('e' | 'E')))
        {
            self.at += 1;
        }
        let text: String = self.s[start..self.at].iter().collect();
        text.parse().ok()
    }

    fn arg(&mut self) -> Option<Arg> {
        self.ws();
        match self.s.get(self.at)? {
            '"' | '\'' => self.string().map(Arg::Text),
            '{' => {
                self.at += 1;
                let mut map = Map::new();
                if self.eat('}') {
                    return Some(Arg::Object(map));
                }
                loop {
                    let key = self.string()?;
                    if !self.eat(':') {
                        return None;
                    }
                    let value = match self.arg()? {
                        Arg::Text(s) => Value::String(s),
                        Arg::Number(n) => serde_json::Number::from_f64(n).map(Value::Number)?,
                        Arg::Object(o) => Value::Object(o),
                    };
                    map.insert(key, value);
                    if self.eat('}') {
                        return Some(Arg::Object(map));
                    }
                    if !self.eat(',') {
                        return None;
                    }
                }
            }
            c if c.is_ascii_digit() || *c == '-' => self.number().map(Arg::Number),
            _ => None,
        }
    }

    /// `$name(arg, ...)`.
    fn call(&mut self) -> Option<(String, Vec<Arg>)> {
        if !self.eat('$') {
            return None;
        }
        let start = self.at;
        while self
            .s
            .get(self.at)
            .is_some_and(|c| c.is_ascii_alphanumeric())
        {
            self.at += 1;
        }
        let name: String = self.s[start..self.at].iter().collect();
        if !self.eat('(') {
            return None;
        }
        let mut args = Vec::new();
        if self.eat(')') {
            return Some((name, args));
        }
        loop {
            args.push(self.arg()?);
            if self.eat(')') {
                return Some((name, args));
            }
            if !self.eat(',') {
                return None;
            }
        }
    }

    fn at_end(&mut self) -> bool {
        self.ws();
        self.at == self.s.len()
    }

    fn keyword(&mut self, word: &str) -> bool {
        self.ws();
        let w: Vec<char> = word.chars().collect();
        if self.s[self.at..].starts_with(&w) {
            self.at += w.len();
            true
        } else {
            false
        }
    }
}

fn number_answer(r: Result<Option<f64>, FormatError>) -> Answer {
    match r {
        Ok(Some(n)) => Answer::Number(n),
        Ok(None) => Answer::Undefined,
        Err(e) => Answer::Error(e.code.to_string()),
    }
}

fn text_answer(r: Result<String, FormatError>) -> Answer {
    match r {
        Ok(s) => Answer::Text(s),
        Err(e) => Answer::Error(e.code.to_string()),
    }
}

/// Calls one function; `None` when the arguments are not a form these functions take.
fn call(name: &str, args: &[Arg]) -> Option<Answer> {
    use Arg::{Number as N, Object as O, Text as T};
    Some(match (name, args) {
        ("formatNumber", [N(v), T(p)]) => text_answer(format_number(*v, p, None)),
        ("formatNumber", [N(v), T(p), O(o)]) => text_answer(format_number(*v, p, Some(o))),
        ("formatInteger", [N(v), T(p)]) => text_answer(format_integer(*v, p)),
        ("parseInteger", [T(s), T(p)]) => number_answer(parse_integer(s, p)),
        ("formatBase", [N(v)]) => text_answer(format_base(*v, None)),
        ("formatBase", [N(v), N(r)]) => text_answer(format_base(*v, Some(*r))),
        ("fromMillis", [N(v)]) => text_answer(from_millis(*v, None, None)),
        ("fromMillis", [N(v), T(p)]) => text_answer(from_millis(*v, Some(p), None)),
        ("fromMillis", [N(v), T(p), T(tz)]) => text_answer(from_millis(*v, Some(p), Some(tz))),
        ("toMillis", [T(s)]) => number_answer(to_millis(s, None)),
        ("toMillis", [T(s), T(p)]) => number_answer(to_millis(s, Some(p))),
        _ => return None,
    })
}

/// Evaluates the expression when it has one of the shapes the harness knows.
fn evaluate(expr: &str) -> Option<Answer> {
    let chars: Vec<char> = expr.chars().collect();
    let mut r = Reader { s: &chars, at: 0 };
    // ($ts := CALL; $fromMillis($ts, ARGS))
    if r.eat('(') {
        if !r.keyword("$ts") || !r.keyword(":=") {
            return None;
        }
        let (name, args) = r.call()?;
        if !r.eat(';') || !r.keyword("$fromMillis") || !r.eat('(') || !r.keyword("$ts") {
            return None;
        }
        let mut rest = Vec::new();
        while r.eat(',') {
            rest.push(r.arg()?);
        }
        if !r.eat(')') || !r.eat(')') || !r.at_end() {
            return None;
        }
        return chain(call(&name, &args)?, &rest);
    }
    let (name, args) = r.call()?;
    if r.at_end() {
        return call(&name, &args);
    }
    // CALL ~> $fromMillis()
    if r.keyword("~>") && r.keyword("$fromMillis") && r.eat('(') && r.eat(')') && r.at_end() {
        return chain(call(&name, &args)?, &[]);
    }
    None
}

fn chain(first: Answer, rest: &[Arg]) -> Option<Answer> {
    match first {
        Answer::Number(n) => {
            let mut args = vec![Arg::Number(n)];
            args.extend_from_slice(rest);
            call("fromMillis", &args)
        }
        other => Some(other),
    }
}

fn expected(case: &Value) -> Option<Answer> {
    if let Some(code) = case.get("code").and_then(Value::as_str) {
        return Some(Answer::Error(code.to_string()));
    }
    if case.get("undefinedResult") == Some(&Value::Bool(true)) {
        return Some(Answer::Undefined);
    }
    match case.get("result")? {
        Value::String(s) => Some(Answer::Text(s.clone())),
        Value::Number(n) => Some(Answer::Number(n.as_f64()?)),
        _ => None,
    }
}

fn suite_dir() -> PathBuf {
    std::env::var_os("JSONATA_TEST_SUITE")
        .map_or_else(
            || PathBuf::from("/work/shared/jsonata-test-suite"),
            PathBuf::from,
        )
        .join("groups")
}

fn cases(group: &Path) -> Vec<(String, Value)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(group)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    let mut out = Vec::new();
    for file in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "json"))
    {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        let Ok(value) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let name = file
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        match value {
            Value::Array(items) => {
                for (i, item) in items.into_iter().enumerate() {
                    out.push((format!("{name}[{i}]"), item));
                }
            }
            other => out.push((name, other)),
        }
    }
    out
}

#[test]
fn format_functions_agree_with_the_jsonata_test_suite() {
    let dir = suite_dir();
    let Ok(groups) = std::fs::read_dir(&dir) else {
        eprintln!(
            "no JSONata test suite at {}: set JSONATA_TEST_SUITE",
            dir.display()
        );
        return;
    };
    let mut groups: Vec<PathBuf> = groups.filter_map(|e| e.ok().map(|e| e.path())).collect();
    groups.sort();
    // group -> (agree, skipped, exceptions)
    let mut counts: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    for group in groups {
        let group_name = group
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        for (file, case) in cases(&group) {
            let Some(expr) = case.get("expr").and_then(Value::as_str) else {
                continue;
            };
            if !FUNCTIONS.iter().any(|f| expr.contains(f)) {
                continue;
            }
            let entry = counts.entry(group_name.clone()).or_default();
            let (Some(got), Some(want)) = (evaluate(expr), expected(&case)) else {
                entry.1 += 1;
                continue;
            };
            if got == want {
                entry.0 += 1;
            } else if EXCEPTIONS.iter().any(|(e, _)| *e == expr) {
                entry.2 += 1;
            } else {
                failures.push(format!(
                    "{group_name}/{file}: {expr}\n    got  {got:?}\n    want {want:?}"
                ));
            }
        }
    }
    println!(
        "{:<28} {:>6} {:>8} {:>10}",
        "group", "agree", "skipped", "exception"
    );
    for (group, (agree, skipped, exception)) in &counts {
        println!("{group:<28} {agree:>6} {skipped:>8} {exception:>10}");
    }
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
