#!/usr/bin/env bash
# The README's first command: build pvi and run it on the bundled example device.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p out
cargo run --release -q -p pvi-cli -- generate-template examples/camera.pvi.device.yaml '$(P)$(R)' out/camera.pvi.template --yaml-path examples
echo "wrote out/camera.pvi.template ($(grep -c '^record' out/camera.pvi.template) records)"
