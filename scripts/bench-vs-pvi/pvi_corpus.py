"""One process of pvi 0.14.4 formatting a corpus of devices (helper of
scripts/bench-vs-pvi/run.sh), with the same steps as `pvi format`:
Device.deserialize, deserialize_parents, Formatter.deserialize(..).format.

Usage: pvi_corpus.py PASSES CORPUS_DIR OUT_DIR FORMATTER
Prints "wall_ms,cpu_ms" of each pass, space-separated (imports excluded).
"""

import sys
import time
from pathlib import Path

from pvi._format import Formatter
from pvi.device import Device


def main() -> None:
    passes, corpus, out, fmt = (
        int(sys.argv[1]),
        Path(sys.argv[2]),
        Path(sys.argv[3]),
        Path(sys.argv[4]),
    )
    ext = "edl" if ".edl." in fmt.name else "adl" if "aps" in fmt.name else "bob"
    jobs = []
    for d in sorted(p for p in corpus.iterdir() if (p / "generated.pvi.device.yaml").is_file()):
        (out / d.name).mkdir(parents=True, exist_ok=True)
        jobs.append((d, d / "generated.pvi.device.yaml", out / d.name / f"generated.pvi.{ext}"))
    times = []
    for _ in range(passes):
        t, c = time.perf_counter(), time.process_time()
        for ydir, dev, dest in jobs:
            device = Device.deserialize(dev)
            device.deserialize_parents([ydir])
            Formatter.deserialize(fmt).format(device, dest)
        times.append(f"{(time.perf_counter() - t) * 1000:.3f},{(time.process_time() - c) * 1000:.3f}")
    print(" ".join(times))


if __name__ == "__main__":
    main()
