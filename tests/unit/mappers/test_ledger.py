"""Ledger mappers: G/L accounts, journals, VAT codes, payment conditions, financial periods.

Rows are hand-written in the shape of the responses recorded from a French division
(`../shared/reference/exact-recorded/gl-accounts.json`, `journals.json`, `vat-codes.json`:
padded VAT codes, `/Date(ms)/` in Amsterdam wall-clock time, JSON numbers) and, for payment
conditions and financial periods (not recorded), the emulator's specs.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any, Final

import pytest

from exactbridge.errors import WireFormatError
from exactbridge.mappers import (
    FISCAL_PERIOD_MAP,
    JOURNAL_MAP,
    LEDGER_ACCOUNT_MAP,
    PAYMENT_TERM_MAP,
    TAX_RATE_MAP,
    fiscal_period_from_exact,
    journal_from_exact,
    ledger_account_from_exact,
    ledger_account_to_exact,
    payment_term_from_exact,
    payment_term_to_exact,
    tax_rate_from_exact,
)
from exactbridge.model import (
    BalanceSide,
    BalanceType,
    FiscalPeriod,
    Journal,
    JournalType,
    LedgerAccount,
    LedgerAccountType,
    PaymentMethod,
    PaymentTerm,
    TaxAppliesTo,
    TaxRate,
    TaxType,
)
from tests.unit.mappers.conformance import Family, MapperConformance

DIVISION: Final = 124132

GL_ACCOUNT_ROW: Final[dict[str, Any]] = {
    "__metadata": {
        "uri": f"https://start.exactonline.fr/api/v1/{DIVISION}/financial/GLAccounts"
        "(guid'4f3cb13e-8984-4cc5-b69a-5271a9bdd7c9')",
        "type": "Exact.Web.Api.Models.GLAccount",
    },
    "ID": "4F3CB13E-8984-4CC5-B69A-5271A9BDD7C9",
    "BalanceSide": "C",
    "BalanceType": "W",
    "Code": "706000",
    "Costcenter": "CC1   ",
    "Created": "/Date(1537503528653)/",
    "Description": "Prestations de services",
    "Division": DIVISION,
    "IsBlocked": True,
    "Matching": True,
    "Modified": "/Date(1537503528653)/",
    "SearchCode": "PRESTA",
    "Type": 110,
    "TypeDescription": "Revenue",
    "VATCode": "2  ",
    "VATDescription": "TVA 20%",
}

JOURNAL_ROW: Final[dict[str, Any]] = {
    "__metadata": {"type": "Exact.Web.Api.Models.Journal"},
    "AllowVariableCurrency": False,
    "Code": "BQ1",
    "Created": "/Date(1537503586840)/",
    "Currency": "EUR",
    "Description": "Banque",
    "Division": DIVISION,
    "GLAccount": "9A1D2C3B-0000-4000-8000-000000000512",
    "GLAccountCode": "512000",
    "GLAccountDescription": "Banque",
    "GLAccountType": 12,
    "ID": "5e9f0f4e-5bd9-4f31-8c1c-02120829e05a",
    "IsBlocked": True,
    "Modified": "/Date(1537503586840)/",
    "Type": 12,
}

VAT_CODE_ROW: Final[dict[str, Any]] = {
    "__metadata": {"type": "Exact.Web.Api.Models.VATCode"},
    "Account": "ce741aca-7b8b-4e76-81ba-e6d5b05e5c04",
    "AccountCode": "           0000000",
    "Code": "2  ",
    "Created": "/Date(1537503586840)/",
    "Description": "TVA 20% collectée",
    "Division": DIVISION,
    "ID": "e740eca7-35cb-40fe-8a7b-26429c8ccdd9",
    "IsBlocked": True,
    "Modified": "/Date(1537503586840)/",
    "Percentage": 0.2,
    "Type": "E",
    "VATTransactionType": "S",
}

PAYMENT_CONDITION_ROW: Final[dict[str, Any]] = {
    "ID": "0b6f9a1e-2c3d-4e5f-8a9b-0c1d2e3f4a5b",
    "Code": "30",
    "Created": "/Date(1537503586840)/",
    "Description": "30 jours fin de mois",
    "DiscountPaymentDays": 8,
    "Division": DIVISION,
    "Modified": "/Date(1537503586840)/",
    "PaymentDays": 30,
    "PaymentEndOfMonths": 1,
    "PaymentMethod": "B",
}

FINANCIAL_PERIOD_ROW: Final[dict[str, Any]] = {
    "ID": "7c1e2d3f-4a5b-4c6d-8e9f-a0b1c2d3e4f5",
    "Created": "/Date(1537503586840)/",
    "Division": DIVISION,
    "EndDate": "/Date(1709164800000)/",  # 2024-02-29, Amsterdam wall clock
    "FinPeriod": 2,
    "FinYear": 2024,
    "Modified": "/Date(1537503586840)/",
    "StartDate": "/Date(1706745600000)/",  # 2024-02-01, Amsterdam wall clock
}


class TestLedgerAccountConformance(MapperConformance):
    family = Family(
        LEDGER_ACCOUNT_MAP,
        ledger_account_from_exact,
        ledger_account_to_exact,
        GL_ACCOUNT_ROW,
        DIVISION,
        frozenset({"code", "name"}),
    )


class TestJournalConformance(MapperConformance):
    family = Family(JOURNAL_MAP, journal_from_exact, None, JOURNAL_ROW, DIVISION)


class TestTaxRateConformance(MapperConformance):
    family = Family(TAX_RATE_MAP, tax_rate_from_exact, None, VAT_CODE_ROW, DIVISION)


class TestPaymentTermConformance(MapperConformance):
    family = Family(
        PAYMENT_TERM_MAP,
        payment_term_from_exact,
        payment_term_to_exact,
        PAYMENT_CONDITION_ROW,
        DIVISION,
        frozenset({"code", "name"}),
    )


class TestFiscalPeriodConformance(MapperConformance):
    family = Family(
        FISCAL_PERIOD_MAP, fiscal_period_from_exact, None, FINANCIAL_PERIOD_ROW, DIVISION
    )


# --- ledger accounts ----------------------------------------------------------------------


def test_ledger_account_fields() -> None:
    account = ledger_account_from_exact(GL_ACCOUNT_ROW, division=DIVISION)
    assert account.id == "4f3cb13e-8984-4cc5-b69a-5271a9bdd7c9"
    assert (account.code, account.name) == ("706000", "Prestations de services")
    assert account.type is LedgerAccountType.REVENUE
    assert account.type_code == 110
    assert account.balance_side is BalanceSide.CREDIT
    assert account.balance_type is BalanceType.PROFIT_AND_LOSS
    assert account.vat_code == "2"
    assert account.is_blocked is True


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (10, LedgerAccountType.ASSET),
        (12, LedgerAccountType.ASSET),
        (20, LedgerAccountType.ASSET),
        (22, LedgerAccountType.LIABILITY),
        (24, LedgerAccountType.LIABILITY),
        (50, LedgerAccountType.EQUITY),
        (52, LedgerAccountType.EQUITY),
        (110, LedgerAccountType.REVENUE),
        (160, LedgerAccountType.REVENUE),
        (111, LedgerAccountType.EXPENSE),
        (125, LedgerAccountType.EXPENSE),
    ],
)
def test_gl_type_code_classifies_the_account(code: int, expected: LedgerAccountType) -> None:
    # BalanceType/Side deliberately contradict: the type code wins when Exact knows it.
    row = {**GL_ACCOUNT_ROW, "Type": code, "BalanceType": "B", "BalanceSide": "D"}
    account = ledger_account_from_exact(row, division=DIVISION)
    assert account.type is expected
    assert account.type_code == code


@pytest.mark.parametrize(
    ("balance_type", "side", "expected"),
    [
        ("B", "D", LedgerAccountType.ASSET),
        ("B", "C", LedgerAccountType.LIABILITY),
        ("W", "D", LedgerAccountType.EXPENSE),
        ("W", "C", LedgerAccountType.REVENUE),
    ],
)
def test_general_accounts_are_classified_by_balance(
    balance_type: str, side: str, expected: LedgerAccountType
) -> None:
    row = {**GL_ACCOUNT_ROW, "Type": 90, "BalanceType": balance_type, "BalanceSide": side}
    assert ledger_account_from_exact(row, division=DIVISION).type is expected


def test_unclassifiable_account_has_no_type() -> None:
    row = {"ID": GL_ACCOUNT_ROW["ID"], "Code": "101000", "Description": "Capital"}
    account = ledger_account_from_exact(row, division=DIVISION)
    assert account.type is None
    assert account.type_code is None


def test_ledger_account_type_is_never_sent() -> None:
    account = ledger_account_from_exact(GL_ACCOUNT_ROW, division=DIVISION)
    body = ledger_account_to_exact(account, method="POST")
    assert body["Type"] == 110
    assert "TypeDescription" not in body
    assert set(body) == {
        "Code",
        "Description",
        "Type",
        "BalanceSide",
        "BalanceType",
        "VATCode",
        "IsBlocked",
        "Matching",
        "Costcenter",
        "SearchCode",
    }


def test_ledger_account_survives_a_json_dump() -> None:
    account = ledger_account_from_exact(GL_ACCOUNT_ROW, division=DIVISION)
    assert LedgerAccount.model_validate_json(account.model_dump_json()) == account


def test_unknown_balance_side_is_a_wire_error() -> None:
    with pytest.raises(WireFormatError):
        ledger_account_from_exact({**GL_ACCOUNT_ROW, "BalanceSide": "X"}, division=DIVISION)


# --- journals -----------------------------------------------------------------------------


def test_journal_fields() -> None:
    journal = journal_from_exact(JOURNAL_ROW, division=DIVISION)
    assert (journal.code, journal.name, journal.currency) == ("BQ1", "Banque", "EUR")
    assert journal.type is JournalType.BANK
    assert journal.ledger_account_id == "9a1d2c3b-0000-4000-8000-000000000512"
    assert journal.ledger_account_code == "512000"


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        (10, JournalType.CASH),
        (12, JournalType.BANK),
        (16, JournalType.PAYMENT_SERVICE),
        (20, JournalType.SALES),
        (21, JournalType.SALES_RETURN),
        (22, JournalType.PURCHASE),
        (23, JournalType.PURCHASE_RETURN),
        (90, JournalType.GENERAL),
    ],
)
def test_journal_types(wire: int, expected: JournalType) -> None:
    assert journal_from_exact({**JOURNAL_ROW, "Type": wire}, division=DIVISION).type is expected


def test_unknown_journal_type_is_a_wire_error() -> None:
    with pytest.raises(WireFormatError):
        journal_from_exact({**JOURNAL_ROW, "Type": 99}, division=DIVISION)


# --- tax rates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fraction", "percent", "text"),
    [
        (0.2, Decimal(20), "20"),
        (0.21, Decimal(21), "21"),
        (0.055, Decimal("5.5"), "5.5"),
        (0.021, Decimal("2.1"), "2.1"),
        (0, Decimal(0), "0"),
        (1, Decimal(100), "100"),
    ],
)
def test_tax_percentage_is_in_percent(fraction: float, percent: Decimal, text: str) -> None:
    rate = tax_rate_from_exact({**VAT_CODE_ROW, "Percentage": fraction}, division=DIVISION)
    assert rate.percentage == percent
    assert json.loads(rate.model_dump_json())["percentage"] == text


def test_tax_fraction_stays_in_remote_data() -> None:
    rate = tax_rate_from_exact(VAT_CODE_ROW, division=DIVISION, remote_data=True)
    assert rate.remote_data is not None
    assert rate.remote_data["Percentage"] == 0.2
    assert rate.percentage == Decimal(20)


def test_tax_rate_fields() -> None:
    rate = tax_rate_from_exact(VAT_CODE_ROW, division=DIVISION)
    assert (rate.code, rate.name) == ("2", "TVA 20% collectée")
    assert rate.type is TaxType.EXCLUDING
    assert rate.applies_to is TaxAppliesTo.SALES
    assert rate.is_blocked is True


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("E", TaxType.EXCLUDING),
        ("I", TaxType.INCLUDING),
        ("N", TaxType.NONE),
        ("B", TaxType.BASE_ONLY),
    ],
)
def test_tax_types(wire: str, expected: TaxType) -> None:
    assert tax_rate_from_exact({**VAT_CODE_ROW, "Type": wire}, division=DIVISION).type is expected


@pytest.mark.parametrize(
    ("wire", "expected"),
    [("S", TaxAppliesTo.SALES), ("P", TaxAppliesTo.PURCHASE), ("B", TaxAppliesTo.BOTH)],
)
def test_tax_applies_to(wire: str, expected: TaxAppliesTo) -> None:
    row = {**VAT_CODE_ROW, "VATTransactionType": wire}
    assert tax_rate_from_exact(row, division=DIVISION).applies_to is expected


# --- payment terms ------------------------------------------------------------------------


def test_payment_term_fields_and_create_body() -> None:
    term = payment_term_from_exact(PAYMENT_CONDITION_ROW, division=DIVISION)
    assert (term.code, term.name, term.days, term.end_of_months) == (
        "30",
        "30 jours fin de mois",
        30,
        1,
    )
    assert term.payment_method is PaymentMethod.ON_CREDIT
    body = payment_term_to_exact({"code": "45", "name": "45 jours", "days": 45}, method="POST")
    assert body == {"Code": "45", "Description": "45 jours", "PaymentDays": 45}


@pytest.mark.parametrize(
    ("wire", "expected"),
    [("B", PaymentMethod.ON_CREDIT), ("I", PaymentMethod.COLLECTION), ("K", PaymentMethod.CASH)],
)
def test_payment_methods(wire: str, expected: PaymentMethod) -> None:
    row = {**PAYMENT_CONDITION_ROW, "PaymentMethod": wire}
    term = payment_term_from_exact(row, division=DIVISION)
    assert term.payment_method is expected
    assert payment_term_to_exact({"payment_method": expected}, method="PUT") == {
        "PaymentMethod": wire
    }


# --- fiscal periods -----------------------------------------------------------------------


def test_fiscal_period_dates_are_amsterdam_calendar_dates() -> None:
    period = fiscal_period_from_exact(FINANCIAL_PERIOD_ROW, division=DIVISION)
    assert (period.year, period.period) == (2024, 2)
    assert period.start_date == date(2024, 2, 1)
    assert period.end_date == date(2024, 2, 29)


# --- JSON schema --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "required", "enums"),
    [
        (
            LedgerAccount,
            ["id", "division", "code", "name"],
            {"type", "balance_side", "balance_type"},
        ),
        (Journal, ["id", "division", "code", "name", "type"], {"type"}),
        (TaxRate, ["id", "division", "code", "name"], {"type", "applies_to"}),
        (PaymentTerm, ["id", "division", "code", "name"], {"payment_method"}),
        (FiscalPeriod, ["id", "division", "year", "period"], set()),
    ],
)
def test_json_schema(model: type[Any], required: list[str], enums: set[str]) -> None:
    schema = model.model_json_schema()
    assert schema["required"] == required
    for name in enums:
        prop = schema["properties"][name]
        refs = [v.get("$ref") for v in prop.get("anyOf", [prop])]
        assert any(ref and ref.startswith("#/$defs/") for ref in refs), name


def test_tax_rate_schema_has_percentage_as_decimal_string() -> None:
    prop = TaxRate.model_json_schema()["properties"]["percentage"]
    assert {"type": "string", "pattern": r"^-?\d+(\.\d+)?$", "format": "decimal"} in prop["anyOf"]


def test_fiscal_period_dates_in_schema() -> None:
    props = FiscalPeriod.model_json_schema()["properties"]
    formats = [v.get("format") for v in props["start_date"]["anyOf"]]
    assert "date" in formats
