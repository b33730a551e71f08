#!/usr/bin/env bash
# The start-script recipe of docs/ioc-start-script.md, as written there:
# `ibek runtime generate2 --no-pvi`, `pvi ioc generate`, pvi.subst appended to
# ioc.subst. On every IOC fixture under fixtures/ioc/*/ (each an EPICS_ROOT:
# pvi-defs/, ibek-defs/, ioc/config/ioc.yaml) its opi/ and runtime/ must be
# byte-identical, file by file, to a full `ibek runtime generate2` with pvi 0.14.4;
# then both are timed (median of RUNS) for the docs' table.
#
# Installs: a venv in .venv-ioc-recipe/ with ibek 4.8.2 and pvi 0.14.4 from PyPI, on
# Python 3.13 (PATH, then pyenv): ibek declares Python >= 3.13, and generate2's
# discovery of support files (Path.glob(recurse_symlinks=...)) fails on 3.11.
# Needs cargo. Takes about 1.5 minutes with 5 runs.
# Usage: scripts/ioc-start-recipe/run.sh [RUNS]   (default 5)
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
. scripts/lib/python.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
venv="$repo/.venv-ioc-recipe"

if [ ! -x "$venv/bin/ibek" ]; then
    py313="$(python_for 3.13)"
    [ -n "$py313" ] || { echo "ioc-start-recipe: needs python3.13 (ibek 4.8.2's generate2)"; exit 1; }
    echo "ioc-start-recipe: installing ibek 4.8.2 and pvi 0.14.4 into $venv ($py313)"
    rm -rf "$venv"
    "$py313" -m venv "$venv"
    timeout 600 "$venv/bin/pip" install -q "ibek==4.8.2" "pvi==0.14.4"
fi
timeout 1800 cargo build --release -q -p pvi-cli

timeout 1200 python3 "$repo/scripts/ioc-start-recipe/recipe.py" \
    "$venv" "$CARGO_TARGET_DIR/release/pvi" "$repo" "${1:-5}"
