#!/usr/bin/env bash
# Runs every fuzz target (or the ones named) for a bounded time each, on the
# stable toolchain: cargo-fuzz is installed into .tools/ when missing, and
# RUSTC_BOOTSTRAP=1 lets stable rustc take libFuzzer's -Z flags.
#
#   scripts/fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     (default 60, all)
#
# A crash, a hang (one input > 10 s) or a blow-up (> 2048 MB RSS) fails the
# run (exit 1) and prints the artifact that reproduces it. Seeds come from
# fuzz/corpus/<target> (read only); what the fuzzer finds goes to a working
# corpus under $FUZZ_WORK (default fuzz/target/work), never into the repo.
# One process per target (libFuzzer runs in-process: one core); -jobs/-workers
# are not used, they fork a child that logs to ./fuzz-N.log instead.
# Environment: FUZZ_WORK, FUZZ_NICE (nice level, default 0),
# FUZZ_TIMEOUT (per input, default 10), FUZZ_RSS_MB (default 2048).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
SECS=${1:-60}
shift || true
CARGO_FUZZ_VERSION=0.13.2
WORK=${FUZZ_WORK:-$ROOT/fuzz/target/work}
NICE=${FUZZ_NICE:-0}
PER_INPUT=${FUZZ_TIMEOUT:-10}
RSS=${FUZZ_RSS_MB:-2048}

case $SECS in '' | *[!0-9]*)
  echo "usage: scripts/fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]" >&2
  exit 2
  ;;
esac

# every [[bin]] of fuzz/Cargo.toml
mapfile -t ALL < <(awk '/^\[\[bin\]\]/{b=1} b&&/^name *=/{gsub(/[" ]/,"",$0); sub(/name=/,""); print; b=0}' fuzz/Cargo.toml)
if [ $# -gt 0 ]; then TARGETS=("$@"); else TARGETS=("${ALL[@]}"); fi
for t in "${TARGETS[@]}"; do
  printf '%s\n' "${ALL[@]}" | grep -qx "$t" || {
    echo "unknown fuzz target '$t' (have: ${ALL[*]})" >&2
    exit 2
  }
done

CARGO=(cargo)
if command -v rustup >/dev/null 2>&1; then CARGO=(cargo +stable); fi
export PATH="$ROOT/.tools/bin:$PATH" RUSTC_BOOTSTRAP=1
if ! cargo-fuzz --version 2>/dev/null | grep -q " $CARGO_FUZZ_VERSION\$"; then
  echo "installing cargo-fuzz $CARGO_FUZZ_VERSION into .tools/"
  "${CARGO[@]}" install --locked cargo-fuzz --version "$CARGO_FUZZ_VERSION" --root "$ROOT/.tools"
fi

echo "building ${#TARGETS[@]} fuzz targets ($("${CARGO[@]}" --version))"
start=$(date +%s)
for t in "${TARGETS[@]}"; do
  nice -n "$NICE" "${CARGO[@]}" fuzz build "$t"
done
echo "build: $(($(date +%s) - start)) s"

mkdir -p "$WORK/logs"
failed=()
printf '\n%-12s %6s %10s %7s %7s  %s\n' target secs execs cov ft result | tee "$WORK/summary.txt"
for t in "${TARGETS[@]}"; do
  corpus="$WORK/corpus/$t"
  mkdir -p "$corpus" "fuzz/artifacts/$t"
  args=(-max_total_time="$SECS" -timeout="$PER_INPUT" -rss_limit_mb="$RSS"
    -malloc_limit_mb="$RSS" -print_final_stats=1)
  [ -f "fuzz/dict/$t.dict" ] && args+=(-dict="$ROOT/fuzz/dict/$t.dict")
  seeds=()
  [ -d "fuzz/corpus/$t" ] && seeds=("$ROOT/fuzz/corpus/$t")
  log="$WORK/logs/$t.log"
  before=$(ls "fuzz/artifacts/$t" | wc -l)
  t0=$(date +%s)
  rc=0
  # a hard stop well past max_total_time, in case the fuzzer itself wedges
  timeout -k 10 $((SECS + PER_INPUT + 120)) \
    nice -n "$NICE" "${CARGO[@]}" fuzz run "$t" "$corpus" "${seeds[@]}" -- "${args[@]}" \
    >"$log" 2>&1 || rc=$?
  secs=$(($(date +%s) - t0))
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  cov=$(grep -o ' cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  ft=$(grep -o ' ft: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  after=$(ls "fuzz/artifacts/$t" | wc -l)
  if [ "$rc" -eq 0 ] && [ "$after" -eq "$before" ]; then
    result=ok
  else
    result="FAIL (exit $rc)"
    failed+=("$t")
  fi
  printf '%-12s %6s %10s %7s %7s  %s\n' "$t" "$secs" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$result" | tee -a "$WORK/summary.txt"
  if [ "$result" != ok ]; then
    grep -E 'ERROR: libFuzzer|panicked at|deadly signal|timeout after|out-of-memory|malloc\(|Test unit written' "$log" | head -20 || true
    tail -n 40 "$log" | grep -v '^#' || true
    for a in $(ls -t "fuzz/artifacts/$t" | head -$((after - before))); do
      echo "artifact: $ROOT/fuzz/artifacts/$t/$a"
    done
  fi
done
echo "logs: $WORK/logs"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: ${#failed[@]} of ${#TARGETS[@]} targets failed: ${failed[*]}"
  exit 1
fi
echo "fuzz: all ${#TARGETS[@]} targets ran ${SECS} s each without a crash, hang or blow-up"
