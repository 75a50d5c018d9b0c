"""The chart of accounts and its reference tables: ledger accounts, journals, tax rates,
payment terms, fiscal periods, and the divisions themselves (companies)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from exactbridge.actions._resource import Resource, Source, Writes
from exactbridge.mappers import FieldMap
from exactbridge.mappers.companies import COMPANY_MAP, company_from_exact
from exactbridge.mappers.ledger import (
    FISCAL_PERIOD_MAP,
    JOURNAL_MAP,
    LEDGER_ACCOUNT_MAP,
    PAYMENT_TERM_MAP,
    TAX_RATE_MAP,
)
from exactbridge.model import Company

__all__ = ["LEDGER"]


def _company(
    row: Mapping[str, Any], *, division: int, remote_data: bool, custom: Sequence[FieldMap]
) -> Company:
    """A division row as a company of its own division (not the one it was read through)."""
    del division
    return company_from_exact(row, remote_data=remote_data, custom=custom)


LEDGER = (
    Resource(
        name="companies",
        summary="The divisions (administrations) the connection reaches.",
        sources=(
            Source(
                COMPANY_MAP,
                read=_company,
                caveat="the divisions of the current user's license",
            ),
        ),
    ),
    Resource(
        name="ledger_accounts",
        summary="General ledger accounts.",
        sources=(Source(LEDGER_ACCOUNT_MAP),),
        writes=Writes(
            LEDGER_ACCOUNT_MAP,
            update=True,
            identity=("Code",),
            caveats={"update": "the code cannot change once the account is used"},
        ),
    ),
    Resource(
        name="journals",
        summary="Sales, purchase, bank, cash and general journals.",
        sources=(Source(JOURNAL_MAP),),
    ),
    Resource(
        name="tax_rates",
        summary="VAT codes with their percentage.",
        sources=(Source(TAX_RATE_MAP),),
    ),
    Resource(
        name="payment_terms",
        summary="Payment conditions (days, end of month, method).",
        sources=(Source(PAYMENT_TERM_MAP),),
        writes=Writes(PAYMENT_TERM_MAP, identity=("Code",)),
    ),
    Resource(
        name="fiscal_periods",
        summary="Financial periods of each fiscal year.",
        sources=(Source(FISCAL_PERIOD_MAP),),
    ),
)
