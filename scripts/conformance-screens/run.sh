#!/usr/bin/env bash
# Runs pvi 0.14.4's screen goldens against our release binary.
# Usage: scripts/conformance-screens/run.sh [FILTER]   (default filter: .bob)
# Needs the conformance suite at $SUITE (default ../shared/conformance) and Python 3.
# Takes a few seconds after the release build; installs nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."
SUITE=${SUITE:-../shared/conformance}
TARGET=${CARGO_TARGET_DIR:-target}
timeout 1800 cargo build -q --release -p pvi-cli
timeout 600 "$SUITE/run" --pvi "$TARGET/release/pvi" --filter "${1:-.bob}" --quiet
