use sfn_runtime::{asl, StateMachine, TaskInput};

#[derive(TaskInput)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct Order {
    order_id: String,
    items: Vec<Item>,
}

#[derive(TaskInput)]
#[allow(dead_code)]
struct Item {
    sku: String,
}

static ORDER: StateMachine = asl! {
    query_language: JSONata,
    input: Order,
    start_at: Done,
    states: {
        Done: Pass {
            output: { id: "{% $states.input.order_id %}", skus: "{% $states.input.items.skus %}" },
            end: true,
        },
    },
};

fn main() {
    let _ = &ORDER;
}
