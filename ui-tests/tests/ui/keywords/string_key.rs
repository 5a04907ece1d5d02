use sfn_runtime::{asl, StateMachine};

static M: StateMachine = asl! {
    "start_at": Done,
    start_at: Done,
    states: { Done: Succeed },
};

fn main() {
    let _ = &M;
}
