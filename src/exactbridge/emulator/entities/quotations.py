"""crm/Quotations, QuotationLines and the actions that move a quotation along.

A new quotation is a draft (20), version 1, numbered with the next free number, for its
order account (also invoiced and delivered unless said otherwise), valid for 30 days. Its
lines are priced like sales order lines (`_pricing`) and its totals include VAT.

Statuses change through the action endpoints only:

- PrintQuotation: draft, open or printed → printed (40); the printout is a new document
  (type "Quotation") with a PDF attachment, linked from the quotation's `Document`.
- AcceptQuotation: draft, open or printed → accepted (50), closed today.
- RejectQuotation: draft, open or printed → rejected (5), closed today (a reason is optional).
- ReopenQuotation: accepted or rejected → open (25), no longer closed.
- ReviewQuotation: open, printed or rejected → this version is reviewed and closed (6) and a
  copy becomes the next version (same number), a draft again.

A quotation can be changed while it is a draft, open or printed, and deleted unless it was
accepted or reviewed. Anything else is refused as Exact does, naming the action and the
status the quotation is in.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Final

from exactbridge.emulator.bodies import Mode, blank_row, decode_body
from exactbridge.emulator.entities._booking import child_context
from exactbridge.emulator.entities._parties import (
    account,
    contact_name,
    delivery_address,
    main_contact,
)
from exactbridge.emulator.entities._pricing import item_texts, price_line, total
from exactbridge.emulator.entities.base import Behaviour, Context, Embedded, put
from exactbridge.emulator.pdf import simple_pdf
from exactbridge.emulator.store import Row
from exactbridge.exact import EntitySpec, find_entity

__all__ = ["BEHAVIOURS", "STATUSES"]

STATUSES: Final = {
    5: "Rejected",
    6: "Reviewed and closed",
    10: "Recovery",
    20: "Draft",
    25: "Open",
    35: "Processing",
    40: "Printed",
    50: "Accepted",
    60: "Awaiting online acceptance",
    70: "Accepted with processing error",
}
_REJECTED, _REVIEWED, _DRAFT, _OPEN, _PRINTED, _ACCEPTED = 5, 6, 20, 25, 40, 50
_LIVE: Final = frozenset({_DRAFT, _OPEN, _PRINTED})
"""Statuses in which a quotation may still be changed, printed, accepted or rejected."""
_VALIDITY: Final = timedelta(days=30)
_QUOTATIONS: Final = "crm/Quotations"
_LINES: Final = "crm/QuotationLines"
_SCRATCH: Final = "quotation_lines"
_ROLES: Final = (
    ("Order", "OrderAccount"),
    ("Invoice", "InvoiceAccount"),
    ("Delivery", "DeliveryAccount"),
)
_QUOTATION_DOCUMENT: Final = 40


def _spec(path: str) -> EntitySpec:
    spec = find_entity(path)
    assert spec is not None, path
    return spec


class QuotationBehaviour(Behaviour):
    """Defaults from the order account, lines created with the header, totals kept."""

    def fill(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        for field in ("InvoiceAccount", "DeliveryAccount"):
            if row.get(field) is None:
                put(spec, row, field, row.get("OrderAccount"))
        for _, field in _ROLES:
            if row.get(f"{field}Contact") is None:
                put(spec, row, f"{field}Contact", main_contact(ctx, row.get(field)))
        if row.get("DeliveryAddress") is None:
            put(spec, row, "DeliveryAddress", delivery_address(ctx, row.get("DeliveryAccount")))
        customer = account(ctx, row.get("OrderAccount"))
        put(spec, row, "QuotationDate", row.get("QuotationDate") or ctx.today)
        put(spec, row, "DueDate", row.get("DueDate") or row["QuotationDate"] + _VALIDITY)
        name = "Quotations.QuotationNumber"
        if row.get("QuotationNumber") is None:
            put(spec, row, "QuotationNumber", ctx.division.next_in_sequence(name))
        else:
            sequences = ctx.division.sequences
            sequences[name] = max(sequences.get(name, 0), row["QuotationNumber"])
        defaults: dict[str, Any] = {
            "Currency": "EUR", "VersionNumber": 1, "Status": _DRAFT, "AmountDiscount": 0,
            "AmountDiscountExclVat": 0, "SalesPerson": ctx.store.user.get("UserID"),
            "PaymentCondition": customer.get("PaymentConditionSales") or "00",
        }  # fmt: skip
        for field, value in defaults.items():
            if row.get(field) is None:
                put(spec, row, field, value)
        lines_spec = _spec(_LINES)
        mode: Mode = "trusted" if ctx.trusted else "post"
        lines = [
            _build_line(ctx, row, decode_body(lines_spec, payload, mode).values, number)
            for number, payload in enumerate(embedded.get("QuotationLines", []), start=1)
        ]
        ctx.scratch[_SCRATCH] = lines
        self.refresh(ctx, spec, row)
        _apply_totals(spec, row, lines)

    def refresh(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        for _, field in _ROLES:
            found = account(ctx, row.get(field))
            put(spec, row, f"{field}Code", found.get("Code"))
            put(spec, row, f"{field}Name", found.get("Name"))
            put(spec, row, f"{field}ContactFullName", contact_name(ctx, row.get(f"{field}Contact")))
        condition = ctx.find("cashflow/PaymentConditions", "Code", row.get("PaymentCondition"))
        put(spec, row, "PaymentConditionDescription", (condition or {}).get("Description"))
        project = ctx.lookup("project/Projects", row.get("Project")) or {}
        put(spec, row, "ProjectCode", project.get("Code"))
        put(spec, row, "ProjectDescription", project.get("Description"))
        document = ctx.lookup("documents/Documents", row.get("Document")) or {}
        put(spec, row, "DocumentSubject", document.get("Subject"))
        same = row.get("SalesPerson") == ctx.store.user.get("UserID")
        put(spec, row, "SalesPersonFullName", ctx.store.user.get("FullName") if same else None)
        put(spec, row, "StatusDescription", STATUSES.get(row.get("Status") or 0))
        if ctx.division.table(_spec(_LINES)).rows:
            _apply_totals(spec, row, _lines_of(ctx, row["QuotationID"]))

    def validate(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        wrong = [field for _, field in _ROLES if not account(ctx, row.get(field))]
        if wrong:
            raise ctx.refuse_all("invalid_reference", wrong)
        if row.get("Project") and ctx.lookup("project/Projects", row["Project"]) is None:
            raise ctx.refuse("invalid_reference", "Project")
        same_number = ctx.table(_QUOTATIONS).lookup("QuotationNumber", row["QuotationNumber"])
        if any(
            other["QuotationID"] != row["QuotationID"]
            and other.get("VersionNumber") == row.get("VersionNumber")
            for other in same_number
        ):
            raise ctx.refuse("exists", "QuotationNumber")
        lines = ctx.scratch.get(_SCRATCH)
        if lines is not None and not lines and not ctx.trusted:
            raise ctx.refuse("mandatory", "QuotationLines")
        for line in lines or ():
            _validate_line(ctx, line)

    def check_update(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        if row.get("Status") not in _LIVE:
            raise ctx.refuse("status", "Quotation", _status(row))

    def check_delete(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        if row.get("Status") in (_ACCEPTED, _REVIEWED):
            raise ctx.refuse("status", "Quotation", _status(row))
        ctx.refuse_if_used(spec, row, ignoring=(_LINES,))

    def after_create(
        self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded, *, trusted: bool
    ) -> None:
        ctx.save_new(_LINES, ctx.scratch.pop(_SCRATCH, []))

    def after_delete(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        ctx.delete_children(_LINES, "QuotationID", row["QuotationID"])


class QuotationLineBehaviour(Behaviour):
    """Lines posted on their own join a quotation that may change, and update its totals."""

    def fill(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        quotation = ctx.lookup(_QUOTATIONS, row.get("QuotationID"))
        if quotation is None:
            raise ctx.refuse("invalid_reference", "Quotation")
        if quotation.get("Status") not in _LIVE:
            raise ctx.refuse("status", "Quotation", _status(quotation))
        numbers = (line.get("LineNumber") or 0 for line in _lines_of(ctx, row["QuotationID"]))
        row.update(_build_line(ctx, quotation, row, max(numbers, default=0) + 1))

    def refresh(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        quotation = ctx.lookup(_QUOTATIONS, row.get("QuotationID"))
        if quotation is not None:
            row.update(_build_line(ctx, quotation, row, row.get("LineNumber") or 1))

    def validate(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        _validate_line(ctx, row)

    def check_update(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        quotation = ctx.lookup(_QUOTATIONS, row.get("QuotationID")) or {}
        if quotation.get("Status") not in _LIVE:
            raise ctx.refuse("status", "Quotation", _status(quotation))

    def check_delete(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        self.check_update(ctx, spec, row)

    def after_create(
        self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded, *, trusted: bool
    ) -> None:
        _retotal(ctx, row["QuotationID"])

    def after_update(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        _retotal(ctx, row["QuotationID"])

    def after_delete(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        _retotal(ctx, row["QuotationID"])


# --- actions ---------------------------------------------------------------------------


class _QuotationAction(Behaviour):
    """An action on one quotation (keyed by it, `client_key`), allowed only in some statuses.

    It acts while the request is validated, as `salesinvoice/PrintedSalesInvoices` does, so
    the saved answer carries the outcome and nothing can refuse after the quotation changed.
    """

    client_key = True
    allowed: frozenset[int] = _LIVE

    def validate(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        quotation = ctx.lookup(_QUOTATIONS, row["QuotationID"])
        if quotation is None:
            raise ctx.refuse("invalid_reference", "Quotation")
        if quotation.get("Status") not in self.allowed:
            raise ctx.refuse("status", spec.entity, _status(quotation))
        self.act(ctx, row, quotation)

    def act(self, ctx: Context, request: Row, quotation: Row) -> None:
        """Change the quotation and fill the request's outcome."""
        raise NotImplementedError


class AcceptQuotation(_QuotationAction):
    """Accepted (50) and closed today."""

    def act(self, ctx: Context, request: Row, quotation: Row) -> None:
        _save(ctx, quotation, Status=_ACCEPTED, CloseDate=ctx.today)
        request["SuccessMessage"] = f"Quotation {quotation['QuotationNumber']} has been accepted"


class RejectQuotation(_QuotationAction):
    """Rejected (5) and closed today."""

    def act(self, ctx: Context, request: Row, quotation: Row) -> None:
        _save(ctx, quotation, Status=_REJECTED, CloseDate=ctx.today)
        request["SuccessMessage"] = f"Quotation {quotation['QuotationNumber']} has been rejected"


class ReopenQuotation(_QuotationAction):
    """An accepted or rejected quotation is open (25) again."""

    allowed = frozenset({_ACCEPTED, _REJECTED})

    def act(self, ctx: Context, request: Row, quotation: Row) -> None:
        _save(ctx, quotation, Status=_OPEN, CloseDate=None)
        request["SuccessMessage"] = f"Quotation {quotation['QuotationNumber']} has been reopened"


class ReviewQuotation(_QuotationAction):
    """This version is reviewed and closed (6); a copy is the next version, a draft."""

    allowed = frozenset({_OPEN, _PRINTED, _REJECTED})

    def act(self, ctx: Context, request: Row, quotation: Row) -> None:
        quotations = _spec(_QUOTATIONS)
        copied = {
            prop.name: quotation.get(prop.name)
            for prop in quotations.fields
            if prop.on_post and quotation.get(prop.name) is not None
        }
        changes = {
            "OrderAccountContact": request.get("OrderAccountContact"),
            "Description": request.get("Description"),
            "Document": request.get("Document"),
            "PaymentCondition": request.get("PaymentCondition"),
            "QuotationDate": request.get("QuotationDate") or ctx.today,
        }
        copied.update({name: value for name, value in changes.items() if value is not None})
        for stale in ("DueDate", "Document"):  # the new version gets its own
            if changes.get(stale) is None:
                copied.pop(stale, None)
        copy_prices = bool(request.get("CopyItemPrices"))
        lines = [
            _copied_line(line, copy_prices) for line in _lines_of(ctx, quotation["QuotationID"])
        ]
        copied |= {
            "VersionNumber": (quotation.get("VersionNumber") or 1) + 1,
            "Status": _DRAFT,
            "QuotationLines": lines,
        }
        _save(ctx, quotation, Status=_REVIEWED)
        created = _create(ctx, _QUOTATIONS, copied)
        request["NewQuotationID"] = created["QuotationID"]
        request["SuccessMessage"] = (
            f"Quotation {quotation['QuotationNumber']} version {created['VersionNumber']} created"
        )


class PrintQuotation(_QuotationAction):
    """Printed (40): the printout becomes a document with a PDF, linked from the quotation."""

    def act(self, ctx: Context, request: Row, quotation: Row) -> None:
        when = request.get("QuotationDate") or quotation.get("QuotationDate") or ctx.today
        number = quotation["QuotationNumber"]
        subject = f"Quotation: {number}"
        document = _create(
            ctx,
            "documents/Documents",
            {
                "Subject": subject,
                "Type": _QUOTATION_DOCUMENT,
                "DocumentDate": when,
                "Account": quotation.get("OrderAccount"),
                "Contact": quotation.get("OrderAccountContact"),
            },
        )
        content = simple_pdf(subject, _printout(ctx, quotation, request.get("ExtraText")))
        _create(
            ctx,
            "documents/DocumentAttachments",
            {
                "Document": document["ID"],
                "FileName": f"quotation{number}.pdf",
                "Attachment": base64.b64encode(content).decode("ascii"),
            },
        )
        _save(ctx, quotation, Status=_PRINTED, QuotationDate=when, Document=document["ID"])
        request["Document"] = document["ID"]
        request["DocumentCreationSuccess"] = "Document has been created"


# --- helpers ---------------------------------------------------------------------------


def _create(ctx: Context, path: str, values: dict[str, Any]) -> Row:
    """Create a row as Exact itself does when an action makes one (trusted, own scratch)."""
    from exactbridge.emulator import records  # noqa: PLC0415 - records imports behaviours

    return records.create(child_context(ctx), _spec(path), values, trusted=True)


def _status(row: Mapping[str, Any]) -> str:
    return STATUSES.get(row.get("Status") or 0, str(row.get("Status")))


def _save(ctx: Context, quotation: Row, **changes: Any) -> None:
    """Write an action's changes to the quotation, as Exact does (no update checks)."""
    spec = _spec(_QUOTATIONS)
    changed = dict(quotation) | changes
    changed["Modified"] = ctx.now_local
    changed["Modifier"] = ctx.store.user.get("UserID")
    changed["ModifierFullName"] = ctx.store.user.get("FullName")
    QuotationBehaviour().refresh(ctx, spec, changed)
    ctx.store.save(ctx.division, spec, changed, "update")


def _copied_line(line: Row, copy_prices: bool) -> dict[str, Any]:
    spec = _spec(_LINES)
    names = [prop.name for prop in spec.fields if prop.on_post and prop.name != "QuotationID"]
    copied = {name: line[name] for name in names if line.get(name) is not None}
    if not copy_prices:  # the item's current price, as in a new quotation
        copied.pop("UnitPrice", None)
        copied.pop("NetPrice", None)
    return copied


def _printout(ctx: Context, quotation: Row, extra: str | None) -> list[str]:
    lines = [
        f"{quotation.get('OrderAccountName') or ''}",
        f"Date: {quotation['QuotationDate']:%d-%m-%Y}   Version: {quotation.get('VersionNumber')}",
        "",
    ]
    lines.extend(
        f"{line.get('Quantity'):g} x {line.get('Description') or ''}"
        f"  {line.get('NetPrice'):.2f}  {line.get('AmountFC'):.2f}"
        for line in _lines_of(ctx, quotation["QuotationID"])
    )
    gross = quotation.get("AmountFC") or 0
    vat = quotation.get("VATAmountFC") or 0
    currency = quotation.get("Currency") or "EUR"
    lines += ["", f"Total excl. VAT: {gross - vat:.2f}", f"Total: {gross:.2f} {currency}"]
    if extra:
        lines += ["", extra]
    return lines


def _build_line(ctx: Context, quotation: Row, given: Mapping[str, Any], number: int) -> Row:
    """A complete line row from decoded values, the item, the customer and the quotation."""
    spec = _spec(_LINES)
    line = blank_row(spec)
    line.update(given)
    line["ID"] = line.get("ID") or ctx.new_guid()
    line["QuotationID"] = quotation["QuotationID"]
    line["QuotationNumber"] = quotation.get("QuotationNumber")
    line["VersionNumber"] = quotation.get("VersionNumber")
    line["Division"] = ctx.division.code
    line["LineNumber"] = line.get("LineNumber") or number
    item = ctx.lookup("logistics/Items", line.get("Item")) or {}
    texts = item_texts(line, item)
    line["ItemDescription"] = texts["ItemDescription"]
    line["Description"] = texts["Description"]
    line["UnitCode"] = texts["UnitCode"]
    line["UnitDescription"] = texts["UnitDescription"]
    price = price_line(ctx, line, item, account(ctx, quotation.get("OrderAccount")))
    line |= {
        "Quantity": price.quantity, "UnitPrice": price.unit_price, "Discount": price.discount,
        "NetPrice": price.net_price, "AmountFC": price.amount, "AmountDC": price.amount,
        "VATCode": price.vat_code, "VATDescription": price.vat_description,
        "VATPercentage": price.vat_percentage, "VATAmountFC": price.vat_amount,
    }  # fmt: skip
    for name, path in (("CostCenter", "hrm/Costcenters"), ("CostUnit", "hrm/Costunits")):
        found = ctx.find(path, "Code", line.get(name)) or {}
        line[f"{name}Description"] = found.get("Description")
    return {k: v for k, v in line.items() if spec.field(k) is not None}


def _validate_line(ctx: Context, line: Row) -> None:
    if ctx.lookup("logistics/Items", line.get("Item")) is None:
        raise ctx.refuse("invalid_reference", "Item")
    if line.get("VATCode") and ctx.find("vat/VATCodes", "Code", line["VATCode"]) is None:
        raise ctx.refuse("invalid_reference", "VATCode")
    for name, path in (("CostCenter", "hrm/Costcenters"), ("CostUnit", "hrm/Costunits")):
        if line.get(name) and ctx.find(path, "Code", line[name]) is None:
            raise ctx.refuse("invalid_reference", name)


def _lines_of(ctx: Context, quotation_id: str) -> list[Row]:
    return ctx.children(_LINES, "QuotationID", quotation_id)


def _apply_totals(spec: EntitySpec, row: Row, lines: list[Row]) -> None:
    totals = total(lines, vat="VATAmountFC")
    put(spec, row, "VATAmountFC", totals.vat)
    put(spec, row, "AmountFC", totals.gross)
    put(spec, row, "AmountDC", totals.gross)


def _retotal(ctx: Context, quotation_id: str) -> None:
    spec = _spec(_QUOTATIONS)
    quotation = ctx.lookup(_QUOTATIONS, quotation_id)
    if quotation is not None:
        updated = dict(quotation)
        _apply_totals(spec, updated, _lines_of(ctx, quotation_id))
        updated["Modified"] = ctx.now_local
        ctx.store.save(ctx.division, spec, updated, "update")


BEHAVIOURS: Final[dict[str, Behaviour]] = {
    _QUOTATIONS: QuotationBehaviour(),
    _LINES: QuotationLineBehaviour(),
    "crm/AcceptQuotation": AcceptQuotation(),
    "crm/RejectQuotation": RejectQuotation(),
    "crm/ReopenQuotation": ReopenQuotation(),
    "crm/ReviewQuotation": ReviewQuotation(),
    "crm/PrintQuotation": PrintQuotation(),
}
