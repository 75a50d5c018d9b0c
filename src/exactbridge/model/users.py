"""Users: the people who can open a division, and the signed-in user.

Sources: `users/Users` (a division's users) and `current/Me` (whoever the connection's
token belongs to), both read only. `id` is Exact's `UserID` on both, so the signed-in user
and their row among a division's users are the same record id.

`current/Me` lives outside any division: its `division` is the one the caller read it for
(its `CurrentDivision`, usually). Whether a `users/Users` user is active depends on the
day (Exact keeps start and end dates), so it is a question (`is_active_on`), not a stored
flag: the model layer reads no clock.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from exactbridge.model._base import UnifiedRecord, UtcDatetime

__all__ = ["User"]


class User(UnifiedRecord):
    """One user (`users/Users` or `current/Me`); read only."""

    user_name: str | None = Field(default=None, description="Exact `UserName` (the login).")
    full_name: str | None = Field(default=None, description="Exact `FullName`.")
    first_name: str | None = Field(default=None, description="Exact `FirstName`.")
    middle_name: str | None = Field(default=None, description="Exact `MiddleName`.")
    last_name: str | None = Field(default=None, description="Exact `LastName`.")
    title: str | None = Field(default=None, description="Exact `Title` (e.g. `Mr.`).")
    email: str | None = Field(default=None, description="Exact `Email`.")
    phone: str | None = Field(default=None, description="Exact `Phone`.")
    mobile: str | None = Field(default=None, description="Exact `Mobile`.")
    language: str | None = Field(
        default=None, description="Exact `Language`, padding trimmed (e.g. `EN`)."
    )
    locale: str | None = Field(
        default=None, description="Exact `LanguageCode` (e.g. `en-GB`; current/Me only)."
    )
    current_division: int | None = Field(
        default=None,
        description="The division Exact opens for the user: `CurrentDivision` (current/Me), "
        "`StartDivision` (users/Users).",
    )
    start_date: dt.date | None = Field(
        default=None, description="Exact `StartDate` (users/Users only)."
    )
    end_date: dt.date | None = Field(
        default=None, description="Exact `EndDate`: last day of access (users/Users only)."
    )
    last_login_at: UtcDatetime | None = Field(
        default=None, description="Exact `LastLogin`, in UTC (users/Users only)."
    )
    has_two_step_verification: bool = Field(
        default=False, description="Exact `HasTwoStepVerification` (users/Users only)."
    )
    is_anonymised: bool = Field(
        default=False, description="Exact `IsAnonymised`: personal data erased (users/Users)."
    )

    def is_active_on(self, day: dt.date) -> bool:
        """Whether the user may open Exact on `day`: within their start and end dates and
        not anonymised."""
        if self.is_anonymised:
            return False
        if self.start_date is not None and day < self.start_date:
            return False
        return self.end_date is None or day <= self.end_date
