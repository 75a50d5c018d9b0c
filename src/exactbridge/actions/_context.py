"""What every action needs: the client, per-division defaults, seams for time and keys.

Exact asks for things a user of a unified API should not have to know: which journal a
sales invoice is booked in, which VAT code a line carries. `DivisionDefaults` resolves them
from the division's own data (the journal of the right type with the lowest code) and keeps
them for the life of the context, so a create costs one extra read the first time and none
after. No journal number is hard-coded. (A line's VAT code comes from its item; the sales
family reads all of a document's items in one call, see `resources/sales_defaults.py`.)
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from exactbridge.actions._idempotency import IdempotencyStore, MemoryIdempotencyStore
from exactbridge.client import ExactClient, Query
from exactbridge.errors import InvalidBody
from exactbridge.mappers import FieldMap
from exactbridge.model import JournalType

__all__ = ["ActionContext", "DivisionDefaults"]

_JOURNAL_TYPES = {
    JournalType.CASH: 10,
    JournalType.BANK: 12,
    JournalType.SALES: 20,
    JournalType.PURCHASE: 22,
    JournalType.GENERAL: 90,
}


class DivisionDefaults:
    """Defaults Exact needs, read once per division from the division's own data."""

    def __init__(self, client: ExactClient) -> None:
        self._client = client
        self._journals: dict[int, dict[int, list[str]]] = {}
        self._lock = asyncio.Lock()

    async def journal(self, division: int, kind: JournalType) -> str:
        """The code of the division's journal of `kind` with the lowest code.

        Raises:
            InvalidBody: the division has no journal of that kind (say which to pass).
        """
        async with self._lock:
            if division not in self._journals:
                by_type: dict[int, list[str]] = {}
                query = Query("financial/Journals").select("Code", "Type")
                async for row in self._client.records(division, query):
                    code = str(row.value("Code")).strip()
                    by_type.setdefault(int(row.value("Type")), []).append(code)
                self._journals[division] = {
                    t: sorted(c, key=_code_order) for t, c in by_type.items()
                }
        codes = self._journals[division].get(_JOURNAL_TYPES[kind], [])
        if not codes:
            msg = f"division {division} has no {kind.value} journal; pass `journal` explicitly"
            raise InvalidBody(msg, path="financial/Journals", method="GET", problems={
                "journal": f"no {kind.value} journal in division {division}"})  # fmt: skip
        return codes[0]


def _code_order(code: str) -> tuple[int, int | str]:
    """Numeric codes in numeric order (`2` before `10`), then the others alphabetically."""
    return (0, int(code)) if code.isdigit() else (1, code)


@dataclass
class ActionContext:
    """The client and the seams every action runs with.

    Attributes:
        client: the Exact client of the connection.
        defaults: per-division defaults, resolved from Exact data once.
        idempotency: remembers what each idempotency key created.
        custom: per resource name, the connection's field mappings into `custom_fields`.
        settle_seconds: after an ambiguous create, how long to wait before looking the
            record up (Exact may still be writing it).
        clock, sleep: time seams (tests inject both).
    """

    client: ExactClient
    defaults: DivisionDefaults
    idempotency: IdempotencyStore = field(default_factory=MemoryIdempotencyStore)
    custom: Mapping[str, Sequence[FieldMap]] = field(default_factory=dict)
    settle_seconds: float = 2.0
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
