//! Runs the executions recorded against AWS Step Functions (`../shared/conformance-exec/`)
//! when they are present, and compares status, output, error, cause and, where recorded, the
//! history's events. A disagreement not listed with its reason in
//! `tests/conformance-exec-exceptions.tsv` fails the test.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use sfn_local::Machine;

fn corpus() -> Option<PathBuf> {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    [
        here.join("../../shared/conformance-exec"),
        here.join("../shared/conformance-exec"),
    ]
    .into_iter()
    .find(|p| p.join("executions.jsonl").is_file())
}

/// `id<TAB>reason` lines.
fn exceptions() -> BTreeMap<String, String> {
    include_str!("conformance-exec-exceptions.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let (id, reason) = l.split_once('\t')?;
            Some((id.to_string(), reason.to_string()))
        })
        .collect()
}

/// The stand-ins of a normalized recording, which match any text.
const STAND_INS: &[&str] = &[
    "snf_role_arn",
    // The recorder writes the account id as twelve ones.
    "111111111111",
    "start-time",
    "entered-time",
    "RandomNumberGenerated",
    "generated-uuid",
    "timestamp",
    "date",
];

/// Whether `actual` text fits `expected`, where stand-ins and `<...>` parts match anything.
fn text_fits(expected: &str, actual: &str) -> bool {
    let mut pieces = vec![String::new()];
    let mut rest = expected;
    'outer: while !rest.is_empty() {
        if rest.starts_with('<') {
            if let Some(end) = rest.find('>') {
                pieces.push(String::new());
                rest = &rest[end + 1..];
                continue;
            }
        }
        for s in STAND_INS {
            if let Some(r) = rest.strip_prefix(s) {
                pieces.push(String::new());
                rest = r;
                continue 'outer;
            }
        }
        let c = rest.chars().next().unwrap_or_default();
        pieces.last_mut().unwrap().push(c);
        rest = &rest[c.len_utf8()..];
    }
    if pieces.len() == 1 {
        return expected == actual;
    }
    let mut at = 0;
    for (i, p) in pieces.iter().enumerate() {
        if i == 0 {
            if !actual.starts_with(p.as_str()) {
                return false;
            }
            at = p.len();
        } else if i == pieces.len() - 1 {
            return actual.len() >= at + p.len() && actual.ends_with(p.as_str());
        } else if let Some(k) = actual[at..].find(p.as_str()) {
            at += k + p.len();
        } else {
            return false;
        }
    }
    true
}

fn fits(expected: &Value, actual: &Value, normalized: bool) -> bool {
    match (expected, actual) {
        (Value::String(e), other) if normalized && !other.is_string() => {
            text_fits(e, "") || STAND_INS.contains(&e.as_str()) && !other.is_null()
        }
        // A recording parses JSON text; AWS returns the text.
        (e, Value::String(a)) if !e.is_string() => {
            serde_json::from_str::<Value>(a).is_ok_and(|parsed| fits(expected, &parsed, normalized))
        }
        // The execution input is the text the caller sent, spaces and all.
        (Value::String(e), Value::String(a))
            if e != a && (e.starts_with(['[', '{']) || a.starts_with(['[', '{'])) =>
        {
            match (
                serde_json::from_str::<Value>(e),
                serde_json::from_str::<Value>(a),
            ) {
                (Ok(pe), Ok(pa)) => fits(&pe, &pa, normalized),
                _ => false,
            }
        }
        (Value::String(e), Value::String(a)) if normalized => text_fits(e, a),
        (Value::Object(e), Value::Object(a)) => {
            e.len() == a.len()
                && e.iter()
                    .all(|(k, v)| a.get(k).is_some_and(|av| fits(v, av, normalized)))
        }
        (Value::Array(e), Value::Array(a)) => {
            e.len() == a.len() && e.iter().zip(a).all(|(x, y)| fits(x, y, normalized))
        }
        (Value::Number(e), Value::Number(a)) => e.as_f64() == a.as_f64(),
        _ => expected == actual,
    }
}

/// What differs between a recording and our run, or `None`.
fn compare(case: &Value) -> Option<String> {
    let text = serde_json::to_string(&case["definition"]).unwrap();
    let machine = match Machine::from_json(&text) {
        Ok(m) => m,
        Err(d) => return Some(format!("refused: {}", d[0].message)),
    };
    let run = machine.runner().input(case["input"].clone()).run();
    let normalized = case["normalized"] == Value::Bool(true);
    let expected = &case["expected"];
    let status = expected["status"].as_str().unwrap_or_default();
    if run.status.as_str() != status {
        return Some(format!(
            "status {} (expected {status}); error {:?}, cause {:?}",
            run.status, run.error, run.cause
        ));
    }
    if status == "SUCCEEDED" {
        let out = run.output.clone().unwrap_or(Value::Null);
        if !fits(&expected["output"], &out, normalized) {
            return Some(format!("output {out} (expected {})", expected["output"]));
        }
    } else {
        let err = run.error.clone().map(Value::String).unwrap_or(Value::Null);
        let cause = run.cause.clone().map(Value::String).unwrap_or(Value::Null);
        if !fits(&expected["error"], &err, normalized)
            || !fits(&expected["cause"], &cause, normalized)
        {
            return Some(format!(
                "error {err} cause {cause} (expected {} / {})",
                expected["error"], expected["cause"]
            ));
        }
    }
    if let Some(history) = case["history"].as_array() {
        let ours: Vec<Value> = run.history.iter().map(|e| e.to_json()).collect();
        let kinds = |h: &[Value]| -> Vec<String> {
            h.iter()
                .map(|e| e["type"].as_str().unwrap_or_default().to_string())
                .collect()
        };
        if kinds(history) != kinds(&ours) {
            return Some(format!(
                "history types {:?} (expected {:?})",
                kinds(&ours),
                kinds(history)
            ));
        }
        for (e, a) in history.iter().zip(&ours) {
            for (k, v) in e.as_object().unwrap() {
                if k == "timestamp" {
                    continue;
                }
                if (k == "id" || k == "previousEventId") && !v.is_number() {
                    continue;
                }
                if !fits(v, &a[k], true) {
                    return Some(format!("event {} `{k}`: {} (expected {v})", e["id"], a[k]));
                }
            }
        }
    }
    None
}

#[test]
fn recorded_executions() {
    let Some(dir) = corpus() else {
        eprintln!("../shared/conformance-exec is not here: skipped");
        return;
    };
    let text = std::fs::read_to_string(dir.join("executions.jsonl")).unwrap();
    let exceptions = exceptions();
    let (mut agree, mut excused, mut jsonata) = (0, 0, 0);
    let mut failures = Vec::new();
    let mut used = Vec::new();
    for line in text.lines() {
        let case: Value = serde_json::from_str(line).unwrap();
        let id = case["id"].as_str().unwrap_or_default().to_string();
        if case["query_language"] == "JSONata" {
            jsonata += 1;
        }
        match compare(&case) {
            None => agree += 1,
            Some(diff) if exceptions.contains_key(&id) => {
                excused += 1;
                used.push(id.clone());
                let _ = diff;
            }
            Some(diff) => failures.push(format!("{id}\n    {diff}")),
        }
    }
    eprintln!(
        "conformance-exec: {agree} agree, {excused} listed exceptions, {} disagree ({jsonata} of the cases are JSONata)",
        failures.len()
    );
    let stale: Vec<_> = exceptions.keys().filter(|k| !used.contains(k)).collect();
    assert!(
        stale.is_empty(),
        "exceptions that no longer differ: {stale:#?}"
    );
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// What differs between a recorded TestState call and ours, or `None`.
fn compare_test_state(case: &Value) -> Option<String> {
    let request: sfn_local::TestStateRequest =
        serde_json::from_value(case["request"].clone()).ok()?;
    let expected = &case["expected"];
    let normalized = case["normalized"] == true;
    let response = match sfn_local::test_state(&request) {
        Ok(r) => serde_json::to_value(r).unwrap(),
        Err(e) => return Some(format!("refused: {e}")),
    };
    for key in ["status", "error", "cause", "nextState", "output"] {
        let (e, a) = (&expected[key], &response[key]);
        if !fits(e, a, normalized) {
            return Some(format!("{key}: expected {e}, got {a}"));
        }
    }
    let (e, a) = (&expected["inspectionData"], &response["inspectionData"]);
    if !fits(e, a, normalized) {
        return Some(format!("inspectionData: expected {e}, got {a}"));
    }
    None
}

#[test]
fn recorded_test_state_calls() {
    let Some(dir) = corpus() else {
        eprintln!("../shared/conformance-exec is not here: skipped");
        return;
    };
    let text = std::fs::read_to_string(dir.join("teststate.json")).unwrap();
    let cases: Vec<Value> = serde_json::from_str(&text).unwrap();
    let exceptions = exceptions();
    let (mut agree, mut excused, mut jsonata) = (0, 0, 0);
    let mut failures = Vec::new();
    for case in &cases {
        let id = case["id"].as_str().unwrap_or_default().to_string();
        let definition = case["request"]["definition"].as_str().unwrap_or_default();
        if definition.contains("\"JSONata\"") {
            jsonata += 1;
        }
        match compare_test_state(case) {
            None => agree += 1,
            Some(_) if exceptions.contains_key(&id) => excused += 1,
            Some(diff) => failures.push(format!("{id}\n    {diff}")),
        }
    }
    eprintln!(
        "teststate: {agree} agree, {excused} listed exceptions, {} disagree ({jsonata} of the calls are JSONata)",
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
