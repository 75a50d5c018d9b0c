"""Entry numbers as Exact assigns them: two-digit year, journal code, four-digit sequence.

The first sales entry of 2026 in journal 70 is 26700001, the sixth purchase entry of 2024
in journal 60 is 24600006 (as recorded). Each (financial year, journal) has its own
sequence. A number given by the client (or the seed) is kept and moves the sequence past it.

The counters live in the division's `sequences` (which a state file does not keep); a
counter that is missing is rebuilt once from the highest number already booked, so numbers
continue correctly after a restart.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import Final

__all__ = ["claim_number", "entry_number", "peek_number", "sequence_of"]

_INT32_MAX: Final = 2_147_483_647


def _prefix(year: int, journal: str) -> str:
    code = journal.strip()
    prefix = f"{year % 100}{code}" if code.isdigit() else str(year % 100)
    # a long journal code would overflow Exact's Int32: fall back to the year alone
    return prefix if int(f"{prefix}0001") <= _INT32_MAX else str(year % 100)


def entry_number(year: int, journal: str, sequence: int) -> int:
    """The entry number of `sequence` in `journal` and financial `year` (`26700001`)."""
    return int(f"{_prefix(year, journal)}{sequence:04d}")


def sequence_of(number: int | None, year: int, journal: str) -> int | None:
    """The sequence inside `number` if it follows the pattern of `year` and `journal`."""
    if number is None:
        return None
    prefix, text = _prefix(year, journal), str(number)
    if len(text) >= len(prefix) + 4 and text.startswith(prefix):
        return int(text[len(prefix) :])
    return None


def _key(year: int, journal: str) -> str:
    return f"EntryNumber:{year}:{journal.strip()}"


def _current(
    sequences: MutableMapping[str, int], year: int, journal: str, highest: Callable[[], int]
) -> int:
    key = _key(year, journal)
    if key not in sequences:
        sequences[key] = highest()
    return sequences[key]


def peek_number(
    sequences: MutableMapping[str, int],
    year: int,
    journal: str,
    *,
    highest: Callable[[], int],
    in_use: Callable[[int], bool],
) -> int:
    """The next free entry number, without taking it (`claim_number` takes it).

    Args:
        sequences: the division's counters.
        year: financial year of the entry.
        journal: journal code.
        highest: the highest sequence already booked (used once, to rebuild a counter).
        in_use: whether a number is taken (numbers given by clients may lie ahead).
    """
    sequence = _current(sequences, year, journal, highest) + 1
    while in_use(entry_number(year, journal, sequence)):
        sequence += 1
    return entry_number(year, journal, sequence)


def claim_number(
    sequences: MutableMapping[str, int],
    year: int,
    journal: str,
    number: int,
    *,
    highest: Callable[[], int],
) -> None:
    """Record that `number` is taken, so the sequence continues after it."""
    sequence = sequence_of(number, year, journal)
    if sequence is None:
        return
    current = _current(sequences, year, journal, highest)
    sequences[_key(year, journal)] = max(current, sequence)
