#!/usr/bin/env bash
# Converters and YAML write-back against Python pvi 0.14.4 (300 generated devices).
set -euo pipefail
bash "$(dirname "$0")/../converters-diff.sh"
