#!/usr/bin/env bash
# pvi 0.14.4's own goldens, reproducible by anyone: downloads pvi's sdist from PyPI,
# unpacks it, and runs every golden case of its tests/test_cli.py and tests/test_api.py
# with the release binary in pvi's place, comparing the outputs byte for byte with the
# sdist's expected files (goldens.py says how each test maps to a command line).
# Cases listed in conformance-deviations.tsv run with --pvi-compat; one that still
# differs counts as a deviation, not a failure.
#
# Installs: a venv in .venv-pvi-goldens/ (python3, PyYAML) holding the sdist. Needs
# cargo. Takes a few seconds after the release build.
# Usage: scripts/pvi-goldens/run.sh
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
here="$repo/scripts/pvi-goldens"
cd "$repo"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
venv="$repo/.venv-pvi-goldens"
sdist="$venv/sdist/pvi-0.14.4"

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import yaml' 2>/dev/null; then
    echo "pvi-goldens: installing PyYAML into $venv"
    rm -rf "$venv"
    python3 -m venv "$venv"
    timeout 300 "$venv/bin/pip" install -q "PyYAML==6.0.3"
fi
if [ ! -f "$sdist/tests/test_cli.py" ]; then
    echo "pvi-goldens: downloading pvi 0.14.4's sdist from PyPI"
    rm -rf "$venv/sdist"
    mkdir -p "$venv/sdist"
    timeout 300 "$venv/bin/pip" download -q --no-deps --no-binary :all: \
        -d "$venv/sdist" "pvi==0.14.4"
    tar -xzf "$venv/sdist/pvi-0.14.4.tar.gz" -C "$venv/sdist"
fi
timeout 1800 cargo build --release -q -p pvi-cli

timeout 600 "$venv/bin/python" "$here/goldens.py" --sdist "$sdist" \
    --pvi "$CARGO_TARGET_DIR/release/pvi" --deviations "$repo/conformance-deviations.tsv"
