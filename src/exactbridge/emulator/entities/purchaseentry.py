"""purchaseentry/PurchaseEntries and PurchaseEntryLines: purchase bookings.

A purchase entry debits the lines' cost accounts and the VAT codes' VAT-to-claim accounts,
credits the supplier's payable account with the total, and opens a payable
(`cashflow/Payments`, `read/financial/PayablesList`). The relation must be a supplier
(`Invalid: Supplier (Type)` otherwise). Exact files every purchase entry with a document
(type 20, purchase invoice) that it creates itself unless the client names one; the entry
answers with its `Document`, `DocumentNumber` and `DocumentSubject`. See `_entries`.
"""

from __future__ import annotations

from typing import Any, Final

from exactbridge.emulator.entities._booking import child_context, spec_of
from exactbridge.emulator.entities._entries import EntryBehaviour, EntryKind, EntryLineBehaviour
from exactbridge.emulator.entities.base import Behaviour, Context, Embedded, put
from exactbridge.emulator.store import Row
from exactbridge.exact import EntitySpec

__all__ = ["BEHAVIOURS", "PURCHASE"]

PURCHASE: Final = EntryKind(
    side="purchase",
    header="purchaseentry/PurchaseEntries",
    lines="purchaseentry/PurchaseEntryLines",
    nav="PurchaseEntryLines",
    relation="Supplier",
    journal_types=(22, 23),
    types=(30, 31),
    condition_field="PaymentConditionPurchase",
)
_PURCHASE_INVOICE: Final = 20


class PurchaseEntryBehaviour(EntryBehaviour):
    """Purchase entries: as every entry, plus the document Exact files them with."""

    def validate(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        super().validate(ctx, spec, row, embedded)
        if row.get("Document") is None:
            # the last step before saving, so nothing can refuse the entry after this
            self._file_document(ctx, spec, row)

    def _file_document(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        from exactbridge.emulator import records  # noqa: PLC0415 - records imports behaviours

        documents = spec_of("documents/Documents")
        wanted: dict[str, Any] = {
            "Subject": row.get("Description") or row.get("SupplierName") or "Purchase invoice",
            "Type": _PURCHASE_INVOICE,
            "Account": row.get("Supplier"),
            "DocumentDate": row.get("EntryDate"),
            "FinancialTransactionEntryID": row["EntryID"],
            "Created": row.get("Created"),
            "Modified": row.get("Modified"),
        }
        values = {k: v for k, v in wanted.items() if documents.field(k) is not None}
        document = records.create(child_context(ctx), documents, values, trusted=True)
        put(spec, row, "Document", document["ID"])
        put(spec, row, "DocumentSubject", document.get("Subject"))
        put(spec, row, "DocumentNumber", document.get("HID"))


_HEADER: Final = PurchaseEntryBehaviour(PURCHASE)

BEHAVIOURS: Final[dict[str, Behaviour]] = {
    PURCHASE.header: _HEADER,
    PURCHASE.lines: EntryLineBehaviour(PURCHASE, _HEADER),
}
