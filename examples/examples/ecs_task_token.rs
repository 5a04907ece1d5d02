//! Run a Fargate task and wait until it calls back with its task token
//! (`.waitForTaskToken`): the token reaches the container in an environment variable,
//! `Value: $$.Task.Token`.
//!
//! ```text
//! cargo run -p sfn-examples --example ecs_task_token
//! ```

use sfn_runtime::{asl, StateMachine};

/// The container reads `TASK_TOKEN_ENV_VARIABLE` and calls `SendTaskSuccess` with it.
pub static MANAGE_ECS_TASK: StateMachine = asl! {
    start_at: "Manage ECS task",
    states: {
        "Manage ECS task": Task {
            resource: "arn:aws:states:::ecs:runTask.waitForTaskToken",
            parameters: {
                LaunchType: "FARGATE",
                Cluster: "cluster-arn",
                TaskDefinition: "job-id",
                Overrides: {
                    ContainerOverrides: [{
                        Name: "container-name",
                        Environment: [{
                            Name: "TASK_TOKEN_ENV_VARIABLE",
                            Value: $$.Task.Token,
                        }],
                    }],
                },
            },
            end: true,
        },
    },
};

fn main() {
    println!("{}", MANAGE_ECS_TASK.definition_pretty());
}

#[cfg(test)]
mod tests {
    use super::*;

    static GUIDE: StateMachine = sfn_runtime::include_asl!("machines/ecs-task-token.asl.json");

    #[test]
    fn matches_the_developer_guide() {
        let ours: serde_json::Value = serde_json::from_str(MANAGE_ECS_TASK.definition()).unwrap();
        let guide: serde_json::Value = serde_json::from_str(GUIDE.definition()).unwrap();
        assert_eq!(ours, guide);
    }

    /// Run locally: the container gets the task token in its environment and, standing for
    /// the container, the callback mock calls back with it (`SendTaskSuccess`).
    #[test]
    fn the_task_token_reaches_the_container() {
        use serde_json::json;
        use sfn_local::{Callback, Machine, Mock};

        let machine = Machine::new(&MANAGE_ECS_TASK)
            .unwrap()
            .with_name("ecs-task-token");
        let container = Mock::callback(|call, token| {
            let env = &call.parameters["Overrides"]["ContainerOverrides"][0]["Environment"][0];
            assert_eq!(env["Name"], "TASK_TOKEN_ENV_VARIABLE");
            assert_eq!(env["Value"], token);
            Callback::success(json!({"report": "done"}))
        });
        let run = machine.runner().mock("Manage ECS task", container).run();
        assert_eq!(run.output, Some(json!({"report": "done"})), "{run}");
    }

    /// A container that reports a failure (`SendTaskFailure`) fails the Task with its error.
    #[test]
    fn a_failed_container_fails_the_task() {
        use sfn_local::{Callback, Machine, Mock, Status};

        let machine = Machine::new(&MANAGE_ECS_TASK)
            .unwrap()
            .with_name("ecs-task-token");
        let container = Mock::callback(|_, _| Callback::failure("Report.Failed", "disk full"));
        let run = machine.runner().mock("Manage ECS task", container).run();
        assert_eq!(run.status, Status::Failed);
        assert_eq!(run.error.as_deref(), Some("Report.Failed"));
        assert_eq!(run.cause.as_deref(), Some("disk full"));
    }
}
