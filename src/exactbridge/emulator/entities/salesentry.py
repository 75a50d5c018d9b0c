"""salesentry/SalesEntries and SalesEntryLines: sales bookings, posted to the ledger.

A sales entry debits the customer's receivable account with the total, credits the lines'
revenue accounts and the VAT codes' VAT-to-pay accounts, and opens a receivable
(`cashflow/Receivables`, `read/financial/ReceivablesList`). See `_entries` for the rules.
"""

from __future__ import annotations

from typing import Final

from exactbridge.emulator.entities._entries import EntryBehaviour, EntryKind, EntryLineBehaviour
from exactbridge.emulator.entities.base import Behaviour

__all__ = ["BEHAVIOURS", "SALES"]

SALES: Final = EntryKind(
    side="sales",
    header="salesentry/SalesEntries",
    lines="salesentry/SalesEntryLines",
    nav="SalesEntryLines",
    relation="Customer",
    journal_types=(20, 21),
    types=(20, 21),
    condition_field="PaymentConditionSales",
)
_HEADER: Final = EntryBehaviour(SALES)

BEHAVIOURS: Final[dict[str, Behaviour]] = {
    SALES.header: _HEADER,
    SALES.lines: EntryLineBehaviour(SALES, _HEADER),
}
