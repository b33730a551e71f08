#!/usr/bin/env bash
# Checks the screens pvi-rs writes with real third-party parsers (issue 4):
# every .adl through adl2pydm 0.0.4, every .edl through pydmconverter 1.0.7
# (widget count and PV list must equal what the file says), every .bob
# through an XML parser. Installs both tools into .venv-screens/ (PyPI).
# Inputs: our fixtures, plus pvi's reference devices when the conformance
# suite is present (CONFORMANCE=dir, default ../shared/conformance).
# Time: ~1 min after the first run (pip install ~1 min, release build if stale).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
target=${CARGO_TARGET_DIR:-$root/target}
pvi=${PVI:-$target/release/pvi}
if [ -z "${PVI:-}" ]; then
  timeout 1800 cargo build --release -q -p pvi-cli
fi
venv=$root/.venv-screens
if ! "$venv/bin/python" -c 'import adl2pydm, pydmconverter' 2>/dev/null; then
  python3 -m venv "$venv"
  timeout 900 "$venv/bin/pip" install -q adl2pydm==0.0.4 pydmconverter==1.0.7
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fmt() { # out_dir device [formatter] [--yaml-path dir]
  local out=$1 dev=$2; shift 2
  local name
  name=$(basename "$dev" .pvi.device.yaml)
  mkdir -p "$out"
  for ext in bob edl adl; do
    timeout 60 "$pvi" format "$out/$name.$ext" "$dev" "$@"
  done
}

for dev in crates/pvi-core/tests/fixtures/screens/*.pvi.device.yaml; do
  fmt "$work/fixtures/$(basename "$dev" .pvi.device.yaml)" "$dev"
done

conf=${CONFORMANCE:-$root/../shared/conformance}
if [ -d "$conf/input/all_widgets" ]; then
  for dev in "$conf"/input/all_widgets/*.pvi.device.yaml "$conf"/input/static_table.pvi.device.yaml; do
    fmt "$work/pvi/$(basename "$dev" .pvi.device.yaml)" "$dev" --yaml-path "$conf/input"
  done
fi

timeout 900 "$venv/bin/python" "$here/check_screens.py" "$work"
