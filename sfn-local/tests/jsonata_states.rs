//! JSONata states as Step Functions runs them: `$states`, Arguments, Output, Assign, Items,
//! ItemSelector, Condition, Wait, Fail, catchers, and States.QueryEvaluationError.

use serde_json::{json, Value};
use sfn_local::{Machine, Mock, Mocks, Status};

fn machine(def: Value) -> Machine {
    let mut def = def;
    def["QueryLanguage"] = json!("JSONata");
    Machine::from_json(&def.to_string()).unwrap_or_else(|d| panic!("invalid: {d:?}"))
}

#[test]
fn a_task_takes_arguments_and_shapes_its_result() {
    let m = machine(json!({"StartAt": "Charge", "States": {
        "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Arguments": {"FunctionName": "charge", "Payload": {"amount": "{% $states.input.total * 100 %}"}},
            "Assign": {"receipt": "{% $states.result.Payload.id %}"},
            "Output": {"paid": "{% $states.result.Payload.ok %}", "input": "{% $states.input.total %}"},
            "Next": "Done"},
        "Done": {"Type": "Pass", "Output": {"receipt": "{% $receipt %}", "paid": "{% $states.input.paid %}"}, "End": true}}}));
    let mock = Mock::from_fn(|call| {
        assert_eq!(
            call.parameters,
            json!({"FunctionName": "charge", "Payload": {"amount": 1250}})
        );
        Ok(json!({"Payload": {"id": "r-1", "ok": true}, "StatusCode": 200}))
    });
    let run = m
        .runner()
        .input(json!({"total": 12.5}))
        .mock("Charge", mock)
        .run();
    assert_eq!(run.status, Status::Succeeded, "{:?}", run.cause);
    assert_eq!(run.output, Some(json!({"receipt": "r-1", "paid": true})));
}

#[test]
fn nothing_from_an_expression_fails_the_state_with_aws_wording() {
    let m = machine(json!({"StartAt": "E", "States": {
        "E": {"Type": "Pass", "Output": {"v": "{% $states.input.missing %}"}, "End": true}}}));
    let run = m.run(json!({}), Mocks::new());
    assert_eq!(run.error.as_deref(), Some("States.QueryEvaluationError"));
    assert_eq!(
        run.cause.as_deref(),
        Some("An error occurred while executing the state 'E' (entered at the event id #2). The JSONata expression '$states.input.missing' specified for the field 'Output/v' returned nothing (undefined).")
    );
    // An evaluation error names JSONata's code; a catcher takes it with $states.errorOutput.
    let m = machine(json!({"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Arguments": {"FunctionName": "f", "Payload": "{% 'a' + 1 %}"},
              "Catch": [{"ErrorEquals": ["States.QueryEvaluationError"],
                         "Output": {"error": "{% $states.errorOutput.Error %}"},
                         "Assign": {"failed": true}, "Next": "After"}],
              "End": true},
        "After": {"Type": "Pass", "Output": {"error": "{% $states.input.error %}", "failed": "{% $failed %}"}, "End": true}}}));
    let run = m.runner().mock("T", Mock::returns(json!({}))).run();
    assert_eq!(run.status, Status::Succeeded, "{:?}", run.cause);
    assert_eq!(
        run.output,
        Some(json!({"error": "States.QueryEvaluationError", "failed": true}))
    );
}

#[test]
fn map_items_selector_choice_wait_and_fail() {
    let m = machine(json!({"StartAt": "Each", "States": {
        "Each": {"Type": "Map", "Items": "{% $states.input.orders %}",
                 "ItemSelector": {"id": "{% $states.context.Map.Item.Value.id %}",
                                  "at": "{% $states.context.Map.Item.Index %}"},
                 "ItemProcessor": {"StartAt": "Big?", "States": {
                     "Big?": {"Type": "Choice",
                              "Choices": [{"Condition": "{% $states.input.id > 1 %}", "Next": "Big",
                                           "Output": {"big": "{% $states.input.id %}"}}],
                              "Default": "Small"},
                     "Big": {"Type": "Pass", "End": true},
                     "Small": {"Type": "Pass", "Output": {"small": "{% $states.input.at %}"}, "End": true}}},
                 "Next": "Later"},
        "Later": {"Type": "Wait", "Seconds": "{% $count($states.input) * 60 %}", "Next": "Stop"},
        "Stop": {"Type": "Fail", "Error": "{% 'Done.' & $string($count($states.input)) %}",
                 "Cause": "{% $string($states.input) %}"}}}));
    let run = m.run(json!({"orders": [{"id": 1}, {"id": 2}]}), Mocks::new());
    assert_eq!(run.error.as_deref(), Some("Done.2"));
    assert_eq!(run.cause.as_deref(), Some(r#"[{"small":0},{"big":2}]"#));
    // The Wait took two minutes of virtual time.
    let start = run.history[0].timestamp;
    let last = run.history.last().unwrap().timestamp;
    assert_eq!(last - start, 120_000);
    // Items that are not an array: a type error naming the field.
    let run = m.run(json!({"orders": 5}), Mocks::new());
    assert_eq!(run.error.as_deref(), Some("States.QueryEvaluationError"));
    assert!(run.cause.unwrap().contains(
        "'Items' returned an unexpected result type. Expected 'array', but was 'number'"
    ));
}

#[test]
fn now_and_uuid_come_from_the_virtual_clock_and_the_seed() {
    let m = machine(json!({"StartAt": "P", "States": {
        "P": {"Type": "Pass", "Output": {"now": "{% $now() %}", "id": "{% $uuid() %}", "r": "{% $random() %}"}, "End": true}}}));
    let run = |seed| m.runner().seed(seed).run().output.unwrap();
    assert_eq!(run(1)["now"], "2026-01-01T00:00:00.000Z");
    assert_eq!(run(1), run(1));
    assert_ne!(run(1)["id"], run(2)["id"]);
}
