"""Codes Exact assigns when a create leaves them out: the highest number plus one."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["next_code"]


def next_code(existing: Iterable[str | None], default_digits: int = 1) -> str:
    """The next free numeric code, keeping the zero-filled width of the highest one.

    `["0000009", "0000010"]` gives `"0000011"`; `["1067", "1068"]` gives `"1069"`.
    Non-numeric codes are ignored.
    """
    best = -1
    width = default_digits
    for code in existing:
        text = (code or "").strip()
        if text.isdigit() and int(text) >= best:
            best, width = int(text), max(len(text), 1)
    return str(best + 1).zfill(width)
