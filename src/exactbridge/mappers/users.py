"""Mappers for users: a division's users (`users/Users`) and the signed-in user
(`current/Me`), both read only, into one `User` model.

The two endpoints name most properties alike; `users/Users` adds the user's dates and
verification facts, `current/Me` the locale, and each names the user's division its own
way (`StartDivision`, `CurrentDivision`). `current/Me` has no division in its URL and no
`Created`/`Modified`: pass the division it was read for.
"""

from __future__ import annotations

from exactbridge.exact.current import ME
from exactbridge.exact.users import USERS
from exactbridge.mappers._codecs import CODE, DAY, FLAG, INSTANT, INTEGER, TEXT
from exactbridge.mappers._core import FieldMap, ResourceMap
from exactbridge.model.users import User

__all__ = ["CURRENT_USER_MAP", "USER_MAP"]

_SHARED: tuple[FieldMap, ...] = (
    FieldMap("user_name", "UserName", TEXT),
    FieldMap("full_name", "FullName", TEXT),
    FieldMap("first_name", "FirstName", TEXT),
    FieldMap("middle_name", "MiddleName", TEXT),
    FieldMap("last_name", "LastName", TEXT),
    FieldMap("title", "Title", TEXT),
    FieldMap("email", "Email", TEXT),
    FieldMap("phone", "Phone", TEXT),
    FieldMap("mobile", "Mobile", TEXT),
    FieldMap("language", "Language", CODE),
)
"""Properties `users/Users` and `current/Me` name alike."""

USER_MAP: ResourceMap[User] = ResourceMap(
    model=User,
    spec=USERS,
    fields=(
        *_SHARED,
        FieldMap("current_division", "StartDivision", INTEGER),
        FieldMap("start_date", "StartDate", DAY),
        FieldMap("end_date", "EndDate", DAY),
        FieldMap("last_login_at", "LastLogin", INSTANT),
        FieldMap("has_two_step_verification", "HasTwoStepVerification", FLAG),
        FieldMap("is_anonymised", "IsAnonymised", FLAG),
    ),
)

CURRENT_USER_MAP: ResourceMap[User] = ResourceMap(
    model=User,
    spec=ME,
    fields=(
        *_SHARED,
        FieldMap("locale", "LanguageCode", TEXT),
        FieldMap("current_division", "CurrentDivision", INTEGER),
    ),
)
