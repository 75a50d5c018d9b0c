"""Which failed calls to retry, how long to wait, and how many errors Exact tolerates.

Pure policy: no I/O, no clock of its own (times come in as arguments or an injected clock).

`classify` sorts one failure (an HTTP status, or the exception of a call that got no
response) by what may be done about it (facts 3, 6.2, 9.18):

======================================  ==============================================
failure                                 decision
======================================  ==============================================
429                                     retry at the server's reset (any method: Exact
                                        refused the call before doing anything)
401                                     no retry here: the token manager refreshes once
other 4xx (408 "request too broad" too) never retried: fix the request
500 with an Exact message               a business rule (`Verplicht: Serie`): never
                                        retried, nothing was applied
500 without one, 502, 503, 504          transient: retried for GET/HEAD/OPTIONS/PUT/
                                        DELETE; after a POST the outcome is unknown
not connected (connect error/timeout,   retried for every method, POST included: the
pool timeout, proxy error)              request never left
failed after sending (read/write        retried for GET/HEAD/OPTIONS and PUT; after a
errors and timeouts, dropped            POST or DELETE the outcome is unknown
connection)
======================================  ==============================================

Why PUT and DELETE differ: a PUT in Exact is a partial update that sets the given fields,
so sending it twice leaves the record as sending it once did. A DELETE leaves the same
state too, but when the first one was applied the repeat answers 404, which reads as a
failure and counts against Exact's error budget; after a 5xx Exact did answer (the
request failed there, so a repeat is expected to do the work), but after a lost response
the caller should look the record up instead (`OutcomeUnknown`): a 404 means it is gone.
A POST creates: it is never repeated blindly.

`outcome_unknown` is only set together with `retry=False`: the caller raises
`OutcomeUnknown` and resolves it (look the record up by its own reference).

`RetryPolicy.delay` backs off exponentially with a cap and jitter, and the server's reset,
when known, wins. `ErrorBudget` counts 4xx per (client, division, endpoint) and holds a
call back before it could become the error that gets the key blocked for an hour.
"""

from __future__ import annotations

import json
import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Final, Literal
from urllib.parse import urlsplit

import httpx

from exactbridge.errors import ErrorBudgetSpent, RequestContext

__all__ = [
    "ErrorBudget",
    "RetryDecision",
    "RetryKind",
    "RetryPolicy",
    "classify",
    "endpoint_of",
    "is_business_message",
]

RetryKind = Literal[
    "ok",  # not a failure (status below 400)
    "rate_limited",  # 429
    "unauthorized",  # 401: the token manager's business
    "rejected",  # any other 4xx
    "business_rule",  # a 500 carrying Exact's validation message
    "server_error",  # a transient 5xx
    "network",  # no response: connection, timeout, protocol
    "error",  # an exception that is not a network failure (a bug, a bad URL)
]

_SAFE: Final = frozenset({"GET", "HEAD", "OPTIONS"})
_REPEATABLE_AFTER_5XX: Final = _SAFE | {"PUT", "DELETE"}
_REPEATABLE_AFTER_SEND: Final = _SAFE | {"PUT"}
_GATEWAY: Final = frozenset({502, 503, 504})
_PERMANENT_5XX: Final = frozenset({501, 505})
_NOT_SENT: Final = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.ProxyError)
_LOCAL: Final = (httpx.UnsupportedProtocol, httpx.LocalProtocolError)
# How the texts of 500s that say nothing about the data begin: Exact's generic apology,
# gateway status lines, ASP.NET pages. Any other message on a 500 is Exact refusing the
# data (facts 6.2), even one that quotes a 503 (`Invalid: Post to callback URL endpoint
# returns 503 Service Unavailable` is a webhook registration refused for good).
_GENERIC_500: Final = (
    "a problem has occurred",
    "an error has occurred",
    "internal server error",
    "service unavailable",
    "bad gateway",
    "gateway timeout",
    "runtime error",
    "object moved",
)


@dataclass(frozen=True, slots=True)
class RetryDecision:
    """What to do about one failure.

    Attributes:
        retry: repeating the same request is safe and may succeed.
        kind: the failure's family (see `RetryKind`).
        outcome_unknown: a write may have been applied although no success arrived; never
            set together with `retry` (raise `OutcomeUnknown` and look before repeating).
    """

    retry: bool
    kind: RetryKind
    outcome_unknown: bool = False


def classify(
    method: str,
    *,
    status: int | None = None,
    error: BaseException | None = None,
    body_text: str = "",
) -> RetryDecision:
    """Sort the failure of a `method` call: an answered `status`, or an `error` without one.

    Args:
        method: the HTTP method (any case).
        status: the response's status, when one arrived.
        error: the exception raised instead of a response.
        body_text: the response body, or Exact's message already taken out of it.
    """
    verb = method.upper()
    if status is None:
        if error is None:
            msg = "classify needs a status or an error"
            raise ValueError(msg)
        return _classify_error(verb, error)
    if status < 400:
        return RetryDecision(retry=False, kind="ok")
    if status == 429:
        return RetryDecision(retry=True, kind="rate_limited")
    if status == 401:
        return RetryDecision(retry=False, kind="unauthorized")
    if status < 500 or status in _PERMANENT_5XX:
        return RetryDecision(retry=False, kind="rejected")
    if status not in _GATEWAY and is_business_message(body_text):
        return RetryDecision(retry=False, kind="business_rule")
    if verb in _REPEATABLE_AFTER_5XX:
        return RetryDecision(retry=True, kind="server_error")
    return RetryDecision(retry=False, kind="server_error", outcome_unknown=True)


def _classify_error(verb: str, error: BaseException) -> RetryDecision:
    if isinstance(error, _NOT_SENT):
        return RetryDecision(retry=True, kind="network")
    if isinstance(error, _LOCAL) or not isinstance(error, httpx.TransportError | TimeoutError):
        return RetryDecision(retry=False, kind="error")
    if verb in _REPEATABLE_AFTER_SEND:
        return RetryDecision(retry=True, kind="network")
    return RetryDecision(retry=False, kind="network", outcome_unknown=True)


def is_business_message(body_text: str) -> bool:
    """Whether a 500's body (or its extracted message) is Exact refusing the data.

    Exact's JSON body counts by its `error.message.value`; an HTML page, an empty body or
    a generic apology is not a business rule, any other text is.
    """
    text = body_text.strip()
    if not text or text.startswith("<"):
        return False
    if text.startswith("{"):
        try:
            body = json.loads(text)
        except ValueError:
            return False
        text = _exact_message(body).strip()
        if not text:
            return False
    return not text.lower().startswith(_GENERIC_500)


def _exact_message(body: object) -> str:
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):
            message = error.get("message")
            if isinstance(message, dict):
                return str(message.get("value") or "")
    return ""


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how long to wait between attempts of one call.

    Attributes:
        max_attempts: attempts in all, the first included.
        base: the first back-off in seconds; it doubles with each attempt.
        cap: the longest back-off in seconds (a server's reset may be longer).
        jitter: a number in [0, 1] per call; the back-off is scaled into
            [half, whole] by it so that many clients do not retry in step.
        reset_margin: seconds added to a server's reset, for clock skew.
    """

    max_attempts: int = 5
    base: float = 0.5
    cap: float = 30.0
    jitter: Callable[[], float] = field(default=random.random)
    reset_margin: float = 1.0

    def allows(self, attempt: int) -> bool:
        """Whether another attempt may follow attempt number `attempt` (1-based)."""
        return attempt < self.max_attempts

    def delay(self, attempt: int, *, reset_at: datetime | None = None, now: datetime) -> float:
        """Seconds to wait after failed attempt number `attempt` (1-based).

        The server's reset, when known, wins (plus `reset_margin`); otherwise
        `min(cap, base * 2 ** (attempt - 1))`, scaled into its upper half by `jitter`.
        """
        if reset_at is not None:
            return max(0.0, (reset_at - now).total_seconds()) + self.reset_margin
        ceiling = min(self.cap, self.base * 2.0 ** max(0, attempt - 1))
        share = min(1.0, max(0.0, float(self.jitter())))
        return ceiling / 2 + ceiling / 2 * share


def endpoint_of(path_or_url: str) -> str:
    """The endpoint a path addresses, as Exact counts errors: `crm/accounts`.

    Drops scheme and host, the query, `/api/v1/{division}/` and a key in parentheses.
    """
    path = urlsplit(path_or_url).path.strip("/")
    parts = path.split("/")
    if parts[:2] == ["api", "v1"]:
        parts = parts[2:]
        if parts and parts[0].isdigit():
            parts = parts[1:]
    return "/".join(parts).split("(", 1)[0].lower()


@dataclass(slots=True, kw_only=True)
class ErrorBudget:
    """Counts 4xx answers per (client id, division, endpoint) over the last hour.

    Exact blocks an app's key on an endpoint for an hour when it answers more than
    `limit` errors within an hour (facts 3.1; 400/401/403/404 documented, every 4xx but
    429 counted here to stay on the safe side). `check` refuses the call that could be
    one too many; 429 is the rate limiter's business and is not counted.

    Attributes:
        clock: the current instant (aware, UTC).
        limit: errors per hour Exact tolerates (10).
        window: the counting window in seconds (3,600).
    """

    clock: Callable[[], datetime]
    limit: int = 10
    window: float = 3600.0
    _errors: dict[tuple[str, int | None, str], deque[datetime]] = field(default_factory=dict)

    def check(
        self,
        client_id: str,
        division: int | None,
        endpoint: str,
        *,
        context: RequestContext | None = None,
    ) -> None:
        """Raise `ErrorBudgetSpent` when one more error on `endpoint` would get it blocked."""
        recent = self._recent(client_id, division, endpoint)
        if len(recent) >= self.limit:
            retry_at = recent[0] + timedelta(seconds=self.window)
            msg = (
                f"{len(recent)} errors on {endpoint_of(endpoint)} in the last hour; one more "
                f"would get the key blocked for an hour, so the call waits until "
                f"{retry_at:%H:%M:%S} UTC"
            )
            raise ErrorBudgetSpent(msg, context=context, retry_at=retry_at)

    def record(self, client_id: str, division: int | None, endpoint: str, status: int) -> None:
        """Count the answer to one call (only 4xx other than 429 count)."""
        if 400 <= status < 500 and status != 429:
            recent = self._recent(client_id, division, endpoint)
            recent.append(self.clock())

    def count(self, client_id: str, division: int | None, endpoint: str) -> int:
        """Errors counted for the endpoint within the last hour."""
        return len(self._recent(client_id, division, endpoint))

    def _recent(self, client_id: str, division: int | None, endpoint: str) -> deque[datetime]:
        key = (client_id, division, endpoint_of(endpoint))
        recent = self._errors.setdefault(key, deque())
        horizon = self.clock() - timedelta(seconds=self.window)
        while recent and recent[0] <= horizon:
            recent.popleft()
        return recent
