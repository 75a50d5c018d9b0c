"""CRM endpoints: `crm/Accounts` (relations), `crm/Contacts` and `crm/Addresses`.

Accounts and Contacts follow real responses recorded from a French division (`GET` by key
without `$select`: 166 and 70 properties, in Exact's wire order). Which properties a POST or
PUT may carry comes from Exact's REST reference as scraped in 2022 (per-property POST/PUT
support); properties added to Exact since then carry no such flags and are kept read-only.
Padded codes are as observed: account and contact codes right-aligned in 18 characters,
countries left-aligned in 3, contact languages in 10. No full response of `crm/Addresses`
was recorded, so its properties follow the reference (alphabetical, key first). Quotations
and their actions are specified in `quotations` and served as part of `crm`.
"""

from __future__ import annotations

from exactbridge.exact import quotations
from exactbridge.exact._spec import EntitySpec, properties

__all__ = ["ACCOUNTS", "ADDRESSES", "BANK_ACCOUNTS", "CONTACTS", "ENTITIES"]

# Not in the 2022 reference, so their POST/PUT support is unknown and they are kept read-only:
# ClientGroup(+Description), CustomField, EnableSalesPaymentLink, the six Incoterm properties,
# AutomaticProcessProposedEntry, EORINumber, AddressSource, Source, PeppolIdentifier(+Type).
# InvoiceAccountCode and ResellerCode are account codes, padded like Code (inferred).
ACCOUNTS = EntitySpec(
    path="crm/Accounts",
    key="ID",
    type_name="Exact.Web.Api.Models.Account",
    methods=frozenset({"GET", "POST", "PUT", "DELETE"}),
    required=(("Name",),),
    legacy=True,
    webhook_topic="Accounts",
    bulk="bulk/CRM/Accounts",
    sync="sync/CRM/Accounts",
    deleted_type=2,
    properties=properties(
        """
        ID                                   guid      key
        Accountant                           guid      PU
        AccountManager                       guid      PU
        AccountManagerFullName               string    R
        AccountManagerHID                    int32     R
        ActivitySector                       guid      PU
        ActivitySubSector                    guid      PU
        AddressLine1                         string    PU
        AddressLine2                         string    PU
        AddressLine3                         string    PU
        BankAccounts                         nav       crm/BankAccounts:Account
        Blocked                              bool      PU
        BRIN                                 guid      R
        BSN                                  string    PU
        BusinessType                         guid      PU
        CanDropShip                          bool      PU
        ChamberOfCommerce                    string    PU
        City                                 string    PU
        Classification                       string    R
        Classification1                      guid      PU
        Classification2                      guid      PU
        Classification3                      guid      PU
        Classification4                      guid      PU
        Classification5                      guid      PU
        Classification6                      guid      PU
        Classification7                      guid      PU
        Classification8                      guid      PU
        ClassificationDescription            string    R
        ClientGroup                          guid      R        # type unverified
        ClientGroupDescription               string    R
        Code                                 string    PU  >18  # next free number if omitted
        CodeAtSupplier                       string    PU
        CompanySize                          guid      PU
        ConsolidationScenario                byte      PU
        ControlledDate                       datetime  PU
        Costcenter                           string    R
        CostcenterDescription                string    R
        CostPaid                             byte      R
        Country                              string    PU  <3
        CountryName                          string    R
        Created                              datetime  R
        Creator                              guid      R
        CreatorFullName                      string    R
        CreditLinePurchase                   double    PU
        CreditLineSales                      double    PU
        Currency                             string    R
        CustomField                          string    R        # Premium only
        CustomerSince                        datetime  R
        DatevCreditorCode                    string    PU
        DatevDebtorCode                      string    PU
        DeliveryAdvice                       byte      PU
        DiscountPurchase                     double    PU
        DiscountSales                        double    PU
        Division                             int32     R
        Document                             guid      R
        DunsNumber                           string    R
        Email                                string    PU
        EnableSalesPaymentLink               bool      R
        EndDate                              datetime  PU
        EstablishedDate                      datetime  PU
        Fax                                  string    PU
        GLAccountPurchase                    guid      PU
        GLAccountSales                       guid      PU
        GLAP                                 guid      PU
        GLAR                                 guid      PU
        GlnNumber                            string    PU
        HasWithholdingTaxSales               bool      PU
        IgnoreDatevWarningMessage            bool      PU
        IncotermAddressPurchase              string    R
        IncotermCodePurchase                 string    R
        IncotermVersionPurchase              int16     R
        IncotermAddressSales                 string    R
        IncotermCodeSales                    string    R
        IncotermVersionSales                 int16     R
        IntraStatArea                        string    PU
        IntraStatDeliveryTerm                string    PU
        IntraStatSystem                      string    PU
        IntraStatTransactionA                string    PU
        IntraStatTransactionB                string    PU
        IntraStatTransportMethod             string    PU
        InvoiceAccount                       guid      PU  ->crm/Accounts
        InvoiceAccountCode                   string    R   >18  # padded like Code
        InvoiceAccountName                   string    R
        InvoiceAttachmentType                int32     PU
        InvoicingMethod                      int32     PU
        AutomaticProcessProposedEntry        byte      R
        IsAccountant                         byte      PU
        IsAgency                             byte      PU
        IsAnonymised                         byte      R
        IsBank                               bool      R
        IsCompetitor                         byte      PU
        IsExtraDuty                          bool      PU
        IsMailing                            byte      PU
        IsMember                             bool      R
        IsPilot                              bool      PU
        IsPurchase                           bool      R
        IsReseller                           bool      PU
        IsSales                              bool      R        # true once Status is C
        IsSupplier                           bool      PU
        Language                             string    PU
        LanguageDescription                  string    R
        Latitude                             double    PU
        LeadSource                           guid      PU
        LeadPurpose                          guid      PU
        LogoFileName                         string    PU
        LogoThumbnailUrl                     string    R
        LogoUrl                              string    R
        Logo                                 binary    PU
        Longitude                            double    PU
        MainContact                          guid      PU  ->crm/Contacts
        Modified                             datetime  R
        Modifier                             guid      R
        ModifierFullName                     string    R
        Name                                 string    PU
        OINNumber                            string    PU
        Parent                               guid      PU
        PaymentConditionPurchase             string    PU
        PaymentConditionPurchaseDescription  string    R
        PaymentConditionSales                string    PU
        PaymentConditionSalesDescription     string    R
        PayAsYouEarn                         string    PU
        Phone                                string    PU
        PhoneExtension                       string    PU
        Postcode                             string    PU
        PriceList                            guid      PU
        PurchaseCurrency                     string    PU
        PurchaseCurrencyDescription          string    R
        PurchaseLeadDays                     int32     PU
        PurchaseVATCode                      string    PU
        PurchaseVATCodeDescription           string    R
        Remarks                              string    PU
        RecepientOfCommissions               bool      PU
        Reseller                             guid      PU
        ResellerCode                         string    R   >18  # padded like Code
        ResellerName                         string    R
        RSIN                                 string    PU
        SalesCurrency                        string    PU
        SalesCurrencyDescription             string    R
        SalesVATCode                         string    PU
        SalesVATCodeDescription              string    R
        SearchCode                           string    PU
        SecurityLevel                        int32     PU
        SeparateInvPerProject                byte      PU
        SeparateInvPerSubscription           byte      PU
        ShippingLeadDays                     int32     PU
        ShippingMethod                       guid      PU
        ShowRemarkForSales                   bool      PU
        StartDate                            datetime  PU
        State                                string    PU
        StateName                            string    R
        Status                               string    PU
        StatusSince                          datetime  R
        SalesTaxSchedule                     guid      PU
        SalesTaxScheduleCode                 string    R
        SalesTaxScheduleDescription          string    R
        TradeName                            string    PU
        Type                                 string    R
        UniqueTaxpayerReference              string    PU
        VATLiability                         string    PU
        VATNumber                            string    PU
        Website                              string    PU
        EORINumber                           string    R
        AddressSource                        int32     R        # type unverified
        Source                               int32     R        # observed 0
        PeppolIdentifierType                 int32     R
        PeppolIdentifier                     string    R
        """
    ),
)

# `Account` can only be set on creation. `FirstName` or `LastName` must be given.
CONTACTS = EntitySpec(
    path="crm/Contacts",
    key="ID",
    type_name="Exact.Web.Api.Models.Contact",
    methods=frozenset({"GET", "POST", "PUT", "DELETE"}),
    required=(("Account",), ("FirstName", "LastName")),
    legacy=True,
    webhook_topic="Contacts",
    bulk="bulk/CRM/Contacts",
    sync="sync/CRM/Contacts",
    deleted_type=5,
    properties=properties(
        """
        ID                         guid      key
        Account                    guid      P  ->crm/Accounts  # cannot be moved by PUT
        AccountIsCustomer          bool      R
        AccountIsSupplier          bool      R
        AccountMainContact         guid      R
        AccountName                string    R
        AddressLine2               string    R
        AddressStreet              string    R
        AddressStreetNumber        string    R
        AddressStreetNumberSuffix  string    R
        BirthDate                  datetime  PU
        BirthName                  string    PU
        BirthNamePrefix            string    PU
        BirthPlace                 string    PU
        BusinessEmail              string    PU
        BusinessFax                string    PU
        BusinessMobile             string    PU
        BusinessPhone              string    PU
        BusinessPhoneExtension     string    PU
        City                       string    R
        Code                       string    R   >18  # assigned by Exact
        Country                    string    R   <3
        Created                    datetime  R
        Creator                    guid      R
        CreatorFullName            string    R
        CustomField                string    R        # Premium only
        Division                   int32     R
        Email                      string    PU
        EndDate                    datetime  PU
        FirstName                  string    PU
        FullName                   string    R
        Gender                     string    PU
        HID                        int32     PU
        IdentificationDate         datetime  PU
        IdentificationUser         guid      PU
        IdentificationDocument     guid      PU
        Initials                   string    PU
        IsAnonymised               byte      R
        IsMailingExcluded          bool      PU
        IsMainContact              bool      R        # set through Account.MainContact
        JobTitleDescription        string    PU
        Language                   string    PU  <10
        LastName                   string    PU
        MarketingNotes             string    PU
        MiddleName                 string    PU
        Mobile                     string    PU
        Modified                   datetime  R
        Modifier                   guid      R
        ModifierFullName           string    R
        Nationality                string    PU
        Notes                      string    PU
        PartnerName                string    R
        PartnerNamePrefix          string    R
        Person                     guid      PU
        Phone                      string    PU
        PhoneExtension             string    R
        Picture                    binary    PU       # write-only; read through PictureUrl
        PictureName                string    PU
        PictureUrl                 string    R
        PictureThumbnailUrl        string    R
        Postcode                   string    R
        SocialSecurityNumber       string    PU
        StartDate                  datetime  PU
        State                      string    R
        Title                      string    PU
        TitleDescription           string    R        # not in the 2022 reference
        TitleAbbreviation          string    R        # not in the 2022 reference
        LeadPurpose                guid      PU
        LeadSource                 guid      PU
        AllowMailing               int32     R        # obsolete
        """
    ),
)

# Type name not recorded; follows Exact's pattern `Exact.Web.Api.Models.<Entity>`. Country
# is padded like Account.Country (inferred: it is the same column).
ADDRESSES = EntitySpec(
    path="crm/Addresses",
    key="ID",
    type_name="Exact.Web.Api.Models.Address",
    methods=frozenset({"GET", "POST", "PUT", "DELETE"}),
    required=(("Account",),),
    bulk="bulk/CRM/Addresses",
    sync="sync/CRM/Addresses",
    deleted_type=3,
    legacy=True,
    properties=properties(
        """
        ID                    guid      key
        Account               guid      PU  ->crm/Accounts  # owner; required in practice
        AccountIsSupplier     bool      R
        AccountName           string    R
        AddressLine1          string    PU
        AddressLine2          string    PU
        AddressLine3          string    PU
        City                  string    PU
        Contact               guid      PU
        ContactName           string    R
        Country               string    PU  <3   # padded like Account.Country (inferred)
        CountryName           string    R
        Created               datetime  R
        Creator               guid      R
        CreatorFullName       string    R
        Division              int32     R
        Fax                   string    PU
        FreeBoolField_01      bool      PU
        FreeBoolField_02      bool      PU
        FreeBoolField_03      bool      PU
        FreeBoolField_04      bool      PU
        FreeBoolField_05      bool      PU
        FreeDateField_01      datetime  PU
        FreeDateField_02      datetime  PU
        FreeDateField_03      datetime  PU
        FreeDateField_04      datetime  PU
        FreeDateField_05      datetime  PU
        FreeNumberField_01    double    PU
        FreeNumberField_02    double    PU
        FreeNumberField_03    double    PU
        FreeNumberField_04    double    PU
        FreeNumberField_05    double    PU
        FreeTextField_01      string    PU
        FreeTextField_02      string    PU
        FreeTextField_03      string    PU
        FreeTextField_04      string    PU
        FreeTextField_05      string    PU
        Mailbox               string    PU
        Main                  bool      PU
        Modified              datetime  R
        Modifier              guid      R
        ModifierFullName      string    R
        NicNumber             string    PU
        Notes                 string    PU
        Phone                 string    PU
        PhoneExtension        string    PU
        Postcode              string    PU
        State                 string    PU
        StateDescription      string    R
        Type                  int16     PU       # 1 visit, 2 postal, 3 invoice, 4 delivery
        Warehouse             guid      PU       # delivery addresses only; then Account is empty
        WarehouseCode         string    R
        WarehouseDescription  string    R
        """
    ),
)

# Bank accounts of relations (the `Account.BankAccounts` navigation). Properties from the
# REST reference (alphabetical, key first); no full response was recorded.
BANK_ACCOUNTS = EntitySpec(
    path="crm/BankAccounts",
    key="ID",
    type_name="Exact.Web.Api.Models.BankAccount",
    methods=frozenset({"GET", "POST", "PUT", "DELETE"}),
    required=(("Account",), ("BankAccount",)),
    legacy=True,
    properties=properties(
        """
        ID                      guid      key
        Account                 guid      PU  ->crm/Accounts
        AccountName             string    R
        Bank                    guid      PU
        BankAccount             string    PU
        BankAccountHolderName   string    PU
        BankDescription         string    R
        BankName                string    R
        BICCode                 string    PU
        Created                 datetime  R
        Creator                 guid      R
        CreatorFullName         string    R
        Description             string    PU
        Division                int32     R
        Format                  string    PU
        IBAN                    string    PU
        Main                    bool      PU
        Modified                datetime  R
        Modifier                guid      R
        ModifierFullName        string    R
        PaymentServiceAccount   guid      PU
        Type                    string    PU
        TypeDescription         string    R
        """
    ),
)

ENTITIES: tuple[EntitySpec, ...] = (
    ACCOUNTS,
    CONTACTS,
    ADDRESSES,
    BANK_ACCOUNTS,
    *quotations.ENTITIES,  # crm/Quotations, crm/QuotationLines and their actions
)
