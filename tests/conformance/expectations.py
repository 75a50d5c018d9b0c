"""What real Exact Online answered, as data: one scenario per recording.

Written from request/response pairs recorded against a live French division (mid-2026);
the recordings themselves are not part of this repository. For every call a scenario keeps
the method, the path template, the query options, the body (with the French division's keys
replaced by placeholders the test fills from seeded data), the status, the envelope and the
shape of each row: field names in wire order with the JSON type each one had.

Field tokens are `Name:type`:

- `g` a lower-case GUID string, `d` a `/Date(ms)/` string, `s` any other string,
- `s>N` a code right-aligned in N characters, `s<N` a code left-aligned in N characters,
- `n` a number (int or float), `b` a boolean,
- `nav` a navigation property (`{"__deferred": …}`, or `{"results": […]}` when expanded),
- `-` null in every recorded row (any scalar is accepted),
- a trailing `?` marks a type seen together with null.

Envelopes: `results` (`{"d": {"results": […]}}`), `array` (`{"d": […]}`), `entity`
(`{"d": {…}}`) and `empty` (no body). POSTs expect 201: the recordings show 200 because they
passed through a proxy that rewrote it; Exact itself answers 201 Created.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

NEXT = "NEXT"
"""The path of a call that follows the previous answer's `__next` link."""

Envelope = Literal["results", "array", "entity", "empty"]


@dataclass(frozen=True, slots=True)
class Shape:
    """The rows of one entity type: `__metadata.type`, canonical path, typed field tokens."""

    type_name: str
    path: str
    fields: str

    def only(self, fields: str) -> Shape:
        """The same entity narrowed by `$select` (Exact keeps its own order, not the select's)."""
        return replace(self, fields=fields)

    @property
    def tokens(self) -> list[tuple[str, str]]:
        """`(name, type)` pairs in wire order."""
        return [(name, kind) for name, _, kind in (t.partition(":") for t in self.fields.split())]


@dataclass(frozen=True, slots=True)
class Call:
    """One recorded request and what its answer looked like.

    Attributes:
        method: HTTP method.
        path: path after `/api/v1/`, with `{division}` and key placeholders, or `NEXT`.
        query: query options as recorded, `$name=value&…` (unencoded).
        body: JSON body (placeholders inside strings are filled in).
        status: expected status.
        envelope: expected JSON envelope.
        shape: expected rows (None for bodiless answers).
        next: `__next` expected, with a `$skiptoken` of `guid` or `datetime,guid` literals.
        non_null: for POST answers without `Prefer: return=representation`: the only
            properties that were not null.
        expand: expanded navigation properties and the shape of their rows.
    """

    method: str
    path: str
    query: str = ""
    body: Any = None
    status: int = 200
    envelope: Envelope = "results"
    shape: Shape | None = None
    next: Literal["guid", "datetime,guid"] | None = None
    non_null: str | None = None
    expand: Mapping[str, Shape] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Scenario:
    """The calls of one recording, in the order they were made.

    Attributes:
        name: the recording.
        calls: its calls (a create's GET of the new record after the POST).
        min_rows: endpoints that held at least this many rows in the recorded division;
            the test tops the seeded data up so that pages overflow as they did.
    """

    name: str
    calls: tuple[Call, ...]
    min_rows: Mapping[str, int] = field(default_factory=dict)


ME = Shape(
    "Exact.Web.Api.Models.System.Me",
    "current/Me",
    """
CurrentDivision:n DivisionCustomer:g DivisionCustomerCode:s>18 DivisionCustomerName:s
DivisionCustomerVatNumber:- DivisionCustomerSiretNumber:s DossierDivision:- AccountingDivision:n
IsEmployeeSelfServiceUser:b IsMyFirmLiteUser:b IsStarterUser:b IsMyFirmPortalUser:b
IsClientUser:b FullName:s PictureUrl:s ThumbnailPicture:- ThumbnailPictureFormat:- UserID:g
UserName:s LanguageCode:s Legislation:s Email:s Title:s Initials:- FirstName:s MiddleName:-
LastName:s Gender:s Nationality:- Language:s Phone:s PhoneExtension:- Mobile:- ServerTime:s
ServerUtcOffset:n EmployeeID:g CustomerCode:s>18 PackageCode:s IsOEIMigrationMandatory:b
""",
)
DIVISION = Shape(
    "Exact.Web.Api.Models.System.Division",
    "system/Divisions",
    """
AddressLine1:- AddressLine2:- AddressLine3:- BlockingStatus:n BusinessTypeCode:-
BusinessTypeDescription:- Code:n ChamberOfCommerceNumber:- ChamberOfCommerceEstablishment:-
City:- CompanySizeCode:- CompanySizeDescription:- Country:s<3 Created:d Creator:g
CreatorFullName:s Currency:s Current:b Customer:g CustomerCode:s>18 CustomerName:s
DatevAccountantNumber:- DatevClientNumber:- Description:s DivisionMoveDate:-
DivisionHRLinkUnlinkDate:- Email:s Fax:- Hid:s IsDossierDivision:b IsPracticeDivision:b
IsHRDivision:b IsMainDivision:b Legislation:s<3 Modified:d Modifier:g ModifierFullName:s
OBNumber:- Postcode:- Phone:s SbiCode:- SbiDescription:- SectorCode:- SectorDescription:-
ShareCapital:- SiretNumber:s StartDate:d State:- Status:n SubsectorCode:- SubsectorDescription:-
TaxOfficeNumber:- TaxReferenceNumber:- TemplateCode:s VATNumber:- Website:- ArchiveDate:-
Class_01:- Class_02:- Class_03:- Class_04:- Class_05:-
""",
)
ACCOUNT = Shape(
    "Exact.Web.Api.Models.Account",
    "crm/Accounts",
    """
ID:g Accountant:- AccountManager:- AccountManagerFullName:- AccountManagerHID:- ActivitySector:-
ActivitySubSector:- AddressLine1:- AddressLine2:- AddressLine3:- BankAccounts:nav Blocked:b
BRIN:- BSN:- BusinessType:- CanDropShip:b ChamberOfCommerce:- City:s? Classification:-
Classification1:- Classification2:- Classification3:- Classification4:- Classification5:-
Classification6:- Classification7:- Classification8:- ClassificationDescription:- ClientGroup:-
ClientGroupDescription:- Code:s>18 CodeAtSupplier:- CompanySize:- ConsolidationScenario:n
ControlledDate:- Costcenter:- CostcenterDescription:- CostPaid:n Country:s<3 CountryName:s
Created:d Creator:g CreatorFullName:s CreditLinePurchase:n CreditLineSales:n Currency:-
CustomField:- CustomerSince:d DatevCreditorCode:- DatevDebtorCode:- DeliveryAdvice:-
DiscountPurchase:n DiscountSales:n Division:n Document:- DunsNumber:- Email:s?
EnableSalesPaymentLink:- EndDate:- EstablishedDate:- Fax:- GLAccountPurchase:- GLAccountSales:-
GLAP:- GLAR:- GlnNumber:s HasWithholdingTaxSales:- IgnoreDatevWarningMessage:b
IncotermAddressPurchase:- IncotermCodePurchase:- IncotermVersionPurchase:-
IncotermAddressSales:- IncotermCodeSales:- IncotermVersionSales:- IntraStatArea:-
IntraStatDeliveryTerm:- IntraStatSystem:- IntraStatTransactionA:- IntraStatTransactionB:-
IntraStatTransportMethod:- InvoiceAccount:- InvoiceAccountCode:- InvoiceAccountName:-
InvoiceAttachmentType:n InvoicingMethod:n AutomaticProcessProposedEntry:n IsAccountant:n
IsAgency:n IsAnonymised:n IsBank:b IsCompetitor:n IsExtraDuty:- IsMailing:n IsMember:b IsPilot:b
IsPurchase:b IsReseller:b IsSales:b IsSupplier:b Language:- LanguageDescription:- Latitude:-
LeadSource:- LeadPurpose:- LogoFileName:- LogoThumbnailUrl:s LogoUrl:s Logo:- Longitude:-
MainContact:- Modified:d Modifier:g ModifierFullName:s Name:s OINNumber:s Parent:-
PaymentConditionPurchase:- PaymentConditionPurchaseDescription:- PaymentConditionSales:-
PaymentConditionSalesDescription:- PayAsYouEarn:- Phone:s? PhoneExtension:- Postcode:-
PriceList:- PurchaseCurrency:s PurchaseCurrencyDescription:s PurchaseLeadDays:n
PurchaseVATCode:- PurchaseVATCodeDescription:- Remarks:- RecepientOfCommissions:b Reseller:-
ResellerCode:- ResellerName:- RSIN:- SalesCurrency:s SalesCurrencyDescription:s SalesVATCode:-
SalesVATCodeDescription:- SearchCode:- SecurityLevel:n SeparateInvPerProject:n
SeparateInvPerSubscription:n ShippingLeadDays:n ShippingMethod:- ShowRemarkForSales:-
StartDate:d State:- StateName:- Status:s StatusSince:d SalesTaxSchedule:- SalesTaxScheduleCode:-
SalesTaxScheduleDescription:- TradeName:- Type:s UniqueTaxpayerReference:- VATLiability:-
VATNumber:- Website:- EORINumber:- AddressSource:- Source:n PeppolIdentifierType:-
PeppolIdentifier:-
""",
)
CONTACT = Shape(
    "Exact.Web.Api.Models.Contact",
    "crm/Contacts",
    """
ID:g Account:g AccountIsCustomer:b AccountIsSupplier:b AccountMainContact:g AccountName:s
AddressLine2:- AddressStreet:- AddressStreetNumber:- AddressStreetNumberSuffix:- BirthDate:-
BirthName:s BirthNamePrefix:- BirthPlace:- BusinessEmail:s BusinessFax:- BusinessMobile:-
BusinessPhone:- BusinessPhoneExtension:- City:- Code:s>18 Country:s<3 Created:d Creator:g
CreatorFullName:s CustomField:- Division:n Email:s EndDate:- FirstName:s FullName:s Gender:s
HID:n IdentificationDate:- IdentificationUser:- IdentificationDocument:- Initials:-
IsAnonymised:n IsMailingExcluded:b IsMainContact:b JobTitleDescription:- Language:s<10
LastName:s MarketingNotes:- MiddleName:- Mobile:- Modified:d Modifier:g ModifierFullName:s
Nationality:- Notes:- PartnerName:- PartnerNamePrefix:- Person:g Phone:- PhoneExtension:-
Picture:- PictureName:- PictureUrl:s PictureThumbnailUrl:s Postcode:- SocialSecurityNumber:-
StartDate:d State:- Title:- TitleDescription:- TitleAbbreviation:- LeadPurpose:- LeadSource:-
AllowMailing:-
""",
)
JOURNAL = Shape(
    "Exact.Web.Api.Models.Journal",
    "financial/Journals",
    """
AllowVariableCurrency:b AllowVariableExchangeRate:b AllowVAT:b AutoSave:b Bank:g?
BankAccountBICCode:- BankAccountCountry:s<3? BankAccountDescription:s? BankAccountIBAN:s?
BankAccountID:g? BankAccountIncludingMask:s? BankAccountUseSEPA:b?
BankAccountUseSepaDirectDebit:b? BankName:s? Code:s Created:d Creator:g CreatorFullName:-
Currency:s CurrencyDescription:s CustomField:- Description:s Division:n GLAccount:g?
GLAccountCode:s? GLAccountDescription:s? GLAccountType:n? ID:g IsBlocked:b Modified:d Modifier:g
ModifierFullName:- PaymentInTransitAccount:g? PaymentServiceAccountIdentifier:-
PaymentServiceProvider:n PaymentServiceProviderName:- Type:n
""",
)
VAT_CODE = Shape(
    "Exact.Web.Api.Models.VATCode",
    "vat/VATCodes",
    """
Account:g? AccountCode:s>18? AccountName:s? CalculationBasis:n Charged:b Code:s<3 Country:-
Created:d Creator:g CreatorFullName:- Description:s Division:n EUSalesListing:s
ExcludeVATListing:n GLDiscountPurchase:- GLDiscountPurchaseCode:-
GLDiscountPurchaseDescription:- GLDiscountSales:- GLDiscountSalesCode:-
GLDiscountSalesDescription:- GLToClaim:g? GLToClaimCode:s? GLToClaimDescription:s? GLToPay:g?
GLToPayCode:s? GLToPayDescription:s? ID:g IntraStat:b IntrastatType:s IsBlocked:b LegalText:-
Modified:d Modifier:g ModifierFullName:- OssCountry:- Percentage:n TaxReturnType:- Type:s
VatDocType:s VatMargin:n VATPartialRatio:- VATPercentages:nav VATTransactionType:s CustomField:-
""",
)
ITEM = Shape(
    "Exact.Web.Api.Models.Item",
    "logistics/Items",
    """
IsSerialNumberItem:- IsBatchNumberItem:n ID:g StandardSalesPrice:n Class_01:- Class_02:-
Class_03:- Class_04:- Class_05:- Class_06:- Class_07:- Class_08:- Class_09:- Class_10:- Code:s
CopyRemarks:n CostPriceCurrency:s CostPriceNew:- CostPriceStandard:n AverageCost:- Barcode:-
Created:d CreatorFullName:s? Creator:g CustomField:- Description:s Division:n EndDate:-
ExtraDescription:s? FreeBoolField_01:b FreeBoolField_02:b FreeBoolField_03:b FreeBoolField_04:b
FreeBoolField_05:b FreeDateField_01:- FreeDateField_02:- FreeDateField_03:- FreeDateField_04:-
FreeDateField_05:- FreeNumberField_01:- FreeNumberField_02:- FreeNumberField_03:-
FreeNumberField_04:- FreeNumberField_05:- FreeNumberField_06:- FreeNumberField_07:-
FreeNumberField_08:- FreeTextField_01:- FreeTextField_02:- FreeTextField_03:- FreeTextField_04:-
FreeTextField_05:- FreeTextField_06:- FreeTextField_07:- FreeTextField_08:- FreeTextField_09:-
FreeTextField_10:- GLCostsCode:- GLCostsDescription:- GLCosts:- GLCostsWorkInProgress:-
GLCostsWorkInProgressCode:- GLCostsWorkInProgressDescription:- GLRevenueCode:-
GLRevenueDescription:- GLRevenue:- GLRevenueWorkInProgress:- GLRevenueWorkInProgressCode:-
GLRevenueWorkInProgressDescription:- GLStockCode:- GLStockDescription:- GLStock:- IsBatchItem:n
IsFractionAllowedItem:b IsMakeItem:n IsNewContract:n IsOnDemandItem:n IsPackageItem:b
IsPurchaseItem:b IsRegistrationCodeItem:n IsSalesItem:b IsSerialItem:b IsStockItem:b
IsSubcontractedItem:b IsTaxableItem:- IsTime:n IsWebshopItem:n ItemGroupCode:s
ItemGroupDescription:s ItemGroup:g Modified:d ModifierFullName:s Modifier:g GrossWeight:-
NetWeight:- NetWeightUnit:- Notes:- Picture:- PictureName:- PictureUrl:s PictureThumbnailUrl:s
SalesVatCodeDescription:- SalesVatCode:- SearchCode:- SecurityLevel:n StartDate:d
StatisticalCode:- StatisticalNetWeight:- StatisticalUnits:n StatisticalValue:- Stock:n Unit:s<8
UnitDescription:s UnitType:s AssembledLeadDays:- BatchQuantity:- UseExplosion:-
""",
)
SALES_INVOICE = Shape(
    "Exact.Web.Api.Models.SalesInvoice",
    "salesinvoice/SalesInvoices",
    """
AmountFC:n AmountDiscount:n AmountDC:n AmountDiscountExclVat:n AmountFCExclVat:n Created:d
Creator:g CreatorFullName:s Currency:s DeliverTo:g DeliverToContactPerson:g?
DeliverToContactPersonFullName:s? DeliverToAddress:g DeliverToName:s Description:s? Discount:n
DiscountType:n Division:n Document:- DocumentNumber:- DocumentSubject:- DueDate:d
ExtraDutyAmountFC:- GAccountAmountFC:- IncotermAddress:- IncotermCode:- IncotermVersion:-
InvoiceDate:d InvoiceID:g InvoiceStatusInformation:- InvoiceTo:g InvoiceToContactPerson:g?
InvoiceToContactPersonFullName:s? InvoiceToName:s InvoiceNumber:n? IsExtraDuty:- Journal:s
JournalDescription:s Modified:d Modifier:g ModifierFullName:s OrderDate:d OrderedBy:g
OrderedByContactPerson:g? OrderedByContactPersonFullName:s? OrderedByName:s OrderNumber:n
PaymentCondition:s PaymentConditionDescription:s PaymentReference:- Remarks:- SalesChannel:-
SalesChannelCode:- SalesChannelDescription:- Salesperson:g SalespersonFullName:s SelectionCode:-
SelectionCodeCode:- SelectionCodeDescription:- ShippingMethod:- ShippingMethodCode:-
ShippingMethodDescription:- Status:n StatusDescription:s TaxSchedule:- TaxScheduleCode:-
TaxScheduleDescription:- Type:n TypeDescription:s VATAmountFC:n? VATAmountDC:n? YourRef:s?
SalesInvoiceLines:nav SalesInvoiceOrderChargeLines:nav StarterSalesInvoiceStatus:n?
StarterSalesInvoiceStatusDescription:s? WithholdingTaxAmountFC:- WithholdingTaxBaseAmount:-
WithholdingTaxPercentage:- Warehouse:g?
""",
)
SALES_INVOICE_LINE = Shape(
    "Exact.Web.Api.Models.SalesInvoiceLine",
    "salesinvoice/SalesInvoiceLines",
    """
AmountDC:n AmountFC:n CostCenter:- CostCenterDescription:- CostUnit:- CostUnitDescription:-
CustomerItemCode:- DeliveryDate:- Description:s Discount:n Division:n Employee:-
EmployeeFullName:- EndTime:- ExtraDutyAmountFC:- ExtraDutyPercentage:- GLAccount:g
GLAccountDescription:s ID:g InvoiceID:g Item:g ItemDescription:s ItemCode:s LineNumber:n
NetPrice:n Notes:- Pricelist:- PricelistDescription:- Project:- ProjectDescription:-
ProjectWBS:- ProjectWBSDescription:- Quantity:n SalesOrder:- SalesOrderLine:-
SalesOrderLineNumber:- SalesOrderNumber:- StartTime:- Subscription:- SubscriptionDescription:-
UnitCode:s UnitDescription:s UnitPrice:n TaxSchedule:- TaxScheduleCode:-
TaxScheduleDescription:- VATAmountFC:n VATAmountDC:n VATCode:- VATCodeDescription:-
VATPercentage:- CustomField:-
""",
)

GL_ACCOUNT = Shape(
    "Exact.Web.Api.Models.GLAccount", "financial/GLAccounts", "ID:g Code:s Description:s Modified:d"
)
ITEM_GROUP = Shape(
    "Exact.Web.Api.Models.ItemGroup", "logistics/ItemGroups", "Code:s Description:s ID:g Modified:d"
)

ME_CALL = Call("GET", "current/Me", shape=ME)
ME_DIVISION_CALL = Call(
    "GET", "current/Me", "$select=CurrentDivision", shape=ME.only("CurrentDivision:n")
)

ACCOUNT_PATH = "{division}/crm/Accounts"
CONTACT_PATH = "{division}/crm/Contacts"
ITEM_PATH = "{division}/logistics/Items"
INVOICE_PATH = "{division}/salesinvoice/SalesInvoices"
INVOICE_SELECT = (
    "$orderby=Modified asc&$select=InvoiceID,InvoiceNumber,OrderedBy,AmountDC,Status,Modified"
)
INVOICE_ROWS = SALES_INVOICE.only(
    "AmountDC:n InvoiceID:g InvoiceNumber:n? Modified:d OrderedBy:g Status:n"
)
CONTACT_SELECT = "$select=ID,Account,FullName,FirstName,LastName,Email,Phone,Modified"
CONTACT_ROWS = CONTACT.only(
    "ID:g Account:g Email:s FirstName:s FullName:s LastName:s Modified:d Phone:-"
)
ITEM_ROWS = "ID:g Code:s Description:s IsPurchaseItem:b IsSalesItem:b ItemGroup:g Modified:d"

# fmt: off
SCENARIOS: tuple[Scenario, ...] = (
    Scenario("get-current-user", (ME_CALL,)),
    Scenario("divisions", (
        ME_CALL,
        Call("GET", "{division}/system/Divisions", "$skip=0&$top=100", shape=DIVISION),
    )),
    Scenario("list-divisions", (
        ME_CALL,
        Call("GET", "{division}/system/Divisions", shape=DIVISION),
    )),
    Scenario("list-accounts", (
        ME_CALL,
        Call("GET", ACCOUNT_PATH,
             "$orderby=Modified asc&$select=ID,Name,Code,Status,IsSales,IsPurchase,AddressLine1,"
             "City,Country,Email,Phone,Modified&$top=1000",
             shape=ACCOUNT.only("ID:g AddressLine1:- City:- Code:s>18 Country:s<3 Email:s? "
                                "IsPurchase:b IsSales:b Modified:d Name:s Phone:- Status:s")),
    )),
    Scenario("customers", (
        ME_CALL,
        Call("GET", ACCOUNT_PATH,
             "$orderby=Modified asc&$select=ID,Name,Email,Phone,Status,IsSales,IsPurchase,"
             "IsSupplier,Modified&$skip=0&$top=100",
             shape=ACCOUNT.only("ID:g Email:s? IsPurchase:b IsSales:b IsSupplier:b Modified:d "
                                "Name:s Phone:s? Status:s")),
    )),
    Scenario("get-account", (
        ME_CALL,
        Call("GET", ACCOUNT_PATH + "(guid'{account}')", envelope="entity", shape=ACCOUNT),
    )),
    Scenario("create-customer", (
        ME_CALL,
        Call("POST", ACCOUNT_PATH,
             body={"Name": "Test Customer Dryrun", "Status": "C", "IsSales": True,
                   "IsPurchase": False, "Email": "test@example.com", "Phone": "+33123456789",
                   "City": "Paris", "Country": "FR"},
             status=201, envelope="entity", shape=ACCOUNT,
             non_null="ID BankAccounts CostPaid IgnoreDatevWarningMessage IsAccountant IsAgency "
                      "IsAnonymised IsCompetitor IsMailing SeparateInvPerProject "
                      "SeparateInvPerSubscription"),
        Call("GET", ACCOUNT_PATH + "(guid'{created}')", envelope="entity", shape=ACCOUNT),
    )),
    Scenario("update-customer", (
        ME_CALL,
        Call("GET", ACCOUNT_PATH + "(guid'{account}')", envelope="entity", shape=ACCOUNT),
        Call("PUT", ACCOUNT_PATH + "(guid'{account}')", body={"Name": "Foobar2 Updated"},
             status=204, envelope="empty"),
    )),
    Scenario("delete-customer", (
        ME_DIVISION_CALL,
        Call("DELETE", ACCOUNT_PATH + "(guid'{spare_account}')", status=204, envelope="empty"),
    )),
    Scenario("contacts", (
        ME_CALL,
        Call("GET", CONTACT_PATH, "$orderby=Modified asc&" + CONTACT_SELECT + "&$skip=0&$top=100",
             shape=CONTACT_ROWS),
    )),
    Scenario("list-contacts", (
        ME_DIVISION_CALL,
        Call("GET", CONTACT_PATH, CONTACT_SELECT + "&$top=60", envelope="array",
             shape=CONTACT_ROWS),
    )),
    Scenario("get-contact", (
        ME_DIVISION_CALL,
        Call("GET", CONTACT_PATH + "(guid'{contact}')", envelope="entity", shape=CONTACT),
    )),
    Scenario("create-contact", (
        ME_CALL,
        Call("POST", CONTACT_PATH,
             body={"Account": "{account}", "FirstName": "Alice", "LastName": "Test",
                   "Email": "alice.test@example.com"},
             status=201, envelope="entity", shape=CONTACT,
             non_null="ID AccountIsCustomer IsAnonymised"),
        Call("GET", CONTACT_PATH + "(guid'{created}')", envelope="entity", shape=CONTACT),
    )),
    Scenario("update-contact", (
        ME_CALL,
        Call("GET", CONTACT_PATH + "(guid'{contact}')", envelope="entity", shape=CONTACT),
        Call("PUT", CONTACT_PATH + "(guid'{contact}')", body={"FirstName": "Updated"},
             status=204, envelope="empty"),
    )),
    Scenario("delete-contact", (
        ME_DIVISION_CALL,
        Call("DELETE", CONTACT_PATH + "(guid'{spare_contact}')", status=204, envelope="empty"),
    )),
    Scenario("gl-accounts", (
        ME_CALL,
        Call("GET", "{division}/financial/GLAccounts",
             "$orderby=Modified asc&$select=ID,Code,Description,Modified&$top=100",
             shape=GL_ACCOUNT, next="datetime,guid"),
        Call("GET", NEXT, shape=GL_ACCOUNT),
    ), min_rows={"financial/GLAccounts": 100}),
    Scenario("list-gl-accounts", (
        ME_CALL,
        Call("GET", "{division}/financial/GLAccounts",
             "$select=ID,Code,Description,Modified&$skip=0&$top=100",
             shape=GL_ACCOUNT, next="guid"),
    ), min_rows={"financial/GLAccounts": 100}),
    Scenario("journals", (
        ME_CALL,
        Call("GET", "{division}/financial/Journals", "$skip=0&$top=100", shape=JOURNAL),
    )),
    Scenario("list-journals", (
        ME_DIVISION_CALL,
        Call("GET", "{division}/financial/Journals",
             "$orderby=Modified asc&$select=ID,Code,Description,Modified&$top=100",
             shape=JOURNAL.only("Code:s Description:s ID:g Modified:d")),
    )),
    Scenario("vat-codes", (
        ME_CALL,
        Call("GET", "{division}/vat/VATCodes", "$top=100", shape=VAT_CODE),
    )),
    Scenario("list-vat-codes", (
        ME_CALL,
        Call("GET", "{division}/vat/VATCodes", "$orderby=Modified asc&$skip=0&$top=50",
             envelope="array", shape=VAT_CODE),
    )),
    Scenario("items", (
        ME_CALL,
        Call("GET", ITEM_PATH,
             "$orderby=Modified asc&$select=ID,Code,Description,ItemGroup,IsSalesItem,"
             "IsPurchaseItem,CostPriceStandard,Modified&$skip=0&$top=100",
             shape=ITEM.only("ID:g Code:s CostPriceStandard:n Description:s IsPurchaseItem:b "
                             "IsSalesItem:b ItemGroup:g Modified:d")),
    )),
    Scenario("list-items", (
        ME_CALL,
        Call("GET", ITEM_PATH,
             "$orderby=Modified asc&$select=ID,Code,Description,ItemGroup,IsSalesItem,"
             "IsPurchaseItem,Modified&$skip=0&$top=50",
             envelope="array", shape=ITEM.only(ITEM_ROWS)),
    )),
    Scenario("create-item", (
        ME_DIVISION_CALL,
        Call("POST", ITEM_PATH,
             body={"Code": "TEST-ITEM-20250625B", "Description": "Test item created via Nango",
                   "ItemGroup": "{item_group}", "IsSalesItem": True, "CostPriceStandard": 15.5},
             status=201, envelope="entity", shape=ITEM,
             non_null="IsBatchNumberItem ID CopyRemarks IsBatchItem IsMakeItem IsNewContract "
                      "IsOnDemandItem IsRegistrationCodeItem IsTime IsWebshopItem"),
        Call("GET", ITEM_PATH + "(guid'{created}')", envelope="entity", shape=ITEM),
    )),
    Scenario("update-item", (
        ME_CALL,
        Call("GET", ITEM_PATH + "(guid'{item}')", envelope="entity", shape=ITEM),
        Call("PUT", ITEM_PATH + "(guid'{item}')",
             body={"ExtraDescription": "Test update via Nango"}, status=204, envelope="empty"),
    )),
    Scenario("delete-item", (
        ME_CALL,
        Call("DELETE", ITEM_PATH + "(guid'{spare_item}')", status=204, envelope="empty"),
    )),
    Scenario("item-groups", (
        ME_CALL,
        Call("GET", "{division}/logistics/ItemGroups",
             "$orderby=ID asc&$select=ID,Code,Description,Modified&$skip=0&$top=100",
             shape=ITEM_GROUP),
    )),
    Scenario("list-item-groups", (
        ME_CALL,
        Call("GET", "{division}/logistics/ItemGroups",
             "$orderby=Modified asc&$select=ID,Code,Description,Modified&$skip=0&$top=100",
             shape=ITEM_GROUP),
    )),
    Scenario("sales-invoices", (  # $top=60 still answers `results` here (unlike Contacts)
        ME_DIVISION_CALL,
        Call("GET", INVOICE_PATH, INVOICE_SELECT + "&$skip=0&$top=60", shape=INVOICE_ROWS),
    )),
    Scenario("list-sales-invoices", (
        ME_CALL,
        Call("GET", INVOICE_PATH, INVOICE_SELECT + "&$skip=0&$top=100", shape=INVOICE_ROWS),
    )),
    Scenario("get-sales-invoice", (
        ME_CALL,
        Call("GET", INVOICE_PATH + "(guid'{invoice}')", envelope="entity", shape=SALES_INVOICE),
    )),
    Scenario("create-invoice", (
        ME_CALL,
        Call("POST", INVOICE_PATH,
             body={"OrderedBy": "{account}", "Status": 20, "Journal": "{sales_journal}",
                   "Type": 8023, "SalesInvoiceLines": [{"Quantity": 1, "NetPrice": 1,
                                                        "Item": "{item}"}],
                   "InvoiceDate": "2024-08-12", "OrderDate": "2024-08-12"},
             status=201, envelope="entity", shape=SALES_INVOICE),
        Call("GET", INVOICE_PATH + "(guid'{created}')", "$expand=SalesInvoiceLines",
             envelope="entity", shape=SALES_INVOICE,
             expand={"SalesInvoiceLines": SALES_INVOICE_LINE}),
    )),
    Scenario("update-invoice", (
        ME_CALL,
        Call("GET", INVOICE_PATH + "(guid'{invoice}')", envelope="entity", shape=SALES_INVOICE),
        Call("PUT", INVOICE_PATH + "(guid'{invoice}')",
             body={"InvoiceID": "{invoice}", "Description": "Updated via Nango action"},
             status=204, envelope="empty"),
    )),
)
# fmt: on
