use sfn_runtime::{asl, StateMachine, TaskInput};

#[derive(TaskInput)]
#[allow(dead_code)]
struct Job {
    id: String,
    #[serde(flatten)]
    common: Common,
}

#[derive(TaskInput)]
#[allow(dead_code)]
struct Common {
    region: String,
}

#[derive(TaskInput)]
#[allow(dead_code)]
struct Tagged {
    id: String,
    #[serde(flatten)]
    tags: std::collections::HashMap<String, String>,
}

// A flattened field's keys join its parent's: it takes a struct literal, not a path.
static RUN: StateMachine = asl! {
    start_at: Run,
    states: {
        Run: Task {
            resource: "arn:aws:states:::lambda:invoke",
            parameters: { FunctionName: "run", Payload: Job { id: $.id, common: $.common } },
            end: true,
        },
    },
};

// A flattened map takes no object literal either (its keys would join the payload's).
static TAGS: StateMachine = asl! {
    start_at: Run,
    states: {
        Run: Task {
            resource: "arn:aws:states:::lambda:invoke",
            parameters: { FunctionName: "run", Payload: Tagged { id: "a", tags: { team: "x" } } },
            end: true,
        },
    },
};

fn main() {
    let _ = (&RUN, &TAGS);
}
