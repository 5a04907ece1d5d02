use super::fill::queue_arn;
use super::*;

fn root(src: &str) -> Node {
    crate::json::parse(src).root.unwrap()
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
fn nothing_to_grant_is_deny_all() {
    let policy = policy(&root(
        r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#,
    ));
    assert_eq!(
        serde_json::to_value(&policy).unwrap()["Statement"],
        serde_json::json!([{"Effect": "Deny", "Action": ["*"], "Resource": ["*"]}])
    );
    assert!(!policy.notes.is_empty());
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
