"""Screen formatters."""

from pvi._format.aps import APSFormatter
from pvi._format.base import Formatter
from pvi._format.dls import DLSFormatter

__all__ = ["Formatter", "APSFormatter", "DLSFormatter"]
