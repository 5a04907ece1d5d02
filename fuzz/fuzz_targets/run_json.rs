//! Runs whatever the validator accepts. The first bytes choose the input, whether the Tasks
//! succeed or fail, and the seed; the rest is the definition. Every run must end with a
//! status (never a panic, never a hang) and repeat exactly with the same seed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};
use sfn_local::{Machine, Mock, Mocks};

fuzz_target!(|data: &[u8]| {
    let Some((&[shape, fail, seed], rest)) = data.split_first_chunk::<3>() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let options = sfn_core::Options {
        check_arns: false,
        ..sfn_core::Options::default()
    };
    let Ok(machine) = Machine::from_json_with(&text, &options) else {
        return;
    };
    let input: Value = match shape % 4 {
        0 => json!({}),
        1 => json!({"a": [1, 2, 3], "b": {"c": "x"}, "items": [{"n": 1}, {"n": 2}]}),
        2 => json!([1, "two", null, true]),
        _ => json!("text"),
    };
    let mocks = || {
        let mock = if fail % 2 == 0 {
            Mock::from_fn(|call| Ok(call.parameters.clone()))
        } else {
            Mock::throws("Boom", "the mock failed")
        };
        Mocks::new().otherwise(mock)
    };
    let run = |seed| {
        machine
            .runner()
            .input(input.clone())
            .seed(seed)
            .mocks(mocks())
            .run()
            .to_json(true)
    };
    assert_eq!(run(u64::from(seed)), run(u64::from(seed)), "the same seed runs the same");
});
