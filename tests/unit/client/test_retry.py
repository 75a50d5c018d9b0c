"""Retry policy: what is transient, what is an unknown outcome, how long to wait, error budget."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from exactbridge.client._retry import (
    ErrorBudget,
    RetryDecision,
    RetryPolicy,
    classify,
    endpoint_of,
    is_business_message,
)
from exactbridge.errors import ErrorBudgetSpent, RequestContext, TransientError

NOW = datetime(2026, 6, 25, 14, 0, 0, tzinfo=UTC)
GENERIC = (
    "A problem has occurred. The cause of this issue will be investigated as soon as possible."
)
REQUEST = httpx.Request("POST", "https://start.exactonline.nl/api/v1/1/crm/Accounts")


def exact_body(message: str) -> str:
    return json.dumps({"error": {"code": "", "message": {"lang": "", "value": message}}})


# -- statuses ------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE", "get"])
def test_429_is_retried_for_every_method_because_exact_did_nothing(method: str) -> None:
    assert classify(method, status=429) == RetryDecision(True, "rate_limited")


@pytest.mark.parametrize("status", [200, 201, 204, 302])
def test_success_is_not_a_failure(status: int) -> None:
    assert classify("POST", status=status) == RetryDecision(False, "ok")


def test_401_is_left_to_the_token_manager() -> None:
    assert classify("GET", status=401) == RetryDecision(False, "unauthorized")


@pytest.mark.parametrize("status", [400, 403, 404, 405, 408, 409, 422])
@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE"])
def test_other_4xx_are_never_retried(method: str, status: int) -> None:
    assert classify(method, status=status) == RetryDecision(False, "rejected")


@pytest.mark.parametrize(
    "body",
    [
        exact_body(GENERIC),
        GENERIC,
        "",
        "Internal Server Error",
        "<!DOCTYPE html><html><head><title>Runtime Error</title>",
        '<html><head><title>Object moved</title></head><body><a href="/docs/Login.aspx">',
        exact_body(""),
        "{not json",
    ],
)
@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"])
def test_a_generic_500_is_transient_for_repeatable_methods(method: str, body: str) -> None:
    assert classify(method, status=500, body_text=body) == RetryDecision(True, "server_error")


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_5xx_after_a_post_is_an_unknown_outcome(status: int) -> None:
    decision = classify("POST", status=status, body_text=exact_body(GENERIC))
    assert decision == RetryDecision(False, "server_error", outcome_unknown=True)


@pytest.mark.parametrize(
    "message",
    [
        "Verplicht: Serie",
        "Ongeldige referentie: Leveren aan\r\nOngeldige referentie: Besteld door",
        "Data already exists",
        "Invalid: Post to callback URL endpoint returns 503 Service Unavailable",
    ],
)
@pytest.mark.parametrize("method", ["GET", "POST", "PUT"])
def test_a_500_with_exacts_message_is_a_business_rule_never_retried(
    method: str, message: str
) -> None:
    for body in (exact_body(message), message):
        assert classify(method, status=500, body_text=body) == RetryDecision(False, "business_rule")


def test_gateway_statuses_are_transient_whatever_their_body_says() -> None:
    decision = classify("GET", status=503, body_text=exact_body("Verplicht: Serie"))
    assert decision == RetryDecision(True, "server_error")


@pytest.mark.parametrize("status", [501, 505])
def test_permanent_5xx_are_not_retried(status: int) -> None:
    assert classify("GET", status=status) == RetryDecision(False, "rejected")


def test_business_messages() -> None:
    assert is_business_message(exact_body("Verplicht: Boekjaar"))
    assert not is_business_message(exact_body(GENERIC))
    assert not is_business_message("  ")
    assert not is_business_message("<html>")
    assert not is_business_message(json.dumps({"d": {}}))


# -- errors without a response ---------------------------------------------------------------


NOT_SENT = [
    httpx.ConnectError("refused", request=REQUEST),
    httpx.ConnectTimeout("slow handshake", request=REQUEST),
    httpx.PoolTimeout("no free connection", request=REQUEST),
]
AFTER_SEND = [
    httpx.ReadTimeout("no answer", request=REQUEST),
    httpx.ReadError("reset by peer", request=REQUEST),
    httpx.WriteError("broken pipe", request=REQUEST),
    httpx.RemoteProtocolError("peer closed connection", request=REQUEST),
    TimeoutError(),
]


@pytest.mark.parametrize("error", NOT_SENT, ids=lambda e: type(e).__name__)
@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE"])
def test_a_request_that_never_left_is_retried_even_for_post(
    method: str, error: BaseException
) -> None:
    assert classify(method, error=error) == RetryDecision(True, "network")


@pytest.mark.parametrize("error", AFTER_SEND, ids=lambda e: type(e).__name__)
@pytest.mark.parametrize("method", ["GET", "HEAD", "PUT"])
def test_a_lost_answer_is_retried_for_reads_and_puts(method: str, error: BaseException) -> None:
    assert classify(method, error=error) == RetryDecision(True, "network")


@pytest.mark.parametrize("error", AFTER_SEND, ids=lambda e: type(e).__name__)
@pytest.mark.parametrize("method", ["POST", "DELETE", "PATCH"])
def test_a_lost_answer_after_a_post_or_delete_is_an_unknown_outcome(
    method: str, error: BaseException
) -> None:
    decision = classify(method, error=error)
    assert decision == RetryDecision(False, "network", outcome_unknown=True)


@pytest.mark.parametrize(
    "error",
    [
        ValueError("a bug"),
        httpx.UnsupportedProtocol("ftp://", request=REQUEST),
        httpx.LocalProtocolError("bad header"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_errors_that_are_not_network_failures_are_not_retried(error: BaseException) -> None:
    assert classify("GET", error=error) == RetryDecision(False, "error")


def test_classify_needs_a_status_or_an_error() -> None:
    with pytest.raises(ValueError, match="status or an error"):
        classify("GET")


# -- delays --------------------------------------------------------------------------------


def test_backoff_doubles_from_base_and_stops_at_the_cap() -> None:
    policy = RetryPolicy(base=0.5, cap=30.0, jitter=lambda: 1.0)
    assert [policy.delay(n, now=NOW) for n in range(1, 9)] == [
        0.5,
        1.0,
        2.0,
        4.0,
        8.0,
        16.0,
        30.0,
        30.0,
    ]


def test_jitter_scales_the_backoff_into_its_upper_half() -> None:
    assert RetryPolicy(jitter=lambda: 0.0).delay(3, now=NOW) == 1.0
    assert RetryPolicy(jitter=lambda: 0.5).delay(3, now=NOW) == 1.5
    assert RetryPolicy(jitter=lambda: 7.0).delay(3, now=NOW) == 2.0  # clamped


def test_the_servers_reset_wins_over_the_backoff() -> None:
    policy = RetryPolicy(jitter=lambda: 1.0, cap=30.0, reset_margin=1.0)
    reset = NOW + timedelta(seconds=45)
    assert policy.delay(1, reset_at=reset, now=NOW) == 46.0
    assert policy.delay(1, reset_at=NOW - timedelta(seconds=5), now=NOW) == 1.0


def test_attempts_are_counted_from_one() -> None:
    policy = RetryPolicy(max_attempts=3)
    assert [policy.allows(n) for n in (1, 2, 3)] == [True, True, False]


@given(
    attempt=st.integers(min_value=1, max_value=60),
    base=st.floats(min_value=0.01, max_value=5),
    cap=st.floats(min_value=0.1, max_value=120),
    share=st.floats(min_value=0, max_value=1),
)
def test_backoff_is_never_negative_nor_above_the_cap(
    attempt: int, base: float, cap: float, share: float
) -> None:
    delay = RetryPolicy(base=base, cap=cap, jitter=lambda: share).delay(attempt, now=NOW)
    ceiling = min(cap, base * 2 ** (attempt - 1))
    assert ceiling / 2 - 1e-9 <= delay <= ceiling + 1e-9


# -- error budget --------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.mark.parametrize(
    ("path", "endpoint"),
    [
        ("crm/Accounts", "crm/accounts"),
        ("/api/v1/123/crm/Accounts(guid'0000')?$select=ID", "crm/accounts"),
        ("https://start.exactonline.nl/api/v1/123/crm/Accounts?$top=1", "crm/accounts"),
        ("/api/v1/current/Me", "current/me"),
        ("sync/Financial/TransactionLines", "sync/financial/transactionlines"),
    ],
)
def test_endpoints_are_counted_without_division_key_or_query(path: str, endpoint: str) -> None:
    assert endpoint_of(path) == endpoint


def test_the_call_after_ten_errors_in_an_hour_is_held_back_until_the_oldest_ages_out() -> None:
    clock = Clock()
    budget = ErrorBudget(clock=clock)
    for n in range(10):
        budget.check("app", 1, "crm/Accounts")
        budget.record("app", 1, f"/api/v1/1/crm/Accounts(guid'{n}')", 404)
        clock.now += timedelta(minutes=1)
    context = RequestContext(method="GET", url="crm/Accounts", division=1)
    with pytest.raises(ErrorBudgetSpent) as caught:
        budget.check("app", 1, "crm/Accounts?$top=1", context=context)
    assert isinstance(caught.value, TransientError)
    assert caught.value.retry_at == NOW + timedelta(hours=1)
    assert caught.value.division == 1
    assert "10 errors on crm/accounts" in str(caught.value)
    clock.now = NOW + timedelta(hours=1)  # the first error is an hour old
    budget.check("app", 1, "crm/Accounts")
    assert budget.count("app", 1, "crm/Accounts") == 9


def test_only_4xx_other_than_429_count_and_per_endpoint_division_and_app() -> None:
    budget = ErrorBudget(clock=Clock(), limit=2)
    for status in (200, 204, 429, 500, 503):
        budget.record("app", 1, "crm/Accounts", status)
    assert budget.count("app", 1, "crm/Accounts") == 0
    budget.record("app", 1, "crm/Accounts", 400)
    budget.record("app", 1, "crm/Accounts", 401)
    with pytest.raises(ErrorBudgetSpent):
        budget.check("app", 1, "crm/Accounts")
    budget.check("app", 1, "crm/Contacts")
    budget.check("app", 2, "crm/Accounts")
    budget.check("other", 1, "crm/Accounts")
