//! `asl!` output compared with the JSON it stands for, value for value. (The developer
//! guide's samples are compared in `examples/`.)
#![deny(warnings)]

use sfn_runtime::{asl, StateMachine};

fn value(m: &StateMachine) -> serde_json::Value {
    serde_json::from_str(m.definition()).unwrap()
}

static PATHS: StateMachine = asl! {
    start_at: Run,
    states: {
        Run: Task {
            resource: "arn:aws:lambda:us-east-1:123456789012:function:run",
            input_path: $.job,
            parameters: {
                Cluster: "c",
                Overrides: {
                    ContainerOverrides: [{
                        Name: "app",
                        Command: $.commands,
                        Environment: [{ Name: "TASK_TOKEN", Value: $$.Task.Token }],
                    }],
                },
                "Message.$": "States.Format('hello {}', $.name)",
                Label: States.Format("order {} of {}", $.id, $.detail["total-count"]),
                Count: States.ArrayLength($.items[*]),
                Fixed: [1, -2.5, true, null, "$.notapath"],
            },
            result_selector: { out: $.Payload },
            result_path: null,
            output_path: $,
            retry: [{ error_equals: [States.TaskFailed, "Custom.Error"], interval_seconds: 2, backoff_rate: 1.5, jitter_strategy: FULL }],
            next: Check,
        },
        Check: Choice {
            choices: [
                { variable: $.status, string_equals: "DONE", next: Done },
                { and: [{ variable: $.n, numeric_greater_than: 3 }, { not: { variable: $.x, is_null: true } }], next: Fan },
            ],
            default: Failed,
        },
        Fan: Map {
            items_path: $.items,
            item_processor: {
                processor_config: { mode: INLINE },
                start_at: Each,
                states: { Each: Wait { seconds: 1, end: true } },
            },
            assign: { total: $.count },
            next: Done,
        },
        Done: Succeed,
        Failed: Fail { error: "Job.Failed", cause_path: $.cause },
    },
};

#[test]
fn paths_calls_and_keys() {
    let v = value(&PATHS);
    let run = &v["States"]["Run"];
    assert_eq!(run["InputPath"], "$.job");
    let c = &run["Parameters"]["Overrides"]["ContainerOverrides"][0];
    assert_eq!(c["Command.$"], "$.commands");
    assert_eq!(c["Environment"][0]["Value.$"], "$$.Task.Token");
    let p = &run["Parameters"];
    assert_eq!(p["Message.$"], "States.Format('hello {}', $.name)");
    assert_eq!(
        p["Label.$"],
        "States.Format('order {} of {}', $.id, $.detail[\"total-count\"])"
    );
    assert_eq!(p["Count.$"], "States.ArrayLength($.items[*])");
    assert_eq!(
        p["Fixed"],
        serde_json::json!([1, -2.5, true, null, "$.notapath"])
    );
    assert_eq!(run["ResultSelector"]["out.$"], "$.Payload");
    assert_eq!(run["ResultPath"], serde_json::Value::Null);
    assert_eq!(run["OutputPath"], "$");
    assert_eq!(
        run["Retry"][0]["ErrorEquals"],
        serde_json::json!(["States.TaskFailed", "Custom.Error"])
    );
    assert_eq!(run["Retry"][0]["JitterStrategy"], "FULL");
    let check = &v["States"]["Check"];
    assert_eq!(
        check["Choices"][0],
        serde_json::json!({"Variable": "$.status", "StringEquals": "DONE", "Next": "Done"})
    );
    assert_eq!(check["Choices"][1]["And"][1]["Not"]["IsNull"], true);
    assert_eq!(
        v["States"]["Fan"]["ItemProcessor"]["ProcessorConfig"]["Mode"],
        "INLINE"
    );
    assert_eq!(v["States"]["Fan"]["Assign"]["total.$"], "$.count");
    assert_eq!(v["States"]["Done"], serde_json::json!({"Type": "Succeed"}));
    assert_eq!(v["States"]["Failed"]["CausePath"], "$.cause");
    // The same definition passes sfn validate.
    assert!(sfn_core::validate_str(PATHS.definition(), &sfn_core::Options::default()).is_valid());
}

static SUBSTITUTED: StateMachine = asl! {
    start_at: Call,
    states: {
        Call: Task { resource: "${FunctionArn}", parameters: { Table: "${TableName}", Again: "${FunctionArn}" }, end: true },
    },
};

#[test]
fn placeholders_are_listed_and_rendered() {
    assert_eq!(SUBSTITUTED.substitutions(), ["FunctionArn", "TableName"]);
    let rendered = SUBSTITUTED
        .render(&[
            (
                "FunctionArn",
                "arn:aws:lambda:us-east-1:123456789012:function:f",
            ),
            ("TableName", "orders"),
        ])
        .unwrap();
    assert!(rendered.contains("\"Resource\":\"arn:aws:lambda:us-east-1:123456789012:function:f\""));
    assert!(rendered.contains("\"Table\":\"orders\""));
    assert_eq!(
        SUBSTITUTED.render(&[("TableName", "x")]).unwrap_err().name,
        "FunctionArn"
    );
}

#[test]
fn serialize_is_the_definition_object() {
    let v = serde_json::to_value(PATHS).unwrap();
    assert_eq!(v, value(&PATHS));
    assert_eq!(v["StartAt"], "Run");
}

static JSONATA: StateMachine = asl! {
    query_language: JSONata,
    start_at: Fetch,
    states: {
        Fetch: Task {
            resource: "arn:aws:states:::lambda:invoke",
            arguments: { FunctionName: "f", Payload: "{% $states.input %}" },
            output: "{% $states.result.Payload %}",
            assign: { count: "{% $count($states.result.Payload.items) %}" },
            catch: [{ error_equals: [States.ALL], output: { error: "{% $states.errorOutput %}" }, next: Failed }],
            next: Decide,
        },
        Decide: Choice {
            choices: [{ condition: "{% $count > 0 %}", next: Each }],
            default: Done,
        },
        Each: Map {
            items: [{ id: 1 }, { id: 2 }],
            item_processor: { start_at: Work, states: { Work: Pass { output: { seen: "{% $states.input.id %}" }, end: true } } },
            next: Done,
        },
        Done: Succeed,
        Failed: Fail { error: "{% $states.input.error %}" },
    },
};

#[test]
fn jsonata_machines() {
    let v = value(&JSONATA);
    assert_eq!(v["QueryLanguage"], "JSONata");
    assert_eq!(
        v["States"]["Fetch"]["Arguments"]["Payload"],
        "{% $states.input %}"
    );
    assert_eq!(
        v["States"]["Fetch"]["Catch"][0]["Output"]["error"],
        "{% $states.errorOutput %}"
    );
    assert_eq!(
        v["States"]["Decide"]["Choices"][0]["Condition"],
        "{% $count > 0 %}"
    );
    assert_eq!(
        v["States"]["Each"]["Items"],
        serde_json::json!([{"id": 1}, {"id": 2}])
    );
    assert!(sfn_core::validate_str(JSONATA.definition(), &sfn_core::Options::default()).is_valid());
}

static ASSUMED: StateMachine = asl! {
    start_at: Call,
    states: {
        Call: Task {
            resource: "arn:aws:lambda:us-east-1:123456789012:function:f",
            credentials: { role_arn: $.role },
            next: Again,
        },
        Again: Task {
            resource: "arn:aws:lambda:us-east-1:123456789012:function:f",
            credentials: { role_arn: "arn:aws:iam::123456789012:role/r" },
            end: true,
        },
    },
};

#[test]
fn credentials_take_a_role_or_a_path() {
    let v = value(&ASSUMED);
    assert_eq!(
        v["States"]["Call"]["Credentials"],
        serde_json::json!({"RoleArn.$": "$.role"})
    );
    assert_eq!(
        v["States"]["Again"]["Credentials"],
        serde_json::json!({"RoleArn": "arn:aws:iam::123456789012:role/r"})
    );
}

/// A SAM `DefinitionUri` file with unquoted `${Name}` placeholders where values go: read,
/// checked, and emitted as the template it is.
#[test]
fn include_asl_reads_a_template_with_unquoted_placeholders() {
    static TEMPLATE: sfn_runtime::StateMachine =
        sfn_runtime::include_asl!("fixtures/sam-template.asl.json");
    assert!(TEMPLATE
        .definition()
        .contains(r#""TimeoutSeconds":${MachineTimeout}"#));
    assert!(TEMPLATE
        .definition()
        .contains(r#""FunctionName":"${FunctionArn}""#));
    assert_eq!(
        TEMPLATE.substitutions(),
        [
            "MachineTimeout",
            "Delay",
            "FunctionArn",
            "Limit",
            "Timeout",
            "Retries",
            "Backoff",
            "Concurrency"
        ]
    );
    // The policy still names the function.
    assert!(TEMPLATE
        .iam_policy()
        .to_string()
        .contains("lambda:InvokeFunction"));
}
