//! Run an Amazon ECS task and wait for it to complete (`.sync`), with the container's command
//! taken from the execution input: `Command: $.commands` becomes `"Command.$": "$.commands"`.
//!
//! ```text
//! cargo run -p sfn-examples --example ecs_run_task_sync
//! ```

use sfn_runtime::{asl, StateMachine};

/// Runs the task with the commands of the input, `{"commands": ["echo", "hello"]}`.
pub static RUN_ECS_TASK: StateMachine = asl! {
    start_at: "Run an ECS Task and wait for it to complete",
    states: {
        "Run an ECS Task and wait for it to complete": Task {
            resource: "arn:aws:states:::ecs:runTask.sync",
            parameters: {
                Cluster: "cluster-arn",
                TaskDefinition: "job-id",
                Overrides: {
                    ContainerOverrides: [{
                        Name: "container-name",
                        Command: $.commands,
                    }],
                },
            },
            end: true,
        },
    },
};

fn main() {
    println!("{}", RUN_ECS_TASK.definition_pretty());
}

#[cfg(test)]
mod tests {
    use super::*;

    static GUIDE: StateMachine = sfn_runtime::include_asl!("machines/ecs-run-task-sync.asl.json");

    #[test]
    fn matches_the_developer_guide() {
        let ours: serde_json::Value = serde_json::from_str(RUN_ECS_TASK.definition()).unwrap();
        let guide: serde_json::Value = serde_json::from_str(GUIDE.definition()).unwrap();
        assert_eq!(ours, guide);
    }

    /// Run locally: the container's command is the one the execution input gives.
    #[test]
    fn the_command_comes_from_the_input() {
        use serde_json::json;
        use sfn_local::{Machine, Mock};

        let machine = Machine::new(&RUN_ECS_TASK)
            .unwrap()
            .with_name("ecs-run-task-sync");
        let ecs = Mock::from_fn(|call| {
            let command = &call.parameters["Overrides"]["ContainerOverrides"][0]["Command"];
            assert_eq!(command, &json!(["python3", "report.py", "--day", "monday"]));
            Ok(json!({"LastStatus": "STOPPED", "Containers": [{"ExitCode": 0}]}))
        });
        let run = machine
            .runner()
            .input(json!({"commands": ["python3", "report.py", "--day", "monday"]}))
            .mock("Run an ECS Task and wait for it to complete", ecs)
            .run();
        assert_eq!(run.status, sfn_local::Status::Succeeded, "{run}");
    }
}
