"""Finding device files in search folders."""

from pathlib import Path
from typing import List, Optional


def find_pvi_yaml(yaml_name: str, yaml_paths: List[Path]) -> Optional[Path]:
    """The first ``<folder>/<yaml_name>`` that exists, in the order of
    ``yaml_paths``; folders that do not exist are skipped."""
    for yaml_path in yaml_paths:
        yaml_path = Path(yaml_path)
        if yaml_path.is_dir() and (yaml_path / yaml_name).is_file():
            return yaml_path / yaml_name
    return None
