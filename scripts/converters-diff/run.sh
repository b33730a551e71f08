#!/usr/bin/env bash
# Differential check of the converters and YAML write-back against pvi 0.14.4.
# Installs pvi 0.14.4 from PyPI into .venv-pvi/ (about 30 s), builds the
# release binary, then runs pvi_diff.py from this folder (about 1 min) and the
# convert/, reconvert/, regroup/ conformance cases when ../shared is present.
# No network besides PyPI; starts no servers.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$HERE/../.."
ROOT=$PWD
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
if [ ! -x .venv-pvi/bin/pvi ]; then
    python3 -m venv .venv-pvi
    timeout 600 .venv-pvi/bin/pip install --quiet "pvi==0.14.4"
fi
cargo build --release -p pvi-cli
timeout 900 .venv-pvi/bin/python "$HERE/pvi_diff.py" .venv-pvi/bin/pvi "$TARGET/release/pvi" --count 300 --seed "${SEED:-1}"
SUITE=${SUITE:-$ROOT/../shared/conformance}
if [ -x "$SUITE/run" ]; then
    timeout 300 "$SUITE/run" --pvi "$TARGET/release/pvi" --filter convert/ --filter reconvert/ --filter regroup/
fi
