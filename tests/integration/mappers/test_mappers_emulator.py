"""The parties and companies mappers against the emulator: its seed maps cleanly, and a
record written through the unified model reads back equal.

Rows are read through `tests.support.rows`: every page, as the client would hand them over.
"""

from __future__ import annotations

from exactbridge.mappers import (
    address_from_exact,
    company_from_exact,
    contact_from_exact,
    contact_to_exact,
    customer_from_exact,
    customer_to_exact,
    is_customer_row,
    is_supplier_row,
    supplier_from_exact,
)
from exactbridge.model import Customer, PostalAddress
from tests.support.emulator import EmulatorClient
from tests.support.rows import all_rows, create, one_row, update


async def test_seeded_parties_map(exact: EmulatorClient) -> None:
    accounts = await all_rows(exact, exact.division, "crm/Accounts")
    assert accounts
    for row in accounts:
        if is_customer_row(row):
            customer = customer_from_exact(row, division=exact.division)
            assert customer.id == row["ID"]
        if is_supplier_row(row):
            supplier_from_exact(row, division=exact.division)
    for row in await all_rows(exact, exact.division, "crm/Contacts"):
        contact = contact_from_exact(row, division=exact.division)
        assert contact.created_at is not None
    for row in await all_rows(exact, exact.division, "crm/Addresses"):
        address_from_exact(row, division=exact.division)


async def test_seeded_divisions_map(exact: EmulatorClient) -> None:
    for row in await all_rows(exact, exact.division, "system/Divisions"):
        company = company_from_exact(row)
        assert company.division == row["Code"]


async def test_customer_written_through_the_model_reads_back_equal(
    exact: EmulatorClient,
) -> None:
    draft = Customer(
        id="00000000-0000-0000-0000-000000000000",
        division=exact.division,
        name="Unified Test BV",
        email="finance@unified.example",
        website="https://unified.example",
        vat_number="NL001234567B01",
        address=PostalAddress(line1="Damrak 1", postal_code="1012 LG", city="Amsterdam"),
        language="NL",
    )
    body = customer_to_exact(draft, method="POST")
    key = await create(exact, exact.division, "crm/Accounts", body)
    row = await one_row(exact, exact.division, "crm/Accounts", key)
    back = customer_from_exact(row, division=exact.division)
    written = draft.model_fields_set - {"id"}  # Exact fills the rest (code, currency, ...)
    assert back.model_dump(include=written) == draft.model_dump(include=written)
    assert back.status == draft.status
    assert back.stage is not None
    assert back.stage.value == "customer"


async def test_contact_update_through_a_partial_mapping(exact: EmulatorClient) -> None:
    row = (await all_rows(exact, exact.division, "crm/Contacts"))[0]
    body = contact_to_exact({"job_title": "Controller", "mobile": "+31 6 1234 5678"}, method="PUT")
    await update(exact, exact.division, "crm/Contacts", row["ID"], body)
    again = await one_row(exact, exact.division, "crm/Contacts", row["ID"])
    contact = contact_from_exact(again, division=exact.division)
    assert (contact.job_title, contact.mobile) == ("Controller", "+31 6 1234 5678")
