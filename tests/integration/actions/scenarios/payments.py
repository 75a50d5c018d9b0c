"""Scenarios for payments and outstanding items.

Reads map the seed's payment terms and open-item lists through `Actions.list`: statuses
agree with amounts and dates, and the open items are the open terms, invoice by invoice.
`settle` pays an open sales invoice and an open bill in full through a bank statement; each
is then matched and no longer outstanding. `ageing` totals equal the open amounts, bucket by
bucket, on two dates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Final

from exactbridge.model.payments import (
    AgeingBucket,
    Outstanding,
    OutstandingDirection,
    Payment,
    PaymentDirection,
    PaymentStatus,
)
from tests.integration.actions.scenarios import Harness, check_read, scenario
from tests.integration.actions.scenarios.purchases import add_up, terms, today

_SIDES: Final = {
    OutstandingDirection.RECEIVABLE: PaymentDirection.RECEIVED,
    OutstandingDirection.PAYABLE: PaymentDirection.MADE,
}
_SALES_ENTRY: Final = 20
_PURCHASE_ENTRY: Final = 30


# --- payments ------------------------------------------------------------------------------


@scenario("payments", "read")
async def payments_read(h: Harness) -> None:
    terms: list[Payment] = await check_read(h, "payments")
    assert {t.direction for t in terms} == set(PaymentDirection)
    parties = {c.id for c in await h.all("customers")} | {s.id for s in await h.all("suppliers")}
    statuses = set()
    for term in terms:
        statuses.add(term.status)
        matched = term.status is PaymentStatus.MATCHED
        assert term.counterparty_id in parties
        assert (term.open_amount == 0) is matched, term.id
        assert (term.settled_date is not None) is matched, term.id
        if term.direction is PaymentDirection.RECEIVED:
            assert term.is_fully_paid is matched, term.id
        if not matched:
            assert term.open_amount == term.total_amount, term.id  # matched only in full
    assert {PaymentStatus.OPEN, PaymentStatus.MATCHED} <= statuses


async def _open_invoice_term(h: Harness, direction: PaymentDirection, kind: int) -> Payment:
    return next(
        t
        for t in await terms(h)
        if t.direction is direction
        and t.status is PaymentStatus.OPEN
        and t.transaction_type == kind
        and (t.open_amount or 0) > 0
    )


def _still_listed(items: Iterable[Outstanding], term: Payment) -> list[Outstanding]:
    """The open items of `term`'s invoice."""
    invoice = (term.counterparty_id, term.invoice_number)
    return [
        item
        for item in items
        if _SIDES[item.direction] is term.direction
        and (item.counterparty_id, item.invoice_number) == invoice
    ]


@scenario("payments", "settle")
async def payments_settle(h: Harness) -> None:
    for direction, kind in (
        (PaymentDirection.RECEIVED, _SALES_ENTRY),
        (PaymentDirection.MADE, _PURCHASE_ENTRY),
    ):
        term = await _open_invoice_term(h, direction, kind)
        assert _still_listed(await h.all("outstandings"), term)
        paid_on = today(h) - timedelta(days=2)
        settled = await h.actions.perform(
            "payments",
            "settle",
            h.division,
            payment_id=term.id,
            amount=term.open_amount,
            paid_on=paid_on,
            description=f"Betaling {term.invoice_number}",
        )
        assert settled.id == term.id
        assert settled.status is PaymentStatus.MATCHED
        assert (settled.open_amount, settled.total_amount) == (0, term.total_amount)
        assert settled.settled_date == paid_on
        assert await h.actions.get("payments", h.division, term.id) == settled
        assert not _still_listed(await h.all("outstandings"), term)


# --- outstandings --------------------------------------------------------------------------


def _per_invoice(items: Iterable[Outstanding | Payment]) -> dict[tuple[Any, ...], Decimal]:
    totals: dict[tuple[Any, ...], Decimal] = defaultdict(Decimal)
    for item in items:
        key = (item.counterparty_id, item.invoice_number, item.entry_number)
        totals[key] += item.open_amount or Decimal(0)
    return dict(totals)


@scenario("outstandings", "read")
async def outstandings_read(h: Harness) -> None:
    items: list[Outstanding] = await check_read(h, "outstandings")
    every = await terms(h)
    for side, direction in _SIDES.items():
        listed = [i for i in items if i.direction is side]
        open_terms = [
            t for t in every if t.direction is direction and t.status is PaymentStatus.OPEN
        ]
        assert listed, side
        assert _per_invoice(listed) == _per_invoice(open_terms), side
        assert all(
            i.id.startswith("payable-") is (side is OutstandingDirection.PAYABLE) for i in listed
        )
        first = listed[0]
        assert await h.actions.get("outstandings", h.division, first.id) == first
    received = {t.id: t for t in every if t.direction is PaymentDirection.RECEIVED}
    for item in items:
        if item.direction is OutstandingDirection.RECEIVABLE:
            assert received[item.payment_id or ""].open_amount == item.open_amount


def _bucket(item: Outstanding, as_of: date) -> AgeingBucket:
    due = item.due_date or item.invoice_date
    if due is None:
        return AgeingBucket.UNDATED
    late = (as_of - due).days
    columns = (
        (0, AgeingBucket.NOT_DUE),
        (30, AgeingBucket.DAYS_1_30),
        (60, AgeingBucket.DAYS_31_60),
        (90, AgeingBucket.DAYS_61_90),
    )
    return next((bucket for limit, bucket in columns if late <= limit), AgeingBucket.DAYS_OVER_90)


@scenario("outstandings", "ageing")
async def outstandings_ageing(h: Harness) -> None:
    items: list[Outstanding] = await h.all("outstandings")
    for as_of in (today(h), today(h) + timedelta(days=75)):
        reports = await h.actions.perform("outstandings", "ageing", h.division, as_of=as_of)
        assert {r.direction for r in reports} == set(OutstandingDirection)
        for report in reports:
            mine = [
                i for i in items if (i.direction, i.currency) == (report.direction, report.currency)
            ]
            assert report.as_of == as_of
            assert report.items == len(mine)
            assert (
                sum(report.totals.values())
                == report.open_amount
                == add_up(i.open_amount for i in mine)
            )
            for bucket in AgeingBucket:
                expected = add_up(i.open_amount for i in mine if _bucket(i, as_of) is bucket)
                assert report.totals[bucket] == expected, (report.direction, bucket)
        assert len({b for r in reports for b, v in r.totals.items() if v}) > 1, "spread out"
