use sfn_runtime::{asl, StateMachine, TaskInput};

#[derive(TaskInput)]
#[allow(dead_code)]
struct Job {
    command: String,
    cluster: String,
}

static RUN: StateMachine = asl! {
    input: Job,
    start_at: Run,
    states: {
        Run: Task {
            resource: "arn:aws:states:::ecs:runTask.sync",
            parameters: {
                Cluster: $.cluster,
                TaskDefinition: "app:1",
                Overrides: { ContainerOverrides: [{ Name: "app", Command: $.command }] },
            },
            end: true,
        },
    },
};

fn main() {
    let _ = &RUN;
}
