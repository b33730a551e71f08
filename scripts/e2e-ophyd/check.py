"""Checks a running IOC against the generated PVI structures and classes.

Usage: python check.py WORKDIR
WORKDIR holds camera_flat.py and camera_groups.py (from `pvi ophyd`); the IOC
serves instance prefixes PVI: (pvi layout, lens only), FLAT: (ophyd-async
layout) and GRP: (ophyd-async layout, --groups-as-devices).
"""

import asyncio
import importlib.util
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from p4p.client.thread import Context

HERE = Path(__file__).parent
PREFIXES = {"pvi": "PVI:", "ophyd-async": "FLAT:", "ophyd-async --groups-as-devices": "GRP:"}
checked: list[str] = []


def ok(what: str) -> None:
    checked.append(what)
    print(f"  ok  {what}", flush=True)


def fail(what: str) -> None:
    print(f"FAIL  {what}", flush=True)
    sys.exit(1)


def expect(cond: bool, what: str, detail: Any = "") -> None:
    if cond:
        ok(what)
    else:
        fail(f"{what}: {detail}")


def subst(x: Any, p: str) -> Any:
    if isinstance(x, dict):
        return {subst(k, p): subst(v, p) for k, v in x.items()}
    return x.replace("{P}", p) if isinstance(x, str) else x


def check_structures() -> None:
    print("(a) PVI structures read with p4p", flush=True)
    expected = json.loads((HERE / "expected.json").read_text())
    ctx = Context("pva")
    try:
        for layout, prefix in PREFIXES.items():
            for pv, want in subst(expected[layout], prefix).items():
                got = ctx.get(pv, timeout=5.0).todict()
                top = next(iter(want))
                served = {k: v for k, v in got.items() if k != "record"}
                expect(
                    served == want,
                    f"{layout}: {pv} serves {top}.<{len(want[top])} entries> as meant",
                    json.dumps(served, indent=1),
                )
    finally:
        ctx.close()


def load(path: Path, name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


async def check_flat(work: Path) -> None:
    print("(b) generated class (ophyd-async layout) connects, reads, writes, triggers", flush=True)
    m = load(work / "camera_flat.py", "camera_flat")
    cam = m.Camera("FLAT:", name="cam")
    await cam.connect(timeout=10)
    ok("Camera('FLAT:') connected through FLAT:PVI")
    expect(await cam.ready.get_value() is True, "ready: SignalR[bool] reads True")
    expect(await cam.message.get_value() == "hello", "message: SignalR[str] reads 'hello'")
    expect(await cam.name_.get_value() == "camera", "name_ (served 'name'): SignalRW[str] reads")
    await cam.name_.set("renamed")
    expect(await cam.name_.get_value() == "renamed", "name_ writes 'renamed' and reads it back")
    await cam.mode.set(m.CameraMode.CONTINUOUS)
    expect(
        await cam.mode.get_value() == m.CameraMode.CONTINUOUS,
        "mode: SignalRW[CameraMode] (StrictEnum) writes and reads CONTINUOUS",
    )
    await cam.enabled.set(True)
    expect(await cam.enabled.get_value() is True, "enabled: SignalRW[bool] writes bo, reads bi readback")
    exposure = getattr(cam, "exposure")
    await exposure.set(0.25)
    expect(await exposure.get_value() == 0.25, "exposure (untyped, inferred at connect) writes 0.25, readback 0.25")
    expect(await getattr(cam, "gain").get_value() == 1.5, "gain (untyped single-PV rw) reads 1.5")
    await getattr(cam, "setpoint").set(3.0)
    ok("setpoint: SignalW written")
    trace = await cam.trace.get_value()
    expect(isinstance(trace, np.ndarray) and trace.dtype == np.float64, "trace: SignalR[Array1D[np.float64]] reads an array")
    count = getattr(cam, "count")
    before = await count.get_value()
    t0 = time.monotonic()
    await cam.start.trigger()
    took = time.monotonic() - t0
    after = await count.get_value()
    expect(after == before + 1 and took >= 0.25, f"start: TriggerableCommand completes when busy work is done ({took:.2f} s, count {before}->{after})")
    await cam.recount.trigger()
    expect(await count.get_value() == after + 1, "recount: TriggerableCommand on Count.PROC (const mapping) processes the record")
    print("(c) DeviceRef child followed through d", flush=True)
    expect(type(cam.lens).__name__ == "Lens", "cam.lens is the generated Lens class")
    expect(getattr(cam.lens, "focus").source.endswith("FLAT:Lens:Focus"), "cam.lens.focus addressed from FLAT:Lens:PVI")
    expect(await getattr(cam.lens, "focus").get_value() == 2.5, "cam.lens.focus reads 2.5")
    expect(await cam.lens.zoom.get_value() == "x10", "cam.lens.zoom: SignalR[str] reads 'x10'")
    iris = getattr(cam.lens, "iris")
    await iris.set(4.0)
    expect(await iris.get_value() == 4.0, "cam.lens.iris writes w PV, readback r PV")
    await cam.lens.home.trigger()
    ok("cam.lens.home triggered")


async def check_groups(work: Path) -> None:
    print("(b') generated classes (--groups-as-devices) connect through d", flush=True)
    m = load(work / "camera_groups.py", "camera_groups")
    cam = m.Camera("GRP:", name="camg")
    await cam.connect(timeout=10)
    ok("Camera('GRP:') connected through GRP:PVI, GRP:Controls:PVI, GRP:Status:PVI")
    expect(type(cam.controls).__name__ == "CameraControls", "cam.controls is CameraControls")
    await cam.controls.mode.set(m.CameraControlsMode.MULTIPLE)
    expect(await cam.controls.mode.get_value() == m.CameraControlsMode.MULTIPLE, "cam.controls.mode writes and reads")
    expect(await cam.status.message.get_value() == "hello", "cam.status.message reads 'hello'")
    await cam.controls.start.trigger()
    ok("cam.controls.start triggered")
    expect(await cam.lens.zoom.get_value() == "x10", "cam.lens.zoom reads through d")


async def check_old_layout(work: Path) -> None:
    print("(d) the pvi 0.14.4 layout is not what ophyd-async 0.21 reads", flush=True)
    m = sys.modules["camera_flat"]
    lens = m.Lens("PVI:Lens:", name="old")
    try:
        await lens.connect(timeout=5)
    except Exception as e:  # noqa: BLE001
        ok(f"Lens('PVI:Lens:') on the pvi layout fails as the issue says: {type(e).__name__}")
    else:
        fail("ophyd-async connected to the pvi layout")


async def check_classes(work: Path) -> None:
    await check_flat(work)
    await check_groups(work)
    await check_old_layout(work)


def main() -> None:
    work = Path(sys.argv[1])
    check_structures()
    asyncio.run(check_classes(work))
    print(f"{len(checked)} checks passed", flush=True)


if __name__ == "__main__":
    main()
