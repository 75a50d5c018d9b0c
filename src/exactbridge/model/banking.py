"""Bank accounts of relations and Exact's list of banks.

Sources: `crm/BankAccounts` (a customer's or supplier's bank accounts: read, create,
update) and `cashflow/Banks` (the banks Exact knows, with their BIC and number format: read
only). Exact keeps the account number it was given in `BankAccount` and, for an IBAN, the
same text in `IBAN`; a create needs the number, so a `BankAccount` draft given only an
`iban` sends that IBAN as its number too.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import Field, model_validator

from exactbridge.model._base import UnifiedRecord

__all__ = ["Bank", "BankAccount", "BankStatus"]


class BankAccount(UnifiedRecord):
    """One bank account of a relation (`crm/BankAccounts`)."""

    account_id: str = Field(description="Exact `Account`: the relation owning it (GUID).")
    account_name: str | None = Field(default=None, description="Exact `AccountName` (read only).")
    account_number: str | None = Field(
        default=None,
        description="Exact `BankAccount`: the number as given (an IBAN or a local number); "
        "required to create, taken from `iban` when absent.",
    )
    iban: str | None = Field(default=None, description="Exact `IBAN`.")
    bic: str | None = Field(default=None, description="Exact `BICCode`.")
    bank_id: str | None = Field(
        default=None, description="Exact `Bank`: the bank in `cashflow/Banks` (GUID)."
    )
    bank_name: str | None = Field(default=None, description="Exact `BankName` (read only).")
    holder_name: str | None = Field(default=None, description="Exact `BankAccountHolderName`.")
    description: str | None = Field(default=None, description="Exact `Description`.")
    is_main: bool = Field(
        default=False, description="Exact `Main`: the relation's main bank account."
    )

    @model_validator(mode="before")
    @classmethod
    def _number_from_iban(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("account_number") is None and data.get("iban"):
            return {**data, "account_number": data["iban"]}
        return data


class BankStatus(StrEnum):
    """Exact bank `Status`: A active, P passive (no longer in use)."""

    ACTIVE = "active"
    PASSIVE = "passive"


class Bank(UnifiedRecord):
    """One bank (`cashflow/Banks`); read only."""

    name: str = Field(description="Exact `BankName`.")
    bic: str | None = Field(default=None, description="Exact `BICCode`.")
    country: str | None = Field(default=None, description="Exact `Country` (ISO 3166 code).")
    description: str | None = Field(default=None, description="Exact `Description`.")
    number_format: str | None = Field(
        default=None, description="Exact `Format`: how its account numbers are written."
    )
    website: str | None = Field(default=None, description="Exact `HomePageAddress`.")
    status: BankStatus | None = Field(default=None, description="Exact `Status`.")
