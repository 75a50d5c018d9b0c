"""What every ledger entry behaviour shares: numbering, line building, status locks.

Entries (sales, purchase, general journal, bank, cash) are booked as soon as they are
created (status 20, open) and re-booked on every change; a processed entry (status 50) or
one whose open item a payment has settled can no longer be changed or deleted. Numbers
follow `YY` + journal + sequence per financial year and journal (see `ledger.numbering`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any, Final

from exactbridge.emulator.bodies import Mode, blank_row, decode_body, pad_codes
from exactbridge.emulator.entities.base import Context, Embedded
from exactbridge.emulator.ledger import journal
from exactbridge.emulator.ledger.money import cents, to_float
from exactbridge.emulator.ledger.numbering import claim_number, peek_number, sequence_of
from exactbridge.emulator.ledger.posting import STATUS_DESCRIPTIONS
from exactbridge.emulator.store import Row
from exactbridge.exact import EntitySpec, find_entity

__all__ = [
    "OPEN",
    "PROCESSED",
    "check_open",
    "child_context",
    "claim",
    "decode_lines",
    "money",
    "next_number",
    "number_taken",
    "spec_of",
    "stamp_line",
    "status_description",
]

OPEN: Final = 20
PROCESSED: Final = 50


def spec_of(path: str) -> EntitySpec:
    """The spec at `path` (a typo fails loudly)."""
    spec = find_entity(path)
    assert spec is not None, path
    return spec


def money(value: Any) -> float:
    """A money value as stored: rounded to cents, half up, as a float."""
    return to_float(cents(value))


def status_description(status: int | None) -> str | None:
    """Exact's description of an entry status."""
    return STATUS_DESCRIPTIONS.get(status or 0)


def child_context(ctx: Context) -> Context:
    """A context for writes made on behalf of the current one (own scratch, trusted)."""
    return replace(ctx, scratch={}, trusted=True)


def decode_lines(ctx: Context, path: str, embedded: Embedded, nav: str) -> list[dict[str, Any]]:
    """The embedded line payloads of a header's POST, decoded against the line spec."""
    spec = spec_of(path)
    mode: Mode = "trusted" if ctx.trusted else "post"
    return [decode_body(spec, payload, mode).values for payload in embedded.get(nav, [])]


def stamp_line(ctx: Context, spec: EntitySpec, header: Row, values: Mapping[str, Any]) -> Row:
    """A line row from decoded values: blank, key, division and the header's audit stamp."""
    line = blank_row(spec)
    line.update(values)
    if not ctx.trusted or line.get(spec.key) is None:
        line[spec.key] = ctx.new_guid()
    line["Division"] = ctx.division.code
    for name, value in journal.stamp_of(ctx, header).items():
        if spec.field(name) is not None and (line.get(name) is None or not ctx.trusted):
            line[name] = value
    pad_codes(spec, line)
    return line


def check_open(ctx: Context, entry: Row, key: str = "EntryID") -> None:
    """Refuse changing a processed entry, or one a payment has settled."""
    if entry.get("Status") == PROCESSED:
        raise ctx.refuse("entry_processed")
    if journal.has_settled_items(ctx, entry[key]):
        raise ctx.refuse("entry_matched")


# --- numbers --------------------------------------------------------------------------------


def _highest(ctx: Context, year: int, code: str) -> int:
    """The highest sequence booked in (year, journal): rebuilds a lost counter once."""
    best = 0
    for row in ctx.table(journal.TRANSACTIONS).lookup("JournalCode", code):
        if row.get("FinancialYear") == year:
            best = max(best, sequence_of(row.get("EntryNumber"), year, code) or 0)
    return best


def number_taken(
    ctx: Context, year: int, code: str, number: int, entry_id: str | None = None
) -> bool:
    """Whether another entry of (year, journal) already has `number`."""
    return any(
        row.get("EntryID") != entry_id
        and row.get("FinancialYear") == year
        and (row.get("JournalCode") or "").strip() == code.strip()
        for row in ctx.table(journal.TRANSACTIONS).lookup("EntryNumber", number)
    )


def next_number(ctx: Context, year: int, code: str) -> int:
    """The next free entry number of (year, journal), not yet taken."""
    return peek_number(
        ctx.division.sequences,
        year,
        code.strip(),
        highest=lambda: _highest(ctx, year, code.strip()),
        in_use=lambda number: number_taken(ctx, year, code, number),
    )


def claim(ctx: Context, year: int, code: str, number: int) -> None:
    """Take `number` in (year, journal), so later entries continue after it."""
    claim_number(
        ctx.division.sequences,
        year,
        code.strip(),
        number,
        highest=lambda: _highest(ctx, year, code.strip()),
    )


def line_date(ctx: Context, given: datetime | None, year: int, period: int) -> datetime:
    """A statement or journal line's date: as given, else today if in the entry's period,
    else the last day of that period."""
    if given is not None:
        return given
    for row in ctx.table("financial/FinancialPeriods").lookup("FinYear", year):
        if row.get("FinPeriod") == period:
            start, end = row.get("StartDate"), row.get("EndDate")
            if start is not None and end is not None and start <= ctx.today <= end:
                return ctx.today
            if isinstance(end, datetime):
                return end
    return ctx.today
