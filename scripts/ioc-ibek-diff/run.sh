#!/usr/bin/env bash
# Differential test of `pvi ioc generate` against the real thing: ibek 4.8.2 with
# pvi 0.14.4 from PyPI, on every IOC fixture under fixtures/ioc/*/ (each holds an
# EPICS_ROOT: pvi-defs/, ibek-defs/, ioc/config/ioc.yaml).
# Every screen (opi/), every *.pvi.template must be byte-identical, and
# runtime/pvi.subst must be exactly the end of ibek's ioc.subst.
#
# Installs: a venv in .venv-ibek/ (python3; ibek 4.8.2 declares Python >= 3.13 but
# runs on 3.11, so it is installed with --ignore-requires-python). Needs cargo.
# Then every sample IOC of ibek's sdist (samples.py).
# Takes about 1 minute after the release build. Usage: scripts/ioc-ibek-diff/run.sh
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
venv="$repo/.venv-ibek"

if [ ! -x "$venv/bin/ibek" ]; then
    echo "ioc-ibek-diff: installing ibek 4.8.2 and pvi 0.14.4 into $venv"
    python3 -m venv "$venv"
    timeout 600 "$venv/bin/pip" install -q --ignore-requires-python "ibek==4.8.2" "pvi==0.14.4"
fi
timeout 1800 cargo build --release -q -p pvi-cli
pvi="$CARGO_TARGET_DIR/release/pvi"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export IOC_NAME=bl01t-ea-ioc-02
pass=0
fail=0
for fx in "$repo"/fixtures/ioc/*/; do
    name="$(basename "$fx")"
    ib="$work/$name-ibek"
    ours="$work/$name-pvi"
    mkdir -p "$ib/runtime" "$ib/ioc"
    cp -r "$fx/pvi-defs" "$ib/"
    cp -r "$fx/ioc/config" "$ib/ioc/"
    rm -f "$ib/ioc/config/ioc.yaml"
    cp -r "$fx" "$ours"
    (cd "$fx" && EPICS_ROOT="$ib" IOC=/epics/ioc RUNTIME_DIR=/epics/runtime \
        timeout 300 "$venv/bin/ibek" runtime generate ioc/config/ioc.yaml ibek-defs/*.ibek.support.yaml >/dev/null)
    timeout 60 "$pvi" ioc generate --epics-root "$ours"
    ok=1
    if ! diff -r "$ib/opi" "$ours/opi" >"$work/diff.txt"; then
        ok=0
        head -20 "$work/diff.txt"
    fi
    for t in "$ib"/runtime/*.pvi.template; do
        cmp -s "$t" "$ours/runtime/$(basename "$t")" || { ok=0; echo "differs: $(basename "$t")"; }
    done
    n_ib="$(find "$ib/runtime" -name '*.pvi.template' | wc -l)"
    n_ours="$(find "$ours/runtime" -name '*.pvi.template' | wc -l)"
    [ "$n_ib" = "$n_ours" ] || { ok=0; echo "template count: ibek $n_ib, pvi $n_ours"; }
    python3 - "$ib/runtime/ioc.subst" "$ours/runtime/pvi.subst" <<'EOF' || ok=0
import sys
full, ours = (open(p).read() for p in sys.argv[1:])
if not full.endswith(ours):
    print("pvi.subst is not the end of ibek's ioc.subst")
    sys.exit(1)
EOF
    if [ "$ok" = 1 ]; then
        echo "ok: $name ($(find "$ours/opi" -type f | wc -l) screens, $n_ours templates) identical to ibek 4.8.2"
        pass=$((pass + 1))
    else
        echo "FAIL: $name differs from ibek 4.8.2"
        fail=$((fail + 1))
    fi
done
echo "ioc-ibek-diff: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

# the sample IOCs of ibek's own sdist (samples.py)
sdist="$repo/.venv-ibek/sdist"
if [ ! -d "$sdist/ibek-4.8.2" ]; then
    mkdir -p "$sdist"
    timeout 300 "$venv/bin/pip" download -q --no-deps --no-binary :all: --ignore-requires-python \
        -d "$sdist" ibek==4.8.2
    tar xzf "$sdist"/ibek-4.8.2.tar.gz -C "$sdist"
fi
timeout 900 python3 "$repo/scripts/ioc-ibek-diff/samples.py" "$venv/bin/ibek" "$pvi" "$sdist/ibek-4.8.2"
