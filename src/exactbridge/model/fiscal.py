"""Fiscal years: the financial years of a division, derived from their periods.

Exact has no table of fiscal years: `financial/FinancialPeriods` holds one row per period
(`FinYear`, `FinPeriod`, `StartDate`, `EndDate`), and a year is what its periods cover. A
`FiscalYear` is built from all of a year's periods (`exactbridge.mappers.fiscal`), so it
always agrees with them: it starts on its first period's start, ends on its last period's
end and counts its periods (12 months, or 13 with a closing period). `id` is the year in
text (`2026`), unique within a division.
"""

from __future__ import annotations

from datetime import date

from pydantic import Field

from exactbridge.model._base import UnifiedRecord

__all__ = ["FiscalYear"]


class FiscalYear(UnifiedRecord):
    """One financial year of a division, derived from `financial/FinancialPeriods`; read only.

    `created_at` / `modified_at` are the earliest creation and the latest change among the
    year's periods, so a `modified_since` read finds a year whose periods changed.
    """

    year: int = Field(description="Exact `FinYear` (need not equal the calendar year).")
    start_date: date | None = Field(
        default=None, description="The earliest `StartDate` of the year's periods."
    )
    end_date: date | None = Field(
        default=None, description="The latest `EndDate` of the year's periods."
    )
    period_count: int = Field(description="How many periods (`FinPeriod`) the year has.")
