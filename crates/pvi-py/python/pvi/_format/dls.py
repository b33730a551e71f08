"""Diamond's screens: Phoebus ``.bob`` and EDM ``.edl``."""

from pathlib import Path
from typing import Literal

from pvi._format.base import Formatter, _Sizes, _write
from pvi.device import Device


class DLSFormatter(Formatter, _Sizes):
    """Diamond-style screens; ``format`` writes ``.bob`` or ``.edl`` by the
    path's suffix."""

    type: Literal["DLSFormatter"] = "DLSFormatter"

    label_width: int = 200
    widget_width: int = 200

    def format(self, device: Device, path: Path) -> None:
        """Writes the screen(s) of ``device``; the main one at ``path``."""
        if Path(path).suffix not in (".bob", ".edl"):
            raise ValueError("Can only write .edl or .bob files")
        _write(self, device, Path(path))
