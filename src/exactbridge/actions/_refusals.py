"""Exact's business-rule refusals, recognised in English and Dutch and raised as typed errors.

Exact answers a refused write with HTTP 400 or 500 and a localised text (`Verplicht:
Dagboek`), several joined by CRLF. The client raises `BusinessRuleViolation` with that text;
here the text is matched against Exact's phrasings and re-raised as the precise error
(`MissingField`, `InvalidReference`, ...), keeping Exact's message verbatim and the labels it
named, so a caller can branch on the type and still show the user Exact's own words.
"""

from __future__ import annotations

import re
from typing import Final

from exactbridge.errors import (
    BusinessRuleViolation,
    DuplicateRecord,
    EntryUnbalanced,
    InvalidReference,
    MissingField,
    RecordInUse,
    RecordLocked,
)

__all__ = ["refine"]

_Refusal = type[MissingField | InvalidReference | DuplicateRecord | RecordLocked | RecordInUse]

# (pattern, error): the first group, if any, holds the label Exact named.
_PATTERNS: Final[tuple[tuple[re.Pattern[str], _Refusal | type[EntryUnbalanced]], ...]] = (
    (re.compile(r"^(?:Mandatory|Verplicht):\s*(.+)$", re.I), MissingField),
    (re.compile(r"^(?:Invalid reference|Ongeldige referentie):\s*(.+)$", re.I), InvalidReference),
    (re.compile(r"^(?:Data already exists|Bestaat reeds)(?::\s*(.+))?$", re.I), DuplicateRecord),
    (re.compile(r"^(?:Cannot delete|Kan niet verwijderen):\s*(.+)$", re.I), RecordInUse),
    (re.compile(r"(?:not in balance|niet in balans)", re.I), EntryUnbalanced),
    (
        re.compile(
            r"^(?:Not allowed|Niet toegestaan):\s*(.+?(?:processed|matched|verwerkt|afgeletterd"
            r"|Status:).*)$",
            re.I,
        ),
        RecordLocked,
    ),
)


def refine(error: BusinessRuleViolation) -> BusinessRuleViolation:
    """The typed refusal for `error`'s text, or `error` itself when no pattern matches.

    The result keeps the request context (method, URL, division, status, Exact's message).
    """
    lines = [line.strip() for line in error.exact_message.splitlines() if line.strip()]
    for pattern, kind in _PATTERNS:
        labels: list[str] = []
        for line in lines:
            match = pattern.search(line)
            if match is None:
                continue
            if match.groups() and match.group(1):
                labels.append(match.group(1).split(" - ")[0].strip())
        if labels or any(pattern.search(line) for line in lines):
            refined = kind(str(error.args[0]), context=error.context, labels=tuple(labels))
            refined.__cause__ = error
            return refined
    return error
