"""Webhooks: `webhooks/WebhookSubscriptions` and the topics Exact notifies about.

A subscription asks Exact to POST a small signed notification to `CallbackURL` whenever a
record of `Topic` changes in the division the subscription was created in. Exact offers no
endpoint listing the topics (`webhooks/WebhookTopics` answers 404); `TOPICS` is the set
observed in public material (facts 7.3), which the emulator accepts.

Properties follow picqer's model of Exact's reference page (key first, then alphabetical)
plus `IsInstant` and `UserID` from the reference; the OData type name follows the
namespaced pattern of `System` and `HRM` models and is inferred, not recorded. Exact lists
no PUT: a subscription is deleted and created again instead ("You're not allowed to
Update() a webhook").
"""

from __future__ import annotations

from typing import Final

from exactbridge.exact._spec import EntitySpec, properties

__all__ = [
    "ENTITIES",
    "INSTANT_TOPICS",
    "TOPICS",
    "TRANSACTION_TOPICS",
    "WEBHOOK_SUBSCRIPTIONS",
]

WEBHOOK_SUBSCRIPTIONS = EntitySpec(
    path="webhooks/WebhookSubscriptions",
    key="ID",
    type_name="Exact.Web.Api.Models.Webhooks.WebhookSubscription",
    methods=frozenset({"GET", "POST", "DELETE"}),
    required=(("CallbackURL",), ("Topic",)),
    properties=properties(
        """
        ID                 guid      key
        CallbackURL        string    P
        ClientID           guid      R    # the OAuth client (app) that subscribed
        Created            datetime  R
        Creator            guid      R
        CreatorFullName    string    R
        Description        string    P
        Division           int32     R
        IsInstant          bool      P    # only for GoodsDeliveries
        Topic              string    P
        UserID             guid      R
        """
    ),
)

TOPICS: Final = frozenset(
    {
        "Accounts", "Addresses", "BankAccounts", "BankEntries", "CashEntries", "Contacts",
        "CostTransactions", "Documents", "FinancialTransactions", "GeneralJournalEntries",
        "GLAccounts", "GoodsDeliveries", "Items", "PurchaseEntries", "PurchaseOrders",
        "Quotations", "SalesEntries", "SalesInvoices", "SalesItemPrices", "SalesOrders",
        "StockPositions", "TimeTransactions",
    }
)  # fmt: skip
"""Topics a subscription may name (observed; Exact's catalogue may hold more)."""

INSTANT_TOPICS: Final = frozenset({"GoodsDeliveries"})
"""Topics that accept `IsInstant: true`."""

TRANSACTION_TOPICS: Final = frozenset(
    {
        "BankEntries", "CashEntries", "FinancialTransactions", "GeneralJournalEntries",
        "PurchaseEntries", "SalesEntries",
    }
)  # fmt: skip
"""Topics about bookings, whose notifications carry the entry's `EntryID` as `Key`."""

ENTITIES: tuple[EntitySpec, ...] = (WEBHOOK_SUBSCRIPTIONS,)
