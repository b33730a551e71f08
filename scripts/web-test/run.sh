#!/usr/bin/env bash
# Browser tests of the WASM library and the web page, for .ci/run:
#   1. wasm-bindgen-test: the pvi-wasm API in headless Chromium;
#   2. node --test web/tests: the page end to end (Playwright/playwright-core
#      driving Debian's Chromium): typing updates the preview, a diagnostic at
#      the right line, a sub-screen button, a .bob download identical to the
#      CLI's.
# Installs what it needs: Debian chromium + chromium-driver (apt-get), the
# wasm toolchain (web/toolchain.sh), wasm-bindgen-cli (cargo install, once),
# npm packages (npm ci in web/). Every step is bounded by `timeout`.
# Prints "N passed, M failed" at the end; exits non-zero on any failure.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WEB=$ROOT/web
cd "$ROOT"
# shellcheck source=web/toolchain.sh
. "$WEB/toolchain.sh"

apt_install chromium chromium-driver
passed=0; failed=0
step() { # name, command...
  local name=$1; shift
  log "== $name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); log "FAILED: $name"; fi
}

# the CLI, for the byte-identity check of downloads
timeout 900 cargo build --release -q -p pvi-cli
export PVI_BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/pvi

# the page (wasm + bundle); also installs wasm-bindgen-cli and npm packages
timeout 1200 "$WEB/build.sh"
ensure_wasm_bindgen

wasm_api_tests() {
  CARGO_TARGET_DIR=$TARGET_DIR \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=$WASM_BINDGEN_TEST_RUNNER \
  WASM_BINDGEN_TEST_WEBDRIVER_JSON=$ROOT/crates/pvi-wasm/webdriver.json \
  CHROMEDRIVER=/usr/bin/chromedriver \
  WASM_BINDGEN_TEST_TIMEOUT=120 \
    timeout 900 "${cargo_wasm[@]}" test -p pvi-wasm --target wasm32-unknown-unknown "${extra[@]}" --test browser
}
step "wasm-bindgen-test (headless Chromium)" wasm_api_tests
step "page end to end (playwright-core + Chromium)" timeout 300 node --test "$WEB/tests/"

echo "web-test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
