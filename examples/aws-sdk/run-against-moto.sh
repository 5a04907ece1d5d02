#!/usr/bin/env bash
# Runs the aws-sdk example against a local Step Functions: moto's server, installed from PyPI
# (the pins in moto-requirements.txt) into a venv in this folder's target/, started on
# 127.0.0.1 and stopped on exit.
#
# The example runs twice against the same server: the first run creates the state machine, the
# second finds and updates it. moto is told to execute state machines (its ASL engine), so each
# execution really runs the definition `asl!` produced, and its output is checked.
#
#   bash examples/aws-sdk/run-against-moto.sh
#
# Needs python3 (3.10 or later) and cargo. Exits non-zero on any failure.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
manifest="$here/Cargo.toml"
venv="$here/target/moto-venv"
python="${PYTHON:-python3}"

fail() {
    echo "run-against-moto: $*" >&2
    exit 1
}

echo "== moto's server, in $venv"
if [[ ! -x "$venv/bin/python" ]]; then
    mkdir -p "$here/target"
    "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
    --requirement "$here/moto-requirements.txt"

echo "== the example"
cargo build --quiet --manifest-path "$manifest"

port="$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
endpoint="http://127.0.0.1:$port"
log="$(mktemp)"
"$venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
moto_pid=$!
stop_moto() {
    kill "$moto_pid" 2>/dev/null || true
    wait "$moto_pid" 2>/dev/null || true
    rm -f "$log"
}
trap stop_moto EXIT
trap "exit 130" INT TERM

show_moto_log() {
    echo "--- moto's log (last lines)" >&2
    tail -n 20 "$log" >&2
}

# Wait until the server answers (at most 30 s), then turn on its ASL engine: without it, moto
# records executions but leaves them RUNNING forever.
"$venv/bin/python" - "$endpoint" "$moto_pid" <<'PY' || { show_moto_log; fail "moto's server did not start"; }
import json, os, sys, time, urllib.request

endpoint, pid = sys.argv[1], int(sys.argv[2])
deadline = time.monotonic() + 30
while True:
    try:
        urllib.request.urlopen(endpoint + "/moto-api/", timeout=2).read()
        break
    except OSError:
        try:
            os.kill(pid, 0)
        except OSError:
            sys.exit("moto's server exited")
        if time.monotonic() > deadline:
            sys.exit("moto's server did not answer within 30 s")
        time.sleep(0.2)

config = json.dumps({"stepfunctions": {"execute_state_machine": True}}).encode()
request = urllib.request.Request(
    endpoint + "/moto-api/config",
    data=config,
    headers={"Content-Type": "application/json"},
    method="POST",
)
urllib.request.urlopen(request, timeout=5).read()
PY
echo "moto's server answers at $endpoint"

# Only the dummy settings below: no profile, credentials or endpoint of the caller's.
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL_SFN AWS_DEFAULT_REGION
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
export AWS_ENDPOINT_URL="$endpoint" AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
export NO_PROXY="127.0.0.1${NO_PROXY:+,$NO_PROXY}" no_proxy="127.0.0.1${no_proxy:+,$no_proxy}"
export SFN_ROLE_ARN=arn:aws:iam::123456789012:role/sfn-example-aws-sdk
export SFN_STATE_MACHINE_NAME=sfn-example-greeter SFN_WAIT_SECONDS=30

machine_arn="arn:aws:states:us-east-1:123456789012:stateMachine:sfn-example-greeter"

# run_example DEPLOYED GREETING: runs the example and checks each line it must print.
run_example() {
    local output
    if ! output="$(cargo run --quiet --manifest-path "$manifest")"; then
        echo "$output"
        show_moto_log
        fail "the example failed"
    fi
    echo "$output"
    expect "$output" "state machine $1: $machine_arn"
    expect "$output" "execution status: SUCCEEDED"
    expect "$output" "execution output: {\"message\": \"$2\"}"
    grep -Eq "^execution started: arn:aws:states:us-east-1:123456789012:execution:sfn-example-greeter:greet-[0-9]+$" <<<"$output" ||
        fail "no execution was started"
}

expect() {
    grep -Fxq -- "$2" <<<"$1" || fail "expected the line: $2"
}

echo "== first run: creates the state machine"
run_example created "Hello, Ferris!"
echo "== second run: updates it"
run_example updated "Welcome back, Ferris!"
echo "run-against-moto: the example created, updated and ran the state machine"
