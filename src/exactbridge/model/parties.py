"""Parties: customers and suppliers (both `crm/Accounts`, by role), contacts, addresses.

Exact keeps one `crm/Accounts` table for every relation; its role shows in `Status` (`C` is a
customer; `P` prospect, `S` suspect, `A` none) and `IsSupplier`. Like Apideck and Codat we
offer two views, `Customer` and `Supplier`, each with the role's own currency, payment terms,
VAT code and credit line; `is_supplier` / `is_customer` tell when an account plays both.
Exact's persons (`crm/Contacts`) are `Contact`; its extra addresses (`crm/Addresses`) are
`Address`, typed visit / postal / invoice / delivery.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field

from exactbridge.model._base import CurrencyCode, Money, UnifiedModel, UnifiedRecord

__all__ = [
    "AccountStage",
    "Address",
    "AddressType",
    "Contact",
    "Customer",
    "PartyStatus",
    "PostalAddress",
    "Supplier",
]


class PartyStatus(StrEnum):
    """Whether Exact lets the relation be used (`Blocked`)."""

    ACTIVE = "active"
    BLOCKED = "blocked"


class AccountStage(StrEnum):
    """Exact's relation stage (`Status`: C, P, S, A)."""

    CUSTOMER = "customer"
    PROSPECT = "prospect"
    SUSPECT = "suspect"
    NONE = "none"


class AddressType(StrEnum):
    """Exact's address `Type`: 1 visit, 2 postal, 3 invoice, 4 delivery."""

    VISIT = "visit"
    POSTAL = "postal"
    INVOICE = "invoice"
    DELIVERY = "delivery"


class PostalAddress(UnifiedModel):
    """The address carried on the account itself (its main visiting address)."""

    line1: str | None = Field(default=None, description="Exact `AddressLine1`.")
    line2: str | None = Field(default=None, description="Exact `AddressLine2`.")
    line3: str | None = Field(default=None, description="Exact `AddressLine3`.")
    postal_code: str | None = Field(default=None, description="Exact `Postcode`.")
    city: str | None = Field(default=None, description="Exact `City`.")
    state: str | None = Field(default=None, description="Exact `State` (code).")
    country: str | None = Field(
        default=None, description="Exact `Country`, ISO 3166 alpha-2, padding trimmed."
    )


class _Party(UnifiedRecord):
    """Fields shared by the customer and supplier views of `crm/Accounts`."""

    code: str | None = Field(default=None, description="Exact `Code`, padding trimmed.")
    name: str = Field(description="Exact `Name`.")
    email: str | None = Field(default=None, description="Exact `Email`.")
    phone: str | None = Field(default=None, description="Exact `Phone`.")
    website: str | None = Field(default=None, description="Exact `Website`.")
    vat_number: str | None = Field(default=None, description="Exact `VATNumber`.")
    chamber_of_commerce: str | None = Field(
        default=None, description="Exact `ChamberOfCommerce` (company registration number)."
    )
    address: PostalAddress = Field(
        default_factory=PostalAddress, description="Exact `AddressLine1..3`, `Postcode`, ..."
    )
    language: str | None = Field(default=None, description="Exact `Language` code.")
    notes: str | None = Field(default=None, description="Exact `Remarks`.")
    main_contact_id: str | None = Field(default=None, description="Exact `MainContact` GUID.")
    status: PartyStatus = Field(
        default=PartyStatus.ACTIVE, description="Exact `Blocked`: blocked or active."
    )
    stage: AccountStage | None = Field(
        default=None, description="Exact `Status` (C customer, P prospect, S suspect, A none)."
    )


class Customer(_Party):
    """A relation in its customer role (`crm/Accounts` with `Status` C)."""

    currency: CurrencyCode | None = Field(default=None, description="Exact `SalesCurrency`.")
    payment_terms: str | None = Field(
        default=None, description="Exact `PaymentConditionSales` (payment condition code)."
    )
    tax_code: str | None = Field(default=None, description="Exact `SalesVATCode`.")
    credit_limit: Money | None = Field(default=None, description="Exact `CreditLineSales`.")
    is_supplier: bool = Field(default=False, description="Exact `IsSupplier`.")
    customer_since: date | None = Field(default=None, description="Exact `CustomerSince`.")


class Supplier(_Party):
    """A relation in its supplier role (`crm/Accounts` with `IsSupplier`)."""

    currency: CurrencyCode | None = Field(default=None, description="Exact `PurchaseCurrency`.")
    payment_terms: str | None = Field(
        default=None, description="Exact `PaymentConditionPurchase` (payment condition code)."
    )
    tax_code: str | None = Field(default=None, description="Exact `PurchaseVATCode`.")
    credit_limit: Money | None = Field(default=None, description="Exact `CreditLinePurchase`.")
    is_customer: bool = Field(default=False, description="Exact `IsSales`.")


class Contact(UnifiedRecord):
    """A person at a relation (`crm/Contacts`)."""

    account_id: str = Field(description="Exact `Account` GUID; set on creation only.")
    code: str | None = Field(default=None, description="Exact `Code`, padding trimmed.")
    first_name: str | None = Field(default=None, description="Exact `FirstName`.")
    middle_name: str | None = Field(default=None, description="Exact `MiddleName`.")
    last_name: str | None = Field(default=None, description="Exact `LastName`.")
    full_name: str | None = Field(default=None, description="Exact `FullName` (read only).")
    initials: str | None = Field(default=None, description="Exact `Initials`.")
    title: str | None = Field(default=None, description="Exact `Title` (code).")
    job_title: str | None = Field(default=None, description="Exact `JobTitleDescription`.")
    email: str | None = Field(default=None, description="Exact `Email`.")
    business_email: str | None = Field(default=None, description="Exact `BusinessEmail`.")
    phone: str | None = Field(default=None, description="Exact `Phone`.")
    business_phone: str | None = Field(default=None, description="Exact `BusinessPhone`.")
    mobile: str | None = Field(default=None, description="Exact `Mobile`.")
    language: str | None = Field(default=None, description="Exact `Language`, padding trimmed.")
    gender: str | None = Field(default=None, description="Exact `Gender` (M, V/F, O).")
    birth_date: date | None = Field(default=None, description="Exact `BirthDate`.")
    is_main_contact: bool = Field(default=False, description="Exact `IsMainContact` (read only).")
    notes: str | None = Field(default=None, description="Exact `Notes`.")
    start_date: date | None = Field(default=None, description="Exact `StartDate`.")
    end_date: date | None = Field(default=None, description="Exact `EndDate`.")


class Address(UnifiedRecord):
    """An extra address of a relation (`crm/Addresses`)."""

    account_id: str | None = Field(default=None, description="Exact `Account` GUID (owner).")
    contact_id: str | None = Field(default=None, description="Exact `Contact` GUID.")
    type: AddressType = Field(description="Exact `Type`: 1 visit, 2 postal, 3 invoice, 4 delivery.")
    is_main: bool = Field(default=False, description="Exact `Main`: main address of its type.")
    line1: str | None = Field(default=None, description="Exact `AddressLine1`.")
    line2: str | None = Field(default=None, description="Exact `AddressLine2`.")
    line3: str | None = Field(default=None, description="Exact `AddressLine3`.")
    postal_code: str | None = Field(default=None, description="Exact `Postcode`.")
    city: str | None = Field(default=None, description="Exact `City`.")
    state: str | None = Field(default=None, description="Exact `State` (code).")
    country: str | None = Field(default=None, description="Exact `Country`, padding trimmed.")
    phone: str | None = Field(default=None, description="Exact `Phone`.")
    fax: str | None = Field(default=None, description="Exact `Fax`.")
    mailbox: str | None = Field(default=None, description="Exact `Mailbox`.")
    notes: str | None = Field(default=None, description="Exact `Notes`.")
