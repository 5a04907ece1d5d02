#!/usr/bin/env bash
# Compile-time cost of the type checks of `asl!`: the same machines with `input: Type`,
# `result_type: Type` and a typed payload, and without (plain paths and a payload object).
#
# Usage: benches/typed_compile_time.sh     (SFN_BENCH_RUNS, default 5; SFN_BENCH_MACHINES,
#                                           default 50; CARGO_INCREMENTAL=0 to recompile
#                                           the whole crate each time, as on CI)
#
# Generates a throwaway workspace with two crates, `typed` and `untyped`, each holding the
# same machines (6 states: Choice, Task with a typed payload and result, Map over the
# input's items, Pass states reading the result), builds both once, then rebuilds each
# alone (`touch src/lib.rs`) alternately and prints the median and minimum wall times and
# the difference per machine. The typed crate pays for the derives, the flow constants and
# one constant check per path, which rustc evaluates.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${SFN_BENCH_RUNS:-5}"
N="${SFN_BENCH_MACHINES:-50}"
WORK="${SFN_BENCH_DIR:-$(mktemp -d)}"
[ -n "${SFN_BENCH_DIR:-}" ] || trap 'rm -rf "$WORK"' EXIT

python3 - "$WORK" "$ROOT" "$N" <<'PY'
import sys, pathlib
work, root, n = pathlib.Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
(work / "Cargo.toml").write_text(f'''[workspace]
members = ["typed", "untyped"]
resolver = "2"
[workspace.dependencies]
sfn-runtime = {{ path = "{root}/sfn-runtime" }}
serde = {{ version = "1", features = ["derive"] }}
''')
types = '''
#[derive(serde::Deserialize, TaskInput)]
#[serde(rename_all = "camelCase")]
pub struct Order { pub order_id: String, pub photo: Photo, pub items: Vec<Item>, pub priority: Option<u8> }
#[derive(serde::Deserialize, TaskInput)]
pub struct Photo { pub bucket: String, pub key: String }
#[derive(serde::Deserialize, TaskInput)]
pub struct Item { pub sku: String, pub quantity: u32 }
#[derive(serde::Deserialize, TaskInput)]
#[serde(rename_all = "camelCase")]
pub struct Request { pub source_bucket: String, pub source_key: String, pub width: u32 }
#[derive(serde::Deserialize, TaskInput)]
pub struct Thumbnail { pub url: String, pub bytes: u64 }
'''
def machine(i, typed):
    head = "input: Order,\n" if typed else ""
    payload = ("Request { source_bucket: $.photo.bucket, source_key: $.photo.key, width: 200 }" if typed
               else "{ sourceBucket: $.photo.bucket, sourceKey: $.photo.key, width: 200 }")
    result = "result_type: Thumbnail," if typed else ""
    return f'''pub static M{i}: StateMachine = asl! {{
    {head}start_at: Check,
    states: {{
        Check: Choice {{ choices: [{{ variable: $.priority, is_present: true, next: Thumb }}], default: Thumb }},
        Thumb: Task {{
            resource: "arn:aws:states:::lambda:invoke",
            parameters: {{ FunctionName: "thumbnail-{i}", Payload: {payload} }},
            {result}
            result_selector: {{ url: $.Payload.url, bytes: $.Payload.bytes }},
            result_path: $.thumbnail,
            next: Lines,
        }},
        Lines: Map {{
            items_path: $.items,
            item_processor: {{ start_at: Line, states: {{ Line: Pass {{ parameters: {{ sku: $.sku, n: $.quantity }}, end: true }} }} }},
            result_path: null,
            next: Report,
        }},
        Report: Pass {{ parameters: {{ id: $.orderId, url: $.thumbnail.url }}, next: Done }},
        Done: Succeed,
    }},
}};
'''
for name, typed in [("typed", True), ("untyped", False)]:
    d = work / name / "src"
    d.mkdir(parents=True)
    (work / name / "Cargo.toml").write_text(f'''[package]
name = "{name}"
version = "0.0.0"
edition = "2021"
[dependencies]
sfn-runtime.workspace = true
serde.workspace = true
''')
    imports = "asl, StateMachine, TaskInput" if typed else "asl, StateMachine"
    body = "#![allow(dead_code)]\nuse sfn_runtime::{" + imports + "};\n" + (types if typed else "")
    body += "".join(machine(i, typed) for i in range(n))
    (d / "lib.rs").write_text(body)
PY
cp "$ROOT/Cargo.lock" "$WORK/Cargo.lock"
cd "$WORK"
cargo build -q -p typed -p untyped 2>&1 >&2
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
minimum() { sort -n | head -1; }
declare -A times
for run in $(seq "$RUNS"); do
    for crate in typed untyped; do
        touch "$crate/src/lib.rs"
        start=$(date +%s.%N)
        cargo build -q -p "$crate"
        end=$(date +%s.%N)
        times[$crate]+="$(echo "$end - $start" | bc) "
    done
done
printf '%-8s %10s %10s\n' crate median_s min_s
for crate in typed untyped; do
    med=$(echo "${times[$crate]}" | tr ' ' '\n' | grep . | median)
    min=$(echo "${times[$crate]}" | tr ' ' '\n' | grep . | minimum)
    printf '%-8s %10.3f %10.3f\n' "$crate" "$med" "$min"
done
t=$(echo "${times[typed]}" | tr ' ' '\n' | grep . | median)
u=$(echo "${times[untyped]}" | tr ' ' '\n' | grep . | median)
printf 'type checks add %.1f ms per machine (%d machines, median of %d)\n' \
    "$(echo "($t - $u) * 1000 / $N" | bc -l)" "$N" "$RUNS"
