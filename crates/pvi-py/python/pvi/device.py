"""The device model: components, widgets and layouts of a ``*.pvi.device.yaml``
file, with the class names, fields and defaults of pvi 0.14.4.

The classes are pydantic models, so code written for pvi (ibek, FastCS,
PandABlocks-ioc) builds, compares and validates them unchanged. Reading,
include resolution and writing happen in the Rust core (``pvi_rs._native``):
a device crosses over as JSON.
"""

import re
from enum import Enum, IntEnum
from pathlib import Path
from typing import (
    Literal,
    TYPE_CHECKING,
    Any,
    ClassVar,
    Dict,
    Iterator,
    List,
    Optional,
    Union,
)

from pydantic import (
    BaseModel,
    Field,
    ValidationError,
    model_serializer,
    model_validator,
)
from pydantic_core.core_schema import SerializationInfo, SerializerFunctionWrapHandler
from typing_extensions import Annotated, Self

from pvi.typed_model import TypedModel, as_tagged_union
from pvi.utils import find_pvi_yaml
from pvi_rs import _native

__all__ = [
    "ArrayTrace", "ArrayWrite", "BitField", "ButtonPanel", "CheckBox", "ComboBox",
    "Component", "ComponentUnion", "Device", "DeviceRef", "Grid", "Group",
    "IgnoredComponent", "ImageColorMap", "ImageRead", "Include", "LED", "Layout",
    "LayoutUnion", "MACRO_RE", "NON_PASCAL_CHARS_RE", "Named", "PASCAL_CASE_REGEX",
    "PascalStr", "Plot", "ProgressBar", "ReadWidget", "ReadWidgetUnion",
    "ResolvedTree", "Row", "Signal", "SignalR", "SignalRW", "SignalRef", "SignalW",
    "SignalX", "SubScreen", "TableRead", "TableWrite", "TextFormat", "TextRead",
    "TextWrite", "ToggleButton", "Tree", "WidgetUnion", "WriteWidget",
    "WriteWidgetUnion", "enforce_pascal_case", "find_components", "to_snake_case",
    "to_title_case", "walk",
]

if TYPE_CHECKING:
    from typing import Sequence as _Seq
else:
    # pydantic serializes a List in its core, a Sequence element by element
    # in Python (a third of an IOC's PVI time); type checkers see Sequence
    _Seq = List

PASCAL_CASE_REGEX = re.compile(r"(?<![A-Z])[A-Z]|[A-Z][a-z/d]|(?<=[a-z])\d")
NON_PASCAL_CHARS_RE = re.compile(r"[^A-Za-z0-9]")
MACRO_RE = re.compile(r"\$\((\w+)\)")


class ImageColorMap(IntEnum):
    """Colour map of an ``ImageRead``."""

    GRAY = 0
    COLOR = 1


def to_title_case(pascal_s: str) -> str:
    """``PascalCaseName`` -> ``Pascal Case Name`` (the default label)."""
    return PASCAL_CASE_REGEX.sub(lambda m: " " + m.group(), pascal_s)[1:]


def to_snake_case(pascal_s: str) -> str:
    """``PascalCaseName`` -> ``pascal_case_name``."""
    return PASCAL_CASE_REGEX.sub(lambda m: "_" + m.group().lower(), pascal_s)[1:]


def enforce_pascal_case(s: str) -> str:
    """``s`` unchanged if it is PascalCase; else without the characters that
    cannot be in a name, first letter upper case."""
    if PASCAL_CASE_REGEX.fullmatch(s) is not None:
        return s
    s = NON_PASCAL_CHARS_RE.sub("", s)
    return s[0].upper() + s[1:]


PascalStr = Annotated[str, Field(pattern="^([A-Z][a-z0-9]*)*$")]


class TextFormat(str, Enum):
    """Display format of ``TextRead`` and ``TextWrite``."""

    decimal = "decimal"
    hexadecimal = "hexadecimal"
    engineer = "engineer"
    exponential = "exponential"
    string = "string"

    def __str__(self) -> str:
        return self.value


class AccessModeMixin(BaseModel):
    """Gives ``access_mode``: ``r``, ``w``, ``rw`` (or ``x`` where set)."""

    _access_mode: ClassVar[str]

    @property
    def access_mode(self) -> str:
        """How the PV is accessed."""
        return self._access_mode


class ReadWidget(TypedModel, AccessModeMixin):
    """Widget that shows a PV."""

    type: Literal["ReadWidget"] = "ReadWidget"

    _access_mode = "r"


class LED(ReadWidget):
    """LED display of a boolean PV."""

    type: Literal["LED"] = "LED"


class BitField(ReadWidget):
    """LED and label for each bit of an int PV."""

    type: Literal["BitField"] = "BitField"

    labels: Optional[_Seq[str]] = None
    number_of_bits: Annotated[int, Field(gt=0)] = 8


class ProgressBar(ReadWidget):
    """Progress bar from lower to upper limit of a float PV."""

    type: Literal["ProgressBar"] = "ProgressBar"


class _TextOptions(BaseModel):
    lines: Optional[int] = None
    format: Optional[TextFormat] = None
    precision: Optional[int] = None

    def get_lines(self) -> int:
        """Lines shown (1 when unset)."""
        return self.lines or 1


class TextRead(ReadWidget, _TextOptions):
    """Text view of any PV."""

    type: Literal["TextRead"] = "TextRead"

    model_config = {"use_enum_values": True}


class ArrayTrace(ReadWidget):
    """Trace of an array in a plot."""

    type: Literal["ArrayTrace"] = "ArrayTrace"

    axis: str
    width: int = 900
    height: int = 500


class ImageRead(ReadWidget):
    """2D image view of an NTNDArray."""

    type: Literal["ImageRead"] = "ImageRead"

    width: int = 900
    height: int = 500
    color_map: ImageColorMap = ImageColorMap.GRAY
    color_bar: bool = False
    axes: bool = False


class WriteWidget(TypedModel, AccessModeMixin):
    """Widget that controls a PV."""

    type: Literal["WriteWidget"] = "WriteWidget"

    _access_mode = "w"


class CheckBox(WriteWidget):
    """Checkable control of a boolean PV."""

    type: Literal["CheckBox"] = "CheckBox"


class ToggleButton(WriteWidget):
    """A pair of buttons selecting one of two states."""

    type: Literal["ToggleButton"] = "ToggleButton"


class ComboBox(WriteWidget):
    """Selection of an enum PV."""

    type: Literal["ComboBox"] = "ComboBox"

    choices: Optional[_Seq[str]] = None

    def get_choices(self) -> List[str]:
        """The choices (empty when unset)."""
        return [] if self.choices is None else list(self.choices)


class ButtonPanel(WriteWidget):
    """Buttons that each write a value to the PV (label -> value)."""

    type: Literal["ButtonPanel"] = "ButtonPanel"

    actions: Dict[PascalStr, str] = {"Go": "1"}


class TextWrite(WriteWidget, _TextOptions):
    """Text control of any PV."""

    type: Literal["TextWrite"] = "TextWrite"

    model_config = {"use_enum_values": True}


if TYPE_CHECKING:
    _RowWriteUnion = Union[ButtonPanel, CheckBox, ComboBox, TextWrite]
    _RowReadUnion = Union[BitField, LED, ProgressBar, TextRead]
else:
    _RowWriteUnion = as_tagged_union(Union[ButtonPanel, CheckBox, ComboBox, TextWrite])
    _RowReadUnion = as_tagged_union(Union[BitField, LED, ProgressBar, TextRead])


class ArrayWrite(WriteWidget):
    """Control of an array PV, one widget per item."""

    type: Literal["ArrayWrite"] = "ArrayWrite"

    widget: _RowWriteUnion


class TableRead(ReadWidget):
    """Read-only table of an NTTable: a widget per column."""

    type: Literal["TableRead"] = "TableRead"

    widgets: _Seq[_RowReadUnion] = []


class TableWrite(WriteWidget):
    """Writeable table of an NTTable: a widget per column."""

    type: Literal["TableWrite"] = "TableWrite"

    widgets: _Seq[_RowWriteUnion] = []


class Layout(TypedModel):
    """How a group shows its children."""

    type: Literal["Layout"] = "Layout"


class Plot(Layout):
    """Children are traces of one plot."""

    type: Literal["Plot"] = "Plot"


class Row(Layout):
    """Children are columns of one row."""

    type: Literal["Row"] = "Row"

    header: Optional[_Seq[str]] = None


class Grid(Layout):
    """Children are rows of a grid."""

    type: Literal["Grid"] = "Grid"

    labelled: bool = True
    stacked: bool = False


class SubScreen(Layout):
    """Children are on another screen, opened with a button."""

    type: Literal["SubScreen"] = "SubScreen"

    labelled: bool = True
    stacked: bool = False


if TYPE_CHECKING:
    LayoutUnion = Union[Plot, Row, Grid, SubScreen]
    ReadWidgetUnion = Union[
        ArrayTrace, BitField, ImageRead, LED, ProgressBar, TableRead, TextRead
    ]
    WriteWidgetUnion = Union[
        ArrayWrite, ButtonPanel, CheckBox, ComboBox, TableWrite, TextWrite, ToggleButton
    ]
else:
    LayoutUnion = as_tagged_union(Union[Plot, Row, Grid, SubScreen])
    ReadWidgetUnion = as_tagged_union(
        Union[ArrayTrace, BitField, ImageRead, LED, ProgressBar, TableRead, TextRead]
    )
    WriteWidgetUnion = as_tagged_union(
        Union[
            ArrayWrite, ButtonPanel, CheckBox, ComboBox, TableWrite, TextWrite,
            ToggleButton,
        ]
    )

WidgetUnion = Union[ReadWidgetUnion, WriteWidgetUnion]


class Named(TypedModel):
    """Has a PascalCase ``name``."""

    type: Literal["Named"] = "Named"

    name: PascalStr


class Component(Named):
    """A part of a device. Components compare equal when their names do."""

    type: Literal["Component"] = "Component"

    label: Optional[str] = None
    description: Optional[str] = None

    def get_label(self) -> str:
        """The label, or the name in title case."""
        return self.label or to_title_case(self.name)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Component) and self.name == other.name

    __hash__ = None  # type: ignore[assignment]


class Signal(Component, AccessModeMixin):
    """One or two PVs of a device."""

    type: Literal["Signal"] = "Signal"


class IgnoredComponent(Component):
    """A component left off screens."""

    type: Literal["IgnoredComponent"] = "IgnoredComponent"


class SignalR(Signal):
    """Read-only signal on one PV."""

    type: Literal["SignalR"] = "SignalR"

    _access_mode = "r"

    read_pv: str
    read_widget: Annotated[
        Optional[ReadWidgetUnion], Field(validate_default=True)
    ] = TextRead()


class SignalW(Signal):
    """Write-only signal on one PV."""

    type: Literal["SignalW"] = "SignalW"

    _access_mode = "w"

    write_pv: str
    write_widget: WriteWidgetUnion = TextWrite()


class SignalRW(SignalR, SignalW):
    """Demand and readback PVs; one PV when ``read_pv`` is left out (then no
    readback widget unless ``read_widget`` is given)."""

    type: Literal["SignalRW"] = "SignalRW"

    _access_mode = "rw"
    _single_pv_rw: bool = False

    read_pv: str = ""
    read_widget: Annotated[
        Optional[ReadWidgetUnion], Field(validate_default=True)
    ] = None

    @model_validator(mode="after")
    def _validate_model(self) -> Self:
        if self.read_pv and not self._single_pv_rw and self.read_widget is None:
            self.read_widget = TextRead()
        elif not self.read_pv:
            self.read_pv = self.write_pv
            self._single_pv_rw = True
        return self

    @model_serializer(mode="wrap")
    def _serialize(
        self, handler: SerializerFunctionWrapHandler, info: SerializationInfo
    ) -> Any:
        data = handler(self)
        # to the core, a single-PV signal goes as written: without read_pv
        native = isinstance(info.context, dict) and info.context.get("pvi_rs")
        if native and self._single_pv_rw and self.read_widget is None:
            data.pop("read_pv", None)
        return data


class SignalX(SignalW):
    """Writes a fixed value to a PV when triggered."""

    type: Literal["SignalX"] = "SignalX"

    value: str = "1"
    write_widget: WriteWidgetUnion = ButtonPanel()

    @model_validator(mode="after")
    def check_write_widget(self) -> Self:
        """Its widget is a ``ButtonPanel``."""
        if not isinstance(self.write_widget, ButtonPanel):
            raise TypeError("SignalX write_widget must be ButtonPanel")
        return self


class DeviceRef(Component):
    """Button opening another device's screen."""

    type: Literal["DeviceRef"] = "DeviceRef"

    pv: str
    ui: str
    macros: Dict[str, str] = {}


class SignalRef(Component):
    """Reference to another signal of the same name in this device."""

    type: Literal["SignalRef"] = "SignalRef"


class Group(Component):
    """Child components in a layout."""

    type: Literal["Group"] = "Group"

    layout: LayoutUnion
    children: "ResolvedTree" = []


if TYPE_CHECKING:
    ComponentUnion = Union[
        Group, SignalR, SignalW, SignalRW, SignalX, IgnoredComponent, SignalRef,
        DeviceRef,
    ]
else:
    ComponentUnion = as_tagged_union(
        Union[
            Group, SignalR, SignalW, SignalRW, SignalX, IgnoredComponent, SignalRef,
            DeviceRef,
        ]
    )


class Include(TypedModel):
    """The components of another device file, flattened here or in a
    sub-screen, with its macros optionally re-scoped."""

    type: Literal["Include"] = "Include"

    file_name: str
    in_subscreen: bool = False
    macros: Optional[Dict[str, str]] = None


Tree = _Seq[Union[ComponentUnion, Include]]
ResolvedTree = _Seq[ComponentUnion]

Group.model_rebuild()


def walk(tree: Tree) -> Iterator[ComponentUnion]:
    """Depth-first traversal of the components (groups are entered)."""
    for t in tree:
        if isinstance(t, Group):
            yield from walk(t.children)
        elif isinstance(t, Include):
            raise TypeError(
                "`Include` statement should have been resolved "
                "in device deserialization."
            )
        else:
            yield t


# Name under which a device built in Python is given to the core.
_BUILT = "<python>/{}.pvi.device.yaml"


class Device(TypedModel):
    """A device: a label and its components."""

    type: Literal["Device"] = "Device"

    label: str
    parent: Optional[str] = None
    children: Tree = []

    # Where it was read from and the JSON it was built from, while unchanged
    # the core reads the file itself (so diagnostics point into it).
    _origin: Optional[str] = None
    _origin_json: Optional[str] = None

    def _native_json(self) -> str:
        return self.model_dump_json(
            exclude_none=True, exclude={"type"}, context={"pvi_rs": True}
        )

    def _native(self) -> "tuple[Optional[str], str]":
        """(JSON or None when unchanged since read, path the core uses)."""
        text = self._native_json()
        if self._origin is not None and text == self._origin_json:
            return None, self._origin
        return text, self._built_name()

    def _held(self) -> "tuple[str, str]":
        """(JSON, name the core holds it under), for calls that take the
        device as it is (one dump, no comparison with the file)."""
        return self._native_json(), self._built_name()

    def _built_name(self) -> str:
        stem = Path(self._origin).name.split(".")[0] if self._origin else "Device"
        return _BUILT.format(stem or "Device")

    def _to_dict(self) -> Dict[str, Any]:
        """The serialized form (no ``type`` for the device itself)."""
        d = self.model_dump(exclude_none=True)
        d.pop("type", None)
        return d

    def serialize(self, yaml: Path) -> None:
        """Writes the device as ``*.pvi.device.yaml`` text (pvi's layout)."""
        text = _native.device_yaml(self._native_json(), _BUILT.format("Device"))
        _native.write_file(str(yaml), text.encode())

    @classmethod
    def deserialize(cls, yaml: Path) -> "Device":
        """Reads a device file (includes are left for ``deserialize_parents``)."""
        path = str(yaml)
        text = _native.load_device(path)
        device = cls.model_validate_json(text)
        device._origin = path
        device._origin_json = device._native_json()
        return device

    def deserialize_parents(self, yaml_paths: List[Path]) -> None:
        """Expands includes (and ``parent``) from the device files found in
        ``yaml_paths``, then merges groups of the same name, as pvi does."""
        text, path = self._native()
        paths = [str(p) for p in yaml_paths]
        resolved = _native.resolve_device(text, path, paths)
        self.children = Device.model_validate_json(resolved).children

    def generate_param_tree(self) -> str:
        """The groups as pvi's JSON parameter tree string."""
        import json

        param_tree = ", ".join(
            json.dumps(group.model_dump_json()) for group in self.children
        )
        return json.dumps('{"parameters":[' + param_tree + "]}")


def find_components(yaml_name: str, yaml_paths: List[Path]) -> Tree:
    """The children of ``<yaml_name>.pvi.device.yaml`` (its ``parent`` as an
    ``Include``); none for ``asynPortDriver``."""
    if yaml_name == "asynPortDriver":
        return []
    device_name = f"{yaml_name}.pvi.device.yaml"
    device_yaml = find_pvi_yaml(device_name, yaml_paths)
    if device_yaml is None:
        raise OSError(f"Cannot find {device_name} in {yaml_paths}")
    device = Device.deserialize(device_yaml)
    if device.parent:
        device.children = list(device.children) + [Include(file_name=device.parent)]
    return list(device.children)


# re-exported for code that catches it from here
_ = ValidationError
