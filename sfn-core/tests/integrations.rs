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

/// AWS SDK integrations (`aws-sdk:<service>:<action>`) are made with the AWS SDK for Java 2.x,
/// whose names lower-case a leading acronym: RDS's `DBInstanceIdentifier` is
/// `DbInstanceIdentifier`. Evidence: AWS's deployed samples send `DbInstanceIdentifier` to
/// `arn:aws:states:::aws-sdk:rds:stopDBInstance` and read `$.DbInstances[0].DbInstanceClass`
/// from `describeDBInstances`; the rule is the SDK's `Utils.unCapitalize`
/// (aws-sdk-java-v2, codegen/src/main/java/software/amazon/awssdk/codegen/internal/Utils.java).
#[test]
fn aws_sdk_parameters_use_the_java_sdks_names() {
    const STOP: &str = "arn:aws:states:::aws-sdk:rds:stopDBInstance";
    expect_valid(&task(STOP, r#"{"DbInstanceIdentifier": "db-1"}"#));
    let d = expect(
        &task(STOP, r#"{"DBInstanceIdentifier": "db-1"}"#),
        Code::UnknownParameter,
        "/States/T/Parameters/DBInstanceIdentifier",
    );
    assert!(
        d.message
            .contains("AWS SDK integrations use the Java SDK's names: use `DbInstanceIdentifier`"),
        "{}",
        d.message
    );
    assert_eq!(d.suggestion.as_deref(), Some("DbInstanceIdentifier"));
    // The model's spelling of a required member is one error, not also a missing one.
    assert_eq!(
        check(&task(STOP, r#"{"DBInstanceIdentifier.$": "$.id"}"#)).len(),
        1
    );

    // An acronym inside a name stays: the SDK lower-cases only the leading one
    // (`sourceDBClusterIdentifier` in the SDK's RestoreDbClusterToPointInTimeRequest).
    const RESTORE: &str = "arn:aws:states:::aws-sdk:rds:restoreDBClusterToPointInTime";
    expect_valid(&task(
        RESTORE,
        r#"{"DbClusterIdentifier": "new", "SourceDBClusterIdentifier": "old"}"#,
    ));
    expect(
        &task(
            RESTORE,
            r#"{"DbClusterIdentifier": "new", "SourceDbClusterIdentifier": "old"}"#,
        ),
        Code::UnknownParameter,
        "/States/T/Parameters/SourceDbClusterIdentifier",
    );
}

/// DynamoDB's attribute values: the optimized integration takes the API's `BOOL` and `SS`,
/// the AWS SDK integration the Java SDK's `Bool` and `Ss`. Evidence: an AWS re:Post answer
/// ("The optimized service integrations accept BOOL ... If you switch from "BOOL" to "Bool" it
/// will work" for `aws-sdk:dynamodb`). `NULL` is `Nul` there: the SDK's customization of
/// DynamoDB renames it (services/dynamodb/src/main/resources/codegen-resources/dynamodb/
/// customization.config, `"emitPropertyName": "NUL"`).
#[test]
fn dynamodb_attribute_values_by_integration_kind() {
    const SDK: &str = "arn:aws:states:::aws-sdk:dynamodb:putItem";
    const OPTIMIZED: &str = "arn:aws:states:::dynamodb:putItem";
    let item = |v: &str| format!(r#"{{"TableName": "t", "Item": {{"a": {v}}}}}"#);
    expect_valid(&task(SDK, &item(r#"{"Bool": true}"#)));
    expect_valid(&task(SDK, &item(r#"{"Ss": ["x", "y"]}"#)));
    expect_valid(&task(SDK, &item(r#"{"Nul": true}"#)));
    expect_valid(&task(OPTIMIZED, &item(r#"{"BOOL": true}"#)));
    expect_valid(&task(OPTIMIZED, &item(r#"{"SS": ["x", "y"]}"#)));
    expect_valid(&task(OPTIMIZED, &item(r#"{"NULL": true}"#)));
    for (given, meant) in [("BOOL", "Bool"), ("SS", "Ss"), ("NULL", "Nul")] {
        let d = expect(
            &task(SDK, &item(&format!(r#"{{"{given}": true}}"#))),
            Code::UnknownParameter,
            &format!("/States/T/Parameters/Item/a/{given}"),
        );
        assert_eq!(d.suggestion.as_deref(), Some(meant), "{}", d.message);
    }
    let d = expect(
        &task(OPTIMIZED, &item(r#"{"Bool": true}"#)),
        Code::UnknownParameter,
        "/States/T/Parameters/Item/a/Bool",
    );
    assert_eq!(d.suggestion.as_deref(), Some("BOOL"));
}

/// The errors of AWS SDK integrations are `<service>.<exception class>` with the Java SDK's
/// names: a published tool's state machine catches "Rds.InvalidDbClusterStateException" from
/// `aws-sdk:rds` calls, and the SDK's `getExceptionName` turns the model's
/// `InvalidDBClusterStateFault` into that class (aws-sdk-java-v2,
/// codegen/src/main/java/software/amazon/awssdk/codegen/naming/DefaultNamingStrategy.java).
#[test]
fn aws_sdk_error_names_are_the_java_sdks() {
    let machine = |resource: &str, error: &str| {
        format!(
            r#"{{"StartAt": "T", "States": {{
                "T": {{"Type": "Task", "Resource": "{resource}", "Parameters": {{"DbClusterIdentifier": "c"}},
                       "Retry": [{{"ErrorEquals": ["{error}"]}}],
                       "Catch": [{{"ErrorEquals": ["{error}"], "Next": "F"}}], "End": true}},
                "F": {{"Type": "Fail"}}}}}}"#
        )
    };
    const STOP: &str = "arn:aws:states:::aws-sdk:rds:stopDBCluster";
    for known in [
        "Rds.InvalidDbClusterStateException",
        "Rds.DbClusterNotFoundException",
        "Rds.RdsException",
        "States.ALL",
        "MyError",
    ] {
        let diags = check(&machine(STOP, known));
        assert!(diags.is_empty(), "{known}: {diags:#?}");
    }
    for (given, meant) in [
        (
            "RDS.InvalidDBClusterStateFault",
            "Rds.InvalidDbClusterStateException",
        ),
        (
            "Rds.InvalidDBClusterStateFault",
            "Rds.InvalidDbClusterStateException",
        ),
        (
            "RDS.InvalidDbClusterStateException",
            "Rds.InvalidDbClusterStateException",
        ),
        (
            "Rds.InvalidDBClusterStateException",
            "Rds.InvalidDbClusterStateException",
        ),
        (
            "Rds.DBClusterNotFoundFault",
            "Rds.DbClusterNotFoundException",
        ),
    ] {
        let diags = check(&machine(STOP, given));
        assert_eq!(diags.len(), 2, "{given}: {diags:#?}");
        for d in &diags {
            assert_eq!(d.severity, Severity::Warning);
            assert!(d.message.contains("Java SDK's names"), "{}", d.message);
            assert_eq!(d.suggestion.as_deref(), Some(meant), "{given}");
        }
    }
    // S3's error shape `NoSuchKey` is the SDK's class `NoSuchKeyException` (`Exception` added
    // by `getExceptionName`), so the error is `S3.NoSuchKeyException`.
    let get = |error: &str| {
        format!(
            r#"{{"StartAt": "T", "States": {{
                "T": {{"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
                       "Parameters": {{"Bucket": "b", "Key": "k"}},
                       "Catch": [{{"ErrorEquals": ["{error}"], "Next": "F"}}], "End": true}},
                "F": {{"Type": "Fail"}}}}}}"#
        )
    };
    assert!(check(&get("S3.NoSuchKeyException")).is_empty());
    let diags = check(&get("S3.NoSuchKey"));
    assert_eq!(
        diags[0].suggestion.as_deref(),
        Some("S3.NoSuchKeyException")
    );
    // Other services' names and optimized integrations are left alone.
    assert!(check(&get("Lambda.ServiceException")).is_empty());
}

/// The AWS SDK for Java 2.x's per-service customizations rename members, and AWS SDK
/// integrations take the renamed ones. SNS's AddPermission takes `AwsAccountIds` and
/// `ActionNames` (services/sns/src/main/resources/codegen-resources/customization.config,
/// `"emitPropertyName": "AWSAccountIds"` and `"ActionNames"`); they stay required under their
/// new names. CloudFormation's ListStacks takes `StackStatusFilters`
/// (services/cloudformation/src/main/resources/codegen-resources/customization.config,
/// `"emitPropertyName": "stackStatusFilters"`). Elastic Load Balancing's
/// `AccessPointNotFoundException` is the class `LoadBalancerNotFoundException`
/// (services/elasticloadbalancing/src/main/resources/codegen-resources/customization.config,
/// `renameShapes`).
#[test]
fn aws_sdk_customizations_rename_members_and_errors() {
    const ADD: &str = "arn:aws:states:::aws-sdk:sns:addPermission";
    let base = r#""TopicArn": "arn:aws:sns:us-east-1:123456789012:t", "Label": "l""#;
    expect_valid(&task(
        ADD,
        &format!(r#"{{{base}, "AwsAccountIds": ["123456789012"], "ActionNames": ["Publish"]}}"#),
    ));
    for (given, meant) in [
        ("AWSAccountId", "AwsAccountIds"),
        ("ActionName", "ActionNames"),
    ] {
        let other = if given == "ActionName" {
            r#""AwsAccountIds": ["123456789012"]"#
        } else {
            r#""ActionNames": ["Publish"]"#
        };
        let d = expect(
            &task(ADD, &format!(r#"{{{base}, {other}, "{given}": ["x"]}}"#)),
            Code::UnknownParameter,
            &format!("/States/T/Parameters/{given}"),
        );
        assert_eq!(d.suggestion.as_deref(), Some(meant), "{}", d.message);
    }
    let diags = check(&task(
        ADD,
        &format!(r#"{{{base}, "ActionNames": ["Publish"]}}"#),
    ));
    assert!(
        diags
            .iter()
            .any(|d| d.is_error() && d.message.contains("AwsAccountIds")),
        "{diags:#?}"
    );

    const LIST: &str = "arn:aws:states:::aws-sdk:cloudformation:listStacks";
    expect_valid(&task(
        LIST,
        r#"{"StackStatusFilters": ["CREATE_COMPLETE"]}"#,
    ));
    let d = expect(
        &task(LIST, r#"{"StackStatusFilter": ["CREATE_COMPLETE"]}"#),
        Code::UnknownParameter,
        "/States/T/Parameters/StackStatusFilter",
    );
    assert_eq!(d.suggestion.as_deref(), Some("StackStatusFilters"));

    let catch = |error: &str| {
        format!(
            r#"{{"StartAt": "T", "States": {{
                "T": {{"Type": "Task",
                       "Resource": "arn:aws:states:::aws-sdk:elasticloadbalancing:describeLoadBalancers",
                       "Parameters": {{}},
                       "Catch": [{{"ErrorEquals": ["{error}"], "Next": "F"}}], "End": true}},
                "F": {{"Type": "Fail"}}}}}}"#
        )
    };
    assert!(check(&catch("ElasticLoadBalancing.LoadBalancerNotFoundException")).is_empty());
    let diags = check(&catch("ElasticLoadBalancing.AccessPointNotFoundException"));
    assert_eq!(
        diags[0].suggestion.as_deref(),
        Some("ElasticLoadBalancing.LoadBalancerNotFoundException"),
        "{diags:#?}"
    );
}

/// Services AWS discontinues stay AWS SDK integrations until Step Functions removes them, so a
/// call is accepted with a warning that gives the date and AWS's notice (the "End of support
/// notice" of Amazon Chime's API reference: February 20, 2026; of Amazon Pinpoint's guides:
/// October 30, 2026, its SMS, voice, push, OTP and phone number validation APIs staying), and a
/// misspelled service is never told to use one of them. Services Step Functions removed
/// (Amazon QLDB, per its "Service integrations release history" of March 12, 2026) are refused
/// with the reason and no suggestion.
#[test]
fn discontinued_services() {
    let warnings = |src: &str| -> Vec<Diagnostic> {
        let diags = check(src);
        assert!(diags.iter().all(|d| !d.is_error()), "{diags:#?}");
        diags
    };
    let chime = warnings(&task("arn:aws:states:::aws-sdk:chime:listAccounts", "{}"));
    assert_eq!(chime.len(), 1, "{chime:#?}");
    assert_eq!(chime[0].code, Code::InvalidResource);
    assert_eq!(chime[0].location, "/States/T/Resource");
    assert!(
        chime[0]
            .message
            .starts_with("AWS ends support for Amazon Chime on 2026-02-20")
            && chime[0]
                .message
                .contains("https://docs.aws.amazon.com/chime/"),
        "{}",
        chime[0].message
    );
    // The Chime SDK services are not affected.
    assert!(warnings(&task(
        "arn:aws:states:::aws-sdk:chimesdkmeetings:getMeeting",
        r#"{"MeetingId": "m"}"#
    ))
    .is_empty());

    // Discontinued without a date (the AWS SDK for Java's reference for IoT Things Graph).
    let graph = warnings(&task(
        "arn:aws:states:::aws-sdk:iotthingsgraph:searchFlowTemplates",
        "{}",
    ));
    assert!(
        graph[0]
            .message
            .starts_with("AWS has discontinued AWS IoT Things Graph: its console"),
        "{}",
        graph[0].message
    );

    // Pinpoint: campaigns end, messaging stays.
    let campaign = warnings(&task(
        "arn:aws:states:::aws-sdk:pinpoint:getCampaigns",
        r#"{"ApplicationId": "a"}"#,
    ));
    assert_eq!(campaign.len(), 1, "{campaign:#?}");
    assert!(
        campaign[0].message.contains("SMS, voice, mobile push, OTP"),
        "{}",
        campaign[0].message
    );
    assert!(warnings(&task(
        "arn:aws:states:::aws-sdk:pinpoint:phoneNumberValidate",
        r#"{"NumberValidateRequest": {"PhoneNumber": "+15555550100"}}"#
    ))
    .is_empty());

    // A misspelling is not told to use a discontinued service.
    let d = expect(
        &task("arn:aws:states:::aws-sdk:chme:listAccounts", "{}"),
        Code::InvalidResource,
        "/States/T/Resource",
    );
    assert_eq!(d.suggestion, None, "{d:#?}");
    assert!(!d.message.contains("`chime`"), "{}", d.message);

    // A service Step Functions removed: the reason, and no suggestion.
    let d = expect(
        &task("arn:aws:states:::aws-sdk:qldb:listLedgers", "{}"),
        Code::InvalidResource,
        "/States/T/Resource",
    );
    assert!(
        d.message.contains("removed March 12, 2026: Amazon QLDB"),
        "{}",
        d.message
    );
    assert_eq!(d.suggestion, None);
}

/// One root cause, one error: a resource that is not an ARN is not also an unknown
/// integration, and an AWS SDK resource without its service or action says which part is
/// missing rather than quoting an empty name.
#[test]
fn a_bad_resource_is_one_error() {
    for (resource, says) in [
        ("arn:aws:states:::", "is not a valid resource ARN"),
        ("arn:aws:states:::aws-sdk:", "names no service"),
        ("arn:aws:states:::aws-sdk::getObject", "names no service"),
        ("arn:aws:states:::aws-sdk:s3", "names no action"),
        ("arn:aws:states:::aws-sdk:s3:", "names no action"),
        // A placeholder left in an ARN: the part is named.
        (
            "arn:aws:lambda:REGION:123456789012:function:f",
            "its region `REGION` is not a region",
        ),
        (
            "arn:aws:lambda:us-east-1:ACCOUNT_ID:function:f",
            "its account `ACCOUNT_ID` is not an account ID",
        ),
    ] {
        let src = format!(
            r#"{{"StartAt": "T", "States": {{"T": {{"Type": "Task", "Resource": "{resource}", "End": true}}}}}}"#
        );
        let diags = check(&src);
        assert_eq!(diags.len(), 1, "{resource}: {diags:#?}");
        assert!(
            diags[0].message.contains(says),
            "{resource}: {}",
            diags[0].message
        );
    }
}

#[test]
fn a_misspelled_service_is_offered_one_that_has_the_action() {
    // `chim` is near several Chime SDK services; `listChannels` is Chime SDK Messaging's.
    let offered = |r: &str| {
        let src = format!(
            r#"{{"StartAt": "T", "States": {{"T": {{"Type": "Task", "Resource": "{r}", "End": true}}}}}}"#
        );
        expect(&src, Code::InvalidResource, "/States/T/Resource").suggestion
    };
    assert_eq!(
        offered("arn:aws:states:::aws-sdk:chim:listChannels").as_deref(),
        Some("arn:aws:states:::aws-sdk:chimesdkmessaging:listChannels")
    );
    // No near service has the action: the nearest service is still offered.
    assert_eq!(
        offered("arn:aws:states:::aws-sdk:dynamdb:noSuchAction").as_deref(),
        Some("arn:aws:states:::aws-sdk:dynamodb:noSuchAction")
    );
}

#[test]
fn step_functions_only_parameters_take_the_guides_values() {
    // "Invoke API Gateway with Step Functions": AuthType is NO_AUTH, IAM_ROLE or
    // RESOURCE_POLICY; Method is an HTTP method (and for the HTTP Task, "Call HTTPS APIs").
    // The guide's own .waitForTaskToken example once wrote `IAM_AUTH`.
    let gw = |extra: &str| {
        task(
            "arn:aws:states:::apigateway:invoke",
            &format!(
                r#"{{"ApiEndpoint": "abc123.execute-api.us-east-1.amazonaws.com", "Method": "GET"{extra}}}"#
            ),
        )
    };
    expect_valid(&gw(r#", "AuthType": "IAM_ROLE""#));
    let d = expect(
        &gw(r#", "AuthType": "IAM_AUTH""#),
        Code::InvalidParameterValue,
        "/States/T/Parameters/AuthType",
    );
    assert!(d.message.contains("`IAM_ROLE`"), "{}", d.message);
    expect(
        &task(
            "arn:aws:states:::http:invoke",
            r#"{"ApiEndpoint": "https://example.com", "Method": "FETCH",
                "Authentication": {"ConnectionArn": "arn:aws:events:us-east-1:123456789012:connection/c/1"}}"#,
        ),
        Code::InvalidParameterValue,
        "/States/T/Parameters/Method",
    );
}

#[test]
fn bedrock_agentcore_harness() {
    // The developer guide, "Invoke Amazon Bedrock AgentCore harness with Step Functions": an
    // optimized integration (not the AWS SDK one), request-response only, taking
    // InvokeHarness's parameters. The call is the serverless-patterns sample's
    // (sfn-bedrockagentcore-harness-cdk), which AWS deploys.
    const HARNESS: &str = "arn:aws:states:::bedrockagentcore:invokeHarness";
    let call = r#"{"HarnessArn": "arn:aws:bedrock-agentcore:us-east-1:111122223333:harness/h-1",
        "RuntimeSessionId.$": "$$.Execution.Name",
        "Messages": [{"Role": "user", "Content": [{"Text.$": "$.prompt"}]}],
        "SystemPrompt": [{"Text": "Answer concisely."}],
        "MaxIterations": 50, "TimeoutSeconds": 600}"#;
    expect_valid(&task(HARNESS, call));
    expect(
        &task(&format!("{HARNESS}.sync"), call),
        Code::UnsupportedIntegrationPattern,
        "/States/T/Resource",
    );
    expect(
        &task(&format!("{HARNESS}.waitForTaskToken"), call),
        Code::UnsupportedIntegrationPattern,
        "/States/T/Resource",
    );
    let d = expect(
        &task(
            HARNESS,
            r#"{"harnessArn": "arn:aws:bedrock-agentcore:us-east-1:111122223333:harness/h-1",
                "RuntimeSessionId": "00000000-0000-0000-0000-000000000000",
                "Messages": [{"Role": "user", "Content": [{"Text": "hi"}]}]}"#,
        ),
        Code::UnknownParameter,
        "/States/T/Parameters/harnessArn",
    );
    assert_eq!(d.suggestion.as_deref(), Some("HarnessArn"));
    expect(
        &task(
            HARNESS,
            r#"{"HarnessArn": "arn:aws:bedrock-agentcore:us-east-1:111122223333:harness/h-1",
                "RuntimeSessionId": "00000000-0000-0000-0000-000000000000",
                "Messages": [{"Role": "user", "Content": [{"Txt": "hi"}]}]}"#,
        ),
        Code::UnknownParameter,
        "/States/T/Parameters/Messages/0/Content/0/Txt",
    );
}
