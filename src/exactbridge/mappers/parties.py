"""Mappers for parties: customers and suppliers (`crm/Accounts`), contacts, addresses.

Input rows are plain JSON rows as Exact sends them (see `_core`). Customer and supplier are
two views of one account: each maps the shared properties plus its own role's currency,
payment condition, VAT code and credit line; a create sets the role (`Status` C for a
customer, `IsSupplier` for a supplier).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from exactbridge.exact.crm import ACCOUNTS, ADDRESSES, CONTACTS
from exactbridge.mappers._codecs import (
    CODE,
    DAY,
    FLAG,
    GUID,
    NUMBER,
    TEXT,
    Choice,
)
from exactbridge.mappers._core import (
    FieldMap,
    Method,
    ResourceMap,
    record_from_exact,
    record_to_exact,
)
from exactbridge.model.parties import (
    AccountStage,
    Address,
    AddressType,
    Contact,
    Customer,
    PartyStatus,
    Supplier,
)

__all__ = [
    "ADDRESS_MAP",
    "CONTACT_MAP",
    "CUSTOMER_MAP",
    "SUPPLIER_MAP",
    "address_from_exact",
    "address_to_exact",
    "contact_from_exact",
    "contact_to_exact",
    "customer_from_exact",
    "customer_to_exact",
    "is_customer_row",
    "is_supplier_row",
    "supplier_from_exact",
    "supplier_to_exact",
]

BLOCKED = Choice({True: PartyStatus.BLOCKED, False: PartyStatus.ACTIVE}, PartyStatus.ACTIVE)
STAGE = Choice(
    {
        "C": AccountStage.CUSTOMER,
        "P": AccountStage.PROSPECT,
        "S": AccountStage.SUSPECT,
        "A": AccountStage.NONE,
    }
)
ADDRESS_TYPE = Choice(
    {
        1: AddressType.VISIT,
        2: AddressType.POSTAL,
        3: AddressType.INVOICE,
        4: AddressType.DELIVERY,
    }
)

_PARTY_FIELDS: tuple[FieldMap, ...] = (
    FieldMap("code", "Code", CODE),
    FieldMap("name", "Name", TEXT),
    FieldMap("email", "Email", TEXT),
    FieldMap("phone", "Phone", TEXT),
    FieldMap("website", "Website", TEXT),
    FieldMap("vat_number", "VATNumber", TEXT),
    FieldMap("chamber_of_commerce", "ChamberOfCommerce", TEXT),
    FieldMap("address.line1", "AddressLine1", TEXT),
    FieldMap("address.line2", "AddressLine2", TEXT),
    FieldMap("address.line3", "AddressLine3", TEXT),
    FieldMap("address.postal_code", "Postcode", TEXT),
    FieldMap("address.city", "City", TEXT),
    FieldMap("address.state", "State", CODE),
    FieldMap("address.country", "Country", CODE),
    FieldMap("language", "Language", CODE),
    FieldMap("notes", "Remarks", TEXT),
    FieldMap("main_contact_id", "MainContact", GUID),
    FieldMap("status", "Blocked", BLOCKED),
    FieldMap("stage", "Status", STAGE),
)

CUSTOMER_MAP: ResourceMap[Customer] = ResourceMap(
    model=Customer,
    spec=ACCOUNTS,
    fields=(
        *_PARTY_FIELDS,
        FieldMap("currency", "SalesCurrency", CODE),
        FieldMap("payment_terms", "PaymentConditionSales", CODE),
        FieldMap("tax_code", "SalesVATCode", CODE),
        FieldMap("credit_limit", "CreditLineSales", NUMBER),
        FieldMap("is_supplier", "IsSupplier", FLAG),
        FieldMap("customer_since", "CustomerSince", DAY),
    ),
    required=(("name",),),
    post_defaults={"Status": "C"},
)

SUPPLIER_MAP: ResourceMap[Supplier] = ResourceMap(
    model=Supplier,
    spec=ACCOUNTS,
    fields=(
        *_PARTY_FIELDS,
        FieldMap("currency", "PurchaseCurrency", CODE),
        FieldMap("payment_terms", "PaymentConditionPurchase", CODE),
        FieldMap("tax_code", "PurchaseVATCode", CODE),
        FieldMap("credit_limit", "CreditLinePurchase", NUMBER),
        FieldMap("is_customer", "IsSales", FLAG),
    ),
    required=(("name",),),
    post_defaults={"IsSupplier": True},
)

CONTACT_MAP: ResourceMap[Contact] = ResourceMap(
    model=Contact,
    spec=CONTACTS,
    fields=(
        FieldMap("account_id", "Account", GUID),
        FieldMap("code", "Code", CODE),
        FieldMap("first_name", "FirstName", TEXT),
        FieldMap("middle_name", "MiddleName", TEXT),
        FieldMap("last_name", "LastName", TEXT),
        FieldMap("full_name", "FullName", TEXT),
        FieldMap("initials", "Initials", TEXT),
        FieldMap("title", "Title", CODE),
        FieldMap("job_title", "JobTitleDescription", TEXT),
        FieldMap("email", "Email", TEXT),
        FieldMap("business_email", "BusinessEmail", TEXT),
        FieldMap("phone", "Phone", TEXT),
        FieldMap("business_phone", "BusinessPhone", TEXT),
        FieldMap("mobile", "Mobile", TEXT),
        FieldMap("language", "Language", CODE),
        FieldMap("gender", "Gender", CODE),
        FieldMap("birth_date", "BirthDate", DAY),
        FieldMap("is_main_contact", "IsMainContact", FLAG),
        FieldMap("notes", "Notes", TEXT),
        FieldMap("start_date", "StartDate", DAY),
        FieldMap("end_date", "EndDate", DAY),
    ),
    required=(("account_id",), ("first_name", "last_name")),
)

ADDRESS_MAP: ResourceMap[Address] = ResourceMap(
    model=Address,
    spec=ADDRESSES,
    fields=(
        FieldMap("account_id", "Account", GUID),
        FieldMap("contact_id", "Contact", GUID),
        FieldMap("type", "Type", ADDRESS_TYPE),
        FieldMap("is_main", "Main", FLAG),
        FieldMap("line1", "AddressLine1", TEXT),
        FieldMap("line2", "AddressLine2", TEXT),
        FieldMap("line3", "AddressLine3", TEXT),
        FieldMap("postal_code", "Postcode", TEXT),
        FieldMap("city", "City", TEXT),
        FieldMap("state", "State", CODE),
        FieldMap("country", "Country", CODE),
        FieldMap("phone", "Phone", TEXT),
        FieldMap("fax", "Fax", TEXT),
        FieldMap("mailbox", "Mailbox", TEXT),
        FieldMap("notes", "Notes", TEXT),
    ),
    required=(("account_id",), ("type",)),
)


def is_customer_row(row: Mapping[str, Any]) -> bool:
    """True when an `crm/Accounts` row plays the customer role (`Status` C or `IsSales`)."""
    return str(row.get("Status") or "").strip() == "C" or bool(row.get("IsSales"))


def is_supplier_row(row: Mapping[str, Any]) -> bool:
    """True when an `crm/Accounts` row plays the supplier role (`IsSupplier`)."""
    return bool(row.get("IsSupplier"))


def customer_from_exact(
    row: Mapping[str, Any],
    *,
    division: int,
    remote_data: bool = False,
    custom: Sequence[FieldMap] = (),
) -> Customer:
    """A `crm/Accounts` JSON row as a `Customer`."""
    return record_from_exact(
        CUSTOMER_MAP, row, division=division, remote_data=remote_data, custom=custom
    )


def customer_to_exact(
    customer: Mapping[str, Any] | Customer, *, method: Method, custom: Sequence[FieldMap] = ()
) -> dict[str, Any]:
    """The `crm/Accounts` body creating (POST) or updating (PUT) a customer."""
    return record_to_exact(CUSTOMER_MAP, customer, method=method, custom=custom)


def supplier_from_exact(
    row: Mapping[str, Any],
    *,
    division: int,
    remote_data: bool = False,
    custom: Sequence[FieldMap] = (),
) -> Supplier:
    """A `crm/Accounts` JSON row as a `Supplier`."""
    return record_from_exact(
        SUPPLIER_MAP, row, division=division, remote_data=remote_data, custom=custom
    )


def supplier_to_exact(
    supplier: Mapping[str, Any] | Supplier, *, method: Method, custom: Sequence[FieldMap] = ()
) -> dict[str, Any]:
    """The `crm/Accounts` body creating (POST) or updating (PUT) a supplier."""
    return record_to_exact(SUPPLIER_MAP, supplier, method=method, custom=custom)


def contact_from_exact(
    row: Mapping[str, Any],
    *,
    division: int,
    remote_data: bool = False,
    custom: Sequence[FieldMap] = (),
) -> Contact:
    """A `crm/Contacts` JSON row as a `Contact`."""
    return record_from_exact(
        CONTACT_MAP, row, division=division, remote_data=remote_data, custom=custom
    )


def contact_to_exact(
    contact: Mapping[str, Any] | Contact, *, method: Method, custom: Sequence[FieldMap] = ()
) -> dict[str, Any]:
    """The `crm/Contacts` body creating (POST) or updating (PUT) a contact."""
    return record_to_exact(CONTACT_MAP, contact, method=method, custom=custom)


def address_from_exact(
    row: Mapping[str, Any],
    *,
    division: int,
    remote_data: bool = False,
    custom: Sequence[FieldMap] = (),
) -> Address:
    """A `crm/Addresses` JSON row as an `Address`."""
    return record_from_exact(
        ADDRESS_MAP, row, division=division, remote_data=remote_data, custom=custom
    )


def address_to_exact(
    address: Mapping[str, Any] | Address, *, method: Method, custom: Sequence[FieldMap] = ()
) -> dict[str, Any]:
    """The `crm/Addresses` body creating (POST) or updating (PUT) an address."""
    return record_to_exact(ADDRESS_MAP, address, method=method, custom=custom)
