"""Parties mappers: customers and suppliers over `crm/Accounts`, contacts, addresses.

Rows are hand-written in the shape of the responses recorded from a French division
(`../shared/reference/exact-recorded/get-account.json`, `get-contact.json`): padded codes,
`/Date(ms)/` in Amsterdam wall-clock time, JSON numbers.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Final

import pytest
from pydantic import ValidationError

from exactbridge.errors import InvalidBody, WireFormatError
from exactbridge.mappers import (
    ADDRESS_MAP,
    CONTACT_MAP,
    CUSTOMER_MAP,
    DAY,
    NUMBER,
    SUPPLIER_MAP,
    TEXT,
    FieldMap,
    address_from_exact,
    address_to_exact,
    contact_from_exact,
    contact_to_exact,
    customer_from_exact,
    customer_to_exact,
    is_customer_row,
    is_supplier_row,
    supplier_from_exact,
    supplier_to_exact,
)
from exactbridge.model import (
    AccountStage,
    Address,
    AddressType,
    Contact,
    Customer,
    PartyStatus,
    PostalAddress,
    Supplier,
)
from tests.unit.mappers.conformance import Family, MapperConformance

DIVISION: Final = 124132
ACCOUNT_ID: Final = "a58c29d9-ef92-40f1-b817-31b36990898c"
CONTACT_ID: Final = "d3d37654-e1d6-4d5e-a489-00ac7ccdc973"

ACCOUNT_ROW: Final[dict[str, Any]] = {
    "__metadata": {
        "uri": f"https://start.exactonline.fr/api/v1/{DIVISION}/crm/Accounts(guid'{ACCOUNT_ID}')",
        "type": "Exact.Web.Api.Models.Account",
    },
    "ID": ACCOUNT_ID,
    "AddressLine1": "12 rue de la Paix",
    "AddressLine2": "Bâtiment B",
    "AddressLine3": "3e étage",
    "Blocked": True,
    "ChamberOfCommerce": "552 100 554",
    "City": "Paris",
    "Code": "           0000002",
    "Country": "FR ",
    "Created": "/Date(1722273741580)/",
    "CreditLinePurchase": 1000,
    "CreditLineSales": 2500.5,
    "CustomerSince": "/Date(1722211200000)/",
    "Division": DIVISION,
    "Email": "billing@foobar.example",
    "IsSales": True,
    "IsSupplier": True,
    "Language": "FR",
    "MainContact": "5CB718A4-F1C8-4432-9D7F-DAF2BC427889",
    "Modified": "/Date(1782404038673)/",
    "Name": "Foobar2 Updated",
    "PaymentConditionPurchase": "60",
    "PaymentConditionSales": "30",
    "Phone": "+33 1 23 45 67 89",
    "Postcode": "75002",
    "PurchaseCurrency": "USD",
    "PurchaseVATCode": "4  ",
    "Remarks": "Key account",
    "SalesCurrency": "EUR",
    "SalesVATCode": "2  ",
    "State": "75",
    "Status": "C",
    "VATNumber": "FR40303265045",
    "Website": "https://foobar.example",
    "BankAccounts": {"__deferred": {"uri": "https://start.exactonline.fr/..."}},
}

CONTACT_ROW: Final[dict[str, Any]] = {
    "__metadata": {"type": "Exact.Web.Api.Models.Contact"},
    "ID": CONTACT_ID,
    "Account": "11acd652-4496-48e0-a189-e0045cc206e3",
    "AccountName": "Test Customer 2",
    "BirthDate": "/Date(481161600000)/",
    "BusinessEmail": "alice.test@example.com",
    "BusinessPhone": "+33 1 00 00 00 01",
    "Code": "           0000003",
    "Created": "/Date(1782404052403)/",
    "Email": "alice@example.com",
    "EndDate": "/Date(1893456000000)/",
    "FirstName": "Alice",
    "FullName": "Alice M. Test",
    "Gender": "O",
    "Initials": "A.",
    "IsMainContact": True,
    "JobTitleDescription": "CFO",
    "Language": "FR        ",
    "LastName": "Test",
    "MiddleName": "M.",
    "Mobile": "+33 6 00 00 00 02",
    "Modified": "/Date(1782404052403)/",
    "Notes": "Prefers e-mail",
    "Phone": "+33 1 00 00 00 03",
    "StartDate": "/Date(1782345600000)/",
    "Title": "MRS",
}

ADDRESS_ROW: Final[dict[str, Any]] = {
    "ID": "0f9d2c71-3e5a-4a57-9b1c-2d8f1e6a7b30",
    "Account": ACCOUNT_ID,
    "AccountName": "Foobar2 Updated",
    "AddressLine1": "1 quai des Docks",
    "AddressLine2": "Entrepôt 4",
    "AddressLine3": "Porte C",
    "City": "Marseille",
    "Contact": CONTACT_ID,
    "Country": "FR ",
    "Created": "/Date(1722273741580)/",
    "Division": DIVISION,
    "Fax": "+33 4 00 00 00 00",
    "Mailbox": "BP 12",
    "Main": True,
    "Modified": "/Date(1722273741580)/",
    "Notes": "Deliveries before 10:00",
    "Phone": "+33 4 00 00 00 01",
    "Postcode": "13002",
    "State": "13",
    "Type": 4,
}


class TestCustomerConformance(MapperConformance):
    family = Family(
        CUSTOMER_MAP,
        customer_from_exact,
        customer_to_exact,
        ACCOUNT_ROW,
        DIVISION,
        frozenset({"name"}),
    )


class TestSupplierConformance(MapperConformance):
    family = Family(
        SUPPLIER_MAP,
        supplier_from_exact,
        supplier_to_exact,
        ACCOUNT_ROW,
        DIVISION,
        frozenset({"name"}),
    )


class TestContactConformance(MapperConformance):
    family = Family(
        CONTACT_MAP,
        contact_from_exact,
        contact_to_exact,
        CONTACT_ROW,
        DIVISION,
        frozenset({"account_id", "first_name or last_name"}),
    )


class TestAddressConformance(MapperConformance):
    family = Family(
        ADDRESS_MAP,
        address_from_exact,
        address_to_exact,
        ADDRESS_ROW,
        DIVISION,
        frozenset({"account_id", "type"}),
    )


def test_customer_reads_the_sales_side_of_the_account() -> None:
    customer = customer_from_exact(ACCOUNT_ROW, division=DIVISION)
    assert customer.id == ACCOUNT_ID
    assert customer.code == "0000002"
    assert customer.currency == "EUR"
    assert customer.payment_terms == "30"
    assert customer.tax_code == "2"
    assert customer.credit_limit == Decimal("2500.5")
    assert customer.status is PartyStatus.BLOCKED
    assert customer.stage is AccountStage.CUSTOMER
    assert customer.is_supplier is True
    assert customer.customer_since == date(2024, 7, 29)
    assert customer.main_contact_id == "5cb718a4-f1c8-4432-9d7f-daf2bc427889"
    assert customer.address == PostalAddress(
        line1="12 rue de la Paix",
        line2="Bâtiment B",
        line3="3e étage",
        postal_code="75002",
        city="Paris",
        state="75",
        country="FR",
    )
    # 2024-07-29 17:22:21.580 in Paris (CEST) is 15:22:21.580 UTC.
    assert customer.created_at == datetime(2024, 7, 29, 15, 22, 21, 580000, tzinfo=UTC)


def test_supplier_reads_the_purchase_side_of_the_account() -> None:
    supplier = supplier_from_exact(ACCOUNT_ROW, division=DIVISION)
    assert (supplier.currency, supplier.payment_terms, supplier.tax_code) == ("USD", "60", "4")
    assert supplier.credit_limit == Decimal(1000)
    assert supplier.is_customer is True


def test_roles_are_told_apart() -> None:
    assert is_customer_row(ACCOUNT_ROW)
    assert is_supplier_row(ACCOUNT_ROW)
    prospect = {**ACCOUNT_ROW, "Status": "P", "IsSales": False, "IsSupplier": False}
    assert not is_customer_row(prospect)
    assert not is_supplier_row(prospect)


def test_create_sets_the_role() -> None:
    assert customer_to_exact({"name": "New"}, method="POST") == {"Status": "C", "Name": "New"}
    assert supplier_to_exact({"name": "New"}, method="POST") == {
        "IsSupplier": True,
        "Name": "New",
    }
    assert customer_to_exact({"name": "New"}, method="PUT") == {"Name": "New"}


def test_a_prospect_stage_overrides_the_customer_default() -> None:
    body = customer_to_exact({"name": "Lead", "stage": "prospect"}, method="POST")
    assert body["Status"] == "P"


def test_money_written_as_exact_numbers_without_float_noise() -> None:
    body = customer_to_exact({"credit_limit": "0.1"}, method="PUT")
    assert body == {"CreditLineSales": 0.1}
    body = customer_to_exact({"credit_limit": Decimal("1500.00")}, method="PUT")
    assert body == {"CreditLineSales": 1500}
    assert isinstance(body["CreditLineSales"], int)


def test_customer_json_carries_money_as_a_string() -> None:
    customer = customer_from_exact(ACCOUNT_ROW, division=DIVISION)
    dumped = json.loads(customer.model_dump_json())
    assert dumped["credit_limit"] == "2500.5"
    assert dumped["status"] == "blocked"
    assert dumped["created_at"] == "2024-07-29T15:22:21.580000Z"


def test_partial_update_with_nested_address_and_explicit_null() -> None:
    body = customer_to_exact(
        {"address": {"city": "Lyon", "country": " FR "}, "website": None}, method="PUT"
    )
    assert body == {"City": "Lyon", "Country": "FR", "Website": None}


def test_full_record_never_clears_unset_fields() -> None:
    customer = Customer(id=ACCOUNT_ID, division=DIVISION, name="Only a name")
    assert customer_to_exact(customer, method="PUT") == {
        "Name": "Only a name",
        "Blocked": False,
        "IsSupplier": False,
    }


def test_bad_values_are_all_named_before_any_call() -> None:
    with pytest.raises(InvalidBody) as caught:
        customer_to_exact(
            {"currency": "euro", "credit_limit": "lots", "status": "gone", "name": "X"},
            method="PUT",
        )
    assert set(caught.value.problems) == {"currency", "credit_limit", "status"}
    assert caught.value.method == "PUT"


def test_read_only_and_post_only_properties_are_refused() -> None:
    with pytest.raises(InvalidBody) as caught:
        contact_to_exact({"account_id": ACCOUNT_ID, "full_name": "A B"}, method="PUT")
    assert caught.value.problems == {
        "account_id": "can only be set by POST",
        "full_name": "read only",
    }
    body = contact_to_exact({"account_id": ACCOUNT_ID, "last_name": "B"}, method="POST")
    assert body == {"Account": ACCOUNT_ID, "LastName": "B"}


def test_wrong_model_instance_is_refused() -> None:
    supplier = supplier_from_exact(ACCOUNT_ROW, division=DIVISION)
    with pytest.raises(TypeError):
        customer_to_exact(supplier, method="PUT")  # type: ignore[arg-type]


def test_empty_strings_read_as_none_and_nulls_keep_defaults() -> None:
    row = {**ACCOUNT_ROW, "Email": "", "Website": None, "Blocked": None, "Status": None}
    customer = customer_from_exact(row, division=DIVISION)
    assert customer.email is None
    assert customer.website is None
    assert customer.status is PartyStatus.ACTIVE
    assert customer.stage is None


def test_a_row_without_a_name_breaks_the_model() -> None:
    with pytest.raises(ValidationError):
        customer_from_exact({**ACCOUNT_ROW, "Name": None}, division=DIVISION)


def test_a_row_without_its_key_is_a_wire_error() -> None:
    row = {k: v for k, v in ACCOUNT_ROW.items() if k != "ID"}
    with pytest.raises(WireFormatError):
        customer_from_exact(row, division=DIVISION)


def test_unknown_address_type_is_a_wire_error() -> None:
    with pytest.raises(WireFormatError):
        address_from_exact({**ADDRESS_ROW, "Type": 9}, division=DIVISION)


@pytest.mark.parametrize(
    ("wire", "kind"),
    [
        (1, AddressType.VISIT),
        (2, AddressType.POSTAL),
        (3, AddressType.INVOICE),
        (4, AddressType.DELIVERY),
    ],
)
def test_address_types_both_ways(wire: int, kind: AddressType) -> None:
    address = address_from_exact({**ADDRESS_ROW, "Type": wire}, division=DIVISION)
    assert address.type is kind
    assert address_to_exact({"type": kind.value}, method="PUT") == {"Type": wire}


def test_contact_dates_are_calendar_dates() -> None:
    contact = contact_from_exact(CONTACT_ROW, division=DIVISION)
    assert contact.birth_date == date(1985, 4, 1)
    assert contact.language == "FR"
    body = contact_to_exact({"birth_date": "1985-04-01"}, method="PUT")
    assert body == {"BirthDate": "/Date(481161600000)/"}


def test_models_are_frozen() -> None:
    customer = customer_from_exact(ACCOUNT_ROW, division=DIVISION)
    with pytest.raises(ValidationError):
        customer.name = "changed"


@pytest.mark.parametrize("model", [Customer, Supplier, Contact, Address, PostalAddress])
def test_json_schema_per_model(model: type[Customer]) -> None:
    schema = model.model_json_schema()
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    for name, prop in schema["properties"].items():
        assert prop.get("description"), name


FREE_FIELDS: Final = (
    FieldMap("dock", "FreeTextField_01", TEXT),
    FieldMap("max_weight", "FreeNumberField_01", NUMBER),
    FieldMap("opened_on", "FreeDateField_01", DAY),
    FieldMap("creator", "CreatorFullName", TEXT),  # read only in Exact
)


def test_custom_fields_read_through_the_connection_mapping() -> None:
    row = {
        **ADDRESS_ROW,
        "FreeTextField_01": "D4",
        "FreeNumberField_01": 1250.75,
        "FreeDateField_01": "/Date(1722211200000)/",
    }
    address = address_from_exact(row, division=DIVISION, custom=FREE_FIELDS)
    assert address.custom_fields == {
        "dock": "D4",
        "max_weight": Decimal("1250.75"),
        "opened_on": date(2024, 7, 29),
    }
    assert json.loads(address.model_dump_json())["custom_fields"]["max_weight"] == "1250.75"
    assert address_from_exact(row, division=DIVISION).custom_fields == {}


def test_custom_fields_written_through_the_connection_mapping() -> None:
    body = address_to_exact(
        {"custom_fields": {"dock": "D5", "max_weight": Decimal("10.5"), "opened_on": None}},
        method="PUT",
        custom=FREE_FIELDS,
    )
    assert body == {"FreeTextField_01": "D5", "FreeNumberField_01": 10.5, "FreeDateField_01": None}
    record = Address(
        id=ADDRESS_ROW["ID"],
        division=DIVISION,
        type=AddressType.VISIT,
        custom_fields={"dock": "D6"},
    )
    assert address_to_exact(record, method="PUT", custom=FREE_FIELDS) == {
        "Type": 1,
        "Main": False,
        "FreeTextField_01": "D6",
    }


def test_custom_fields_without_a_mapping_or_bad_values_are_named() -> None:
    with pytest.raises(InvalidBody) as caught:
        address_to_exact(
            {"custom_fields": {"nope": 1, "creator": "x", "opened_on": "someday"}},
            method="PUT",
            custom=FREE_FIELDS,
        )
    assert set(caught.value.problems) == {
        "custom_fields.nope",
        "custom_fields.creator",
        "custom_fields.opened_on",
    }
    assert caught.value.problems["custom_fields.creator"] == "read only"
