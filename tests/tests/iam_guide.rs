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

/// A policy's statements as a sorted list of (sorted actions, sorted resources, conditions),
/// whatever the order of the statements and whether `Action`, `Resource` and a condition's
/// value are a string or an array.
fn statements(
    policy: &Value,
) -> Vec<(Vec<String>, Vec<String>, Vec<(String, String, Vec<String>)>)> {
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
