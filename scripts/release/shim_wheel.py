"""Writes the `pvi` compatibility wheel: a distribution named `pvi`, version
`0.14.4+rs.<pvi-rs version>`, with no files of its own and one requirement,
`pvi-rs==<version>`. Installed with pvi-rs it satisfies what ibek and
FastCS require (`pvi>=0.14.2`, `pvi~=0.14.4`) so that pip and uv neither
pull pvi 0.14.4 over pvi-rs's `pvi` package nor report a missing
requirement. Usage: python3 shim_wheel.py VERSION OUT_DIR
"""

import base64
import hashlib
import sys
import zipfile
from pathlib import Path

PVI = "0.14.4"


def record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return f"{name},sha256={digest.decode()},{len(data)}"


def main() -> None:
    version, out = sys.argv[1], Path(sys.argv[2])
    full = f"{PVI}+rs.{version}"
    dist = f"pvi-{full}.dist-info"
    files = {
        f"{dist}/METADATA": (
            "Metadata-Version: 2.1\n"
            "Name: pvi\n"
            f"Version: {full}\n"
            f"Summary: pvi {PVI}'s place in an environment, taken by pvi-rs {version}\n"
            "License: Apache-2.0\n"
            "Requires-Python: >=3.9\n"
            f"Requires-Dist: pvi-rs=={version}\n"
        ).encode(),
        f"{dist}/WHEEL": (
            "Wheel-Version: 1.0\nGenerator: pvi-rs shim_wheel.py\n"
            "Root-Is-Purelib: true\nTag: py3-none-any\n"
        ).encode(),
    }
    record = "\n".join(record_line(n, d) for n, d in files.items())
    record += f"\n{dist}/RECORD,,\n"
    files[f"{dist}/RECORD"] = record.encode()
    out.mkdir(parents=True, exist_ok=True)
    wheel = out / f"pvi-{full}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            z.writestr(info, data, zipfile.ZIP_DEFLATED)
    print(wheel)


if __name__ == "__main__":
    main()
