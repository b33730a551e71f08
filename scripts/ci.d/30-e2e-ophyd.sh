#!/usr/bin/env bash
# Live IOC (pvxs QSRV2 from PyPI wheels) + p4p + ophyd-async 0.21.3 against our templates.
set -euo pipefail
bash "$(dirname "$0")/../e2e-ophyd.sh"
