//! Executions per second of sfn-local, in-process: `cargo bench -p sfn-local`.
//!
//! Two machines, the same files `benches/executor.sh` runs through `sfn run` and moto:
//!
//! - `executions/five_states`: `machines/five.asl.json`, five states all visited (Pass with
//!   `States.MathAdd`, Choice, Pass, Pass with `States.Format`, Succeed);
//! - `executions/map_1000`: `machines/map.asl.json`, an inline Map over 1,000 items, each
//!   through a Pass with `States.MathAdd`, a Choice and a Pass with `States.Format`.
//!
//! One iteration is one whole execution (`Machine::run` with its history), so criterion's
//! throughput, in elements per second, is executions per second. The definition is parsed
//! once, outside the timed loop; each execution gets its own copy of the input, made outside
//! the timed loop too. Dropping the finished execution (its history) is timed: a caller that
//! runs executions one after another pays for it.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use serde_json::{json, Value};
use sfn_local::{Machine, Mocks, Status};

const FIVE_STATES: &str = include_str!("machines/five.asl.json");
const MAP: &str = include_str!("machines/map.asl.json");

/// The number of items of the Map benchmark.
const MAP_ITEMS: u64 = 1_000;

fn machine(name: &str, text: &str) -> Machine {
    Machine::from_json(text).unwrap_or_else(|diagnostics| {
        let shown: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        panic!("{name} is not a valid definition: {}", shown.join("; "))
    })
}

/// Runs once untimed: a benchmark of an execution that fails would measure the wrong thing.
fn check(name: &str, machine: &Machine, input: &Value, states: usize) {
    let run = machine.run(input.clone(), Mocks::new());
    assert_eq!(
        run.status,
        Status::Succeeded,
        "{name} did not succeed: {:?}: {:?}",
        run.error,
        run.cause
    );
    assert_eq!(run.states_visited().len(), states, "{name}: states entered");
}

fn executions(c: &mut Criterion) {
    let five = machine("five.asl.json", FIVE_STATES);
    let five_input = json!({"order": "A-7", "price": 95, "shipping": 12});
    check("five.asl.json", &five, &five_input, 5);

    let map = machine("map.asl.json", MAP);
    let map_input = json!({"items": (0..MAP_ITEMS).collect::<Vec<u64>>()});
    // The Map, its last Pass, and three states per item.
    check("map.asl.json", &map, &map_input, 2 + 3 * MAP_ITEMS as usize);

    let mut group = c.benchmark_group("executions");
    group.throughput(Throughput::Elements(1));
    group.bench_function("five_states", |b| {
        b.iter_batched(
            || five_input.clone(),
            |input| black_box(five.run(black_box(input), Mocks::new())).status,
            BatchSize::SmallInput,
        );
    });
    // Milliseconds per execution: fewer, longer samples.
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("map_1000", |b| {
        b.iter_batched(
            || map_input.clone(),
            |input| black_box(map.run(black_box(input), Mocks::new())).status,
            BatchSize::SmallInput,
        );
    });
    group.finish();
}

criterion_group!(benches, executions);
criterion_main!(benches);
