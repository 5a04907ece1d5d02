use super::*;

fn analysis(src: &str, typed: &[&str]) -> Analysis {
    let root = crate::json::parse(src).root.expect("JSON");
    let typed: HashSet<String> = typed.iter().map(|s| s.to_string()).collect();
    analyze(&root, &typed, &HashSet::new())
}

/// The checks as (pointer, path, the flow it reads, rendered).
fn checks(a: &Analysis) -> Vec<(String, String, String)> {
    a.checks
        .iter()
        .map(|c| (c.pointer.clone(), c.text.clone(), render(a, c.flow)))
        .collect()
}

/// A flow as text: `input`, `result(/States/A)`, `set(input, x, result(...))`, ...
fn render(a: &Analysis, id: FlowId) -> String {
    match &a.flows[id] {
        Flow::Unknown => "?".into(),
        Flow::Input => "input".into(),
        Flow::Result(p) => format!("result({p})"),
        Flow::Payload(p) => format!("payload({p})"),
        Flow::Literal(k) => format!("{k:?}"),
        Flow::Set(b, path, v) => format!(
            "set({}, {}, {})",
            render(a, *b),
            path.join("."),
            render(a, *v)
        ),
        Flow::At(b, steps) => format!("at({}, {steps:?})", render(a, *b)),
        Flow::Object(_, members) => format!(
            "{{{}}}",
            members
                .iter()
                .map(|(k, m)| format!("{k}: {}", render(a, *m)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[test]
fn input_reaches_the_first_state_and_passes_through_choice_and_wait() {
    let a = analysis(
        r#"{"StartAt": "W", "States": {
            "W": {"Type": "Wait", "SecondsPath": "$.delay", "Next": "C"},
            "C": {"Type": "Choice", "Choices": [
                {"And": [{"Variable": "$.a", "BooleanEquals": true}, {"Variable": "$.b", "StringEqualsPath": "$.c", "Next": "D"}], "Next": "D"}
            ], "Default": "D"},
            "D": {"Type": "Succeed"}
        }}"#,
        &[],
    );
    let got = checks(&a);
    assert!(
        got.contains(&(
            "/States/W/SecondsPath".into(),
            "$.delay".into(),
            "input".into()
        )),
        "{got:?}"
    );
    assert!(got.contains(&(
        "/States/C/Choices/0/And/0/Variable".into(),
        "$.a".into(),
        "input".into()
    )));
    assert!(got.contains(&(
        "/States/C/Choices/0/And/1/StringEqualsPath".into(),
        "$.c".into(),
        "input".into()
    )));
}

#[test]
fn result_path_parameters_and_output_path_build_new_flows() {
    let a = analysis(
        r#"{"StartAt": "T", "States": {
            "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
                  "Parameters": {"FunctionName": "f", "Payload": {"id.$": "$.order.id"}},
                  "ResultPath": "$.out", "Next": "P"},
            "P": {"Type": "Pass", "Parameters": {"x.$": "$.out.value", "n": 1}, "OutputPath": "$.x", "Next": "Q"},
            "Q": {"Type": "Pass", "InputPath": "$.y", "ResultPath": null, "Next": "R"},
            "R": {"Type": "Pass", "ResultPath": null, "End": true}
        }}"#,
        &["/States/T"],
    );
    let got = checks(&a);
    assert!(
        got.contains(&(
            "/States/T/Parameters/Payload/id.$".into(),
            "$.order.id".into(),
            "input".into()
        )),
        "{got:?}"
    );
    // P reads the input with the typed result at `$.out`.
    assert!(
        got.contains(&(
            "/States/P/Parameters/x.$".into(),
            "$.out.value".into(),
            "set(input, out, result(/States/T))".into()
        )),
        "{got:?}"
    );
    // Q's input is P's output: `x` of the object P built.
    let q = got.iter().find(|c| c.0 == "/States/Q/InputPath").unwrap();
    assert!(q.2.starts_with("at({x: at(set(input, out, result(/States/T)), [Field(\"out\"), Field(\"value\")]), n: Integer}, [Field(\"x\")])"), "{q:?}");
}

#[test]
fn lambda_invoke_results_hold_the_output_in_payload() {
    let a = analysis(
        r#"{"StartAt": "T", "States": {
            "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "f"}, "ResultSelector": {"u.$": "$.Payload.url"},
                  "End": true}
        }}"#,
        &["/States/T"],
    );
    let got = checks(&a);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        got[0].2,
        "{ExecutedVersion: String, Payload: result(/States/T), SdkHttpMetadata: ?, SdkResponseMetadata: ?, StatusCode: Integer}"
    );
}

#[test]
fn untyped_results_and_merges_are_unknown() {
    let a = analysis(
        r#"{"StartAt": "T", "States": {
            "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "f"}, "Next": "C"},
            "C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "BooleanEquals": true, "Next": "P"}], "Default": "Q"},
            "P": {"Type": "Pass", "Result": {"k": 1}, "Next": "M"},
            "Q": {"Type": "Pass", "Next": "M"},
            "M": {"Type": "Pass", "Parameters": {"z.$": "$.z"}, "End": true}
        }}"#,
        &[],
    );
    // After an untyped Task nothing is known, so nothing is checked.
    assert!(a.checks.is_empty(), "{:?}", checks(&a));
}

#[test]
fn map_items_parallel_branches_and_catch() {
    let a = analysis(
        r#"{"StartAt": "M", "States": {
            "M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {
                "StartAt": "I", "States": {"I": {"Type": "Pass", "Parameters": {"s.$": "$.sku"}, "End": true}}
            }, "ResultPath": null, "Next": "P"},
            "P": {"Type": "Parallel", "Branches": [
                {"StartAt": "B", "States": {"B": {"Type": "Pass", "InputPath": "$.b", "End": true}}}
            ], "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "F"}], "Next": "F"},
            "F": {"Type": "Fail", "CausePath": "$.error.Cause"}
        }}"#,
        &[],
    );
    let got = checks(&a);
    assert!(
        got.contains(&(
            "/States/M/ItemProcessor/States/I/Parameters/s.$".into(),
            "$.sku".into(),
            "at(at(input, [Field(\"items\")]), [Each])".into()
        )),
        "{got:?}"
    );
    assert!(
        got.contains(&(
            "/States/P/Branches/0/States/B/InputPath".into(),
            "$.b".into(),
            "input".into()
        )),
        "{got:?}"
    );
    // F is reached by Next (an array of branch outputs) and by the Catch: two flows, unknown.
    assert!(!got.iter().any(|c| c.0.starts_with("/States/F")), "{got:?}");
}

#[test]
fn catalog_types_of_parameters_are_expected() {
    let a = analysis(
        r#"{"StartAt": "T", "States": {
            "T": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync",
                  "Parameters": {"Cluster.$": "$.cluster", "TaskDefinition": "t",
                    "Overrides": {"ContainerOverrides": [{"Name": "a", "Command.$": "$.command"}]}},
                  "End": true},
            "S": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
                  "Parameters": {"TopicArn": "t", "Message.$": "$.m"}, "End": true}
        }}"#,
        &[],
    );
    let expect = |p: &str| {
        a.checks
            .iter()
            .find(|c| c.pointer == p)
            .map(|c| c.expect.clone())
    };
    assert_eq!(
        expect("/States/T/Parameters/Cluster.$"),
        Some(Some(("Cluster".into(), Expect::String)))
    );
    assert_eq!(
        expect("/States/T/Parameters/Overrides/ContainerOverrides/0/Command.$"),
        Some(Some((
            "Command".into(),
            Expect::List(Box::new(Expect::String))
        )))
    );
}

#[test]
fn jsonata_states_check_their_input_reads() {
    let a = analysis(
        r#"{"QueryLanguage": "JSONata", "StartAt": "W", "States": {
            "W": {"Type": "Wait", "Seconds": "{% $states.input.delay %}", "Next": "P"},
            "P": {"Type": "Pass", "Output": {"x": "{% $states.input.items[0].sku & $states.input %}"}, "Next": "Q"},
            "Q": {"Type": "Pass", "Output": "{% $states.input.x %}", "End": true}
        }}"#,
        &[],
    );
    let got: Vec<(String, String, bool)> = a
        .checks
        .iter()
        .map(|c| (c.pointer.clone(), c.text.clone(), c.jsonata))
        .collect();
    assert_eq!(
        got,
        [
            (
                "/States/P/Output/x".into(),
                "$states.input.items[...]".into(),
                true
            ),
            ("/States/P/Output/x".into(), "$states.input".into(), true),
            (
                "/States/W/Seconds".into(),
                "$states.input.delay".into(),
                true
            ),
        ]
    );
    // After an `Output`, nothing is known: Q's read is not checked.
}

#[test]
fn batches_result_writers_and_substituted_lambda_resources() {
    let a = analysis(
        r#"{"StartAt": "M", "States": {
            "M": {"Type": "Map", "ItemsPath": "$.items", "ItemBatcher": {"MaxItemsPerBatch": 10},
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "L", "States": {"L": {"Type": "Pass", "Parameters": {"f.$": "$.Items[0].sku"}, "End": true}}},
                  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "b", "Prefix": "p"}},
                  "ResultPath": "$.run", "Next": "T"},
            "T": {"Type": "Task", "Resource": "arn:${Partition}:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "f", "Payload.$": "$.run.ResultWriterDetails.Key"},
                  "ResultSelector": {"u.$": "$.Payload.url"}, "End": true}
        }}"#,
        &["/States/T"],
    );
    let got = checks(&a);
    // A batch is `{"Items": [...]}`, not an item: its paths are not checked.
    assert!(
        !got.iter().any(|c| c.0.contains("/ItemProcessor/")),
        "{got:?}"
    );
    // A Map that writes its results to S3 returns `{MapRunArn, ResultWriterDetails}`.
    let t = got
        .iter()
        .find(|c| c.0 == "/States/T/Parameters/Payload.$")
        .unwrap();
    assert_eq!(t.2, "set(input, run, ?)");
    let r = got
        .iter()
        .find(|c| c.0 == "/States/T/ResultSelector/u.$")
        .unwrap();
    assert!(r.2.contains("Payload: result(/States/T)"), "{r:?}");
}

#[test]
fn typed_payloads_and_intrinsic_arguments() {
    let root = crate::json::parse(
        r#"{"StartAt": "P", "States": {
            "P": {"Type": "Pass", "Parameters": {"s": {"a.$": "$.x", "n.$": "States.ArrayLength($['a.b'])"}}, "Next": "Q"},
            "Q": {"Type": "Pass", "InputPath": "$.s.a", "End": true}
        }}"#,
    )
    .root
    .unwrap();
    let payloads: HashSet<String> = ["/States/P/Parameters/s".to_string()].into();
    let a = analyze(&root, &HashSet::new(), &payloads);
    let q = a
        .checks
        .iter()
        .find(|c| c.pointer == "/States/Q/InputPath")
        .unwrap();
    assert_eq!(render(&a, q.flow), "{s: payload(/States/P/Parameters/s)}");
    let n = a
        .checks
        .iter()
        .find(|c| c.pointer.ends_with("/n.$"))
        .unwrap();
    assert!(!n.whole);
    assert_eq!(n.text, "$['a.b']");
    assert_eq!(n.steps, [Step::Field("a.b".into())]);
    let x = a
        .checks
        .iter()
        .find(|c| c.pointer.ends_with("/a.$"))
        .unwrap();
    assert!(x.whole);
}

#[test]
fn is_present_rules_are_not_checked() {
    let a = analysis(
        r#"{"StartAt": "C", "States": {
            "C": {"Type": "Choice", "Choices": [
                {"Variable": "$.maybe", "IsPresent": true, "Next": "D"},
                {"Variable": "$.sure", "StringEquals": "x", "Next": "D"}
            ], "Default": "D"},
            "D": {"Type": "Succeed"}
        }}"#,
        &[],
    );
    let got = checks(&a);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].1, "$.sure");
}
