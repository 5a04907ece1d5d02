//! The policies `sfn_core::iam::policy` derives, compared with the example policies of the Step
//! Functions developer guide's "IAM policies for ..." pages
//! (https://docs.aws.amazon.com/step-functions/latest/dg/service-integration-iam-templates.html
//! and the page of each integration), statement for statement.
//!
//! Each definition is deployed as `myStateMachine` in us-east-1 and account 123456789012
//! (`Deployment`), and each expected policy is the guide's "static resources" (or per-pattern)
//! example with its placeholders (`[[region]]`, `[[accountId]]`, `[[topicName]]`, ...) filled
//! in with those values.

use serde_json::{json, Value};

/// The policy derived from a definition, which must be valid.
fn policy_of(src: &str) -> Value {
    let report = sfn_core::validate_str(src, &sfn_core::Options::default());
    assert!(report.is_valid(), "{:?}", report.diagnostics);
    let root = report.root.as_ref().expect("a valid definition has a root");
    let deployment = sfn_core::iam::Deployment::default()
        .region("us-east-1")
        .account("123456789012")
        .name("myStateMachine");
    serde_json::to_value(sfn_core::iam::policy_for(root, &deployment)).unwrap()
}

/// A statement as compared: (sorted actions, sorted resources, conditions as (test, key,
/// sorted values)).
type Compared = (Vec<String>, Vec<String>, Vec<(String, String, Vec<String>)>);

/// A policy's statements as a sorted list of (sorted actions, sorted resources, conditions),
/// whatever the order of the statements and whether `Action`, `Resource` and a condition's
/// value are a string or an array.
fn statements(policy: &Value) -> Vec<Compared> {
    assert_eq!(policy["Version"], "2012-10-17", "{policy:#}");
    let strings = |v: &Value| -> Vec<String> {
        let mut out: Vec<String> = match v {
            Value::String(s) => vec![s.clone()],
            Value::Array(items) => items
                .iter()
                .map(|x| x.as_str().expect("a string").to_string())
                .collect(),
            other => panic!("expected a string or an array of strings, got {other}"),
        };
        out.sort();
        out
    };
    let mut out: Vec<_> = policy["Statement"]
        .as_array()
        .expect("a Statement array")
        .iter()
        .map(|s| {
            assert_eq!(s["Effect"], "Allow", "{s}");
            let mut conditions = Vec::new();
            for (test, keys) in s["Condition"].as_object().into_iter().flatten() {
                for (key, values) in keys.as_object().expect("a condition block") {
                    conditions.push((test.clone(), key.clone(), strings(values)));
                }
            }
            conditions.sort();
            (strings(&s["Action"]), strings(&s["Resource"]), conditions)
        })
        .collect();
    out.sort();
    out
}

/// Asserts that the definition's policy has the same statements as the guide's.
fn assert_policy(src: &str, guide: Value) {
    let ours = policy_of(src);
    assert_eq!(
        statements(&ours),
        statements(&guide),
        "ours: {ours:#}\nguide: {guide:#}"
    );
}

/// "IAM policies for AWS Lambda": two Lambda tasks calling `function1` and `function2` need
/// `lambda:InvokeFunction` on both functions.
#[test]
fn lambda_invoke() {
    let src = r#"{
      "StartAt": "First",
      "States": {
        "First": {
          "Type": "Task",
          "Resource": "arn:aws:states:::lambda:invoke",
          "Parameters": {
            "FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:function1",
            "Payload": {"input.$": "$"}
          },
          "Next": "Second"
        },
        "Second": {
          "Type": "Task",
          "Resource": "arn:aws:states:::lambda:invoke",
          "Parameters": {
            "FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:function2"
          },
          "End": true
        }
      }
    }"#;
    assert_policy(
        src,
        json!({
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": ["lambda:InvokeFunction"],
                    "Resource": [
                        "arn:aws:lambda:us-east-1:123456789012:function:function1",
                        "arn:aws:lambda:us-east-1:123456789012:function:function2"
                    ]
                }
            ]
        }),
    );
}

/// "IAM policies for Amazon SNS", static resources.
#[test]
fn sns_publish() {
    let src = r#"{
      "StartAt": "Notify",
      "States": {
        "Notify": {
          "Type": "Task",
          "Resource": "arn:aws:states:::sns:publish",
          "Parameters": {
            "TopicArn": "arn:aws:sns:us-east-1:123456789012:myTopic",
            "Message": {"Input": "Hello from Step Functions!"}
          },
          "End": true
        }
      }
    }"#;
    assert_policy(
        src,
        json!({
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": ["sns:Publish"],
                    "Resource": ["arn:aws:sns:us-east-1:123456789012:myTopic"]
                }
            ]
        }),
    );
}

/// "IAM policies for Amazon SNS", resources based on a path: `*`.
#[test]
fn sns_publish_topic_from_a_path() {
    let src = r#"{
      "StartAt": "Notify",
      "States": {
        "Notify": {
          "Type": "Task",
          "Resource": "arn:aws:states:::sns:publish.waitForTaskToken",
          "Parameters": {
            "TopicArn.$": "$.topic",
            "Message": {"Token.$": "$$.Task.Token"}
          },
          "End": true
        }
      }
    }"#;
    assert_policy(
        src,
        json!({
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": ["sns:Publish"], "Resource": "*"}
            ]
        }),
    );
}

/// "IAM policies for Amazon DynamoDB", static resources, for a state machine that reads and
/// writes a table (named once by ARN, once by name). The guide grants the four item actions
/// to every DynamoDB task; each call needs only its own action, so that is what is granted
/// (the README says so), on the guide's resource.
#[test]
fn dynamodb_get_item_and_put_item() {
    let src = r#"{
      "StartAt": "Read",
      "States": {
        "Read": {
          "Type": "Task",
          "Resource": "arn:aws:states:::dynamodb:getItem",
          "Parameters": {
            "TableName": "arn:aws:dynamodb:us-east-1:123456789012:table/myTable",
            "Key": {"MessageId": {"S": "1"}}
          },
          "Next": "Write"
        },
        "Write": {
          "Type": "Task",
          "Resource": "arn:aws:states:::dynamodb:putItem",
          "Parameters": {
            "TableName": "myTable",
            "Item": {"MessageId": {"S": "2"}}
          },
          "End": true
        }
      }
    }"#;
    assert_policy(
        src,
        json!({
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": ["dynamodb:GetItem", "dynamodb:PutItem"],
                    "Resource": ["arn:aws:dynamodb:us-east-1:123456789012:table/myTable"]
                }
            ]
        }),
    );
}

/// "IAM policies for Amazon DynamoDB", dynamic resources: `*`.
#[test]
fn dynamodb_table_from_a_path() {
    let src = r#"{
      "StartAt": "Read",
      "States": {
        "Read": {
          "Type": "Task",
          "Resource": "arn:aws:states:::dynamodb:getItem",
          "Parameters": {
            "TableName.$": "$.table",
            "Key": {"MessageId": {"S": "1"}}
          },
          "End": true
        }
      }
    }"#;
    assert_policy(
        src,
        json!({
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": ["dynamodb:GetItem"],
                    "Resource": "*"
                }
            ]
        }),
    );
}

/// "IAM policies for AWS Step Functions", Asynchronous: `states:StartExecution` on the started
/// state machine.
#[test]
fn states_start_execution() {
    let src = r#"{
      "StartAt": "Start",
      "States": {
        "Start": {
          "Type": "Task",
          "Resource": "arn:aws:states:::states:startExecution",
          "Parameters": {
            "StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:HelloWorld",
            "Input": {"Comment": "Hello world!"}
          },
          "End": true
        }
      }
    }"#;
    assert_policy(
        src,
        json!({
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": ["states:StartExecution"],
                    "Resource": ["arn:aws:states:us-east-1:123456789012:stateMachine:HelloWorld"]
                }
            ]
        }),
    );
}

const BATCH_SUBMIT_JOB: &str = r#"{
  "StartAt": "Submit",
  "States": {
    "Submit": {
      "Type": "Task",
      "Resource": "arn:aws:states:::batch:submitJob%SUFFIX%",
      "Parameters": {
        "JobName": "BatchJobNotification",
        "JobQueue": "arn:aws:batch:us-east-1:123456789012:job-queue/BatchJobQueue",
        "JobDefinition": "arn:aws:batch:us-east-1:123456789012:job-definition/BatchJobDefinition:1"
      },
      "End": true
    }
  }
}"#;

/// "IAM policies for AWS Batch", Run a Job (.sync): the Batch actions on `*` (Batch does not
/// support resource-level access control here) and the events rule Step Functions manages.
#[test]
fn batch_submit_job_sync() {
    assert_policy(
        &BATCH_SUBMIT_JOB.replace("%SUFFIX%", ".sync"),
        json!({
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": ["batch:SubmitJob", "batch:DescribeJobs", "batch:TerminateJob"],
                    "Resource": "*"
                },
                {
                    "Effect": "Allow",
                    "Action": ["events:PutTargets", "events:PutRule", "events:DescribeRule"],
                    "Resource": [
                        "arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForBatchJobsRule"
                    ]
                }
            ]
        }),
    );
}

/// "IAM policies for AWS Batch", Request Response.
#[test]
fn batch_submit_job() {
    assert_policy(
        &BATCH_SUBMIT_JOB.replace("%SUFFIX%", ""),
        json!({
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": ["batch:SubmitJob"], "Resource": "*"}
            ]
        }),
    );
}

const GLUE_START_JOB_RUN: &str = r#"{
  "StartAt": "Glue",
  "States": {
    "Glue": {
      "Type": "Task",
      "Resource": "arn:aws:states:::glue:startJobRun%SUFFIX%",
      "Parameters": {"JobName": "GlueJob-JTrRO5l98qMG"},
      "End": true
    }
  }
}"#;

/// "IAM policies for AWS Glue", Run a Job (.sync): the Glue actions on `*` (Glue has no
/// resource-based control).
#[test]
fn glue_start_job_run_sync() {
    assert_policy(
        &GLUE_START_JOB_RUN.replace("%SUFFIX%", ".sync"),
        json!({
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": [
                        "glue:StartJobRun",
                        "glue:GetJobRun",
                        "glue:GetJobRuns",
                        "glue:BatchStopJobRun"
                    ],
                    "Resource": "*"
                }
            ]
        }),
    );
}

/// "IAM policies for AWS Glue", Request Response.
#[test]
fn glue_start_job_run() {
    assert_policy(
        &GLUE_START_JOB_RUN.replace("%SUFFIX%", ""),
        json!({
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": ["glue:StartJobRun"], "Resource": "*"}
            ]
        }),
    );
}

/// "IAM policies for AWS Step Functions", Synchronous: StartExecution on the state machine,
/// DescribeExecution and StopExecution on its executions, and the events rule Step Functions
/// manages. The same for `.sync:2`.
#[test]
fn states_start_execution_sync() {
    for suffix in [".sync", ".sync:2"] {
        let src = format!(
            r#"{{
          "StartAt": "Start",
          "States": {{
            "Start": {{
              "Type": "Task",
              "Resource": "arn:aws:states:::states:startExecution{suffix}",
              "Parameters": {{
                "StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:HelloWorld",
                "Input": {{"Comment": "Hello world!"}}
              }},
              "End": true
            }}
          }}
        }}"#
        );
        assert_policy(
            &src,
            json!({
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": ["states:StartExecution"],
                        "Resource": ["arn:aws:states:us-east-1:123456789012:stateMachine:HelloWorld"]
                    },
                    {
                        "Effect": "Allow",
                        "Action": ["states:DescribeExecution", "states:StopExecution"],
                        "Resource": ["arn:aws:states:us-east-1:123456789012:execution:HelloWorld:*"]
                    },
                    {
                        "Effect": "Allow",
                        "Action": ["events:PutTargets", "events:PutRule", "events:DescribeRule"],
                        "Resource": [
                            "arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule"
                        ]
                    }
                ]
            }),
        );
    }
}

/// "IAM policies for Amazon SQS", static resources: sqs:SendMessage on the queue, whose ARN
/// comes from the queue URL in the definition.
#[test]
fn sqs_send_message() {
    let src = r#"{
      "StartAt": "Send",
      "States": {
        "Send": {
          "Type": "Task",
          "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
          "Parameters": {
            "QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/myQueueName",
            "MessageBody": {"Input.$": "$", "TaskToken.$": "$$.Task.Token"}
          },
          "End": true
        }
      }
    }"#;
    assert_policy(
        src,
        json!({
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": ["sqs:SendMessage"],
                    "Resource": ["arn:aws:sqs:us-east-1:123456789012:myQueueName"]
                }
            ]
        }),
    );
}

/// "IAM policies for Amazon SQS", dynamic resources: `*`.
#[test]
fn sqs_queue_from_a_path() {
    let src = r#"{
      "StartAt": "Send",
      "States": {
        "Send": {
          "Type": "Task",
          "Resource": "arn:aws:states:::sqs:sendMessage",
          "Parameters": {"QueueUrl.$": "$.queue", "MessageBody.$": "$"},
          "End": true
        }
      }
    }"#;
    assert_policy(
        src,
        json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": ["sqs:SendMessage"], "Resource": "*"}]
        }),
    );
}

/// "IAM policies for Amazon EventBridge", static resources: events:PutEvents on each bus the
/// entries name (by name or ARN), the `default` bus for an entry that names none.
#[test]
fn eventbridge_put_events() {
    let src = r#"{
      "StartAt": "Send",
      "States": {
        "Send": {
          "Type": "Task",
          "Resource": "arn:aws:states:::events:putEvents",
          "Parameters": {
            "Entries": [
              {
                "Detail": {"Message": "MyMessage"},
                "DetailType": "MyDetailType",
                "EventBusName": "my-project-eventbus",
                "Source": "my.source"
              },
              {
                "Detail": {"Message": "Other"},
                "DetailType": "MyDetailType",
                "EventBusName": "arn:aws:events:us-east-1:123456789012:event-bus/audit",
                "Source": "my.source"
              },
              {"Detail": {"Message": "Third"}, "DetailType": "MyDetailType", "Source": "my.source"}
            ]
          },
          "End": true
        }
      }
    }"#;
    assert_policy(
        src,
        json!({
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": ["events:PutEvents"],
                    "Resource": [
                        "arn:aws:events:us-east-1:123456789012:event-bus/my-project-eventbus",
                        "arn:aws:events:us-east-1:123456789012:event-bus/audit",
                        "arn:aws:events:us-east-1:123456789012:event-bus/default"
                    ]
                }
            ]
        }),
    );
}

/// "IAM policies for Amazon EventBridge", dynamic resources: `*`.
#[test]
fn eventbridge_bus_from_a_path() {
    let src = r#"{
      "StartAt": "Send",
      "States": {
        "Send": {
          "Type": "Task",
          "Resource": "arn:aws:states:::events:putEvents",
          "Parameters": {
            "Entries": [
              {"Detail": {}, "DetailType": "t", "EventBusName.$": "$.bus", "Source": "s"}
            ]
          },
          "End": true
        }
      }
    }"#;
    assert_policy(
        src,
        json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": ["events:PutEvents"], "Resource": "*"}]
        }),
    );
}

/// AWS SDK integrations: the IAM action of each call from the Service Authorization Reference
/// (`sfn` is authorized by `states:`, `cloudwatchlogs` by `logs:`, `s3:listObjectsV2` by
/// `s3:ListBucket`), on the resource types it takes, scoped by the request's literal members
/// (the bucket, the log group); `*` for the actions that take none.
#[test]
fn aws_sdk_integrations() {
    let src = r#"{
      "StartAt": "List",
      "States": {
        "List": {
          "Type": "Task",
          "Resource": "arn:aws:states:::aws-sdk:sfn:listStateMachines",
          "Parameters": {},
          "Next": "Logs"
        },
        "Logs": {
          "Type": "Task",
          "Resource": "arn:aws:states:::aws-sdk:cloudwatchlogs:createLogGroup",
          "Parameters": {"LogGroupName": "my-group"},
          "Next": "Objects"
        },
        "Objects": {
          "Type": "Task",
          "Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2",
          "Parameters": {"Bucket": "my-bucket"},
          "Next": "Bus"
        },
        "Bus": {
          "Type": "Task",
          "Resource": "arn:aws:states:::aws-sdk:eventbridge:listEventBuses",
          "Parameters": {},
          "End": true
        }
      }
    }"#;
    assert_policy(
        src,
        json!({
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": ["events:ListEventBuses", "states:ListStateMachines"], "Resource": "*"},
                {"Effect": "Allow", "Action": ["logs:CreateLogGroup"], "Resource": "arn:aws:logs:us-east-1:123456789012:log-group:my-group"},
                {"Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": "arn:aws:s3:::my-bucket"}
            ]
        }),
    );
}

/// A Task state of `resource` with `params`, alone in a machine.
fn task(resource: &str, params: Value) -> String {
    json!({
        "StartAt": "Task",
        "States": {"Task": {"Type": "Task", "Resource": resource, "Parameters": params, "End": true}}
    })
    .to_string()
}

/// "IAM policies for calling Amazon SageMaker AI", CreateTrainingJob `.sync`, static resources:
/// the role is passed to SageMaker only (`iam:PassedToService`). The guide's one statement of
/// three job actions is two here (the same resources, merged), and its `sagemaker:ListTags` on
/// `*` is kept.
#[test]
fn sagemaker_create_training_job_sync() {
    let src = task(
        "arn:aws:states:::sagemaker:createTrainingJob.sync",
        json!({
            "TrainingJobName": "myTrainingJob",
            "RoleArn": "arn:aws:iam::123456789012:role/SageMakerRole",
            "AlgorithmSpecification": {"TrainingImage": "img", "TrainingInputMode": "File"},
            "OutputDataConfig": {"S3OutputPath": "s3://bucket/out"},
            "ResourceConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.large", "VolumeSizeInGB": 10},
            "StoppingCondition": {"MaxRuntimeInSeconds": 3600}
        }),
    );
    assert_policy(
        &src,
        json!({
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow",
                 "Action": ["sagemaker:CreateTrainingJob", "sagemaker:DescribeTrainingJob", "sagemaker:StopTrainingJob"],
                 "Resource": ["arn:aws:sagemaker:us-east-1:123456789012:training-job/myTrainingJob*"]},
                {"Effect": "Allow", "Action": ["sagemaker:ListTags"], "Resource": ["*"]},
                {"Effect": "Allow", "Action": ["iam:PassRole"],
                 "Resource": ["arn:aws:iam::123456789012:role/SageMakerRole"],
                 "Condition": {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}}},
                {"Effect": "Allow", "Action": ["events:PutTargets", "events:PutRule", "events:DescribeRule"],
                 "Resource": ["arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForSageMakerTrainingJobsRule"]}
            ]
        }),
    );
}

/// "Create and manage AWS Elemental MediaConvert jobs": `.sync`, with the tag condition on the
/// jobs and the role passed to MediaConvert only.
#[test]
fn mediaconvert_create_job_sync() {
    let src = task(
        "arn:aws:states:::mediaconvert:createJob.sync",
        json!({"Role": "arn:aws:iam::123456789012:role/myRoleName", "Settings": {}}),
    );
    assert_policy(
        &src,
        json!({
            "Version": "2012-10-17",
            "Statement": [
                {"Sid": "MediaConvertCreateJob", "Effect": "Allow", "Action": ["mediaconvert:CreateJob"],
                 "Resource": ["arn:aws:mediaconvert:us-east-1:123456789012:queues/*",
                              "arn:aws:mediaconvert:us-east-1:123456789012:jobTemplates/*",
                              "arn:aws:mediaconvert:us-east-1:123456789012:presets/*"]},
                {"Sid": "MediaConvertManageJob", "Effect": "Allow", "Action": ["mediaconvert:GetJob", "mediaconvert:CancelJob"],
                 "Resource": "arn:aws:mediaconvert:us-east-1:123456789012:jobs/*",
                 "Condition": {"StringEquals": {"aws:ResourceTag/ManagedByService": "AWSStepFunctions"}}},
                {"Sid": "IamPassRole", "Effect": "Allow", "Action": ["iam:PassRole"],
                 "Resource": ["arn:aws:iam::123456789012:role/myRoleName"],
                 "Condition": {"StringEquals": {"iam:PassedToService": ["mediaconvert.amazonaws.com"]}}},
                {"Sid": "EventBridgeManageRule", "Effect": "Allow", "Action": ["events:PutTargets", "events:PutRule", "events:DescribeRule"],
                 "Resource": ["arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForMediaConvertJobRule"]}
            ]
        }),
    );
}

/// "IAM policies for calling Amazon EMR on EKS", StartJobRun `.sync`, static resources: the
/// job run's execution role is a condition of the call.
#[test]
fn emr_containers_start_job_run_sync() {
    let src = task(
        "arn:aws:states:::emr-containers:startJobRun.sync",
        json!({
            "VirtualClusterId": "abc123",
            "ExecutionRoleArn": "arn:aws:iam::123456789012:role/JobRole",
            "ReleaseLabel": "emr-6.2.0-latest",
            "JobDriver": {"SparkSubmitJobDriver": {"EntryPoint": "local:///usr/lib/spark/examples/src/main/python/pi.py"}}
        }),
    );
    assert_policy(
        &src,
        json!({
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": "emr-containers:StartJobRun",
                 "Resource": ["arn:aws:emr-containers:us-east-1:123456789012:/virtualclusters/abc123"],
                 "Condition": {"StringEquals": {"emr-containers:ExecutionRoleArn": ["arn:aws:iam::123456789012:role/JobRole"]}}},
                {"Effect": "Allow", "Action": ["emr-containers:DescribeJobRun", "emr-containers:CancelJobRun"],
                 "Resource": ["arn:aws:emr-containers:us-east-1:123456789012:/virtualclusters/abc123/jobruns/*"]}
            ]
        }),
    );
}

/// "Call HTTPS APIs in Step Functions workflows", IAM permissions to run an HTTP Task: the
/// invocation is authorized on the state machine itself, for the Task's method and endpoint
/// only (the guide's example endpoint is a prefix, `https://api.stripe.com/*`; a literal
/// endpoint is matched exactly).
#[test]
fn http_invoke() {
    let src = task(
        "arn:aws:states:::http:invoke",
        json!({
            "ApiEndpoint": "https://api.stripe.com/v1/charges",
            "Method": "GET",
            "Authentication": {"ConnectionArn": "arn:aws:events:us-east-1:123456789012:connection/oauth_connection/aeabd89e-d39c-4181-9486-9fe03e6f286a"}
        }),
    );
    assert_policy(
        &src,
        json!({
            "Version": "2012-10-17",
            "Statement": [
                {"Sid": "Statement1", "Effect": "Allow", "Action": "states:InvokeHTTPEndpoint",
                 "Resource": "arn:aws:states:us-east-1:123456789012:stateMachine:myStateMachine",
                 "Condition": {"StringEquals": {"states:HTTPMethod": "GET"},
                               "StringLike": {"states:HTTPEndpoint": "https://api.stripe.com/v1/charges"}}},
                {"Sid": "Statement2", "Effect": "Allow", "Action": ["events:RetrieveConnectionCredentials"],
                 "Resource": "arn:aws:events:us-east-1:123456789012:connection/oauth_connection/aeabd89e-d39c-4181-9486-9fe03e6f286a"},
                {"Sid": "Statement3", "Effect": "Allow", "Action": ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                 "Resource": "arn:aws:secretsmanager:*:*:secret:events!connection/*"}
            ]
        }),
    );
}

/// An HTTP Task whose endpoint comes from the input cannot be narrowed by the endpoint
/// condition: it is left out, and a note says the connection's credentials go wherever the
/// input says.
#[test]
fn http_invoke_endpoint_from_the_input() {
    let src = task(
        "arn:aws:states:::http:invoke",
        json!({
            "ApiEndpoint.$": "$.url",
            "Method": "POST",
            "Authentication": {"ConnectionArn": "arn:aws:events:us-east-1:123456789012:connection/c/1"}
        }),
    );
    let report = sfn_core::validate_str(&src, &sfn_core::Options::default());
    let root = report.root.as_ref().unwrap();
    let policy = sfn_core::iam::policy_for(
        root,
        &sfn_core::iam::Deployment::default()
            .region("us-east-1")
            .account("123456789012")
            .name("m"),
    );
    let invoke = policy
        .statements
        .iter()
        .find(|s| s.actions == ["states:InvokeHTTPEndpoint"])
        .unwrap();
    assert_eq!(invoke.conditions.len(), 1, "{invoke:?}");
    assert_eq!(invoke.conditions[0].key, "states:HTTPMethod");
    assert!(
        policy
            .notes
            .iter()
            .any(|n| n.contains("states:HTTPEndpoint")),
        "{:?}",
        policy.notes
    );
}

/// "IAM policies for calling Amazon Athena", StartQueryExecution `.sync`, static resources:
/// the guide's four Athena actions, its S3 and Glue statements and Lake Formation's.
#[test]
fn athena_start_query_execution_sync() {
    let src = task(
        "arn:aws:states:::athena:startQueryExecution.sync",
        json!({"QueryString": "SELECT 1", "WorkGroup": "primary"}),
    );
    let mut guide = json!({
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow",
             // The guide writes them in camelCase (`athena:startQueryExecution`); IAM
             // action names are case-insensitive.
             "Action": ["athena:StartQueryExecution", "athena:StopQueryExecution", "athena:GetQueryExecution", "athena:GetDataCatalog"],
             "Resource": ["arn:aws:athena:us-east-1:123456789012:workgroup/primary",
                          "arn:aws:athena:us-east-1:123456789012:datacatalog/*"]}
        ]
    });
    guide["Statement"]
        .as_array_mut()
        .unwrap()
        .extend(athena_data_statements());
    assert_policy(&src, guide);
}

/// "IAM policies for calling AWS CodeBuild", StopBuild, static resources: the project is the
/// one in the build's ID (`project:uuid`).
#[test]
fn codebuild_stop_build() {
    let src = task(
        "arn:aws:states:::codebuild:stopBuild",
        json!({"Id": "myProject:2a7b6f1c-0000-4000-8000-000000000000"}),
    );
    assert_policy(
        &src,
        json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": ["codebuild:StopBuild"],
                           "Resource": ["arn:aws:codebuild:us-east-1:123456789012:project/myProject"]}]
        }),
    );
}

/// "Run Amazon ECS or Fargate tasks", `.sync`, static resources.
#[test]
fn ecs_run_task_sync() {
    let src = task(
        "arn:aws:states:::ecs:runTask.sync",
        json!({"Cluster": "arn:aws:ecs:us-east-1:123456789012:cluster/jobs", "TaskDefinition": "taskDefinition:3"}),
    );
    assert_policy(
        &src,
        json!({
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": ["ecs:RunTask"],
                 "Resource": ["arn:aws:ecs:us-east-1:123456789012:task-definition/taskDefinition:3"]},
                {"Effect": "Allow", "Action": ["ecs:StopTask", "ecs:DescribeTasks"], "Resource": "*"},
                {"Effect": "Allow", "Action": ["events:PutTargets", "events:PutRule", "events:DescribeRule"],
                 "Resource": ["arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForECSTaskRule"]}
            ]
        }),
    );
}

/// "IAM policies for using Distributed Map states": running the Map (children are executions
/// of the machine itself), redriving it (its label), listing a prefix of a bucket (the
/// `s3:prefix` condition) and writing the results.
#[test]
fn distributed_map() {
    let src = json!({
        "StartAt": "Map",
        "States": {"Map": {
            "Type": "Map",
            "Label": "myMapRunLabel",
            "ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2",
                           "Parameters": {"Bucket": "amzn-s3-demo-bucket", "Prefix": "processImages"}},
            "ItemProcessor": {
                "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}
            },
            "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
                             "Parameters": {"Bucket": "amzn-s3-demo-destination-bucket", "Prefix": "csvJobs"}},
            "End": true
        }}
    })
    .to_string();
    assert_policy(
        &src,
        json!({
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": ["states:StartExecution"],
                 "Resource": ["arn:aws:states:us-east-1:123456789012:stateMachine:myStateMachine"]},
                {"Effect": "Allow", "Action": ["states:DescribeExecution"],
                 "Resource": "arn:aws:states:us-east-1:123456789012:execution:myStateMachine:*"},
                {"Effect": "Allow", "Action": ["states:RedriveExecution"],
                 "Resource": "arn:aws:states:us-east-1:123456789012:execution:myStateMachine/myMapRunLabel:*"},
                {"Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": ["arn:aws:s3:::amzn-s3-demo-bucket"],
                 "Condition": {"StringLike": {"s3:prefix": ["processImages"]}}},
                {"Effect": "Allow",
                 "Action": ["s3:PutObject", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload"],
                 "Resource": ["arn:aws:s3:::amzn-s3-demo-destination-bucket/csvJobs*"]}
            ]
        }),
    );
}

/// "IAM policies for logging to CloudWatch Logs" and "IAM policies for AWS X-Ray": with
/// logging and tracing on, the guide's two statements (merged: both are on `*`).
#[test]
fn logging_and_tracing() {
    let src = r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#;
    let report = sfn_core::validate_str(src, &sfn_core::Options::default());
    let root = report.root.as_ref().unwrap();
    let deployment = sfn_core::iam::Deployment::default()
        .logging(true)
        .tracing(true);
    let ours = serde_json::to_value(sfn_core::iam::policy_for(root, &deployment)).unwrap();
    let guide = json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow",
            "Action": ["logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery",
                       "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
                       "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
                       "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
                       "xray:GetSamplingTargets"],
            "Resource": "*"}]
    });
    assert_eq!(statements(&ours), statements(&guide), "{ours:#}");
}

/// "Invoke and customize Amazon Bedrock models", InvokeModel of a foundation model.
#[test]
fn bedrock_invoke_model() {
    let src = task(
        "arn:aws:states:::bedrock:invokeModel",
        json!({"ModelId": "amazon.titan-text-express-v1", "Body": {"inputText": "hi"}}),
    );
    assert_policy(
        &src,
        json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Sid": "InvokeModel1", "Action": ["bedrock:InvokeModel"],
                           "Resource": ["arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1"]}]
        }),
    );
}

/// "Invoke and customize Amazon Bedrock models", CreateModelCustomizationJob `.sync`: the job
/// on the base model, its status calls, and the role passed to Bedrock (without a condition,
/// as the guide writes it).
#[test]
fn bedrock_create_model_customization_job_sync() {
    let src = task(
        "arn:aws:states:::bedrock:createModelCustomizationJob.sync",
        json!({
            "BaseModelIdentifier": "amazon.titan-text-express-v1",
            "CustomModelName": "m",
            "JobName": "j",
            "RoleArn": "arn:aws:iam::123456789012:role/myRole",
            "TrainingDataConfig": {"S3Uri": "s3://b/train.jsonl"},
            "OutputDataConfig": {"S3Uri": "s3://b/out/"},
            "HyperParameters": {}
        }),
    );
    assert_policy(
        &src,
        json!({
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": ["bedrock:CreateModelCustomizationJob"],
                 "Resource": ["arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1",
                              "arn:aws:bedrock:us-east-1:123456789012:custom-model/*",
                              "arn:aws:bedrock:us-east-1:123456789012:model-customization-job/*"]},
                {"Effect": "Allow", "Action": ["bedrock:GetModelCustomizationJob", "bedrock:StopModelCustomizationJob"],
                 "Resource": ["arn:aws:bedrock:us-east-1:123456789012:model-customization-job/*"]},
                {"Effect": "Allow", "Action": ["iam:PassRole"],
                 "Resource": ["arn:aws:iam::123456789012:role/myRole"]}
            ]
        }),
    );
}

/// "IAM policies for calling AWS CodeBuild", StartBuild `.sync`, static resources.
#[test]
fn codebuild_start_build_sync() {
    let src = task(
        "arn:aws:states:::codebuild:startBuild.sync",
        json!({"ProjectName": "myProject"}),
    );
    assert_policy(
        &src,
        json!({
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": ["codebuild:StartBuild", "codebuild:StopBuild", "codebuild:BatchGetBuilds"],
                 "Resource": ["arn:aws:codebuild:us-east-1:123456789012:project/myProject"]},
                {"Effect": "Allow", "Action": ["events:PutTargets", "events:PutRule", "events:DescribeRule"],
                 "Resource": ["arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventForCodeBuildStartBuildRule"]}
            ]
        }),
    );
}

/// "IAM policies for calling Amazon Athena", GetQueryResults: the workgroups (the call takes a
/// query execution ID) and the results' objects.
#[test]
fn athena_get_query_results() {
    let src = task(
        "arn:aws:states:::athena:getQueryResults",
        json!({"QueryExecutionId": "q-1"}),
    );
    assert_policy(
        &src,
        json!({
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": ["athena:GetQueryResults"],
                 "Resource": ["arn:aws:athena:us-east-1:123456789012:workgroup/*"]},
                {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::*"]}
            ]
        }),
    );
}

/// "IAM policies for calling SageMaker AI", CreateTransformJob `.sync`. The guide's policy also
/// passes a role, but CreateTransformJob takes none (the model's role is the one SageMaker
/// uses), so the state machine's role passes nothing.
#[test]
fn sagemaker_create_transform_job_sync() {
    let src = task(
        "arn:aws:states:::sagemaker:createTransformJob.sync",
        json!({
            "TransformJobName": "myTransformJob",
            "ModelName": "model",
            "TransformInput": {"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://b/in"}}},
            "TransformOutput": {"S3OutputPath": "s3://b/out"},
            "TransformResources": {"InstanceCount": 1, "InstanceType": "ml.m5.large"}
        }),
    );
    assert_policy(
        &src,
        json!({
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow",
                 "Action": ["sagemaker:CreateTransformJob", "sagemaker:DescribeTransformJob", "sagemaker:StopTransformJob"],
                 "Resource": ["arn:aws:sagemaker:us-east-1:123456789012:transform-job/myTransformJob*"]},
                {"Effect": "Allow", "Action": ["sagemaker:ListTags"], "Resource": ["*"]},
                {"Effect": "Allow", "Action": ["events:PutTargets", "events:PutRule", "events:DescribeRule"],
                 "Resource": ["arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForSageMakerTransformJobsRule"]}
            ]
        }),
    );
}

/// "Create and manage Amazon EKS clusters with Step Functions", IAM policies, CreateCluster
/// (the guide gives one policy for both patterns): the cluster role passed to EKS only.
#[test]
fn eks_create_cluster() {
    let src = task(
        "arn:aws:states:::eks:createCluster.sync",
        json!({
            "Name": "ExampleCluster",
            "RoleArn": "arn:aws:iam::123456789012:role/EKSServiceRole",
            "ResourcesVpcConfig": {"SubnetIds": ["subnet-1"]}
        }),
    );
    assert_policy(
        &src,
        json!({
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": ["eks:CreateCluster"], "Resource": "*"},
                {"Effect": "Allow", "Action": ["eks:DescribeCluster", "eks:DeleteCluster"],
                 "Resource": "arn:aws:eks:us-east-1:123456789012:cluster/*"},
                {"Effect": "Allow", "Action": "iam:PassRole",
                 "Resource": ["arn:aws:iam::123456789012:role/EKSServiceRole"],
                 "Condition": {"StringEquals": {"iam:PassedToService": "eks.amazonaws.com"}}}
            ]
        }),
    );
}

/// The same page, DeleteNodegroup.
#[test]
fn eks_delete_nodegroup() {
    let src = task(
        "arn:aws:states:::eks:deleteNodegroup.sync",
        json!({"ClusterName": "ExampleCluster", "NodegroupName": "ExampleNodegroup"}),
    );
    assert_policy(
        &src,
        json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": ["eks:DeleteNodegroup", "eks:DescribeNodegroup"],
                           "Resource": ["arn:aws:eks:us-east-1:123456789012:nodegroup/ExampleCluster/ExampleNodegroup/*"]}]
        }),
    );
}

/// "Create and manage Amazon EMR clusters with Step Functions", IAM policies, addStep, static
/// resources (the current page has no EventBridge statement).
#[test]
fn emr_add_step_sync() {
    let src = task(
        "arn:aws:states:::elasticmapreduce:addStep.sync",
        json!({"ClusterId": "j-123", "Step": {"Name": "s", "HadoopJarStep": {"Jar": "command-runner.jar"}}}),
    );
    assert_policy(
        &src,
        json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow",
                           "Action": ["elasticmapreduce:AddJobFlowSteps", "elasticmapreduce:DescribeStep", "elasticmapreduce:CancelSteps"],
                           "Resource": ["arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/j-123"]}]
        }),
    );
}

/// The same page, createCluster: the roles passed without a condition, as the guide writes it.
#[test]
fn emr_create_cluster() {
    let src = task(
        "arn:aws:states:::elasticmapreduce:createCluster.sync",
        json!({
            "Name": "c",
            "ServiceRole": "EMR_DefaultRole",
            "JobFlowRole": "EMR_EC2_DefaultRole",
            "ReleaseLabel": "emr-6.0.0",
            "Instances": {}
        }),
    );
    assert_policy(
        &src,
        json!({
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow",
                 "Action": ["elasticmapreduce:RunJobFlow", "elasticmapreduce:DescribeCluster", "elasticmapreduce:TerminateJobFlows"],
                 "Resource": "*"},
                {"Effect": "Allow", "Action": "iam:PassRole",
                 "Resource": ["arn:aws:iam::123456789012:role/EMR_DefaultRole", "arn:aws:iam::123456789012:role/EMR_EC2_DefaultRole"]}
            ]
        }),
    );
}

/// "Create and manage EMR Serverless applications with Step Functions", StartJobRun, static
/// resources, Run a Job (.sync).
#[test]
fn emr_serverless_start_job_run_sync() {
    let src = task(
        "arn:aws:states:::emr-serverless:startJobRun.sync",
        json!({
            "ApplicationId": "applicationId",
            "ExecutionRoleArn": "arn:aws:iam::123456789012:role/jobExecutionRoleArn",
            "ClientToken": "t",
            "JobDriver": {}
        }),
    );
    assert_policy(
        &src,
        json!({
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": ["emr-serverless:StartJobRun"],
                 "Resource": ["arn:aws:emr-serverless:us-east-1:123456789012:/applications/applicationId"]},
                {"Effect": "Allow", "Action": "iam:PassRole",
                 "Resource": ["arn:aws:iam::123456789012:role/jobExecutionRoleArn"],
                 "Condition": {"StringEquals": {"iam:PassedToService": "emr-serverless.amazonaws.com"}}},
                {"Effect": "Allow", "Action": ["emr-serverless:GetJobRun", "emr-serverless:CancelJobRun"],
                 "Resource": ["arn:aws:emr-serverless:us-east-1:123456789012:/applications/applicationId/jobruns/*"]},
                {"Effect": "Allow", "Action": ["events:PutTargets", "events:PutRule", "events:DescribeRule"],
                 "Resource": ["arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForEMRServerlessJobRule"]}
            ]
        }),
    );
}

/// The same page, StartApplication, static resources, Run a Job (.sync).
#[test]
fn emr_serverless_start_application_sync() {
    let src = task(
        "arn:aws:states:::emr-serverless:startApplication.sync",
        json!({"ApplicationId": "applicationId"}),
    );
    assert_policy(
        &src,
        json!({
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow",
                 "Action": ["emr-serverless:StartApplication", "emr-serverless:GetApplication", "emr-serverless:StopApplication"],
                 "Resource": ["arn:aws:emr-serverless:us-east-1:123456789012:/applications/applicationId"]},
                {"Effect": "Allow", "Action": ["events:PutTargets", "events:PutRule", "events:DescribeRule"],
                 "Resource": ["arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForEMRServerlessApplicationRule"]}
            ]
        }),
    );
}

/// "Call API Gateway with Step Functions", IAM policies: `execute-api:Invoke` on
/// `<api-id>/<stage>/<METHOD>/<path>`, the API's ID taken from `ApiEndpoint`'s host.
#[test]
fn api_gateway_invoke() {
    let src = task(
        "arn:aws:states:::apigateway:invoke",
        json!({
            "ApiEndpoint": "ENDPOINT.execute-api.us-east-1.amazonaws.com",
            "Method": "GET",
            "Stage": "STAGE",
            "Path": "/pets",
            "AuthType": "IAM_ROLE"
        }),
    );
    assert_policy(
        &src,
        json!({
            "Version": "2012-10-17",
            "Statement": [{"Action": ["execute-api:Invoke"],
                           "Resource": ["arn:aws:execute-api:us-east-1:123456789012:ENDPOINT/STAGE/GET/pets"],
                           "Effect": "Allow"}]
        }),
    );
}

/// "Start an AWS Glue DataBrew job", IAM policies, Run a Job (.sync).
#[test]
fn databrew_start_job_run_sync() {
    let src = task(
        "arn:aws:states:::databrew:startJobRun.sync",
        json!({"Name": "myJob"}),
    );
    assert_policy(
        &src,
        json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow",
                           // The guide writes them in camelCase; IAM action names are
                           // case-insensitive.
                           "Action": ["databrew:StartJobRun", "databrew:ListJobRuns", "databrew:StopJobRun"],
                           "Resource": ["arn:aws:databrew:us-east-1:123456789012:job/*"]}]
        }),
    );
}

/// The request-response patterns of the pages above: each guide's "Request Response" policy,
/// static resources (the call alone, without the `.sync` pattern's status calls and rule).
#[test]
fn request_response_patterns() {
    let cases = [
        (
            "ECS RunTask",
            task(
                "arn:aws:states:::ecs:runTask",
                json!({"TaskDefinition": "taskDefinition:3"}),
            ),
            json!([{"Effect": "Allow", "Action": ["ecs:RunTask"],
                    "Resource": ["arn:aws:ecs:us-east-1:123456789012:task-definition/taskDefinition:3"]}]),
        ),
        (
            "CodeBuild StartBuild",
            task(
                "arn:aws:states:::codebuild:startBuild",
                json!({"ProjectName": "myProject"}),
            ),
            json!([{"Effect": "Allow", "Action": ["codebuild:StartBuild"],
                    "Resource": ["arn:aws:codebuild:us-east-1:123456789012:project/myProject"]}]),
        ),
        (
            "DataBrew StartJobRun",
            task(
                "arn:aws:states:::databrew:startJobRun",
                json!({"Name": "myJob"}),
            ),
            json!([{"Effect": "Allow", "Action": ["databrew:StartJobRun"],
                    "Resource": ["arn:aws:databrew:us-east-1:123456789012:job/*"]}]),
        ),
        (
            "EMR Serverless StartJobRun",
            task(
                "arn:aws:states:::emr-serverless:startJobRun",
                json!({"ApplicationId": "applicationId", "ClientToken": "t",
                       "ExecutionRoleArn": "arn:aws:iam::123456789012:role/jobExecutionRoleArn"}),
            ),
            json!([
                {"Effect": "Allow", "Action": ["emr-serverless:StartJobRun"],
                 "Resource": ["arn:aws:emr-serverless:us-east-1:123456789012:/applications/applicationId"]},
                {"Effect": "Allow", "Action": "iam:PassRole",
                 "Resource": ["arn:aws:iam::123456789012:role/jobExecutionRoleArn"],
                 "Condition": {"StringEquals": {"iam:PassedToService": "emr-serverless.amazonaws.com"}}}
            ]),
        ),
        (
            "MediaConvert CreateJob",
            task(
                "arn:aws:states:::mediaconvert:createJob",
                json!({"Role": "arn:aws:iam::123456789012:role/myRoleName", "Settings": {}}),
            ),
            json!([
                {"Effect": "Allow", "Action": ["mediaconvert:CreateJob"],
                 "Resource": ["arn:aws:mediaconvert:us-east-1:123456789012:queues/*",
                              "arn:aws:mediaconvert:us-east-1:123456789012:jobTemplates/*",
                              "arn:aws:mediaconvert:us-east-1:123456789012:presets/*"]},
                {"Effect": "Allow", "Action": ["iam:PassRole"],
                 "Resource": ["arn:aws:iam::123456789012:role/myRoleName"],
                 "Condition": {"StringEquals": {"iam:PassedToService": ["mediaconvert.amazonaws.com"]}}}
            ]),
        ),
        (
            "SageMaker CreateTrainingJob",
            task(
                "arn:aws:states:::sagemaker:createTrainingJob",
                json!({
                    "TrainingJobName": "myTrainingJob",
                    "RoleArn": "arn:aws:iam::123456789012:role/SageMakerRole",
                    "AlgorithmSpecification": {"TrainingImage": "img", "TrainingInputMode": "File"},
                    "OutputDataConfig": {"S3OutputPath": "s3://bucket/out"},
                    "ResourceConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.large", "VolumeSizeInGB": 10},
                    "StoppingCondition": {"MaxRuntimeInSeconds": 3600}
                }),
            ),
            json!([
                {"Effect": "Allow", "Action": ["sagemaker:CreateTrainingJob"],
                 "Resource": ["arn:aws:sagemaker:us-east-1:123456789012:training-job/myTrainingJob*"]},
                {"Effect": "Allow", "Action": ["sagemaker:ListTags"], "Resource": ["*"]},
                {"Effect": "Allow", "Action": ["iam:PassRole"],
                 "Resource": ["arn:aws:iam::123456789012:role/SageMakerRole"],
                 "Condition": {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}}}
            ]),
        ),
        (
            "Athena StartQueryExecution",
            task(
                "arn:aws:states:::athena:startQueryExecution",
                json!({"QueryString": "SELECT 1", "WorkGroup": "primary"}),
            ),
            {
                let mut all = vec![
                    json!({"Effect": "Allow", "Action": ["athena:StartQueryExecution", "athena:GetDataCatalog"],
                 "Resource": ["arn:aws:athena:us-east-1:123456789012:workgroup/primary",
                              "arn:aws:athena:us-east-1:123456789012:datacatalog/*"]}),
                ];
                all.extend(athena_data_statements());
                Value::Array(all)
            },
        ),
    ];
    for (what, src, guide) in cases {
        let ours = policy_of(&src);
        let guide = json!({"Version": "2012-10-17", "Statement": guide});
        assert_eq!(
            statements(&ours),
            statements(&guide),
            "{what}: ours {ours:#}\nguide {guide:#}"
        );
    }
}

/// The statements every Athena query needs besides its own action, in the guide's "IAM
/// policies for calling Amazon Athena": the query's data and results in S3, the Glue Data
/// Catalog, Lake Formation.
fn athena_data_statements() -> Vec<Value> {
    vec![
        json!({"Effect": "Allow",
                 "Action": ["s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket", "s3:ListBucketMultipartUploads",
                            "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload", "s3:CreateBucket", "s3:PutObject"],
                 "Resource": ["arn:aws:s3:::*"]}),
        json!({"Effect": "Allow",
                 "Action": ["glue:CreateDatabase", "glue:GetDatabase", "glue:GetDatabases", "glue:UpdateDatabase",
                            "glue:DeleteDatabase", "glue:CreateTable", "glue:UpdateTable", "glue:GetTable", "glue:GetTables",
                            "glue:DeleteTable", "glue:BatchDeleteTable", "glue:BatchCreatePartition", "glue:CreatePartition",
                            "glue:UpdatePartition", "glue:GetPartition", "glue:GetPartitions", "glue:BatchGetPartition",
                            "glue:DeletePartition", "glue:BatchDeletePartition"],
                 "Resource": ["arn:aws:glue:us-east-1:123456789012:catalog",
                              "arn:aws:glue:us-east-1:123456789012:database/*",
                              "arn:aws:glue:us-east-1:123456789012:table/*",
                              "arn:aws:glue:us-east-1:123456789012:userDefinedFunction/*"]}),
        json!({"Effect": "Allow", "Action": ["lakeformation:GetDataAccess"], "Resource": ["*"]}),
    ]
}
