"""A printed sales invoice as a small, valid PDF, written without any PDF library.

`invoice_pdf` lays out one A4 page in Helvetica (a standard font every reader has, so
nothing is embedded): the seller, the invoice number and dates, the customer, one row per
invoice line (description, quantity, unit price, amount) and the totals. Text is encoded
as WinAnsi (cp1252), which covers Dutch, French and German names. The file has a correct
cross-reference table, so strict readers open it too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from exactbridge.emulator.pdf import escape, pdf_file

__all__ = ["InvoiceLine", "PrintedInvoice", "invoice_pdf"]

_PAGE_HEIGHT: Final = 842
_LEFT: Final = 56
_RIGHT: Final = 539
_MAX_LINES: Final = 30


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    """One printed invoice line (texts as they appear)."""

    description: str
    quantity: str
    unit_price: str
    amount: str


@dataclass(frozen=True, slots=True)
class PrintedInvoice:
    """What the invoice shows, already formatted."""

    seller: str
    number: str
    date: str
    due_date: str
    customer: str
    customer_address: Sequence[str] = ()
    your_ref: str | None = None
    description: str | None = None
    lines: Sequence[InvoiceLine] = field(default_factory=tuple)
    net: str = "0.00"
    vat: str = "0.00"
    total: str = "0.00"
    currency: str = "EUR"


def _width(text: str, size: float) -> float:
    """Approximate Helvetica width: digits and most letters are about 0.55 em."""
    return sum(0.28 if char in " .,il'" else 0.56 for char in text) * size


class _Page:
    def __init__(self) -> None:
        self.ops: list[bytes] = []

    def text(self, x: float, y: float, text: str, *, size: float = 10, bold: bool = False,
             right: bool = False) -> None:  # fmt: skip
        if right:
            x -= _width(text, size)
        font = b"/F2" if bold else b"/F1"
        self.ops.append(
            b"BT " + font + b" %.1f Tf 1 0 0 1 %.1f %.1f Tm (" % (size, x, y)
            + escape(text) + b") Tj ET"
        )  # fmt: skip

    def rule(self, y: float) -> None:
        self.ops.append(b"0.5 w %d %.1f m %d %.1f l S" % (_LEFT, y, _RIGHT, y))


def _layout(invoice: PrintedInvoice) -> bytes:
    page = _Page()
    top = _PAGE_HEIGHT - 64
    page.text(_LEFT, top, invoice.seller, size=14, bold=True)
    page.text(_RIGHT, top, f"Invoice {invoice.number}", size=16, bold=True, right=True)
    y = top - 40
    for line in (invoice.customer, *invoice.customer_address):
        page.text(_LEFT, y, line, bold=line == invoice.customer)
        y -= 14
    facts = [("Invoice number", invoice.number), ("Invoice date", invoice.date),
             ("Due date", invoice.due_date)]  # fmt: skip
    if invoice.your_ref:
        facts.append(("Your reference", invoice.your_ref))
    fy = top - 40
    for label, value in facts:
        page.text(360, fy, label)
        page.text(_RIGHT, fy, value, right=True)
        fy -= 14
    y = min(y, fy) - 20
    if invoice.description:
        page.text(_LEFT, y, invoice.description, bold=True)
        y -= 22
    page.text(_LEFT, y, "Description", bold=True)
    page.text(380, y, "Quantity", bold=True, right=True)
    page.text(460, y, "Price", bold=True, right=True)
    page.text(_RIGHT, y, f"Amount ({invoice.currency})", bold=True, right=True)
    page.rule(y - 5)
    y -= 20
    for printed in invoice.lines[:_MAX_LINES]:
        page.text(_LEFT, y, printed.description[:52])
        page.text(380, y, printed.quantity, right=True)
        page.text(460, y, printed.unit_price, right=True)
        page.text(_RIGHT, y, printed.amount, right=True)
        y -= 16
    if len(invoice.lines) > _MAX_LINES:
        page.text(_LEFT, y, f"... and {len(invoice.lines) - _MAX_LINES} more lines")
        y -= 16
    page.rule(y + 8)
    y -= 10
    for label, value, bold in (("Total excluding VAT", invoice.net, False),
                               ("VAT", invoice.vat, False),
                               ("Total", f"{invoice.currency} {invoice.total}", True)):  # fmt: skip
        page.text(380, y, label, bold=bold)
        page.text(_RIGHT, y, value, bold=bold, right=True)
        y -= 16
    return b"\n".join(page.ops)


def invoice_pdf(invoice: PrintedInvoice) -> bytes:
    """The PDF file of `invoice` (one A4 page)."""
    return pdf_file(_layout(invoice))
