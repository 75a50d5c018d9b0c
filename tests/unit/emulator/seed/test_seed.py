"""Tests for the deterministic seed-data generator (`exactbridge.emulator.seed`)."""

from __future__ import annotations

import random
import re
import time
from collections import Counter
from datetime import date, datetime
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactbridge.emulator.seed import SIZES, DivisionSeed, World, generate_world
from exactbridge.emulator.seed.identifiers import (
    be_iban,
    be_vat,
    de_iban,
    de_vat,
    nl_iban,
    nl_vat,
)
from exactbridge.emulator.seed.sales import ean13
from exactbridge.exact import find_entity

TODAY = date(2026, 3, 18)
GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
IDENTITY_FIELDS = (
    "ID",
    "InvoiceID",
    "Code",
    "Name",
    "Description",
    "FirstName",
    "MiddleName",
    "LastName",
    "Email",
    "VATNumber",
    "ChamberOfCommerce",
    "BankAccount",
    "AddressLine1",
    "Postcode",
    "City",
    "OrderedBy",
    "Account",
    "Item",
    "ItemGroup",
    "Quantity",
    "UnitPrice",
)


@cache
def world(seed: int = 7, divisions: int = 2, size: str = "small", today: date = TODAY) -> World:
    return generate_world(seed, divisions, size, today=today)  # type: ignore[arg-type]


def key_of(path: str, record: dict[str, Any]) -> Any:
    """The record's key, whatever the endpoint calls it (`ID`, `InvoiceID`, `OrderID`, …)."""
    spec = find_entity(path)
    assert spec is not None, path
    return record.get(spec.key)


def rows(division: DivisionSeed, path: str) -> list[dict[str, Any]]:
    return [record for entity, record in division.records if entity == path]


def all_divisions() -> list[DivisionSeed]:
    return [*world().divisions, *world(11, 3).divisions]


# --- independent check-digit implementations ----------------------------------------------


def mod97(text: str) -> int:
    """Remainder of the number obtained by replacing A..Z with 10..35 (ISO 7064)."""
    remainder = 0
    for char in text:
        for digit in str(ord(char) - 55) if char.isalpha() else char:
            remainder = (remainder * 10 + int(digit)) % 97
    return remainder


def iban_ok(iban: str) -> bool:
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", iban):
        return False
    if mod97(iban[4:] + iban[:4]) != 1:
        return False
    if iban.startswith("NL"):
        return bool(re.fullmatch(r"NL\d{2}[A-Z]{4}\d{10}", iban))
    if iban.startswith("BE"):
        digits = iban[4:]
        national = int(digits[:10]) % 97 or 97
        return len(digits) == 12 and int(digits[10:]) == national
    if iban.startswith("DE"):
        return len(iban) == 22
    return False


def vat_ok(vat: str) -> bool:
    if match := re.fullmatch(r"NL(\d{9})B(\d{2})", vat):
        digits = match.group(1)
        eleven = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
        return (eleven - int(digits[8])) % 11 == 0 or mod97(vat) == 1
    if match := re.fullmatch(r"BE(0\d{9})", vat):
        number = match.group(1)
        return int(number[8:]) == 97 - int(number[:8]) % 97
    if match := re.fullmatch(r"DE(\d{9})", vat):
        product = 10
        for char in match.group(1)[:8]:
            total = (int(char) + product) % 10 or 10
            product = 2 * total % 11
        return (11 - product) % 10 == int(match.group(1)[8])
    return False


def test_check_digit_oracles_accept_known_real_numbers() -> None:
    assert iban_ok("NL91ABNA0417164300")
    assert iban_ok("BE68539007547034")
    assert iban_ok("DE89370400440532013000")
    assert not iban_ok("NL91ABNA0417164301")
    assert vat_ok("BE0403170701")
    assert vat_ok("DE136695976")
    assert vat_ok("NL004495445B01")
    assert not vat_ok("BE0403170702")


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=2**64))
def test_identifier_generators_always_produce_valid_check_digits(state: int) -> None:
    rng = random.Random(state)
    for make in (nl_iban, be_iban, de_iban):
        iban, bic = make(rng)
        assert iban_ok(iban), iban
        assert re.fullmatch(r"[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?", bic)
    for vat in (nl_vat(rng), nl_vat(rng, sole_trader=True), be_vat(rng), de_vat(rng)):
        assert vat_ok(vat), vat
    code = ean13(rng, "87")
    weights = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(code))
    assert len(code) == 13 and weights % 10 == 0


# --- determinism ---------------------------------------------------------------------------


def test_same_inputs_give_equal_worlds() -> None:
    first = generate_world(42, 2, "small", today=TODAY)
    second = generate_world(42, 2, "small", today=TODAY)
    assert first == second
    assert repr(first) == repr(second)


def test_different_seed_gives_different_world() -> None:
    first, second = world(1), world(2)
    assert first.customer != second.customer
    assert first.divisions[0].records != second.divisions[0].records


def test_adding_divisions_leaves_earlier_divisions_identical() -> None:
    two, five = world(3, 2), world(3, 5)
    assert five.divisions[:2] == two.divisions
    assert (five.user, five.customer) == (two.user, two.customer)


def identity(seed: DivisionSeed) -> dict[str, tuple[tuple[str, Any], ...]]:
    out = {}
    for path, record in seed.records:
        key = key_of(path, record)
        lines = tuple(
            (name, line.get(name))
            for line in record.get("SalesInvoiceLines", ())
            for name in IDENTITY_FIELDS
        )
        out[key] = (("path", path), *((f, record.get(f)) for f in IDENTITY_FIELDS), *lines)
    return out


@pytest.mark.parametrize("other", [date(2026, 3, 21), date(2027, 1, 1), date(2024, 2, 29)])
def test_changing_today_keeps_ids_names_and_amounts(other: date) -> None:
    base, moved = world(5, 2), world(5, 2, today=other)
    assert base.user == moved.user
    assert base.customer == moved.customer
    for left, right in zip(base.divisions, moved.divisions, strict=True):
        assert left.code == right.code
        assert identity(left) == identity(right)
        assert left.division["Description"] == right.division["Description"]


# --- shape ---------------------------------------------------------------------------------


def test_divisions_alternate_legislation_and_have_unique_seven_digit_codes() -> None:
    seeds = world(9, 5).divisions
    assert [d.legislation for d in seeds] == ["NL", "BE", "NL", "BE", "NL"]
    assert len({d.code for d in seeds}) == 5
    for seed in seeds:
        assert 1_000_000 <= seed.code <= 9_999_999
        assert seed.division["Code"] == seed.code
        assert seed.division["Country"] == seed.legislation == seed.division["Legislation"]
        assert seed.division["Currency"] == "EUR"
        assert vat_ok(seed.division["VATNumber"])
    assert world(9, 5).user["CurrentDivision"] == seeds[0].code


@pytest.mark.parametrize("size", ["small", "medium"])
def test_counts_per_size(size: str) -> None:
    counts = SIZES[size]
    for seed in world(1, 2, size).divisions:
        accounts = rows(seed, "crm/Accounts")
        assert sum(a.get("Status") == "C" for a in accounts) == counts.customers
        assert sum(a["IsSupplier"] for a in accounts) == counts.suppliers
        assert len(rows(seed, "crm/Contacts")) == counts.contacts
        assert len(rows(seed, "logistics/Items")) == counts.items
        assert len(rows(seed, "salesinvoice/SalesInvoices")) == counts.invoices
        assert len(rows(seed, "financial/GLAccounts")) >= 40
        assert len(rows(seed, "financial/FinancialPeriods")) == 48


def test_values_have_the_documented_python_types() -> None:
    for seed in all_divisions():
        for path, record in seed.records:
            key = key_of(path, record)
            assert isinstance(key, str) and GUID.match(key), (path, record)
            for name, value in record.items():
                if name in {
                    "Created",
                    "Modified",
                    "StartDate",
                    "EndDate",
                    "InvoiceDate",
                    "OrderDate",
                }:
                    assert type(value) is datetime and value.tzinfo is None
                if name in {"Quantity", "UnitPrice", "Percentage", "CostPriceStandard", "Discount"}:
                    assert type(value) is float and round(value, 2) == value
            for line in record.get("SalesInvoiceLines", ()):
                assert type(line["Quantity"]) is float and type(line["UnitPrice"]) is float


def test_every_iban_and_vat_number_is_valid() -> None:
    seen = Counter[str]()
    for seed in [*all_divisions(), *world(1, 2, "medium").divisions]:
        for path, record in seed.records:
            if path == "crm/BankAccounts":
                assert iban_ok(record["BankAccount"]), record
                seen[record["BankAccount"][:2]] += 1
            if "VATNumber" in record:
                assert vat_ok(record["VATNumber"]), record
                seen[record["VATNumber"][:2] + "-vat"] += 1
            if record.get("Country") == "BE" and "ChamberOfCommerce" in record:
                assert record["ChamberOfCommerce"] == record["VATNumber"][2:]
            if record.get("Country") == "NL" and "ChamberOfCommerce" in record:
                assert re.fullmatch(r"\d{8}", record["ChamberOfCommerce"])
            if path == "crm/Accounts" and record["Country"] == "NL":
                assert re.fullmatch(r"\d{4} [A-Z]{2}", record["Postcode"])
            if path == "crm/Accounts" and record["Country"] == "BE":
                assert re.fullmatch(r"\d{4}", record["Postcode"])
    assert {"NL", "BE", "DE", "NL-vat", "BE-vat", "DE-vat"} <= set(seen)


def test_references_are_consistent() -> None:
    for seed in all_divisions():
        known: dict[str, set[str]] = {}
        for path, record in seed.records:
            refs = known
            gl = known.get("gl", set())
            if path == "financial/Journals" and "GLAccount" in record:
                assert record["GLAccount"] in gl
            if path == "vat/VATCodes":
                assert {record[n] for n in ("GLToPay", "GLToClaim") if n in record} <= gl
            if path == "logistics/ItemGroups":
                assert {record["GLRevenue"], record["GLCosts"]} <= refs["gl"]
            if path == "logistics/Items":
                assert record["ItemGroup"] in refs["group"]
                assert record["SalesVatCode"] in refs["vat"]
                assert {record["GLRevenue"], record["GLCosts"]} <= refs["gl"]
            if path == "crm/Accounts":
                for name in ("PaymentConditionSales", "PaymentConditionPurchase"):
                    assert record.get(name, "00") in refs["terms"]
                for name in ("SalesVATCode", "PurchaseVATCode"):
                    assert name not in record or record[name] in refs["vat"]
            if path in {"crm/Contacts", "crm/Addresses", "crm/BankAccounts"}:
                assert record["Account"] in refs["account"]
            if path == "salesinvoice/SalesInvoices":
                assert record["OrderedBy"] in refs["customer"]
                assert record["Journal"] in refs["sales_journal"]
                assert record["PaymentCondition"] in refs["terms"]
                assert 1 <= len(record["SalesInvoiceLines"]) <= 5
                sign = -1 if record["Type"] == 8021 else 1
                assert record["Type"] in {8020, 8021}
                for number, line in enumerate(record["SalesInvoiceLines"], start=1):
                    assert line["Item"] in refs["sales_item"]
                    assert line["VATCode"] in refs["vat"]
                    assert line["LineNumber"] == number
                    assert line["Quantity"] * sign > 0
            register(known, path, record)


def register(known: dict[str, set[str]], path: str, record: dict[str, Any]) -> None:
    def add(kind: str, value: str) -> None:
        known.setdefault(kind, set()).add(value)

    if path == "financial/GLAccounts":
        add("gl", record["ID"])
    elif path == "financial/Journals" and record["Type"] == 20:
        add("sales_journal", record["Code"])
    elif path == "vat/VATCodes":
        add("vat", record["Code"])
    elif path == "cashflow/PaymentConditions":
        add("terms", record["Code"])
    elif path == "logistics/ItemGroups":
        add("group", record["ID"])
    elif path == "logistics/Items" and record["IsSalesItem"]:
        add("sales_item", record["ID"])
    elif path == "crm/Accounts":
        add("account", record["ID"])
        if record.get("Status") == "C" and not record["Blocked"]:
            add("customer", record["ID"])


def test_keys_and_codes_are_unique_within_a_division() -> None:
    for seed in world(1, 2, "medium").divisions:
        keys = [key_of(path, record) for path, record in seed.records]
        assert len(keys) == len(set(keys))
        for path in ("crm/Accounts", "logistics/Items", "financial/GLAccounts", "vat/VATCodes"):
            codes = [record["Code"] for record in rows(seed, path)]
            assert len(codes) == len(set(codes)), path
        names = [record["Name"] for record in rows(seed, "crm/Accounts")]
        assert len(names) == len(set(names))


def test_timestamps_are_before_today_ordered_and_children_follow_parents() -> None:
    for today in (TODAY, date(2025, 1, 4)):
        for seed in world(13, 2, "small", today).divisions:
            midnight = datetime(today.year, today.month, today.day)
            created: dict[str, datetime] = {}
            previous = datetime.min
            for path, record in seed.records:
                spec = find_entity(path)
                if spec is not None and spec.field("Created") is None:
                    continue  # attachments carry no timestamps; they come last
                assert record["Created"] <= record["Modified"] < midnight, (path, record)
                assert record["Created"] >= seed.division["Created"]
                if path not in {
                    "financial/GLAccounts",
                    "financial/Journals",
                    "vat/VATCodes",
                    "cashflow/PaymentConditions",
                    "financial/FinancialPeriods",
                }:
                    assert record["Created"] >= previous
                    previous = record["Created"]
                for parent in (record.get("Account"), record.get("OrderedBy")):
                    if parent:
                        assert record["Created"] >= created[parent]
                for line in record.get("SalesInvoiceLines", ()):
                    assert record["Created"] >= created[line["Item"]]
                    assert record["InvoiceDate"] >= created[record["OrderedBy"]].replace(
                        hour=0, minute=0, second=0, microsecond=0
                    )
                created[key_of(path, record)] = record["Created"]
            years = {p["FinYear"] for p in rows(seed, "financial/FinancialPeriods")}
            assert years == set(range(today.year - 2, today.year + 2))
            modified = [r.get("Modified", midnight) for _, r in seed.records]
            recent = [moment for moment in modified if (midnight - moment).days < 20]
            assert recent


def test_names_carry_non_ascii_and_dutch_tussenvoegsels() -> None:
    text = repr([seed.records for seed in world(1, 2, "medium").divisions])
    assert re.search(r"[éèëïöüçœßı]", text)
    contacts = [r for seed in world(1, 2, "medium").divisions for r in rows(seed, "crm/Contacts")]
    assert any(c.get("MiddleName") in {"van", "de", "van der", "van den"} for c in contacts)


def test_invalid_arguments_are_rejected() -> None:
    with pytest.raises(ValueError, match="size"):
        generate_world(1, 1, "huge", today=TODAY)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="divisions"):
        generate_world(1, 0, today=TODAY)


def test_medium_generation_time_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    started = time.perf_counter()
    generated = generate_world(2026, 2, "medium", today=TODAY)
    elapsed = time.perf_counter() - started
    total = sum(len(seed.records) for seed in generated.divisions)
    with capsys.disabled():
        print(f"\n[seed] medium x2: {total} records in {elapsed:.3f} s")
