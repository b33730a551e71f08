#!/usr/bin/env bash
# Benchmark (not a test): ibek 4.8.2's IOC start step with pvi 0.14.4 and with
# pvi-rs installed in its place, `--no-pvi`, and `import pvi` (bench.py); the
# wheel's size. Uses the venvs of scripts/python-consumers/run.sh (run it
# first). Usage: scripts/bench-python/run.sh [RUNS]   (default 10)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
runs="${1:-10}"
for v in ibek-pvi ibek-rs; do
    [ -x ".venv-consumer-$v/bin/ibek" ] || { echo "run scripts/python-consumers/run.sh first"; exit 1; }
done
python3 scripts/bench-python/bench.py "$repo/.venv-consumer-ibek-pvi" "$repo/.venv-consumer-ibek-rs" "$repo" "$runs"
whl="$(ls dist/pvi_rs-*manylinux2014*.whl | head -1)"
echo "wheel $(basename "$whl"): $(du -k "$whl" | cut -f1) KiB; installed: $(du -sk .venv-consumer-ibek-rs/lib/python3*/site-packages/pvi_rs .venv-consumer-ibek-rs/lib/python3*/site-packages/pvi .venv-consumer-ibek-rs/bin/pvi | awk '{s+=$1} END {print s}') KiB"
