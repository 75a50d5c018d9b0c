"""Banking mappers: relations' bank accounts (`crm/BankAccounts`) and banks (`cashflow/Banks`).

No bank account or bank response was recorded; the rows follow the specs (key first, then
alphabetical, `/Date(ms)/` in Amsterdam wall-clock time) with French values.
"""

from __future__ import annotations

from typing import Any, Final

import pytest

from exactbridge.errors import InvalidBody, WireFormatError
from exactbridge.mappers.banking import BANK_ACCOUNT_MAP, BANK_MAP
from exactbridge.model.banking import Bank, BankAccount, BankStatus
from tests.unit.mappers.conformance import Family, MapperConformance

DIVISION: Final = 124132
RELATION: Final = "D99B2D39-B997-4AC4-9BC3-2BEAB7E2A8DD"
BANK_ID: Final = "077d0cd5-bf28-457a-bf1b-7f935b72761e"

BANK_ACCOUNT_ROW: Final[dict[str, Any]] = {
    "__metadata": {
        "uri": f"https://start.exactonline.fr/api/v1/{DIVISION}/crm/BankAccounts"
        "(guid'1a98b855-a77d-401f-877f-e68031212dc0')",
        "type": "Exact.Web.Api.Models.BankAccount",
    },
    "ID": "1a98b855-a77d-401f-877f-e68031212dc0",
    "Account": RELATION,
    "AccountName": "Top Tip SARL",
    "Bank": BANK_ID,
    "BankAccount": "FR7630006000011234567890189",
    "BankAccountHolderName": "TOP TIP SARL",
    "BankDescription": "Crédit Agricole SA",
    "BankName": "Crédit Agricole",
    "BICCode": "AGRIFRPP",
    "Created": "/Date(1723472960657)/",
    "Creator": "cc20a11b-c137-48cc-8e55-09d4adbd4ac9",
    "CreatorFullName": "Samuel Bodin",
    "Description": "Compte courant",
    "Division": DIVISION,
    "Format": None,
    "IBAN": "FR7630006000011234567890189",
    "Main": True,
    "Modified": "/Date(1723472960657)/",
    "Modifier": "cc20a11b-c137-48cc-8e55-09d4adbd4ac9",
    "ModifierFullName": "Samuel Bodin",
    "PaymentServiceAccount": None,
    "Type": None,
    "TypeDescription": None,
}

BANK_ROW: Final[dict[str, Any]] = {
    "__metadata": {
        "uri": f"https://start.exactonline.fr/api/v1/{DIVISION}/cashflow/Banks(guid'{BANK_ID}')",
        "type": "Exact.Web.Api.Models.Bank",
    },
    "ID": BANK_ID,
    "BankName": "Crédit Agricole",
    "BICCode": "AGRIFRPP",
    "Country": "FR ",
    "Created": "/Date(1719229537747)/",
    "Description": "Crédit Agricole SA",
    "Format": "FRkk BBBB BGGG GGCC CCCC CCCC CKK",
    "HomePageAddress": "www.credit-agricole.fr",
    "Modified": "/Date(1719229537747)/",
    "Status": "A",
}


class TestBankAccountConformance(MapperConformance):
    family = Family(
        BANK_ACCOUNT_MAP,
        BANK_ACCOUNT_MAP.from_exact,
        BANK_ACCOUNT_MAP.to_exact,
        BANK_ACCOUNT_ROW,
        DIVISION,
        frozenset({"account_id", "account_number"}),
    )


class TestBankConformance(MapperConformance):
    family = Family(BANK_MAP, BANK_MAP.from_exact, None, BANK_ROW, DIVISION)


def test_bank_account_fields() -> None:
    account = BANK_ACCOUNT_MAP.from_exact(BANK_ACCOUNT_ROW, division=DIVISION)
    assert account.account_id == RELATION.lower()
    assert (account.iban, account.bic) == ("FR7630006000011234567890189", "AGRIFRPP")
    assert (account.bank_id, account.bank_name) == (BANK_ID, "Crédit Agricole")
    assert (account.holder_name, account.description) == ("TOP TIP SARL", "Compte courant")
    assert account.is_main is True


def test_a_draft_with_only_an_iban_sends_it_as_the_number() -> None:
    draft = BankAccount(id="x", division=DIVISION, account_id=RELATION, iban="NL91ABNA0417164300")
    assert draft.account_number == "NL91ABNA0417164300"
    body = BANK_ACCOUNT_MAP.to_exact(draft, method="POST")
    assert body == {
        "Account": RELATION.lower(),
        "BankAccount": "NL91ABNA0417164300",
        "IBAN": "NL91ABNA0417164300",
        "Main": False,
    }


def test_a_local_number_is_kept_beside_the_iban() -> None:
    draft = BankAccount(
        id="x", division=DIVISION, account_id=RELATION, account_number="417164300",
        iban="NL91ABNA0417164300",
    )  # fmt: skip
    assert draft.account_number == "417164300"


def test_bank_name_is_read_only() -> None:
    with pytest.raises(InvalidBody) as caught:
        BANK_ACCOUNT_MAP.to_exact({"bank_name": "ING", "account_name": "X"}, method="PUT")
    assert caught.value.problems == {"bank_name": "read only", "account_name": "read only"}


def test_a_partial_update_moves_the_main_flag() -> None:
    assert BANK_ACCOUNT_MAP.to_exact({"is_main": False}, method="PUT") == {"Main": False}


def test_bank_fields() -> None:
    bank = BANK_MAP.from_exact(BANK_ROW, division=DIVISION)
    assert (bank.name, bank.bic, bank.country) == ("Crédit Agricole", "AGRIFRPP", "FR")
    assert bank.website == "www.credit-agricole.fr"
    assert bank.number_format == "FRkk BBBB BGGG GGCC CCCC CCCC CKK"
    assert bank.status is BankStatus.ACTIVE


@pytest.mark.parametrize(("wire", "status"), [("A", BankStatus.ACTIVE), ("P", BankStatus.PASSIVE)])
def test_bank_statuses(wire: str, status: BankStatus) -> None:
    assert BANK_MAP.from_exact({**BANK_ROW, "Status": wire}, division=DIVISION).status is status


def test_unknown_bank_status_is_a_wire_error() -> None:
    with pytest.raises(WireFormatError):
        BANK_MAP.from_exact({**BANK_ROW, "Status": "X"}, division=DIVISION)


@pytest.mark.parametrize(
    ("model", "required"),
    [(BankAccount, ["id", "division", "account_id"]), (Bank, ["id", "division", "name"])],
)
def test_json_schema(model: type[Any], required: list[str]) -> None:
    schema = model.model_json_schema()
    assert schema["required"] == required
    assert all(prop.get("description") for prop in schema["properties"].values())
