use sfn_runtime::{asl, StateMachine, TaskInput};

#[derive(TaskInput)]
#[allow(dead_code)]
struct Order {
    bucket: String,
    size: String,
}

#[derive(TaskInput)]
#[allow(dead_code)]
struct Resize {
    bucket: String,
    key: String,
    width: u32,
}

static WRONG_FIELDS: StateMachine = asl! {
    input: Order,
    start_at: Resize,
    states: {
        Resize: Task {
            resource: "arn:aws:states:::lambda:invoke",
            parameters: {
                FunctionName: "resize",
                Payload: Resize { bucket: $.bucket, kye: "a.png", width: 200 },
            },
            end: true,
        },
    },
};

static WRONG_VALUES: StateMachine = asl! {
    input: Order,
    start_at: Resize,
    states: {
        Resize: Task {
            resource: "arn:aws:states:::lambda:invoke",
            parameters: {
                FunctionName: "resize",
                Payload: Resize { bucket: 7, key: "a.png", width: $.size },
            },
            end: true,
        },
    },
};

fn main() {
    let _ = (&WRONG_FIELDS, &WRONG_VALUES);
}
