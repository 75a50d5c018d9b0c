"""The commercial part of the seed: volumes, statuses, references and attached files."""

from __future__ import annotations

import base64
from collections import Counter
from datetime import date
from functools import cache
from typing import Any

import pytest

from exactbridge.emulator.seed import SIZES, DivisionSeed, World, generate_world
from exactbridge.emulator.seed.commerce import volume

TODAY = date(2026, 3, 18)


@cache
def world(size: str = "small", today: date = TODAY) -> World:
    return generate_world(4, 2, size, today=today)  # type: ignore[arg-type]


def rows(seed: DivisionSeed, path: str) -> list[dict[str, Any]]:
    return [record for entity, record in seed.records if entity == path]


def test_volumes_are_tens_hundreds_and_then_three_times_medium() -> None:
    small, medium, large = (volume(SIZES[size].customers) for size in ("small", "medium", "large"))
    assert 10 <= small < 100
    assert 100 <= medium < 1000
    assert large == 3 * medium


@pytest.mark.parametrize("size", ["small", "medium"])
def test_each_division_gets_every_kind_in_proportion(size: str) -> None:
    amount = volume(SIZES[size].customers)
    for seed in world(size).divisions:
        assert len(rows(seed, "salesorder/SalesOrders")) == amount
        assert len(rows(seed, "crm/Quotations")) == amount * 3 // 5
        assert len(rows(seed, "documents/Documents")) == amount * 4 // 5
        assert len(rows(seed, "project/Projects")) == max(3, amount // 5)
        assert len(rows(seed, "hrm/Costcenters")) >= 4
        assert len(rows(seed, "hrm/Costunits")) >= 3
        assert rows(seed, "users/Users")
        attachments = rows(seed, "documents/DocumentAttachments")
        assert 0.6 * len(rows(seed, "documents/Documents")) <= len(attachments)


def test_statuses_are_mixed() -> None:
    orders = Counter[str]()
    quotations = Counter[int]()
    for seed in world("medium").divisions:
        for order in rows(seed, "salesorder/SalesOrders"):
            lines = order["SalesOrderLines"]
            if order.get("Status") == 45:
                orders["cancelled"] += 1
            elif all(line.get("QuantityInvoiced") == line["Quantity"] for line in lines):
                orders["complete"] += 1
            elif any(line.get("QuantityDelivered") for line in lines):
                orders["partial"] += 1
            else:
                orders["open"] += 1
        quotations.update(q["Status"] for q in rows(seed, "crm/Quotations"))
    assert all(orders[kind] >= 10 for kind in ("cancelled", "complete", "partial", "open"))
    assert all(quotations[status] >= 10 for status in (5, 20, 25, 40, 50))


def test_records_refer_only_to_what_exists_before_them() -> None:
    for seed in world().divisions:
        seen: dict[str, str] = {}
        for path, record in seed.records:
            for name in ("OrderedBy", "OrderAccount", "Account", "Document"):
                if record.get(name):
                    assert record[name] in seen, (path, name)
            for line in (*record.get("SalesOrderLines", ()), *record.get("QuotationLines", ())):
                assert seen[line["Item"]] == "logistics/Items"
                assert line.get("CostCenter") in (None, "100", "200", "300")
            key = next((record[k] for k in ("ID", "OrderID", "QuotationID", "UserID")
                        if k in record), None)  # fmt: skip
            if key is not None:
                seen[key] = path


def test_attachments_are_valid_base64_files_named_for_their_kind() -> None:
    for seed in world().divisions:
        for attachment in rows(seed, "documents/DocumentAttachments"):
            content = base64.b64decode(attachment["Attachment"], validate=True)
            if attachment["FileName"].endswith(".pdf"):
                assert content.startswith(b"%PDF-1.4")
            else:
                assert attachment["FileName"].endswith(".txt") and content.endswith(b"\r\n")


def test_changing_today_moves_dates_but_keeps_the_commercial_identity() -> None:
    base, moved = world(), world(today=date(2027, 1, 1))
    for left, right in zip(base.divisions, moved.divisions, strict=True):
        for path in ("salesorder/SalesOrders", "crm/Quotations", "documents/DocumentAttachments"):
            strip = ("Created", "Modified", "OrderDate", "DeliveryDate", "QuotationDate",
                     "DueDate", "CloseDate", "Status", "SalesOrderLines", "QuotationLines",
                     "Attachment")  # fmt: skip
            assert [{k: v for k, v in r.items() if k not in strip} for r in rows(left, path)] == [
                {k: v for k, v in r.items() if k not in strip} for r in rows(right, path)
            ]
