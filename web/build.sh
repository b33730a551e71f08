#!/usr/bin/env bash
# Builds the browser page into web/dist/: pvi-wasm for wasm32 (size profile),
# wasm-bindgen JS glue + TypeScript declarations (web/pkg/), then the page
# bundle (esbuild). Prints the .wasm size raw and gzipped.
#
# The toolchain (rustup's wasm32 target, or Debian's rustc-web route on
# machines that reach only package registries) is picked by web/toolchain.sh.
#
# Env: CARGO_TARGET_DIR (default <repo>/target), PVI_TOOLS (default <repo>/.tools),
#      PVI_WASM_ROUTE=rustup|debian to force a route, PVI_SKIP_BUNDLE=1 for the
#      wasm part only.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WEB=$ROOT/web
# shellcheck source=web/toolchain.sh
. "$WEB/toolchain.sh"

# 1. Rust → wasm32. `cargo rustc --crate-type cdylib` keeps LTO (cargo build drops
#    it for a cdylib+rlib crate).
log "compiling pvi-wasm (profile wasm-release)"
CARGO_TARGET_DIR=$TARGET_DIR "${cargo_wasm[@]}" rustc -p pvi-wasm --lib --crate-type cdylib \
  --profile wasm-release --target wasm32-unknown-unknown "${extra[@]}" \
  --manifest-path "$ROOT/Cargo.toml" -q
RAW=$TARGET_DIR/wasm32-unknown-unknown/wasm-release/pvi_wasm.wasm

# 2. wasm-bindgen at the exact crate version.
ensure_wasm_bindgen
rm -rf "$WEB/pkg"
"$WASM_BINDGEN" --target web --remove-name-section --remove-producers-section --out-dir "$WEB/pkg" "$RAW"
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
