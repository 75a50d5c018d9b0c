"""User mappers: a division's users (`users/Users`) and the signed-in user (`current/Me`).

The `current/Me` row follows `../shared/reference/exact-recorded/get-current-user.json` (a
French division; every property the map reads filled in); `users/Users` was not recorded,
so its row follows the spec.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

import pytest

from exactbridge.mappers.users import CURRENT_USER_MAP, USER_MAP
from exactbridge.model.users import User
from tests.unit.mappers.conformance import Family, MapperConformance

DIVISION: Final = 124132
USER_ID: Final = "cc20a11b-c137-48cc-8e55-09d4adbd4ac9"

ME_ROW: Final[dict[str, Any]] = {
    "__metadata": {
        "uri": f"https://start.exactonline.fr/api/v1/current/Me(guid'{USER_ID}')",
        "type": "Exact.Web.Api.Models.System.Me",
    },
    "CurrentDivision": DIVISION,
    "DivisionCustomer": "83b186b4-483d-474a-bebc-85da71e6f1ed",
    "DivisionCustomerCode": "           1265594",
    "DivisionCustomerName": "Nango",
    "DivisionCustomerVatNumber": None,
    "DivisionCustomerSiretNumber": "",
    "DossierDivision": None,
    "AccountingDivision": DIVISION,
    "IsEmployeeSelfServiceUser": False,
    "IsMyFirmLiteUser": False,
    "IsStarterUser": False,
    "IsMyFirmPortalUser": False,
    "IsClientUser": True,
    "FullName": "Samuel Bodin",
    "PictureUrl": "https://start.exactonline.fr//docs/images/placeholder_contact_myeol.png",
    "ThumbnailPicture": None,
    "ThumbnailPictureFormat": None,
    "UserID": USER_ID,
    "UserName": "samuel@nango.dev",
    "LanguageCode": "en-GB",
    "Legislation": "128",
    "Email": "samuel@nango.dev",
    "Title": "Mr.",
    "Initials": "S.",
    "FirstName": "Samuel",
    "MiddleName": "J.",
    "LastName": "Bodin",
    "Gender": "O",
    "Nationality": None,
    "Language": "EN",
    "Phone": "0606060606",
    "PhoneExtension": None,
    "Mobile": "0707070707",
    "ServerTime": "2026-06-25T16:12:49",
    "ServerUtcOffset": 7200,
    "EmployeeID": "00000000-0000-0000-0000-000000000000",
    "CustomerCode": "           1265594",
    "PackageCode": "EOLAPPCENTER",
    "IsOEIMigrationMandatory": True,
}

USER_ROW: Final[dict[str, Any]] = {
    "__metadata": {
        "uri": f"https://start.exactonline.fr/api/v1/{DIVISION}/users/Users(guid'{USER_ID}')",
        "type": "Exact.Web.Api.Models.Users.User",
    },
    "UserID": USER_ID,
    "BirthDate": None,
    "BirthName": None,
    "Created": "/Date(1719229291797)/",
    "Creator": None,
    "CreatorFullName": None,
    "Customer": "83b186b4-483d-474a-bebc-85da71e6f1ed",
    "CustomerName": "Nango",
    "Email": "samuel@nango.dev",
    "EndDate": "/Date(1767139200000)/",  # 2025-12-31, Amsterdam wall clock
    "FirstName": "Samuel",
    "FullName": "Samuel J. Bodin",
    "Gender": "O",
    "HasRegisteredForTwoStepVerification": True,
    "HasTwoStepVerification": True,
    "Initials": "S.",
    "IsAnonymised": 1,
    "Language": "FR        ",
    "LastLogin": "/Date(1719838800000)/",  # 2024-07-01 13:00 in Amsterdam (CEST)
    "LastName": "Bodin",
    "MiddleName": "J.",
    "Mobile": "0707070707",
    "Modified": "/Date(1719229291797)/",
    "Modifier": None,
    "ModifierFullName": None,
    "Nationality": "FR",
    "Notes": None,
    "Phone": "0606060606",
    "PhoneExtension": None,
    "ProfileCode": None,
    "StartDate": "/Date(1704067200000)/",  # 2024-01-01
    "StartDivision": DIVISION,
    "Title": "Mr.",
    "UserName": "samuel@nango.dev",
    "UserRoles": {"__deferred": {"uri": "..."}},
    "UserRolesPerDivision": {"__deferred": {"uri": "..."}},
    "UserTypesList": None,
}


class TestUserConformance(MapperConformance):
    family = Family(USER_MAP, USER_MAP.from_exact, None, USER_ROW, DIVISION)


class TestCurrentUserConformance(MapperConformance):
    family = Family(CURRENT_USER_MAP, CURRENT_USER_MAP.from_exact, None, ME_ROW, DIVISION)


def test_current_user_fields() -> None:
    me = CURRENT_USER_MAP.from_exact(ME_ROW, division=DIVISION)
    assert me.id == USER_ID
    assert (me.full_name, me.email, me.user_name) == (
        "Samuel Bodin",
        "samuel@nango.dev",
        "samuel@nango.dev",
    )
    assert (me.language, me.locale, me.current_division) == ("EN", "en-GB", DIVISION)
    assert me.start_date is None
    assert me.is_active_on(dt.date(2030, 1, 1))


def test_division_user_fields() -> None:
    user = USER_MAP.from_exact(USER_ROW, division=DIVISION)
    assert user.id == USER_ID
    assert user.language == "FR"  # padded to ten characters by Exact
    assert user.current_division == DIVISION
    assert (user.start_date, user.end_date) == (dt.date(2024, 1, 1), dt.date(2025, 12, 31))
    assert user.last_login_at == dt.datetime(2024, 7, 1, 11, 0, tzinfo=dt.UTC)
    assert user.has_two_step_verification is True
    assert user.is_anonymised is True


def test_both_endpoints_give_the_same_person_the_same_record_id() -> None:
    me = CURRENT_USER_MAP.from_exact(ME_ROW, division=DIVISION)
    user = USER_MAP.from_exact(USER_ROW, division=DIVISION)
    assert me.id == user.id


@pytest.mark.parametrize(
    ("day", "anonymised", "active"),
    [
        (dt.date(2023, 12, 31), False, False),  # before the start date
        (dt.date(2024, 1, 1), False, True),
        (dt.date(2025, 12, 31), False, True),  # the end date is the last day
        (dt.date(2026, 1, 1), False, False),
        (dt.date(2024, 6, 1), True, False),  # anonymised: gone whatever the dates
    ],
)
def test_is_active_on(day: dt.date, anonymised: bool, active: bool) -> None:
    row = {**USER_ROW, "IsAnonymised": int(anonymised)}
    assert USER_MAP.from_exact(row, division=DIVISION).is_active_on(day) is active


def test_user_without_dates_is_always_active() -> None:
    row = {**USER_ROW, "StartDate": None, "EndDate": None, "IsAnonymised": 0}
    assert USER_MAP.from_exact(row, division=DIVISION).is_active_on(dt.date(1990, 1, 1))


def test_json_schema() -> None:
    schema = User.model_json_schema()
    assert schema["required"] == ["id", "division"]
    assert all(prop.get("description") for prop in schema["properties"].values())
    assert "date-time" in [v.get("format") for v in schema["properties"]["last_login_at"]["anyOf"]]
