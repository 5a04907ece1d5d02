use sfn_runtime::{asl, StateMachine};

// A problem inside a path is reported under the token of the bad segment.
static M: StateMachine = asl! {
    start_at: Done,
    states: {
        Done: Pass {
            input_path: $.orders[0].items[-1:].total,
            result_path: $.a..b,
            parameters: { x: $.items[1:2:0], y: $wrong-name.z },
            end: true,
        },
    },
};

fn main() {
    let _ = &M;
}
