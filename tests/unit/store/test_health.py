"""Status rules: which state a connection and a division are in, most urgent first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from exactbridge.store.health import (
    ConnectionFacts,
    DivisionFacts,
    EndpointErrors,
    Health,
    HealthRules,
    Verdict,
    connection_health,
    division_health,
)

NOW = datetime(2026, 6, 25, 14, tzinfo=UTC)
RULES = HealthRules()
HEALTHY = Verdict(Health.HEALTHY)


def _days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


@pytest.mark.parametrize(
    ("facts", "state", "reason"),
    [
        (ConnectionFacts(None, _days_ago(1)), Health.HEALTHY, None),
        (ConnectionFacts(None, _days_ago(24.9)), Health.HEALTHY, None),
        (ConnectionFacts(None, _days_ago(25)), Health.REFRESH_DUE, "unused for 25 days"),
        (ConnectionFacts(None, _days_ago(29.9)), Health.REFRESH_DUE, "unused for 29 days"),
        (ConnectionFacts(None, _days_ago(30)), Health.NEEDS_RECONSENT, "refresh token expired"),
        (ConnectionFacts(None, None), Health.NEEDS_RECONSENT, "not connected"),
        (
            ConnectionFacts("refresh token reused", _days_ago(1)),
            Health.NEEDS_RECONSENT,
            "refresh token reused",
        ),
    ],
)
def test_connection_states(facts: ConnectionFacts, state: Health, reason: str | None) -> None:
    verdict = connection_health(facts, NOW, RULES)
    assert verdict.state is state
    if reason is None:
        assert verdict.reason is None
    else:
        assert verdict.reason is not None and reason in verdict.reason


def test_refresh_due_says_when_the_chain_would_die() -> None:
    verdict = connection_health(ConnectionFacts(None, _days_ago(26)), NOW, RULES)
    assert verdict.until == _days_ago(26) + timedelta(days=30)


def _errors(count: int, minutes_ago: float, endpoint: str = "crm/Accounts") -> EndpointErrors:
    return EndpointErrors(endpoint, count, NOW - timedelta(minutes=minutes_ago))


@pytest.mark.parametrize(
    ("facts", "state"),
    [
        (DivisionFacts(), Health.HEALTHY),
        (DivisionFacts(scope_missing="Cannot read 'crm.accounts' scope."), Health.SCOPE_MISSING),
        (DivisionFacts(blocked_until=NOW + timedelta(seconds=20)), Health.RATE_LIMITED),
        (DivisionFacts(blocked_until=NOW - timedelta(seconds=1)), Health.HEALTHY),
        (
            DivisionFacts(daily_remaining=0, daily_reset=NOW + timedelta(hours=3)),
            Health.RATE_LIMITED,
        ),
        (
            DivisionFacts(daily_remaining=0, daily_reset=NOW - timedelta(minutes=1)),
            Health.HEALTHY,
        ),
        (DivisionFacts(daily_remaining=12, daily_reset=NOW + timedelta(hours=3)), Health.HEALTHY),
        (DivisionFacts(endpoint_errors=[_errors(7, 10)]), Health.ERROR_BUDGET_NEAR),
        (DivisionFacts(endpoint_errors=[_errors(6, 10)]), Health.HEALTHY),
        (DivisionFacts(endpoint_errors=[_errors(9, 61)]), Health.HEALTHY),  # an hour old
        (
            DivisionFacts(
                scope_missing="Application Scope Violated",
                blocked_until=NOW + timedelta(seconds=20),
                endpoint_errors=[_errors(9, 1)],
            ),
            Health.SCOPE_MISSING,
        ),
        (
            DivisionFacts(
                blocked_until=NOW + timedelta(seconds=20), endpoint_errors=[_errors(9, 1)]
            ),
            Health.RATE_LIMITED,
        ),
    ],
)
def test_division_states_most_urgent_first(facts: DivisionFacts, state: Health) -> None:
    assert division_health(HEALTHY, facts, NOW, RULES).state is state


def test_a_dead_chain_outranks_everything_a_division_has() -> None:
    dead = Verdict(Health.NEEDS_RECONSENT, "refresh token revoked or invalid")
    facts = DivisionFacts(scope_missing="x", blocked_until=NOW + timedelta(minutes=1))
    assert division_health(dead, facts, NOW, RULES) == dead


def test_refresh_due_shows_on_divisions_without_worse_problems() -> None:
    due = connection_health(ConnectionFacts(None, _days_ago(26)), NOW, RULES)
    assert division_health(due, DivisionFacts(), NOW, RULES) == due
    blocked = DivisionFacts(blocked_until=NOW + timedelta(seconds=5))
    assert division_health(due, blocked, NOW, RULES).state is Health.RATE_LIMITED


def test_error_budget_names_the_worst_endpoint_and_when_it_clears() -> None:
    facts = DivisionFacts(
        endpoint_errors=[_errors(7, 30, "crm/Accounts"), _errors(9, 5, "salesinvoice/Invoices")]
    )
    verdict = division_health(HEALTHY, facts, NOW, RULES)
    assert verdict.reason is not None and "9 errors" in verdict.reason
    assert "salesinvoice/Invoices" in verdict.reason
    assert verdict.until == NOW - timedelta(minutes=5) + timedelta(hours=1)
