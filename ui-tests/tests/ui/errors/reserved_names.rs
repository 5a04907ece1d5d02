#![deny(warnings)]

use sfn_runtime::{asl, StateMachine};

// `States.` names Step Functions does not raise: warnings (denied here), with the fix.
static M: StateMachine = asl! {
    start_at: Work,
    states: {
        Work: Task {
            resource: "arn:aws:lambda:us-east-1:123456789012:function:work",
            retry: [{ error_equals: [States.Timeuot] }],
            next: Stop,
        },
        Stop: Fail { error: "States.Rejected", cause: "no" },
    },
};

fn main() {
    let _ = &M;
}
