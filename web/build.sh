#!/usr/bin/env bash
# Builds the browser page into web/dist/: pvi-wasm for wasm32 (size profile),
# wasm-bindgen JS glue + TypeScript declarations (web/pkg/), then the page
# bundle (esbuild). Prints the .wasm size raw and gzipped.
#
# Toolchain route, picked automatically:
#   rustup  - when rustup's wasm32-unknown-unknown target is installed;
#   debian  - otherwise (machines that reach only package registries):
#             Debian's rustc-web + rust-web-src build std from source with
#             -Zbuild-std; lld-22 links.
# wasm-bindgen-cli is installed (cargo install) at the exact version of the
# wasm-bindgen crate in Cargo.lock when it is not on PATH at that version.
#
# Env: CARGO_TARGET_DIR (default <repo>/target), PVI_TOOLS (default <repo>/.tools),
#      PVI_WASM_ROUTE=rustup|debian to force a route, PVI_SKIP_BUNDLE=1 for the
#      wasm part only.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WEB=$ROOT/web
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
TOOLS=${PVI_TOOLS:-$ROOT/.tools}
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' "$ROOT/Cargo.lock")
log() { printf 'build.sh: %s\n' "$*" >&2; }

route=${PVI_WASM_ROUTE:-}
if [ -z "$route" ]; then
  if command -v rustup >/dev/null && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    route=rustup
  else
    route=debian
  fi
fi
log "route: $route; wasm-bindgen $WB_VERSION"

cargo_wasm=(cargo)
extra=()
if [ "$route" = debian ]; then
  need=()
  for p in rustc-web cargo-web rust-web-src lld-22; do
    dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
  done
  if [ ${#need[@]} -gt 0 ]; then
    log "installing Debian packages: ${need[*]}"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
  # Debian's 1.96 compiler + its std sources; -Z flags on a stable compiler.
  export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER:-wasm-ld-22}
  cargo_wasm=(/usr/bin/cargo)
  extra=(-Zbuild-std=std,panic_abort)
  # keep the two compilers' artifacts apart
  TARGET_DIR=$TARGET_DIR/debian-wasm
fi

# 1. Rust → wasm32. `cargo rustc --crate-type cdylib` keeps LTO (cargo build drops
#    it for a cdylib+rlib crate).
log "compiling pvi-wasm (profile wasm-release)"
CARGO_TARGET_DIR=$TARGET_DIR "${cargo_wasm[@]}" rustc -p pvi-wasm --lib --crate-type cdylib \
  --profile wasm-release --target wasm32-unknown-unknown "${extra[@]}" \
  --manifest-path "$ROOT/Cargo.toml" -q
RAW=$TARGET_DIR/wasm32-unknown-unknown/wasm-release/pvi_wasm.wasm

# 2. wasm-bindgen at the exact crate version.
WB=""
for cand in "$TOOLS/bin/wasm-bindgen" "$(command -v wasm-bindgen || true)"; do
  if [ -n "$cand" ] && [ -x "$cand" ] && "$cand" --version 2>/dev/null | grep -q " $WB_VERSION\$"; then
    WB=$cand; break
  fi
done
if [ -z "$WB" ]; then
  log "installing wasm-bindgen-cli $WB_VERSION into $TOOLS (a few minutes, once)"
  # no --locked: its lockfile pins crates the registry mirror may not have
  cargo install -q --root "$TOOLS" wasm-bindgen-cli --version "=$WB_VERSION"
  WB=$TOOLS/bin/wasm-bindgen
fi
rm -rf "$WEB/pkg"
"$WB" --target web --remove-name-section --remove-producers-section --out-dir "$WEB/pkg" "$RAW"
WASM=$WEB/pkg/pvi_wasm_bg.wasm

# (No wasm-opt: after opt-level z + LTO it saves <0.5% gzipped, and Debian's
#  binaryen 108 can emit type forms current browsers reject.)

raw=$(wc -c <"$WASM"); gz=$(gzip -9c "$WASM" | wc -c)
log "pvi_wasm_bg.wasm: $raw bytes raw, $gz bytes gzipped"
printf '%s\n' "$raw $gz" >"$WEB/pkg/size.txt"

[ "${PVI_SKIP_BUNDLE:-}" = 1 ] && exit 0

# 3. The page: CodeMirror + app bundled by esbuild into dist/.
cd "$WEB"
if [ ! -x node_modules/.bin/esbuild ]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
rm -rf dist && mkdir -p dist
node_modules/.bin/esbuild src/main.js --bundle --format=esm --minify --log-level=warning --outfile=dist/app.js
cp index.html style.css dist/
cp "$WASM" dist/pvi_wasm_bg.wasm
log "page in $WEB/dist ($(du -sk dist | cut -f1) KB)"
