//! Any valid definition, any input, any mock: the executor ends (never a panic, never a hang)
//! with a status, and the same run repeats exactly.

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use sfn_local::{Failure, Machine, Mock, Mocks};

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(|n| json!(n)),
        (-1e6f64..1e6).prop_map(|n| json!(n)),
        "[a-z$.{}]{0,6}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-c]", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

const PATHS: &[&str] = &[
    "$",
    "$.a",
    "$.b",
    "$.a[0]",
    "$.c.a",
    "$$.Execution.Input",
    "$x",
];

/// One state named `S<i>` that goes to a state in `names` (or ends).
fn state(i: usize, n: usize) -> impl Strategy<Value = (String, Value)> {
    let next = prop_oneof![Just(None), (0..n).prop_map(Some)];
    let path = prop::sample::select(PATHS);
    (0..8u8, next, path, json_value(), 0..3u64).prop_map(move |(kind, next, path, value, secs)| {
        let mut s = match kind {
            0 => json!({"Type": "Pass", "Parameters": {"v.$": path}, "Assign": {"x": value}}),
            1 => json!({"Type": "Pass", "Result": value, "ResultPath": "$.r"}),
            2 => json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                        "Parameters": {"FunctionName": "f", "Payload.$": path},
                        "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2}],
                        "Catch": [{"ErrorEquals": ["States.TaskFailed"], "ResultPath": "$.e", "Next": "End"}]}),
            3 => json!({"Type": "Wait", "Seconds": secs}),
            4 => json!({"Type": "Choice", "Choices": [{"Variable": path, "IsPresent": true, "Next": "End"},
                        {"Variable": path, "NumericGreaterThan": 1, "Next": "End"}], "Default": "End"}),
            5 => json!({"Type": "Map", "ItemsPath": path, "ItemProcessor": {"StartAt": format!("I{i}"),
                        "States": {format!("I{i}"): {"Type": "Pass", "End": true}}}}),
            6 => json!({"Type": "Parallel", "Branches": [{"StartAt": format!("B{i}"),
                        "States": {format!("B{i}"): {"Type": "Pass", "Result": value, "End": true}}}]}),
            _ => json!({"Type": "Pass", "OutputPath": path, "InputPath": path}),
        };
        if s["Type"] != "Choice" {
            match next {
                Some(j) => s["Next"] = json!(format!("S{j}")),
                None => s["End"] = json!(true),
            }
        }
        (format!("S{i}"), s)
    })
}

fn machine() -> impl Strategy<Value = Value> {
    (1..6usize)
        .prop_flat_map(|n| {
            prop::collection::vec((0..n).prop_map(move |i| i), n)
                .prop_flat_map(move |_| (0..n).map(|i| state(i, n)).collect::<Vec<_>>())
        })
        .prop_map(|states| {
            let mut map = Map::new();
            for (name, s) in states {
                map.insert(name, s);
            }
            map.insert("End".into(), json!({"Type": "Succeed"}));
            json!({"StartAt": "S0", "States": map})
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_machine_any_input_ends(def in machine(), input in json_value(), fail in any::<bool>(), seed in any::<u64>()) {
        let Ok(m) = Machine::from_json(&def.to_string()) else {
            return Ok(());
        };
        let mock = move || if fail {
            Mock::sequence([Err(Failure::new("Boom", "b")), Ok(json!({"Payload": 1}))])
        } else {
            Mock::from_fn(|call| Ok(call.parameters.clone()))
        };
        let run = |seed| m.runner().input(input.clone()).seed(seed).mocks(Mocks::new().otherwise(mock())).run();
        let (a, b) = (run(seed), run(seed));
        prop_assert_eq!(a.to_json(true), b.to_json(true));
        prop_assert!(a.history.len() <= 25_000);
    }
}
