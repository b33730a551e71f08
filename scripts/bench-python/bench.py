"""Times an IOC start's generate step as an IOC image runs it: `ibek runtime
generate2` on the areaDetector fixture (fixtures/ioc/epics), with pvi 0.14.4,
with pvi-rs in its place, and with `--no-pvi` (the part that is not pvi's);
and `python -c "import pvi"` / `import pvi.device` in both. Medians of RUNS
runs, after one warm-up; the outputs of the two are checked identical first.

Usage: python3 bench.py IBEK_PVI_VENV IBEK_RS_VENV REPO RUNS
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(cmd, env, cwd) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, env=env, cwd=cwd, check=True, capture_output=True, timeout=300)
    return time.perf_counter() - t


def median(cmd, env, cwd, runs) -> float:
    timed(cmd, env, cwd)
    return statistics.median(timed(cmd, env, cwd) for _ in range(runs))


def main() -> None:
    pvi_venv, rs_venv, repo, runs = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        outs = {}
        for side, venv in (("pvi", pvi_venv), ("rs", rs_venv)):
            root = Path(tmp) / side
            shutil.copytree(repo / "fixtures" / "ioc" / "epics", root)
            env = dict(os.environ, EPICS_ROOT=str(root), IOC="/epics/ioc",
                       RUNTIME_DIR="/epics/runtime", IOC_NAME="bl01t-ea-ioc-02")
            cmd = [str(venv / "bin" / "ibek"), "runtime", "generate2", str(root / "ioc" / "config")]
            full = median(cmd, env, root, runs)
            outs[side] = {
                str(p.relative_to(root)): p.read_bytes()
                for sub in ("opi", "runtime") for p in sorted((root / sub).rglob("*")) if p.is_file()
            }
            no_pvi = median(cmd[:3] + ["--no-pvi"] + cmd[3:], env, root, runs)
            imp = median([str(venv / "bin" / "python"), "-c", "import pvi"], env, root, runs)
            imp_dev = median([str(venv / "bin" / "python"), "-c", "import pvi.device"], env, root, runs)
            rows.append((side, full, no_pvi, imp, imp_dev))
        if outs["pvi"] != outs["rs"]:
            bad = [k for k in set(outs["pvi"]) | set(outs["rs"]) if outs["pvi"].get(k) != outs["rs"].get(k)]
            sys.exit(f"outputs differ: {sorted(bad)[:10]}")
        n = len(outs["rs"])
    print(f"ibek 4.8.2 runtime generate2 on fixtures/ioc/epics ({n} files identical), median of {runs}:")
    print("| pvi | generate2 | generate2 --no-pvi | PVI share | import pvi | import pvi.device |")
    print("|---|--:|--:|--:|--:|--:|")
    for side, full, no_pvi, imp, imp_dev in rows:
        name = "pvi 0.14.4" if side == "pvi" else "pvi-rs"
        print(f"| {name} | {full * 1000:.0f} ms | {no_pvi * 1000:.0f} ms | {(full - no_pvi) * 1000:.0f} ms"
              f" | {imp * 1000:.0f} ms | {imp_dev * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
