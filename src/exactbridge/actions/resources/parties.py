"""Parties: customers and suppliers (two views of `crm/Accounts`), contacts, addresses."""

from __future__ import annotations

from exactbridge.actions._resource import Resource, Source, Writes
from exactbridge.mappers.parties import (
    ADDRESS_MAP,
    CONTACT_MAP,
    CUSTOMER_MAP,
    SUPPLIER_MAP,
    is_customer_row,
    is_supplier_row,
)

__all__ = ["PARTIES"]

PARTIES = (
    Resource(
        name="customers",
        summary="Relations in their customer role.",
        sources=(
            Source(
                CUSTOMER_MAP,
                filter="Status eq 'C' or IsSales eq true",
                where=is_customer_row,
                caveat="accounts with Status C (or sales history)",
            ),
        ),
        writes=Writes(
            CUSTOMER_MAP,
            update=True,
            delete=True,
            identity=("Name",),
            caveats={"delete": "refused while invoices, entries or contacts use the account"},
        ),
    ),
    Resource(
        name="suppliers",
        summary="Relations in their supplier role.",
        sources=(Source(SUPPLIER_MAP, filter="IsSupplier eq true", where=is_supplier_row),),
        writes=Writes(
            SUPPLIER_MAP,
            update=True,
            delete=True,
            identity=("Name",),
            caveats={"delete": "refused while entries or contacts use the account"},
        ),
    ),
    Resource(
        name="contacts",
        summary="Persons at a relation.",
        sources=(Source(CONTACT_MAP),),
        writes=Writes(
            CONTACT_MAP, update=True, delete=True, identity=("Email", "LastName", "FirstName")
        ),
    ),
    Resource(
        name="addresses",
        summary="Visit, postal, invoice and delivery addresses of a relation.",
        sources=(Source(ADDRESS_MAP),),
        writes=Writes(
            ADDRESS_MAP,
            update=True,
            delete=True,
            identity=("Account", "AddressLine1"),
            identity_needed=2,
        ),
    ),
)
