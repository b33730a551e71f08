#!/usr/bin/env python3
"""The start-script recipe of docs/ioc-start-script.md against ibek's full run.

Usage: recipe.py VENV PVI REPO [RUNS]

VENV holds ibek 4.8.2 with pvi 0.14.4; PVI is pvi-rs's binary. The recipe is the sh
code block after the `start-script recipe` marker of docs/ioc-start-script.md, run
as written (`sh -e`) with a PATH whose `pvi` is PVI and whose `ibek` is VENV's. For
every fixture under REPO/fixtures/ioc/*/ it copies the EPICS_ROOT twice, leaves a
stale file in opi/ and runtime/ of both, runs `ibek runtime generate2 CONFIG_DIR`
(with pvi 0.14.4) on one and the recipe on the other, and compares every file under
opi/ and runtime/ byte for byte. Then it times both, and the recipe's two steps
alone (`generate2 --no-pvi`, `pvi ioc generate`), RUNS times each (default 5, interleaved) and prints the medians as a Markdown table.
The last line is `N passed, M failed`.
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MARKER = "<!-- start-script recipe:"


def recipe_text(doc: Path) -> str:
    text = doc.read_text()
    after = text[text.index(MARKER):]
    m = re.search(r"```sh\n(.*?)```", after, re.S)
    if not m:
        sys.exit(f"recipe.py: no sh block after the marker in {doc}")
    return m.group(1)


def tree(root: Path) -> dict:
    out = {}
    for top in ("opi", "runtime"):
        base = root / top
        if base.exists():
            for p in sorted(base.rglob("*")):
                if p.is_file() or p.is_symlink():
                    out[str(p.relative_to(root))] = p.read_bytes()
    return out


def seed_stale(root: Path):
    for top in ("opi", "runtime"):
        (root / top).mkdir(parents=True, exist_ok=True)
        (root / top / "stale-from-last-start.txt").write_text("left by an earlier start\n")


def run(cmd, env, label):
    t0 = time.perf_counter()
    res = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    dt = time.perf_counter() - t0
    if res.returncode != 0:
        print(f"{label}: exit status {res.returncode}\n{res.stdout}{res.stderr}")
        return None
    return dt


def main():
    venv, pvi, repo = (Path(a).resolve() for a in sys.argv[1:4])
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    recipe = recipe_text(repo / "docs" / "ioc-start-script.md")
    passed = failed = 0
    rows = []
    with tempfile.TemporaryDirectory(prefix="ioc-start-recipe-") as tmp:
        tmp = Path(tmp)
        # what a start script sees: ibek from the image's venv, pvi-rs's binary as pvi
        bindir = tmp / "bin"
        bindir.mkdir()
        (bindir / "pvi").symlink_to(pvi)
        (bindir / "ibek").symlink_to(venv / "bin" / "ibek")
        base_env = dict(os.environ, IOC="/epics/ioc", RUNTIME_DIR="/epics/runtime",
                        IOC_NAME="bl01t-ea-ioc-02",
                        PATH=f"{bindir}:/usr/bin:/bin")
        script = tmp / "recipe.sh"
        script.write_text(recipe)
        for fx in sorted((repo / "fixtures" / "ioc").iterdir()):
            if not (fx / "ioc" / "config" / "ioc.yaml").is_file():
                continue
            full, ours = tmp / f"{fx.name}-full", tmp / f"{fx.name}-recipe"
            for root in (full, ours):
                shutil.copytree(fx, root, symlinks=True)
                seed_stale(root)
            env_full = dict(base_env, EPICS_ROOT=str(full))
            env_ours = dict(base_env, EPICS_ROOT=str(ours))
            cmd_full = ["ibek", "runtime", "generate2", str(full / "ioc" / "config")]
            cmd_nopvi = ["ibek", "runtime", "generate2", "--no-pvi",
                         str(full / "ioc" / "config")]
            cmd_ours = ["sh", "-e", str(script)]
            ok = (run(cmd_full, env_full, f"{fx.name}: generate2") is not None
                  and run(cmd_ours, env_ours, f"{fx.name}: recipe") is not None)
            problems = []
            if ok:
                a, b = tree(full), tree(ours)
                for name in sorted(set(a) | set(b)):
                    if name not in b:
                        problems.append(f"only in ibek's run: {name}")
                    elif name not in a:
                        problems.append(f"only in the recipe's: {name}")
                    elif a[name] != b[name]:
                        problems.append(f"differs: {name}")
                if not a:
                    problems.append("ibek wrote nothing")
            else:
                problems.append("a run failed")
            if problems:
                failed += 1
                print(f"FAIL: {fx.name}: the recipe's opi/ and runtime/ differ from generate2's")
                for p in problems[:20]:
                    print("  " + p)
                continue
            n_opi = sum(1 for k in a if k.startswith("opi/"))
            n_rt = len(a) - n_opi
            times = {"full": [], "nopvi": [], "recipe": [], "pvi": []}
            cmd_pvi = ["pvi", "ioc", "generate", str(ours / "ioc" / "config")]
            for _ in range(runs):
                times["full"].append(run(cmd_full, env_full, "generate2"))
                # the recipe's pvi step alone (the next recipe run clears runtime/)
                times["pvi"].append(run(cmd_pvi, env_ours, "pvi ioc generate"))
                times["recipe"].append(run(cmd_ours, env_ours, "recipe"))
                times["nopvi"].append(run(cmd_nopvi, env_full, "generate2 --no-pvi"))
            if any(t is None for ts in times.values() for t in ts):
                failed += 1
                print(f"FAIL: {fx.name}: a timed run failed")
                continue
            if tree(ours) != a:
                failed += 1
                print(f"FAIL: {fx.name}: a repeated recipe run changed its output")
                continue
            med = {k: statistics.median(v) for k, v in times.items()}
            rows.append((fx.name, n_opi, n_rt, med))
            passed += 1
            print(f"ok: {fx.name}: {n_opi} files in opi/, {n_rt} in runtime/ identical to "
                  f"ibek 4.8.2's generate2 (stale files removed as ibek removes them)")
    if rows:
        print(f"\nwall time, median of {runs}:\n")
        print("| fixture | files (opi/ + runtime/) | `generate2` (pvi 0.14.4) "
              "| recipe | `generate2 --no-pvi` alone | `pvi ioc generate` alone "
              "| saved |")
        print("|---|---|---|---|---|---|---|")
        for name, n_opi, n_rt, m in rows:
            print(f"| `fixtures/ioc/{name}` | {n_opi} + {n_rt} | {m['full']:.2f} s "
                  f"| {m['recipe']:.2f} s | {m['nopvi']:.2f} s | {1000 * m['pvi']:.0f} ms "
                  f"| {m['full'] - m['recipe']:.2f} s ({100 * (1 - m['recipe'] / m['full']):.0f} %) |")
        print()
    print(f"ioc-start-recipe: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
