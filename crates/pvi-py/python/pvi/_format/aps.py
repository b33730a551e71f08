"""APS screens: MEDM ``.adl``."""

from pathlib import Path
from typing import Literal

from pvi._format.base import Formatter, _write
from pvi.device import Device


class APSFormatter(Formatter):
    """APS-style MEDM screens."""

    type: Literal["APSFormatter"] = "APSFormatter"

    spacing: int = 5
    title_height: int = 25
    max_height: int = 900
    label_width: int = 205
    widget_width: int = 100
    widget_height: int = 20

    def format(self, device: Device, path: Path) -> None:
        """Writes the ``.adl`` screen(s) of ``device``; the main one at ``path``."""
        assert Path(path).suffix == ".adl", "Can only write adl files"
        _write(self, device, Path(path))
