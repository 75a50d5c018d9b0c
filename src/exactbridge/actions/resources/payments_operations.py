"""Payments and outstanding items beyond reading: `payments.settle`, `outstandings.ageing`,
and how a payable is read so that its id carries its list's prefix once.

Settling is how a payment is created through the REST API: a bank statement
(`financialtransaction/BankEntries`) whose line names the open item's counterparty, its
invoice number and exactly its open amount (`settlement_line`); Exact then matches the item.
Exact matches nothing else automatically (a partial payment stays an open item of its own,
for a person to match), so any other amount is refused before the statement is sent, with
the open amount in the message. A settle whose answer is lost is never sent again blind:
the item is read again, and a matched item is the answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from pydantic import TypeAdapter

from exactbridge.actions.resources.purchases_rules import operation_arguments
from exactbridge.errors import InvalidBody, OutcomeUnknown
from exactbridge.mappers import FieldMap
from exactbridge.mappers.payments import (
    BANK_ENTRY_MAP,
    PAYABLE_OUTSTANDING_MAP,
    RECEIVABLE_OUTSTANDING_MAP,
    settlement_line,
)
from exactbridge.model import JournalType, Money
from exactbridge.model.payments import (
    PAYABLE_ID_PREFIX,
    Ageing,
    BankEntry,
    Outstanding,
    OutstandingDirection,
    Payment,
    PaymentStatus,
)

if TYPE_CHECKING:
    from exactbridge.actions import Actions

__all__ = ["BANK_ENTRIES_PATH", "OUTSTANDING_PATHS", "ageing", "payable_outstanding", "settle"]

BANK_ENTRIES_PATH: Final = BANK_ENTRY_MAP.spec.path
OUTSTANDING_PATHS: Final = ", ".join(
    m.spec.path for m in (RECEIVABLE_OUTSTANDING_MAP, PAYABLE_OUTSTANDING_MAP)
)
_MONEY: Final[TypeAdapter[Decimal]] = TypeAdapter(Money)
_DAY: Final[TypeAdapter[date]] = TypeAdapter(date)
_TEXT: Final[TypeAdapter[str | None]] = TypeAdapter(str | None)


def payable_outstanding(
    row: Mapping[str, Any], *, division: int, remote_data: bool, custom: Sequence[FieldMap]
) -> Outstanding:
    """A `PayablesList` row with its bare `HID` as id, for the source to prefix.

    The model prefixes payable ids itself (so a payable never carries a bare HID); the
    source's `id_prefix` prefixes again (and is what routes a `get` of `payable-…` to this
    list and strips the prefix for the key query), so the id is handed to it bare.
    """
    record = PAYABLE_OUTSTANDING_MAP.from_exact(
        row, division=division, remote_data=remote_data, custom=custom
    )
    return record.model_copy(update={"id": record.id.removeprefix(PAYABLE_ID_PREFIX)})


def _refused(name: str, why: str) -> InvalidBody:
    msg = f"cannot settle: {name} ({why})"
    return InvalidBody(msg, path=BANK_ENTRIES_PATH, method="POST", problems={name: why})


async def settle(
    actions: Actions,
    division: int,
    *,
    payment_id: str,
    amount: Any,
    paid_on: Any,
    journal: Any = None,
    description: Any = None,
) -> Payment:
    """Pay an open item in full with a bank statement line; returns the settled payment.

    Args:
        payment_id: the open `payments` record (an invoice's term) to settle.
        amount: exactly its `open_amount` (as Exact signs it: what is owed).
        paid_on: the date of the bank line.
        journal: the bank journal's code (default: the division's bank journal).
        description: the bank line's description.

    Raises:
        InvalidBody: an argument is wrong, the item has nothing open, or `amount` is not its
            open amount; no statement was sent.
        NotFound: no payment has that id.
        OutcomeUnknown: the statement's answer was lost and the item is still open; ask
            again later (the item is read first, so a landed payment is never doubled).
    """
    given = operation_arguments(
        BANK_ENTRIES_PATH,
        {
            "amount": (_MONEY, amount),
            "paid_on": (_DAY, paid_on),
            "journal": (_TEXT, journal),
            "description": (_TEXT, description),
        },
    )
    term: Payment = await actions.get("payments", division, payment_id)
    if term.status is not PaymentStatus.OPEN or not term.open_amount:
        raise _refused("payment_id", f"nothing open to settle (status {term.status.value})")
    if given["amount"] != term.open_amount:
        why = (
            f"{given['amount']} is not the open amount {term.open_amount}: Exact settles an "
            "item only for exactly what is open"
        )
        raise _refused("amount", why)
    try:
        line = settlement_line(term, paid_on=given["paid_on"], description=given["description"])
    except ValueError as exc:
        raise _refused("payment_id", str(exc)) from None
    code = given["journal"] or await actions.context.defaults.journal(division, JournalType.BANK)
    draft = BankEntry(id="", division=division, journal=code, line_items=[line])
    body = BANK_ENTRY_MAP.to_exact(draft, method="POST")
    try:
        await actions.client.create(division, BANK_ENTRIES_PATH, body)
    except OutcomeUnknown:
        await actions.context.sleep(actions.context.settle_seconds)
        again: Payment = await actions.get("payments", division, payment_id)
        if again.status is PaymentStatus.MATCHED:
            return again
        raise
    settled: Payment = await actions.get("payments", division, payment_id)
    return settled


async def ageing(actions: Actions, division: int, *, as_of: Any) -> list[Ageing]:
    """The open items of each list and currency, totalled per ageing bucket on `as_of`.

    Every list has a report (an empty one with zero totals and no currency when nothing is
    open); a list with items in several currencies has one report per currency.

    Raises:
        InvalidBody: `as_of` is not a date (no call was made).
    """
    day: date = operation_arguments(OUTSTANDING_PATHS, {"as_of": (_DAY, as_of)})["as_of"]
    groups: dict[tuple[OutstandingDirection, str | None], list[Outstanding]] = {}
    async for item in actions.list("outstandings", division):
        groups.setdefault((item.direction, item.currency), []).append(item)
    for direction in OutstandingDirection:
        if not any(side is direction for side, _ in groups):
            groups[(direction, None)] = []
    order = list(OutstandingDirection)
    return [
        Ageing.of(direction, currency, items, day)
        for (direction, currency), items in sorted(
            groups.items(), key=lambda group: (order.index(group[0][0]), group[0][1] or "")
        )
    ]
