//! Evaluates whatever the JSONata parser accepts against a few inputs: every expression must
//! end with a value, nothing, or an error (never a panic, never a stack overflow), within the
//! evaluator's step budget.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::json;
use sfn_core::jsonata::{eval, parse};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(ast) = parse(text) else {
        return;
    };
    let limits = eval::Limits {
        max_steps: Some(200_000),
        ..Default::default()
    };
    let inputs = [
        json!({"a": [1, 2, {"b": "x"}], "n": 5, "s": "text"}),
        json!([1, "two", null, true, {"k": [3]}]),
    ];
    let mut bindings = serde_json::Map::new();
    bindings.insert("v".into(), json!({"x": 1}));
    for input in &inputs {
        let mut host = eval::FixedHost::new(0, 1);
        let _ = eval::evaluate(&ast, Some(input), &bindings, &mut host, &limits);
    }
});
