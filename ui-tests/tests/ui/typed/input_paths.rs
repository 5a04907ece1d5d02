use sfn_runtime::{asl, StateMachine, TaskInput};

#[derive(TaskInput)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct Order {
    order_id: String,
    customer: Customer,
    items: Vec<Item>,
}

#[derive(TaskInput)]
#[allow(dead_code)]
struct Customer {
    name: String,
}

#[derive(TaskInput)]
#[allow(dead_code)]
struct Item {
    sku: String,
}

static ORDER: StateMachine = asl! {
    input: Order,
    start_at: Check,
    states: {
        Check: Choice {
            choices: [{ variable: $.order_id, string_equals: "x", next: Each }],
            default: Each,
        },
        Each: Map {
            items_path: $.items,
            item_processor: {
                start_at: One,
                states: { One: Pass { parameters: { s: $.skus }, end: true } },
            },
            result_path: null,
            next: Done,
        },
        Done: Pass { parameters: { who: $.customer.nmae, first: $.items.sku, short: $.cust }, end: true },
    },
};

fn main() {
    let _ = &ORDER;
}
