"""`project/Projects`: projects that bundle quotations, invoices and time and cost entries.

No response was recorded. Property names, order (key first, then alphabetical), Edm types
and POST/PUT support follow Exact's REST reference as generated into current client
libraries. A project needs a `Description` and a `Type` (1 campaign, 2 fixed price, 3 time
and material, 4 non billable, 5 prepaid); `Code` is mandatory in Exact's reference but
auto-numbered in PSA packages, which the emulator follows for every division. The navigation
collections (budgeted hours, invoice terms, restrictions) have no endpoint here and are
always deferred and empty.
"""

from __future__ import annotations

from typing import Final

from exactbridge.exact._spec import EntitySpec, properties

__all__ = ["ENTITIES", "PROJECTS", "PROJECT_TYPES"]

PROJECT_TYPES: Final = {
    1: "Campaign",
    2: "Fixed price",
    3: "Time and material",
    4: "Non billable",
    5: "Prepaid",
}
"""`Type` codes and their descriptions."""

# Type name not recorded; follows the unqualified pattern of crm/Accounts (unverified).
PROJECTS = EntitySpec(
    path="project/Projects",
    key="ID",
    type_name="Exact.Web.Api.Models.Project",
    methods=frozenset({"GET", "POST", "PUT", "DELETE"}),
    required=(("Description",), ("Type",)),
    legacy=True,
    sync="sync/Project/Projects",
    deleted_type=21,
    properties=properties(
        """
        ID                                 guid      key
        Account                            guid      PU  ->crm/Accounts
        AccountCode                        string    R   >18
        AccountContact                     guid      PU  ->crm/Contacts
        AccountName                        string    R
        AllowAdditionalInvoicing           bool      PU
        AllowMemberEntryOnly               bool      PU
        BlockEntry                         bool      PU
        BlockInvoicing                     bool      PU
        BlockPlanning                      bool      PU
        BlockPurchasing                    bool      PU
        BlockRebilling                     bool      PU
        BudgetedAmount                     double    PU
        BudgetedCosts                      double    PU
        BudgetedHoursPerHourType   nav  project/ProjectHourBudgets:Project
        BudgetedRevenue                    double    PU
        BudgetOverrunHours                 byte      PU       # 10 allowed, 20 not allowed
        BudgetType                         int16     PU
        BudgetTypeDescription              string    R
        Classification                     guid      PU
        ClassificationDescription          string    R
        Code                               string    PU       # next number if omitted
        CostsAmountFC                      double    R
        Created                            datetime  R
        Creator                            guid      R
        CreatorFullName                    string    R
        CustomerPOnumber                   string    PU
        CustomField                        string    R        # Premium only
        Description                        string    PU
        Division                           int32     R
        DivisionName                       string    R
        EnableWorkInProgress               bool      PU
        EndDate                            datetime  PU
        FixedPriceItem                     guid      PU  ->logistics/Items
        FixedPriceItemDescription          string    R
        HasWBSLines                        bool      R
        IncludeInvoiceSpecification        int16     PU
        IncludeSpecificationInInvoicePdf   bool      PU
        InternalNotes                      string    PU
        InvoiceAddress                     guid      PU  ->crm/Addresses
        InvoiceAsQuoted                    bool      R
        InvoiceDescription                 string    PU
        InvoiceTerms               nav  project/InvoiceTerms:Project
        IsWBSRequiredForEntry              byte      PU
        Manager                            guid      PU       # a user
        ManagerFullname                    string    R
        MarkupPercentage                   double    PU
        Modified                           datetime  R
        Modifier                           guid      R
        ModifierFullName                   string    R
        Notes                              string    PU
        PaymentCondition                   string    PU
        PrepaidItem                        guid      PU  ->logistics/Items
        PrepaidItemDescription             string    R
        PrepaidType                        int16     PU       # 1 retainer, 2 hour type bundle
        PrepaidTypeDescription             string    R
        ProjectRestrictionEmployees  nav  project/ProjectRestrictionEmployees:Project
        ProjectRestrictionItems      nav  project/ProjectRestrictionItems:Project
        ProjectRestrictionRebillings  nav  project/ProjectRestrictionRebillings:Project
        SalesTimeQuantity                  double    PU
        SourceQuotation                    guid      R   ->crm/Quotations
        StartDate                          datetime  PU
        TimeQuantityToAlert                double    PU
        Type                               int32     PU       # see PROJECT_TYPES
        TypeDescription                    string    R
        UseBillingMilestones               bool      PU
        """
    ),
)

ENTITIES: tuple[EntitySpec, ...] = (PROJECTS,)
