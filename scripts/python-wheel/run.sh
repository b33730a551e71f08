#!/usr/bin/env bash
# The wheel as a user installs it: scripts/release/build.sh builds it (and the
# standalone binary) for glibc 2.17; neither the binary nor the extension may
# need a symbol newer than GLIBC_2.17; auditwheel agrees on manylinux2014;
# then for Python 3.9 (the oldest the abi3 wheel claims), 3.11 and 3.13, a fresh venv gets the wheel and pytest, and
# `pvi --version`, `import pvi` and the package's own tests
# (crates/pvi-py/tests) run there. The binary in the wheel must be the one
# in the tarball, byte for byte.
#
# Installs: .venv-release/ (maturin, ziglang, cargo-zigbuild), .venv-wheel-3.x/
# (the wheel, pytest, auditwheel). Needs cargo; about 5 minutes from cold.
# Usage: scripts/python-wheel/run.sh
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
. scripts/lib/python.sh
ensure_wheels "$repo"
whl="$(ls dist/pvi_rs-*manylinux2014*.whl | head -1)"
tarball="$(ls dist/pvi-rs-*-x86_64-unknown-linux-gnu.tar.gz | head -1)"
(cd dist && sha256sum -c "$(basename "$tarball").sha256" >/dev/null)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
check() { if "$@"; then pass=$((pass + 1)); else echo "FAIL: $*"; fail=$((fail + 1)); fi; }

newest_glibc() { objdump -T "$1" | grep -o 'GLIBC_[0-9.]*' | sort -V | tail -1; }
glibc_ok() {
    local n; n="$(newest_glibc "$1")"
    echo "$(basename "$1"): newest symbol $n"
    [ "$(printf '%s\nGLIBC_2.17\n' "$n" | sort -V | tail -1)" = "GLIBC_2.17" ]
}
python3 -m zipfile -e "$whl" "$work" && tar xzf "$tarball" -C "$work"
check glibc_ok "$(ls "$work"/pvi_rs-*.data/scripts/pvi)"
check glibc_ok "$work/pvi_rs/_native.abi3.so"
check glibc_ok "$(ls "$work"/pvi-rs-*/pvi)"
check cmp -s "$(ls "$work"/pvi_rs-*.data/scripts/pvi)" "$(ls "$work"/pvi-rs-*/pvi)"
echo "wheel: $(basename "$whl"), $(du -k "$whl" | cut -f1) KiB"

for v in 3.9 3.11 3.13; do
    py="$(python_for "$v")"
    if [ -z "$py" ]; then echo "FAIL: no python$v (PATH or pyenv)"; fail=$((fail + 1)); continue; fi
    venv="$repo/.venv-wheel-$v"
    rm -rf "$venv"
    "$py" -m venv "$venv"
    timeout 600 "$venv/bin/pip" install -q "$whl" pytest auditwheel mypy
    if [ "$v" = 3.11 ]; then
        "$venv/bin/auditwheel" show "$whl" >"$work/audit.txt"
        sed -n 3,4p "$work/audit.txt"
        check grep -q 'manylinux_2_17_x86_64' "$work/audit.txt"
    fi
    check bash -c "'$venv/bin/pvi' --version | grep -qx 'pvi-rs [0-9.]* (compatible with pvi 0.14.4)'"
    check "$venv/bin/python" -c "import pvi, pvi_rs; assert pvi.__version__ == '0.14.4', pvi.__version__"
    check env PATH="$venv/bin:$PATH" timeout 600 "$venv/bin/python" -m pytest -q -p no:cacheprovider crates/pvi-py/tests
    # the package's typing: consumer-style code passes mypy --strict
    check timeout 300 "$venv/bin/mypy" --strict --no-incremental crates/pvi-py/tests/typing_consumer.py
done
# docs/python.md's uv recipes: a requirements file with --find-links, and a
# uv project with override-dependencies; each must leave one `pvi` and pass
# `uv pip check`
py313="$(python_for 3.13)"
uv="$repo/.venv-wheel-3.11/bin/uv"
[ -x "$uv" ] || timeout 300 "$repo/.venv-wheel-3.11/bin/pip" install -q uv
version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
uv_ok() {
    local venv="$1"
    "$uv" pip check --python "$venv/bin/python" &&
        [ "$("$uv" pip list --python "$venv/bin/python" 2>/dev/null | grep -ci '^pvi ')" = 1 ] &&
        "$venv/bin/python" -c "import pvi_rs, pvi.device"
}
mkdir -p "$work/uvreq" "$work/uvproj"
printf -- '--find-links %s\nibek==4.8.2\npvi==0.14.4+rs.%s\n' "$repo/dist" "$version" >"$work/uvreq/requirements.txt"
"$uv" venv -q --python "$py313" "$work/uvreq/.venv"
check timeout 600 "$uv" pip install -q --python "$work/uvreq/.venv/bin/python" -r "$work/uvreq/requirements.txt"
check uv_ok "$work/uvreq/.venv"
cat >"$work/uvproj/pyproject.toml" <<TOML
[project]
name = "ioc-builder"
version = "0"
requires-python = ">=3.13"
dependencies = ["ibek==4.8.2"]

[tool.uv]
package = false
override-dependencies = ["pvi==0.14.4+rs.$version"]
find-links = ["$repo/dist"]
TOML
check timeout 600 "$uv" sync -q --project "$work/uvproj" --python "$py313"
check uv_ok "$work/uvproj/.venv"

echo "python-wheel: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
