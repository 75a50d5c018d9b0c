"""A small, valid one-page PDF: the printout Exact attaches to a printed quotation or invoice.

Real printouts come from Exact's layouts; clients only store or show them, so what matters
is that the file is a well-formed PDF (header, objects, cross-reference table with exact
byte offsets, trailer) that readers open. Text is set in Helvetica, one line per entry,
in Latin-1 (characters outside it become `?`).
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["simple_pdf"]

_TOP = 800
_LEADING = 16


def _escape(text: str) -> bytes:
    raw = text.encode("latin-1", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def simple_pdf(title: str, lines: Iterable[str]) -> bytes:
    """A one-page A4 PDF showing `title` in bold and then `lines`."""
    text = [b"BT /F2 14 Tf 50 %d Td (" % _TOP + _escape(title) + b") Tj ET"]
    for number, line in enumerate(lines, start=1):
        y = _TOP - 10 - number * _LEADING
        text.append(b"BT /F1 10 Tf 50 %d Td (" % y + _escape(line) + b") Tj ET")
    stream = b"\n".join(text)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
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
