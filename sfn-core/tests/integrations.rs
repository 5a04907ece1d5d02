//! Task parameters against the service integrations they call.

use sfn_core::{validate_str, Code, Diagnostic, Options, Severity};

fn check(src: &str) -> Vec<Diagnostic> {
    validate_str(src, &Options::default()).diagnostics
}

fn task(resource: &str, params: &str) -> String {
    format!(
        r#"{{"StartAt": "T", "States": {{"T": {{"Type": "Task", "Resource": "{resource}", "Parameters": {params}, "End": true}}}}}}"#
    )
}

#[track_caller]
fn expect(src: &str, code: Code, location: &str) -> Diagnostic {
    let diags = check(src);
    diags
        .iter()
        .find(|d| d.code == code && d.location == location && d.severity == Severity::Error)
        .cloned()
        .unwrap_or_else(|| panic!("expected {code} at {location}, got {diags:#?}"))
}

#[track_caller]
fn expect_valid(src: &str) {
    let diags = check(src);
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:#?}");
}

const RUN_TASK: &str = "arn:aws:states:::ecs:runTask.sync";

#[test]
fn ecs_run_task_parameters() {
    expect_valid(&task(
        RUN_TASK,
        r#"{"LaunchType": "FARGATE", "Cluster": "c", "TaskDefinition": "t:1",
            "NetworkConfiguration": {"AwsvpcConfiguration": {"Subnets": ["s-1"], "AssignPublicIp": "ENABLED"}},
            "Overrides": {"ContainerOverrides": [{"Name": "app", "Command.$": "$.commands", "Environment": [{"Name": "A", "Value": "1"}]}]}}"#,
    ));
    let d = expect(
        &task(RUN_TASK, r#"{"cluster": "c", "TaskDefinition": "t"}"#),
        Code::UnknownParameter,
        "/States/T/Parameters/cluster",
    );
    assert!(d.message.contains("PascalCase"), "{}", d.message);
    assert_eq!(d.suggestion.as_deref(), Some("Cluster"));
    let d = expect(
        &task(
            RUN_TASK,
            r#"{"TaskDefinition": "t", "LaunchType": "FARGATES"}"#,
        ),
        Code::InvalidParameterValue,
        "/States/T/Parameters/LaunchType",
    );
    assert_eq!(d.suggestion.as_deref(), Some("FARGATE"));
    expect(
        &task(
            RUN_TASK,
            r#"{"TaskDefinition": "t", "Overrides": {"ContainerOverrides": [{"Name": "a", "Command": "echo hi"}]}}"#,
        ),
        Code::InvalidParameterValue,
        "/States/T/Parameters/Overrides/ContainerOverrides/0/Command",
    );
    expect(
        &task(RUN_TASK, r#"{"Cluster": "c"}"#),
        Code::MissingParameter,
        "/States/T/Parameters",
    );
    expect(
        &task(
            RUN_TASK,
            r#"{"TaskDefinition": "t", "Overrides": {"TaskRoleArn": "arn:aws:iam::123456789012:role/r"}}"#,
        ),
        Code::UnknownParameter,
        "/States/T/Parameters/Overrides/TaskRoleArn",
    );
}

#[test]
fn patterns_and_resources() {
    expect(
        &task(
            "arn:aws:states:::sns:publish.sync",
            r#"{"TopicArn": "t", "Message": "m"}"#,
        ),
        Code::UnsupportedIntegrationPattern,
        "/States/T/Resource",
    );
    expect(
        &task(
            "arn:aws:states:::aws-sdk:s3:getObject.sync",
            r#"{"Bucket": "b", "Key": "k"}"#,
        ),
        Code::UnsupportedIntegrationPattern,
        "/States/T/Resource",
    );
    let d = expect(
        &task(
            "arn:aws:states:::ecs:runTasks",
            r#"{"TaskDefinition": "t"}"#,
        ),
        Code::InvalidResource,
        "/States/T/Resource",
    );
    assert_eq!(
        d.suggestion.as_deref(),
        Some("arn:aws:states:::ecs:runTask")
    );
    expect(
        &task("arn:aws:states:::aws-sdk:s4:getObject", r#"{}"#),
        Code::InvalidResource,
        "/States/T/Resource",
    );
    let d = expect(
        &task("arn:aws:states:::aws-sdk:s3:GetObject", r#"{}"#),
        Code::InvalidResource,
        "/States/T/Resource",
    );
    assert!(d.message.contains("use `getObject`"), "{}", d.message);
    expect_valid(&task(
        "arn:aws:states:::aws-sdk:s3:getObject",
        r#"{"Bucket": "b", "Key": "k"}"#,
    ));
    expect(
        &task(
            "arn:aws:states:::aws-sdk:s3:getObject",
            r#"{"Bucket": "b", "Kye": "k"}"#,
        ),
        Code::UnknownParameter,
        "/States/T/Parameters/Kye",
    );
}

#[test]
fn task_tokens() {
    // Step Functions accepts it (the task waits until it times out): a warning.
    let diags = check(&task(
        "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        r#"{"QueueUrl": "q", "MessageBody": {"x": 1}}"#,
    ));
    assert!(
        diags.iter().any(|d| d.code == Code::MissingTaskToken
            && d.severity == Severity::Warning
            && d.location == "/States/T/Parameters"),
        "{diags:#?}"
    );
    expect_valid(&task(
        "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        r#"{"QueueUrl": "q", "MessageBody": {"Token.$": "$$.Task.Token"}}"#,
    ));
    expect_valid(&task(
        "arn:aws:states:::ecs:runTask.waitForTaskToken",
        r#"{"TaskDefinition": "t", "Overrides": {"ContainerOverrides": [{"Name": "c", "Environment": [{"Name": "TOKEN", "Value.$": "$$.Task.Token"}]}]}}"#,
    ));
}

#[test]
fn json_fields() {
    expect_valid(&task(
        "arn:aws:states:::lambda:invoke",
        r#"{"FunctionName": "f", "Payload": {"order.$": "$.order", "n": 1}}"#,
    ));
    expect_valid(&task(
        "arn:aws:states:::sns:publish",
        r#"{"TopicArn": "t", "Message": {"text": "done"}}"#,
    ));
    expect_valid(&task(
        "arn:aws:states:::states:startExecution.sync:2",
        r#"{"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:m", "Input": {"a": 1}}"#,
    ));
}

#[test]
fn jsonata_arguments() {
    let src = r#"{"QueryLanguage": "JSONata", "StartAt": "T", "States": {"T": {"Type": "Task",
        "Resource": "arn:aws:states:::ecs:runTask.sync",
        "Arguments": {"TaskDefinition": "{% $states.input.td %}", "LaunchType": "FARGAT"}, "End": true}}}"#;
    expect(
        src,
        Code::InvalidParameterValue,
        "/States/T/Arguments/LaunchType",
    );
}

#[test]
fn a_misspelled_required_parameter_is_one_error() {
    let src = task(
        "arn:aws:states:::ecs:runTask.sync",
        r#"{"TaskDefinitoin": "report:1"}"#,
    );
    let diags = check(&src);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = expect(
        &src,
        Code::UnknownParameter,
        "/States/T/Parameters/TaskDefinitoin",
    );
    assert_eq!(d.suggestion.as_deref(), Some("TaskDefinition"));
    // A required parameter that is simply absent is still missing.
    expect(
        &task("arn:aws:states:::ecs:runTask.sync", r#"{"Cluster": "c"}"#),
        Code::MissingParameter,
        "/States/T/Parameters",
    );
}
