#!/usr/bin/env bash
# Rebuilds the seed corpora fuzz/corpus/<target>/ from the repository's own
# fixtures (small files only) and screens written by the pvi binary.
# Usage: fuzz/make-seeds.sh [PVI_BINARY]   (default target/release/pvi)
# Needs python3, gzip and zstd. The seeds are committed; run this only to
# refresh them.
set -euo pipefail
cd "$(dirname "$0")/.."
PVI=${1:-target/release/pvi}
C=fuzz/corpus
MAX=8192
rm -rf "$C"
mkdir -p "$C"/{device,formatter,epicsdb,regroup_adl,regroup_edl,regroup_bob,ioc,image,http_request}

# copy FILE... into DIR, skipping files over $MAX bytes; names are flattened
seed() {
  local dir=$1
  shift
  for f in "$@"; do
    [ -f "$f" ] || continue
    [ "$(stat -c %s "$f")" -le "$MAX" ] || continue
    cp "$f" "$dir/$(echo "$f" | tr '/' '_')"
  done
}

seed $C/device examples/*.pvi.device.yaml \
  crates/pvi-core/tests/fixtures/{good,bad,ophyd,screens}/*.pvi.device.yaml \
  crates/pvi-core/tests/fixtures/convert/areadetector/*.pvi.device.yaml \
  fixtures/ioc/edge/pvi-defs/*.pvi.device.yaml fixtures/ioc/edge/ioc/config/*.pvi.device.yaml \
  fixtures/ioc/epics/pvi-defs/{NDROI,NDStats,simDetector,asynMotorAxis,NDOverlayN}.pvi.device.yaml
seed $C/formatter formats/formatters/*.yaml crates/pvi-core/tests/fixtures/{good,bad}/*.pvi.formatter.yaml
seed $C/epicsdb crates/pvi-core/tests/fixtures/convert/small/*.template
seed $C/regroup_adl crates/pvi-core/tests/fixtures/convert/legacy/*.adl formats/adl/aps.adl
seed $C/regroup_edl crates/pvi-core/tests/fixtures/convert/legacy/*.edl formats/edl/dls.edl
seed $C/regroup_bob crates/pvi-core/tests/fixtures/convert/legacy/*.bob formats/bob/dls.bob
seed $C/ioc fixtures/ioc/edge/ioc/config/ioc.yaml fixtures/ioc/epics/ioc/config/ioc.yaml

# screens and templates written by pvi itself
if [ -x "$PVI" ]; then
  out=$(mktemp -d)
  for dev in examples/camera.pvi.device.yaml crates/pvi-core/tests/fixtures/screens/every_widget.pvi.device.yaml; do
    stem=$(basename "$dev" .pvi.device.yaml)
    for ext in bob edl adl; do
      mkdir -p "$out/$stem-$ext"
      "$PVI" format "$out/$stem-$ext/$stem.$ext" "$dev" --yaml-path examples >/dev/null 2>&1 || true
      seed $C/regroup_$ext "$out/$stem-$ext"/*.$ext
    done
    "$PVI" generate-template "$dev" 'P:' "$out/$stem.template" --yaml-path examples >/dev/null 2>&1 || true
    seed $C/epicsdb "$out/$stem.template"
  done
  rm -rf "$out"
fi
# the seeds are named after their fixture paths; keep names short
for d in $C/regroup_* $C/epicsdb; do
  for f in "$d"/*; do
    [ -e "$f" ] && mv "$f" "$d/$(basename "$f" | sed 's/.*_tmp\.[^_]*_//')" 2>/dev/null || true
  done
done

# IOC instances for the fixed vac support module of the ioc target
cat > $C/ioc/small.yaml <<'EOF'
ioc_name: "{{ ioc_yaml_file_name }}"
description: small
entities:
  - type: vac.controller
    name: C1
    P: "X:"
    NAMES: [p, q]
  - type: vac.gauge
    ctrl: C1
    M: "G:"
    COUNT: 3
EOF
cat > $C/ioc/repeat.yaml <<'EOF'
ioc_name: rep
description: repeat
entities:
  - type: ibek.repeat
    variable: n
    values: [1, 2]
    entity:
      type: vac.chan
      P: "CH{{ n }}:"
      ADDR1: "{{ n }}"
      ADDR2: 7
EOF

# request heads for the preview server (the first byte picks chunk size and limits)
printf '\x05GET /api/state HTTP/1.1\r\nHost: 127.0.0.1:8765\r\nOrigin: http://127.0.0.1:8765\r\nSec-Fetch-Site: same-origin\r\n\r\n' > $C/http_request/state
printf '\x85\r\nGET /api/wait?since=3 HTTP/1.0\nHost: localhost:8765\nAccept: */*\n\n' > $C/http_request/wait-small-limits
printf '\x01GET / HTTP/1.1\r\nHost: [::1]:8765\r\n folded\r\nX: y\r\n\r\n' > $C/http_request/folded

python3 fuzz/image_seeds.py $C/image
ls -R $C | head -100
du -sh $C
