#!/usr/bin/env bash
# 300 random devices through Python pvi 0.14.4 and pvi-rs, byte-compared.
set -euo pipefail
bash "$(dirname "$0")/../diff-vs-pvi.sh" 300 1
