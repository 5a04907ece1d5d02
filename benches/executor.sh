#!/usr/bin/env bash
# How fast sfn-local runs state machines, next to moto's Step Functions interpreter.
#
# Usage: bash benches/executor.sh            (from anywhere)
#
# The machines are sfn-local/benches/machines/*.asl.json, the same files for every runner:
#   map.asl.json   an inline Map over $.items; per item a Pass with States.MathAdd, a Choice
#                  (And, NumericGreaterThanEquals, IsNumeric) and a Pass with States.Format
#   five.asl.json  five states, all visited: Pass (States.MathAdd), Choice, Pass,
#                  Pass (States.Format), Succeed
#
# What it measures:
#   1. The Map over 1,000 items through `sfn run` (release build, one process per run:
#      process start, validation, the run and the printed output all included; median wall
#      time of SFN_BENCH_RUNS runs), against the same execution in moto 5.2.5 in-process
#      (`mock_aws` with `{"stepfunctions": {"execute_state_machine": True}}`, moto's ASL
#      interpreter): the time from StartExecution until DescribeExecution reports a final
#      status, polled with a back-off from 1 ms to 20 ms, median of SFN_BENCH_MOTO_RUNS runs
#      after an untimed one. Both outputs are checked equal first (and the five-state
#      machine's too).
#   2. Executions per second in-process: `cargo bench -p sfn-local --bench run` (criterion,
#      sfn-local/benches/run.rs) for the five-state machine and the 1,000-item Map, read
#      from criterion's estimates. moto's five-state executions per second are shown beside.
#   3. Peak memory (maximum resident set size) of `sfn run` on a Map over 100,000 items (the
#      same map.asl.json), with `/usr/bin/time -v`, or python's
#      getrusage(RUSAGE_CHILDREN) where that is missing; the execution's status is printed
#      beside it. Step Functions fails an execution at 25,000 history events, and sfn-local
#      does the same: an inline Map over 100,000 items (8 events each here) fails after about
#      3,100 of them, so this is the memory of that failing run, with the whole input held.
#
# Environment:
#   SFN_BENCH_RUNS        timed `sfn run` runs per machine (default: 10).
#   SFN_BENCH_MOTO_RUNS   timed moto runs of the 1,000-item Map (default: 3; each takes
#                         seconds). The five-state machine gets 10 times as many.
#   SFN_BENCH_CRITERION   0 to skip `cargo bench` (default: 1).
#   SFN_BENCH_VENV        the virtualenv for moto (default: <repo>/target/executor-bench-venv).
#
# moto and its dependencies are installed from PyPI into the venv with the pins of
# examples/aws-sdk/moto-requirements.txt while they are moto 5.2.5's (moto==5.2.5 alone once
# they move on). Requires bash, python3 (3.10 or later, with venv and pip) and cargo. The
# table goes to stdout; progress and build output go to stderr. Not run by `cargo test` or
# CI: it takes a few minutes.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"

RUNS="${SFN_BENCH_RUNS:-10}"
MOTO_RUNS="${SFN_BENCH_MOTO_RUNS:-3}"
CRITERION="${SFN_BENCH_CRITERION:-1}"
VENV="${SFN_BENCH_VENV:-$ROOT/target/executor-bench-venv}"
REQUIREMENTS="$ROOT/examples/aws-sdk/moto-requirements.txt"
MACHINES="$ROOT/sfn-local/benches/machines"
MOTO_VERSION_WANTED=5.2.5

say() { printf '%s\n' "$*" >&2; }
die() { say "executor.sh: $*"; exit 1; }

[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "SFN_BENCH_RUNS must be a positive integer, got '$RUNS'"
[[ "$MOTO_RUNS" =~ ^[1-9][0-9]*$ ]] || die "SFN_BENCH_MOTO_RUNS must be a positive integer, got '$MOTO_RUNS'"
[[ "$CRITERION" == 0 || "$CRITERION" == 1 ]] || die "SFN_BENCH_CRITERION must be 0 or 1, got '$CRITERION'"
command -v python3 >/dev/null || die "python3 is required"
command -v cargo >/dev/null || die "cargo is required"
for f in "$REQUIREMENTS" "$MACHINES/map.asl.json" "$MACHINES/five.asl.json"; do
  [[ -f "$f" ]] || die "missing $f"
done
# The example's pins when they are moto's version of this benchmark; moto alone otherwise.
if grep -Eq "^moto(\[[a-z,]+\])?==${MOTO_VERSION_WANTED//./\\.}\$" "$REQUIREMENTS"; then
  PIP_ARGS=(--requirement "$REQUIREMENTS")
else
  say "note: $REQUIREMENTS does not pin moto $MOTO_VERSION_WANTED; installing moto==$MOTO_VERSION_WANTED alone"
  PIP_ARGS=("moto==$MOTO_VERSION_WANTED")
fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/sfn-executor-bench.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

# --- 1. moto --------------------------------------------------------------------
say "==> moto $MOTO_VERSION_WANTED in $VENV"
if [[ ! -x "$VENV/bin/python" ]]; then
  mkdir -p "$(dirname "$VENV")"
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input "${PIP_ARGS[@]}" >&2

# --- 2. sfn and the criterion benchmark ---------------------------------------------
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
[[ "$TARGET_DIR" = /* ]] || TARGET_DIR="$ROOT/$TARGET_DIR"
say "==> building sfn (release)"
(cd "$ROOT" && cargo build --release -p sfn-cli) >&2
SFN="$TARGET_DIR/release/sfn"
[[ -x "$SFN" ]] || die "sfn binary not found at $SFN"

# --- 3. sfn run and moto: checks, times and memory (python, in moto's venv) ---------------
say "==> sfn run and moto"
"$VENV/bin/python" - "$SFN" "$MACHINES" "$TMP" "$RUNS" "$MOTO_RUNS" >"$TMP/results.json" <<'PY'
import json
import os
import re
import statistics
import subprocess
import sys
import time

sfn, machines, tmp, runs, moto_runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
MAP_ITEMS, BIG_ITEMS = 1_000, 100_000


def say(*a):
    print(*a, file=sys.stderr, flush=True)


def fail(msg):
    say(f"executor.sh: {msg}")
    sys.exit(1)


def write(name, value):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        json.dump(value, f, separators=(",", ":"))
    return path


definitions = {m: os.path.join(machines, f"{m}.asl.json") for m in ("five", "map")}
trivial = os.path.join(tmp, "trivial.asl.json")
with open(trivial, "w") as f:
    f.write('{"StartAt": "Only", "States": {"Only": {"Type": "Pass", "End": true}}}')
inputs = {
    "five": {"order": "A-7", "price": 95, "shipping": 12},
    "map": {"items": list(range(MAP_ITEMS))},
}
input_files = {m: write(f"{m}.input.json", v) for m, v in inputs.items()}
big_input = write("big.input.json", {"items": list(range(BIG_ITEMS))})


def sfn_run(definition, input_file):
    cmd = [sfn, "run", "--input-file", input_file, definition]
    p = subprocess.run(cmd, capture_output=True, text=True)
    try:
        return json.loads(p.stdout)
    except ValueError:
        fail(f"`{' '.join(cmd)}` printed no JSON (exit {p.returncode}): {p.stderr.strip()}")


# sfn's outputs: every machine must succeed before anything is timed.
sfn_out = {}
for m in ("five", "map"):
    r = sfn_run(definitions[m], input_files[m])
    if r.get("status") != "SUCCEEDED":
        fail(f"sfn run {m}.asl.json: {r.get('status')}: {r.get('error')}: {r.get('cause')}")
    sfn_out[m] = r["output"]


def time_sfn(definition, input_file, n):
    cmd = [sfn, "run", "--input-file", input_file, definition]
    times = []
    for _ in range(n):
        start = time.perf_counter()
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
        if p.returncode != 0:
            fail(f"`{' '.join(cmd)}` exited {p.returncode}")
    return times


say(f"  sfn run: {runs} timed runs of each machine (one untimed run before)")
empty = write("empty.input.json", {})
sfn_times = {}
# Machines take turns within each round, so that a drift in load spreads over all of them.
for name in ("trivial", "five", "map"):
    sfn_times[name] = []
for _ in range(runs):
    sfn_times["trivial"] += time_sfn(trivial, empty, 1)
    sfn_times["five"] += time_sfn(definitions["five"], input_files["five"], 1)
    sfn_times["map"] += time_sfn(definitions["map"], input_files["map"], 1)


def peak_rss_kib(cmd):
    """Maximum resident set size of one run of cmd, in KiB; and its stdout."""
    out_path = os.path.join(tmp, "rss.out")
    gnu_time = "/usr/bin/time"
    if os.access(gnu_time, os.X_OK):
        report = os.path.join(tmp, "time.txt")
        with open(out_path, "w") as out:
            subprocess.run([gnu_time, "-v", "-o", report, *cmd], stdout=out, stderr=subprocess.DEVNULL)
        with open(report) as f:
            m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", f.read())
        if not m:
            fail("/usr/bin/time -v printed no maximum resident set size")
        kib, how = int(m.group(1)), "/usr/bin/time -v"
    else:
        # A fresh interpreter whose only child is cmd: RUSAGE_CHILDREN's maximum is cmd's.
        probe = ("import resource, subprocess, sys\n"
                 "with open(sys.argv[1], 'w') as out:\n"
                 "    subprocess.run(sys.argv[2:], stdout=out, stderr=subprocess.DEVNULL)\n"
                 "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
        p = subprocess.run([sys.executable, "-c", probe, out_path, *cmd], capture_output=True, text=True, check=True)
        kib, how = int(p.stdout.strip()), "getrusage(RUSAGE_CHILDREN)"
    with open(out_path) as f:
        text = f.read()
    try:
        result = json.loads(text)
    except ValueError:
        result = {"status": "no JSON output"}
    return kib, how, result


say(f"  sfn run: peak memory of the Map over {BIG_ITEMS:,} items")
memory = {}
for name, definition, input_file in (
    ("trivial", trivial, empty),
    ("map", definitions["map"], input_files["map"]),
    ("big", definitions["map"], big_input),
):
    kib, how, result = peak_rss_kib([sfn, "run", "--input-file", input_file, definition])
    memory[name] = {
        "kib": kib,
        "how": how,
        "status": result.get("status"),
        "error": result.get("error"),
        "cause": result.get("cause"),
    }

# moto, in this process.
for var in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL",
            "AWS_ENDPOINT_URL_SFN", "AWS_DEFAULT_REGION"):
    os.environ.pop(var, None)
os.environ.update({
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_REGION": "us-east-1",
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
})
say("  moto: loading")
import boto3  # noqa: E402
import moto  # noqa: E402
from moto import mock_aws  # noqa: E402

FINAL = {"SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"}
ROLE = "arn:aws:iam::123456789012:role/sfn-executor-bench"


@mock_aws(config={"stepfunctions": {"execute_state_machine": True}})
def run_moto():
    client = boto3.client("stepfunctions", region_name="us-east-1")
    arns = {}
    for m in ("five", "map"):
        with open(definitions[m]) as f:
            arns[m] = client.create_state_machine(name=f"bench-{m}", definition=f.read(), roleArn=ROLE)["stateMachineArn"]
    counter = [0]

    def execute(m):
        """One execution: seconds from StartExecution to a final status, and the description."""
        counter[0] += 1
        text = json.dumps(inputs[m])
        start = time.perf_counter()
        arn = client.start_execution(stateMachineArn=arns[m], name=f"run-{counter[0]}", input=text)["executionArn"]
        pause = 0.001
        while True:
            d = client.describe_execution(executionArn=arn)
            if d["status"] in FINAL:
                return time.perf_counter() - start, d
            time.sleep(pause)
            pause = min(pause * 1.5, 0.020)

    out, times = {}, {}
    for m in ("five", "map"):
        say(f"  moto: {m}.asl.json, untimed run and check against sfn run")
        _, d = execute(m)
        if d["status"] != "SUCCEEDED":
            fail(f"moto: {m}.asl.json {d['status']}: {d.get('error')}: {d.get('cause')}")
        out[m] = json.loads(d["output"])
        if out[m] != sfn_out[m]:
            a, b = json.dumps(sfn_out[m], sort_keys=True), json.dumps(out[m], sort_keys=True)
            i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
            fail(f"{m}.asl.json: sfn run and moto give different outputs; first difference at "
                 f"character {i}: sfn {a[max(0, i - 40):i + 40]!r} / moto {b[max(0, i - 40):i + 40]!r}")
    for m, n in (("five", 10 * moto_runs), ("map", moto_runs)):
        say(f"  moto: {m}.asl.json, {n} timed runs")
        times[m] = [execute(m)[0] for _ in range(n)]
    return times


moto_times = run_moto()
json.dump({
    "sfn_times": sfn_times,
    "moto_times": moto_times,
    "memory": memory,
    "moto_version": moto.__version__,
    "python_version": sys.version.split()[0],
    "map_items": MAP_ITEMS,
    "big_items": BIG_ITEMS,
}, sys.stdout)
PY

# --- 4. in-process executions per second (criterion) ----------------------------------
CRITERION_DIR="$TMP/criterion"
if [[ "$CRITERION" == 1 ]]; then
  say "==> cargo bench -p sfn-local --bench run"
  (cd "$ROOT" && CRITERION_HOME="$CRITERION_DIR" cargo bench -p sfn-local --bench run) >&2
fi

# --- 5. report --------------------------------------------------------------------
python3 - "$TMP/results.json" "$CRITERION_DIR" "$RUNS" "$MOTO_RUNS" "$(nproc)" "$(rustc --version)" <<'PY'
import json
import os
import statistics
import sys

results, criterion_dir, runs, moto_runs, nproc, rustc = sys.argv[1:7]
r = json.load(open(results))
sfn = {k: statistics.median(v) for k, v in r["sfn_times"].items()}
moto = {k: statistics.median(v) for k, v in r["moto_times"].items()}
items, big = r["map_items"], r["big_items"]


def criterion(bench):
    """Seconds per execution from criterion's estimates (the slope when it has one)."""
    path = os.path.join(criterion_dir, "executions", bench, "new", "estimates.json")
    if not os.path.exists(path):
        return None
    e = json.load(open(path))
    est = e.get("slope") or e["mean"]
    return est["point_estimate"] / 1e9


def ms(s):
    return f"{s * 1e3:.3g} ms" if s < 1 else f"{s:.2f} s"


def rate(s):
    return f"{1 / s:,.0f}/s"


in_five, in_map = criterion("five_states"), criterion("map_1000")
print(f"sfn-local vs moto {r['moto_version']} (python {r['python_version']}); {rustc}; nproc {nproc}")
print(f"sfn run: median of {runs} runs, process start included; "
      f"moto: median of {moto_runs} (Map) / {10 * int(moto_runs)} (five states) runs, StartExecution to final status")
print("outputs of sfn run and moto checked equal for both machines")
print()
print(f"{'what':<44} {'sfn-local':>14} {'moto':>12} {'moto / sfn':>11}")
print(f"{'-' * 44} {'-' * 14} {'-' * 12} {'-' * 11}")
print(f"{f'Map over {items:,} items, sfn run (process)':<44} {ms(sfn['map']):>14} {ms(moto['map']):>12} "
      f"{moto['map'] / sfn['map']:>10,.0f}x")
if in_map:
    print(f"{f'Map over {items:,} items, in-process':<44} {ms(in_map):>14} {ms(moto['map']):>12} "
          f"{moto['map'] / in_map:>10,.0f}x")
print(f"{'five states, sfn run (process)':<44} {ms(sfn['five']):>14} {ms(moto['five']):>12} "
      f"{moto['five'] / sfn['five']:>10,.0f}x")
if in_five:
    print(f"{'five states, in-process':<44} {ms(in_five):>14} {ms(moto['five']):>12} "
          f"{moto['five'] / in_five:>10,.0f}x")
print(f"{'one Pass state, sfn run (process start)':<44} {ms(sfn['trivial']):>14}")
print()
if in_five:
    print(f"executions per second in-process (criterion): five states {rate(in_five)}"
          + (f", Map over {items:,} items {rate(in_map)} ({(2 + 3 * items) / in_map:,.0f} states/s)" if in_map else ""))
    print(f"moto: five states {rate(moto['five'])}, Map over {items:,} items {rate(moto['map'])}")
else:
    print("executions per second in-process: skipped (SFN_BENCH_CRITERION=0)")
print()
mem = r["memory"]
how = mem["big"]["how"]
print(f"peak memory of sfn run ({how}):")
for key, label in (("trivial", "one Pass state"), ("map", f"Map over {items:,} items"), ("big", f"Map over {big:,} items")):
    m = mem[key]
    status = m["status"] if m["status"] == "SUCCEEDED" else f"{m['status']}: {m['error']}: {m['cause']}"
    print(f"  {label:<24} {m['kib'] / 1024:8.1f} MiB   {status}")
PY
