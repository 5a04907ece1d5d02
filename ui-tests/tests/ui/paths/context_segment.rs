#![deny(warnings)]

use sfn_runtime::{asl, StateMachine};

// A `$$` path naming no Context object field is a warning under the field's token, also
// inside an intrinsic call.
static M: StateMachine = asl! {
    start_at: Done,
    states: {
        Done: Pass {
            parameters: {
                id: $$.Exec.Id,
                token: $$.Task.Tokn,
                name: States.Format("run {}", $$.Execution.Nmae),
            },
            end: true,
        },
    },
};

fn main() {
    let _ = &M;
}
