"""Bank account, bank and user mappers against the emulator: the whole seed of both
divisions maps, bank accounts belong to existing relations, the signed-in user is one of
each division's users, and a bank account written through the unified model reads back
equal (then changes through a partial update).

Rows go through `exactbridge.wire.loads` exactly as the client would hand them over, every
page followed through `__next`.
"""

from __future__ import annotations

from collections import Counter

from exactbridge.mappers.banking import BANK_ACCOUNT_MAP, BANK_MAP
from exactbridge.mappers.users import CURRENT_USER_MAP, USER_MAP
from exactbridge.model.banking import BankAccount, BankStatus
from exactbridge.wire import loads
from tests.support.emulator import EmulatorClient
from tests.support.rows import all_rows, create, one_row, update

_NIL = "00000000-0000-0000-0000-000000000000"


async def test_bank_accounts_belong_to_existing_relations(exact: EmulatorClient) -> None:
    for division in exact.state.store.divisions:
        relations = {row["ID"] for row in await all_rows(exact, division, "crm/Accounts")}
        banks = {
            bank.id: bank
            for bank in (
                BANK_MAP.from_exact(row, division=division)
                for row in await all_rows(exact, division, "cashflow/Banks")
            )
        }
        assert banks
        assert all(bank.bic and bank.status is BankStatus.ACTIVE for bank in banks.values())
        accounts = [
            BANK_ACCOUNT_MAP.from_exact(row, division=division)
            for row in await all_rows(exact, division, "crm/BankAccounts")
        ]
        assert accounts
        for account in accounts:
            assert account.division == division
            assert account.account_id in relations
            assert account.account_number
            assert account.iban == account.account_number  # the seed books IBANs
            assert account.bank_id is None or account.bank_id in banks
        mains = Counter(account.account_id for account in accounts if account.is_main)
        assert mains
        assert max(mains.values()) == 1  # at most one main account per relation


async def test_users_and_the_signed_in_user_map(exact: EmulatorClient) -> None:
    response = await exact.get("/api/v1/current/Me")
    assert response.status_code == 200, response.text
    (row,) = loads(response.content)["d"]["results"]
    me = CURRENT_USER_MAP.from_exact(row, division=row["CurrentDivision"])
    assert me.current_division in exact.state.store.divisions
    assert me.full_name
    assert me.email
    assert me.created_at is None  # current/Me has no audit stamps
    for division in exact.state.store.divisions:
        users = [
            USER_MAP.from_exact(user, division=division)
            for user in await all_rows(exact, division, "users/Users")
        ]
        assert users
        assert all(user.full_name and user.user_name for user in users)
        assert all(user.current_division in exact.state.store.divisions for user in users)
        mine = next(user for user in users if user.id == me.id)
        assert (mine.full_name, mine.email, mine.language) == (me.full_name, me.email, me.language)


async def test_bank_account_written_through_the_model_reads_back_equal(
    exact: EmulatorClient,
) -> None:
    division = exact.division
    owned = {row["Account"] for row in await all_rows(exact, division, "crm/BankAccounts")}
    relation = next(
        row["ID"]
        for row in await all_rows(exact, division, "crm/Accounts")
        if row["ID"] not in owned
    )
    bank = BANK_MAP.from_exact(
        (await all_rows(exact, division, "cashflow/Banks"))[0], division=division
    )
    draft = BankAccount(
        id=_NIL,
        division=division,
        account_id=relation,
        iban="NL91ABNA0417164300",
        bic=bank.bic,
        bank_id=bank.id,
        holder_name="Unified Test BV",
        description="Savings",
        is_main=True,
    )
    assert draft.account_number == draft.iban  # Exact needs the number: the IBAN is it
    body = BANK_ACCOUNT_MAP.to_exact(draft, method="POST")
    path = "crm/BankAccounts"
    key = await create(exact, division, path, body)
    back = BANK_ACCOUNT_MAP.from_exact(await one_row(exact, division, path, key), division=division)
    written = draft.model_fields_set - {"id"}
    assert back.model_dump(include=written) == draft.model_dump(include=written)
    assert back.account_number == draft.iban

    change = BANK_ACCOUNT_MAP.to_exact({"description": "Current", "is_main": False}, method="PUT")
    await update(exact, division, path, key, change)
    again = BANK_ACCOUNT_MAP.from_exact(
        await one_row(exact, division, path, key), division=division
    )
    assert (again.description, again.is_main) == ("Current", False)
    assert again.model_dump(exclude={"description", "is_main", "modified_at"}) == back.model_dump(
        exclude={"description", "is_main", "modified_at"}
    )
