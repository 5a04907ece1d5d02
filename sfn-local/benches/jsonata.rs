//! JSONata evaluations per second, the expressions of `jsonata-expressions.json` (the same
//! file `benches/jsonata.sh` gives the `jsonata` npm package 2.0.6): `cargo bench -p
//! sfn-local --bench jsonata`. Each expression is parsed and compiled once and `$states` is
//! converted once, outside the timed loop, as the executor does for a state's fields.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::{json, Value};
use sfn_core::jsonata::{eval, parse};

fn evaluations(c: &mut Criterion) {
    let file: Value = serde_json::from_str(include_str!("jsonata-expressions.json")).unwrap();
    let mut bindings = serde_json::Map::new();
    bindings.insert("states".into(), json!({"input": file["input"]}));
    let bindings = eval::Bindings::new(&bindings);
    let mut group = c.benchmark_group("jsonata");
    for (name, text) in file["expressions"].as_object().unwrap() {
        let limits = eval::Limits::default();
        let expr = eval::compile(&parse(text.as_str().unwrap()).unwrap(), &limits).unwrap();
        let mut host = sfn_local::JsonataHost::new(0, 1);
        // An expression that fails or gives nothing would measure the wrong thing.
        let first = eval::evaluate_compiled(&expr, None, &bindings, &mut host, &limits);
        assert!(matches!(first, Ok(Some(_))), "{name}: {first:?}");
        group.bench_function(name.as_str(), |b| {
            b.iter(|| {
                black_box(eval::evaluate_compiled(
                    &expr, None, &bindings, &mut host, &limits,
                ))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, evaluations);
criterion_main!(benches);
