#!/usr/bin/env bash
# Real screen parsers from PyPI (adl2pydm, pydmconverter) read every .adl/.edl we write.
set -euo pipefail
bash "$(dirname "$0")/../check-screens.sh"
