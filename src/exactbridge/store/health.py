"""Status rules: how a connection and each of its divisions stand, from stored facts.

Pure: the facts are read elsewhere (`Connections.status`) and the clock is passed in. The
rules, most urgent first:

1. `needs_reconsent` (connection): the refresh-token chain is dead: a reason was recorded
   (reused, revoked, scope refused...), there are no tokens, or the refresh token went
   unused for 30 days (Exact's limit, facts 2.3). Nothing works until the user consents.
2. `scope_missing` (division): Exact answered `403 Application Scope Violated`; the app's
   scopes in the App Center must change.
3. `rate_limited` (division): a 429 blocks calls until its reset, or the day's calls are
   spent until midnight UTC.
4. `error_budget_near` (division): an endpoint answered nearly as many errors within the
   hour as Exact tolerates before blocking the app's key for an hour (10, facts 3.1).
5. `refresh_due` (connection): the tokens have not been refreshed for 25 days; keep-alive
   refreshes them well before Exact's 30 days kill the chain.
6. `healthy`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

__all__ = [
    "ConnectionFacts",
    "DivisionFacts",
    "EndpointErrors",
    "Health",
    "HealthRules",
    "Verdict",
    "connection_health",
    "division_health",
]


class Health(StrEnum):
    """How a connection or division stands."""

    HEALTHY = "healthy"
    REFRESH_DUE = "refresh_due"
    NEEDS_RECONSENT = "needs_reconsent"
    SCOPE_MISSING = "scope_missing"
    RATE_LIMITED = "rate_limited"
    ERROR_BUDGET_NEAR = "error_budget_near"


@dataclass(frozen=True, slots=True)
class HealthRules:
    """Thresholds of the rules.

    Attributes:
        keep_alive_after: tokens unused this long are refreshed by keep-alive (25 days).
        refresh_token_life: Exact kills a refresh token unused this long (30 days).
        error_limit: 4xx per endpoint per hour before Exact blocks the key (10).
        error_near: from this many errors within the hour the division warns.
        error_window: the window Exact counts errors in.
    """

    keep_alive_after: timedelta = timedelta(days=25)
    refresh_token_life: timedelta = timedelta(days=30)
    error_limit: int = 10
    error_near: int = 7
    error_window: timedelta = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class Verdict:
    """A state, why (for every state but healthy), and until when if that is known."""

    state: Health
    reason: str | None = None
    until: datetime | None = None


@dataclass(frozen=True, slots=True)
class ConnectionFacts:
    """What is stored about a connection's consent and tokens."""

    reconsent_reason: str | None
    token_obtained_at: datetime | None  # None: no tokens stored


@dataclass(frozen=True, slots=True)
class EndpointErrors:
    """4xx answers of one endpoint within the hour before `counted_at`."""

    endpoint: str
    errors: int
    counted_at: datetime


@dataclass(frozen=True, slots=True)
class DivisionFacts:
    """What is stored about one division of a connection: scope, budget, errors."""

    scope_missing: str | None = None
    blocked_until: datetime | None = None
    daily_remaining: int | None = None
    daily_reset: datetime | None = None
    endpoint_errors: Sequence[EndpointErrors] = ()


def connection_health(facts: ConnectionFacts, now: datetime, rules: HealthRules) -> Verdict:
    """How the connection's consent and tokens stand."""
    if facts.reconsent_reason:
        return Verdict(Health.NEEDS_RECONSENT, facts.reconsent_reason)
    obtained = facts.token_obtained_at
    if obtained is None:
        return Verdict(Health.NEEDS_RECONSENT, "not connected")
    idle = now - obtained
    if idle >= rules.refresh_token_life:
        return Verdict(
            Health.NEEDS_RECONSENT,
            f"refresh token expired: unused for {idle.days} days (Exact allows "
            f"{rules.refresh_token_life.days})",
        )
    if idle >= rules.keep_alive_after:
        return Verdict(
            Health.REFRESH_DUE,
            f"tokens unused for {idle.days} days; keep-alive refreshes them",
            until=obtained + rules.refresh_token_life,
        )
    return Verdict(Health.HEALTHY)


def division_health(
    connection: Verdict, facts: DivisionFacts, now: datetime, rules: HealthRules
) -> Verdict:
    """How one division stands, given its connection's verdict."""
    if connection.state is Health.NEEDS_RECONSENT:
        return connection
    if facts.scope_missing:
        return Verdict(Health.SCOPE_MISSING, facts.scope_missing)
    if facts.blocked_until is not None and facts.blocked_until > now:
        return Verdict(Health.RATE_LIMITED, "Exact answered 429", until=facts.blocked_until)
    if (
        facts.daily_remaining is not None
        and facts.daily_remaining <= 0
        and facts.daily_reset is not None
        and facts.daily_reset > now
    ):
        return Verdict(Health.RATE_LIMITED, "the day's calls are spent", until=facts.daily_reset)
    recent = [e for e in facts.endpoint_errors if now - e.counted_at < rules.error_window]
    if recent:
        worst = max(recent, key=lambda e: e.errors)
        if worst.errors >= rules.error_near:
            return Verdict(
                Health.ERROR_BUDGET_NEAR,
                f"{worst.errors} errors within the hour on {worst.endpoint}; Exact blocks the "
                f"app's key after {rules.error_limit}",
                until=worst.counted_at + rules.error_window,
            )
    if connection.state is Health.REFRESH_DUE:
        return connection
    return Verdict(Health.HEALTHY)
