"""What bank and cash entries booked, for the payments and expenses emulator tests."""

from __future__ import annotations

from decimal import Decimal

from tests.support.emulator import EmulatorClient
from tests.support.rows import all_rows


async def journal_accounts(exact: EmulatorClient, division: int, kind: int) -> dict[str, str]:
    """The division's journals of one type (10 cash, 12 bank): code -> the G/L account they
    book on, in Exact's order."""
    rows = await all_rows(exact, division, "financial/Journals")
    return {row["Code"].strip(): row["GLAccount"] for row in rows if row["Type"] == kind}


async def booked_movement(exact: EmulatorClient, division: int, entry: str, gl: str) -> Decimal:
    """What the booking of `entry` put on the G/L account `gl` (debit positive)."""
    lines = await all_rows(
        exact,
        division,
        "financialtransaction/TransactionLines",
        {"$select": "GLAccount,AmountDC", "$filter": f"EntryID eq guid'{entry}'"},
    )
    assert lines, f"{entry} is not booked"
    moved = (Decimal(str(line["AmountDC"])) for line in lines if line["GLAccount"] == gl)
    return sum(moved, Decimal(0))
