#!/usr/bin/env bash
# End-to-end check of the ophyd-async layout and `pvi ophyd` against a live IOC.
#
# Creates .venv-e2e/ (pinned wheels from PyPI), generates templates and Python
# modules for the *.pvi.device.yaml next to this script, starts a pvxs QSRV2 IOC from the
# wheels on loopback with private ports (bounded lifetime, stopped by PID), and
# checks (a) the PVI structures via p4p for both layouts, (b) the generated
# classes connect/read/write/trigger, (c) a DeviceRef child is followed via `d`,
# plus mypy --strict on the generated modules and a clean IOC log.
set -euo pipefail

E2E=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$E2E/../.." && pwd)
VENV=$ROOT/.venv-e2e
PYTHON=${PYTHON:-python3}
PINS="epicscorelibs==7.0.10.99.0.2 pvxslibs==1.5.3 p4p==4.3.0 ophyd-async==0.21.3 mypy==2.4.1"
IOC_LIFETIME=${IOC_LIFETIME:-240}
STEP_TIMEOUT=${STEP_TIMEOUT:-120}

echo "== e2e-ophyd: build pvi"
(cd "$ROOT" && cargo build --release --quiet --bin pvi)
PVI=${CARGO_TARGET_DIR:-$ROOT/target}/release/pvi

echo "== e2e-ophyd: venv $VENV ($PINS)"
if [ ! -f "$VENV/.pins" ] || [ "$(cat "$VENV/.pins")" != "$PINS" ]; then
    rm -rf "$VENV"
    if ! "$PYTHON" -m venv "$VENV"; then
        # Debian pythons without ensurepip: fall back to virtualenv from PyPI
        rm -rf "$VENV"
        "$PYTHON" -m pip install --quiet --user virtualenv
        "$PYTHON" -m virtualenv --quiet "$VENV"
    fi
    timeout 600 "$VENV/bin/pip" install --quiet $PINS
    echo "$PINS" > "$VENV/.pins"
fi
PY=$VENV/bin/python

WORK=$(mktemp -d "${TMPDIR:-/tmp}/e2e-ophyd.XXXXXX")
IOC_PID=""
cleanup() {
    if [ -n "$IOC_PID" ] && kill -0 "$IOC_PID" 2>/dev/null; then
        kill "$IOC_PID" 2>/dev/null || true
        wait "$IOC_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "== e2e-ophyd: generate (work dir $WORK)"
cd "$WORK"
"$PVI" generate-template "$E2E/lens.pvi.device.yaml" '$(P)' lens_pvi.template
"$PVI" generate-template "$E2E/lens.pvi.device.yaml" '$(P)' lens.template --layout ophyd-async
"$PVI" generate-template "$E2E/camera.pvi.device.yaml" '$(P)' camera_flat.template --layout ophyd-async
"$PVI" generate-template "$E2E/camera.pvi.device.yaml" '$(P)' camera_groups.template \
    --layout ophyd-async --groups-as-devices
"$PVI" ophyd "$E2E/camera.pvi.device.yaml" camera_flat.py --yaml-path "$E2E"
"$PVI" ophyd "$E2E/camera.pvi.device.yaml" camera_groups.py --yaml-path "$E2E" --groups-as-devices

echo "== e2e-ophyd: mypy --strict on the generated modules"
timeout "$STEP_TIMEOUT" "$PY" -m mypy --strict --no-incremental camera_flat.py camera_groups.py

# Loopback only, on private ports so parallel runs and other IOCs do not interfere.
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
export EPICS_CA_ADDR_LIST=127.0.0.1 EPICS_CA_AUTO_ADDR_LIST=NO EPICS_CAS_INTF_ADDR_LIST=127.0.0.1
export EPICS_PVA_ADDR_LIST=127.0.0.1 EPICS_PVA_AUTO_ADDR_LIST=NO EPICS_PVAS_INTF_ADDR_LIST=127.0.0.1
CA_PORT=$(free_port); PVA_PORT=$(free_port); PVA_BPORT=$(free_port)
export EPICS_CA_SERVER_PORT=$CA_PORT EPICS_CAS_SERVER_PORT=$CA_PORT EPICS_CA_REPEATER_PORT=$(free_port)
export EPICS_PVA_SERVER_PORT=$PVA_PORT EPICS_PVAS_SERVER_PORT=$PVA_PORT
export EPICS_PVA_BROADCAST_PORT=$PVA_BPORT EPICS_PVAS_BROADCAST_PORT=$PVA_BPORT

echo "== e2e-ophyd: start IOC (lifetime ${IOC_LIFETIME}s)"
"$PY" "$E2E/ioc.py" "$IOC_LIFETIME" \
    "$E2E/lens.db:P=PVI:Lens:" "lens_pvi.template:P=PVI:Lens:" \
    "$E2E/camera.db:P=FLAT:" "camera_flat.template:P=FLAT:" \
    "$E2E/lens.db:P=FLAT:Lens:" "lens.template:P=FLAT:Lens:" \
    "$E2E/camera.db:P=GRP:" "camera_groups.template:P=GRP:" \
    "$E2E/lens.db:P=GRP:Lens:" "lens.template:P=GRP:Lens:" \
    > ioc.log 2>&1 &
IOC_PID=$!
for _ in $(seq 1 60); do
    grep -q "IOC READY" ioc.log && break
    kill -0 "$IOC_PID" 2>/dev/null || break
    sleep 0.5
done
if ! grep -q "IOC READY" ioc.log; then
    echo "IOC did not start:"; cat ioc.log; exit 1
fi

echo "== e2e-ophyd: checks"
timeout "$STEP_TIMEOUT" "$PY" "$E2E/check.py" "$WORK"

echo "== e2e-ophyd: IOC log has no group or mapping error"
kill "$IOC_PID"; wait "$IOC_PID" 2>/dev/null || true; IOC_PID=""
if grep -n -i -E "error|warn|not found|missing|unknown|ignor|invalid|fail" ioc.log; then
    echo "FAIL: the IOC log above has group/mapping problems"; exit 1
fi
echo "  ok  IOC log clean ($(wc -l < ioc.log) lines)"
echo "== e2e-ophyd: PASSED (epicscorelibs 7.0.10.99.0.2, pvxslibs 1.5.3, p4p 4.3.0, ophyd-async 0.21.3)"
