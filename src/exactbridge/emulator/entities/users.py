"""users/Users and system/Users: who may open which division.

The licence's users live once, in `system/Users`, which has no division in its URL; the
emulator keeps those rows in the licence's home division (the first one, the user's
current division). Each division's `users/Users` lists the users who may open it, as
`UserDivisionList` says. The two stay in step: a user created or changed through
`system/Users` appears in (or leaves) the divisions listed, and a user the seed adds to a
division joins the licence's list with that division added.

The signed-in user (`current/Me`) is a user of every division that has users: the first
user the seed adds to a division brings the signed-in user along.
"""

from __future__ import annotations

from typing import Any, Final

from exactbridge.emulator.bodies import blank_row
from exactbridge.emulator.entities.base import Behaviour, Context, Embedded, put
from exactbridge.emulator.store import Division, Row
from exactbridge.exact import EntitySpec, find_entity

__all__ = ["BEHAVIOURS", "home_division"]

_USERS: Final = "users/Users"
_SYSTEM_USERS: Final = "system/Users"


def home_division(divisions: dict[int, Division]) -> Division:
    """The division that keeps the licence's division-less rows (the first one)."""
    return next(iter(divisions.values()))


def _spec(path: str) -> EntitySpec:
    spec = find_entity(path)
    assert spec is not None, path
    return spec


def _full_name(row: Row) -> str | None:
    parts = (row.get("FirstName"), row.get("MiddleName"), row.get("LastName"))
    return " ".join(part for part in parts if part) or None


def _division_codes(row: Row) -> list[int]:
    text = row.get("UserDivisionList") or ""
    return [int(part) for part in text.replace(";", ",").split(",") if part.strip().isdigit()]


def _licence_defaults(ctx: Context, spec: EntitySpec, row: Row) -> None:
    me = ctx.store.user
    defaults: dict[str, Any] = {
        "Customer": me.get("DivisionCustomer"),
        "CustomerName": me.get("DivisionCustomerName"),
        "StartDate": ctx.today,
        "Language": "NL",
        "Gender": "O",
    }
    for name, value in defaults.items():
        if row.get(name) is None:
            put(spec, row, name, value)
    put(spec, row, "FullName", _full_name(row))


def _copy(source: Row, target_spec: EntitySpec, into: Row | None) -> Row:
    """`into` (or a blank row) with every property both specs share taken from `source`."""
    row = dict(into) if into is not None else blank_row(target_spec)
    for prop in target_spec.fields:
        if prop.name in source:
            value = source[prop.name]
            row[prop.name] = int(value) if prop.name == "IsAnonymised" else value
    return row


def _join_licence(ctx: Context, user: Row) -> None:
    """Add or update the user in `system/Users`, with this division in its list."""
    home = home_division(ctx.store.divisions)
    spec = _spec(_SYSTEM_USERS)
    existing = home.table(spec).get(user["UserID"])
    row = _copy(user, spec, existing)
    row["IsAnonymised"] = bool(user.get("IsAnonymised"))
    if row.get("AuthenticationType") is None:
        row["AuthenticationType"] = 2  # forms (user name and password)
    codes = _division_codes(existing or {})
    if ctx.division.code not in codes:
        codes.append(ctx.division.code)
    row["UserDivisionList"] = ",".join(str(code) for code in codes)
    ctx.store.save(home, spec, row, "update" if existing else "create")


def _me(ctx: Context) -> Row:
    """The signed-in user as a `users/Users` row of this division."""
    spec = _spec(_USERS)
    me = ctx.store.user
    row = _copy(me, spec, None)
    row |= {
        "Created": ctx.division.info.get("Created") or ctx.now_local,
        "Modified": ctx.division.info.get("Modified") or ctx.now_local,
        "Customer": me.get("DivisionCustomer"),
        "CustomerName": me.get("DivisionCustomerName"),
        "StartDivision": ctx.division.code,
        "IsAnonymised": 0,
        "HasTwoStepVerification": True,
        "HasRegisteredForTwoStepVerification": True,
    }
    row["FullName"] = me.get("FullName") or _full_name(row)
    return row


class UserBehaviour(Behaviour):
    """A division's user (seeded; the API only reads them) joins the licence's list."""

    def fill(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        _licence_defaults(ctx, spec, row)
        if row.get("StartDivision") is None:
            put(spec, row, "StartDivision", ctx.division.code)

    def after_create(
        self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded, *, trusted: bool
    ) -> None:
        _join_licence(ctx, row)
        me_id = ctx.store.user.get("UserID")
        if me_id is not None and ctx.division.table(spec).get(me_id) is None:
            me = _me(ctx)
            ctx.store.save(ctx.division, spec, me, "create")
            _join_licence(ctx, me)


class SystemUserBehaviour(Behaviour):
    """A licence user; the divisions in `UserDivisionList` list them in `users/Users`."""

    def fill(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        _licence_defaults(ctx, spec, row)
        if row.get("UserName") is None:
            put(spec, row, "UserName", row.get("Email"))
        if not _division_codes(row):
            put(spec, row, "UserDivisionList", str(ctx.division.code))
        if row.get("AuthenticationType") is None:
            put(spec, row, "AuthenticationType", 2)  # forms (user name and password)

    def refresh(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        put(spec, row, "FullName", _full_name(row))

    def validate(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        if ctx.duplicates(spec, row, "UserName"):
            raise ctx.refuse("exists", "UserName")
        codes = _division_codes(row)
        if not codes or any(code not in ctx.store.divisions for code in codes):
            raise ctx.refuse("invalid", "UserDivisionList")

    def after_create(
        self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded, *, trusted: bool
    ) -> None:
        self.after_update(ctx, spec, row)

    def after_update(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        users = _spec(_USERS)
        listed = set(_division_codes(row))
        for code, division in ctx.store.divisions.items():
            existing = division.table(users).get(row["UserID"])
            if code in listed:
                mirrored = _copy(row, users, existing)
                if mirrored.get("StartDivision") is None:
                    mirrored["StartDivision"] = min(listed)
                ctx.store.save(division, users, mirrored, "update" if existing else "create")
            elif existing is not None:
                ctx.store.delete(division, users, row["UserID"])


BEHAVIOURS: Final[dict[str, Behaviour]] = {
    _USERS: UserBehaviour(),
    _SYSTEM_USERS: SystemUserBehaviour(),
}
