"""The books: journal entries, ledger lines, ledger balances, fiscal years, bank accounts, users.

- `journal_entries` are read from `financialtransaction/Transactions` (every booked entry,
  whatever booked it, with its lines) and created as memorial bookings through
  `generaljournalentry/GeneralJournalEntries`, which share the entry's key: a created entry
  is read back from the books it was booked into. An unbalanced entry is refused before
  Exact is called (Exact would refuse it too, with an HTTP 500 that spends a call and counts
  toward the endpoint's error budget), and the journal, when not given, is the division's
  general journal with the lowest code: Exact needs one, a user should not have to know it.
- `transactions` (`TransactionLines`) and `ledger_balances` (`ReportingBalance`: each
  ledger account's movements per reporting period) are read only.
- `fiscal_years` are derived from `financial/FinancialPeriods`: Exact has no table of years.
- `bank_accounts` are the bank accounts of relations (`crm/BankAccounts`). `cashflow/Banks`
  is Exact's list of banks (institutions with a BIC), which an account points at through
  `bank_id`; it holds no accounts, so it is not a source of this resource.
- `users` are a division's users; `me` is the signed-in user (`current/Me`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError

from exactbridge.actions._resource import Operation, Resource, Source, Writes
from exactbridge.client import Query
from exactbridge.errors import NotFound
from exactbridge.mappers.banking import BANK_ACCOUNT_MAP
from exactbridge.mappers.entries import (
    JOURNAL_ENTRY_CREATE_MAP,
    JOURNAL_ENTRY_MAP,
    LEDGER_BALANCE_MAP,
    TRANSACTION_MAP,
)
from exactbridge.mappers.fiscal import FISCAL_YEAR_MAP, fiscal_years
from exactbridge.mappers.ledger import FISCAL_PERIOD_MAP
from exactbridge.mappers.users import CURRENT_USER_MAP, USER_MAP
from exactbridge.model import JournalType
from exactbridge.model.entries import JournalEntryLine, imbalance
from exactbridge.model.users import User

if TYPE_CHECKING:
    from exactbridge.actions._actions import Actions
    from exactbridge.actions._context import ActionContext

__all__ = ["ENTRIES", "entry_balance_problems"]


def entry_balance_problems(fields: Mapping[str, Any]) -> dict[str, str]:
    """The `line_items` problem of a journal entry body that Exact would refuse as unbalanced
    (naming the difference), or that has no lines at all; empty otherwise.

    Lines the map itself refuses (a missing amount, an unknown field) are left to the map,
    which names each by its index: the sum of such lines means nothing.
    """
    lines = fields.get("line_items")
    if lines is None or (isinstance(lines, Sequence) and not lines):
        return {"line_items": "an entry needs its lines: at least one debit and one credit"}
    if isinstance(lines, str | bytes) or not isinstance(lines, Sequence):
        return {}
    try:
        parsed = [JournalEntryLine.model_validate(line) for line in lines]
    except ValidationError:
        return {}
    difference = imbalance(parsed)
    if difference is None or difference == 0:
        return {}
    return {
        "line_items": f"not in balance: the lines sum to {difference:f}, not 0 "
        "(debit positive, credit negative)"
    }


async def _general_journal(
    context: ActionContext, division: int, method: Literal["POST", "PUT"], body: dict[str, Any]
) -> dict[str, Any]:
    """A create without a journal is booked in the division's general journal (lowest code)."""
    if method == "POST" and not body.get("JournalCode"):
        journal = await context.defaults.journal(division, JournalType.GENERAL)
        return {**body, "JournalCode": journal}
    return body


_ENTRY_DRAFT_MAP = replace(JOURNAL_ENTRY_CREATE_MAP, required=())
"""The create map without its required journal: `_general_journal` fills it, after the map
has built the body and before Exact sees it."""


async def _me(actions: Actions, division: int, *, remote_data: bool = False) -> User:
    """The signed-in user, read afresh: `current_division` follows the user's choice in
    Exact's screens, so the client's cached `current/Me` may be stale. `division` is the one
    the caller asks for (`current/Me` has none of its own)."""
    async for envelope in actions.client.pages(None, Query(CURRENT_USER_MAP.spec.path)):
        for row in envelope.rows:
            return CURRENT_USER_MAP.from_exact(row, division=division, remote_data=remote_data)
    msg = "current/Me answered without a user"
    raise NotFound(msg)


ENTRIES: tuple[Resource, ...] = (
    Resource(
        name="journal_entries",
        summary="Booked entries with their debit and credit lines; memorial bookings.",
        sources=(
            Source(
                JOURNAL_ENTRY_MAP,
                expand="TransactionLines",
                caveat="every booked entry (sales, purchases, statements, memorials)",
            ),
        ),
        writes=Writes(
            _ENTRY_DRAFT_MAP,
            prepare=_general_journal,
            check=entry_balance_problems,
            identity=("JournalCode", "EntryNumber"),
            identity_needed=2,
            caveats={
                "create": "general journal (memorial) entries; refused before any call unless "
                "the lines balance; journal defaults to the division's general journal; "
                "dates and descriptions go on the lines (Exact's header has neither)"
            },
        ),
    ),
    Resource(
        name="transactions",
        summary="Ledger lines: every line of every booked entry.",
        sources=(Source(TRANSACTION_MAP),),
    ),
    Resource(
        name="ledger_balances",
        summary="Ledger account balances per reporting period (debit, credit, net, lines).",
        sources=(
            Source(
                LEDGER_BALANCE_MAP,
                caveat="one row per account, period, cost centre and cost unit",
            ),
        ),
    ),
    Resource(
        name="fiscal_years",
        summary="Financial years with their start, end and number of periods.",
        sources=(
            Source(
                FISCAL_YEAR_MAP,
                read=FISCAL_PERIOD_MAP.from_exact,
                caveat="derived from the periods: Exact keeps no table of years",
            ),
        ),
        derive=fiscal_years,
    ),
    Resource(
        name="bank_accounts",
        summary="Bank accounts of customers and suppliers.",
        sources=(
            Source(
                BANK_ACCOUNT_MAP,
                caveat="relations' accounts only: `cashflow/Banks` lists banks "
                "(institutions, `bank_id`), not accounts",
            ),
        ),
        writes=Writes(BANK_ACCOUNT_MAP, identity=("Account", "BankAccount"), identity_needed=2),
    ),
    Resource(
        name="users",
        summary="The users of a division, and the signed-in user.",
        sources=(Source(USER_MAP),),
        operations=(
            Operation(
                name="me",
                endpoint=CURRENT_USER_MAP.spec.path,
                run=_me,
                summary="The signed-in user (whose consent the connection holds).",
                caveat="no division in its URL: not counted against the rate limits",
            ),
        ),
    ),
)
