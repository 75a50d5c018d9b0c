"""`cashflow/PaymentConditions`: payment terms such as `"00"` (cash) or `"30"` (30 days).

No full response was recorded, so the properties follow Exact's REST reference as scraped in
2022 (alphabetical, key first), which matches picqer/exact-php-client's `PaymentCondition`
model. The reference offers GET and POST only: a condition cannot be changed or deleted
through the API. Accounts and sales documents refer to a condition by its `Code`.
"""

from __future__ import annotations

from exactbridge.exact._spec import EntitySpec, properties

__all__ = ["ENTITIES", "PAYMENT_CONDITIONS"]

# Type name not recorded; follows Exact's pattern `Exact.Web.Api.Models.<Entity>`.
PAYMENT_CONDITIONS = EntitySpec(
    path="cashflow/PaymentConditions",
    key="ID",
    type_name="Exact.Web.Api.Models.PaymentCondition",
    methods=frozenset({"GET", "POST"}),
    required=(("Code",), ("Description",)),
    legacy=True,
    properties=properties(
        """
        ID                                   guid      key
        Code                                 string    PU  # e.g. "00" cash, "30" 30 days
        Created                              datetime  R
        Creator                              guid      R
        CreatorFullName                      string    R
        CreditManagementScenario             guid      PU
        CreditManagementScenarioCode         string    R
        CreditManagementScenarioDescription  string    R
        Description                          string    PU
        DiscountCalculation                  string    PU  # E excl. VAT, I incl. VAT
        DiscountPaymentDays                  int32     PU
        DiscountPercentage                   double    PU
        Division                             int32     R
        Modified                             datetime  R
        Modifier                             guid      R
        ModifierFullName                     string    R
        PaymentDays                          int32     PU  # days until due
        PaymentDiscountType                  string    PU  # B discount, K surcharge
        PaymentEndOfMonths                   int32     PU
        PaymentMethod                        string    PU  # B on credit, I collection, K cash
        Percentage                           double    PU  # fraction of the total
        VATCalculation                       string    PU  # E excl. discount, I incl.
        """
    ),
)

ENTITIES: tuple[EntitySpec, ...] = (PAYMENT_CONDITIONS,)
