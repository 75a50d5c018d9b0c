"""Companies: the Exact divisions (administrations) a connection can open (`system/Divisions`).

A division is the unit everything else lives in, so `Company.division` equals its own code
and `id` is that code as text. Read only: Exact creates divisions in its own screens.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field

from exactbridge.model._base import CurrencyCode, UnifiedRecord

__all__ = ["Company", "CompanyStatus"]


class CompanyStatus(StrEnum):
    """Exact's division `Status`: 0 inactive, 1 active, 2 archived."""

    INACTIVE = "inactive"
    ACTIVE = "active"
    ARCHIVED = "archived"


class Company(UnifiedRecord):
    """One Exact division."""

    name: str = Field(description="Exact `Description`.")
    currency: CurrencyCode | None = Field(default=None, description="Exact `Currency`.")
    country: str | None = Field(default=None, description="Exact `Country`, padding trimmed.")
    legislation: str | None = Field(
        default=None, description="Exact `Legislation` (accounting rules), padding trimmed."
    )
    vat_number: str | None = Field(default=None, description="Exact `VATNumber`.")
    chamber_of_commerce: str | None = Field(
        default=None, description="Exact `ChamberOfCommerceNumber`."
    )
    email: str | None = Field(default=None, description="Exact `Email`.")
    phone: str | None = Field(default=None, description="Exact `Phone`.")
    address_line1: str | None = Field(default=None, description="Exact `AddressLine1`.")
    postal_code: str | None = Field(default=None, description="Exact `Postcode`.")
    city: str | None = Field(default=None, description="Exact `City`.")
    start_date: date | None = Field(default=None, description="Exact `StartDate`.")
    status: CompanyStatus = Field(description="Exact `Status`: 0 inactive, 1 active, 2 archived.")
    is_main: bool = Field(default=False, description="Exact `IsMainDivision`.")
    is_blocked: bool = Field(
        default=False, description="Exact `BlockingStatus` other than 0 (busy or blocked)."
    )
    template_code: str | None = Field(default=None, description="Exact `TemplateCode`.")
