#!/usr/bin/env bash
# Differential test: random devices through Python pvi 0.14.4 and pvi-rs, compared byte
# for byte (.bob, .edl, .adl, template). usage: scripts/diff-vs-pvi/run.sh [COUNT] [SEED]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$HERE/../.."
COUNT=${1:-300}
SEED=${2:-1}
VENV=.venv-pvi
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import pvi' 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q pvi==0.14.4
fi
# two builds: a target filter (--example) applies to every -p, so one command would skip the pvi binary
timeout 1800 cargo build --release -q -p pvi-cli
timeout 1800 cargo build --release -q -p pvi-core --example synth
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
target/release/examples/synth random "$SEED" "$COUNT" "$WORK"
FMT=formats/formatters
timeout 1200 "$VENV/bin/python" "$HERE/run_pvi.py" "$WORK" "$FMT"
pvi=$(pwd)/target/release/pvi
for case in "$WORK"/case*; do
  dev=$(ls "$case"/dev*.pvi.device.yaml)
  mkdir -p "$case/rs"
  for pair in bob:dls.bob edl:dls.edl adl:aps; do
    ext=${pair%%:*}; f=${pair#*:}
    "$pvi" format "$case/rs/dev.$ext" "$dev" "$FMT/$f.pvi.formatter.yaml" --yaml-path "$case" --pvi-compat \
      >/dev/null 2>"$case/rs/dev.$ext.stderr" || cp "$case/rs/dev.$ext.stderr" "$case/rs/dev.$ext.error"
  done
  "$pvi" generate-template "$dev" '$(P)$(R)' "$case/rs/dev.template" \
    >/dev/null 2>"$case/rs/dev.template.stderr" || cp "$case/rs/dev.template.stderr" "$case/rs/dev.template.error"
done
python3 "$HERE/compare.py" "$WORK"
