"""ibek 4.8.2 unmodified, once with pvi 0.14.4 and once with pvi-rs in its
place: `ibek runtime generate` on every sample IOC instance of ibek's sdist
(the support files its tests/generate_samples.sh gives, else the instance's
own) and on the repository's IOC fixtures, plus `generate2` on the fixtures.
Every run must end the same way (both succeed or both fail) and, when it
succeeds, write the same bytes under opi/ and runtime/.

Usage: python3 ibek_diff.py IBEK_WITH_PVI IBEK_WITH_PVI_RS IBEK_SDIST REPO
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def tree(root: Path) -> dict:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def run(ibek: str, args: list, cwd: Path, root: Path) -> tuple:
    env = dict(os.environ, EPICS_ROOT=str(root), IOC="/epics/ioc",
               RUNTIME_DIR="/epics/runtime", IOC_NAME="TEST_IOC")
    p = subprocess.run([ibek, *args], cwd=cwd, env=env, capture_output=True,
                       text=True, timeout=300)
    out = {}
    for sub in ("opi", "runtime"):
        if (root / sub).is_dir():
            out[sub] = tree(root / sub)
    return p.returncode, out, p.stderr[-400:]


def compare(name: str, a: tuple, b: tuple) -> bool:
    (ca, ta, ea), (cb, tb, eb) = a, b
    if (ca == 0) != (cb == 0):
        print(f"FAIL: {name}: exit {ca} with pvi, {cb} with pvi-rs\n{ea}\n{eb}")
        return False
    if ca != 0:
        print(f"ok: {name}: both refuse (exit {ca})")
        return True
    bad = []
    for sub in ("opi", "runtime"):
        fa, fb = ta.get(sub, {}), tb.get(sub, {})
        for f in sorted(set(fa) | set(fb)):
            if fa.get(f) != fb.get(f):
                bad.append(f"{sub}/{f}")
    if bad:
        print(f"FAIL: {name}: differ: {', '.join(bad[:10])}")
        return False
    n = sum(len(t) for t in ta.values())
    print(f"ok: {name}: {n} files identical")
    return True


def sample_cases(sdist: Path) -> list:
    tests = sdist / "tests"
    lines = (tests / "generate_samples.sh").read_text().splitlines()
    cases, seen = [], set()
    for line in lines:
        m = re.search(r"ibek runtime generate (iocs/\S+) (.*)$", line)
        if m:
            cases.append((m.group(1), m.group(2).split()))
            seen.add(m.group(1))
    for ioc in sorted((tests / "samples" / "iocs").glob("*.ibek.ioc.yaml")):
        rel = f"iocs/{ioc.name}"
        if rel in seen:
            continue
        stem = ioc.name.split(".")[0]
        own = tests / "samples" / "support" / f"{stem}.ibek.support.yaml"
        support = [f"support/{own.name}"] if own.exists() else []
        support += ["support/asyn.ibek.support.yaml", "support/epics.ibek.support.yaml"]
        cases.append((rel, support))
    return cases


def main() -> None:
    ibek_pvi, ibek_rs, sdist, repo = sys.argv[1:5]
    sdist, repo = Path(sdist), Path(repo)
    samples = sdist / "tests" / "samples"
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for ioc, support in sample_cases(sdist):
            results = []
            for side, ibek in (("pvi", ibek_pvi), ("rs", ibek_rs)):
                root = tmp / side / "epics"
                shutil.rmtree(tmp / side, ignore_errors=True)
                shutil.copytree(samples / "epics", root)
                results.append(run(ibek, ["runtime", "generate", ioc, *support], samples, root))
            if compare(f"sample {ioc} ({' '.join(support)})", *results):
                passed += 1
            else:
                failed += 1
        for fx in sorted((repo / "fixtures" / "ioc").iterdir()):
            for cmd in ("generate", "generate2"):
                results = []
                for side, ibek in (("pvi", ibek_pvi), ("rs", ibek_rs)):
                    root = tmp / side / "epics"
                    shutil.rmtree(tmp / side, ignore_errors=True)
                    shutil.copytree(fx, root)
                    for sub in ("opi", "runtime"):
                        shutil.rmtree(root / sub, ignore_errors=True)
                        (root / sub).mkdir()
                    if cmd == "generate":
                        supports = sorted(str(p) for p in (root / "ibek-defs").glob("*.ibek.support.yaml"))
                        args = ["runtime", "generate", str(root / "ioc/config/ioc.yaml"), *supports]
                    else:
                        args = ["runtime", "generate2", str(root / "ioc/config")]
                    results.append(run(ibek, args, root, root))
                if compare(f"fixture {fx.name} ({cmd})", *results):
                    passed += 1
                else:
                    failed += 1
    print(f"ibek-diff: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
