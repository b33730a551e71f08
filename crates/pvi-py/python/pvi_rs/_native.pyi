"""Types of the Rust extension `pvi_rs._native` (crates/pvi-py/src)."""

from typing import Any, Dict, List, Optional, Tuple

VERSION: str
PVI_VERSION: str

class PviError(Exception):
    """A refusal of the core; the text is the located report."""

    file: Optional[str]
    line: Optional[int]
    column: Optional[int]
    message: Optional[str]
    diagnostics: List[Dict[str, Any]]

def load_device(path: str) -> str: ...
def resolve_device(device: Optional[str], path: str, yaml_paths: List[str]) -> str: ...
def render_screens(
    device: str,
    path: str,
    output_name: str,
    formatter: Optional[str] = None,
    pvi_compat: bool = False,
) -> List[Tuple[str, bytes]]: ...
def write_screens(
    device: str,
    path: str,
    output: str,
    formatter: Optional[str] = None,
    pvi_compat: bool = False,
) -> None: ...
def render_template(device: str, path: str, pv_prefix: str) -> str: ...
def write_file(path: str, data: bytes) -> None: ...
def run_cli(argv: List[str]) -> int: ...
def device_yaml(device: str, path: str) -> str: ...
def load_formatter(path: str) -> str: ...
