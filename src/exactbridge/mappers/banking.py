"""Mappers for bank accounts (`crm/BankAccounts`: read, create, update) and banks
(`cashflow/Banks`: read only).

A bank account belongs to a relation (`Account`) and needs its number (`BankAccount`) to be
created; the model fills the number from the IBAN when only that is given. Exact names the
bank (`BankName`) from the bank the account points at (`Bank`), so the name is read only.
"""

from __future__ import annotations

from exactbridge.exact.cashflow import BANKS
from exactbridge.exact.crm import BANK_ACCOUNTS
from exactbridge.mappers._codecs import CODE, FLAG, GUID, TEXT, Choice
from exactbridge.mappers._core import FieldMap, ResourceMap
from exactbridge.model.banking import Bank, BankAccount, BankStatus

__all__ = ["BANK_ACCOUNT_MAP", "BANK_MAP", "BANK_STATUS"]

BANK_STATUS = Choice({"A": BankStatus.ACTIVE, "P": BankStatus.PASSIVE})

BANK_ACCOUNT_MAP: ResourceMap[BankAccount] = ResourceMap(
    model=BankAccount,
    spec=BANK_ACCOUNTS,
    fields=(
        FieldMap("account_id", "Account", GUID),
        FieldMap("account_name", "AccountName", TEXT),
        FieldMap("account_number", "BankAccount", TEXT),
        FieldMap("iban", "IBAN", TEXT),
        FieldMap("bic", "BICCode", TEXT),
        FieldMap("bank_id", "Bank", GUID),
        FieldMap("bank_name", "BankName", TEXT),
        FieldMap("holder_name", "BankAccountHolderName", TEXT),
        FieldMap("description", "Description", TEXT),
        FieldMap("is_main", "Main", FLAG),
    ),
    required=(("account_id",), ("account_number",)),
)

BANK_MAP: ResourceMap[Bank] = ResourceMap(
    model=Bank,
    spec=BANKS,
    fields=(
        FieldMap("name", "BankName", TEXT),
        FieldMap("bic", "BICCode", TEXT),
        FieldMap("country", "Country", CODE),
        FieldMap("description", "Description", TEXT),
        FieldMap("number_format", "Format", TEXT),
        FieldMap("website", "HomePageAddress", TEXT),
        FieldMap("status", "Status", BANK_STATUS),
    ),
)
