"""Exact rows into store rows: the unified record, the raw row and the indexed columns.

The indexed columns serve the API's filters: `status` (the record's status enum),
`counterparty_id` (the customer, supplier or relation it concerns) and `date` (its own
date: issue date for documents, entry date for payments, ...). They are picked by field
name, in order of preference, so a new resource with the usual names is indexed as is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, Final

from pydantic import BaseModel

from exactbridge.store import RecordRow
from exactbridge.sync._streams import Output

__all__ = ["raw_of", "record_row"]

_COUNTERPARTY: Final = ("customer_id", "supplier_id", "counterparty_id", "account_id")
_DATE: Final = ("issue_date", "date", "entry_date", "invoice_date", "document_date", "start_date")
_METADATA: Final = "__metadata"


def raw_of(row: Mapping[str, Any]) -> dict[str, Any]:
    """Exact's row as received, less its `__metadata` (URLs name the host it came through)."""
    raw = dict(row)
    raw.pop(_METADATA, None)
    return raw


def record_row(
    output: Output, row: Mapping[str, Any], *, division: int, fallback: datetime
) -> RecordRow:
    """The store row of one Exact row, mapped as `Actions.list` maps it.

    `fallback` is the instant used as `modified_at` for records Exact keeps no `Modified`
    or `Created` for (reporting balances, open-item lists): the time of the run that saw
    them.
    """
    record = output.source.record(row, division=division, remote_data=False, custom=())
    return record_row_of(record, raw_of(row), fallback=fallback)


def record_row_of(record: Any, raw: Mapping[str, Any] | None, *, fallback: datetime) -> RecordRow:
    """The store row of a unified record (derived records have no raw row)."""
    index = _index_of(type(record))
    values = record.__dict__
    status = values[index.status] if index.status is not None else None
    changed = record.modified_at or record.created_at
    return RecordRow(
        id=record.id,
        record=record.model_dump_json().encode(),
        modified_at=changed or fallback,
        observed=changed is None,
        raw=raw,
        status=status.value if isinstance(status, Enum) else status,
        counterparty_id=_first(values, index.counterparty),
        date=_first_date(values, index.dates),
    )


@dataclass(frozen=True, slots=True)
class _Index:
    """Which of a model's fields feed the indexed columns, in order of preference."""

    status: str | None
    counterparty: tuple[str, ...]
    dates: tuple[str, ...]


_INDEXES: dict[type[BaseModel], _Index] = {}


def _index_of(model: type[BaseModel]) -> _Index:
    """The index fields of a model class, looked up once (not per record, by `getattr`)."""
    found = _INDEXES.get(model)
    if found is None:
        fields = model.model_fields
        found = _INDEXES[model] = _Index(
            status="status" if "status" in fields else None,
            counterparty=tuple(name for name in _COUNTERPARTY if name in fields),
            dates=tuple(name for name in _DATE if name in fields),
        )
    return found


def _first(values: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = values[name]
        if value is not None:
            return str(value)
    return None


def _first_date(values: Mapping[str, Any], names: tuple[str, ...]) -> date | None:
    for name in names:
        value = values[name]
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
    return None
