"""Financial master data and reports: G/L accounts, journals, periods, classifications, balances.

Journals follow a real response recorded from a French division (`GET` without `$select`,
37 properties in Exact's wire order). For G/L accounts only `$select`ed reads were recorded
(type `Exact.Web.Api.Models.GLAccount`), and financial periods were not recorded at all, so
their properties follow Exact's REST reference as scraped in 2022 (alphabetical, key first),
cross-checked against picqer/exact-php-client's models. POST/PUT flags come from the same
scrape. Other entities refer to a journal by its `Code` and to a G/L account by its `ID`.

`GLClassifications` (the reporting scheme G/L accounts roll up into: RGS in the Netherlands,
the PCMN/MAR in Belgium) and `ReportingBalance` (per G/L account and reporting period: the
sum, debit sum, credit sum and count of its transaction lines; Int64 keys, so pages continue
with `$skiptoken=123L`) are read-only and follow the reference order (picqer models).
"""

from __future__ import annotations

from exactbridge.exact._spec import EntitySpec, properties

__all__ = [
    "ENTITIES",
    "FINANCIAL_PERIODS",
    "GL_ACCOUNTS",
    "GL_CLASSIFICATIONS",
    "JOURNALS",
    "REPORTING_BALANCE",
]

GL_ACCOUNTS = EntitySpec(
    path="financial/GLAccounts",
    key="ID",
    type_name="Exact.Web.Api.Models.GLAccount",
    methods=frozenset({"GET", "POST", "PUT", "DELETE"}),
    required=(("Code",), ("Description",)),
    legacy=True,
    webhook_topic="GLAccounts",
    bulk="bulk/Financial/GLAccounts",
    sync="sync/Financial/GLAccounts",
    deleted_type=7,
    properties=properties(
        """
        ID                              guid      key
        AssimilatedVATBox               int16     PU
        BalanceSide                     string    PU  # D debit, C credit
        BalanceType                     string    PU  # B balance sheet, W profit & loss
        BelcotaxType                    int32     PU
        Code                            string    PU  # unique
        Compress                        bool      PU
        Costcenter                      string    PU
        CostcenterDescription           string    R
        Costunit                        string    PU
        CostunitDescription             string    R
        Created                         datetime  R
        Creator                         guid      R
        CreatorFullName                 string    R
        DeductibilityPercentages        nav       financial/DeductibilityPercentages:GLAccount
        Description                     string    PU
        DescriptionTermID               int32     PU  # hidden in the reference
        Division                        int32     R
        ExcludeVATListing               byte      PU
        ExpenseNonDeductiblePercentage  double    PU
        IsBlocked                       bool      PU
        Matching                        bool      PU
        Modified                        datetime  R
        Modifier                        guid      R
        ModifierFullName                string    R
        PrivateGLAccount                guid      PU
        PrivatePercentage               double    PU
        ReportingCode                   string    PU
        RevalueCurrency                 bool      PU
        SearchCode                      string    PU
        Type                            int32     PU  # e.g. 10 cash, 110 revenue
        TypeDescription                 string    R
        UseCostcenter                   byte      PU  # 0 optional, 1 mandatory, 2 no
        UseCostunit                     byte      PU  # 0 optional, 1 mandatory, 2 no
        VATCode                         string    PU
        VATDescription                  string    R
        VATGLAccountType                string    PU
        VATNonDeductibleGLAccount       guid      PU
        VATNonDeductiblePercentage      double    PU
        VATSystem                       string    PU
        YearEndCostGLAccount            guid      PU
        YearEndReflectionGLAccount      guid      PU
        """
    ),
)

JOURNALS = EntitySpec(
    path="financial/Journals",
    key="ID",
    type_name="Exact.Web.Api.Models.Journal",
    methods=frozenset({"GET", "POST", "PUT", "DELETE"}),
    required=(("Code",), ("Description",)),
    legacy=True,
    properties=properties(
        """
        AllowVariableCurrency            bool      PU
        AllowVariableExchangeRate        bool      PU
        AllowVAT                         bool      PU
        AutoSave                         bool      PU
        Bank                             guid      PU
        BankAccountBICCode               string    R
        BankAccountCountry               string    R   <3
        BankAccountDescription           string    R
        BankAccountIBAN                  string    R
        BankAccountID                    guid      PU
        BankAccountIncludingMask         string    PU
        BankAccountUseSEPA               bool      R        # obsolete
        BankAccountUseSepaDirectDebit    bool      R        # obsolete
        BankName                         string    R
        Code                             string    PU       # what other entities refer to
        Created                          datetime  R
        Creator                          guid      R
        CreatorFullName                  string    R
        Currency                         string    PU
        CurrencyDescription              string    R
        CustomField                      string    R        # Premium only
        Description                      string    PU
        Division                         int32     R
        GLAccount                        guid      PU  ->financial/GLAccounts
        GLAccountCode                    string    R
        GLAccountDescription             string    R
        GLAccountType                    int32     R
        ID                               guid      key
        IsBlocked                        bool      PU
        Modified                         datetime  R
        Modifier                         guid      R
        ModifierFullName                 string    R
        PaymentInTransitAccount          guid      PU
        PaymentServiceAccountIdentifier  string    PU
        PaymentServiceProvider           int32     PU
        PaymentServiceProviderName       string    R
        Type                             int32     PU       # 10 cash, 12 bank, 20 sales, 90 general
        """
    ),
)

# Read-only endpoint; the POST/PUT flags below are the reference's and unused. Type name not
# recorded; follows Exact's pattern `Exact.Web.Api.Models.<Entity>`.
FINANCIAL_PERIODS = EntitySpec(
    path="financial/FinancialPeriods",
    key="ID",
    type_name="Exact.Web.Api.Models.FinancialPeriod",
    legacy=True,
    properties=properties(
        """
        ID                guid      key
        Created           datetime  R
        Creator           guid      R
        CreatorFullName   string    R
        Division          int32     R
        EndDate           datetime  PU
        FinPeriod         int16     PU  # usually months 1-12
        FinYear           int16     PU  # need not equal the calendar year
        Modified          datetime  R
        Modifier          guid      R
        ModifierFullName  string    R
        StartDate         datetime  PU
        """
    ),
)

# Type names not recorded; they follow Exact's pattern `Exact.Web.Api.Models.<Entity>`.
GL_CLASSIFICATIONS = EntitySpec(
    path="financial/GLClassifications",
    key="ID",
    type_name="Exact.Web.Api.Models.GLClassification",
    bulk="bulk/Financial/GLClassifications",
    sync="sync/Financial/GLClassifications",
    deleted_type=18,
    properties=properties(
        """
        ID                            guid      key
        Abstract                      bool      R   # groups other elements only
        Balance                       string    R   # debit or credit (amount concepts)
        Code                          string    R   # unique
        Created                       datetime  R
        Creator                       guid      R
        CreatorFullName               string    R
        Description                   string    R
        Division                      int32     R
        Modified                      datetime  R
        Modifier                      guid      R
        ModifierFullName              string    R
        Name                          string    R   # unique in its namespace
        Nillable                      bool      R
        Parent                        guid      R   ->financial/GLClassifications
        PeriodType                    string    R   # instant (balance) or duration (P&L)
        SubstitutionGroup             string    R
        TaxonomyNamespace             guid      R
        TaxonomyNamespaceDescription  string    R
        Type                          guid      R
        """
    ),
)

# Exact groups rows by G/L account, reporting year and period (one row each here). Amounts:
# `AmountDebit` sums the debit lines, `AmountCredit` the credit lines as a positive number,
# `Amount` is debit minus credit (the sum of the lines' `AmountDC`), `Count` the lines.
REPORTING_BALANCE = EntitySpec(
    path="financial/ReportingBalance",
    key="ID",
    type_name="Exact.Web.Api.Models.ReportingBalance",
    properties=properties(
        """
        ID                     int64     key
        Amount                 double    R
        AmountCredit           double    R
        AmountDebit            double    R
        BalanceType            string    R   # B balance sheet, W profit & loss
        CostCenterCode         string    R
        CostCenterDescription  string    R
        CostUnitCode           string    R
        CostUnitDescription    string    R
        Count                  int32     R
        Division               int32     R
        GLAccount              guid      R   ->financial/GLAccounts
        GLAccountCode          string    R
        GLAccountDescription   string    R
        ReportingPeriod        int32     R
        ReportingYear          int32     R
        Status                 int32     R   # open and processed lines are summed together
        Type                   int32     R
        """
    ),
)

ENTITIES: tuple[EntitySpec, ...] = (
    GL_ACCOUNTS,
    JOURNALS,
    FINANCIAL_PERIODS,
    GL_CLASSIFICATIONS,
    REPORTING_BALANCE,
)
