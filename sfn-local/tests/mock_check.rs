//! Mocks checked against their integration: results against the catalog's result shapes, as
//! strictly as TestState's `fieldValidationMode` says, and error names against what an AWS SDK
//! integration raises.

use serde_json::{json, Value};
use sfn_local::{
    from_mock_config, test_state, FieldValidation, Machine, Mock, TestMock, TestStateRequest,
    TestStatus,
};

fn one_task(resource: &str, parameters: Value) -> Machine {
    let definition = json!({"StartAt": "Work", "States": {"Work": {
        "Type": "Task", "Resource": resource, "Parameters": parameters, "End": true}}});
    Machine::from_json(&definition.to_string()).unwrap()
}

fn start_execution(suffix: &str) -> Machine {
    one_task(
        &format!("arn:aws:states:::states:startExecution{suffix}"),
        json!({"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:child"}),
    )
}

fn warnings(m: &Machine, mock: Mock, mode: FieldValidation) -> Vec<String> {
    let run = m.runner().mock("Work", mock).field_validation(mode).run();
    run.warnings().to_vec()
}

#[test]
fn strict_asks_for_the_required_members_present_does_not() {
    let m = start_execution("");
    let strict = warnings(&m, Mock::returns(json!({})), FieldValidation::Strict);
    assert_eq!(strict.len(), 2, "{strict:?}");
    assert!(strict[0].starts_with("Task state 'Work': the mocked result does not fit the result of arn:aws:states:::states:startExecution (STRICT): ExecutionArn: missing (required)"), "{strict:?}");
    assert!(strict[1].ends_with("StartDate: missing (required)"));
    // Recorded from AWS: `{}` passes under PRESENT.
    assert!(warnings(&m, Mock::returns(json!({})), FieldValidation::Present).is_empty());
    let typed = json!({"ExecutionArn": "arn", "StartDate": 1_767_225_600_000_i64});
    assert!(warnings(&m, Mock::returns(typed), FieldValidation::Strict).is_empty());
}

#[test]
fn sns_publish_has_no_required_member_but_its_types_are_checked() {
    // The API model's PublishResponse requires nothing, so a result without `MessageId` fits
    // under STRICT too; a `MessageId` that is not a string does not fit under either mode.
    let m = one_task(
        "arn:aws:states:::sns:publish",
        json!({"TopicArn": "arn:aws:sns:us-east-1:123456789012:t", "Message": "hi"}),
    );
    assert!(warnings(&m, Mock::returns(json!({})), FieldValidation::Strict).is_empty());
    let bad = || Mock::returns(json!({"MessageId": 42}));
    for mode in [FieldValidation::Strict, FieldValidation::Present] {
        let w = warnings(&m, bad(), mode);
        assert_eq!(w.len(), 1);
        assert!(
            w[0].ends_with("MessageId: expected a string, got 42"),
            "{w:?}"
        );
    }
    assert!(warnings(&m, bad(), FieldValidation::None).is_empty());
}

#[test]
fn a_wrong_type_names_the_member() {
    let m = one_task(
        "arn:aws:states:::lambda:invoke",
        json!({"FunctionName": "f", "Payload": {}}),
    );
    let w = warnings(
        &m,
        Mock::returns(json!({"StatusCode": "200", "Payload": [1, "any JSON"]})),
        FieldValidation::Strict,
    );
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("arn:aws:states:::lambda:invoke"));
    assert!(w[0].ends_with("StatusCode: expected an integer, got \"200\""));
    // The run goes on with the mock as it is, and says so in its trace.
    let run = m
        .runner()
        .mock("Work", Mock::returns(json!({"StatusCode": "200"})))
        .run();
    assert_eq!(run.output, Some(json!({"StatusCode": "200"})));
    assert!(run.to_string().contains("\nwarning: Task state 'Work'"));
}

#[test]
fn an_error_the_sdk_service_cannot_raise_gets_a_suggestion() {
    let m = one_task(
        "arn:aws:states:::aws-sdk:s3:getObject",
        json!({"Bucket": "b", "Key": "k"}),
    );
    let w = warnings(
        &m,
        Mock::throws("S3.NoSuchBucketExceptio", "typo"),
        FieldValidation::Strict,
    );
    assert_eq!(
        w,
        ["Task state 'Work': the mocked error `S3.NoSuchBucketExceptio` is not an error `aws-sdk:s3` raises; did you mean `S3.NoSuchBucketException`?"]
    );
    for fine in ["S3.NoSuchKeyException", "States.Timeout", "S3.S3Exception"] {
        assert!(warnings(&m, Mock::throws(fine, ""), FieldValidation::Strict).is_empty());
    }
    assert!(warnings(&m, Mock::throws("S3.Nope", ""), FieldValidation::None).is_empty());
    // Optimized integrations' errors are not in the catalog: not checked.
    let lambda = one_task(
        "arn:aws:states:::lambda:invoke",
        json!({"FunctionName": "f"}),
    );
    assert!(warnings(
        &lambda,
        Mock::throws("Anything", ""),
        FieldValidation::Strict
    )
    .is_empty());
}

#[test]
fn ecs_run_task_sync_returns_the_task_itself() {
    let m = one_task(
        "arn:aws:states:::ecs:runTask.sync",
        json!({"TaskDefinition": "td", "Cluster": "c"}),
    );
    let task = json!({"LastStatus": "STOPPED", "StopCode": "EssentialContainerExited",
                      "Containers": [{"Name": "app", "ExitCode": 0}]});
    assert!(warnings(&m, Mock::returns(task), FieldValidation::Strict).is_empty());
    let w = warnings(
        &m,
        Mock::returns(json!({"LastStatus": 3, "Containers": [{"ExitCode": "0"}]})),
        FieldValidation::Strict,
    );
    // In the order of the API's members.
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(w[0].ends_with("Containers[0].ExitCode: expected an integer, got \"0\""));
    assert!(w[1].ends_with("LastStatus: expected a string, got 3"));
    // The request-response result is RunTask's: `Tasks`, a list of them.
    let rr = one_task(
        "arn:aws:states:::ecs:runTask",
        json!({"TaskDefinition": "td"}),
    );
    let w = warnings(
        &rr,
        Mock::returns(json!({"Tasks": [{"LastStatus": 3}]})),
        FieldValidation::Strict,
    );
    assert!(
        w[0].ends_with("Tasks[0].LastStatus: expected a string, got 3"),
        "{w:?}"
    );
}

#[test]
fn sync_and_sync2_differ_in_the_output_type() {
    let described = json!({"ExecutionArn": "e", "StateMachineArn": "s", "Status": "SUCCEEDED",
                           "StartDate": "2026-01-01T00:00:00Z", "Output": {"done": true}});
    let sync = start_execution(".sync");
    let w = warnings(
        &sync,
        Mock::returns(described.clone()),
        FieldValidation::Strict,
    );
    assert!(
        w[0].ends_with("Output: expected a string, got {\"done\":true}"),
        "{w:?}"
    );
    let sync2 = start_execution(".sync:2");
    assert!(warnings(&sync2, Mock::returns(described), FieldValidation::Strict).is_empty());
}

#[test]
fn wait_for_task_token_results_are_never_checked() {
    let m = one_task(
        "arn:aws:states:::lambda:invoke.waitForTaskToken",
        json!({"FunctionName": "f", "Payload": {"token.$": "$$.Task.Token"}}),
    );
    let w = warnings(
        &m,
        Mock::returns(json!({"StatusCode": "not a number"})),
        FieldValidation::Strict,
    );
    assert!(w.is_empty(), "{w:?}");
    let m = one_task(
        "arn:aws:states:::states:startExecution.waitForTaskToken",
        json!({"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:child",
               "Input": {"token.$": "$$.Task.Token"}}),
    );
    assert!(warnings(&m, Mock::returns(json!({})), FieldValidation::Strict).is_empty());
}

#[test]
fn mock_files_are_checked_too_once_per_state_and_text() {
    let config = r#"{
      "StateMachines": {"Orders": {"TestCases": {"Bad": {"Work": "Wrong"}}}},
      "MockedResponses": {"Wrong": {
        "0": {"Throw": {"Error": "Lambda.ServiceException", "Cause": "down"}},
        "1-3": {"Return": {"StatusCode": "200"}}}}
    }"#;
    let mocks = from_mock_config(config, Some("Orders"), Some("Bad")).unwrap();
    let definition = json!({"StartAt": "Work", "States": {"Work": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "f"},
        "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 3}], "End": true}}});
    let m = Machine::from_json(&definition.to_string()).unwrap();
    let run = m.run(json!({}), mocks);
    assert_eq!(run.warnings().len(), 1, "{:?}", run.warnings());
    assert!(run.warnings()[0].ends_with("StatusCode: expected an integer, got \"200\""));
}

#[test]
fn resources_without_a_known_result_are_not_checked() {
    let lambda_arn = one_task(
        "arn:aws:lambda:us-east-1:123456789012:function:f",
        json!({}),
    );
    assert!(warnings(
        &lambda_arn,
        Mock::returns(json!([1, 2])),
        FieldValidation::Strict
    )
    .is_empty());
    // Athena's `.sync` result is not documented in the developer guide.
    let athena = one_task(
        "arn:aws:states:::athena:startQueryExecution.sync",
        json!({"QueryString": "SELECT 1"}),
    );
    assert!(warnings(&athena, Mock::returns(json!("x")), FieldValidation::Strict).is_empty());
}

fn test_state_request(mode: Option<&str>, result: &str) -> TestStateRequest {
    TestStateRequest {
        definition: json!({"Type": "Task", "Resource": "arn:aws:states:::states:startExecution",
                           "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:child"},
                           "End": true})
        .to_string(),
        mock: Some(TestMock {
            result: Some(result.into()),
            field_validation_mode: mode.map(str::to_string),
            ..TestMock::default()
        }),
        ..TestStateRequest::default()
    }
}

#[test]
fn test_state_honours_the_field_validation_mode() {
    // STRICT by default: the response is AWS's, the mismatches come beside it.
    let strict = test_state(&test_state_request(None, "{}")).unwrap();
    assert_eq!(strict.status, TestStatus::Succeeded);
    assert_eq!(strict.warnings.len(), 2, "{:?}", strict.warnings);
    let json = serde_json::to_value(&strict).unwrap();
    assert!(json.get("warnings").is_none());
    let present = test_state(&test_state_request(Some("PRESENT"), "{}")).unwrap();
    assert!(present.warnings.is_empty());
    let none = test_state(&test_state_request(Some("NONE"), r#"{"ExecutionArn": 1}"#)).unwrap();
    assert!(none.warnings.is_empty());
    let bad = test_state(&test_state_request(Some("LOOSE"), "{}")).unwrap_err();
    assert_eq!(bad.kind, "ValidationException");
    assert!(bad.message.contains("STRICT, PRESENT or NONE"));
}

#[test]
fn the_recorded_test_state_calls_give_no_warning() {
    // Recorded from AWS: both succeed, so neither mock is a mismatch.
    let put = TestStateRequest {
        definition: json!({"Type": "Task", "Resource": "arn:aws:states:::events:putEvents",
                           "Parameters": {"Entries.$": "$.Entries"}, "End": true})
        .to_string(),
        input: Some(r#"{"Entries": [{"Detail": "d", "DetailType": "t", "Source": "s"}]}"#.into()),
        mock: Some(TestMock {
            result: Some(r#"{"random": "json"}"#.into()),
            ..TestMock::default()
        }),
        ..TestStateRequest::default()
    };
    let out = test_state(&put).unwrap();
    assert_eq!(out.status, TestStatus::Succeeded);
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let start = test_state(&test_state_request(Some("PRESENT"), "{}")).unwrap();
    assert_eq!(start.status, TestStatus::Succeeded);
    assert!(start.warnings.is_empty());
}
