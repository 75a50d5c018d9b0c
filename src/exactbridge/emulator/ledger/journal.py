"""Writing bookings into a division: transactions, their lines, balances and open items.

`book` writes what a posting produced: the `financialtransaction/Transactions` header and
its `TransactionLines`, the `financial/ReportingBalance` rows they move, and the open items
(`cashflow/Receivables` / `Payments` with their `read/financial/…List` mirrors) they open or
settle. `unbook` takes all of it back (an update re-books, a delete unbooks). Every write
goes through `Store.save` / `Store.delete`, so row versions (sync) and change listeners
(webhooks) see generated rows like any other; every read is an index lookup (navigation
links, `Table.lookup`), never a scan, and no row is held across calls.

Generated rows carry the audit stamp of the entry that caused them, so seeded bookings
look as old as their entries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from exactbridge.emulator.bodies import blank_row
from exactbridge.emulator.entities.base import Context
from exactbridge.emulator.ledger.balances import BalanceKey, Delta, apply_delta, deltas
from exactbridge.emulator.ledger.money import cents
from exactbridge.emulator.ledger.openitems import (
    SETTLED,
    Side,
    list_values,
    matches,
    open_item_values,
    outstanding,
    settled_values,
    side_of,
)
from exactbridge.emulator.ledger.posting import Head, Posted, header_values, line_values
from exactbridge.emulator.store import Row
from exactbridge.exact import Edm, EntitySpec, find_entity
from exactbridge.wire import pad_left, pad_right

__all__ = [
    "AUDIT",
    "ITEMS",
    "LISTS",
    "TRANSACTIONS",
    "book",
    "has_settled_items",
    "line_count",
    "mirror_update",
    "move_balances",
    "stamp_of",
    "unbook",
]

TRANSACTIONS: Final = "financialtransaction/Transactions"
LINES: Final = "financialtransaction/TransactionLines"
BALANCES: Final = "financial/ReportingBalance"
ITEMS: Final[dict[Side, str]] = {
    "receivable": "cashflow/Receivables",
    "payable": "cashflow/Payments",
}
LISTS: Final[dict[Side, str]] = {
    "receivable": "read/financial/ReceivablesList",
    "payable": "read/financial/PayablesList",
}
AUDIT: Final = ("Created", "Creator", "CreatorFullName", "Modified", "Modifier", "ModifierFullName")
_CASH_FLOW: Final = 40


def _spec(path: str) -> EntitySpec:
    spec = find_entity(path)
    assert spec is not None, path
    return spec


def stamp_of(ctx: Context, row: Mapping[str, Any]) -> dict[str, Any]:
    """The audit fields of `row`, to stamp the rows its booking generates.

    Entities without creator and modifier fields (general journal, bank and cash entries)
    were made by the signed-in user.
    """
    user = ctx.store.user
    fallback = {
        "Creator": user.get("UserID"),
        "CreatorFullName": user.get("FullName"),
        "Modifier": user.get("UserID"),
        "ModifierFullName": user.get("FullName"),
    }
    return {name: row.get(name, fallback.get(name)) for name in AUDIT}


class _Shape:
    """What writing rows of one endpoint needs, worked out once: an empty row, the property
    names, and the fixed-width codes to pad."""

    __slots__ = ("blank", "names", "padded")

    def __init__(self, spec: EntitySpec) -> None:
        self.blank = blank_row(spec)
        self.names = frozenset(self.blank)
        self.padded = tuple(f for f in spec.fields if f.width is not None)

    def pad(self, row: Row) -> None:
        for prop in self.padded:
            value = row.get(prop.name)
            if isinstance(value, str) and prop.width is not None:
                padder = pad_right if prop.align == "right" else pad_left
                row[prop.name] = padder(value, prop.width)


_SHAPES: dict[str, _Shape] = {}


def _shape(spec: EntitySpec) -> _Shape:
    found = _SHAPES.get(spec.path)
    if found is None:
        found = _SHAPES[spec.path] = _Shape(spec)
    return found


def _new_row(ctx: Context, spec: EntitySpec, values: Mapping[str, Any], stamp: Row) -> Row:
    shape = _shape(spec)
    row = dict(shape.blank)
    row.update({k: v for k, v in values.items() if k in shape.names})
    row.update({k: v for k, v in stamp.items() if k in shape.names})
    if "Division" in shape.names:
        row["Division"] = ctx.division.code
    if row.get(spec.key) is None:
        row[spec.key] = ctx.new_guid() if spec.key_field.edm is Edm.GUID else _next_id(ctx, spec)
    shape.pad(row)
    return row


def _touched(spec: EntitySpec, row: Row, values: Mapping[str, Any], stamp: Row) -> Row:
    shape = _shape(spec)
    updated = dict(row)
    updated.update({k: v for k, v in values.items() if k in shape.names})
    for name in ("Modified", "Modifier", "ModifierFullName"):
        if name in shape.names:
            updated[name] = stamp.get(name)
    shape.pad(updated)
    return updated


def _next_id(ctx: Context, spec: EntitySpec) -> int:
    """The next free Int64 key, continuing after the highest one.

    The counter is not part of a state file: it is rebuilt from the rows when missing, and a
    key already taken (rows loaded after the counter was set) is skipped.
    """
    name = f"key:{spec.path}"
    sequences = ctx.division.sequences
    table = ctx.division.table(spec)
    if name not in sequences:
        sequences[name] = max(table.rows, default=0)
    key = ctx.division.next_in_sequence(name)
    while table.get(key) is not None:
        key = ctx.division.next_in_sequence(name)
    return key


def line_count(ctx: Context, entry_id: str) -> int:
    """How many transaction lines the entry has (the next line number for statements)."""
    return len(ctx.division.children(LINES, "EntryID", entry_id))


def book(
    ctx: Context, head: Head, lines: Iterable[Posted], stamp: Row, *, payment: Row | None = None
) -> None:
    """Write a posting: header (created or refreshed), lines, balances and open items.

    Args:
        ctx: the write's context.
        head: the booked entry.
        lines: its posted lines (for statements: only the lines being added).
        stamp: audit values of the entry that is booked.
        payment: the payment condition of the entry, for the open items' terms.
    """
    header_spec = _spec(TRANSACTIONS)
    existing = ctx.lookup(TRANSACTIONS, head.entry_id)
    values = header_values(head)
    if existing is None:
        ctx.store.save(
            ctx.division, header_spec, _new_row(ctx, header_spec, values, stamp), "create"
        )
    else:
        ctx.store.save(
            ctx.division, header_spec, _touched(header_spec, existing, values, stamp), "update"
        )
    line_spec = _spec(LINES)
    written: list[Row] = []
    for posted in lines:
        row = _new_row(ctx, line_spec, line_values(head, posted), stamp)
        ctx.store.save(ctx.division, line_spec, row, "create")
        written.append(row)
        _open_items(ctx, head, posted, row, stamp, payment)
    _move_balances(ctx, written, 1)


def unbook(ctx: Context, entry_id: str) -> None:
    """Remove everything booking `entry_id` wrote (callers refuse settled items first)."""
    line_spec = _spec(LINES)
    lines = ctx.children(LINES, "EntryID", entry_id)
    _move_balances(ctx, lines, -1)
    for line in lines:
        ctx.store.delete(ctx.division, line_spec, line["ID"])
    for side, path in ITEMS.items():
        spec = _spec(path)
        for item in list(ctx.table(path).lookup("TransactionEntryID", entry_id)):
            _drop_list_row(ctx, side, item)
            ctx.store.delete(ctx.division, spec, item["ID"])
    ctx.store.delete(ctx.division, _spec(TRANSACTIONS), entry_id)


def has_settled_items(ctx: Context, entry_id: str) -> bool:
    """Whether a payment has settled an open item of the entry (it is then locked)."""
    return any(
        item.get("Status") == SETTLED
        for path in ITEMS.values()
        for item in ctx.table(path).lookup("TransactionEntryID", entry_id)
    )


# --- balances --------------------------------------------------------------------------------


def _move_balances(ctx: Context, lines: Iterable[Row], sign: int) -> None:
    move_balances(ctx, deltas(lines, sign))


def move_balances(ctx: Context, changes: Mapping[BalanceKey, Delta]) -> None:
    """Apply balance changes to the division's `financial/ReportingBalance` rows."""
    spec = _spec(BALANCES)
    table = ctx.table(BALANCES)
    for (gl, year, period), delta in changes.items():
        row = next(
            (
                candidate
                for candidate in table.lookup("GLAccount", gl)
                if candidate.get("ReportingYear") == year
                and candidate.get("ReportingPeriod") == period
            ),
            None,
        )
        if row is None:
            account = ctx.lookup("financial/GLAccounts", gl) or {}
            values = {
                "BalanceType": account.get("BalanceType"),
                "GLAccount": gl,
                "GLAccountCode": account.get("Code"),
                "GLAccountDescription": account.get("Description"),
                "ReportingPeriod": period,
                "ReportingYear": year,
            } | apply_delta({}, delta)
            ctx.store.save(ctx.division, spec, _new_row(ctx, spec, values, {}), "create")
            continue
        changed = dict(row) | apply_delta(row, delta)
        if changed["Count"] <= 0:
            ctx.store.delete(ctx.division, spec, row["ID"])
        else:
            ctx.store.save(ctx.division, spec, changed, "update")


# --- open items --------------------------------------------------------------------------------


def _open_items(
    ctx: Context, head: Head, posted: Posted, line: Row, stamp: Row, payment: Row | None
) -> None:
    side = side_of(posted.gl.type)
    if side is None or posted.account is None:
        return
    if (
        head.type == _CASH_FLOW
        and posted.our_ref is not None
        and _settle(ctx, side, head, posted, stamp)
    ):
        return
    terms = payment or {}
    values = open_item_values(
        side, head, posted, line["ID"],
        payment_days=terms.get("PaymentDays"), payment_method=terms.get("PaymentMethod"),
    )  # fmt: skip
    spec = _spec(ITEMS[side])
    item = _new_row(ctx, spec, values, stamp)
    ctx.store.save(ctx.division, spec, item, "create")
    list_spec = _spec(LISTS[side])
    ctx.store.save(
        ctx.division, list_spec, _new_row(ctx, list_spec, list_values(side, item), {}), "create"
    )


def _settle(ctx: Context, side: Side, head: Head, posted: Posted, stamp: Row) -> bool:
    """Close the open item this statement line pays exactly, if there is one."""
    change = outstanding(side, cents(posted.amount))
    account = posted.account.id if posted.account else None
    spec = _spec(ITEMS[side])
    for item in ctx.table(ITEMS[side]).lookup("InvoiceNumber", posted.our_ref):
        if item.get("InvoiceNumber") == posted.our_ref and matches(item, account, change):
            day = posted.date or head.date
            closed = _touched(spec, item, settled_values(side, day, head.year, head.period), stamp)
            _drop_list_row(ctx, side, item)
            ctx.store.save(ctx.division, spec, closed, "update")
            return True
    return False


def _list_row(ctx: Context, side: Side, item: Row) -> Row | None:
    """The list row mirroring `item` (found by its receivable key, or by its values)."""
    table = ctx.table(LISTS[side])
    if side == "receivable":
        return next(iter(table.lookup("Id", item["ID"])), None)
    wanted = list_values(side, item)
    return next(
        (
            row
            for row in table.lookup("EntryNumber", item.get("EntryNumber"))
            if all(row.get(k) == v for k, v in wanted.items() if k != "AccountCode")
        ),
        None,
    )


def _drop_list_row(ctx: Context, side: Side, item: Row) -> None:
    row = _list_row(ctx, side, item)
    if row is not None:
        ctx.store.delete(ctx.division, _spec(LISTS[side]), row["HID"])


def mirror_update(ctx: Context, side: Side, before: Row, after: Row) -> None:
    """Carry a change of an open item (its description) over to its list row."""
    row = _list_row(ctx, side, before)
    if row is not None:
        spec = _spec(LISTS[side])
        updated = dict(row) | list_values(side, after)
        _shape(spec).pad(updated)
        ctx.store.save(ctx.division, spec, updated, "update")
