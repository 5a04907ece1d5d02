use sfn_runtime::shape::TaskInput;

struct Money {
    cents: u64,
}

#[derive(TaskInput)]
struct Order {
    id: String,
    total: Money,
    history: Vec<Money>,
    #[serde(skip)]
    cache: Money,
    #[serde(with = "money")]
    paid: Money,
}

#[derive(TaskInput)]
#[serde(from = "Money")]
struct Total(u64);

#[derive(TaskInput)]
enum Payment {
    Card(Money),
    Cash { amount: Money },
}

fn main() {}
