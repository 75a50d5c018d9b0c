"""Mapper for companies: `system/Divisions` rows as `Company` records (read only)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from exactbridge.exact.system import DIVISIONS
from exactbridge.mappers._codecs import CODE, DAY, FLAG, TEXT, Choice
from exactbridge.mappers._core import FieldMap, ResourceMap, record_from_exact
from exactbridge.model.companies import Company, CompanyStatus

__all__ = ["COMPANY_MAP", "company_from_exact"]

DIVISION_STATUS = Choice(
    {0: CompanyStatus.INACTIVE, 1: CompanyStatus.ACTIVE, 2: CompanyStatus.ARCHIVED}
)


class _Blocking:
    """`BlockingStatus` 0 is free; 1-6 are Exact's busy or blocked states."""

    def decode(self, wire: Any) -> bool:
        return bool(wire)

    def encode(self, value: Any) -> int:
        return 1 if value else 0


COMPANY_MAP: ResourceMap[Company] = ResourceMap(
    model=Company,
    spec=DIVISIONS,
    fields=(
        FieldMap("name", "Description", TEXT),
        FieldMap("currency", "Currency", CODE),
        FieldMap("country", "Country", CODE),
        FieldMap("legislation", "Legislation", CODE),
        FieldMap("vat_number", "VATNumber", TEXT),
        FieldMap("chamber_of_commerce", "ChamberOfCommerceNumber", TEXT),
        FieldMap("email", "Email", TEXT),
        FieldMap("phone", "Phone", TEXT),
        FieldMap("address_line1", "AddressLine1", TEXT),
        FieldMap("postal_code", "Postcode", TEXT),
        FieldMap("city", "City", TEXT),
        FieldMap("start_date", "StartDate", DAY),
        FieldMap("status", "Status", DIVISION_STATUS),
        FieldMap("is_main", "IsMainDivision", FLAG),
        FieldMap("is_blocked", "BlockingStatus", _Blocking()),
        FieldMap("template_code", "TemplateCode", CODE),
    ),
)


def company_from_exact(
    row: Mapping[str, Any],
    *,
    division: int | None = None,
    remote_data: bool = False,
    custom: Sequence[FieldMap] = (),
) -> Company:
    """A `system/Divisions` JSON row as a `Company`; its division defaults to its own code."""
    own = int(row["Code"])
    return record_from_exact(
        COMPANY_MAP,
        row,
        division=own if division is None else division,
        remote_data=remote_data,
        custom=custom,
    )
