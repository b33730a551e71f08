#!/usr/bin/env bash
# Side-by-side speed and memory table of pvi 0.14.4 vs pvi-rs, in one run:
# per-process `format` (.bob of a small, large and huge generated device;
# .edl and .adl of the large one), `generate-template`, `convert device`, and
# a corpus of 40 generated devices formatted in one process (pvi-rs on 1
# thread and on all cores). Medians of wall and CPU time, ratios, max RSS.
# Every output is first checked byte-identical with pvi 0.14.4 (exit 1 if not).
# Prints one Markdown table for docs/benchmarks.md (and writes it to FILE with
# --out FILE). Not part of CI.
#
# Installs pvi==0.14.4 from PyPI into .venv-bench/ when missing (~30 s);
# builds the release binary and the bench_format example. Then takes about
# 4 minutes with RUNS=10 on 2 cores, 2 minutes with RUNS=2.
# Outputs go to a temporary folder on /dev/shm (tmpfs) unless BENCH_TMP=DIR.
# Each timed process starts after 0.5 s idle (BENCH_SETTLE=SECONDS; 0: none):
# see SETTLE in bench.py (next to this script) for why.
# No network besides PyPI; starts no servers.
# Usage: scripts/bench-vs-pvi/run.sh [RUNS] [--out FILE]
set -euo pipefail
RUNS=10
OUT=()
while [ $# -gt 0 ]; do
  case $1 in
    --out) [ $# -ge 2 ] || { echo "--out needs a FILE" >&2; exit 2; }
           OUT=(--out "$(realpath -m "$2")"); shift 2 ;;
    [1-9]|[1-9][0-9]|[1-9][0-9][0-9]) RUNS=$1; shift ;;
    *) echo "usage: $0 [RUNS (1-999)] [--out FILE]" >&2; exit 2 ;;
  esac
done
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$HERE/../.."
ROOT=$PWD
TARGET=$(realpath -m "${CARGO_TARGET_DIR:-target}")

if [ ! -x .venv-bench/bin/pvi ]; then
  python3 -m venv .venv-bench
  timeout 600 .venv-bench/bin/pip install -q pvi==0.14.4
fi
timeout 1800 cargo build -q --release -p pvi-cli
timeout 1800 cargo build -q --release -p pvi-core --example bench_format

# Work folder on tmpfs when there is one: on ext4, rewriting a file in place
# or renaming over it starts its writeback at close (auto_da_alloc), which
# made passes vary 5x with the disk; BENCH_TMP=DIR measures on DIR instead.
BASE=${BENCH_TMP:-/dev/shm}
[ -d "$BASE" ] && [ -w "$BASE" ] || BASE=${TMPDIR:-/tmp}
W=$(mktemp -d -p "$BASE" pvi-bench.XXXXXX)
trap 'rm -rf "$W"' EXIT
timeout 1500 python3 "$HERE/bench.py" \
  --pvi "$ROOT/.venv-bench/bin/pvi" --python "$ROOT/.venv-bench/bin/python" \
  --rs "$TARGET/release/pvi" --gen "$TARGET/release/examples/bench_format" \
  --repo "$ROOT" --work "$W" --runs "$RUNS" --settle "${BENCH_SETTLE:-0.5}" "${OUT[@]}"
