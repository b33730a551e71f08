"""Formatter base class and index entries."""

from pathlib import Path
from typing import Any, Dict, List, Literal, Union

from pydantic import BaseModel, TypeAdapter

from pvi.device import Device, DeviceRef, enforce_pascal_case
from pvi.typed_model import TypedModel, as_tagged_union


class IndexEntry(TypedModel):
    """A button of an index screen: label, screen file to open, macros."""

    type: Literal["IndexEntry"] = "IndexEntry"

    label: str
    ui: str
    macros: Dict[str, str]


class _Sizes(BaseModel):
    """The sizes every formatter has (pvi's defaults; each formatter sets its
    own label and widget widths)."""

    spacing: int = 5
    title_height: int = 25
    max_height: int = 900
    label_width: int
    widget_width: int
    widget_height: int = 20


class Formatter(TypedModel):
    """Base of the screen formatters (``DLSFormatter``, ``APSFormatter``)."""

    type: Literal["Formatter"] = "Formatter"

    @classmethod
    def type_adapter(cls) -> "TypeAdapter[Formatter]":
        """Validates any formatter subclass by its ``type``."""
        members = tuple(cls.__subclasses__())
        return TypeAdapter(as_tagged_union(Union[members]))  # type: ignore[valid-type]

    @classmethod
    def from_dict(cls, serialized: Dict[str, Any]) -> "Formatter":
        """The formatter described by ``serialized`` (its ``type`` picks the class)."""
        return cls.type_adapter().validate_python(serialized)  # type: ignore[no-any-return]

    @classmethod
    def deserialize(cls, yaml: Path) -> "Formatter":
        """Reads a ``*.pvi.formatter.yaml`` file."""
        from pvi_rs import _native

        import json

        return cls.from_dict(json.loads(_native.load_formatter(str(yaml))))

    def _yaml(self) -> str:
        fields = self.model_dump()
        kind = fields.pop("type")
        return f"type: {kind}\n" + "".join(f"{k}: {v}\n" for k, v in fields.items())

    def format(self, device: Device, path: Path) -> None:
        """Writes the screen(s) of ``device``; the main one at ``path``."""
        raise NotImplementedError(self)

    def format_index(
        self, label: str, index_entries: List[IndexEntry], path: Path
    ) -> None:
        """Writes an index screen: one button per entry."""
        self.format(
            Device(
                label=label,
                children=[
                    DeviceRef(
                        name=enforce_pascal_case(index.label),
                        label=index.label,
                        pv=index.label.upper(),
                        ui=index.ui,
                        macros=index.macros,
                    )
                    for index in index_entries
                ],
            ),
            path=path,
        )


def _write(formatter: Formatter, device: Device, path: Path) -> None:
    from pvi_rs import _native

    text, name = device._held()
    _native.write_screens(text, name, str(path), formatter._yaml())
