"""read/: Exact's read-only reports, here the outstanding-items lists.

`read/financial/ReceivablesList` and `read/financial/PayablesList` list what is still open,
one row per open item (a partly paid or split term shows its remaining amount); an invoice
that has been matched in full is absent (Exact support's advice for "is it paid?", facts
8.11). Keys are `HID` (Int64, sent as a JSON string), so pages continue with
`$skiptoken=123L`. The `read/` prefix is part of the path. Properties follow Exact's REST
reference (picqer/exact-php-client `ReceivablesList`, `PayablesList`: key, then
alphabetical); `Notes` (a collection in newer versions of the reference) is left out.
"""

from __future__ import annotations

from exactbridge.exact._spec import EntitySpec, properties

__all__ = ["ENTITIES", "PAYABLES_LIST", "RECEIVABLES_LIST"]

# Type names not recorded; they follow Exact's pattern `Exact.Web.Api.Models.<Entity>`.
RECEIVABLES_LIST = EntitySpec(
    path="read/financial/ReceivablesList",
    key="HID",
    type_name="Exact.Web.Api.Models.ReceivablesList",
    properties=properties(
        """
        HID                 int64     key
        AccountCode         string    R   >18
        AccountId           guid      R   ->crm/Accounts
        AccountName         string    R
        Amount              double    R   # still to receive
        AmountInTransit     double    R
        CurrencyCode        string    R
        Description         string    R
        DueDate             datetime  R
        EntryNumber         int32     R
        Id                  guid      R   # the cashflow/Receivables row
        InvoiceDate         datetime  R
        InvoiceNumber       int32     R
        JournalCode         string    R
        JournalDescription  string    R
        YourRef             string    R
        """
    ),
)

PAYABLES_LIST = EntitySpec(
    path="read/financial/PayablesList",
    key="HID",
    type_name="Exact.Web.Api.Models.PayablesList",
    properties=properties(
        """
        HID                 int64     key
        AccountCode         string    R   >18
        AccountId           guid      R   ->crm/Accounts
        AccountName         string    R
        Amount              double    R   # still to pay
        AmountInTransit     double    R
        CurrencyCode        string    R
        Description         string    R
        DueDate             datetime  R
        EntryNumber         int32     R
        InvoiceDate         datetime  R
        InvoiceNumber       int32     R
        JournalCode         string    R
        JournalDescription  string    R
        YourRef             string    R
        """
    ),
)

ENTITIES: tuple[EntitySpec, ...] = (RECEIVABLES_LIST, PAYABLES_LIST)
