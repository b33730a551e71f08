#!/usr/bin/env python3
"""Run pvi 0.14.4's own golden tests (from its sdist) with pvi-rs's `pvi` binary.

Usage: goldens.py --sdist DIR --pvi BIN [--deviations FILE]

DIR is the unpacked sdist (pvi-0.14.4/). Every case of its tests/test_cli.py and
tests/test_api.py that compares files is run here as a command line of BIN, in an
empty folder; like pvi's `Helper.assert_output_matches`, every file written there must
exist among the expected outputs and be equal to it, here byte for byte. The Python
API tests build their devices in code: the same devices are written below as YAML
(or, for test_combine_widgets, built from the sdist's inputs as the test builds them)
and formatted with `pvi format`; `format_index` maps to `pvi index`, `format_template`
to `pvi generate-template`. Tests that compare no files are run as the nearest command
where one exists (a device pvi refuses must be refused), else skipped with a reason.

Cases listed in the deviations file (`case<TAB>reason`, the repository's
conformance-deviations.tsv) are pvi-rs's deliberate departures: they are run with
`--pvi-compat`; identical then is a pass, still different a deviation. The last line
is `N passed, M failed, D deviations, S skipped`; exit status 1 if any failed.
"""

import argparse
import difflib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

WIDGETS = [
    "ArrayTrace", "BitField", "ButtonPanel", "CheckBox", "ComboBox", "ImageRead",
    "LED", "ProgressBar", "TableRead", "TableWrite", "TextRead", "TextWrite",
    "ToggleButton",
]
# test_cli.py::formats_to_skip
FORMAT_SKIP = {
    ".adl": ["BitField", "ArrayTrace", "ImageRead", "TableRead", "TableWrite"],
    ".edl": ["ImageRead", "TableRead", "TableWrite"],
    ".bob": [],
}
# test_cli.py::test_combine_widgets' parameters
COMBINE_SKIP = {
    ".adl": ["ArrayTrace", "ImageRead", "TableRead", "TableWrite", "BitField"],
    ".edl": ["ImageRead", "TableRead", "TableWrite"],
    ".bob": [],
}
FORMATTER = {
    ".adl": "aps.adl.pvi.formatter.yaml",
    ".edl": "dls.edl.pvi.formatter.yaml",
    ".bob": "dls.bob.pvi.formatter.yaml",
}


class Case:
    """One golden: a command run in an empty folder `out`, compared with `expected`.

    `cmd` is a list of arguments after the binary; the string "{out}" in any of
    them is replaced by the case's output folder. `prepare(out)` runs first (copies
    an input to be rewritten in place). `want_fail`: pvi refuses, so must we.
    `check(out)`: an extra property, returns a problem or None.
    `want_message`: for a refusal, a text the error must contain.
    """

    def __init__(self, name, test, cmd, expected=None, prepare=None, want_fail=False,
                 check=None, compat=True, want_message=None):
        self.name, self.test, self.cmd, self.expected = name, test, cmd, expected
        self.prepare, self.want_fail, self.check = prepare, want_fail, check
        self.compat = compat  # the command takes --pvi-compat
        self.want_message = want_message


class Skip:
    def __init__(self, name, test, reason):
        self.name, self.test, self.reason = name, test, reason


def dump(path: Path, device: dict) -> Path:
    path.write_text(yaml.safe_dump(device, sort_keys=False, allow_unicode=True))
    return path


# --- the devices test_api.py builds in Python, as YAML --------------------------

def sig_r(name, pv, widget=None):
    d = {"type": "SignalR", "name": name, "read_pv": pv}
    if widget is not None:
        d["read_widget"] = widget
    return d


def text_read():
    return {"type": "TextRead"}


def api_devices():
    """name -> device dict, for the test_api.py tests that format a device."""
    text_format = {
        "label": "Text Device - $(P)",
        "children": [
            {
                "type": "SignalRW",
                "name": f.title(),
                "write_pv": f"$(P){f.title()}",
                "write_widget": {"type": "TextWrite", "format": f},
                "read_pv": f"$(P){f.title()}_RBV",
                "read_widget": {"type": "TextRead", "format": f},
            }
            # pvi.device.TextFormat, in definition order
            for f in ["decimal", "hexadecimal", "engineer", "exponential", "string"]
        ],
    }
    panel = {"type": "ButtonPanel", "actions": {"Start": "1", "Stop": "0"}}
    button = {
        "label": "Simple Device - $(P)",
        "children": [
            {"type": "SignalRW", "name": "AcquireTime", "write_pv": "$(P)AcquireTime",
             "write_widget": {"type": "TextWrite"}, "read_pv": "$(P)AcquireTime_RBV",
             "read_widget": text_read()},
            {"type": "SignalW", "name": "Acquire", "write_pv": "$(P)Acquire",
             "write_widget": panel},
            {"type": "SignalRW", "name": "AcquireWithRBV", "write_pv": "$(P)Acquire",
             "write_widget": panel, "read_pv": "$(P)Acquire_RBV",
             "read_widget": {"type": "LED"}},
        ],
    }
    pva_table = {
        "label": "TableDevice - $(P)",
        "children": [
            {"type": "SignalRW", "name": "PVATable", "write_pv": "$(P)PVATable",
             "write_widget": {"type": "TableWrite", "widgets": [
                 {"type": "TextWrite"},
                 {"type": "ComboBox", "choices": ["1", "A", "True"]},
             ]}},
        ],
    }
    led = {"type": "LED"}
    pva_table_panda = {
        "label": "TableDevice",
        "children": [
            sig_r("PandA", "PANDAQSRV:SEQ1:TABLE", {
                "type": "TableRead",
                "widgets": [text_read()] * 4 + [led] * 6 + [text_read()] + [led] * 6,
            }),
        ],
    }
    combo_box = {
        "label": "Device - $(P)",
        "children": [
            {"type": "SignalRW", "name": "Enum", "write_pv": "$(P)Enum",
             "write_widget": {"type": "ComboBox", "choices": ["A", "B", "C"]},
             "read_pv": "$(P)Enum_RBV"},
        ],
    }
    device_ref = {
        "label": "Device - $(P)",
        "children": [
            {"type": "DeviceRef", "name": "ComboBox", "pv": "COMBOBOX",
             "ui": "combo_box", "macros": {"P": "TEST:"}},
        ],
    }
    grid = {"type": "Grid"}
    sub = {"type": "SubScreen"}
    sub_screen = {
        "label": "Device",
        "children": [
            sig_r("A", "$(P)A", text_read()),
            {"type": "Group", "name": "Group1", "layout": sub, "children": [
                sig_r("Group1B", "$(P)GROUP1:B", text_read()),
                {"type": "Group", "name": "Group2", "layout": grid, "children": [
                    sig_r("Group2C", "$(P)GROUP1:GROUP2:C", text_read()),
                    sig_r("Group2D", "$(P)GROUP1:GROUP2:D", text_read()),
                ]},
            ]},
            {"type": "Group", "name": "Group3", "layout": grid, "children": [
                sig_r("Group3E", "$(P)GROUP3:E", text_read()),
                {"type": "Group", "name": "Group4", "layout": sub, "children": [
                    sig_r("Group4F", "$(P)GROUP3:GROUP4:F", text_read()),
                    {"type": "Group", "name": "Group5", "layout": grid, "children": [
                        sig_r("Group5G", "$(P)GROUP3:GROUP4:GROUP5:G", text_read()),
                        sig_r("Group5H", "$(P)GROUP3:GROUP4:GROUP5:H", text_read()),
                    ]},
                ]},
            ]},
        ],
    }
    group_label = {
        "label": "Label Test - $(P)",
        "children": [
            sig_r("OtherSig", "$(P)Other", text_read()),
            {"type": "Group", "name": "Bl04iEaErio01", "label": "BL04I-EA-E1RIO-01",
             "layout": sub, "children": [
                 sig_r("Status", "$(P)BL04I:EA:E1RIO01:Status", text_read()),
             ]},
        ],
    }
    return {
        "text_format": text_format,
        "button": button,
        "pva_table": pva_table,
        "pva_table_panda": pva_table_panda,
        "combo_box": combo_box,
        "device_ref": device_ref,
        "sub_screen": sub_screen,
        "group_label_preserved": group_label,
    }


def combined_device(all_widgets: Path, skip) -> dict:
    """test_combine_widgets' device: one Grid group per all_widgets file, without its
    Includes and without children whose name contains a skipped widget."""
    children = []
    for path in sorted(all_widgets.iterdir()):
        device = yaml.safe_load(path.read_text())
        children.append({
            "type": "Group",
            "name": path.name.split(".")[0],
            "label": device["label"],
            "layout": {"type": "Grid"},
            "children": [
                c for c in device.get("children", [])
                if c.get("type") != "Include" and not any(s in c["name"] for s in skip)
            ],
        })
    return {"label": "All Widgets", "children": children}


def sub_screen_links(main_name):
    """test_sub_screen_buttons_link_to_written_files: every sub-screen written is
    linked by a <file> of some screen, and nothing else is."""
    import xml.etree.ElementTree as ET

    def check(out: Path):
        written = sorted(p.name for p in out.iterdir())
        linked = sorted(
            str(f.text) for p in out.iterdir() for f in ET.parse(p).iter("file")
        )
        subs = [n for n in written if n != main_name]
        if len(subs) != 2:
            return f"{len(subs)} sub-screens written, want 2: {written}"
        if linked != subs:
            return f"linked {linked}, written {subs}"
        return None

    return check


def cases(sdist: Path, gen: Path):
    tests = sdist / "tests"
    fin = tests / "format" / "input"
    fout = tests / "format" / "output"
    out = "{out}"
    cs = []

    # test_cli.py -------------------------------------------------------------
    cs.append(Skip("version", "test_cli.py::test_cli_version",
                   "pvi-rs prints its own version (`pvi --version`), not pvi's"))
    for schema in ["pvi.device.schema.json", "pvi.formatter.schema.json"]:
        cs.append(Skip(f"schemas/{schema}", "test_cli.py::test_schemas",
                       "pvi-rs generates its schemas from its own types (docs/cli.md); "
                       "they are judged by what they accept and reject "
                       "(crates/pvi-core/tests/schema.rs), not by pvi's bytes"))
    for fmt, formatter in FORMATTER.items():
        for w in WIDGETS:
            name = f"all_widgets/{w}{fmt}"
            if w in FORMAT_SKIP[fmt]:
                cs.append(Skip(name, "test_cli.py::test_format",
                               f"pvi skips it: {w} not supported in {fmt} format"))
                continue
            cs.append(Case(name, "test_cli.py::test_format",
                           ["format", "--yaml-path", fin, f"{out}/{w}{fmt}",
                            fin / "all_widgets" / f"{w}.pvi.device.yaml", fin / formatter],
                           fout / "all_widgets"))
    for stem, test in [("parent_child", "test_format_parent_child"),
                       ("signal_default_widgets", "test_signal_default_widgets"),
                       ("stacked", "test_stacked")]:
        device = "child" if stem == "parent_child" else stem
        cs.append(Case(f"{stem}.bob", f"test_cli.py::{test}",
                       ["format", "--yaml-path", fin, f"{out}/{stem}.bob",
                        fin / f"{device}.pvi.device.yaml", fin / FORMATTER[".bob"]],
                       fout))
    for fmt, formatter in [(".edl", "dls.edl.pvi.formatter.yaml"),
                           (".bob", "dls.bob.pvi.formatter.yaml"),
                           (".adl", "aps.pvi.formatter.yaml")]:
        cs.append(Case(f"static_table{fmt}", "test_cli.py::test_static_table",
                       ["format", "--yaml-path", fin, f"{out}/static_table{fmt}",
                        fin / "static_table.pvi.device.yaml",
                        sdist / "formatters" / formatter],
                       fout))
    for fmt in [".adl", ".edl", ".bob"]:
        dev = dump(gen / f"all_widgets_{fmt[1:]}.pvi.device.yaml",
                   combined_device(fin / "all_widgets", COMBINE_SKIP[fmt]))
        cs.append(Case(f"all_widgets/all_widgets{fmt}",
                       "test_cli.py::test_combine_widgets (device built as the test does)",
                       ["format", f"{out}/all_widgets{fmt}", dev, fin / FORMATTER[fmt]],
                       fout / "all_widgets"))
    conv_in = tests / "convert" / "input"
    cs.append(Case("convert/simDetector.pvi.device.yaml", "test_cli.py::test_convert_header",
                   ["convert", "device", out, "--header", conv_in / "simDetector.h",
                    "--template", conv_in / "simDetector.template"],
                   tests / "convert" / "output", compat=False))
    cs.append(Case("convert/Mako125B.pvi.device.yaml", "test_cli.py::test_convert_device_name",
                   ["convert", "device", out, "--name", "Mako125B", "--label",
                    "GenICam Mako125B", "--parent", "GenICamDriver",
                    "--template", conv_in / "Mako125B.template"],
                   tests / "convert" / "output", compat=False))
    rec_in = tests / "reconvert" / "input"
    cs.append(Case("reconvert/simDetector.pvi.device.yaml", "test_cli.py::test_reconvert",
                   ["reconvert", f"{out}/simDetector.pvi.device.yaml",
                    "--template", rec_in / "simDetectorExtra.template",
                    "--template", rec_in / "simDetector.template"],
                   tests / "reconvert" / "output",
                   prepare=lambda o: shutil.copy(rec_in / "simDetector.pvi.device.yaml", o),
                   compat=False))
    reg_in = tests / "regroup" / "input"
    reg = "regroup_with_include.pvi.device.yaml"
    cs.append(Case(f"regroup/{reg}", "test_cli.py::test_regroup_preserves_includes",
                   ["regroup", f"{out}/{reg}", reg_in / "detector.adl"],
                   tests / "regroup" / "output",
                   prepare=lambda o: shutil.copy(reg_in / reg, o), compat=False))

    # test_api.py -------------------------------------------------------------
    devices = api_devices()
    for fmt in [".adl", ".edl", ".bob"]:
        dev = dump(gen / "text_format.pvi.device.yaml", devices["text_format"])
        cs.append(Case(f"text_format{fmt}", "test_api.py::test_text_format (as YAML)",
                       ["format", f"{out}/text_format{fmt}", dev, fin / FORMATTER[fmt]],
                       fout))
    for stem, test in [("button", "test_button"), ("pva_table", "test_pva_table"),
                       ("pva_table_panda", "test_pva_table_panda"),
                       ("combo_box", "test_combo_box"), ("device_ref", "test_device_ref"),
                       ("sub_screen", "test_group_sub_screen"),
                       ("group_label_preserved",
                        "test_group_label_preserved_through_subscreen")]:
        dev = dump(gen / f"{stem}.pvi.device.yaml", devices[stem])
        cs.append(Case(f"{stem}.bob", f"test_api.py::{test} (as YAML)",
                       ["format", f"{out}/{stem}.bob", dev, fin / FORMATTER[".bob"]],
                       fout))
    bad_panel = dump(gen / "button_raises.pvi.device.yaml", {
        "label": "Bad",
        "children": [{"type": "SignalW", "name": "Acquire", "write_pv": "$(P)Acquire",
                      "write_widget": {"type": "ButtonPanel",
                                       "actions": {"start": "1", "Stop": "0"}}}],
    })
    cs.append(Case("button_raises", "test_api.py::test_button_raises (pvi format refuses)",
                   ["format", f"{out}/bad.bob", bad_panel], want_fail=True,
                   want_message="is not PascalCase"))
    entries = gen / "index.entries.yaml"
    entries.write_text(yaml.safe_dump({
        "title": "Index",
        "entries": [
            {"label": "Button - $(P)", "ui": "button.bob", "macros": {"P": "TEST:"}},
            {"label": "ComboBox", "ui": "combo_box.bob", "macros": {"P": "TEST:"}},
            {"label": "table", "ui": "pva_table.bob", "macros": {"P": "TEST:"}},
        ],
    }, sort_keys=False))
    cs.append(Case("index.bob", "test_api.py::test_index (DLSFormatter.format_index -> pvi index)",
                   ["index", f"{out}/index.bob", entries], fout, compat=False))
    tmpl = dump(gen / "pvi_template.pvi.device.yaml", {
        "label": "Template Device",
        "children": [
            {"type": "SignalR", "name": "Read", "read_pv": "$(P)Read"},
            {"type": "SignalW", "name": "Write", "write_pv": "$(P)Write"},
            {"type": "SignalRW", "name": "ReadWrite", "write_pv": "$(P)ReadWrite",
             "read_pv": "$(P)ReadWrite_RBV"},
            {"type": "SignalRW", "name": "ReadWriteSingle",
             "write_pv": "$(P)ReadWriteSingle"},
            {"type": "SignalX", "name": "Execute", "write_pv": "$(P)Execute"},
        ],
    })
    cs.append(Case("pvi.template", "test_api.py::test_pvi_template (format_template -> pvi generate-template)",
                   ["generate-template", tmpl, "$(P)", f"{out}/pvi.template"], fout,
                   compat=False))
    links = dump(gen / "sub_screen_links.pvi.device.yaml", {
        "label": "Sub Screens",
        "children": [
            sig_r("Status", "$(P)Status", text_read()),
            {"type": "Group", "name": "Advanced", "layout": {"type": "SubScreen"},
             "children": [
                 sig_r("Status", "$(P)Status", text_read()),
                 {"type": "Group", "name": "Stats", "layout": {"type": "SubScreen"},
                  "children": [sig_r("Status", "$(P)Status", text_read())]},
             ]},
        ],
    })
    for main in ["device.bob", "device.pvi.bob"]:
        cs.append(Case(f"sub_screen_links/{main}",
                       "test_api.py::test_sub_screen_buttons_link_to_written_files",
                       ["format", f"{out}/{main}", links, fin / FORMATTER[".bob"]],
                       check=sub_screen_links(main)))

    # test_device_serialization.py --------------------------------------------
    cs.append(Case("bad.pvi.device.yaml",
                   "test_device_serialization.py::test_deserialize_raises_validation_error "
                   "(pvi format refuses)",
                   ["format", f"{out}/bad.bob", tests / "bad.pvi.device.yaml"], want_fail=True,
                   want_message="unknown field `red_pv`"))
    cs.append(Case("test.pvi.device.yaml",
                   "test_device_serialization.py::test_deserialize (pvi format accepts it)",
                   ["format", "--yaml-path", fin, f"{out}/test.bob",
                    tests / "test.pvi.device.yaml"]))
    for test in ["test_serialize",
                 "test_deserialize_parents_raises_deprecation_warning", "test_validate_fails"]:
        cs.append(Skip(f"serialization/{test}", f"test_device_serialization.py::{test}",
                       "checks pvi's Python classes (pydantic models), no file; the "
                       "pvi-rs Python package has its own tests (crates/pvi-py/tests)"))
    cs.append(Skip("asyn_convert", "test_asyn_convert.py",
                   "unit test of a Python helper (get_waveform_parameter), no file"))
    return cs


def run_case(binary, case, out: Path, extra):
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    if case.prepare:
        case.prepare(out)
    args = [binary] + [str(a).replace("{out}", str(out)) for a in case.cmd] + extra
    try:
        res = subprocess.run(args, capture_output=True, text=True, timeout=60)
        code, err = res.returncode, (res.stderr + res.stdout).strip()
    except subprocess.TimeoutExpired:
        code, err = "timeout", "timed out after 60 s"
    if case.want_fail:
        if code == 0:
            return ["pvi refuses this input; pvi-rs accepted it"]
        if code != 1:
            return [f"exit status {code} (want 1): {err[-300:]}"]
        if case.want_message and case.want_message not in err:
            return [f"refused, but without {case.want_message!r}: {err[-300:]}"]
        return []
    if code != 0:
        last = err.splitlines()[-1] if err else ""
        return [f"exit status {code}: {last}"]
    problems = []
    written = sorted(p for p in out.rglob("*") if p.is_file())
    if not written:
        problems.append("no file written")
    if case.expected is not None:
        for act in written:
            exp = case.expected / act.relative_to(out)
            if not exp.is_file():
                problems.append(f"wrote {act.name}, which pvi does not")
            elif exp.read_bytes() != act.read_bytes():
                problems.append(f"differs: {act.name}")
                problems.extend("    " + l for l in diff_text(exp, act))
    if case.check:
        p = case.check(out)
        if p:
            problems.append(p)
    return problems


def diff_text(expected: Path, actual: Path, limit=20):
    try:
        a = expected.read_text().splitlines()
        b = actual.read_text().splitlines()
    except UnicodeDecodeError:
        return ["(binary files differ)"]
    lines = list(difflib.unified_diff(a, b, "pvi 0.14.4", "pvi-rs", lineterm="", n=1))
    if not lines:
        return ["(same lines: line endings or final newline differ)"]
    more = len(lines) - limit
    return lines[:limit] + ([f"... {more} more diff lines"] if more > 0 else [])


def read_deviations(path):
    out = {}
    if path and Path(path).is_file():
        for line in Path(path).read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                case, _, reason = line.partition("\t")
                out[case.strip()] = reason.strip()
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sdist", required=True)
    ap.add_argument("--pvi", required=True)
    ap.add_argument("--deviations")
    args = ap.parse_args()
    sdist = Path(args.sdist).resolve()
    binary = str(Path(args.pvi).resolve())
    deviations = read_deviations(args.deviations)
    passed = failed = deviated = skipped = 0
    with tempfile.TemporaryDirectory(prefix="pvi-goldens-") as tmp:
        gen = Path(tmp) / "devices"
        gen.mkdir()
        for case in cases(sdist, gen):
            if isinstance(case, Skip):
                skipped += 1
                print(f"skip: {case.name} [{case.test}]: {case.reason}")
                continue
            out = Path(tmp) / "out"
            if case.name in deviations:
                default = run_case(binary, case, out, [])
                compat = ["--pvi-compat"] if case.compat else []
                problems = run_case(binary, case, out, compat) if compat else default
                note = ("default output departs as listed" if default
                        else "default output identical too: the listing is stale")
                if not problems:
                    passed += 1
                    print(f"ok: {case.name} with {' '.join(compat) or 'no flag'} ({note})")
                else:
                    deviated += 1
                    print(f"deviation: {case.name}: {deviations[case.name]}")
                continue
            problems = run_case(binary, case, out, [])
            if problems:
                failed += 1
                print(f"FAIL: {case.name} [{case.test}]")
                for p in problems:
                    print("  " + p)
            else:
                passed += 1
                print(f"ok: {case.name}")
    print(f"pvi-goldens: {passed} passed, {failed} failed, {deviated} deviations, "
          f"{skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
