"""Scenarios for items, item groups, projects, tracking categories, documents and files."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from exactbridge.client import F, Query
from exactbridge.errors import RecordInUse
from exactbridge.model import ItemStatus, ProjectStatus, TrackingCategoryType
from exactbridge.wire import parse_guid
from tests.integration.actions.scenarios import Harness, assert_has, check_read, scenario
from tests.support.rows import client_rows

FILE = bytes(range(256)) * 8 + b"%%EOF"
"""A file with every byte value, so an encoding slip anywhere shows."""


def _unique(values: list[Any]) -> bool:
    return max(Counter(values).values(), default=1) == 1


async def _rows(h: Harness, path: str, condition: Any = None) -> list[dict[str, Any]]:
    """Raw Exact rows, for what other families declare (invoices, entries, lines)."""
    query = Query(path) if condition is None else Query(path).where(condition)
    return await client_rows(h.actions.client, h.division, query)


async def _files(h: Harness, document_id: str) -> dict[str, bytes]:
    """The files of a document, by name, downloaded through the unified API."""
    return {
        a.file_name: await h.actions.perform(
            "attachments", "download", h.division, attachment_id=a.id
        )
        for a in await h.all("attachments")
        if a.document_id == document_id
    }


# --- items and item groups ----------------------------------------------------------------


@scenario("items", "read")
async def items_read(h: Harness) -> None:
    items = await check_read(h, "items")
    groups = {g.id: g for g in await h.all("item_groups")}
    assert _unique([i.code for i in items]), "item codes are unique"
    for item in items:
        assert item.item_group_id in groups, item.code
        assert item.item_group_code == groups[item.item_group_id].code


@scenario("item_groups", "read")
async def item_groups_read(h: Harness) -> None:
    groups = await check_read(h, "item_groups")
    assert _unique([g.code for g in groups])
    assert [g.is_default for g in groups].count(True) == 1, "one group new items go to"


async def _item_group(h: Harness) -> Any:
    return next(g for g in await h.all("item_groups") if not g.is_default)


@scenario("items", "create")
async def items_create(h: Harness) -> None:
    group = await _item_group(h)
    sent = {"code": "SCN-001", "name": "Scenario artikel", "item_group_id": group.id,
            "is_sales_item": True, "unit": "doos", "sales_tax_code": "2",
            "cost_price": Decimal("12.34"), "start_date": date(2026, 1, 1),
            "barcode": "8712345678906"}  # fmt: skip
    created = await h.actions.create("items", h.division, sent)
    assert_has(created, sent)
    assert (created.item_group_code, created.status) == (group.code, ItemStatus.ACTIVE)
    assert await h.actions.get("items", h.division, created.id) == created


@scenario("items", "update")
async def items_update(h: Harness) -> None:
    item = await h.first("items")
    change = {"name": "Scenario artikel (uit)", "end_date": date(2026, 12, 1)}
    updated = await h.actions.update("items", h.division, item.id, change)
    assert_has(updated, {**change, "code": item.code, "cost_price": item.cost_price})
    assert updated.status is ItemStatus.INACTIVE


@scenario("items", "delete")
async def items_delete(h: Harness) -> None:
    created = await h.actions.create("items", h.division, {"code": "SCN-DEL", "name": "Kort"})
    await h.actions.delete("items", h.division, created.id)
    assert await h.gone("items", created.id)

    used = (await _rows(h, "salesinvoice/SalesInvoiceLines"))[0]["Item"]
    with pytest.raises(RecordInUse) as refused:
        await h.actions.delete("items", h.division, used)
    assert refused.value.exact_message.startswith(("Cannot delete:", "Kan niet verwijderen:"))
    assert refused.value.exact_message in str(refused.value), "Exact's own words are kept"
    assert not await h.gone("items", used)


# --- projects -----------------------------------------------------------------------------


@scenario("projects", "read")
async def projects_read(h: Harness) -> None:
    projects = await check_read(h, "projects")
    customers = {c.id: c for c in await h.all("customers")}
    assert _unique([p.code for p in projects])
    for project in projects:
        assert project.customer_id in customers, project.code
        assert project.customer_name == customers[project.customer_id].name


@scenario("projects", "create")
async def projects_create(h: Harness) -> None:
    customer = await h.first("customers")
    codes = [int(p.code) for p in await h.all("projects") if p.code and p.code.isdigit()]
    sent = {"name": "Scenario project", "type": "fixed_price", "customer_id": customer.id,
            "manager_id": h.state.store.user["UserID"], "start_date": date(2026, 7, 1),
            "end_date": date(2026, 12, 31), "budgeted_amount": Decimal(15000),
            "notes": "Twee fasen"}  # fmt: skip
    created = await h.actions.create("projects", h.division, sent)
    assert_has(created, sent)
    assert created.code is not None and int(created.code) == max(codes) + 1, "numbered by Exact"
    assert created.customer_name == customer.name
    assert created.status is ProjectStatus.ACTIVE


@scenario("projects", "update")
async def projects_update(h: Harness) -> None:
    project = await h.first("projects")
    updated = await h.actions.update(
        "projects", h.division, project.id, {"status": "blocked", "notes": "Afgesloten"}
    )
    assert_has(updated, {"status": "blocked", "notes": "Afgesloten", "name": project.name})


@scenario("projects", "delete")
async def projects_delete(h: Harness) -> None:
    created = await h.actions.create(
        "projects", h.division, {"name": "Kortstondig", "type": "non_billable"}
    )
    await h.actions.delete("projects", h.division, created.id)
    assert await h.gone("projects", created.id)


# --- tracking categories ------------------------------------------------------------------


@scenario("tracking_categories", "read")
async def tracking_categories_read(h: Harness) -> None:
    categories = await check_read(h, "tracking_categories")
    assert {c.type for c in categories} == set(TrackingCategoryType), "both dimensions"
    assert _unique([(c.type, c.code) for c in categories]), "codes unique per dimension"
    assert all(c.is_active == (c.end_date is None) for c in categories)
    cost_units = [c for c in categories if c.type is TrackingCategoryType.COST_UNIT]
    assert (
        await h.actions.get("tracking_categories", h.division, cost_units[-1].id)
        == (cost_units[-1])
    )


@scenario("tracking_categories", "create")
async def tracking_categories_create(h: Harness) -> None:
    for kind in TrackingCategoryType:
        sent = {"type": kind.value, "code": "SCN1", "name": f"Scenario {kind.value}",
                "end_date": date(2030, 1, 1)}  # fmt: skip
        created = await h.actions.create("tracking_categories", h.division, sent)
        assert_has(created, sent)
    codes = [(c.type, c.code) for c in await h.all("tracking_categories")]
    assert codes.count((TrackingCategoryType.COST_CENTER, "SCN1")) == 1
    assert codes.count((TrackingCategoryType.COST_UNIT, "SCN1")) == 1, "each in its endpoint"


@scenario("tracking_categories", "update")
async def tracking_categories_update(h: Harness) -> None:
    for kind in TrackingCategoryType:  # each goes to the endpoint it is read from
        category = next(c for c in await h.all("tracking_categories") if c.type is kind)
        change = {"name": f"Herzien {kind.value}", "end_date": date(2026, 1, 1)}
        updated = await h.actions.update("tracking_categories", h.division, category.id, change)
        assert_has(updated, {**change, "type": kind.value, "code": category.code})
        assert updated.is_active is False


@scenario("tracking_categories", "delete")
async def tracking_categories_delete(h: Harness) -> None:
    for kind in TrackingCategoryType:
        created = await h.actions.create(
            "tracking_categories", h.division, {"type": kind, "code": "SCN-X", "name": "Weg"}
        )
        await h.actions.delete("tracking_categories", h.division, created.id)
        assert await h.gone("tracking_categories", created.id)


# --- documents ----------------------------------------------------------------------------


@scenario("documents", "read")
async def documents_read(h: Harness) -> None:
    documents = await check_read(h, "documents")
    relations = {c.id for c in await h.all("customers")} | {s.id for s in await h.all("suppliers")}
    entries = {row["EntryID"] for row in await _rows(h, "financialtransaction/Transactions")}
    assert _unique([d.number for d in documents]), "document numbers are unique"
    for document in documents:
        assert document.type is not None and document.type_code is not None
        assert document.account_id is None or document.account_id in relations, document.subject
        assert document.entry_id is None or document.entry_id in entries, document.subject


@scenario("documents", "create", "update", "delete")
async def documents_write(h: Harness) -> None:
    customer = await h.first("customers")
    sent = {"subject": "Scenario contract", "type": "miscellaneous", "account_id": customer.id,
            "document_date": date(2026, 6, 1), "amount": Decimal("1234.56")}  # fmt: skip
    created = await h.actions.create("documents", h.division, sent)
    assert_has(created, {**sent, "type_code": 55, "account_name": customer.name})
    updated = await h.actions.update(
        "documents", h.division, created.id, {"subject": "Scenario contract, getekend"}
    )
    assert_has(updated, {**sent, "subject": "Scenario contract, getekend"})
    await h.actions.delete("documents", h.division, created.id)
    assert await h.gone("documents", created.id)


# --- attachments --------------------------------------------------------------------------


@scenario("attachments", "read")
async def attachments_read(h: Harness) -> None:
    attachments = await check_read(h, "attachments")
    documents = {d.id for d in await h.all("documents")}
    for attachment in attachments:
        assert attachment.document_id in documents, attachment.file_name
        assert attachment.content is None, "Exact never sends the bytes back"
        assert attachment.url is not None and attachment.id in attachment.url
        assert attachment.file_size is not None and attachment.file_size > 0


@scenario("attachments", "create", "delete")
async def attachments_write(h: Harness) -> None:
    document = await h.first("documents")
    sent = {"document_id": document.id, "file_name": "bijlage.bin", "content": FILE}
    created = await h.actions.create("attachments", h.division, sent)
    assert_has(created, {"document_id": document.id, "file_name": "bijlage.bin",
                         "file_size": len(FILE)})  # fmt: skip
    assert (await _files(h, document.id))["bijlage.bin"] == FILE
    await h.actions.delete("attachments", h.division, created.id)
    assert await h.gone("attachments", created.id)
    assert await h.gone("documents", document.id) is False, "the document stays"


@scenario("attachments", "upload")
async def attachments_upload(h: Harness) -> None:
    supplier = await h.first("suppliers")
    uploaded = await h.actions.perform(
        "attachments", "upload", h.division, file_name="bon.pdf", content=FILE,
        document={"subject": "Bon van de leverancier", "account_id": supplier.id},
    )  # fmt: skip
    document = await h.actions.get("documents", h.division, uploaded.document_id)
    assert_has(document, {"subject": "Bon van de leverancier", "type": "miscellaneous",
                          "account_id": supplier.id})  # fmt: skip
    assert await _files(h, document.id) == {"bon.pdf": FILE}


@scenario("attachments", "download")
async def attachments_download(h: Harness) -> None:
    for attachment in await h.all("attachments"):
        content = await h.actions.perform(
            "attachments", "download", h.division, attachment_id=attachment.id
        )
        assert len(content) == attachment.file_size, attachment.file_name
    uploaded = await h.actions.perform(
        "attachments", "upload", h.division, file_name="terug.bin", content=FILE
    )
    assert await h.actions.perform(
        "attachments", "download", h.division, attachment_id=uploaded.id
    ) == FILE  # fmt: skip


@scenario("attachments", "attach_to")
async def attachments_attach_to(h: Harness) -> None:
    # an open sales invoice has no document: one is made and the invoice names it
    invoice = (await _rows(h, "salesinvoice/SalesInvoices", F("Status") == 20))[0]
    attached = await h.actions.perform(
        "attachments", "attach_to", h.division, to="invoices", record_id=invoice["InvoiceID"],
        file_name="bestelbon.pdf", content=FILE,
    )  # fmt: skip
    key = invoice["InvoiceID"]
    after = (await _rows(h, "salesinvoice/SalesInvoices", F("InvoiceID") == key))[0]
    assert parse_guid(after["Document"]) == attached.document_id
    document = await h.actions.get("documents", h.division, attached.document_id)
    assert_has(document, {"type": "sales_invoice", "entry_id": parse_guid(key),
                          "account_id": parse_guid(invoice["InvoiceTo"])})  # fmt: skip
    assert await _files(h, document.id) == {"bestelbon.pdf": FILE}

    # a bill: Exact filed it with a document already; the file joins that one
    bill = (await _rows(h, "purchaseentry/PurchaseEntries"))[0]
    filed = parse_guid(bill["Document"])
    before = await _files(h, filed)
    attached = await h.actions.perform(
        "attachments", "attach_to", h.division, to="bills", record_id=bill["EntryID"],
        file_name="factuur.pdf", content=FILE,
    )  # fmt: skip
    assert attached.document_id == filed
    assert await _files(h, filed) == {**before, "factuur.pdf": FILE}

    # a general journal entry: a document filed against the entry
    entry = (await _rows(h, "generaljournalentry/GeneralJournalEntries"))[0]
    attached = await h.actions.perform(
        "attachments", "attach_to", h.division, to="journal_entries",
        record_id=entry["EntryID"], file_name="memo.txt", content=b"memo",
    )  # fmt: skip
    document = await h.actions.get("documents", h.division, attached.document_id)
    assert document.entry_id == parse_guid(entry["EntryID"])
    assert await _files(h, document.id) == {"memo.txt": b"memo"}
