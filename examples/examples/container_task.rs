//! The "Manage a Container Task" sample of the Step Functions developer guide, written with
//! `asl!`: run a Fargate task, then publish to SNS whether it succeeded or failed.
//!
//! Every mistake in the definition (a misspelled state, a bad path, a PascalCase keyword, a
//! missing `next`, a parameter ECS does not accept) is a compile error under the token that
//! caused it. Running the example prints the validated definition and the least-privilege
//! IAM policy of the state machine's role, then runs the machine locally with `sfn-local`
//! twice, on a virtual clock with the Tasks mocked: once with the Fargate task succeeding and
//! once with it failing, and prints the states each execution visited.
//!
//! ```text
//! cargo run -p sfn-examples --example container_task
//! ```

use serde_json::json;
use sfn_local::{Execution, Machine, Mock};
use sfn_runtime::{asl, Deployment, StateMachine};

/// The sample's state machine.
pub static FARGATE_TASK_NOTIFICATION: StateMachine = asl! {
    comment: "An example of the Amazon States Language for notification on an AWS Fargate task completion",
    start_at: "Run Fargate Task",
    timeout_seconds: 3600,
    states: {
        "Run Fargate Task": Task {
            resource: "arn:aws:states:::ecs:runTask.sync",
            parameters: {
                LaunchType: "FARGATE",
                Cluster: "arn:aws:ecs:ap-northeast-1:123456789012:cluster/FargateTaskNotification-ECSCluster-VHLR20IF9IMP",
                TaskDefinition: "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/FargateTaskNotification-ECSTaskDefinition-13YOJT8Z2LY5Q:1",
                NetworkConfiguration: {
                    AwsvpcConfiguration: {
                        Subnets: ["subnet-07e1ad3abcfce6758", "subnet-04782e7f34ae3efdb"],
                        AssignPublicIp: "ENABLED",
                    },
                },
            },
            next: "Notify Success",
            catch: [{ error_equals: [States.ALL], next: "Notify Failure" }],
        },
        "Notify Success": Task {
            resource: "arn:aws:states:::sns:publish",
            parameters: {
                Message: "AWS Fargate Task started by Step Functions succeeded",
                TopicArn: "arn:aws:sns:ap-northeast-1:123456789012:FargateTaskNotification-SNSTopic-1XYW5YD5V0M7C",
            },
            end: true,
        },
        "Notify Failure": Task {
            resource: "arn:aws:states:::sns:publish",
            parameters: {
                Message: "AWS Fargate Task started by Step Functions failed",
                TopicArn: "arn:aws:sns:ap-northeast-1:123456789012:FargateTaskNotification-SNSTopic-1XYW5YD5V0M7C",
            },
            end: true,
        },
    },
};

/// Runs the machine locally with the ECS task answering `ecs` and SNS accepting every message.
fn run_locally(ecs: Mock) -> Execution {
    let machine = Machine::new(&FARGATE_TASK_NOTIFICATION)
        .expect("asl! only emits valid definitions")
        .with_name("container-task");
    let published = || Mock::returns(json!({"MessageId": "0f5e1a3c-7d1b-4f3e-9a55-3c1f8b2d6e10"}));
    machine
        .runner()
        .mock("Run Fargate Task", ecs)
        .mock("Notify Success", published())
        .mock("Notify Failure", published())
        .run()
}

fn main() {
    println!("{}", FARGATE_TASK_NOTIFICATION.definition_pretty());
    // The role's policy, for the sample's region and account (its ARNs name them; the
    // EventBridge rule's are the state machine's own), with why any resource is `*`.
    let deployment = Deployment::default()
        .region("ap-northeast-1")
        .account("123456789012")
        .name("FargateTaskNotification");
    let policy = FARGATE_TASK_NOTIFICATION.iam_policy_for(&deployment);
    println!(
        "{}",
        serde_json::to_string_pretty(&policy).expect("a policy is JSON")
    );
    for note in &policy.notes {
        println!("note: {note}");
    }

    // `ecs:runTask.sync` returns the task as ECS describes it once it stopped.
    let stopped = json!({"LastStatus": "STOPPED", "StopCode": "EssentialContainerExited",
                         "Containers": [{"ExitCode": 0}]});
    let ok = run_locally(Mock::returns(stopped));
    println!(
        "locally, task succeeds: {} via {}",
        ok.status,
        ok.states_visited().join(" -> ")
    );
    let failed = run_locally(Mock::throws(
        "States.TaskFailed",
        "The task stopped: essential container exited",
    ));
    println!(
        "locally, task fails:    {} via {}",
        failed.status,
        failed.states_visited().join(" -> ")
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sample's JSON as the developer guide gives it.
    static GUIDE: StateMachine =
        sfn_runtime::include_asl!("machines/fargate-task-notification.asl.json");

    #[test]
    fn matches_the_developer_guide() {
        let ours: serde_json::Value =
            serde_json::from_str(FARGATE_TASK_NOTIFICATION.definition()).unwrap();
        let guide: serde_json::Value = serde_json::from_str(GUIDE.definition()).unwrap();
        assert_eq!(ours, guide);
    }

    #[test]
    fn success_and_failure_each_notify() {
        let ok = run_locally(Mock::returns(json!({"LastStatus": "STOPPED"})));
        assert_eq!(ok.status, sfn_local::Status::Succeeded);
        assert_eq!(ok.states_visited(), ["Run Fargate Task", "Notify Success"]);
        let failed = run_locally(Mock::throws("States.TaskFailed", "stopped"));
        assert_eq!(failed.status, sfn_local::Status::Succeeded);
        assert_eq!(
            failed.states_visited(),
            ["Run Fargate Task", "Notify Failure"]
        );
    }
}
