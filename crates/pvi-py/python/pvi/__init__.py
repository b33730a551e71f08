"""pvi's import surface, served by pvi-rs: ``pvi.device``, ``pvi._format``,
``pvi.utils``. ``__version__`` is the pvi release reproduced; pvi-rs's own
version is ``pvi_rs.__version__``."""

from typing import Any

__version__ = "0.14.4"
__all__ = ["__version__", "device"]


def __getattr__(name: str) -> Any:
    # `import pvi` stays fast; `pvi.device` loads pydantic when first used
    if name == "device":
        import pvi.device as device

        return device
    raise AttributeError(f"module 'pvi' has no attribute {name!r}")
