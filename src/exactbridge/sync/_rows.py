"""Exact rows into store rows: the unified record, the raw row and the indexed columns.

The indexed columns serve the API's filters: `status` (the record's status enum),
`counterparty_id` (the customer, supplier or relation it concerns) and `date` (its own
date: issue date for documents, entry date for payments, ...). They are picked by field
name, in order of preference, so a new resource with the usual names is indexed as is.

Two paths give the same `RecordRow`, byte for byte:

- the reference (`reference_row`): `Source.record` (the map, `model_validate`), then
  `model_dump_json`, as `Actions.list` maps a row; the raw row is left to the store to write;
- the fast path `record_row` takes for every source it can (`mappers._compiled`): the
  record's JSON straight from the row, the raw row written once here as the store writes
  it. A row the fast path cannot vouch for, or one the reference refuses, goes the
  reference way, which maps it or raises what the sync has always raised.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, Final

import orjson
from pydantic import BaseModel

from exactbridge.actions import Source
from exactbridge.mappers._compiled import compile_map
from exactbridge.mappers._shapes import record_json, shape_of, trimmed
from exactbridge.store import RecordRow
from exactbridge.sync._streams import Output

__all__ = ["raw_of", "record_row", "record_row_of", "record_rows", "reference_row"]

_COUNTERPARTY: Final = ("customer_id", "supplier_id", "counterparty_id", "account_id")
_DATE: Final = ("issue_date", "date", "entry_date", "invoice_date", "document_date", "start_date")
_METADATA: Final = "__metadata"

_FastRow = Callable[[Mapping[str, Any], int, datetime], RecordRow]


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
    fast = _fast_row(output)
    if fast is not None:
        try:
            return fast(row, division, fallback)
        except Exception:  # noqa: BLE001, S110 - the reference decides: maps it, or raises
            pass
    return reference_row(output, row, division=division, fallback=fallback)


def record_rows(
    output: Output, rows: Iterable[Mapping[str, Any]], *, division: int, fallback: datetime
) -> list[RecordRow]:
    """`record_row` of each row, in order (the source's reader is looked up once)."""
    fast = _fast_row(output)
    if fast is None:
        return [reference_row(output, row, division=division, fallback=fallback) for row in rows]
    stored = []
    for row in rows:
        try:
            stored.append(fast(row, division, fallback))
        except Exception:  # noqa: BLE001 - the reference decides, as in record_row
            stored.append(reference_row(output, row, division=division, fallback=fallback))
    return stored


def reference_row(
    output: Output, row: Mapping[str, Any], *, division: int, fallback: datetime
) -> RecordRow:
    """`record_row` the pydantic way: the reference the fast path is held to."""
    record = output.source.record(row, division=division, remote_data=False, custom=())
    return record_row_of(record, raw_of(row), fallback=fallback, parent=output.parent)


def record_row_of(
    record: Any, raw: Mapping[str, Any] | None, *, fallback: datetime, parent: str | None = None
) -> RecordRow:
    """The store row of a unified record (derived records have no raw row); `parent` names
    the field holding the record this one is a line of (`Output.parent`)."""
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
        parent_id=None if parent is None else _first(values, (parent,)),
    )


# --- the fast path ------------------------------------------------------------------------

_FAST: dict[tuple[int, str | None], tuple[Source, _FastRow | None]] = {}


def _fast_row(output: Output) -> _FastRow | None:
    """The fast path of an output's source, made once; None where it keeps the reference
    path (a custom `read`, or a map `compile_map` declines)."""
    source, parent = output.source, output.parent
    found = _FAST.get((id(source), parent))
    if found is None or found[0] is not source:
        found = _FAST[id(source), parent] = (source, _make_fast_row(source, parent))
    return found[1]


def _make_fast_row(source: Source, parent: str | None) -> _FastRow | None:
    if source.read is not None:
        return None  # only the reference knows what a custom reader does
    compiled = compile_map(source.map, id_prefix=source.id_prefix)
    index = _index_of(source.map.model)
    if compiled is None or not _indexable(source.map.model, index):
        return None
    read = compiled.read
    status, counterparty, dates = index.status, index.counterparty, index.dates
    parents = () if parent is None else (parent,)

    def fast_row(row: Mapping[str, Any], division: int, fallback: datetime) -> RecordRow:
        raw = _raw_json(row)  # first: it reads the whole row, which the reader then finds cached
        document = read(row, division)
        record = record_json(document)
        changed = document["modified_at"] or document["created_at"]
        value = document[status] if status is not None else None
        return RecordRow(
            id=document["id"],
            record=record,
            modified_at=changed or fallback,
            observed=changed is None,
            raw=raw,
            status=value.value if isinstance(value, Enum) else value,
            counterparty_id=_first(document, counterparty),
            date=_first_date(document, dates),
            parent_id=_first(document, parents),
        )

    return fast_row


def _indexable(model: type[BaseModel], index: _Index) -> bool:
    """True when the index fields keep their Python values in the finished document (not
    money written as text, nor value objects), as `record_row_of` reads them."""
    shape = shape_of(model)
    names = [name for name in (index.status, *index.counterparty, *index.dates) if name]
    fields = [shape.field(name) for name in names] if shape is not None else [None]
    return all(field is not None and field.kind in ("plain", "instant") for field in fields)


def _raw_json(row: Mapping[str, Any]) -> bytes | dict[str, Any]:
    """`raw_of(row)` written as the store writes it (sorted keys); a row orjson cannot
    write without the store's own hook stays a dict for the store to write."""
    raw = raw_of(row)
    try:
        return trimmed(orjson.dumps(raw, option=orjson.OPT_SORT_KEYS))
    except TypeError:
        return raw


# --- index columns ------------------------------------------------------------------------


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
