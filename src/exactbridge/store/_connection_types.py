"""What `Connections` hands out (connections, divisions, statuses) and reads them from.

Plain frozen dataclasses, so callers (the API, the CLI, the dashboard) can show them
without touching the database; tokens are never part of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row

from exactbridge.client import WireModel
from exactbridge.store.health import Health

__all__ = [
    "ConnectStart",
    "Connection",
    "ConnectionStatus",
    "Division",
    "DivisionStatus",
    "KeepAliveReport",
    "connection_from_row",
    "daily_left",
    "division_from_row",
    "division_values",
]


@dataclass(frozen=True, slots=True)
class ConnectStart:
    """Where to send the user, and the state the callback must bring back."""

    url: str
    state: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class Division:
    """A division the connection reaches, as `system/Divisions` described it."""

    code: int
    name: str | None
    country: str | None
    currency: str | None
    status: int | None
    blocking_status: int | None
    moved_at: datetime | None


@dataclass(frozen=True, slots=True)
class Connection:
    """A stored connection (never its tokens)."""

    id: str
    region: str
    base_url: str
    client_id: str
    user_id: str | None
    user_name: str | None
    full_name: str | None
    current_division: int | None
    created_at: datetime
    consented_at: datetime
    reconsent_reason: str | None
    tokens_obtained_at: datetime | None
    divisions: tuple[Division, ...]


@dataclass(frozen=True, slots=True)
class DivisionStatus:
    """How one division stands."""

    division: int
    name: str | None
    state: Health
    reason: str | None
    until: datetime | None


@dataclass(frozen=True, slots=True)
class ConnectionStatus:
    """How a connection's consent and tokens stand, and each of its divisions."""

    connection: str
    state: Health
    reason: str | None
    until: datetime | None
    divisions: tuple[DivisionStatus, ...]


@dataclass(frozen=True, slots=True)
class KeepAliveReport:
    """Connections refreshed, and those that failed with why."""

    refreshed: tuple[str, ...]
    failed: Mapping[str, str]


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def division_values(connection_id: str, division: WireModel, now: datetime) -> dict[str, Any]:
    return {
        "connection_id": connection_id,
        "division": int(division.value("Code")),
        "name": _text(division.value("Description")),
        "country": _text(division.value("Country")),
        "currency": _text(division.value("Currency")),
        "status": division.value("Status"),
        "blocking_status": division.value("BlockingStatus"),
        "moved_at": division.value("DivisionMoveDate"),
        "discovered_at": now,
    }


def division_from_row(row: Row[Any]) -> Division:
    return Division(
        code=row.division,
        name=row.name,
        country=row.country,
        currency=row.currency,
        status=row.status,
        blocking_status=row.blocking_status,
        moved_at=row.moved_at,
    )


def connection_from_row(row: Row[Any], divisions: tuple[Division, ...]) -> Connection:
    return Connection(
        id=row.id,
        region=row.region,
        base_url=row.base_url,
        client_id=row.client_id,
        user_id=row.user_id,
        user_name=row.user_name,
        full_name=row.full_name,
        current_division=row.current_division,
        created_at=row.created_at,
        consented_at=row.consented_at,
        reconsent_reason=row.reconsent_reason,
        tokens_obtained_at=row.obtained_at,
        divisions=divisions,
    )


def daily_left(budget: Row[Any] | None) -> int | None:
    if budget is None or budget.daily_remaining is None:
        return None
    return int(budget.daily_remaining)
