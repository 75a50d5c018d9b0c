"""Companies mapper: `system/Divisions` rows as `Company` (read only).

The row follows the shape recorded in `../shared/reference/exact-recorded/list-divisions.json`.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

import pytest

from exactbridge.errors import WireFormatError
from exactbridge.mappers import COMPANY_MAP, company_from_exact
from exactbridge.model import Company, CompanyStatus
from tests.unit.mappers.conformance import Family, MapperConformance

DIVISION_ROW: Final[dict[str, Any]] = {
    "__metadata": {
        "uri": "https://start.exactonline.fr/api/v1/124132/system/Divisions(124132)",
        "type": "Exact.Web.Api.Models.System.Division",
    },
    "AddressLine1": "1 avenue des Champs",
    "BlockingStatus": 0,
    "ChamberOfCommerceNumber": "812345678",
    "City": "Paris",
    "Code": 124132,
    "Country": "FR ",
    "Created": "/Date(1720041459380)/",
    "Currency": "EUR",
    "Current": True,
    "Description": "Nango",
    "Email": "samuel@nango.dev",
    "Hid": "1",
    "IsMainDivision": True,
    "Legislation": "FR ",
    "Modified": "/Date(1722263653427)/",
    "Phone": "0606060606",
    "Postcode": "75008",
    "StartDate": "/Date(1722211200000)/",
    "Status": 1,
    "TemplateCode": "FR_Base_CA3",
    "VATNumber": "FR12812345678",
}


class TestCompanyConformance(MapperConformance):
    family = Family(COMPANY_MAP, company_from_exact, None, DIVISION_ROW, 124132)


def test_company_is_its_own_division() -> None:
    company = company_from_exact(DIVISION_ROW)
    assert company.id == "124132"
    assert company.division == 124132
    assert company.name == "Nango"
    assert (company.country, company.legislation, company.currency) == ("FR", "FR", "EUR")
    assert company.status is CompanyStatus.ACTIVE
    assert company.start_date == date(2024, 7, 29)
    assert company.is_main is True
    assert company.is_blocked is False


@pytest.mark.parametrize(
    ("wire", "status"),
    [(0, CompanyStatus.INACTIVE), (1, CompanyStatus.ACTIVE), (2, CompanyStatus.ARCHIVED)],
)
def test_division_status(wire: int, status: CompanyStatus) -> None:
    assert company_from_exact({**DIVISION_ROW, "Status": wire}).status is status


def test_busy_division_is_blocked() -> None:
    assert company_from_exact({**DIVISION_ROW, "BlockingStatus": 3}).is_blocked is True


def test_unknown_status_is_a_wire_error() -> None:
    with pytest.raises(WireFormatError):
        company_from_exact({**DIVISION_ROW, "Status": 7})


def test_json_schema() -> None:
    schema = Company.model_json_schema()
    assert schema["required"] == ["id", "division", "name", "status"]
    assert schema["properties"]["status"]["$ref"] == "#/$defs/CompanyStatus"
