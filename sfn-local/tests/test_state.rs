//! TestState without an AWS account: statuses, inspection data, mocks, context, variables.

use serde_json::{json, Value};
use sfn_local::{test_state, TestStateRequest, TestStatus};

fn request(definition: Value) -> TestStateRequest {
    TestStateRequest {
        definition: definition.to_string(),
        inspection_level: Some("DEBUG".into()),
        ..TestStateRequest::default()
    }
}

fn text(v: &Value) -> Value {
    serde_json::from_str(v.as_str().expect("JSON text")).unwrap()
}

fn task() -> Value {
    json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
           "Parameters": {"FunctionName": "f", "Payload.$": "$.order"},
           "ResultSelector": {"body.$": "$.Payload"}, "ResultPath": "$.answer",
           "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "IntervalSeconds": 3,
                      "BackoffRate": 2, "MaxAttempts": 2}],
           "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Recover"}],
           "Next": "Ship"})
}

#[test]
fn a_task_with_a_mocked_result_shows_each_step() {
    let mut r = request(task());
    r.input = Some(r#"{"order": {"id": 7}}"#.into());
    r.mock = Some(sfn_local::TestMock {
        result: Some(r#"{"Payload": {"ok": true}, "StatusCode": 200}"#.into()),
        ..Default::default()
    });
    let out = test_state(&r).unwrap();
    assert_eq!(out.status, TestStatus::Succeeded);
    assert_eq!(out.next_state.as_deref(), Some("Ship"));
    assert_eq!(
        serde_json::from_str::<Value>(out.output.as_deref().unwrap()).unwrap(),
        json!({"order": {"id": 7}, "answer": {"body": {"ok": true}}})
    );
    let data = out.inspection_data.unwrap();
    assert_eq!(text(&data["afterInputPath"]), json!({"order": {"id": 7}}));
    assert_eq!(
        text(&data["afterParameters"]),
        json!({"FunctionName": "f", "Payload": {"id": 7}})
    );
    assert_eq!(
        text(&data["result"]),
        json!({"Payload": {"ok": true}, "StatusCode": 200})
    );
    assert_eq!(
        text(&data["afterResultSelector"]),
        json!({"body": {"ok": true}})
    );
    // INFO leaves the inspection data out.
    r.inspection_level = None;
    assert!(test_state(&r).unwrap().inspection_data.is_none());
}

#[test]
fn a_retried_error_is_retriable_until_the_retrier_gives_up_then_caught() {
    let mut r = request(task());
    r.input = Some(r#"{"order": {"id": 7}}"#.into());
    r.mock = Some(sfn_local::TestMock {
        error_output: Some(sfn_local::MockError {
            error: Some("Lambda.TooManyRequestsException".into()),
            cause: Some("slow down".into()),
        }),
        ..Default::default()
    });
    let out = test_state(&r).unwrap();
    assert_eq!(out.status, TestStatus::Retriable);
    assert_eq!(
        out.error.as_deref(),
        Some("Lambda.TooManyRequestsException")
    );
    let details = &out.inspection_data.as_ref().unwrap()["errorDetails"];
    assert_eq!(
        details,
        &json!({"retryIndex": 0, "retryBackoffIntervalSeconds": 3})
    );
    // The second retry waits IntervalSeconds x BackoffRate.
    r.state_configuration = Some(sfn_local::StateConfiguration {
        retrier_retry_count: Some(1),
        ..Default::default()
    });
    let details = test_state(&r).unwrap().inspection_data.unwrap()["errorDetails"].clone();
    assert_eq!(details["retryBackoffIntervalSeconds"], 6);
    // Both retries spent: the catcher takes it.
    r.state_configuration.as_mut().unwrap().retrier_retry_count = Some(2);
    let out = test_state(&r).unwrap();
    assert_eq!(out.status, TestStatus::CaughtError);
    assert_eq!(out.next_state.as_deref(), Some("Recover"));
    assert_eq!(
        text(&json!(out.output.unwrap()))["error"],
        json!({"Error": "Lambda.TooManyRequestsException", "Cause": "slow down"})
    );
    assert_eq!(
        out.inspection_data.unwrap()["errorDetails"],
        json!({"catchIndex": 0})
    );
}

#[test]
fn an_unhandled_error_fails() {
    let r = request(json!({"Type": "Pass", "InputPath": "$.missing", "End": true}));
    let out = test_state(&r).unwrap();
    assert_eq!(out.status, TestStatus::Failed);
    assert_eq!(out.error.as_deref(), Some("States.Runtime"));
    // TestState answers with the cause alone, without the execution's prefix.
    let cause = out.cause.unwrap();
    assert!(
        cause.contains("$.missing") && !cause.starts_with("An error occurred"),
        "{cause}"
    );
}

#[test]
fn the_context_and_variables_given_are_the_ones_read() {
    let mut r = request(json!({"Type": "Pass",
        "Parameters": {"name.$": "$$.Execution.Name", "total.$": "$total"},
        "Assign": {"seen": true}, "End": true}));
    r.context = Some(r#"{"Execution": {"Name": "nightly"}}"#.into());
    r.variables = Some(r#"{"total": 42}"#.into());
    let out = test_state(&r).unwrap();
    assert_eq!(out.status, TestStatus::Succeeded, "{:?}", out.cause);
    assert_eq!(
        out.output.as_deref(),
        Some(r#"{"name":"nightly","total":42}"#)
    );
    assert_eq!(
        text(&out.inspection_data.unwrap()["variables"]),
        json!({"seen": true, "total": 42})
    );
}

#[test]
fn a_state_of_a_whole_machine_and_what_is_refused() {
    let machine = json!({"StartAt": "A", "States": {
        "A": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThan": 1, "Next": "Big"}],
              "Default": "Small"},
        "Big": {"Type": "Succeed"}, "Small": {"Type": "Succeed"}}});
    let mut r = request(machine.clone());
    r.state_name = Some("A".into());
    r.input = Some(r#"{"n": 5}"#.into());
    assert_eq!(test_state(&r).unwrap().next_state.as_deref(), Some("Big"));
    r.state_name = Some("Nope".into());
    assert_eq!(test_state(&r).unwrap_err().kind, "ValidationException");
    // A Task needs a mock; a broken definition is refused as AWS refuses it.
    assert_eq!(
        test_state(&request(task())).unwrap_err().kind,
        "ValidationException"
    );
    let broken = request(json!({"Type": "Pass", "Nxt": "B"}));
    assert_eq!(test_state(&broken).unwrap_err().kind, "InvalidDefinition");
}
