"""The PVI database template of a device (``pvi generate-template``)."""

from pathlib import Path

from pvi.device import Device


def format_template(device: Device, pv_prefix: str, output: Path) -> None:
    """Writes the records that serve ``device``'s PVI structure under
    ``pv_prefix`` to ``output``."""
    from pvi_rs import _native

    text, name = device._held()
    data = _native.render_template(text, name, pv_prefix)
    _native.write_file(str(output), data.encode())
