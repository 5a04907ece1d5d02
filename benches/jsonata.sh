#!/usr/bin/env bash
# How fast sfn evaluates JSONata, next to the `jsonata` npm package 2.0.6 (the version Step
# Functions runs) on the same expressions and input.
#
# Usage: bash benches/jsonata.sh            (from anywhere)
#
# The expressions and input are sfn-local/benches/jsonata-expressions.json. For each, the
# median time of one evaluation: in node, `jsonata(expr).evaluate({}, {states: {input}})`
# (compiled once, 500 untimed runs, then timed batches); in Rust, criterion's estimate from
# `cargo bench -p sfn-local --bench jsonata` (parsed once, `$states` bound). Prints both and
# the ratio. jsonata@2.0.6 is installed with npm into target/jsonata-bench-node. Requires
# bash, node 18 or later, npm, python3 and cargo. Not run by `cargo test` or CI.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
NODE_DIR="$ROOT/target/jsonata-bench-node"
EXPRESSIONS="$ROOT/sfn-local/benches/jsonata-expressions.json"

say() { printf '%s\n' "$*" >&2; }
die() { say "jsonata.sh: $*"; exit 1; }
for tool in node npm python3 cargo; do
  command -v "$tool" >/dev/null || die "$tool is required"
done

if [[ ! -f "$NODE_DIR/node_modules/jsonata/package.json" ]]; then
  say "==> installing jsonata@2.0.6 in $NODE_DIR"
  mkdir -p "$NODE_DIR"
  npm install --prefix "$NODE_DIR" --no-audit --no-fund --no-save jsonata@2.0.6 >&2
fi
version="$(node -e "console.log(require('$NODE_DIR/node_modules/jsonata/package.json').version)")"
[[ "$version" == "2.0.6" ]] || die "expected jsonata 2.0.6, found $version"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/sfn-jsonata-bench.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

say "==> jsonata $version in node $(node --version)"
NODE_PATH="$NODE_DIR/node_modules" node - "$EXPRESSIONS" > "$TMP/node.json" <<'JS'
const fs = require('fs');
const jsonata = require('jsonata');
const file = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const bindings = { states: { input: file.input } };
(async () => {
  const out = {};
  for (const [name, text] of Object.entries(file.expressions)) {
    const expr = jsonata(text);
    for (let i = 0; i < 500; i++) await expr.evaluate({}, bindings);
    const samples = [];
    for (let s = 0; s < 15; s++) {
      const n = 200;
      const t = process.hrtime.bigint();
      for (let i = 0; i < n; i++) await expr.evaluate({}, bindings);
      samples.push(Number(process.hrtime.bigint() - t) / n);
    }
    samples.sort((a, b) => a - b);
    out[name] = samples[Math.floor(samples.length / 2)];
  }
  console.log(JSON.stringify(out));
})();
JS

say "==> cargo bench -p sfn-local --bench jsonata"
CRITERION="$TMP/criterion"
(cd "$ROOT" && CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}" \
  cargo bench -p sfn-local --bench jsonata -- --noplot >&2)
cp -r "${CARGO_TARGET_DIR:-$ROOT/target}/criterion" "$CRITERION"

python3 - "$TMP/node.json" "$CRITERION" "$EXPRESSIONS" <<'PY'
import json, os, statistics, sys
node = json.load(open(sys.argv[1]))
crit = sys.argv[2]
names = list(json.load(open(sys.argv[3]))["expressions"])
def rust(name):
    est = json.load(open(os.path.join(crit, "jsonata", name, "new", "estimates.json")))
    return (est.get("slope") or est["mean"])["point_estimate"]
print(f"{'expression':<18} {'sfn':>10} {'jsonata 2.0.6':>14} {'ratio':>8}")
ratios = []
for n in names:
    r, j = rust(n), node[n]
    ratios.append(j / r)
    print(f"{n:<18} {r/1000:>8.2f}us {j/1000:>12.2f}us {j/r:>7.1f}x")
print(f"geometric mean: sfn is {statistics.geometric_mean(ratios):.1f}x faster")
PY
