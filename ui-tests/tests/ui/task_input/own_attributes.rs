use sfn_runtime::TaskInput;

#[derive(TaskInput)]
#[task_input(any)]
#[allow(dead_code)]
struct OnTheType {
    id: String,
}

#[derive(TaskInput)]
#[allow(dead_code)]
struct UnknownKey {
    #[task_input(anything)]
    id: String,
}

fn main() {}
