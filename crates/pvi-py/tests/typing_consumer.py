"""Code shaped like ibek's and FastCS's use of pvi, for `mypy --strict`
(scripts/python-wheel/run.sh): the package's annotations must carry it."""

from pathlib import Path
from typing import List, Optional

import pvi_rs
from pvi._format.base import IndexEntry
from pvi._format.dls import DLSFormatter
from pvi._format.template import format_template
from pvi.device import (
    LED,
    ButtonPanel,
    ComboBox,
    ComponentUnion,
    Device,
    DeviceRef,
    Grid,
    Group,
    ReadWidgetUnion,
    ResolvedTree,
    SignalR,
    SignalRW,
    SignalX,
    SubScreen,
    TextFormat,
    TextRead,
    enforce_pascal_case,
)


def ibek_like(pvi_yaml: Path, search: List[Path], out: Path) -> List[IndexEntry]:
    device = Device.deserialize(pvi_yaml)
    device.deserialize_parents(search)
    format_template(device, "$(P)", out / "d.pvi.template")
    formatter = DLSFormatter()
    formatter.format(device, out / "d.pvi.bob")
    entries = [IndexEntry(label=device.label, ui="d.pvi.bob", macros={"P": "X:"})]
    formatter.format_index("Index", entries, out / "index.bob")
    return entries


def fastcs_like(title: str) -> Device:
    widget: Optional[ReadWidgetUnion] = TextRead(format=TextFormat.string)
    children: List[ComponentUnion] = [
        SignalR(name="Flag", read_pv="D:Flag", read_widget=LED()),
        SignalRW(name="Mode", write_pv="D:Mode", write_widget=ComboBox(choices=["A"])),
        SignalX(name="Go", write_pv="D:Go", write_widget=ButtonPanel(actions={"Go": "1"})),
    ]
    if widget is not None:
        children.append(SignalR(name="Text", read_pv="D:Text", read_widget=widget))
    tree: ResolvedTree = [
        Group(name="Sub", layout=SubScreen(), children=children),
        Group(name="Grid", layout=Grid(labelled=True), children=[]),
        DeviceRef(name=enforce_pascal_case("ctrl-1"), pv="C", ui="c.bob", macros={}),
    ]
    return Device(label=title, children=tree)


def native(path: Path) -> int:
    files = pvi_rs.format(path, "d.bob")
    try:
        pvi_rs.template(path, "P:")
    except pvi_rs.PviError as e:
        line: Optional[int] = e.line
        return line or 0
    return len(files)
