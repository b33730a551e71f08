"""Check pvi-rs's .edl/.adl (and .bob) files with real third-party parsers.

For every .adl: adl2pydm's parser must see as many widgets, and the same PVs,
as a plain reading of the file finds. For every .edl: likewise with
pydmconverter's EDM parser, and its converter must write a .ui file.
For every .bob: an XML parser must find every widget. Usage: check_screens.py DIR
"""

import logging
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

from adl2pydm import adl_parser
from pydmconverter.edm.parser import EDMFileParser

ADL_PV_KEYS = ("chan", "ydata", "xdata")
EDL_PV_KEYS = ("controlPv", "indicatorPv", "readbackPv", "yPv", "xPv")


def adl_written(text):
    """Widgets and PVs as written: top-level blocks after the colour map."""
    blocks = re.findall(r'^("?[a-z][a-z ]*"?) \{$', text, re.M)
    widgets = [b for b in blocks if b.strip('"') not in ("file", "display", "color map")]
    pvs = re.findall(r'^\t+(?:%s)="([^"]*)"$' % "|".join(ADL_PV_KEYS), text, re.M)
    return len(widgets), sorted(pvs)


def adl_parsed(path):
    screen = adl_parser.MedmMainWidget(str(path))
    screen.parseAdlBuffer(screen.getAdlLines(str(path)))
    pvs = []
    for w in screen.widgets:
        c = getattr(w, "contents", {})
        for block in ("control", "monitor"):
            if isinstance(c.get(block), dict) and c[block].get("chan"):
                pvs.append(c[block]["chan"])
        for trace in c.get("traces", []):
            for k in ("xdata", "ydata"):
                if trace.get(k):
                    pvs.append(trace[k])
    return len(screen.widgets), sorted(pvs)


def edl_written(text):
    objects = re.findall(r"^object \w+$", text, re.M)
    pvs = re.findall(r'^(?:controlPv|indicatorPv|readbackPv) "([^"]*)"$', text, re.M)
    for key in ("yPv", "xPv"):
        for body in re.findall(r"^%s \{\n(.*?)^\}$" % key, text, re.M | re.S):
            pvs += re.findall(r'^  0 "([^"]*)"$', body, re.M)
    return len(objects), sorted(pvs)


def edl_parsed(path, out):
    p = EDMFileParser(str(path), str(out))
    objs, pvs = [], []

    def walk(group):
        for o in group.objects:
            if hasattr(o, "objects"):
                walk(o)
            else:
                objs.append(o)
                for k in EDL_PV_KEYS:
                    v = o.properties.get(k)
                    if isinstance(v, str) and v:
                        pvs.append(v)
                    elif isinstance(v, list):
                        pvs.extend(x for x in v if x)

    walk(p.ui)
    # pydmconverter rewrites EDM macros $(P) as ${P}
    return len(objs), sorted(re.sub(r"\$\{(\w+)\}", r"$(\1)", v) for v in pvs)


def main(folder):
    folder = Path(folder)
    bad = 0
    checked = 0
    for path in sorted(folder.rglob("*.adl")):
        want, got = adl_written(path.read_text()), adl_parsed(path)
        checked += 1
        if want != got:
            bad += 1
            print(f"FAIL {path}: wrote {want[0]} widgets {want[1]}, adl2pydm read {got[0]} {got[1]}")
    ui_dir = folder / "_ui"
    ui_dir.mkdir(exist_ok=True)
    for path in sorted(folder.rglob("*.edl")):
        want = edl_written(path.read_text())
        got = edl_parsed(path, ui_dir / (path.stem + ".ui"))
        checked += 1
        if want != got:
            bad += 1
            print(f"FAIL {path}: wrote {want[0]} objects {want[1]}, pydmconverter read {got[0]} {got[1]}")
        ui = ui_dir / (path.stem + ".ui")
        # pydmconverter lists the EDM classes it cannot convert in its cwd
        unsupported = ui_dir / "unsupported_widgets.txt"
        unsupported.unlink(missing_ok=True)
        r = subprocess.run(
            [str(Path(sys.executable).parent / "pydmconverter"), "-o", str(path), str(ui)],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=ui_dir,
        )
        if r.returncode != 0 or not ui.exists():
            bad += 1
            print(f"FAIL {path}: pydmconverter exit {r.returncode}: {r.stderr[-500:]}")
        elif unsupported.exists() and unsupported.read_text().strip():
            bad += 1
            print(f"FAIL {path}: pydmconverter cannot convert {unsupported.read_text().split()}")
    for path in sorted(folder.rglob("*.bob")):
        # .bob: an XML parser must accept it and find every widget we wrote
        checked += 1
        text = path.read_text()
        try:
            root = ElementTree.fromstring(text)
            got = len(root.findall(".//widget"))
        except ElementTree.ParseError as e:
            bad += 1
            print(f"FAIL {path}: not XML: {e}")
            continue
        want = len(re.findall(r"<widget ", text))
        if want != got:
            bad += 1
            print(f"FAIL {path}: wrote {want} widgets, the XML parser found {got}")
    print(f"check-screens: {checked} files, {bad} failed")
    return 1 if bad or not checked else 0


if __name__ == "__main__":
    logging.disable(logging.WARNING)
    sys.exit(main(sys.argv[1]))
