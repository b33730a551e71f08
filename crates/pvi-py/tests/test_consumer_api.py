"""The pvi 0.14.4 surface that ibek, FastCS and PandABlocks-ioc use gives
the bytes the `pvi` command gives."""

from pathlib import Path

import pytest
from conftest import EXAMPLES, PVI_DEFS, run_pvi
from pydantic import ValidationError

import pvi
from pvi._format.aps import APSFormatter
from pvi._format.base import Formatter, IndexEntry
from pvi._format.dls import DLSFormatter
from pvi._format.template import format_template
from pvi.device import (
    LED,
    ButtonPanel,
    ComboBox,
    Device,
    DeviceRef,
    Grid,
    Group,
    Include,
    SignalR,
    SignalRW,
    SignalW,
    SignalX,
    SubScreen,
    TextFormat,
    TextRead,
    TextWrite,
    enforce_pascal_case,
    walk,
)
from pvi.utils import find_pvi_yaml


def test_versions() -> None:
    import pvi_rs

    assert pvi.__version__ == "0.14.4"
    assert pvi_rs.PVI_VERSION == "0.14.4"
    assert pvi_rs.__version__.count(".") == 2


@pytest.mark.parametrize("ext", ["bob", "edl"])
def test_ibek_path_is_the_cli(tmp_path: Path, pvi_bin: str, ext: str) -> None:
    # what ibek's runtime generate does for one entity
    device = Device.deserialize(PVI_DEFS / "simDetector.pvi.device.yaml")
    device.deserialize_parents([PVI_DEFS])
    DLSFormatter().format(device, out(tmp_path, "py", f"s.{ext}"))
    run_pvi(
        pvi_bin, "format", str(out(tmp_path, "cli", f"s.{ext}")),
        str(PVI_DEFS / "simDetector.pvi.device.yaml"), dls_defaults(tmp_path),
        "--yaml-path", str(PVI_DEFS),
    )
    assert (out(tmp_path, "py", f"s.{ext}")).read_bytes() == (out(tmp_path, "cli", f"s.{ext}")).read_bytes()


def out(tmp_path: Path, side: str, name: str) -> Path:
    """`<tmp>/<side>/<name>`: both sides write the same file names."""
    (tmp_path / side).mkdir(exist_ok=True)
    return tmp_path / side / name


def dls_defaults(tmp_path: Path) -> str:
    """A formatter file with `DLSFormatter()`'s sizes (the CLI's embedded
    formatters are pvi's formatter files, with other sizes)."""
    f = tmp_path / "dls.pvi.formatter.yaml"
    f.write_text("type: DLSFormatter\n")
    return str(f)


def test_template_is_the_cli(tmp_path: Path, pvi_bin: str) -> None:
    device = Device.deserialize(PVI_DEFS / "NDStats.pvi.device.yaml")
    device.deserialize_parents([PVI_DEFS])
    format_template(device, "$(P)$(R)", tmp_path / "py.template")
    run_pvi(
        pvi_bin, "generate-template", str(PVI_DEFS / "NDStats.pvi.device.yaml"),
        "$(P)$(R)", str(tmp_path / "cli.template"), "--yaml-path", str(PVI_DEFS),
    )
    assert (tmp_path / "py.template").read_bytes() == (tmp_path / "cli.template").read_bytes()


def test_adl_and_formatter_sizes(tmp_path: Path, pvi_bin: str) -> None:
    device = Device.deserialize(EXAMPLES / "camera.pvi.device.yaml")
    device.deserialize_parents([EXAMPLES])
    APSFormatter(label_width=150).format(device, out(tmp_path, "py", "s.adl"))
    fmt = tmp_path / "f.pvi.formatter.yaml"
    fmt.write_text("type: APSFormatter\nlabel_width: 150\n")
    run_pvi(
        pvi_bin, "format", str(out(tmp_path, "cli", "s.adl")), str(EXAMPLES / "camera.pvi.device.yaml"),
        str(fmt), "--yaml-path", str(EXAMPLES),
    )
    assert (out(tmp_path, "py", "s.adl")).read_bytes() == (out(tmp_path, "cli", "s.adl")).read_bytes()
    assert Formatter.deserialize(fmt) == APSFormatter(label_width=150)


def fastcs_like_device() -> Device:
    return Device(
        label="Ctrl",
        children=[
            Group(
                name="Sub", layout=SubScreen(),
                children=[SignalR(name="ReadInt", read_pv="D:Sub:ReadInt", read_widget=TextRead())],
            ),
            SignalR(name="Flag", read_pv="D:Flag", read_widget=LED()),
            SignalRW(
                name="Mode", write_pv="D:Mode", read_pv="D:Mode_RBV",
                write_widget=ComboBox(choices=["A", "B"]),
                read_widget=TextRead(format=TextFormat.string),
            ),
            SignalRW(name="Single", write_pv="D:Single"),
            SignalW(name="Text", write_pv="D:Text", write_widget=TextWrite(format=TextFormat.string)),
            SignalX(name="Go", write_pv="D:Go", write_widget=ButtonPanel(actions={"Go": "1"})),
            Group(name="G", layout=Grid(), children=[SignalR(name="X", read_pv="D:X")]),
        ],
    )


def test_device_built_in_python_round_trips_through_yaml(tmp_path: Path, pvi_bin: str) -> None:
    # FastCS builds devices in memory; the screen equals the CLI's screen of
    # the same device written to YAML. (A single-PV SignalRW is left out:
    # pvi writes its read_pv, so read back it gains a readback widget.)
    device = fastcs_like_device()
    device.children = [c for c in device.children if c.name != "Single"]
    DLSFormatter().format(device, out(tmp_path, "py", "s.bob"))
    device.serialize(tmp_path / "Ctrl.pvi.device.yaml")
    run_pvi(
        pvi_bin, "format", str(out(tmp_path, "cli", "s.bob")), str(tmp_path / "Ctrl.pvi.device.yaml"),
        dls_defaults(tmp_path),
    )
    assert (out(tmp_path, "py", "s.bob")).read_bytes() == (out(tmp_path, "cli", "s.bob")).read_bytes()
    back = Device.deserialize(tmp_path / "Ctrl.pvi.device.yaml")
    assert [c.name for c in back.children] == [c.name for c in device.children]


def test_single_pv_signal_keeps_no_readback() -> None:
    s = SignalRW(name="A", write_pv="P:A")
    assert s.read_pv == "P:A" and s.read_widget is None
    two = SignalRW(name="B", write_pv="P:B", read_pv="P:B_RBV")
    assert two.read_widget == TextRead()
    import pvi_rs

    files = pvi_rs.format(Device(label="L", children=[s]), "l.bob")
    assert b"P:A" in files["l.bob"] and files["l.bob"].count(b"<pv_name>") == 1


def test_index(tmp_path: Path) -> None:
    entries = [IndexEntry(label="det one", ui="det.bob", macros={"P": "X:"})]
    DLSFormatter().format_index("Index", entries, tmp_path / "index.bob")
    text = (tmp_path / "index.bob").read_text()
    assert "det.bob" in text and "Det One" not in text and "det one" in text


def test_validation_is_pydantic() -> None:
    with pytest.raises(ValidationError):
        SignalR(name="not_pascal", read_pv="X")
    with pytest.raises(ValidationError):
        SignalR(name="A", read_pv="X", nonsense=1)  # type: ignore[call-arg]
    with pytest.raises(TypeError):  # as in pvi: a TypeError, not a ValidationError
        SignalX(name="A", write_pv="X", write_widget=TextWrite())
    assert enforce_pascal_case("my-device_1") == "Mydevice1"
    assert SignalR(name="A", read_pv="1") == SignalR(name="A", read_pv="2")
    ref = DeviceRef(name="D", pv="D", ui="d.bob")
    assert ref.macros == {} and ref.get_label() == "D"


def test_walk_and_includes() -> None:
    device = Device.deserialize(EXAMPLES / "camera.pvi.device.yaml")
    assert any(isinstance(c, Include) for c in device.children) or device.parent
    device.deserialize_parents([EXAMPLES])
    names = [c.name for c in walk(device.children)]
    assert "AcquireTime" in names and len(names) == len(set(names))
    assert find_pvi_yaml("camera.pvi.device.yaml", [Path("/nonexistent"), EXAMPLES])


def test_model_dump_has_types() -> None:
    d = SignalR(name="A", read_pv="X").model_dump(exclude_none=True)
    assert d["type"] == "SignalR" and d["read_widget"]["type"] == "TextRead"
    again = SignalR.model_validate(d)
    assert again.read_pv == "X"
