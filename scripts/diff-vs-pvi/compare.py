"""Compare pvi-rs (CASE/rs) with Python pvi (CASE/py) outputs, case by case.

usage: compare.py CASES_DIR [DEVIATIONS_TSV]

Per case and output kind (bob, edl, adl, template):
- both wrote files: every file must be byte-identical (and the same set of files);
- pvi failed, pvi-rs succeeded: "beyond" (counted, fine);
- both failed: fine;
- pvi-rs failed where pvi succeeded, or bytes differ: a failure, unless a rule in
  DEVIATIONS_TSV (`kind<TAB>substring of pvi's error or of the diff<TAB>reason`) explains it.
Last line: `N passed, M failed`.
"""

import difflib
import sys
from pathlib import Path

KINDS = ["bob", "edl", "adl", "template"]


def files_of(d: Path, kind: str):
    if not d.is_dir():
        return {}
    out = {}
    for f in sorted(d.iterdir()):
        name = f.name
        if name.endswith(".error"):
            continue
        if kind == "template" and name == "dev.template":
            out[name] = f.read_bytes()
        elif kind != "template" and name.startswith("dev") and name.endswith("." + kind):
            out[name] = f.read_bytes()
    return out


def main():
    cases = Path(sys.argv[1])
    rules = []
    if len(sys.argv) > 2 and Path(sys.argv[2]).is_file():
        for line in Path(sys.argv[2]).read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                kind, pat, reason = (line.split("\t") + ["", ""])[:3]
                rules.append((kind, pat, reason))
    passed = failed = beyond = both_fail = deviated = 0
    reasons = {}
    for case in sorted(cases.glob("case*")):
        for kind in KINDS:
            ext = "template" if kind == "template" else kind
            py_err = case / "py" / f"dev.{ext}.error"
            rs_err = case / "rs" / f"dev.{ext}.error"
            py_failed, rs_failed = py_err.exists(), rs_err.exists()
            if py_failed and rs_failed:
                both_fail += 1
                passed += 1
                continue
            if py_failed:
                beyond += 1
                passed += 1
                continue
            problem = None
            if rs_failed:
                problem = "pvi-rs failed: " + rs_err.read_text().strip().splitlines()[0]
            else:
                py, rs = files_of(case / "py", kind), files_of(case / "rs", kind)
                if set(py) != set(rs):
                    problem = f"file sets differ: pvi {sorted(py)} pvi-rs {sorted(rs)}"
                else:
                    for name in py:
                        if py[name] != rs[name]:
                            a = py[name].decode(errors="replace").splitlines()
                            b = rs[name].decode(errors="replace").splitlines()
                            diff = "\n".join(list(difflib.unified_diff(a, b, "pvi", "pvi-rs", lineterm="", n=1))[:12])
                            problem = f"{name} differs\n{diff}"
                            break
            if problem is None:
                passed += 1
                continue
            rule = next((r for r in rules if r[0] in (kind, "*") and r[1] in problem), None)
            if rule:
                deviated += 1
                passed += 1
                reasons[rule[2]] = reasons.get(rule[2], 0) + 1
                continue
            failed += 1
            print(f"FAIL {case.name} {kind}: {problem}\n")
    print(f"pvi failed, pvi-rs succeeded: {beyond}; both failed: {both_fail}; documented deviations: {deviated}")
    for r, n in reasons.items():
        print(f"  deviation x{n}: {r}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
