#!/usr/bin/env python3
"""Differential test of pvi-rs against pvi 0.14.4 for the converters.

Usage: pvi_diff.py PVI_REF PVI_RS [--seed N] [--count N]

1. YAML write-back: random devices whose labels, descriptions and PVs hold
   awkward strings (quotes, colons, hashes, long runs of words, unicode,
   control characters) are rewritten by `regroup` with a screen naming none
   of them, by both binaries; the files must be byte-identical.
2. convert device: composed edge-case templates (EDGE below); stdout and
   the written device must be identical.
Where pvi's own file does not read back as what it was given (ruamel folds
after a run of spaces, or after an escape, and the text then reads back
differently), pvi-rs writes a correct file instead: such cases count as
deviations, not failures (run with pvi's Python so ruamel can check this).
Prints `N passed, M failed`; exit status 1 on any failure.
"""

import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

WORDS = ["a", "gain", "X", "yes", "no", "1", "0.5", "null", "true", "-", ":", "#",
         "a:b", "a: b", "x #y", "it's", "'q'", '"dq"', "$(P)$(R)", "@asyn", "*star",
         "&amp", "!tag", "%p", "|pipe", ">gt", "[b]", "{c}", ",", "?", "?x", "-x",
         "---", "...", "2024-01-01", "1_000", "0x1F", ".5", "Ünï", "é", "€", "\t",
         "long" * 12, "x" * 95, "", "~", "<<", "="]


def rand_text(rng):
    n = rng.choice([1, 1, 2, 3, 8, 20, 40])
    parts = [rng.choice(WORDS) for _ in range(n)]
    seps = [rng.choice([" ", " ", " ", "  ", "", "\n"]) for _ in range(n)]
    s = "".join(p + q for p, q in zip(parts, seps))
    if rng.random() < 0.5:
        s = s.strip()
    return s


def yaml_quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def rand_device(rng):
    lines = [f"label: {yaml_quote(rand_text(rng) or 'L')}", "children:"]
    for i in range(rng.randint(1, 5)):
        kind = rng.choice(["SignalR", "SignalW", "SignalRW", "SignalX"])
        lines.append(f"  - type: {kind}")
        lines.append(f"    name: N{i}")
        if rng.random() < 0.5:
            lines.append(f"    label: {yaml_quote(rand_text(rng))}")
        if rng.random() < 0.7:
            lines.append(f"    description: {yaml_quote(rand_text(rng))}")
        pv = yaml_quote(rand_text(rng) or "PV")
        if kind in ("SignalR", "SignalRW"):
            lines.append(f"    read_pv: {pv}")
        if kind in ("SignalW", "SignalRW", "SignalX"):
            lines.append(f"    write_pv: {pv}")
        if kind == "SignalX":
            lines.append(f"    value: {yaml_quote(rand_text(rng))}")
    return "\n".join(lines) + "\n"


def strings(obj, out):
    if isinstance(obj, dict):
        for v in obj.values():
            strings(v, out)
    elif isinstance(obj, list):
        for v in obj:
            strings(v, out)
    elif isinstance(obj, str):
        out.append(obj)
    return out


def pvi_lossy(given, written, ours):
    """Whether pvi's file reads back differently from pvi-rs's, which keeps
    every string of the given device."""
    try:
        from ruamel.yaml import YAML
    except ImportError:
        return False
    y = YAML(typ="safe")
    before = strings(y.load(given).get("children", []), [])
    theirs, mine = y.load(written), y.load(ours)
    return theirs != mine and all(s in strings(mine, []) for s in before)


def run(cmd, cwd):
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=60)


EDGE = '''# record(ao, "$(P)Commented")
record(ao, "$(P)$(R)Soft") { field(VAL, "1") }

record(motor, "$(P)$(R)Motor") {
    field(DTYP, "asynMotor")
}
record(waveform, "$(P)$(R)FilePath") {
    field(DTYP, "asynOctetWrite")
    field(INP, "@asyn($(PORT),$(ADDR=0),$(TIMEOUT=1))FILE_PATH")
}
record(waveform, "$(P)$(R)FilePath_RBV") {
    field(DTYP, "asynOctetRead")
    field(INP, "@asyn($(PORT),$(ADDR=0),$(TIMEOUT=1))FILE_PATH")
}
record(waveform, "$(P)$(R)ArrOut") {
    field(DTYP, "asynFloat64ArrayOut")
    field(INP, "@asyn($(PORT),$(ADDR=0),$(TIMEOUT=1))ARR")
}
record(busy, "$(P)$(R)Acquire") {
    field(OUT, "@asyn($(PORT),$(ADDR=0),$(TIMEOUT=1))ACQUIRE")
}
record(bi, "$(P)$(R)Acquire_RBV") {
    field(INP, "@asyn($(PORT),$(ADDR=0),$(TIMEOUT=1))ACQUIRE")
    field(ZNAM, "Done")
    field(ONAM, "Acquire")
}
record(bo, "$(P)$(R)NoNames") {
    field(OUT, "@asyn($(PORT),$(ADDR=0),$(TIMEOUT=1))NO_NAMES")
    field(ZNAM, "Off")
}
record(longout, "$(P)$(R)TwoA") {
    field(OUT, "@asyn($(PORT),$(ADDR=0),$(TIMEOUT=1))TWO")
}
record(longout, "$(P)$(R)TwoB") {
    field(OUT, "@asyn($(PORT),$(ADDR=0),$(TIMEOUT=1))TWO")
}
record(longin, "$(P)$(R)TwoReadback") {
    field(INP, "@asyn($(PORT),$(ADDR=0),$(TIMEOUT=1))TWO")
}
record(stringout, "$(P)$(R)lower:case-name") {
    field(OUT, "@asyn($(PORT),$(ADDR=0),$(TIMEOUT=1))LOWER")
}
grecord(ai, "$(P)$(R)GRecord") {
    field(INP, "@asyn($(PORT),$(ADDR=0),$(TIMEOUT=1))GREC")
}
record(ai, "$(P)$(R)Soft2") {
    field(INP, "$(P)Other")
}
record(mbbi, "$(P)$(R)Mode_RBV") {
    field(INP, "@asyn($(PORT),0,1)MODE")
}
record(mbbo, "$(P)$(R)Mode") {
    field(OUT, "@asyn($(PORT),0,1)MODE")
}
'''


def main():
    ref, ours = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 1
    count = int(sys.argv[sys.argv.index("--count") + 1]) if "--count" in sys.argv else 200
    rng = random.Random(seed)
    passed = failed = deviations = 0
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "none.adl").write_text("nothing here\n")
        for i in range(count):
            text = rand_device(rng)
            outs = []
            for tag, binary in (("ref", ref), ("rs", ours)):
                d = tmp / tag
                shutil.rmtree(d, ignore_errors=True)
                d.mkdir()
                (d / "d.pvi.device.yaml").write_text(text)
                r = run([str(binary), "regroup", "d.pvi.device.yaml", "../none.adl"], d)
                outs.append((r.returncode, r.stdout, (d / "d.pvi.device.yaml").read_text()))
            if outs[0][0] != 0:
                continue  # pvi could not read or write it: nothing to compare
            if outs[0] == outs[1]:
                passed += 1
            elif pvi_lossy(text, outs[0][2], outs[1][2]):
                deviations += 1
            else:
                failed += 1
                print(f"FAIL yaml #{i}:\n{text}\n--- pvi\n{outs[0][2]}\n--- pvi-rs\n{outs[1][2]}")
        (tmp / "edge_cases.template").write_text(EDGE)
        outs = []
        for tag, binary in (("ref", ref), ("rs", ours)):
            r = run([str(binary), "convert", "device", f"out-{tag}", "--name", "Edge",
                     "--template", "edge_cases.template"], tmp)
            outs.append((r.returncode, r.stdout, (tmp / f"out-{tag}/Edge.pvi.device.yaml").read_text()))
        if outs[0] == outs[1]:
            passed += 1
        else:
            failed += 1
            print(f"FAIL convert edge cases:\n--- pvi\n{outs[0]}\n--- pvi-rs\n{outs[1]}")
    print(f"deviations (pvi's file reads back changed): {deviations}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
