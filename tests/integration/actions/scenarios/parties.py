"""Scenarios for customers, suppliers, contacts and addresses."""

from __future__ import annotations

from exactbridge.model import AccountStage, Customer, PostalAddress, Supplier
from tests.integration.actions.scenarios import Harness, assert_has, check_read, scenario


@scenario("customers", "read")
async def customers_read(h: Harness) -> None:
    for customer in await check_read(h, "customers"):
        assert customer.stage is AccountStage.CUSTOMER or customer.is_supplier is not None


@scenario("suppliers", "read")
async def suppliers_read(h: Harness) -> None:
    suppliers = await check_read(h, "suppliers")
    customers = {c.id for c in await h.all("customers")}
    assert any(s.id not in customers for s in suppliers), "supplier-only accounts are listed"


@scenario("customers", "create")
async def customers_create(h: Harness) -> None:
    draft = Customer(
        id="",
        division=h.division,
        name="Scenario Klant B.V.",
        email="factuur@scenario.example",
        address=PostalAddress(line1="Markt 1", postal_code="2801 JK", city="Gouda", country="NL"),
        credit_limit="1500.50",
    )
    created = await h.actions.create("customers", h.division, draft)
    assert created.id
    assert created.stage is AccountStage.CUSTOMER
    assert_has(created, {"name": draft.name, "email": draft.email, "address": draft.address,
                         "credit_limit": draft.credit_limit})  # fmt: skip
    assert await h.actions.get("customers", h.division, created.id) == created


@scenario("customers", "update")
async def customers_update(h: Harness) -> None:
    customer = await h.first("customers")
    updated = await h.actions.update(
        "customers", h.division, customer.id, {"email": "new@scenario.example", "phone": "0182"}
    )
    assert_has(updated, {"email": "new@scenario.example", "phone": "0182", "name": customer.name})


@scenario("customers", "delete")
async def customers_delete(h: Harness) -> None:
    created = await h.actions.create("customers", h.division, {"name": "Short-lived B.V."})
    await h.actions.delete("customers", h.division, created.id)
    assert await h.gone("customers", created.id)


@scenario("suppliers", "create")
async def suppliers_create(h: Harness) -> None:
    draft = Supplier(id="", division=h.division, name="Leverancier Scenario", currency="EUR")
    created = await h.actions.create("suppliers", h.division, draft)
    assert_has(created, {"name": draft.name, "currency": "EUR"})
    assert created.id in {s.id for s in await h.all("suppliers")}


@scenario("suppliers", "update")
async def suppliers_update(h: Harness) -> None:
    supplier = await h.first("suppliers")
    updated = await h.actions.update("suppliers", h.division, supplier.id, {"website": "x.nl"})
    assert updated.website == "x.nl"


@scenario("suppliers", "delete")
async def suppliers_delete(h: Harness) -> None:
    created = await h.actions.create("suppliers", h.division, {"name": "Gone Supplies"})
    await h.actions.delete("suppliers", h.division, created.id)
    assert await h.gone("suppliers", created.id)


@scenario("contacts", "read")
async def contacts_read(h: Harness) -> None:
    accounts = {c.id for c in await h.all("customers")} | {s.id for s in await h.all("suppliers")}
    for contact in await check_read(h, "contacts"):
        assert contact.account_id in accounts


@scenario("contacts", "create", "update", "delete")
async def contacts_write(h: Harness) -> None:
    account = await h.first("customers")
    sent = {"account_id": account.id, "first_name": "Anna", "last_name": "de Vries",
            "email": "anna@scenario.example"}  # fmt: skip
    created = await h.actions.create("contacts", h.division, sent)
    assert_has(created, sent)
    updated = await h.actions.update("contacts", h.division, created.id, {"mobile": "0612345678"})
    assert_has(updated, {**sent, "mobile": "0612345678"})
    await h.actions.delete("contacts", h.division, created.id)
    assert await h.gone("contacts", created.id)


@scenario("addresses", "read")
async def addresses_read(h: Harness) -> None:
    await check_read(h, "addresses")


@scenario("addresses", "create", "update", "delete")
async def addresses_write(h: Harness) -> None:
    account = await h.first("customers")
    sent = {"account_id": account.id, "type": "delivery", "line1": "Dok 4", "city": "Delft",
            "country": "NL"}  # fmt: skip
    created = await h.actions.create("addresses", h.division, sent)
    assert_has(created, sent)
    updated = await h.actions.update("addresses", h.division, created.id, {"city": "Leiden"})
    assert updated.city == "Leiden"
    await h.actions.delete("addresses", h.division, created.id)
    assert await h.gone("addresses", created.id)
