"""salesorder/SalesOrders and SalesOrderLines: what customers ordered, before it is invoiced.

A new order is open (status 12) and automatically approved. It is for its `OrderedBy`
account, which is also invoiced and delivered unless the caller says otherwise; contact
persons, payment condition and warehouse are defaulted, and the order number is the next
one. Lines take description, unit, VAT code and price from the item (see `_pricing`); the
order's totals are the sum of its lines.

Statuses follow the lines: a line is open (12) until some of it is delivered (or invoiced),
partial (20) while some is, complete (21) when all is; the order's delivery and invoice
statuses summarise its lines, and the order is complete once both are. Cancelled (45) is
set by Exact's screens only (the seed uses it). A complete or cancelled order cannot be
changed, and an order with deliveries or invoices cannot be deleted.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, Final

from exactbridge.emulator.bodies import Mode, blank_row, decode_body
from exactbridge.emulator.entities._parties import (
    account,
    contact_name,
    delivery_address,
    main_contact,
)
from exactbridge.emulator.entities._pricing import item_texts, price_line, total
from exactbridge.emulator.entities.base import Behaviour, Context, Embedded, put
from exactbridge.emulator.store import Row
from exactbridge.exact import EntitySpec, find_entity

__all__ = ["BEHAVIOURS", "STATUSES", "progress"]

STATUSES: Final = {12: "Open", 20: "Partial", 21: "Complete", 45: "Cancelled"}
_APPROVALS: Final = {0: "Awaiting approval", 1: "Automatically", 2: "Approved"}
_OPEN, _PARTIAL, _COMPLETE, _CANCELLED = 12, 20, 21, 45
_ORDERS: Final = "salesorder/SalesOrders"
_LINES: Final = "salesorder/SalesOrderLines"
_SCRATCH: Final = "sales_order_lines"
_WAREHOUSES: Final = uuid.UUID("5d0c2b1e-8f3a-4c47-9b6e-2a7d4e1f0c93")
_WAREHOUSE_NAME: Final = "Magazijn"
_ROLES: Final = ("OrderedBy", "InvoiceTo", "DeliverTo")


def _spec(path: str) -> EntitySpec:
    spec = find_entity(path)
    assert spec is not None, path
    return spec


def progress(done: float, wanted: float) -> int:
    """A line's status for `done` of `wanted` units delivered (or invoiced)."""
    if not done:
        return _OPEN
    return _COMPLETE if abs(done) >= abs(wanted) else _PARTIAL


def _summary(statuses: list[int]) -> int:
    if not statuses or all(status == _OPEN for status in statuses):
        return _OPEN
    return _COMPLETE if all(status == _COMPLETE for status in statuses) else _PARTIAL


class SalesOrderBehaviour(Behaviour):
    """Defaults from the customer, lines created with the order, totals and statuses kept."""

    def fill(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        for role in ("InvoiceTo", "DeliverTo"):
            if row.get(role) is None:
                put(spec, row, role, row.get("OrderedBy"))
        customer = account(ctx, row.get("OrderedBy"))
        if row.get("PaymentCondition") is None:
            put(spec, row, "PaymentCondition", customer.get("PaymentConditionSales") or "00")
        put(spec, row, "OrderDate", row.get("OrderDate") or ctx.today)
        put(spec, row, "DeliveryDate", row.get("DeliveryDate") or row["OrderDate"])
        if row.get("DeliveryAddress") is None:
            put(spec, row, "DeliveryAddress", delivery_address(ctx, row.get("DeliverTo")))
        for role in _ROLES:
            if row.get(f"{role}ContactPerson") is None:
                put(spec, row, f"{role}ContactPerson", main_contact(ctx, row.get(role)))
        _number(ctx, spec, row)
        defaults: dict[str, Any] = {
            "Currency": "EUR", "Discount": 0, "AmountDiscount": 0, "AmountDiscountExclVat": 0,
            "ApprovalStatus": 1, "Approved": ctx.now_local, "Status": _OPEN,
            "WarehouseID": _warehouse(ctx),
        }  # fmt: skip
        for name, value in defaults.items():
            if row.get(name) is None:
                put(spec, row, name, value)
        lines_spec = _spec(_LINES)
        mode: Mode = "trusted" if ctx.trusted else "post"
        lines = [
            _build_line(ctx, row, decode_body(lines_spec, payload, mode).values, number)
            for number, payload in enumerate(embedded.get("SalesOrderLines", []), start=1)
        ]
        ctx.scratch[_SCRATCH] = lines
        self.refresh(ctx, spec, row)
        _apply_lines(spec, row, lines)

    def refresh(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        for role in _ROLES:
            put(spec, row, f"{role}Name", account(ctx, row.get(role)).get("Name"))
            person = row.get(f"{role}ContactPerson")
            put(spec, row, f"{role}ContactPersonFullName", contact_name(ctx, person))
        condition = ctx.find("cashflow/PaymentConditions", "Code", row.get("PaymentCondition"))
        put(spec, row, "PaymentConditionDescription", (condition or {}).get("Description"))
        put(spec, row, "ApprovalStatusDescription", _APPROVALS.get(row.get("ApprovalStatus") or 0))
        same = row.get("Salesperson") == ctx.store.user.get("UserID")
        put(spec, row, "SalespersonFullName", ctx.store.user.get("FullName") if same else None)
        document = ctx.lookup("documents/Documents", row.get("Document")) or {}
        put(spec, row, "DocumentNumber", document.get("HID"))
        put(spec, row, "DocumentSubject", document.get("Subject"))
        warehouse = row.get("WarehouseID") == _warehouse(ctx)
        put(spec, row, "WarehouseCode", "1" if warehouse else None)
        put(spec, row, "WarehouseDescription", _WAREHOUSE_NAME if warehouse else None)
        if ctx.division.table(_spec(_LINES)).rows:
            _apply_lines(spec, row, _lines_of(ctx, row["OrderID"]))

    def validate(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        wrong = [
            role
            for role in ("DeliverTo", "OrderedBy", "InvoiceTo")
            if not account(ctx, row.get(role))
        ]
        if wrong:
            raise ctx.refuse_all("invalid_reference", wrong)
        if ctx.duplicates(spec, row, "OrderNumber"):
            raise ctx.refuse("exists", "OrderNumber")
        lines = ctx.scratch.get(_SCRATCH)
        if lines is not None and not lines and not ctx.trusted:
            raise ctx.refuse("mandatory", "SalesOrderLines")
        for line in lines or ():
            _validate_line(ctx, line)

    def check_update(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        if row.get("Status") in (_COMPLETE, _CANCELLED):
            raise ctx.refuse("status", "SalesOrder", STATUSES[row["Status"]])

    def check_delete(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        if row.get("Status") in (_PARTIAL, _COMPLETE):
            raise ctx.refuse("status", "SalesOrder", STATUSES[row["Status"]])
        ctx.refuse_if_used(spec, row, ignoring=(_LINES,))

    def after_create(
        self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded, *, trusted: bool
    ) -> None:
        ctx.save_new(_LINES, ctx.scratch.pop(_SCRATCH, []))

    def after_delete(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        ctx.delete_children(_LINES, "OrderID", row["OrderID"])


class SalesOrderLineBehaviour(Behaviour):
    """Lines posted on their own join an order that can still change, and update its totals."""

    def fill(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        order = ctx.lookup(_ORDERS, row.get("OrderID"))
        if order is None:
            raise ctx.refuse("invalid_reference", "SalesOrder")
        if order.get("Status") in (_COMPLETE, _CANCELLED):
            raise ctx.refuse("status", "SalesOrder", STATUSES[order["Status"]])
        numbers = (line.get("LineNumber") or 0 for line in _lines_of(ctx, order["OrderID"]))
        row.update(_build_line(ctx, order, row, max(numbers, default=0) + 1))

    def refresh(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        order = ctx.lookup(_ORDERS, row.get("OrderID"))
        if order is not None:
            row.update(_build_line(ctx, order, row, row.get("LineNumber") or 1))

    def validate(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        _validate_line(ctx, row)

    def check_update(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        order = ctx.lookup(_ORDERS, row.get("OrderID")) or {}
        if order.get("Status") in (_COMPLETE, _CANCELLED):
            raise ctx.refuse("status", "SalesOrder", STATUSES[order["Status"]])

    def check_delete(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        self.check_update(ctx, spec, row)
        if row.get("QuantityDelivered") or row.get("QuantityInvoiced"):
            raise ctx.refuse("status", "SalesOrderLines", STATUSES[_PARTIAL])

    def after_create(
        self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded, *, trusted: bool
    ) -> None:
        _retotal(ctx, row["OrderID"])

    def after_update(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        _retotal(ctx, row["OrderID"])

    def after_delete(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        _retotal(ctx, row["OrderID"])


def _number(ctx: Context, spec: EntitySpec, row: Row) -> None:
    """The next order number if none is given; a given one moves the sequence on."""
    name = "SalesOrders.OrderNumber"
    if row.get("OrderNumber") is None:
        put(spec, row, "OrderNumber", ctx.division.next_in_sequence(name))
    else:
        sequences = ctx.division.sequences
        sequences[name] = max(sequences.get(name, 0), row["OrderNumber"])


def _warehouse(ctx: Context) -> str:
    """The division's default warehouse (Exact's code `1`; the emulator has no stock)."""
    return str(uuid.uuid5(_WAREHOUSES, str(ctx.division.code)))


def _build_line(ctx: Context, order: Row, given: Mapping[str, Any], number: int) -> Row:
    """A complete line row from decoded values, the item, the customer and the order."""
    spec = _spec(_LINES)
    line = blank_row(spec)
    line.update(given)
    line["ID"] = line.get("ID") or ctx.new_guid()
    line["OrderID"] = order["OrderID"]
    line["OrderNumber"] = order.get("OrderNumber")
    line["Division"] = ctx.division.code
    line["LineNumber"] = line.get("LineNumber") or number
    line["DeliveryDate"] = line.get("DeliveryDate") or order.get("DeliveryDate")
    item = ctx.lookup("logistics/Items", line.get("Item")) or {}
    line.update(item_texts(line, item))
    price = price_line(ctx, line, item, account(ctx, order.get("OrderedBy")))
    line |= {
        "Quantity": price.quantity, "UnitPrice": price.unit_price, "Discount": price.discount,
        "NetPrice": price.net_price, "AmountFC": price.amount, "AmountDC": price.amount,
        "VATCode": price.vat_code, "VATCodeDescription": price.vat_description,
        "VATPercentage": price.vat_percentage, "VATAmount": price.vat_amount,
    }  # fmt: skip
    if line.get("CostPriceFC") is None and item.get("CostPriceStandard"):
        line["CostPriceFC"] = item["CostPriceStandard"]
    for name, path in (("CostCenter", "hrm/Costcenters"), ("CostUnit", "hrm/Costunits")):
        found = ctx.find(path, "Code", line.get(name)) or {}
        line[f"{name}Description"] = found.get("Description")
    project = ctx.lookup("project/Projects", line.get("Project")) or {}
    line["ProjectDescription"] = project.get("Description")
    delivered = line.get("QuantityDelivered") or 0
    invoiced = line.get("QuantityInvoiced") or 0
    line["QuantityDelivered"], line["QuantityInvoiced"] = float(delivered), float(invoiced)
    line["DeliveryStatus"] = progress(delivered, price.quantity)
    line["InvoiceStatus"] = progress(invoiced, price.quantity)
    if order.get("Status") == _CANCELLED:
        line["OrderStatus"] = _CANCELLED
    else:
        line["OrderStatus"] = _summary([line["DeliveryStatus"], line["InvoiceStatus"]])
    return {k: v for k, v in line.items() if spec.field(k) is not None}


def _validate_line(ctx: Context, line: Row) -> None:
    if ctx.lookup("logistics/Items", line.get("Item")) is None:
        raise ctx.refuse("invalid_reference", "Item")
    if line.get("VATCode") and ctx.find("vat/VATCodes", "Code", line["VATCode"]) is None:
        raise ctx.refuse("invalid_reference", "VATCode")
    for name, path in (("CostCenter", "hrm/Costcenters"), ("CostUnit", "hrm/Costunits")):
        if line.get(name) and ctx.find(path, "Code", line[name]) is None:
            raise ctx.refuse("invalid_reference", name)
    if line.get("Project") and ctx.lookup("project/Projects", line["Project"]) is None:
        raise ctx.refuse("invalid_reference", "Project")


def _lines_of(ctx: Context, order_id: str) -> list[Row]:
    return ctx.children(_LINES, "OrderID", order_id)


def _apply_lines(spec: EntitySpec, row: Row, lines: list[Row]) -> None:
    """Totals and statuses of the order from its lines."""
    totals = total(lines)
    put(spec, row, "AmountFCExclVat", totals.net)
    put(spec, row, "AmountFC", totals.gross)
    put(spec, row, "AmountDC", totals.gross)
    delivery = _summary([line.get("DeliveryStatus") or _OPEN for line in lines])
    invoicing = _summary([line.get("InvoiceStatus") or _OPEN for line in lines])
    put(spec, row, "DeliveryStatus", delivery)
    put(spec, row, "InvoiceStatus", invoicing)
    if row.get("Status") != _CANCELLED:
        put(spec, row, "Status", _summary([delivery, invoicing]))
    for name in ("Status", "DeliveryStatus", "InvoiceStatus"):
        put(spec, row, f"{name}Description", STATUSES.get(row.get(name) or 0))


def _retotal(ctx: Context, order_id: str) -> None:
    spec = _spec(_ORDERS)
    order = ctx.lookup(_ORDERS, order_id)
    if order is not None:
        updated = dict(order)
        _apply_lines(spec, updated, _lines_of(ctx, order_id))
        updated["Modified"] = ctx.now_local
        ctx.store.save(ctx.division, spec, updated, "update")


BEHAVIOURS: Final[dict[str, Behaviour]] = {
    _ORDERS: SalesOrderBehaviour(),
    _LINES: SalesOrderLineBehaviour(),
}
