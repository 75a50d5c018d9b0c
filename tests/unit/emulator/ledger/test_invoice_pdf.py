"""The printed invoice is a structurally valid PDF that shows the invoice."""

from __future__ import annotations

import re

from exactbridge.emulator.ledger.invoice_pdf import InvoiceLine, PrintedInvoice, invoice_pdf


def _invoice(lines: int = 2) -> PrintedInvoice:
    return PrintedInvoice(
        seller="Bakkerij Janssen B.V.",
        number="26700012",
        date="22-06-2026",
        due_date="22-07-2026",
        customer="Café (De Zwaan)",
        customer_address=["Dorpsstraat 1", "1234 AB Utrecht"],
        your_ref="PO-123",
        lines=[InvoiceLine(f"Brood \\ {n}", "3", "1.99", "5.97") for n in range(lines)],
        net="11.94",
        vat="1.07",
        total="13.01",
    )


def test_cross_references_point_at_the_objects() -> None:
    pdf = invoice_pdf(_invoice())
    assert pdf.startswith(b"%PDF-1.4\n") and pdf.endswith(b"%%EOF\n")
    start = int(re.search(rb"startxref\n(\d+)\n", pdf).group(1))  # type: ignore[union-attr]
    assert pdf[start:].startswith(b"xref\n0 7\n")
    offsets = [int(m.group(1)) for m in re.finditer(rb"(\d{10}) 00000 n \n", pdf)]
    assert len(offsets) == 6
    for number, offset in enumerate(offsets, start=1):
        assert pdf[offset:].startswith(b"%d 0 obj\n" % number)
    length = int(re.search(rb"/Length (\d+) >>\nstream\n", pdf).group(1))  # type: ignore[union-attr]
    stream = pdf.split(b"stream\n", 1)[1]
    assert stream[length:].startswith(b"\nendstream")


def test_the_page_shows_the_invoice_with_escaped_text() -> None:
    pdf = invoice_pdf(_invoice())
    for text in (b"Invoice 26700012", b"Caf\xe9 \\(De Zwaan\\)", b"Brood \\\\ 1", b"13.01",
                 b"PO-123"):  # fmt: skip
        assert text in pdf


def test_long_invoices_stay_on_one_page() -> None:
    pdf = invoice_pdf(_invoice(40))
    assert b"... and 10 more lines" in pdf
    assert pdf.count(b"/Type /Page ") == 1
