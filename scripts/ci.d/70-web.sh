#!/usr/bin/env bash
# WASM API in headless Chromium (wasm-bindgen-test) and the preview page end to end (Playwright).
set -euo pipefail
bash "$(dirname "$0")/../web-test.sh"
