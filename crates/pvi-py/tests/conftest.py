"""Shared fixtures: the repository's example and IOC device files, and the
`pvi` binary installed by the same wheel (the reference for byte equality)."""

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
EXAMPLES = REPO / "examples"
PVI_DEFS = REPO / "fixtures" / "ioc" / "epics" / "pvi-defs"


@pytest.fixture(scope="session")
def pvi_bin() -> str:
    path = shutil.which("pvi")
    assert path, "the wheel's `pvi` binary is not on PATH"
    return path


def run_pvi(pvi_bin: str, *args: str) -> None:
    subprocess.run([pvi_bin, *args], check=True, capture_output=True)
