"""Run Python pvi 0.14.4 (in-process, through its own API) over generated cases.

usage: run_pvi.py CASES_DIR FORMATTERS_DIR

For every CASES_DIR/case*/dev*.pvi.device.yaml writes CASES_DIR/case*/py/:
dev.bob / dev.edl / dev.adl (plus sub-screens) and dev.template, or
<output>.error holding the exception text when pvi fails.
"""

import sys
import traceback
from pathlib import Path

from pvi._format import Formatter
from pvi._format.template import format_template
from pvi.device import Device

FORMATS = [("bob", "dls.bob.pvi.formatter.yaml"), ("edl", "dls.edl.pvi.formatter.yaml"), ("adl", "aps.pvi.formatter.yaml")]


def main():
    cases, formatters = Path(sys.argv[1]), Path(sys.argv[2])
    for case in sorted(cases.glob("case*")):
        dev_path = next(case.glob("dev*.pvi.device.yaml"))
        out = case / "py"
        out.mkdir(exist_ok=True)
        for ext, fmt in FORMATS:
            target = out / f"dev.{ext}"
            try:
                device = Device.deserialize(dev_path)
                device.deserialize_parents([case])
                Formatter.deserialize(formatters / fmt).format(device, target)
            except BaseException as e:  # noqa: BLE001 - pvi raises many kinds
                (out / f"dev.{ext}.error").write_text(f"{type(e).__name__}: {e}\n")
        try:
            format_template(Device.deserialize(dev_path), "$(P)$(R)", out / "dev.template")
        except BaseException as e:  # noqa: BLE001
            (out / "dev.template.error").write_text(f"{type(e).__name__}: {e}\n")


if __name__ == "__main__":
    main()
