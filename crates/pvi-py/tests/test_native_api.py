"""The native API, errors with locations, malformed input, threads."""

import random
import threading
from pathlib import Path

import pytest
from conftest import EXAMPLES, REPO

import pvi_rs
from pvi.device import Device


def test_format_returns_files() -> None:
    files = pvi_rs.format(EXAMPLES / "camera.pvi.device.yaml", "camera.bob", yaml_paths=[EXAMPLES])
    names = list(files)
    assert names[0] == "camera.bob" and all(isinstance(v, bytes) for v in files.values())
    edl = pvi_rs.format(EXAMPLES / "camera.pvi.device.yaml", "camera.edl", yaml_paths=[EXAMPLES])
    assert list(edl)[0] == "camera.edl"


def test_format_from_text_and_dict() -> None:
    text = "label: T\nchildren:\n- type: SignalR\n  name: A\n  read_pv: P:A\n"
    a = pvi_rs.format(text, "t.bob")
    b = pvi_rs.format({"label": "T", "children": [{"type": "SignalR", "name": "A", "read_pv": "P:A"}]}, "t.bob")
    assert a == b


def test_template() -> None:
    t = pvi_rs.template(EXAMPLES / "camera.pvi.device.yaml", "$(P)$(R)", yaml_paths=[EXAMPLES])
    assert "PVI" in t and t.endswith("\n")


def test_error_is_located(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pvi.device.yaml"
    bad.write_text("label: X\nchildren:\n  - type: SignalR\n    name: A\n    read_pvv: P:A\n")
    with pytest.raises(pvi_rs.PviError) as e:
        Device.deserialize(bad)
    err = e.value
    # two problems: read_pv missing (at the item), read_pvv unknown (at the key)
    assert err.file == str(bad) and (err.line, err.column) == (3, 5)
    assert [(d["line"], d["column"]) for d in err.diagnostics] == [(3, 5), (5, 5)]
    assert "read_pvv" in str(err) and f"{bad}:5:5" in str(err)
    assert err.diagnostics and err.diagnostics[0]["severity"] == "error"


def test_missing_include_is_located(tmp_path: Path) -> None:
    dev = tmp_path / "d.pvi.device.yaml"
    dev.write_text("label: X\nchildren:\n  - type: Include\n    file_name: Nowhere\n")
    d = Device.deserialize(dev)
    with pytest.raises(pvi_rs.PviError) as e:
        d.deserialize_parents([tmp_path])
    assert e.value.file == str(dev) and e.value.line == 3
    assert "Nowhere.pvi.device.yaml" in e.value.message


def test_no_crash_on_malformed_input(tmp_path: Path) -> None:
    seed = (EXAMPLES / "camera.pvi.device.yaml").read_bytes()
    rng = random.Random(1)
    for i in range(300):
        data = bytearray(seed)
        for _ in range(rng.randint(1, 20)):
            pos = rng.randrange(len(data))
            data[pos] = rng.randrange(256)
        p = tmp_path / f"m{i}.pvi.device.yaml"
        p.write_bytes(bytes(data))
        try:
            pvi_rs.format(p, "m.bob", yaml_paths=[EXAMPLES])
        except pvi_rs.PviError as e:
            assert str(e)


def test_threads_give_the_same_bytes() -> None:
    expected = pvi_rs.format(EXAMPLES / "camera.pvi.device.yaml", "c.bob", yaml_paths=[EXAMPLES])
    results = []

    def work() -> None:
        for _ in range(20):
            results.append(
                pvi_rs.format(EXAMPLES / "camera.pvi.device.yaml", "c.bob", yaml_paths=[EXAMPLES])
            )

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 160 and all(r == expected for r in results)


def test_ioc_generate(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "epics"
    shutil.copytree(REPO / "fixtures" / "ioc" / "epics", root)
    pvi_rs.ioc_generate(epics_root=root)
    assert (root / "opi" / "index.bob").is_file()
    assert list((root / "runtime").glob("*.pvi.template"))


def test_write_is_all_or_nothing(tmp_path: Path) -> None:
    from pvi._format.dls import DLSFormatter

    target = tmp_path / "no-such-dir" / "x.bob"
    with pytest.raises(pvi_rs.PviError):
        DLSFormatter().format(Device(label="L", children=[]), target)
    assert not target.parent.exists()
