"""salesinvoice/SalesInvoices and SalesInvoiceLines: item-based invoicing.

A new invoice is open (status 20). Its lines take description, unit, revenue account and
VAT from the item, the customer and the VAT code; the header totals are the sum of the
lines. A processed invoice (status 50) can be neither changed nor deleted; processing
(`salesinvoice/PrintedSalesInvoices`, or seed data created as processed) numbers it and books
it in the ledger (see `_invoicing`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Final

from exactbridge.emulator.bodies import Mode, blank_row, decode_body
from exactbridge.emulator.entities._invoicing import (
    PrintedSalesInvoiceBehaviour,
    book_invoice,
    number_processed,
)
from exactbridge.emulator.entities.base import Behaviour, Context, Embedded, put
from exactbridge.emulator.store import Row
from exactbridge.exact import EntitySpec, find_entity

__all__ = ["BEHAVIOURS", "INVOICE_TYPES"]

INVOICE_TYPES: Final = {
    8020: "Sales invoice",
    8021: "Sales credit note",
    8023: "Direct sales invoice",
    8024: "Direct sales credit note",
}
_STATUSES: Final = {10: "Draft", 20: "Open", 50: "Processed"}
_PROCESSED: Final = 50
_INVOICES: Final = "salesinvoice/SalesInvoices"
_LINES: Final = "salesinvoice/SalesInvoiceLines"


def _spec(path: str) -> EntitySpec:
    spec = find_entity(path)
    assert spec is not None, path
    return spec


def _money(value: float) -> float:
    return round(value + 0.0, 2)


class SalesInvoiceBehaviour(Behaviour):
    """Defaults from the customer and journal, lines created with the header, totals kept."""

    def fill(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        put(spec, row, "Type", row.get("Type") or 8020)
        if row.get("Status") is None:
            put(spec, row, "Status", 20)
        for name in ("InvoiceTo", "DeliverTo"):
            if row.get(name) is None:
                put(spec, row, name, row.get("OrderedBy"))
        if row.get("Journal") is None:
            journal = ctx.find("financial/Journals", "Type", 20)
            put(spec, row, "Journal", journal.get("Code") if journal else None)
        customer = ctx.lookup("crm/Accounts", row.get("OrderedBy")) or {}
        if row.get("PaymentCondition") is None:
            put(spec, row, "PaymentCondition", customer.get("PaymentConditionSales") or "00")
        put(spec, row, "OrderDate", row.get("OrderDate") or ctx.today)
        put(spec, row, "InvoiceDate", row.get("InvoiceDate") or row["OrderDate"])
        if row.get("DueDate") is None:
            condition = ctx.find("cashflow/PaymentConditions", "Code", row["PaymentCondition"])
            days = (condition or {}).get("PaymentDays") or 0
            put(spec, row, "DueDate", row["InvoiceDate"] + timedelta(days=days))
        sequences = ctx.division.sequences
        if row.get("OrderNumber") is None:
            put(
                spec, row, "OrderNumber", ctx.division.next_in_sequence("SalesInvoices.OrderNumber")
            )
        else:
            sequences["SalesInvoices.OrderNumber"] = max(
                sequences.get("SalesInvoices.OrderNumber", 0), row["OrderNumber"]
            )
        defaults: dict[str, Any] = {
            "Currency": "EUR", "Discount": 0, "DiscountType": 1, "AmountDiscount": 0,
            "AmountDiscountExclVat": 0, "StarterSalesInvoiceStatus": 0,
            "Salesperson": ctx.store.user.get("UserID"),
        }  # fmt: skip
        for name, value in defaults.items():
            if spec.field(name) is not None and row.get(name) is None:
                row[name] = value
        lines_spec = _spec(_LINES)
        mode: Mode = "trusted" if ctx.trusted else "post"
        lines = [
            _build_line(ctx, row, decode_body(lines_spec, payload, mode).values, number)
            for number, payload in enumerate(embedded.get("SalesInvoiceLines", []), start=1)
        ]
        ctx.scratch["lines"] = lines
        self.refresh(ctx, spec, row)
        _apply_totals(spec, row, lines)
        if row.get("Status") == _PROCESSED:  # created as processed (seed data): numbered now
            number_processed(ctx, row)

    def refresh(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        put(spec, row, "TypeDescription", INVOICE_TYPES.get(row.get("Type") or 0))
        put(spec, row, "StatusDescription", _STATUSES.get(row.get("Status") or 0))
        if spec.field("StarterSalesInvoiceStatusDescription") is not None:
            row["StarterSalesInvoiceStatusDescription"] = "Draft"
        journal = ctx.find("financial/Journals", "Code", row.get("Journal"))
        put(spec, row, "JournalDescription", journal.get("Description") if journal else None)
        condition = ctx.find("cashflow/PaymentConditions", "Code", row.get("PaymentCondition"))
        put(spec, row, "PaymentConditionDescription", (condition or {}).get("Description"))
        for role in ("OrderedBy", "InvoiceTo", "DeliverTo"):
            account = ctx.lookup("crm/Accounts", row.get(role)) or {}
            put(spec, row, f"{role}Name", account.get("Name"))
            person_field = f"{role}ContactPerson"
            if row.get(person_field) is None:
                put(spec, row, person_field, account.get("MainContact"))
            person = ctx.lookup("crm/Contacts", row.get(person_field)) or {}
            put(spec, row, f"{person_field}FullName", person.get("FullName"))
        if spec.field("SalespersonFullName") is not None:
            same = row.get("Salesperson") == ctx.store.user.get("UserID")
            row["SalespersonFullName"] = ctx.store.user.get("FullName") if same else None
        if ctx.division.table(_spec(_LINES)).rows:
            _apply_totals(spec, row, _lines_of(ctx, row["InvoiceID"]))

    def validate(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        wrong = [
            role
            for role in ("DeliverTo", "OrderedBy", "InvoiceTo")
            if ctx.lookup("crm/Accounts", row.get(role)) is None
        ]
        if wrong:
            raise ctx.refuse_all("invalid_reference", wrong)
        journal = ctx.find("financial/Journals", "Code", row.get("Journal"))
        if journal is None or journal.get("Type") not in (20, 21):
            raise ctx.refuse("invalid_reference", "Journal")
        if "lines" in ctx.scratch and not ctx.scratch["lines"] and not ctx.trusted:
            raise ctx.refuse("mandatory", "SalesInvoiceLines")
        for line in ctx.scratch.get("lines", []):
            _validate_line(ctx, line)

    def check_update(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        if row.get("Status") == _PROCESSED:
            raise ctx.refuse("processed")

    def check_delete(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        self.check_update(ctx, spec, row)

    def after_create(
        self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded, *, trusted: bool
    ) -> None:
        ctx.save_new(_LINES, ctx.scratch.pop("lines", []))
        if row.get("Status") == _PROCESSED:
            book_invoice(ctx, row)

    def after_delete(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        ctx.delete_children(_LINES, "InvoiceID", row["InvoiceID"])


class SalesInvoiceLineBehaviour(Behaviour):
    """Lines posted on their own join an open invoice and update its totals."""

    def fill(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        invoice = ctx.lookup(_INVOICES, row.get("InvoiceID"))
        if invoice is None:
            raise ctx.refuse("invalid_reference", "SalesInvoices")
        numbers = (line.get("LineNumber") or 0 for line in _lines_of(ctx, invoice["InvoiceID"]))
        row.update(_build_line(ctx, invoice, row, max(numbers, default=0) + 1))

    def refresh(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        invoice = ctx.lookup(_INVOICES, row.get("InvoiceID"))
        if invoice is not None:
            row.update(_build_line(ctx, invoice, row, row.get("LineNumber") or 1))

    def validate(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        _validate_line(ctx, row)

    def check_update(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        invoice = ctx.lookup(_INVOICES, row.get("InvoiceID"))
        if invoice is not None and invoice.get("Status") == _PROCESSED:
            raise ctx.refuse("processed")

    def check_delete(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        self.check_update(ctx, spec, row)

    def after_create(
        self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded, *, trusted: bool
    ) -> None:
        _retotal(ctx, row["InvoiceID"])

    def after_update(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        _retotal(ctx, row["InvoiceID"])

    def after_delete(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        _retotal(ctx, row["InvoiceID"])


def _build_line(ctx: Context, invoice: Row, given: Mapping[str, Any], number: int) -> Row:
    """A complete line row from decoded values, the item, the customer and the VAT code."""
    spec = _spec(_LINES)
    line = blank_row(spec)
    line.update(given)
    line["ID"] = line.get("ID") or ctx.new_guid()
    line["InvoiceID"] = invoice["InvoiceID"]
    line["Division"] = ctx.division.code
    line["LineNumber"] = line.get("LineNumber") or number
    item = ctx.lookup("logistics/Items", line.get("Item")) or {}
    customer = ctx.lookup("crm/Accounts", invoice.get("OrderedBy")) or {}
    line["ItemCode"] = item.get("Code")
    line["ItemDescription"] = item.get("Description")
    line["Description"] = line.get("Description") or item.get("Description")
    line["UnitCode"] = line.get("UnitCode") or (item.get("Unit") or "").strip() or None
    line["UnitDescription"] = item.get("UnitDescription")
    if line.get("GLAccount") is None:
        revenue = ctx.find("financial/GLAccounts", "Type", 110) or {}
        line["GLAccount"] = item.get("GLRevenue") or revenue.get("ID")
    account = ctx.lookup("financial/GLAccounts", line.get("GLAccount")) or {}
    line["GLAccountDescription"] = account.get("Description")
    line["VATCode"] = (
        line.get("VATCode") or item.get("SalesVatCode") or customer.get("SalesVATCode")
    )
    vat = ctx.find("vat/VATCodes", "Code", line.get("VATCode")) or {}
    line["VATCodeDescription"] = vat.get("Description")
    percentage = vat.get("Percentage") or 0
    line["VATPercentage"] = percentage
    if line.get("Quantity") is None:
        line["Quantity"] = 1
    line["Discount"] = line.get("Discount") or 0
    line["UnitPrice"] = line.get("UnitPrice") or 0
    if line.get("NetPrice") is None:
        line["NetPrice"] = _money(line["UnitPrice"] * (1 - line["Discount"]))
    amount = _money(line["Quantity"] * line["NetPrice"])
    line["AmountFC"] = line["AmountDC"] = amount
    line["VATAmountFC"] = line["VATAmountDC"] = _money(amount * percentage)
    return {k: v for k, v in line.items() if spec.field(k) is not None}


def _validate_line(ctx: Context, line: Row) -> None:
    if ctx.lookup("logistics/Items", line.get("Item")) is None:
        raise ctx.refuse("invalid_reference", "Item")
    if line.get("VATCode") and ctx.find("vat/VATCodes", "Code", line["VATCode"]) is None:
        raise ctx.refuse("invalid_reference", "VATCode")


def _lines_of(ctx: Context, invoice_id: str) -> list[Row]:
    return ctx.children(_LINES, "InvoiceID", invoice_id)


def _apply_totals(spec: EntitySpec, row: Row, lines: list[Row]) -> None:
    net = _money(sum(line.get("AmountFC") or 0 for line in lines))
    vat = _money(sum(line.get("VATAmountFC") or 0 for line in lines))
    put(spec, row, "AmountFCExclVat", net)
    put(spec, row, "VATAmountFC", vat)
    put(spec, row, "VATAmountDC", vat)
    put(spec, row, "AmountFC", _money(net + vat))
    put(spec, row, "AmountDC", _money(net + vat))


def _retotal(ctx: Context, invoice_id: str) -> None:
    spec = _spec(_INVOICES)
    invoice = ctx.lookup(_INVOICES, invoice_id)
    if invoice is not None:
        updated = dict(invoice)
        _apply_totals(spec, updated, _lines_of(ctx, invoice_id))
        updated["Modified"] = ctx.now_local
        ctx.store.save(ctx.division, spec, updated, "update")


BEHAVIOURS: Final[dict[str, Behaviour]] = {
    _INVOICES: SalesInvoiceBehaviour(),
    _LINES: SalesInvoiceLineBehaviour(),
    "salesinvoice/PrintedSalesInvoices": PrintedSalesInvoiceBehaviour(),
}
