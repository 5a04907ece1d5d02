use sfn_runtime::shape::TaskInput;

#[derive(TaskInput)]
struct Page<T> {
    items: Vec<T>,
}

#[derive(TaskInput)]
struct Sized<const N: usize> {
    bytes: [u8; N],
}

#[derive(TaskInput)]
union Bits {
    int: u32,
    float: f32,
}

fn main() {
    // No follow-on errors where the types are used.
    let _ = <Page<u8> as TaskInput>::SHAPE;
    let _ = <Sized<4> as TaskInput>::SHAPE;
    let _ = Bits::SHAPE;
}
