#!/usr/bin/env bash
# Every fuzz target for 60 s (stable toolchain, cargo-fuzz installed into
# .tools/ when missing): a crash, hang or memory blow-up fails CI.
set -euo pipefail
bash "$(dirname "$0")/../fuzz.sh" 60
