"""pvi-rs from Python: the native API for new code.

``format``, ``template`` and ``ioc_generate`` run the Rust core in this
process (no subprocess; the GIL is released while it works). Errors are
``PviError``: its text is the located report (``file:line:col`` and the
offending line); ``file``, ``line``, ``column``, ``message`` and
``diagnostics`` hold the same as data.

Code written for pvi keeps importing ``pvi.device`` and ``pvi._format``,
which this package also provides.
"""

import json
import os
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

from pvi_rs import _native
from pvi_rs._native import PviError

__version__: str = _native.VERSION
PVI_VERSION: str = _native.PVI_VERSION
"""The pvi release whose output pvi-rs reproduces."""

__all__ = ["PviError", "PVI_VERSION", "__version__", "format", "ioc_generate", "template"]

DeviceSource = Union[str, "os.PathLike[str]", Mapping[str, Any], Any]


def _device(device: DeviceSource, yaml_paths: Sequence[Union[str, "os.PathLike[str]"]]) -> "tuple[str, str]":
    """(resolved device JSON, name it is held under)."""
    paths = [os.fspath(p) for p in yaml_paths]
    if hasattr(device, "_native"):  # a pvi.device.Device
        text, name = device._native()
        return _native.resolve_device(text, name, paths), name
    if isinstance(device, Mapping):
        name = "<python>/Device.pvi.device.yaml"
        return _native.resolve_device(json.dumps(dict(device)), name, paths), name
    path = os.fspath(device)
    if "\n" in path or not path.endswith(".yaml"):
        name = "<python>/Device.pvi.device.yaml"
        return _native.resolve_device(path, name, paths), name
    return _native.resolve_device(None, path, paths), path


def format(
    device: DeviceSource,
    output: str,
    formatter: Optional[Union[str, "os.PathLike[str]"]] = None,
    yaml_paths: Sequence[Union[str, "os.PathLike[str]"]] = (),
    pvi_compat: bool = False,
) -> Dict[str, bytes]:
    """The screen files of ``device`` for the main screen file name
    ``output`` (its extension picks .bob, .edl or .adl), main screen first:
    ``{file_name: bytes}``. Nothing is written.

    ``device`` is a ``*.pvi.device.yaml`` path, its YAML text, a dict in
    its shape, or a ``pvi.device.Device``; includes are resolved against
    ``yaml_paths``. ``formatter`` is a ``*.pvi.formatter.yaml`` path
    (default: the embedded one of the extension). ``pvi_compat`` reproduces
    pvi 0.14.4's .edl/.adl bugs byte for byte.
    """
    text, name = _device(device, yaml_paths)
    fmt = None
    if formatter is not None:
        with open(os.fspath(formatter), encoding="utf-8") as f:
            fmt = f.read()
    files = _native.render_screens(text, name, os.path.basename(output), fmt, pvi_compat)
    return dict(files)


def template(
    device: DeviceSource,
    pv_prefix: str,
    yaml_paths: Sequence[Union[str, "os.PathLike[str]"]] = (),
) -> str:
    """The PVI database template of ``device`` (as for ``format``) with its
    PVs under ``pv_prefix``: what ``pvi generate-template`` writes."""
    text, name = _device(device, yaml_paths)
    return str(_native.render_template(text, name, pv_prefix))


def ioc_generate(
    files: Sequence[Union[str, "os.PathLike[str]"]] = (),
    epics_root: Optional[Union[str, "os.PathLike[str]"]] = None,
    formats: Sequence[str] = ("bob",),
) -> None:
    """``pvi ioc generate``: an IOC's screens, index, PVI templates and
    ``pvi.subst`` from its instance (``files``: the instance then its
    support files, or a config folder, or nothing for
    ``EPICS_ROOT/ioc/config``). Writes every file or none."""
    argv: List[str] = ["ioc", "generate"]
    if epics_root is not None:
        argv += ["--epics-root", os.fspath(epics_root)]
    for f in formats:
        argv += ["--format", f]
    argv += [os.fspath(f) for f in files]
    status = _native.run_cli(argv)
    if status != 0:
        raise PviError(f"pvi ioc generate: usage error (exit status {status})")
