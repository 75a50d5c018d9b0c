"""Small, valid one-page PDFs: the printouts Exact attaches to printed invoices and quotations.

Real printouts come from Exact's layouts; clients only store or show them, so what matters
is that the file is a well-formed PDF (header, objects, cross-reference table with exact
byte offsets, trailer) that strict readers open. Text is set in Helvetica and
Helvetica-Bold (standard fonts, nothing embedded), encoded as WinAnsi (cp1252), which covers
Dutch, French and German names; other characters become `?`.

`pdf_file` wraps a page's content stream (fonts `/F1` regular and `/F2` bold) in a file;
`simple_pdf` is a title and lines of text; `ledger.invoice_pdf` lays out an invoice.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["escape", "pdf_file", "simple_pdf"]

_TOP = 800
_LEADING = 16


def escape(text: str) -> bytes:
    """`text` as a PDF string literal's contents (cp1252, with `\\`, `(` and `)` escaped)."""
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def simple_pdf(title: str, lines: Iterable[str]) -> bytes:
    """A one-page A4 PDF showing `title` in bold and then `lines`."""
    text = [b"BT /F2 14 Tf 50 %d Td (" % _TOP + escape(title) + b") Tj ET"]
    for number, line in enumerate(lines, start=1):
        y = _TOP - 10 - number * _LEADING
        text.append(b"BT /F1 10 Tf 50 %d Td (" % y + escape(line) + b") Tj ET")
    return pdf_file(b"\n".join(text))


def pdf_file(content: bytes) -> bytes:
    """A one-page A4 PDF file whose page draws `content` (fonts /F1 and /F2)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
