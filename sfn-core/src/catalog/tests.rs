use super::*;

fn structure(id: ShapeId) -> (&'static [(&'static str, ShapeId)], &'static [&'static str]) {
    match shape(id) {
        Shape::Structure {
            members, required, ..
        } => (members, required),
        other => panic!("expected a structure, got {other:?}"),
    }
}

fn member(id: ShapeId, name: &str) -> ShapeId {
    let (members, _) = structure(id);
    members
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("no member {name} in {members:?}"))
        .1
}

fn list_item(id: ShapeId) -> ShapeId {
    match shape(id) {
        Shape::List { member, .. } => *member,
        other => panic!("expected a list, got {other:?}"),
    }
}

fn enum_values(id: ShapeId) -> &'static [&'static str] {
    match shape(id) {
        Shape::String { enum_values, .. } => enum_values,
        other => panic!("expected a string, got {other:?}"),
    }
}

fn input(resource: &str) -> ShapeId {
    optimized(resource)
        .unwrap_or_else(|| panic!("no integration {resource}"))
        .input
        .expect("an input shape")
}

fn sdk_input(service: &str, action: &str) -> ShapeId {
    sdk_service(service)
        .unwrap_or_else(|| panic!("no AWS SDK service {service}"))
        .operation(action)
        .unwrap_or_else(|| panic!("no action {service}:{action}"))
}

#[test]
fn patterns() {
    let suffixes: Vec<_> = Pattern::ALL.iter().map(|p| p.suffix()).collect();
    assert_eq!(suffixes, ["", ".sync", ".sync:2", ".waitForTaskToken"]);
    let names: Vec<_> = Pattern::ALL.iter().map(|p| p.name()).collect();
    assert_eq!(
        names,
        ["request-response", "sync", "sync2", "wait-for-task-token"]
    );
}

#[test]
fn ecs_run_task() {
    let ecs = optimized("arn:aws:states:::ecs:runTask").expect("ecs:runTask");
    assert_eq!(
        ecs.patterns,
        [
            Pattern::RequestResponse,
            Pattern::Sync,
            Pattern::WaitForTaskToken
        ]
    );
    let run = input(ecs.resource);
    let (_, required) = structure(run);
    assert_eq!(required, ["TaskDefinition"]);
    let launch = enum_values(member(run, "LaunchType"));
    for v in ["EC2", "FARGATE", "EXTERNAL"] {
        assert!(launch.contains(&v), "{launch:?}");
    }
    assert!(
        launch
            .iter()
            .all(|v| ["EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES"].contains(v)),
        "{launch:?}"
    );
    let overrides = member(run, "Overrides");
    let container = list_item(member(overrides, "ContainerOverrides"));
    let command = list_item(member(container, "Command"));
    assert!(matches!(shape(command), Shape::String { .. }));
    let env = list_item(member(container, "Environment"));
    assert!(matches!(shape(member(env, "Value")), Shape::String { .. }));
    for m in [
        "Cluster",
        "NetworkConfiguration",
        "CapacityProviderStrategy",
        "Tags",
    ] {
        member(run, m);
    }
    let forbidden: Vec<_> = ecs.forbidden.iter().map(|f| f.path).collect();
    assert_eq!(
        forbidden,
        ["Overrides.ExecutionRoleArn", "Overrides.TaskRoleArn"]
    );
    let sync: Vec<_> = ecs
        .iam
        .iter()
        .filter(|t| t.patterns.contains(&Pattern::Sync))
        .flat_map(|t| t.actions.iter().copied())
        .collect();
    for a in [
        "ecs:RunTask",
        "ecs:StopTask",
        "ecs:DescribeTasks",
        "events:PutRule",
    ] {
        assert!(sync.contains(&a), "{sync:?}");
    }
    assert!(ecs
        .iam
        .iter()
        .flat_map(|t| t.resources.iter())
        .any(|r| r.ends_with(":rule/StepFunctionsGetEventsForECSTaskRule")));
    assert!(optimized("arn:aws:states:::ecs:runTask.sync").is_none());
}

#[test]
fn json_fields_and_required() {
    let sns = optimized("arn:aws:states:::sns:publish").expect("sns:publish");
    assert_eq!(structure(input(sns.resource)).1, ["Message"]);
    assert_eq!(sns.json_fields, ["Message"]);
    let sqs = optimized("arn:aws:states:::sqs:sendMessage").expect("sqs:sendMessage");
    assert_eq!(sqs.json_fields, ["MessageBody"]);
    let lambda = optimized("arn:aws:states:::lambda:invoke").expect("lambda:invoke");
    assert_eq!(lambda.json_fields, ["Payload"]);
    assert_eq!(
        lambda.patterns,
        [Pattern::RequestResponse, Pattern::WaitForTaskToken]
    );
    let start = optimized("arn:aws:states:::states:startExecution").expect("startExecution");
    assert_eq!(start.patterns, Pattern::ALL);
    assert_eq!(start.json_fields, ["Input"]);
    // The model's camelCase members, as Step Functions spells them.
    assert_eq!(structure(input(start.resource)).1, ["StateMachineArn"]);
    let events = optimized("arn:aws:states:::events:putEvents").expect("events:putEvents");
    let (members, _) = structure(input(events.resource));
    assert_eq!(members.len(), 1, "only Entries: {members:?}");
    assert_eq!(events.json_fields, ["Entries[].Detail"]);
    for action in ["getItem", "putItem", "deleteItem", "updateItem"] {
        let ddb = optimized(&format!("arn:aws:states:::dynamodb:{action}")).expect(action);
        assert_eq!(ddb.patterns, [Pattern::RequestResponse]);
        assert_eq!(structure(input(ddb.resource)).1[0], "TableName");
    }
}

#[test]
fn optimized_table() {
    let all = optimized_integrations();
    assert!(all.windows(2).all(|w| w[0].resource < w[1].resource));
    for i in all {
        assert!(!i.patterns.is_empty(), "{}", i.resource);
        assert_eq!(optimized(i.resource), Some(i));
        for t in i.iam {
            assert!(
                t.patterns.iter().all(|p| i.patterns.contains(p)),
                "{}",
                i.resource
            );
        }
        if let Some(id) = i.input {
            structure(id);
        }
    }
}

#[test]
fn sdk_services_and_actions() {
    let all = sdk_services();
    assert!(all.len() > 300, "{}", all.len());
    assert!(all.windows(2).all(|w| w[0].name < w[1].name));
    for s in all {
        assert!(
            s.operations.windows(2).all(|w| w[0].0 < w[1].0),
            "{}",
            s.name
        );
        for (action, id) in s.operations {
            assert!(
                action.starts_with(|c: char| c.is_ascii_lowercase()),
                "{action}"
            );
            structure(*id);
        }
    }
    let get = sdk_input("s3", "getObject");
    assert_eq!(structure(get).1, ["Bucket", "Key"]);
    sdk_input("s3", "listObjectsV2");
    sdk_input("ec2", "describeInstances");
    member(
        sdk_input("ec2", "describeLaunchTemplateVersions"),
        "Filters",
    );
    sdk_input("secretsmanager", "getSecretValue");
    // Step Functions' own API is camelCase in its model.
    let start = sdk_input("sfn", "startSyncExecution");
    member(start, "StateMachineArn");
    for name in [
        "dynamodb",
        "apigatewayv2",
        "mediaconvert",
        "cloudwatchlogs",
        "eventbridge",
    ] {
        assert!(sdk_service(name).is_some(), "{name}");
    }
    // The guide's unsupported actions and services.
    assert!(sdk_service("s3")
        .unwrap()
        .operation("selectObjectContent")
        .is_none());
    assert!(sdk_service("lambda")
        .unwrap()
        .operation("invokeAsync")
        .is_none());
    assert!(sdk_service("lambda").unwrap().operation("invoke").is_some());
    assert!(sdk_service("sts")
        .unwrap()
        .operation("assumeRole")
        .is_none());
    assert!(sdk_service("apigatewaymanagementapi").is_none());
    assert!(sdk_service("S3").is_none());
}

fn iam_prefix(service: &str) -> &'static str {
    sdk_service(service)
        .unwrap_or_else(|| panic!("no AWS SDK service {service}"))
        .iam_prefix
}

#[test]
fn iam_prefixes() {
    // The Service Authorization Reference's prefixes, for integration names that match them
    // and for ones that do not.
    for (service, prefix) in [
        ("sfn", "states"),
        ("s3", "s3"),
        ("s3control", "s3"),
        ("dynamodb", "dynamodb"),
        ("dynamodbstreams", "dynamodb"),
        ("cloudwatchlogs", "logs"),
        ("eventbridge", "events"),
        ("secretsmanager", "secretsmanager"),
        ("lambda", "lambda"),
        ("ec2", "ec2"),
        ("apigatewayv2", "apigateway"),
        ("costexplorer", "ce"),
        ("elasticloadbalancingv2", "elasticloadbalancing"),
        ("emr", "elasticmapreduce"),
        ("efs", "elasticfilesystem"),
        ("sesv2", "ses"),
        ("pinpoint", "mobiletargeting"),
        ("bedrockruntime", "bedrock"),
        ("sagemakerruntime", "sagemaker"),
        ("applicationdiscovery", "discovery"),
        ("databasemigration", "dms"),
        ("opensearch", "es"),
        ("keyspaces", "cassandra"),
        ("neptune", "rds"),
        ("location", "geo"),
        ("amp", "aps"),
        ("mwaa", "airflow"),
        ("ssooidc", "sso-oauth"),
        // sdk.toml's overrides of what botocore's metadata gives.
        ("cloudwatch", "cloudwatch"),
        ("cloudcontrol", "cloudformation"),
        ("mturk", "mechanicalturk"),
        ("resourcegroupstaggingapi", "tag"),
        ("iotdataplane", "iot"),
        ("iotjobsdataplane", "iotjobsdata"),
        ("iotsecuretunneling", "iot"),
    ] {
        assert_eq!(iam_prefix(service), prefix, "{service}");
    }
    for s in sdk_services() {
        let p = s.iam_prefix;
        assert!(
            !p.is_empty()
                && p.split('-').all(|part| !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())),
            "{}: {p:?}",
            s.name
        );
    }
}

#[test]
fn iam_actions() {
    let actions = |service: &str, action: &str| sdk_service(service).unwrap().iam_actions(action);
    assert_eq!(actions("sfn", "startExecution"), ["states:StartExecution"]);
    assert_eq!(
        actions("cloudwatchlogs", "putLogEvents"),
        ["logs:PutLogEvents"]
    );
    assert_eq!(actions("eventbridge", "putEvents"), ["events:PutEvents"]);
    assert_eq!(actions("s3", "getObject"), ["s3:GetObject"]);
    assert_eq!(actions("s3", "listObjectsV2"), ["s3:ListBucket"]);
    assert_eq!(
        actions("s3", "copyObject"),
        ["s3:GetObject", "s3:PutObject"]
    );
    assert_eq!(actions("lambda", "invoke"), ["lambda:InvokeFunction"]);
    assert_eq!(
        actions("dynamodb", "transactWriteItems"),
        [
            "dynamodb:ConditionCheckItem",
            "dynamodb:DeleteItem",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem"
        ]
    );
    // Every listed IAM action is `prefix:Action`, and the operations stay sorted.
    for s in sdk_services() {
        for (action, _) in s.operations {
            for a in s.iam_actions(action) {
                let (prefix, name) = a.split_once(':').unwrap();
                assert!(
                    !prefix.is_empty() && name.starts_with(|c: char| c.is_ascii_uppercase()),
                    "{a}"
                );
            }
        }
        assert!(
            s.operations.windows(2).all(|w| w[0].0 < w[1].0),
            "{}",
            s.name
        );
        assert_eq!(s.iam.len(), s.operations.len(), "{}", s.name);
    }
}

#[test]
fn equals_is_equals_value() {
    let condition = list_item(member(
        sdk_input("cloudtrail", "putEventSelectors"),
        "AdvancedEventSelectors",
    ));
    let selector = list_item(member(condition, "FieldSelectors"));
    member(selector, "EqualsValue");
}

#[test]
fn every_shape_parses() {
    for id in 0..generated::SHAPE_COUNT as ShapeId {
        let child = |c: ShapeId| assert!((c as usize) < generated::SHAPE_COUNT, "{id} -> {c}");
        match shape(id) {
            Shape::Structure {
                members, required, ..
            } => {
                members.iter().for_each(|(_, c)| child(*c));
                assert!(required.iter().all(|r| members.iter().any(|(n, _)| n == r)));
                assert!(members
                    .iter()
                    .all(|(n, _)| n.starts_with(|c: char| !c.is_ascii_lowercase())));
            }
            Shape::List { member, .. } => child(*member),
            Shape::Map { key, value } => {
                child(*key);
                child(*value);
            }
            _ => {}
        }
    }
}

#[test]
fn data_files_agree() {
    for file in [generated::SHAPES, generated::SHAPE_INDEX, generated::SDK] {
        let header = file.lines().next().unwrap_or_default();
        assert!(header.contains("@generated"), "{header}");
        assert!(
            header.contains(&format!("botocore {}", botocore_version())),
            "{header}"
        );
    }
    assert_eq!(
        body(generated::SHAPE_INDEX).trim_end().len(),
        generated::SHAPE_COUNT * 8
    );
    assert_eq!(
        body(generated::SHAPES).lines().count(),
        generated::SHAPE_COUNT
    );
}

/// The AWS SDK for Java 2.x's customizations (tools/catalog-gen/java-sdk.toml, from each
/// service's customization.config in aws-sdk-java-v2): S3's CopyObject names the destination
/// `DestinationBucket` and keeps `Bucket` as a deprecated name, and takes `SourceBucket`; EC2
/// has no `DryRun`; RDS's copy requests take `SourceRegion`.
#[test]
fn java_sdk_customizations() {
    let s3 = sdk_service("s3").unwrap();
    let copy = s3.operation("copyObject").unwrap();
    let (members, required) = structure(copy);
    for name in [
        "DestinationBucket",
        "Bucket",
        "DestinationKey",
        "Key",
        "SourceBucket",
    ] {
        assert!(members.iter().any(|(n, _)| *n == name), "{name}");
    }
    assert!(!required.contains(&"Bucket") && !required.contains(&"DestinationBucket"));
    let ec2 = sdk_service("ec2").unwrap();
    let (members, _) = structure(ec2.operation("runInstances").unwrap());
    assert!(!members.iter().any(|(n, _)| *n == "DryRun"));
    let rds = sdk_service("rds").unwrap();
    member(rds.operation("copyDBSnapshot").unwrap(), "SourceRegion");
    // The error names' service part is the SDK's client name.
    assert_eq!(sdk_service("dynamodb").unwrap().java_name, "DynamoDb");
    assert_eq!(sdk_service("sfn").unwrap().java_name, "Sfn");
    assert_eq!(s3.error_class("NoSuchKey"), Some("NoSuchKeyException"));
    assert!(s3.errors.windows(2).all(|w| w[0] < w[1]));
}

/// Optimized integrations keep the API's names (the developer guide's DynamoDB `putItem`
/// examples write `"S"`, `"BOOL"`); no structure of theirs carries model names.
#[test]
fn optimized_integrations_keep_the_apis_names() {
    let put = input("arn:aws:states:::dynamodb:putItem");
    let item = member(put, "Item");
    let Shape::Map { value, .. } = shape(item) else {
        panic!()
    };
    let (members, _) = structure(*value);
    assert!(members.iter().any(|(n, _)| *n == "BOOL"));
    let Shape::Structure { model_names, .. } = shape(*value) else {
        panic!()
    };
    assert!(model_names.is_empty());
}

fn iam_of(service: &str, action: &str) -> SdkIam {
    sdk_service(service)
        .unwrap()
        .iam(action)
        .unwrap_or_else(|| panic!("{service}:{action}"))
}

/// SQS's batch calls are authorized by the single-message actions (the Service Authorization
/// Reference has no `*Batch` action), on the queue the URL names.
#[test]
fn sqs_batches_need_the_single_message_actions() {
    let queue = "arn:${Partition}:sqs:${Region}:${Account}:${Param:QueueUrl|queue-arn}";
    for (action, iam_action) in [
        ("sendMessageBatch", "sqs:SendMessage"),
        ("deleteMessageBatch", "sqs:DeleteMessage"),
        (
            "changeMessageVisibilityBatch",
            "sqs:ChangeMessageVisibility",
        ),
    ] {
        let iam = iam_of("sqs", action);
        assert_eq!(iam.actions, [iam_action], "{action}");
        assert_eq!(iam.resources, [queue], "{action}");
        assert_eq!(iam.source, IamSource::Rule);
        assert_eq!(iam.why_star, None);
    }
    let send = iam_of("sqs", "sendMessage");
    assert_eq!(
        (send.source, send.resources),
        (IamSource::Exact, vec![queue])
    );
}

/// DynamoDB's PartiQL calls need the four PartiQL actions; the table is in the statement, not
/// in a member, so it is the account's tables.
#[test]
fn dynamodb_partiql_needs_the_partiql_actions() {
    for action in [
        "executeStatement",
        "batchExecuteStatement",
        "executeTransaction",
    ] {
        let iam = iam_of("dynamodb", action);
        assert_eq!(
            iam.actions,
            [
                "dynamodb:PartiQLDelete",
                "dynamodb:PartiQLInsert",
                "dynamodb:PartiQLSelect",
                "dynamodb:PartiQLUpdate"
            ],
            "{action}"
        );
        assert_eq!(iam.source, IamSource::Rule);
        assert_eq!(
            iam.resources,
            ["arn:${Partition}:dynamodb:${Region}:${Account}:table/*"]
        );
        assert_eq!(
            iam.why_star,
            Some(WhyStar::UnnamedVariables("`table` (`${TableName}`)"))
        );
    }
    let get = iam_of("dynamodb", "getItem");
    assert_eq!(get.actions, ["dynamodb:GetItem"]);
    assert_eq!(
        get.resources,
        ["arn:${Partition}:dynamodb:${Region}:${Account}:table/${Param:TableName}"]
    );
    assert_eq!(get.why_star, None);
    // Overrides from the API references stay authoritative.
    let transact = iam_of("dynamodb", "transactGetItems");
    assert_eq!(
        (transact.actions, transact.source),
        (vec!["dynamodb:GetItem".to_string()], IamSource::Override)
    );
}

/// API Gateway's management calls are authorized by their HTTP verb on the request's path.
#[test]
fn apigateway_management_uses_http_verbs() {
    let list = iam_of("apigateway", "getRestApis");
    assert_eq!(list.actions, ["apigateway:GET"]);
    assert_eq!(list.source, IamSource::Rule);
    assert_eq!(
        list.resources,
        ["arn:${Partition}:apigateway:${Region}::/restapis"]
    );
    let delete = iam_of("apigateway", "deleteRestApi");
    assert_eq!(delete.actions, ["apigateway:DELETE"]);
    assert_eq!(
        delete.resources,
        ["arn:${Partition}:apigateway:${Region}::/restapis/${Param:RestApiId}"]
    );
    // API Gateway V2's paths drop `/v2`.
    let api = iam_of("apigatewayv2", "getApi");
    assert_eq!(api.actions, ["apigateway:GET"]);
    assert_eq!(
        api.resources,
        ["arn:${Partition}:apigateway:${Region}::/apis/${Param:ApiId}"]
    );
}

#[test]
fn literal_members_scope_the_resources() {
    let get = iam_of("s3", "getObject");
    assert_eq!(get.actions, ["s3:GetObject"]);
    assert_eq!(
        get.resources,
        ["arn:${Partition}:s3:::${Param:Bucket|s3-bucket}/${Param:Key}"]
    );
    let list = iam_of("s3", "listObjectsV2");
    assert_eq!(list.actions, ["s3:ListBucket"]);
    assert_eq!(
        list.resources,
        ["arn:${Partition}:s3:::${Param:Bucket|s3-bucket}"]
    );
    let invoke = iam_of("lambda", "invoke");
    assert_eq!(invoke.actions, ["lambda:InvokeFunction"]);
    assert_eq!(
        invoke.resources,
        ["arn:${Partition}:lambda:${Region}:${Account}:function:${Param:FunctionName}"]
    );
    let start = iam_of("sfn", "startExecution");
    assert_eq!(start.actions, ["states:StartExecution"]);
    assert_eq!(
        start.resources,
        ["arn:${Partition}:states:${Region}:${Account}:stateMachine:${Param:StateMachineArn}"]
    );
    let publish = iam_of("sns", "publish");
    assert!(publish
        .resources
        .contains(&"arn:${Partition}:sns:${Region}:${Account}:${Param:TopicArn}"));
    let secret = iam_of("secretsmanager", "getSecretValue");
    assert_eq!(
        secret.resources,
        ["arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${Param:SecretId|secret}"]
    );
    // Tagging names its resource by ARN.
    let tag = iam_of("sfn", "tagResource");
    assert_eq!(tag.resources, ["${Param:ResourceArn}"]);
    // S3's copies read the object `CopySource` names and write `Bucket`/`Key` (the S3 API
    // reference's "Permissions"): each action on its own resource (sdk.toml's `iam_grants`).
    for action in ["copyObject", "uploadPartCopy"] {
        let copy = iam_of("s3", action);
        assert_eq!(copy.actions, ["s3:GetObject", "s3:PutObject"], "{action}");
        assert_eq!(
            copy.by_action,
            [
                vec!["${Param:CopySource|s3-copy-source}"],
                vec!["arn:${Partition}:s3:::${Param:Bucket|s3-bucket}/${Param:Key}"]
            ],
            "{action}"
        );
        assert_eq!(copy.why_star, None, "{action}");
    }
}

#[test]
fn actions_without_resource_types_are_granted_on_star() {
    let list = iam_of("sqs", "listQueues");
    assert_eq!(list.actions, ["sqs:ListQueues"]);
    assert_eq!(list.resources, ["*"]);
    assert_eq!(list.why_star, Some(WhyStar::NoResourceType));
    assert!(list
        .why_star
        .unwrap()
        .to_string()
        .contains("no resource type"));
    let buckets = iam_of("s3", "listBuckets");
    assert_eq!(
        (buckets.actions, buckets.resources),
        (vec!["s3:ListAllMyBuckets".to_string()], vec!["*"])
    );
}

/// The members a template's `${Param:Path}` names, walked through the input shape (`[]`
/// steps into list items).
fn names_a_member(input: ShapeId, path: &str) -> bool {
    let mut at = input;
    for step in path.split('.') {
        let (name, items) = match step.strip_suffix("[]") {
            Some(name) => (name, true),
            None => (step, false),
        };
        let Shape::Structure { members, .. } = shape(at) else {
            return false;
        };
        let Some((_, id)) = members.iter().find(|(n, _)| *n == name) else {
            return false;
        };
        at = *id;
        if items {
            let Shape::List { member, .. } = shape(at) else {
                return false;
            };
            at = *member;
        }
    }
    true
}

/// Every action of every service has IAM actions; every template's parameters are members of
/// its input; `*` and wildcards say why; an unresolved action keeps the name of its operation.
#[test]
fn every_sdk_action_has_iam() {
    let mut counts = std::collections::HashMap::new();
    for svc in sdk_services() {
        for (action, input) in svc.operations {
            let iam = svc.iam(action).unwrap();
            assert!(!iam.actions.is_empty(), "{}:{action}", svc.name);
            for a in &iam.actions {
                let (prefix, name) = a.split_once(':').unwrap();
                assert!(!prefix.is_empty() && !name.is_empty(), "{a}");
            }
            assert!(!iam.resources.is_empty(), "{}:{action}", svc.name);
            if iam.resources == ["*"] {
                assert!(iam.why_star.is_some(), "{}:{action}", svc.name);
            } else {
                assert!(!iam.resources.contains(&"*"), "{}:{action}", svc.name);
            }
            if iam.source == IamSource::Unresolved {
                assert_eq!(iam.actions, svc.iam_actions(action));
                assert_eq!(iam.why_star, Some(WhyStar::NotInReference));
            }
            for template in &iam.resources {
                let mut rest = *template;
                while let Some(i) = rest.find("${") {
                    let end = rest[i..].find('}').unwrap() + i;
                    let key = &rest[i + 2..end];
                    rest = &rest[end + 1..];
                    if let Some(param) = key.strip_prefix("Param:") {
                        let path = param.split('|').next().unwrap();
                        assert!(
                            names_a_member(*input, path),
                            "{}:{action}: {template} names {path}, which its input does not have",
                            svc.name
                        );
                    } else {
                        assert!(
                            ["Partition", "Region", "Account"].contains(&key),
                            "{}:{action}: {template}",
                            svc.name
                        );
                    }
                }
            }
            *counts.entry(iam.source).or_insert(0) += 1;
        }
    }
    assert!(counts[&IamSource::Exact] > counts[&IamSource::Unresolved] * 5);
    assert!(counts[&IamSource::Rule] > 100 && counts[&IamSource::Override] > 10);
    assert_eq!(sdk_service("s3").unwrap().iam("noSuchAction"), None);
}
