"""Fiscal years derived from fiscal periods: grouping, bounds, counts, stamps, raw rows."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pydantic
import pytest

from exactbridge.mappers.fiscal import FISCAL_YEAR_MAP, fiscal_years
from exactbridge.mappers.ledger import FISCAL_PERIOD_MAP
from exactbridge.model.ledger import FiscalPeriod


def _period(
    division: int, year: int, period: int, start: date | None, end: date | None, **extra: object
) -> FiscalPeriod:
    return FiscalPeriod.model_validate({
        "id": f"{division}-{year}-{period}", "division": division, "year": year,
        "period": period, "start_date": start, "end_date": end, **extra,
    })  # fmt: skip


def test_one_year_per_division_and_year_in_order() -> None:
    periods = [
        _period(2, 2025, 1, date(2025, 1, 1), date(2025, 6, 30)),
        _period(1, 2026, 2, date(2026, 7, 1), date(2026, 12, 31)),
        _period(1, 2025, 1, date(2025, 1, 1), date(2025, 12, 31)),
        _period(1, 2026, 1, date(2026, 1, 1), date(2026, 6, 30)),
    ]
    years = fiscal_years(periods)
    assert [(y.division, y.id, y.year) for y in years] == [
        (1, "2025", 2025),
        (1, "2026", 2026),
        (2, "2025", 2025),
    ]
    split = years[1]
    assert (split.start_date, split.end_date, split.period_count) == (
        date(2026, 1, 1),
        date(2026, 12, 31),
        2,
    )


def test_a_closing_period_counts_and_missing_dates_are_skipped() -> None:
    periods = [
        _period(1, 2024, n, date(2024, n, 1), date(2024, n, 28) if n < 12 else None)
        for n in range(1, 13)
    ]
    periods.append(_period(1, 2024, 13, None, date(2024, 12, 31)))
    (year,) = fiscal_years(periods)
    assert (year.start_date, year.end_date, year.period_count) == (
        date(2024, 1, 1),
        date(2024, 12, 31),
        13,
    )
    assert fiscal_years([]) == []


def test_stamps_span_the_periods_and_raw_rows_travel_along() -> None:
    early, late = datetime(2024, 1, 2, tzinfo=UTC), datetime(2025, 3, 4, tzinfo=UTC)
    periods = [
        _period(1, 2024, 2, None, None, created_at=late, modified_at=late,
                remote_data={"FinPeriod": 2}),
        _period(1, 2024, 1, None, None, created_at=early, modified_at=early,
                remote_data={"FinPeriod": 1}),
    ]  # fmt: skip
    (year,) = fiscal_years(periods)
    assert (year.created_at, year.modified_at) == (early, late)
    assert year.remote_data == {"FinancialPeriods": [{"FinPeriod": 1}, {"FinPeriod": 2}]}
    assert (
        fiscal_years([p.model_copy(update={"remote_data": None}) for p in periods])[0].remote_data
        is None
    )


def test_the_documenting_map_reads_from_the_periods_but_never_maps_a_row() -> None:
    assert FISCAL_YEAR_MAP.spec is FISCAL_PERIOD_MAP.spec
    assert {f.exact for f in FISCAL_YEAR_MAP.fields} <= {f.exact for f in FISCAL_PERIOD_MAP.fields}
    row = {
        "ID": "8f1c7d2e-4b5a-4c3d-9e2f-1a2b3c4d5e6f",
        "FinYear": 2026,
        "FinPeriod": 1,
        "StartDate": None,
        "EndDate": None,
    }
    with pytest.raises(pydantic.ValidationError):
        FISCAL_YEAR_MAP.from_exact(row, division=1)  # one period is not a year
