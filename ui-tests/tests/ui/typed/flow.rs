use sfn_runtime::{asl, StateMachine, TaskInput};

#[derive(TaskInput)]
#[allow(dead_code)]
struct Order {
    id: String,
}

#[derive(TaskInput)]
#[allow(dead_code)]
struct Thumbnail {
    url: String,
    bytes: u64,
}

static FLOW: StateMachine = asl! {
    input: Order,
    start_at: Make,
    states: {
        Make: Task {
            resource: "arn:aws:lambda:us-east-1:123456789012:function:thumbnail",
            result_type: Thumbnail,
            result_path: $.thumbnail,
            next: Shape,
        },
        Shape: Pass {
            parameters: { link: $.thumbnail.link, order: $.id },
            next: Keep,
        },
        Keep: Pass { output_path: $.orderId, next: Done },
        Done: Succeed,
    },
};

fn main() {
    let _ = &FLOW;
}
