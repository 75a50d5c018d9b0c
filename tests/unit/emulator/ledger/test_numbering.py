"""Entry numbers: `YY` + journal + four-digit sequence, per financial year and journal."""

from __future__ import annotations

from exactbridge.emulator.ledger.numbering import (
    claim_number,
    entry_number,
    peek_number,
    sequence_of,
)


def test_the_pattern_matches_recorded_numbers() -> None:
    assert entry_number(2026, "70", 1) == 26700001
    assert entry_number(2024, "60", 6) == 24600006
    assert entry_number(2024, " 60", 12345) == 246012345
    assert sequence_of(24600006, 2024, "60") == 6
    assert sequence_of(24600006, 2025, "60") is None
    assert sequence_of(None, 2024, "60") is None


def test_long_or_non_numeric_journal_codes_keep_to_int32() -> None:
    assert entry_number(2026, "BANK", 3) == 260003
    assert entry_number(2026, "99999", 1) == 260001


def test_numbers_continue_after_the_highest_and_skip_taken_ones() -> None:
    sequences: dict[str, int] = {}
    taken = {26700003}
    rebuilt: list[str] = []

    def highest() -> int:
        rebuilt.append("scan")
        return 1

    first = peek_number(sequences, 2026, "70", highest=highest, in_use=taken.__contains__)
    assert first == 26700002
    assert peek_number(sequences, 2026, "70", highest=highest, in_use=taken.__contains__) == first
    claim_number(sequences, 2026, "70", first, highest=highest)
    assert peek_number(sequences, 2026, "70", highest=highest, in_use=taken.__contains__) == (
        26700004
    )
    claim_number(sequences, 2026, "70", 26700010, highest=highest)
    assert peek_number(sequences, 2026, "70", highest=highest, in_use=taken.__contains__) == (
        26700011
    )
    assert peek_number(sequences, 2025, "70", highest=lambda: 0, in_use=taken.__contains__) == (
        25700001
    )
    assert rebuilt == ["scan"]  # the counter is rebuilt once, then kept
    claim_number(sequences, 2026, "70", 12345, highest=highest)  # not of this pattern: ignored
    assert sequences["EntryNumber:2026:70"] == 10
