#!/usr/bin/env bash
# Compare `pvi format` of pvi-rs with Python pvi 0.14.4 on the same devices:
# per process (hyperfine) and in one process (Python loop over pvi's API vs
# the bench_format example), print the ratios, and check the outputs are
# byte-identical. Installs pvi==0.14.4 into .venv-bench/ and hyperfine (apt)
# when missing. Bounded: about 2-4 minutes on 2 cores. No network besides
# PyPI/apt. Usage: scripts/bench-vs-pvi.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-10}
TARGET=${CARGO_TARGET_DIR:-target}

if ! command -v hyperfine >/dev/null; then
  sudo -n apt-get install -y hyperfine >/dev/null 2>&1 || apt-get install -y hyperfine >/dev/null
fi
if [ ! -x .venv-bench/bin/pvi ]; then
  python3 -m venv .venv-bench
  .venv-bench/bin/pip install -q pvi==0.14.4
fi
timeout 1800 cargo build -q --release -p pvi-cli
timeout 1800 cargo build -q --release -p pvi-core --example bench_format
RS=$TARGET/release/pvi
GEN=$TARGET/release/examples/bench_format
PY=.venv-bench/bin/pvi

W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cp formats/formatters/dls.bob.pvi.formatter.yaml "$W/"
F=$W/dls.bob.pvi.formatter.yaml
"$GEN" gen "$W/small" 40 1
"$GEN" gen "$W/large" 600 8

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; $(date -u +%F)"
for size in small large; do
  D=$W/$size/generated.pvi.device.yaml
  mkdir -p "$W/py-$size" "$W/rs-$size"
  "$PY" format --yaml-path "$W/$size" "$W/py-$size/generated.pvi.bob" "$D" "$F" >/dev/null 2>&1
  "$RS" format --yaml-path "$W/$size" "$W/rs-$size/generated.pvi.bob" "$D" "$F"
  if diff -r "$W/py-$size" "$W/rs-$size" >/dev/null; then
    echo "$size: $(ls "$W/rs-$size" | wc -l) files, byte-identical with pvi 0.14.4"
  else
    echo "$size: OUTPUT DIFFERS from pvi 0.14.4"; exit 1
  fi
  hyperfine -N -w 2 -r "$RUNS" --export-json "$W/h-$size.json" \
    -n "pvi-rs $size" "$RS format --yaml-path $W/$size $W/rs-$size/generated.pvi.bob $D $F" \
    -n "pvi $size" "$PY format --yaml-path $W/$size $W/py-$size/generated.pvi.bob $D $F" >/dev/null 2>&1
  python3 - "$W/h-$size.json" "$size" <<'PY'
import json, sys
r = {x["command"].split()[0]: x for x in json.load(open(sys.argv[1]))["results"]}
rs, py = r["pvi-rs"], r["pvi"]
cpu = lambda x: x["user"] + x["system"]
print(f"{sys.argv[2]} per process, wall median: pvi-rs {rs['median']*1e3:.2f} ms, pvi {py['median']*1e3:.1f} ms, ratio {py['median']/rs['median']:.0f}x")
print(f"{sys.argv[2]} per process, CPU (user+sys) mean: pvi-rs {cpu(rs)*1e3:.2f} ms, pvi {cpu(py)*1e3:.1f} ms, ratio {cpu(py)/cpu(rs):.0f}x")
PY
  [ "$size" = small ] && N=50 || N=10
  PYMS=$(.venv-bench/bin/python - "$W/py-$size/generated.pvi.bob" "$D" "$F" "$W/$size" "$N" <<'PY'
import sys, time
from pathlib import Path
from pvi._format import Formatter
from pvi.device import Device
out, dev, fmt, ydir, n = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]), int(sys.argv[5])
t, c = time.perf_counter(), time.process_time()
for _ in range(n):
    d = Device.deserialize(dev)
    d.deserialize_parents([ydir])
    Formatter.deserialize(fmt).format(d, out)
print(f"{(time.perf_counter() - t) * 1000 / n:.3f} {(time.process_time() - c) * 1000 / n:.3f}")
PY
)
  python3 - "$size" "$PYMS" $((N * 20)) "$GEN" loop $((N * 20)) "$W/rs-$size/generated.pvi.bob" "$D" "$F" "$W/$size" <<'PY'
import resource, subprocess, sys
size, (pw, pc), n, cmd = sys.argv[1], map(float, sys.argv[2].split()), int(sys.argv[3]), sys.argv[4:]
rw = float(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
u = resource.getrusage(resource.RUSAGE_CHILDREN)
rc = (u.ru_utime + u.ru_stime) * 1000 / n
print(f"{size} one process, wall: pvi-rs {rw:.3f} ms/run, pvi {pw:.1f} ms/run, ratio {pw/rw:.0f}x")
print(f"{size} one process, CPU: pvi-rs {rc:.3f} ms/run, pvi {pc:.1f} ms/run, ratio {pc/rc:.0f}x")
PY
done
