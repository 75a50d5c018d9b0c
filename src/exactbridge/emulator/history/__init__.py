"""The computed booking history of `large` divisions (see `plan` for the idea)."""

from __future__ import annotations

from exactbridge.emulator.history.install import HISTORY_LINES, attach_history
from exactbridge.emulator.history.plan import HistoryPlan
from exactbridge.emulator.history.table import HistoryTable, RowSource

__all__ = [
    "HISTORY_LINES",
    "HistoryPlan",
    "HistoryTable",
    "RowSource",
    "attach_history",
]
