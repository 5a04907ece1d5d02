use sfn_runtime::{asl, StateMachine};

// An Express workflow runs request-response integrations only.
static RUN: StateMachine = asl! {
    type: Express,
    start_at: Run,
    states: {
        Run: Task {
            resource: "arn:aws:states:::ecs:runTask.sync",
            parameters: { TaskDefinition: "report:1" },
            end: true,
        },
    },
};

// No activities, no waits longer than an Express execution runs.
static REVIEW: StateMachine = asl! {
    type: Express,
    start_at: Review,
    states: {
        Review: Task { resource: "arn:aws:states:us-east-1:123456789012:activity:review", next: Pause },
        Pause: Wait { seconds: 600, end: true },
    },
};

// Only the two workflow types exist.
static BULK: StateMachine = asl! {
    type: Bulk,
    start_at: Done,
    states: { Done: Succeed },
};

fn main() {
    let _ = (&RUN, &REVIEW, &BULK);
}
