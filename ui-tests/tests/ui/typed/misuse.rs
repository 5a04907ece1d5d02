use sfn_runtime::{asl, StateMachine};

#[allow(dead_code)]
struct NotDerived {
    id: String,
}

static NOT_DERIVED: StateMachine = asl! {
    input: NotDerived,
    start_at: Done,
    states: { Done: Pass { parameters: { id: $.id }, end: true } },
};

static RESULT_TYPE_ON_PASS: StateMachine = asl! {
    input: "Order",
    start_at: Done,
    states: { Done: Pass { result_type: NotDerived, end: true } },
};

fn main() {
    let _ = (&NOT_DERIVED, &RESULT_TYPE_ON_PASS);
}
