#!/usr/bin/env bash
# Real consumers of pvi's Python API, unmodified, on pvi-rs: each runs twice,
# in a venv with pvi 0.14.4 and in one where the pvi-rs wheel and its
# compatibility wheel take pvi's place (docs/python.md's pip recipe; `pip
# check` must pass and exactly one `pvi` distribution be installed).
#   ibek 4.8.2 (Python 3.13): ibek_diff.py - `ibek runtime generate` on every
#     sample IOC of its sdist and on fixtures/ioc/*, `generate2` on the
#     fixtures: same outcome, same bytes under opi/ and runtime/; then ibek's
#     own test suite: the same tests pass and fail with both.
#   FastCS 0.14.4 (Python 3.11): its GUI and emission tests give the same
#     results, and every file they write (.bob screens, index, docs) is
#     byte-identical.
# Installs: .venv-consumer-{ibek,fastcs}-{pvi,rs}/ from PyPI, the sdists into
# .venv-consumer-sdists/. Needs the wheels of scripts/release/build.sh (built
# when missing or stale). About 6 minutes from cold.
# Usage: scripts/python-consumers/run.sh
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
. scripts/lib/python.sh
ensure_wheels "$repo"
whl="$(ls "$repo"/dist/pvi_rs-*manylinux2014*.whl | head -1)"
shim="$(ls "$repo"/dist/pvi-0.14.4+rs*.whl | head -1)"
py313="$(python_for 3.13)"
py311="$(python_for 3.11)"
[ -n "$py313" ] && [ -n "$py311" ] || { echo "python-consumers: needs python3.11 and python3.13"; exit 1; }

sdists="$repo/.venv-consumer-sdists"
if [ ! -d "$sdists/ibek-4.8.2" ] || [ ! -d "$sdists/fastcs-0.14.4" ]; then
    mkdir -p "$sdists"
    timeout 300 python3 -m pip download -q --no-deps --no-binary :all: --ignore-requires-python \
        -d "$sdists" ibek==4.8.2 fastcs==0.14.4
    for f in "$sdists"/*.tar.gz; do tar xzf "$f" -C "$sdists"; done
fi

# make_venv NAME PYTHON PACKAGES... : a venv with the packages (once)
make_venv() {
    local venv="$repo/.venv-consumer-$1" py="$2"
    shift 2
    if [ ! -f "$venv/.done" ]; then
        rm -rf "$venv"
        "$py" -m venv "$venv"
        timeout 900 "$venv/bin/pip" install -q "$@"
        touch "$venv/.done"
    fi
    printf '%s' "$venv"
}
pass=0
fail=0
check() { if "$@"; then pass=$((pass + 1)); else echo "FAIL: $*"; fail=$((fail + 1)); fi; }
one_pvi() {
    "$1/bin/pip" check
    [ "$("$1/bin/pip" list 2>/dev/null | grep -ci '^pvi ')" = 1 ]
    "$1/bin/python" -c "import pvi_rs, pvi.device; assert pvi.device.__file__.startswith('$1')"
}

ibek_test=(pytest==8.4.2 pytest-mock)
ib_pvi="$(make_venv ibek-pvi "$py313" ibek==4.8.2 pvi==0.14.4 "${ibek_test[@]}")"
ib_rs="$(make_venv ibek-rs "$py313" "$whl" "$shim" ibek==4.8.2 "${ibek_test[@]}")"
# the wheel may have been rebuilt since the venv was made
"$ib_rs/bin/pip" install -q --force-reinstall --no-deps "$whl"
check one_pvi "$ib_rs"
check timeout 1200 python3 scripts/python-consumers/ibek_diff.py \
    "$ib_pvi/bin/ibek" "$ib_rs/bin/ibek" "$sdists/ibek-4.8.2" "$repo"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# run_tests SIDE VENV SDIST OUT ARGS...: the sdist's tests in a copy; the
# sorted list of test outcomes to OUT
run_tests() {
    local side="$1" venv="$2" sdist="$3" out="$4"
    shift 4
    rm -rf "$work/$side" && cp -r "$sdist" "$work/$side"
    (cd "$work/$side" && timeout 900 "$venv/bin/python" -m pytest -p no:cacheprovider -rA -q "$@" \
        >"$work/$side.log" 2>&1 || true)
    # pytest's -rA summary lines (not captured log lines that start with ERROR)
    grep -E '^(PASSED|FAILED|ERROR) [^ ]+::|^SKIPPED \[' "$work/$side.log" | sed 's/ - .*//' | sort >"$out"
    echo "$side: $(tail -1 "$work/$side.log")"
}
same_outcomes() {
    diff "$1" "$2" && [ -s "$1" ]
}
run_tests ibek-pvi "$ib_pvi" "$sdists/ibek-4.8.2" "$work/ibek-pvi.txt" tests
run_tests ibek-rs "$ib_rs" "$sdists/ibek-4.8.2" "$work/ibek-rs.txt" tests
check same_outcomes "$work/ibek-pvi.txt" "$work/ibek-rs.txt"

fcs_test=("fastcs[all]==0.14.4" aioca pytest==8.4.2 pytest-asyncio pytest-mock pytest-timeout pytest-benchmark)
fc_pvi="$(make_venv fastcs-pvi "$py311" pvi==0.14.4 "${fcs_test[@]}")"
fc_rs="$(make_venv fastcs-rs "$py311" "$whl" "$shim" "${fcs_test[@]}")"
"$fc_rs/bin/pip" install -q --force-reinstall --no-deps "$whl"
check one_pvi "$fc_rs"
fcs_files=(tests/transports/epics/ca/test_gui.py tests/transports/epics/pva/test_pva_gui.py
    tests/transports/epics/test_emission.py)
for side in pvi rs; do
    v="$fc_pvi"; [ "$side" = rs ] && v="$fc_rs"
    run_tests "fastcs-$side" "$v" "$sdists/fastcs-0.14.4" "$work/fastcs-$side.txt" \
        -o asyncio_default_fixture_loop_scope=function --basetemp "$work/fastcs-$side-out" "${fcs_files[@]}"
done
check same_outcomes "$work/fastcs-pvi.txt" "$work/fastcs-rs.txt"
check bash -c "! grep -q FAILED '$work/fastcs-rs.txt'"
check diff -r "$work/fastcs-pvi-out" "$work/fastcs-rs-out"
echo "fastcs: $(find "$work/fastcs-rs-out" -name '*.bob' | wc -l) .bob files written by its tests, compared byte for byte"
echo "python-consumers: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
