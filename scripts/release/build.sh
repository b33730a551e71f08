#!/usr/bin/env bash
# Release artefacts of pvi-rs for one target, into dist/:
#   pvi-rs-<version>-<target>.tar.gz (+ .sha256)  the standalone `pvi` binary
#   pvi_rs-<version>-cp39-abi3-manylinux2014_*.whl  extension + `pvi` package + binary
#   pvi-0.14.4+rs.<version>-py3-none-any.whl      the compatibility wheel (shim_wheel.py)
# Linux targets are built for glibc 2.17 (manylinux2014) with zig, from PyPI.
#
# Usage: scripts/release/build.sh [TARGET]   (default x86_64-unknown-linux-gnu)
# aarch64-unknown-linux-gnu needs `rustup target add aarch64-unknown-linux-gnu`
# first (this machine cannot fetch toolchains); zig cross-links it.
# Installs maturin, ziglang and cargo-zigbuild into .venv-release/. Needs cargo.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
target="${1:-x86_64-unknown-linux-gnu}"
glibc=2.17
venv="$repo/.venv-release"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"

if [ ! -x "$venv/bin/maturin" ]; then
    python3 -m venv "$venv"
    timeout 600 "$venv/bin/pip" install -q "maturin==1.16.0" "ziglang==0.17.1" "cargo-zigbuild==0.24.1"
fi
export PATH="$venv/bin:$PATH"

version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
mkdir -p dist

# 1. the standalone binary, linked against glibc 2.17
timeout 2400 cargo zigbuild --release -q -p pvi-cli --target "$target.$glibc"
bin="$CARGO_TARGET_DIR/$target/release/pvi"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
name="pvi-rs-$version-$target"
mkdir -p "$stage/$name"
cp "$bin" LICENSE README.md CHANGELOG.md "$stage/$name/"
# same input, same bytes: fixed owner, order and times
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='1980-01-01 00:00Z' \
    -C "$stage" -cf - "$name" | gzip -n -9 >"dist/$name.tar.gz"
(cd dist && sha256sum "$name.tar.gz" >"$name.tar.gz.sha256")

# 2. the wheel: the same binary as a wheel script, the extension by maturin
mkdir -p crates/pvi-py/wheel-data/scripts
cp "$bin" crates/pvi-py/wheel-data/scripts/pvi
timeout 2400 maturin build -q --release --zig --compatibility manylinux2014 \
    --target "$target" -m crates/pvi-py/Cargo.toml -o dist

# 3. the compatibility wheel
python3 scripts/release/shim_wheel.py "$version" dist >/dev/null

ls -l dist
