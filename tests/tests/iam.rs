//! IAM policies compared with the Step Functions developer guide, statement for statement.

use sfn_runtime::{include_asl, Deployment, StateMachine};

static FARGATE: StateMachine =
    include_asl!("../examples/machines/fargate-task-notification.asl.json");

/// Statements as a set of (sorted actions, sorted resources), whatever their order or the
/// string-or-array form of `Resource`.
fn statements(policy: &serde_json::Value) -> Vec<(Vec<String>, Vec<String>)> {
    assert_eq!(policy["Version"], "2012-10-17");
    let list = |v: &serde_json::Value| -> Vec<String> {
        let mut out: Vec<String> = match v {
            serde_json::Value::String(s) => vec![s.clone()],
            serde_json::Value::Array(a) => {
                a.iter().map(|x| x.as_str().unwrap().to_string()).collect()
            }
            other => panic!("unexpected {other}"),
        };
        out.sort();
        out
    };
    let mut out: Vec<_> = policy["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            assert_eq!(s["Effect"], "Allow");
            (list(&s["Action"]), list(&s["Resource"]))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn manage_a_container_task_sample() {
    // The sample project's role, as the developer guide's IAM pages for ECS (.sync) and SNS
    // give it for these resources.
    let expected = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": ["sns:Publish"], "Resource": ["arn:aws:sns:ap-northeast-1:123456789012:FargateTaskNotification-SNSTopic-1XYW5YD5V0M7C"]},
            {"Effect": "Allow", "Action": ["ecs:RunTask"], "Resource": ["arn:aws:ecs:ap-northeast-1:123456789012:task-definition/FargateTaskNotification-ECSTaskDefinition-13YOJT8Z2LY5Q:1"]},
            {"Effect": "Allow", "Action": ["ecs:StopTask", "ecs:DescribeTasks"], "Resource": "*"},
            {"Effect": "Allow", "Action": ["events:PutTargets", "events:PutRule", "events:DescribeRule"], "Resource": ["arn:aws:events:ap-northeast-1:123456789012:rule/StepFunctionsGetEventsForECSTaskRule"]}
        ]
    });
    let deployment = Deployment::default()
        .region("ap-northeast-1")
        .account("123456789012");
    let ours = serde_json::to_value(FARGATE.iam_policy_for(&deployment)).unwrap();
    assert_eq!(statements(&ours), statements(&expected), "{ours:#}");

    // Derived at compile time, where the region and account are not known: the rule is the
    // only resource the definition does not name by ARN, and it says so.
    let compiled = serde_json::to_value(FARGATE.iam_policy()).unwrap();
    assert!(
        statements(&compiled).contains(&(
            vec![
                "events:DescribeRule".to_string(),
                "events:PutRule".to_string(),
                "events:PutTargets".to_string()
            ],
            vec!["arn:aws:events:*:*:rule/StepFunctionsGetEventsForECSTaskRule".to_string()]
        )),
        "{compiled:#}"
    );
    let notes = FARGATE.iam_policy_for(&Deployment::default()).notes;
    assert!(notes.iter().any(|n| n.contains("--region")), "{notes:?}");
    // The task definition's roles are not in the definition: the note asks for them, and a
    // named one is passed to ECS tasks only.
    assert!(notes.iter().any(|n| n.contains("--task-role")), "{notes:?}");
    let with_role = FARGATE.iam_policy_for(&deployment.clone().task_role("ecsTaskRole"));
    let pass = with_role
        .statements
        .iter()
        .find(|s| s.actions == ["iam:PassRole"])
        .expect("a PassRole statement");
    assert_eq!(
        pass.resources,
        ["arn:aws:iam::123456789012:role/ecsTaskRole"]
    );
    assert_eq!(pass.conditions[0].key, "iam:PassedToService");
    assert_eq!(pass.conditions[0].values, ["ecs-tasks.amazonaws.com"]);
}

#[test]
fn dynamic_resources_become_star_and_nested_tasks_count() {
    let src = r#"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask",
            "Parameters": {"TaskDefinition.$": "$.td"}, "End": true}}},
        {"StartAt": "Call", "States": {"Call": {"Type": "Task",
            "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true}}}
    ]}}}"#;
    let report = sfn_core::validate_str(src, &sfn_core::Options::default());
    assert!(report.is_valid(), "{:?}", report.diagnostics);
    let policy = sfn_core::iam::policy(report.root.as_ref().unwrap());
    let v = serde_json::to_value(&policy).unwrap();
    let s = statements(&v);
    assert!(
        s.contains(&(vec!["ecs:RunTask".to_string()], vec!["*".to_string()])),
        "{v:#}"
    );
    assert!(s.contains(&(
        vec!["lambda:InvokeFunction".to_string()],
        vec!["arn:aws:lambda:us-east-1:123456789012:function:f".to_string()]
    )));
    assert!(
        policy.notes.iter().any(|n| n.contains("TaskDefinition")),
        "{:?}",
        policy.notes
    );
}

#[test]
fn distributed_map_and_credentials() {
    let src = r#"{"StartAt": "Fan", "States": {
        "Fan": {"Type": "Map", "End": true,
            "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
                           "Parameters": {"Bucket": "input-bucket", "Key": "items.csv"}},
            "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "output-bucket", "Prefix": "results"}},
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "Work", "States": {
                "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                         "Credentials": {"RoleArn": "arn:aws:iam::111122223333:role/worker"},
                         "Parameters": {"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:work", "Payload.$": "$"}, "End": true}}}}}}"#;
    let report = sfn_core::validate_str(src, &sfn_core::Options::default());
    assert!(report.is_valid(), "{:?}", report.diagnostics);
    let deployment = sfn_core::iam::Deployment::default()
        .region("us-east-1")
        .account("123456789012")
        .name("fan-out");
    let policy = sfn_core::iam::policy_for(report.root.as_ref().unwrap(), &deployment);
    let v = serde_json::to_value(&policy).unwrap();
    let s = statements(&v);
    let has = |actions: &[&str], resource: &str| {
        s.iter().any(|(a, r)| {
            actions.iter().all(|x| a.contains(&x.to_string())) && r.contains(&resource.to_string())
        })
    };
    // The guide's Distributed Map policy, scoped to the machine's own name.
    for (actions, resource) in [
        (
            &["states:StartExecution"][..],
            "arn:aws:states:us-east-1:123456789012:stateMachine:fan-out",
        ),
        (
            &["states:DescribeExecution"],
            "arn:aws:states:us-east-1:123456789012:execution:fan-out:*",
        ),
        (
            &["states:RedriveExecution"],
            "arn:aws:states:us-east-1:123456789012:execution:fan-out/*:*",
        ),
        (&["s3:GetObject"], "arn:aws:s3:::input-bucket/items.csv"),
        (
            &["s3:PutObject", "s3:AbortMultipartUpload"],
            "arn:aws:s3:::output-bucket/results*",
        ),
        (&["sts:AssumeRole"], "arn:aws:iam::111122223333:role/worker"),
    ] {
        assert!(has(actions, resource), "{actions:?} on {resource}: {v:#}");
    }
    // The Lambda call runs as the assumed role: it is that role's permission.
    assert!(!has(
        &["lambda:InvokeFunction"],
        "arn:aws:lambda:us-east-1:123456789012:function:work"
    ));
    assert_eq!(policy.assumed_roles.len(), 1);
    assert_eq!(
        policy.assumed_roles[0].statements,
        [sfn_core::iam::Statement::allow(
            ["lambda:InvokeFunction"],
            ["arn:aws:lambda:us-east-1:123456789012:function:work"]
        )]
    );
}

#[test]
fn include_asl_takes_the_workflow_type() {
    use sfn_runtime::WorkflowType;

    static HELLO: StateMachine = include_asl!("../examples/machines/hello.asl.json");
    static QUICK: StateMachine = include_asl!("../examples/machines/hello.asl.json", type: Express);
    assert_eq!(HELLO.workflow_type(), WorkflowType::Standard);
    assert_eq!(QUICK.workflow_type(), WorkflowType::Express);
    assert_eq!(HELLO.definition(), QUICK.definition());
    let template = QUICK.cloudformation("hello");
    let machine = &template["Resources"]["Hello"]["Properties"];
    assert_eq!(machine["StateMachineType"], "EXPRESS");
    assert_eq!(machine["LoggingConfiguration"]["Level"], "ALL");
    assert!(
        HELLO.cloudformation("hello")["Resources"]["Hello"]["Properties"]
            .get("StateMachineType")
            .is_none()
    );
}

/// The policy of a one-Task machine deployed in us-east-1, account 123456789012, as `m`.
fn task_policy(resource: &str, params: serde_json::Value) -> sfn_core::iam::Policy {
    let src = serde_json::json!({
        "StartAt": "T",
        "States": {"T": {"Type": "Task", "Resource": resource, "Parameters": params, "End": true}}
    })
    .to_string();
    let report = sfn_core::validate_str(&src, &sfn_core::Options::default());
    assert!(report.is_valid(), "{:?}", report.diagnostics);
    let deployment = Deployment::default()
        .region("us-east-1")
        .account("123456789012")
        .name("m");
    sfn_core::iam::policy_for(report.root.as_ref().unwrap(), &deployment)
}

/// The resources granted `action`.
fn resources_of(policy: &sfn_core::iam::Policy, action: &str) -> Vec<String> {
    policy
        .statements
        .iter()
        .filter(|s| s.actions.iter().any(|a| a == action))
        .flat_map(|s| s.resources.clone())
        .collect()
}

#[test]
fn a_state_machine_alias_is_authorized_on_the_state_machine() {
    // "Authorization for versions and aliases": Step Functions authorizes a version or an
    // alias with the state machine's ARN; its executions are under the machine's name.
    let policy = task_policy(
        "arn:aws:states:::states:startExecution.sync:2",
        serde_json::json!({"StateMachineArn": "arn:aws:states:eu-west-1:444455556666:stateMachine:child:PROD"}),
    );
    assert_eq!(
        resources_of(&policy, "states:StartExecution"),
        ["arn:aws:states:eu-west-1:444455556666:stateMachine:child"]
    );
    assert_eq!(
        resources_of(&policy, "states:DescribeExecution"),
        ["arn:aws:states:eu-west-1:444455556666:execution:child:*"]
    );
    // The rule is the machine's own, whatever account the child is in.
    assert_eq!(
        resources_of(&policy, "events:PutRule"),
        ["arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule"]
    );
}

#[test]
fn a_placeholder_for_a_whole_arn_is_the_resource() {
    let policy = task_policy(
        "arn:aws:states:::lambda:invoke",
        serde_json::json!({"FunctionName": "${WorkerFunctionArn}", "Payload": {}}),
    );
    assert_eq!(
        resources_of(&policy, "lambda:InvokeFunction"),
        ["${WorkerFunctionArn}"]
    );
}

#[test]
fn lambda_qualifiers_and_names() {
    let policy = task_policy(
        "arn:aws:states:::lambda:invoke",
        serde_json::json!({"FunctionName": "resize", "Qualifier": "live"}),
    );
    assert_eq!(
        resources_of(&policy, "lambda:InvokeFunction"),
        ["arn:aws:lambda:us-east-1:123456789012:function:resize:live"]
    );
}

#[test]
fn an_ecs_family_runs_any_of_its_revisions() {
    let policy = task_policy(
        "arn:aws:states:::ecs:runTask",
        serde_json::json!({"TaskDefinition": "report"}),
    );
    assert_eq!(
        resources_of(&policy, "ecs:RunTask"),
        ["arn:aws:ecs:us-east-1:123456789012:task-definition/report:*"]
    );
    // Through the AWS SDK integration too, with the same note about the task's roles.
    let sdk = task_policy(
        "arn:aws:states:::aws-sdk:ecs:runTask",
        serde_json::json!({"TaskDefinition": "report:7"}),
    );
    assert_eq!(
        resources_of(&sdk, "ecs:RunTask"),
        ["arn:aws:ecs:us-east-1:123456789012:task-definition/report:7"]
    );
    assert!(
        sdk.notes.iter().any(|n| n.contains("--task-role")),
        "{:?}",
        sdk.notes
    );
}

#[test]
fn bedrock_reads_and_writes_s3_and_applies_its_guardrail() {
    let policy = task_policy(
        "arn:aws:states:::bedrock:invokeModel",
        serde_json::json!({
            "ModelId": "amazon.titan-text-express-v1",
            "Input": {"S3Uri": "s3://prompts/in.json"},
            "Output": {"S3Uri": "s3://answers/out.json"},
            "GuardrailIdentifier": "gr-123",
            "GuardrailVersion": "1"
        }),
    );
    assert_eq!(
        resources_of(&policy, "bedrock:InvokeModel"),
        ["arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1"]
    );
    assert_eq!(
        resources_of(&policy, "s3:GetObject"),
        ["arn:aws:s3:::prompts/in.json"]
    );
    assert_eq!(
        resources_of(&policy, "s3:PutObject"),
        ["arn:aws:s3:::answers/out.json"]
    );
    assert_eq!(
        resources_of(&policy, "bedrock:ApplyGuardrail"),
        ["arn:aws:bedrock:us-east-1:123456789012:guardrail/gr-123"]
    );
    // Without them, none of the three.
    let bare = task_policy(
        "arn:aws:states:::bedrock:invokeModel",
        serde_json::json!({"ModelId": "amazon.titan-text-express-v1", "Body": {}}),
    );
    assert_eq!(bare.statements.len(), 1, "{:?}", bare.statements);
}

#[test]
fn passed_roles_go_to_their_service_only() {
    for (resource, params, service) in [
        (
            "arn:aws:states:::eks:createCluster",
            serde_json::json!({"Name": "c", "RoleArn": "arn:aws:iam::123456789012:role/eks",
                               "ResourcesVpcConfig": {"SubnetIds": ["s"]}}),
            "eks.amazonaws.com",
        ),
        (
            "arn:aws:states:::emr-serverless:startJobRun",
            serde_json::json!({"ApplicationId": "app", "ExecutionRoleArn": "arn:aws:iam::123456789012:role/job",
                               "ClientToken": "t"}),
            "emr-serverless.amazonaws.com",
        ),
    ] {
        let policy = task_policy(resource, params);
        let pass = policy
            .statements
            .iter()
            .find(|s| s.actions == ["iam:PassRole"])
            .unwrap_or_else(|| panic!("{resource}: {:?}", policy.statements));
        assert_eq!(pass.conditions.len(), 1, "{resource}");
        assert_eq!(pass.conditions[0].key, "iam:PassedToService");
        assert_eq!(pass.conditions[0].values, [service]);
    }
}

#[test]
fn an_s3_inventory_manifest_grants_its_data_files() {
    let src = r#"{"StartAt": "Map", "States": {"Map": {"Type": "Map", "End": true,
        "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
            "ReaderConfig": {"InputType": "MANIFEST"},
            "Parameters": {"Bucket": "inventory", "Key": "myPrefix/source/myConfig-id/2024-01-01T00-00Z/manifest.json"}},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
            "StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}}}}"#;
    let report = sfn_core::validate_str(src, &sfn_core::Options::default());
    assert!(report.is_valid(), "{:?}", report.diagnostics);
    let policy = sfn_core::iam::policy_for(
        report.root.as_ref().unwrap(),
        &Deployment::default().name("m"),
    );
    let mut objects = resources_of(&policy, "s3:GetObject");
    objects.sort();
    assert_eq!(
        objects,
        [
            "arn:aws:s3:::inventory/myPrefix/source/myConfig-id/2024-01-01T00-00Z/manifest.json",
            "arn:aws:s3:::inventory/myPrefix/source/myConfig-id/data/*",
        ]
    );
}

#[test]
fn a_queue_url_placeholder_is_its_queue_in_cloudformation() {
    let src = r#"{"StartAt": "Send", "States": {"Send": {"Type": "Task",
        "Resource": "arn:aws:states:::sqs:sendMessage",
        "Parameters": {"QueueUrl": "${OrdersQueueUrl}", "MessageBody.$": "$"}, "End": true}}}"#;
    let report = sfn_core::validate_str(src, &sfn_core::Options::default());
    assert!(report.is_valid(), "{:?}", report.diagnostics);
    let root = report.root.as_ref().unwrap();
    // `sfn iam` cannot take a URL it does not know apart: the account's queues, with a note.
    let plain = sfn_core::iam::policy(root);
    assert_eq!(
        resources_of(&plain, "sqs:SendMessage"),
        ["arn:aws:sqs:*:*:*"]
    );
    assert!(
        plain.notes.iter().any(|n| n.contains("every queue")),
        "{:?}",
        plain.notes
    );
    // CloudFormation can: the queue's own ARN from the URL the stack passes in.
    let template = sfn_core::cfn::template("orders", root, sfn_runtime::WorkflowType::Standard);
    let statement = &template["Resources"]["OrdersRole"]["Properties"]["Policies"][0]
        ["PolicyDocument"]["Statement"][0];
    assert_eq!(statement["Action"][0], "sqs:SendMessage");
    let parts = serde_json::json!({"Fn::Split": ["/", {"Ref": "OrdersQueueUrl"}]});
    assert_eq!(
        statement["Resource"][0],
        serde_json::json!({"Fn::Join": [":", [
            "arn",
            {"Ref": "AWS::Partition"},
            "sqs",
            {"Fn::Select": [1, {"Fn::Split": [".", {"Fn::Select": [2, parts.clone()]}]}]},
            {"Fn::Select": [3, parts.clone()]},
            {"Fn::Select": [4, parts]}
        ]]})
    );
}
