#!/usr/bin/env bash
# The README's first command: build pvi (release) and format the bundled example
# device to a Phoebus screen with the embedded default formatter, plus its template.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p out
cargo build --release -q -p pvi-cli
pvi=target/release/pvi
$pvi format out/camera.pvi.bob examples/camera.pvi.device.yaml --yaml-path examples
$pvi generate-template examples/camera.pvi.device.yaml '$(P)$(R)' out/camera.pvi.template --yaml-path examples
ls -l out/camera*.pvi.bob out/camera.pvi.template
