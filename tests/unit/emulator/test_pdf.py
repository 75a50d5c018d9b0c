"""The one-page PDF printed quotations (and seeded documents) carry."""

from __future__ import annotations

import re

from exactbridge.emulator.pdf import simple_pdf


def test_the_cross_reference_table_points_at_every_object() -> None:
    pdf = simple_pdf("Offerte 12", ["1 x Bureaustoel  100.00", "Totaal: 121.00 EUR"])
    assert pdf.startswith(b"%PDF-1.4\n") and pdf.endswith(b"%%EOF\n")
    start = int(re.search(rb"startxref\n(\d+)\n", pdf).group(1))  # type: ignore[union-attr]
    assert pdf[start:].startswith(b"xref\n0 7\n")
    offsets = [int(entry) for entry in re.findall(rb"(\d{10}) 00000 n ", pdf)]
    assert len(offsets) == 6
    for number, offset in enumerate(offsets, start=1):
        assert pdf[offset:].startswith(b"%d 0 obj\n" % number)
    length = int(re.search(rb"/Length (\d+) >>\nstream\n", pdf).group(1))  # type: ignore[union-attr]
    stream = pdf.split(b"stream\n", 1)[1]
    assert stream[length:].startswith(b"\nendstream")


def test_text_is_escaped_and_kept_in_winansi() -> None:
    pdf = simple_pdf("Prijs (excl.) \\ btw", ["Crème brûlée – ¼ ✓"])
    assert b"(Prijs \\(excl.\\) \\\\ btw) Tj" in pdf
    assert "Crème brûlée – ¼ ?".encode("cp1252") in pdf
