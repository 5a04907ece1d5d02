//! The formatting functions against the JSONata test suite, and the inputs the suite leaves out.
//!
//! The harness reads the suite's case files (`$JSONATA_TEST_SUITE`, by default
//! `../shared/jsonata-test-suite` beside the workspace), keeps the cases whose expression is a call of one of
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
            || {
                PathBuf::from(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/../../shared/jsonata-test-suite"
                ))
            },
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

// ---------------------------------------------------------------------------------------------
// Behaviour the suite does not cover

#[test]
fn javascript_number_text() {
    let cases = [
        (0.0, "0"),
        (-0.0, "0"),
        (123.456, "123.456"),
        (1e21, "1e+21"),
        (1e20, "100000000000000000000"),
        (0.000001, "0.000001"),
        (1.5e-7, "1.5e-7"),
        (-2.5e-300, "-2.5e-300"),
        (f64::NAN, "NaN"),
        (f64::NEG_INFINITY, "-Infinity"),
    ];
    for (x, want) in cases {
        assert_eq!(js_number_to_string(x), want, "{x}");
    }
    assert_eq!(js_parse_int("  -0530xyz"), -530.0);
    assert_eq!(js_parse_int("0x1A"), 26.0);
    assert!(js_parse_int("abc").is_nan());
}

#[test]
fn time_values_round_trip_through_the_calendar() {
    let mut t = -8.64e15;
    while t <= 8.64e15 {
        let text = from_millis(t, None, None).unwrap();
        // The year is written with four digits (`[Y0001]` keeps the last four).
        if (-62_167_219_200_000.0..=253_402_300_799_999.0).contains(&t) {
            let back = to_millis(&text, None).unwrap();
            assert_eq!(back, Some(t), "{text}");
        }
        t += 86_400_000.0 * 3_652.123_4 + 12_345.0;
    }
    assert_eq!(
        from_millis(-8.64e15, None, None).unwrap(),
        "-1821-04-20T00:00:00.000Z"
    );
    assert_eq!(
        from_millis(8.64e15, None, None).unwrap(),
        "5760-09-13T00:00:00.000Z"
    );
    assert_eq!(
        from_millis(-1.0, None, None).unwrap(),
        "1969-12-31T23:59:59.999Z"
    );
    assert_eq!(
        from_millis(951782400000.0, Some("[D] [MNn] [Y] [FNn] [d]"), None).unwrap(),
        "29 February 2000 Tuesday 60"
    );
    assert_eq!(
        from_millis(8.64e15 + 1.0, None, None).unwrap_err().code,
        "D1001"
    );
    assert_eq!(from_millis(0.0, None, Some("x")).unwrap_err().code, "D1001");
}

#[test]
fn from_millis_with_timezones_and_no_picture() {
    let t = to_millis("2018-10-21T13:05:00Z", None).unwrap().unwrap();
    assert_eq!(
        from_millis(t, None, Some("-0500")).unwrap(),
        "2018-10-21T08:05:00.000-05:00"
    );
    assert_eq!(
        from_millis(t, None, Some("0000")).unwrap(),
        "2018-10-21T13:05:00.000Z"
    );
    assert_eq!(
        from_millis(t, Some("[H01]:[m01] [z]"), Some("+0530")).unwrap(),
        "18:35 GMT+05:30"
    );
}

#[test]
fn to_millis_fills_leading_components_from_now() {
    let now = 1_542_153_600_000.0; // 2018-11-14T00:00:00Z
    let at = |ts: &str, pic: &str| to_millis_at(ts, Some(pic), now).unwrap();
    let iso = |t: Option<f64>| from_millis(t.unwrap(), None, None).unwrap();
    assert_eq!(iso(at("13:45", "[H]:[m]")), "2018-11-14T13:45:00.000Z");
    assert_eq!(iso(at("5 March", "[D] [MNn]")), "2018-03-05T00:00:00.000Z");
    assert_eq!(
        iso(at(
            "Mon, Twelfth November 2018",
            "[FNn,*-3], [DWwo] [MNn] [Y]"
        )),
        "2018-11-12T00:00:00.000Z"
    );
    assert_eq!(iso(at("2018--180", "[Y]--[d]")), "2018-06-29T00:00:00.000Z");
    assert_eq!(
        iso(at(
            "three hundred and sixty-fifth day of 2018",
            "[dwo] day of [Y]"
        )),
        "2018-12-31T00:00:00.000Z"
    );
    assert_eq!(
        iso(at(
            "2020-09-09 12:00:00 GMT-5",
            "[Y0001]-[M01]-[D01] [H01]:[m01]:[s01] [z01]"
        )),
        "2020-09-09T17:00:00.000Z"
    );
    assert_eq!(
        iso(at(
            "2020-09-09 12:00:00 +0530",
            "[Y0001]-[M01]-[D01] [H01]:[m01]:[s01] [Z0001]"
        )),
        "2020-09-09T06:30:00.000Z"
    );
    // A month name JSONata does not know leaves the month undefined: January.
    assert_eq!(
        iso(at("Smarch 2018", "[MNn] [Y]")),
        "2018-01-01T00:00:00.000Z"
    );
    assert_eq!(
        to_millis_at("4/4/2018 12:06", Some("[D1]/[M1]/[Y0001] [h]:[m]"), now)
            .unwrap_err()
            .code,
        "D3136"
    );
}

#[test]
fn pictures_jsonata_cannot_finish() {
    // JSONata loops forever on these; the sign goes in the prefix, zero has exponent 0.
    assert_eq!(
        format_number(-1234.5678, "00.000e0", None).unwrap(),
        "-12.346e2"
    );
    assert_eq!(format_number(0.0, "0.0e0", None).unwrap(), "0.0e0");
    let mut options = Map::new();
    options.insert("grouping-separator".into(), Value::String(String::new()));
    // An empty grouping separator is "two adjacent grouping separators" everywhere.
    assert_eq!(
        format_number(1234.5, "0.0", Some(&options))
            .unwrap_err()
            .code,
        "D3089"
    );
    assert_eq!(format_number(f64::NAN, "0", None).unwrap(), "NaN");
    assert_eq!(
        format_number(f64::INFINITY, "$0", None).unwrap(),
        "$Infinity"
    );
    assert_eq!(format_number(5.0, "abc", None).unwrap_err().code, "D3085");
    assert_eq!(format_integer(1e10, "I").unwrap_err().code, "D1001");
    assert_eq!(
        format_integer(f64::INFINITY, "w").unwrap_err().code,
        "D1001"
    );
    assert_eq!(
        from_millis(0.0, Some("[Y,1000000]"), None)
            .unwrap_err()
            .code,
        "D1001"
    );
}

#[test]
fn format_base_beyond_two_to_the_53() {
    assert_eq!(
        format_base(2f64.powi(60), Some(2.0)).unwrap(),
        format!("1{}", "0".repeat(60))
    );
    assert_eq!(format_base(1e21, None).unwrap(), "1e+21");
    assert_eq!(format_base(255.0, Some(16.0)).unwrap(), "ff");
    assert_eq!(
        format_base(5.0, Some(f64::NAN)).unwrap_err().message,
        "The radix of the formatBase function must be between 2 and 36.  It was given null"
    );
}

#[test]
fn error_messages_quote_values_as_jsonata_does() {
    assert_eq!(
        to_millis("foo", None).unwrap_err().message,
        "The argument of the toMillis function must be an ISO 8601 formatted timestamp. Given \"foo\""
    );
    assert_eq!(
        from_millis(0.0, Some("[q]"), None).unwrap_err().message,
        "Unknown component specifier \"q\" in date/time picture string"
    );
    assert_eq!(format_integer(1.0, "\u{3b1}").unwrap_err().message, "Formatting or parsing an integer as a sequence starting with \"\u{3b1}\" is not supported by this implementation");
}

/// Odd and extreme inputs: every function answers (a value or an error) without panicking.
#[test]
fn no_input_panics() {
    let values = [
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.5,
        -2.5,
        12.6,
        1e21,
        -1e21,
        1e308,
        -1e308,
        5e-324,
        9007199254740993.0,
        8.64e15,
        -8.64e15,
        9e15,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::MAX,
        f64::MIN,
    ];
    let long_hash = "#".repeat(5000);
    let long_zero = format!("{}.{}", "0".repeat(3000), "0".repeat(3000));
    let many_markers = "[Y][M][D][H][m][s][f]".repeat(300);
    let mut pictures: Vec<&str> = vec![
        "",
        "#",
        "0",
        ";",
        ";;",
        "e",
        "%",
        "\u{2030}",
        "#,##0.00;(#)",
        "0.0e0",
        "0e0",
        ",",
        "0,",
        ".",
        "e0",
        "#e",
        "0.0e",
        "#,#,#0",
        "0,0,00",
        "9,9,99.99",
        "[",
        "]",
        "[Y",
        "[]",
        "[ ]",
        "[Y,-]",
        "[Y,*-*]",
        "[Y,-2]",
        "[Y,2-x]",
        "[Z]",
        "[z01]",
        "[Za]",
        "[ZN]",
        "[Pn]",
        "[q1]",
        "[,]",
        "[M,1-0]",
        "[FNn,0-0]",
        "[Y0001][M01][D01]",
        "[Dw][MNn][Yw]",
        "[X]-[W]-[F1]",
        "[x]-[w]",
        "[Z010101]",
        "[Yi][Mi][Di]",
        "[YA][MA]",
        "w;o",
        "Ww",
        "I",
        "i",
        "a",
        "A",
        "###\u{661}",
        "##0\u{ff10}",
        "0;c",
        "\u{1d7ce}0",
    ];
    pictures.extend([
        long_hash.as_str(),
        long_zero.as_str(),
        many_markers.as_str(),
    ]);
    let mut empty_options = Map::new();
    for key in [
        "decimal-separator",
        "grouping-separator",
        "exponent-separator",
        "percent",
        "per-mille",
        "zero-digit",
        "digit",
        "pattern-separator",
        "minus-sign",
    ] {
        empty_options.insert(key.into(), Value::String(String::new()));
    }
    let mut odd_options = Map::new();
    odd_options.insert("zero-digit".into(), Value::String("\u{10ffff}".into()));
    odd_options.insert("decimal-separator".into(), Value::from(5));
    odd_options.insert("percent".into(), Value::String("ab".into()));
    let timestamps = [
        "",
        "2018",
        "2018-02-30",
        "2018-13-01",
        "2018-0530",
        "2018-05:30",
        "2018-01-01T24:00:00Z",
        "2018-01-01T29:00:00Z",
        "99999",
        "12345678901234567890123",
        "one and and and",
        "MMMMMMMMM",
        "twenty-seven April 2008",
        "2018-01-01T00:00:00.1234567+23:59",
    ];
    let long_text = "one hundred and ".repeat(500);
    for &v in &values {
        for &p in &pictures {
            let _ = format_number(v, p, None);
            let _ = format_number(v, p, Some(&empty_options));
            let _ = format_number(v, p, Some(&odd_options));
            let _ = format_integer(v, p);
            let _ = from_millis(v, Some(p), None);
            let _ = from_millis(v, Some(p), Some("-0530"));
            let _ = from_millis(v, Some(p), Some("99999999"));
        }
        let _ = format_base(v, None);
        let _ = format_base(v, Some(v));
        let _ = format_base(v, Some(2.0));
        let _ = from_millis(v, None, None);
    }
    for &p in &pictures {
        for &t in timestamps.iter().chain([long_text.as_str()].iter()) {
            let _ = parse_integer(t, p);
            let _ = to_millis_at(t, Some(p), 0.0);
            let _ = to_millis_at(t, Some(p), f64::NAN);
            let _ = to_millis_at(t, None, 0.0);
        }
    }
    let _ = to_millis_at(&long_text, Some("[Yw] [Yw]"), 0.0);
}
