"""Fiscal years from fiscal periods: a pure derivation, and the map that documents it.

A fiscal year is not a row of Exact (see `exactbridge.model.fiscal`): `fiscal_years` groups
the periods read from `financial/FinancialPeriods` by division and year. `FISCAL_YEAR_MAP`
names the Exact properties each year field comes from, so the generated model reference and
the capability matrix describe `FiscalYear` over its real source; records are never mapped
from it row by row (a period row is not a year; `period_count` has no Exact property, so
`FISCAL_YEAR_MAP.from_exact` refuses a row rather than invent a year from one period).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from exactbridge.exact.financial import FINANCIAL_PERIODS
from exactbridge.mappers._codecs import DAY, INTEGER
from exactbridge.mappers._core import FieldMap, ResourceMap
from exactbridge.model.fiscal import FiscalYear
from exactbridge.model.ledger import FiscalPeriod

__all__ = ["FISCAL_YEAR_MAP", "fiscal_years"]

FISCAL_YEAR_MAP: ResourceMap[FiscalYear] = ResourceMap(
    model=FiscalYear,
    spec=FINANCIAL_PERIODS,
    fields=(
        FieldMap("year", "FinYear", INTEGER),
        FieldMap("start_date", "StartDate", DAY),
        FieldMap("end_date", "EndDate", DAY),
    ),
)


def fiscal_years(periods: Iterable[FiscalPeriod]) -> list[FiscalYear]:
    """One `FiscalYear` per (division, year) of `periods`, in that order.

    With `remote_data` on the periods, a year carries them as
    `{"FinancialPeriods": [row, ...]}` in period order.
    """
    groups: dict[tuple[int, int], list[FiscalPeriod]] = {}
    for period in periods:
        groups.setdefault((period.division, period.year), []).append(period)
    return [_year(rows) for _, rows in sorted(groups.items())]


def _year(periods: Sequence[FiscalPeriod]) -> FiscalYear:
    ordered = sorted(periods, key=lambda p: p.period)
    first = ordered[0]
    starts = [p.start_date for p in ordered if p.start_date is not None]
    ends = [p.end_date for p in ordered if p.end_date is not None]
    created = [p.created_at for p in ordered if p.created_at is not None]
    modified = [p.modified_at for p in ordered if p.modified_at is not None]
    raw: list[dict[str, Any]] = [p.remote_data for p in ordered if p.remote_data is not None]
    return FiscalYear(
        id=str(first.year),
        division=first.division,
        year=first.year,
        start_date=min(starts, default=None),
        end_date=max(ends, default=None),
        period_count=len({p.period for p in ordered}),
        created_at=min(created, default=None),
        modified_at=max(modified, default=None),
        remote_data={"FinancialPeriods": raw} if raw else None,
    )
