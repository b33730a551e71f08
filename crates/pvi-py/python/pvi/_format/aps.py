"""APS screens: MEDM ``.adl``."""

from pathlib import Path
from typing import Literal

from pvi._format.base import Formatter, _Sizes, _write
from pvi.device import Device


class APSFormatter(Formatter, _Sizes):
    """APS-style MEDM screens."""

    type: Literal["APSFormatter"] = "APSFormatter"

    label_width: int = 205
    widget_width: int = 100

    def format(self, device: Device, path: Path) -> None:
        """Writes the ``.adl`` screen(s) of ``device``; the main one at ``path``."""
        assert Path(path).suffix == ".adl", "Can only write adl files"
        _write(self, device, Path(path))
