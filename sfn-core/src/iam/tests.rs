use super::fill::queue_arn;
use super::*;

fn root(src: &str) -> Node {
    crate::json::parse(src).root.unwrap()
}

/// A machine of one Task state.
fn one_task(resource: &str, params: &str) -> Node {
    root(&format!(
        r#"{{"StartAt": "T", "States": {{"T": {{"Type": "Task", "Resource": "{resource}", "Parameters": {params}, "End": true}}}}}}"#
    ))
}

/// The resources a policy grants `action` on.
fn granted(policy: &Policy, action: &str) -> Vec<String> {
    policy
        .statements
        .iter()
        .filter(|s| s.actions.iter().any(|a| a == action))
        .flat_map(|s| s.resources.clone())
        .collect()
}

#[test]
fn queue_urls_give_queue_arns() {
    for (url, arn) in [
        (
            "https://sqs.us-east-1.amazonaws.com/123456789012/q",
            Some("arn:aws:sqs:us-east-1:123456789012:q"),
        ),
        (
            "https://eu-west-1.queue.amazonaws.com/123456789012/jobs.fifo",
            Some("arn:aws:sqs:eu-west-1:123456789012:jobs.fifo"),
        ),
        (
            "https://sqs.cn-north-1.amazonaws.com.cn/123456789012/q/",
            Some("arn:aws-cn:sqs:cn-north-1:123456789012:q"),
        ),
        (
            "https://queue.amazonaws.com/123456789012/q",
            Some("arn:aws:sqs:us-east-1:123456789012:q"),
        ),
        (
            "https://vpce-1a2b-5e6f.sqs.eu-west-1.vpce.amazonaws.com/222233334444/q",
            Some("arn:aws:sqs:eu-west-1:222233334444:q"),
        ),
        ("http://sqs.us-east-1.amazonaws.com/123456789012/q", None),
        ("https://example.com/123456789012/q", None),
        ("https://sqs.us-east-1.amazonaws.com/123456789012", None),
        ("${QueueUrl}", None),
    ] {
        assert_eq!(queue_arn(url).as_deref(), arn, "{url}");
    }
}

#[test]
fn templates_fill_lists_filters_and_paths() {
    let params = root(
        r#"{"A": "arn:aws:states:us-east-1:1:stateMachine:M:prod", "L": [{"B": "x"}, {}],
            "D.$": "$.d", "J": "{% $x %}", "P": "${FnArn}", "F": "fam"}"#,
    );
    let deployment = Deployment::default();
    let mut filler = Filler::new(&deployment);
    let mut fill = |t: &str| filler.fill_all(t, Some(&params), "S");
    assert_eq!(fill("e:${Param:A|name}:*"), ["e:prod:*"]);
    assert_eq!(fill("e:${Param:A|sfn-name}:*"), ["e:M:*"]);
    assert_eq!(
        fill("x/${Param:A}"),
        ["arn:aws:states:us-east-1:1:stateMachine:M:prod"]
    );
    // The place of a template comes from the ARN its parameter gives.
    assert_eq!(
        fill("arn:${Partition}:states:${Region}:${Account}:execution:${Param:A|sfn-name}:*"),
        ["arn:aws:states:us-east-1:1:execution:M:*"]
    );
    assert_eq!(fill("b/${Param:L[].B|default=d}"), ["b/d", "b/x"]);
    assert_eq!(fill("b/${Param:L[].B}"), ["b/*", "b/x"]);
    assert_eq!(fill("b/${Param:Absent}"), ["b/*"]);
    assert_eq!(fill("b/${Param:D}"), ["*"]);
    assert_eq!(fill("b/${Param:J}"), ["*"]);
    // A placeholder named like an ARN is the whole resource.
    assert_eq!(fill("function:${Param:P}"), ["${FnArn}"]);
    assert_eq!(fill("td/${Param:F|revision}"), ["td/fam:*"]);
    assert_eq!(fill("${Param:Absent|queue-arn}"), ["arn:aws:sqs:*:*:*"]);
    let notes = filler.finish();
    assert!(notes.iter().any(|n| n.contains("`D`")), "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("--region")), "{notes:?}");
}

#[test]
fn lambda_names_partial_arns_and_qualifiers() {
    let deployment = Deployment::default()
        .region("eu-west-1")
        .account("111122223333");
    let cases = [
        (
            r#"{"FunctionName": "f"}"#,
            "arn:aws:lambda:eu-west-1:111122223333:function:f",
        ),
        (
            r#"{"FunctionName": "f:prod"}"#,
            "arn:aws:lambda:eu-west-1:111122223333:function:f:prod",
        ),
        (
            r#"{"FunctionName": "f", "Qualifier": "7"}"#,
            "arn:aws:lambda:eu-west-1:111122223333:function:f:7",
        ),
        (
            r#"{"FunctionName": "444455556666:function:f"}"#,
            "arn:aws:lambda:eu-west-1:444455556666:function:f",
        ),
        (
            r#"{"FunctionName": "arn:aws:lambda:us-east-2:444455556666:function:f:live"}"#,
            "arn:aws:lambda:us-east-2:444455556666:function:f:live",
        ),
        (
            r#"{"FunctionName": "f", "Qualifier.$": "$.v"}"#,
            "arn:aws:lambda:eu-west-1:111122223333:function:f:*",
        ),
        (r#"{"FunctionName": "${WorkerArn}"}"#, "${WorkerArn}"),
    ];
    for (params, expected) in cases {
        let params = root(params);
        let mut filler = Filler::new(&deployment);
        let got = filler.fill_all(
            "arn:${Partition}:lambda:${Region}:${Account}:function:${Param:FunctionName|lambda}",
            Some(&params),
            "S",
        );
        assert_eq!(got, [expected], "{params:?}");
    }
}

#[test]
fn an_arn_elsewhere_does_not_move_the_machines_own_resources() {
    // A partner's topic in another account and region, and an ARN inside a payload: the table
    // and the rule stay the deployment's.
    let policy = policy_for(
        &root(
            r#"{"StartAt": "A", "States": {
              "A": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
                    "Parameters": {"TopicArn": "arn:aws:sns:us-west-2:999999999999:partner",
                                   "Message": {"Ref": "arn:aws:s3:eu-north-1:888888888888:x"}}, "Next": "B"},
              "B": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
                    "Parameters": {"TableName": "orders", "Item": {}}, "End": true}}}"#,
        ),
        &Deployment::default()
            .region("eu-west-1")
            .account("111122223333"),
    );
    let resources: Vec<&String> = policy
        .statements
        .iter()
        .flat_map(|s| &s.resources)
        .collect();
    assert!(resources.contains(&&"arn:aws:sns:us-west-2:999999999999:partner".to_string()));
    assert!(
        resources.contains(&&"arn:aws:dynamodb:eu-west-1:111122223333:table/orders".to_string())
    );
}

#[test]
fn nothing_to_grant_is_no_policy() {
    let policy = policy(&root(
        r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#,
    ));
    assert!(policy.statements.is_empty());
    assert!(
        policy.notes.iter().any(|n| n.contains("attach none")),
        "{:?}",
        policy.notes
    );
    // CloudFormation gives the role no inline policy (IAM refuses an empty one).
    let template = crate::cfn::template(
        "m",
        &root(r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#),
        crate::asl::WorkflowType::Standard,
    );
    assert_eq!(
        template["Resources"]["MRole"]["Properties"]["Policies"],
        serde_json::json!([])
    );
}

#[test]
fn credentials_move_the_tasks_permissions_to_the_assumed_role() {
    let policy = policy(&root(
        r#"{"StartAt": "A", "States": {"A": {"Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage",
            "Credentials": {"RoleArn": "arn:aws:iam::444455556666:role/sender"},
            "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/444455556666/q", "MessageBody": "x"},
            "End": true}}}"#,
    ));
    assert_eq!(
        policy.statements,
        [Statement::allow(
            ["sts:AssumeRole"],
            ["arn:aws:iam::444455556666:role/sender"]
        )]
    );
    assert_eq!(policy.assumed_roles.len(), 1);
    assert_eq!(
        policy.assumed_roles[0].role,
        "arn:aws:iam::444455556666:role/sender"
    );
    assert_eq!(
        policy.assumed_roles[0].statements,
        [Statement::allow(
            ["sqs:SendMessage"],
            ["arn:aws:sqs:us-east-1:444455556666:q"]
        )]
    );
}

#[test]
fn literal_wildcards_are_literal() {
    // A `*` or `?` written in a name is that character, not a wildcard: the grant does not
    // widen (IAM's `${*}`, `${?}`, `${$}`).
    let deployment = Deployment::default()
        .region("us-east-1")
        .account("111122223333");
    let cases = [
        (
            "arn:aws:states:::dynamodb:getItem",
            r#"{"TableName": "orders*", "Key": {}}"#,
            "dynamodb:GetItem",
            "arn:aws:dynamodb:us-east-1:111122223333:table/orders${*}",
        ),
        (
            "arn:aws:states:::sns:publish",
            r#"{"TopicArn": "arn:aws:sns:*:*:*", "Message": "m"}"#,
            "sns:Publish",
            "arn:aws:sns:${*}:${*}:${*}",
        ),
        (
            "arn:aws:states:::aws-sdk:s3:getObject",
            r#"{"Bucket": "b", "Key": "reports/*?$x"}"#,
            "s3:GetObject",
            "arn:aws:s3:::b/reports/${*}${?}${$}x",
        ),
    ];
    for (resource, params, action, expected) in cases {
        let policy = policy_for(&one_task(resource, params), &deployment);
        assert_eq!(granted(&policy, action), [expected], "{resource} {params}");
    }
    // In CloudFormation's `Fn::Sub` they are written `${!*}`.
    let def = r#"{"StartAt": "T", "States": {"T": {"Type": "Task",
        "Resource": "arn:aws:states:::dynamodb:getItem",
        "Parameters": {"TableName": "orders*", "Key": {}}, "End": true}}}"#;
    let template = crate::cfn::template("m", &root(def), crate::asl::WorkflowType::Standard);
    let resource = &template["Resources"]["MRole"]["Properties"]["Policies"][0]["PolicyDocument"]
        ["Statement"][0]["Resource"][0];
    assert_eq!(
        resource["Fn::Sub"],
        "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/orders${!*}"
    );
}

#[test]
fn a_placeholder_state_machine_is_the_resource() {
    let def = r#"{"StartAt": "T", "States": {"T": {"Type": "Task",
        "Resource": "arn:aws:states:::states:startExecution.sync:2",
        "Parameters": {"StateMachineArn": "${ChildArn}"}, "End": true}}}"#;
    let deployment = Deployment::default()
        .region("us-east-1")
        .account("111122223333");
    let policy = policy_for(&root(def), &deployment);
    let of = |action: &str| granted(&policy, action);
    assert_eq!(of("states:StartExecution"), ["${ChildArn}"]);
    assert_eq!(
        of("states:DescribeExecution"),
        ["arn:aws:states:us-east-1:111122223333:execution:*:*"]
    );
    assert!(
        policy.notes.iter().any(|n| n.contains("${ChildArn}")),
        "{:?}",
        policy.notes
    );
    // CloudFormation takes the name apart from the ARN.
    let template = crate::cfn::template("m", &root(def), crate::asl::WorkflowType::Standard);
    let statements =
        &template["Resources"]["MRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"];
    let describe = statements
        .as_array()
        .unwrap()
        .iter()
        .find(|s| {
            s["Action"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a == "states:DescribeExecution")
        })
        .unwrap();
    let parts = serde_json::json!({"Fn::Split": [":", {"Ref": "ChildArn"}]});
    assert_eq!(
        describe["Resource"][0],
        serde_json::json!({"Fn::Join": [":", ["arn", {"Fn::Select": [1, parts.clone()]}, "states",
            {"Fn::Select": [3, parts.clone()]}, {"Fn::Select": [4, parts.clone()]}, "execution",
            {"Fn::Select": [6, parts]}, "*"]]})
    );
}

#[test]
fn arns_and_partial_arns_keep_their_form() {
    let deployment = Deployment::default()
        .region("us-east-1")
        .account("111122223333");
    for (resource, params, action, expected) in [
        (
            "arn:aws:states:::lambda:invoke",
            r#"{"FunctionName": "arn:aws:lambda:${Region}:${Account}:function:f"}"#,
            "lambda:InvokeFunction",
            "arn:aws:lambda:${Region}:${Account}:function:f",
        ),
        (
            "arn:aws:states:::ecs:runTask",
            r#"{"TaskDefinition": "arn:aws:ecs:eu-west-1:222233334444:task-definition/report"}"#,
            "ecs:RunTask",
            "arn:aws:ecs:eu-west-1:222233334444:task-definition/report:*",
        ),
        (
            "arn:aws:states:::aws-sdk:secretsmanager:getSecretValue",
            r#"{"SecretId": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db"}"#,
            "secretsmanager:GetSecretValue",
            "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-??????",
        ),
        (
            "arn:aws:states:::aws-sdk:kms:decrypt",
            r#"{"KeyId": "alias/orders", "CiphertextBlob": "eA=="}"#,
            "kms:Decrypt",
            "arn:aws:kms:us-east-1:111122223333:key/*",
        ),
        (
            "arn:aws:states:::aws-sdk:secretsmanager:getSecretValue",
            r#"{"SecretId": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf"}"#,
            "secretsmanager:GetSecretValue",
            "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf",
        ),
    ] {
        let policy = policy_for(&one_task(resource, params), &deployment);
        assert_eq!(granted(&policy, action), [expected], "{params}");
    }
}

#[test]
fn an_assumed_roles_names_are_in_its_account() {
    let def = r#"{"StartAt": "T", "States": {"T": {"Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke",
        "Credentials": {"RoleArn": "arn:aws:iam::222233334444:role/x"},
        "Parameters": {"FunctionName": "f"}, "End": true}}}"#;
    let deployment = Deployment::default()
        .region("us-east-1")
        .account("111122223333");
    let policy = policy_for(&root(def), &deployment);
    assert_eq!(
        policy.assumed_roles[0].statements[0].resources,
        ["arn:aws:lambda:us-east-1:222233334444:function:f"]
    );
}

#[test]
fn a_bedrock_inference_profile_grants_the_profile_and_its_model_everywhere() {
    let def = r#"{"StartAt": "T", "States": {"T": {"Type": "Task",
        "Resource": "arn:aws:states:::bedrock:invokeModel",
        "Parameters": {"ModelId": "us.anthropic.claude-3-haiku-20240307-v1:0", "Body": {}}, "End": true}}}"#;
    let deployment = Deployment::default()
        .region("us-east-1")
        .account("111122223333");
    let policy = policy_for(&root(def), &deployment);
    let mut invoke = granted(&policy, "bedrock:InvokeModel");
    invoke.sort();
    assert_eq!(
        invoke,
        [
            "arn:aws:bedrock:*::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
            "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0",
        ]
    );
    assert!(
        policy.notes.iter().any(|n| n.contains("inference profile")),
        "{:?}",
        policy.notes
    );
}

#[test]
fn an_s3_copy_reads_its_source_and_writes_its_destination() {
    // The S3 API reference (CopyObject, "Permissions"): `s3:GetObject` on the source,
    // `s3:PutObject` on the destination. `CopySource` is `bucket/key` (a leading `/` allowed)
    // or an access point's object ARN, URL-encoded, with an optional `?versionId=`.
    let deployment = Deployment::default()
        .region("us-east-1")
        .account("111122223333");
    let copy = |source: &str| {
        let params = format!(r#"{{"Bucket": "dest", "Key": "out/f.txt", "CopySource": {source}}}"#);
        let policy = policy_for(
            &one_task("arn:aws:states:::aws-sdk:s3:copyObject", &params),
            &deployment,
        );
        assert_eq!(
            granted(&policy, "s3:PutObject"),
            ["arn:aws:s3:::dest/out/f.txt"],
            "{source}"
        );
        (granted(&policy, "s3:GetObject"), policy.notes)
    };
    for (source, read) in [
        (r#""src/in/f.txt""#, "arn:aws:s3:::src/in/f.txt"),
        (
            r#""/src/in%20dir/f%2A.txt?versionId=3""#,
            "arn:aws:s3:::src/in dir/f${*}.txt",
        ),
        (
            r#""arn:aws:s3:us-west-2:444455556666:accesspoint/ap/object/in/f.txt""#,
            "arn:aws:s3:us-west-2:444455556666:accesspoint/ap/object/in/f.txt",
        ),
    ] {
        let (got, notes) = copy(source);
        assert_eq!(got, [read], "{source}");
        assert!(notes.is_empty(), "{source}: {notes:?}");
    }
    for bad in [r#""src""#, r#""src/""#, r#""src/%zz""#] {
        let (got, notes) = copy(bad);
        assert_eq!(got, ["*"], "{bad}");
        assert!(
            notes.iter().any(|n| n.contains("is not `bucket/key`")),
            "{bad}: {notes:?}"
        );
    }
}

#[test]
fn a_dynamodb_transaction_grants_each_kind_of_item_on_its_tables() {
    // The DynamoDB API reference (TransactWriteItems, TransactGetItems): each item is
    // authorized by the action of its kind on its table; a kind no item has is not granted.
    let deployment = Deployment::default()
        .region("us-east-1")
        .account("111122223333");
    let table = |t: &str| format!("arn:aws:dynamodb:us-east-1:111122223333:table/{t}");
    let write = policy_for(
        &one_task(
            "arn:aws:states:::aws-sdk:dynamodb:transactWriteItems",
            r#"{"TransactItems": [
                {"Put": {"TableName": "orders", "Item": {}}},
                {"Update": {"TableName": "stock", "Key": {}, "UpdateExpression": "SET n = :n"}},
                {"Put": {"TableName": "audit", "Item": {}}}]}"#,
        ),
        &deployment,
    );
    assert_eq!(
        granted(&write, "dynamodb:PutItem"),
        [table("audit"), table("orders")]
    );
    assert_eq!(granted(&write, "dynamodb:UpdateItem"), [table("stock")]);
    assert!(granted(&write, "dynamodb:DeleteItem").is_empty());
    assert!(granted(&write, "dynamodb:ConditionCheckItem").is_empty());
    assert!(write.notes.is_empty(), "{:?}", write.notes);

    let get = policy_for(
        &one_task(
            "arn:aws:states:::aws-sdk:dynamodb:transactGetItems",
            r#"{"TransactItems": [{"Get": {"TableName": "a", "Key": {}}}]}"#,
        ),
        &deployment,
    );
    assert_eq!(granted(&get, "dynamodb:GetItem"), [table("a")]);

    // Items from a path: every kind, on `*`, with a note.
    let dynamic = policy_for(
        &one_task(
            "arn:aws:states:::aws-sdk:dynamodb:transactWriteItems",
            r#"{"TransactItems.$": "$.items"}"#,
        ),
        &deployment,
    );
    assert_eq!(granted(&dynamic, "dynamodb:DeleteItem"), ["*"]);
    assert!(dynamic.notes.iter().any(|n| n.contains("from a path")));
}

#[test]
fn an_s3_access_point_in_bucket_is_granted_as_the_access_point() {
    // The S3 user guide ("Configuring IAM policies for using access points"): a request
    // through an access point is authorized on `<access point ARN>` for bucket actions and on
    // `<access point ARN>/object/<key>` for object actions; S3 calls take the access point's
    // ARN where they take a bucket name.
    let deployment = Deployment::default()
        .region("us-east-1")
        .account("111122223333");
    let ap = "arn:aws:s3:us-west-2:444455556666:accesspoint/reports";
    let get = policy_for(
        &one_task(
            "arn:aws:states:::aws-sdk:s3:getObject",
            &format!(r#"{{"Bucket": "{ap}", "Key": "2026/q4.csv"}}"#),
        ),
        &deployment,
    );
    assert_eq!(
        granted(&get, "s3:GetObject"),
        [format!("{ap}/object/2026/q4.csv")]
    );
    assert!(get.notes.is_empty(), "{:?}", get.notes);
    let list = policy_for(
        &one_task(
            "arn:aws:states:::aws-sdk:s3:listObjectsV2",
            &format!(r#"{{"Bucket": "{ap}"}}"#),
        ),
        &deployment,
    );
    assert_eq!(granted(&list, "s3:ListBucket"), [ap]);
    let copy = policy_for(
        &one_task(
            "arn:aws:states:::aws-sdk:s3:copyObject",
            &format!(r#"{{"Bucket": "{ap}", "Key": "out.csv", "CopySource": "src/in.csv"}}"#),
        ),
        &deployment,
    );
    assert_eq!(
        granted(&copy, "s3:PutObject"),
        [format!("{ap}/object/out.csv")]
    );
    // A bucket name is still a bucket.
    let plain = policy_for(
        &one_task(
            "arn:aws:states:::aws-sdk:s3:getObject",
            r#"{"Bucket": "reports", "Key": "q4.csv"}"#,
        ),
        &deployment,
    );
    assert_eq!(
        granted(&plain, "s3:GetObject"),
        ["arn:aws:s3:::reports/q4.csv"]
    );
}

#[test]
fn a_directory_bucket_is_authorized_by_s3_express() {
    // The S3 user guide ("Authenticating and authorizing requests", "IAM identity-based
    // policies for directory buckets"): calls on a directory bucket's objects, its listing and
    // HeadBucket are authorized by `s3express:CreateSession` on
    // `arn:aws:s3express:<region>:<account>:bucket/<name>`; bucket-level calls by the
    // `s3express` action of the same name. Directory buckets are named `<base>--<zone>--x-s3`.
    let deployment = Deployment::default()
        .region("us-west-2")
        .account("111122223333");
    let bucket = "orders--usw2-az1--x-s3";
    let express = format!("arn:aws:s3express:us-west-2:111122223333:bucket/{bucket}");
    for action in ["getObject", "putObject", "listObjectsV2", "headBucket"] {
        let policy = policy_for(
            &one_task(
                &format!("arn:aws:states:::aws-sdk:s3:{action}"),
                &format!(r#"{{"Bucket": "{bucket}", "Key": "k"}}"#),
            ),
            &deployment,
        );
        assert_eq!(
            granted(&policy, "s3express:CreateSession"),
            [express.as_str()],
            "{action}"
        );
        assert!(
            policy
                .statements
                .iter()
                .all(|s| s.actions.iter().all(|a| !a.starts_with("s3:"))),
            "{action}: {:?}",
            policy.statements
        );
        assert!(
            policy.notes.iter().any(|n| n.contains("directory bucket")),
            "{action}: {:?}",
            policy.notes
        );
    }
    let put_policy = policy_for(
        &one_task(
            "arn:aws:states:::aws-sdk:s3:putBucketPolicy",
            &format!(r#"{{"Bucket": "{bucket}", "Policy": "{{}}"}}"#),
        ),
        &deployment,
    );
    assert_eq!(
        granted(&put_policy, "s3express:PutBucketPolicy"),
        [express.as_str()]
    );
    // A copy from a general purpose bucket into a directory bucket: each side its own way.
    let copy = policy_for(
        &one_task(
            "arn:aws:states:::aws-sdk:s3:copyObject",
            &format!(r#"{{"Bucket": "{bucket}", "Key": "k", "CopySource": "src/in.csv"}}"#),
        ),
        &deployment,
    );
    assert_eq!(granted(&copy, "s3:GetObject"), ["arn:aws:s3:::src/in.csv"]);
    assert_eq!(
        granted(&copy, "s3express:CreateSession"),
        [express.as_str()]
    );
    assert!(granted(&copy, "s3:PutObject").is_empty());
    // A general purpose bucket whose name only looks alike is a general purpose bucket.
    let plain = policy_for(
        &one_task(
            "arn:aws:states:::aws-sdk:s3:getObject",
            r#"{"Bucket": "orders-x-s3", "Key": "k"}"#,
        ),
        &deployment,
    );
    assert_eq!(
        granted(&plain, "s3:GetObject"),
        ["arn:aws:s3:::orders-x-s3/k"]
    );
}

#[test]
fn a_bedrock_agentcore_harness_is_invoked_on_its_arn() {
    // The AgentCore developer guide (the harness's "Security and access controls"):
    // InvokeHarness needs `bedrock-agentcore:InvokeHarness` and
    // `bedrock-agentcore:InvokeAgentRuntime` on the harness's ARN.
    let harness = "arn:aws:bedrock-agentcore:us-east-1:111122223333:harness/h-1";
    let policy = policy_for(
        &one_task(
            "arn:aws:states:::bedrockagentcore:invokeHarness",
            &format!(r#"{{"HarnessArn": "{harness}", "RuntimeSessionId": "s", "Messages": []}}"#),
        ),
        &Deployment::default(),
    );
    assert_eq!(
        granted(&policy, "bedrock-agentcore:InvokeHarness"),
        [harness]
    );
    assert_eq!(
        granted(&policy, "bedrock-agentcore:InvokeAgentRuntime"),
        [harness]
    );
    assert_eq!(policy.statements.len(), 1, "{:?}", policy.statements);
}
