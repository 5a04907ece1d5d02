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

    /// Run locally: the container gets the task token in its environment, and the mock,
    /// standing for the container, answers with it (`SendTaskSuccess`).
    #[test]
    fn the_task_token_reaches_the_container() {
        use serde_json::json;
        use sfn_local::{Machine, Mock};

        let machine = Machine::from_json(MANAGE_ECS_TASK.definition()).unwrap();
        let container = Mock::from_fn(|call| {
            let env = &call.parameters["Overrides"]["ContainerOverrides"][0]["Environment"][0];
            assert_eq!(env["Name"], "TASK_TOKEN_ENV_VARIABLE");
            assert_eq!(env["Value"].as_str(), call.task_token.as_deref());
            Ok(json!({"report": "done"}))
        });
        let run = machine.runner().mock("Manage ECS task", container).run();
        assert_eq!(run.output, Some(json!({"report": "done"})), "{run}");
    }
}
