use sfn_runtime::{asl, StateMachine};

// A problem with an argument is reported under the argument.
static M: StateMachine = asl! {
    start_at: Done,
    states: {
        Done: Pass {
            parameters: {
                too_many: States.ArrayRange(1, 10, 1, 2),
                too_few: States.ArrayRange(1, 10),
                wrong_literal: States.ArrayGetItem($.items, "first"),
                nested: States.Format("{}", States.MathAdd($.n, "one")),
                bad_path: States.JsonToString($wrong-name.z),
            },
            end: true,
        },
    },
};

fn main() {
    let _ = &M;
}
