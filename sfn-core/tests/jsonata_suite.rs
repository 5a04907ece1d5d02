//! JSONata's own test suite (`../shared/jsonata-test-suite`, see its TESTSUITE.md) run
//! against `sfn_core::jsonata::eval`. Every case must agree with JSONata 2.0.6 except those
//! listed in `jsonata-suite-exceptions.tsv` with a reason; a listed case that now agrees is
//! an error too, so that the list stays true.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};
use sfn_core::jsonata::{eval, parse};

fn suite_dir() -> PathBuf {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/jsonata-test-suite"
    ))
    .to_path_buf()
}

struct Case {
    id: String,
    group: String,
    expr: String,
    input: Option<Value>,
    bindings: Map<String, Value>,
    expect: Expect,
    depth: Option<usize>,
    unordered: bool,
}

enum Expect {
    Result(Value),
    Undefined,
    Code(String),
}

fn load_cases(dir: &Path) -> Vec<Case> {
    let mut datasets: BTreeMap<String, Value> = BTreeMap::new();
    if let Ok(entries) = std::fs::read_dir(dir.join("datasets")) {
        for e in entries.flatten() {
            let p = e.path();
            if let (Some(stem), Ok(text)) = (p.file_stem(), std::fs::read_to_string(&p)) {
                if let Ok(v) = serde_json::from_str(&text) {
                    datasets.insert(stem.to_string_lossy().into_owned(), v);
                }
            }
        }
    }
    let mut groups: Vec<PathBuf> = std::fs::read_dir(dir.join("groups"))
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    groups.sort();
    let mut cases = Vec::new();
    for g in groups {
        let group = g
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let mut files: Vec<PathBuf> = std::fs::read_dir(&g)
            .map(|rd| rd.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|x| x == "json"));
        files.sort();
        for f in files {
            let name = f
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let Ok(text) = std::fs::read_to_string(&f) else {
                continue;
            };
            let Ok(v) = serde_json::from_str::<Value>(&text) else {
                // A case that JSON in Rust cannot hold (a lone surrogate): it counts, and fails.
                cases.push(Case {
                    id: format!("{group}/{name}"),
                    group: group.clone(),
                    expr: String::new(),
                    input: None,
                    bindings: Map::new(),
                    expect: Expect::Code("unreadable case file".into()),
                    depth: None,
                    unordered: false,
                });
                continue;
            };
            let list = match v {
                Value::Array(a) => a
                    .into_iter()
                    .enumerate()
                    .map(|(i, c)| (format!("{group}/{name}#{i}"), c))
                    .collect(),
                c => vec![(format!("{group}/{name}"), c)],
            };
            for (id, c) in list {
                let expr = match (c.get("expr"), c.get("expr-file")) {
                    (Some(Value::String(e)), _) => e.clone(),
                    (_, Some(Value::String(file))) => {
                        std::fs::read_to_string(g.join(file)).unwrap_or_default()
                    }
                    _ => continue,
                };
                let input = match (c.get("data"), c.get("dataset")) {
                    (Some(d), _) => Some(d.clone()),
                    (None, Some(Value::String(name))) => datasets.get(name).cloned(),
                    _ => None,
                };
                let bindings = match c.get("bindings") {
                    Some(Value::Object(m)) => m.clone(),
                    _ => Map::new(),
                };
                let code = c
                    .get("code")
                    .or_else(|| c.get("error").and_then(|e| e.get("code")))
                    .and_then(Value::as_str);
                let expect = if let Some(code) = code {
                    Expect::Code(code.to_string())
                } else if let Some(r) = c.get("result") {
                    Expect::Result(r.clone())
                } else {
                    // `undefinedResult`, or no expectation at all: undefined.
                    Expect::Undefined
                };
                let depth = c
                    .get("depth")
                    .and_then(Value::as_u64)
                    .and_then(|d| usize::try_from(d).ok());
                let unordered = c.get("unordered").and_then(Value::as_bool).unwrap_or(false);
                cases.push(Case {
                    id,
                    group: group.clone(),
                    expr,
                    input,
                    bindings,
                    expect,
                    depth,
                    unordered,
                });
            }
        }
    }
    cases
}

fn same_number(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-12 * a.abs().max(b.abs())
}

fn same(a: &Value, b: &Value, unordered: bool) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => same_number(
            x.as_f64().unwrap_or(f64::NAN),
            y.as_f64().unwrap_or(f64::NAN),
        ),
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return false;
            }
            if unordered {
                let mut used = vec![false; y.len()];
                x.iter().all(|p| {
                    let hit = y
                        .iter()
                        .enumerate()
                        .find(|(i, q)| !used[*i] && same(p, q, true));
                    match hit {
                        Some((i, _)) => {
                            used[i] = true;
                            true
                        }
                        None => false,
                    }
                })
            } else {
                x.iter().zip(y).all(|(p, q)| same(p, q, false))
            }
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, p)| y.get(k).is_some_and(|q| same(p, q, unordered)))
        }
        _ => a == b,
    }
}

/// Runs one case: `Ok(())` when it agrees, else what happened.
fn run(case: &Case) -> Result<(), String> {
    let ast = match parse(&case.expr) {
        Ok(ast) => ast,
        Err(e) => {
            return match &case.expect {
                Expect::Code(c) if *c == e.code => Ok(()),
                _ => Err(format!("parse error {}: {}", e.code, e.message)),
            }
        }
    };
    let limits = eval::Limits {
        max_depth: case.depth.unwrap_or(eval::Limits::DEFAULT_DEPTH),
        ..eval::Limits::default()
    };
    let mut host = eval::FixedHost::new(1_521_801_216_617, 7);
    let got = eval::evaluate(
        &ast,
        case.input.as_ref(),
        &case.bindings,
        &mut host,
        &limits,
    );
    match (&case.expect, got) {
        (Expect::Result(want), Ok(Some(v))) if same(want, &v, case.unordered) => Ok(()),
        (Expect::Undefined, Ok(None)) => Ok(()),
        (Expect::Code(c), Err(e)) if *c == e.code => Ok(()),
        (_, Ok(v)) => Err(format!(
            "got {}",
            v.map_or("undefined".into(), |v| v.to_string())
        )),
        (_, Err(e)) => Err(format!("error {}: {}", e.code, e.message)),
    }
}

fn exceptions() -> BTreeMap<String, String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/jsonata-suite-exceptions.tsv"
    );
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(c, r)| (c.to_string(), r.to_string()))
        .collect()
}

#[test]
fn jsonata_suite() {
    let dir = suite_dir();
    if !dir.join("groups").is_dir() {
        eprintln!(
            "note: {} not found; the JSONata suite is skipped",
            dir.display()
        );
        return;
    }
    let cases = load_cases(&dir);
    let listed = exceptions();
    let mut per_group: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut unexpected = Vec::new();
    let mut now_passing = Vec::new();
    let mut seen = BTreeSet::new();
    for case in &cases {
        seen.insert(case.id.clone());
        if std::env::var_os("JSONATA_SUITE_TRACE").is_some() {
            eprintln!("{}", case.id);
        }
        let outcome = run(case);
        let entry = per_group.entry(case.group.clone()).or_default();
        entry.1 += 1;
        match outcome {
            Ok(()) => {
                entry.0 += 1;
                if listed.contains_key(&case.id) {
                    now_passing.push(case.id.clone());
                }
            }
            Err(what) => {
                if !listed.contains_key(&case.id) {
                    unexpected.push(format!(
                        "{}\t{}\t{}",
                        case.id,
                        case.expr.replace('\n', " "),
                        what
                    ));
                }
            }
        }
    }
    let (mut pass, mut total) = (0, 0);
    for (g, (p, t)) in &per_group {
        println!("{g:32} {p:4} / {t:4}");
        pass += p;
        total += t;
    }
    println!("{:32} {pass:4} / {total:4}", "total");
    let stale: Vec<&String> = listed.keys().filter(|k| !seen.contains(*k)).collect();
    for u in &unexpected {
        println!("DISAGREES {u}");
    }
    for n in &now_passing {
        println!("NOW PASSES {n}");
    }
    for s in &stale {
        println!("NOT IN SUITE {s}");
    }
    assert!(
        unexpected.is_empty() && now_passing.is_empty() && stale.is_empty(),
        "{} unexpected disagreements, {} listed cases now pass, {} listed cases not in the suite",
        unexpected.len(),
        now_passing.len(),
        stale.len()
    );
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    fn exprs() -> Vec<String> {
        let dir = suite_dir();
        if !dir.join("groups").is_dir() {
            return vec!["$sum([1,2,3])".into(), "a.b[0].c".into()];
        }
        load_cases(&dir).into_iter().map(|c| c.expr).collect()
    }

    fn inputs() -> Vec<Value> {
        vec![
            Value::Null,
            serde_json::json!({"a": {"b": [1, 2, {"c": "x"}]}, "Account": {"Order": [{"Product": [{"Price": 3}]}]}}),
            serde_json::json!([1, "two", [3, [4]], {"k": true}]),
            serde_json::json!("text"),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]
        #[test]
        fn mutated_suite_expressions_never_panic(
            pick in any::<prop::sample::Index>(),
            input in any::<prop::sample::Index>(),
            edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<char>()), 0..4),
        ) {
            let all = exprs();
            let mut chars: Vec<char> = pick.get(&all).chars().collect();
            let pieces = ['(', ')', '[', ']', '{', '}', '.', '$', '*', '%', '#', '@', '~', '>', '?', ':', ',', '"', '0', '-'];
            for (at, op, c) in edits {
                if chars.is_empty() {
                    break;
                }
                let i = at.index(chars.len());
                match op {
                    0 => { chars.remove(i); }
                    1 => chars.insert(i, c),
                    2 => chars.insert(i, pieces[usize::from(u8::try_from(u32::from(c) % 20).unwrap_or(0))]),
                    _ => {
                        let last = chars.len() - 1;
                        chars.swap(i, last);
                    }
                }
            }
            let expr: String = chars.into_iter().collect();
            if let Ok(ast) = parse(&expr) {
                let limits = eval::Limits { max_depth: 200, max_steps: Some(200_000), ..eval::Limits::default() };
                let all_inputs = inputs();
                let mut host = eval::FixedHost::new(0, 3);
                let _ = eval::evaluate(&ast, Some(input.get(&all_inputs)), &Map::new(), &mut host, &limits);
            }
        }
    }
}
