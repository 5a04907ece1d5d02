//! Property tests: any input gets a verdict, never a panic; valid definitions round-trip
//! through the model to canonical JSON.

use proptest::prelude::*;
use sfn_core::{canonical_json, parse_definition, validate_str, Options};

const SAMPLE: &str = r#"{
  "Comment": "sample",
  "StartAt": "Check",
  "States": {
    "Check": {
      "Type": "Choice",
      "Choices": [
        {"Variable": "$.status", "StringEquals": "DONE", "Next": "Done"},
        {"And": [{"Variable": "$.n", "NumericGreaterThan": 3}, {"Not": {"Variable": "$.x", "IsNull": true}}], "Next": "Work"}
      ],
      "Default": "Fail"
    },
    "Work": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {"FunctionName": "f", "Payload.$": "States.JsonMerge($, $.extra, false)"},
      "Retry": [{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 2, "BackoffRate": 1.5}],
      "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Fail"}],
      "Next": "Fan"
    },
    "Fan": {
      "Type": "Map",
      "ItemsPath": "$.items",
      "ItemProcessor": {"StartAt": "Wait", "States": {"Wait": {"Type": "Wait", "Seconds": 1, "End": true}}},
      "Next": "Done"
    },
    "Done": {"Type": "Succeed"},
    "Fail": {"Type": "Fail", "Error": "Oops", "Cause": "bad"}
  }
}"#;

/// A strategy for JSON texts built from ASL's own vocabulary, so that generated inputs reach
/// deep into the validator instead of failing at the first field.
fn asl_json() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "Type",
        "Next",
        "End",
        "StartAt",
        "States",
        "Resource",
        "Parameters",
        "Choices",
        "Variable",
        "StringEquals",
        "And",
        "Not",
        "Default",
        "Branches",
        "ItemProcessor",
        "Iterator",
        "Catch",
        "Retry",
        "ErrorEquals",
        "ResultPath",
        "InputPath",
        "Seconds",
        "Timestamp",
        "QueryLanguage",
        "Arguments",
        "Output",
        "Assign",
        "Condition",
        "Items",
        "Payload.$",
        "x.$",
        "A",
        "Error",
        "CausePath",
        "MaxConcurrency",
        "Label",
        "ItemReader",
        "ReaderConfig",
        "ResultWriter",
        "ProcessorConfig",
        "Mode",
        "Credentials",
    ]);
    let string = prop::sample::select(vec![
        "Task",
        "Pass",
        "Choice",
        "Wait",
        "Succeed",
        "Fail",
        "Parallel",
        "Map",
        "A",
        "B",
        "$",
        "$.a",
        "$$.Task.Token",
        "$.a[?(@.b > 1)]",
        "States.Format('{}', $.a)",
        "States.ArrayRange(1, 3, 0)",
        "{% $states.input %}",
        "{% 1 + %}",
        "JSONata",
        "JSONPath",
        "States.ALL",
        "arn:aws:states:::sns:publish",
        "2016-03-14T01:59:00Z",
        "DISTRIBUTED",
        "$var",
        "",
    ]);
    let leaf = prop_oneof![
        Just("null".to_string()),
        Just("true".to_string()),
        any::<i32>().prop_map(|n| n.to_string()),
        string.prop_map(|s| serde_json::to_string(s).unwrap()),
    ];
    leaf.prop_recursive(6, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec((key.clone(), inner), 0..6).prop_map(|members| {
                let body: Vec<String> = members
                    .into_iter()
                    .map(|(k, v)| format!("{}:{v}", serde_json::to_string(k).unwrap()))
                    .collect();
                format!("{{{}}}", body.join(","))
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_text_gets_a_verdict(s in ".*") {
        let _ = validate_str(&s, &Options::default()).is_valid();
    }

    #[test]
    fn any_asl_shaped_json_gets_a_verdict(s in asl_json()) {
        for check_arns in [true, false] {
            let report = validate_str(&s, &Options { check_arns, ..Options::default() });
            if report.is_valid() {
                // A valid definition converts to the model, and its canonical JSON is valid
                // and stable.
                let def = parse_definition(&s, &Options { check_arns, ..Options::default() }).expect("valid converts");
                let once = canonical_json(&def.machine);
                let again = parse_definition(&once, &Options { check_arns, ..Options::default() }).expect("canonical is valid");
                prop_assert_eq!(once, canonical_json(&again.machine));
            }
        }
    }

    #[test]
    fn truncated_and_mutated_samples_get_a_verdict(cut in 0..SAMPLE.len(), at in 0..SAMPLE.len(), byte in any::<u8>()) {
        let _ = validate_str(SAMPLE.get(..cut).unwrap_or(""), &Options::default());
        let mut bytes = SAMPLE.as_bytes().to_vec();
        bytes[at] = byte;
        let text = String::from_utf8_lossy(&bytes);
        let _ = validate_str(&text, &Options::default());
    }
}

#[test]
fn sample_is_valid_and_round_trips() {
    let def = parse_definition(SAMPLE, &Options::default()).expect("valid");
    let json = canonical_json(&def.machine);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let original: serde_json::Value = serde_json::from_str(SAMPLE).unwrap();
    assert_eq!(v, original);
}

#[test]
fn deep_nesting_is_reported_not_overflowed() {
    for depth in [300, 5_000, 200_000] {
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let report = validate_str(&text, &Options::default());
        assert!(!report.is_valid());
        assert_eq!(report.diagnostics[0].code, sfn_core::Code::TooDeeplyNested);
    }
    // Deeply nested Parallel states, below the JSON limit.
    let mut machine = r#"{"Type": "Succeed"}"#.to_string();
    for _ in 0..70 {
        machine = format!(
            r#"{{"Type": "Parallel", "End": true, "Branches": [{{"StartAt": "S", "States": {{"S": {machine}}}}}]}}"#
        );
    }
    let text = format!(r#"{{"StartAt": "S", "States": {{"S": {machine}}}}}"#);
    let report = validate_str(&text, &Options::default());
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.code == sfn_core::Code::TooDeeplyNested),
        "{:?}",
        report.diagnostics
    );
}
