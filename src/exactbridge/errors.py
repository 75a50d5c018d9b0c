"""The one exception tree of exactbridge, sorted by what the caller should do.

```
ExactBridgeError                 everything exactbridge raises
├── ConfigurationError           fix the configuration or command line, then start again
├── WireFormatError              Exact (or the emulator) sent a value we cannot decode: report it
└── ExactAPIError                Exact answered with an error; carries method, URL, division,
    │                            status and Exact's own message
    ├── TransientError           retry later; `retry_at` says when, if the server told us
    │   ├── RateLimited          429: the minutely or daily window is exhausted
    │   └── ServerUnavailable    5xx on a safe request, or the network failed
    ├── OutcomeUnknown           a write may or may not have happened: look before retrying
    ├── ReconsentRequired        the refresh-token chain is dead: the user must authorize again
    └── RequestRejected          a permanent refusal: fix the request, never retry it as is
        ├── NotFound             404
        ├── Forbidden            403 (division outside the consent, rights, scope)
        └── BusinessRuleViolation  Exact refused the data (often HTTP 500 with a localised text)
```

Every error renders one line a human can act on; the context fields stay machine-readable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = [
    "BusinessRuleViolation",
    "ConfigurationError",
    "ExactAPIError",
    "ExactBridgeError",
    "Forbidden",
    "NotFound",
    "OutcomeUnknown",
    "RateLimited",
    "ReconsentRequired",
    "RequestContext",
    "RequestRejected",
    "ServerUnavailable",
    "TransientError",
    "WireFormatError",
]


class ExactBridgeError(Exception):
    """Base class of every error exactbridge raises on purpose."""


class ConfigurationError(ExactBridgeError):
    """A setting, command-line option or configuration file is invalid.

    The message names the offending option and what a valid value looks like.
    """


class WireFormatError(ExactBridgeError, ValueError):
    """A value on the wire does not follow Exact's format (a date, GUID, number or envelope).

    Attributes:
        value: the text that could not be decoded.
    """

    def __init__(self, message: str, *, value: object = None) -> None:
        super().__init__(message)
        self.value = value


@dataclass(frozen=True, slots=True)
class RequestContext:
    """Where an API error happened: enough to find the call in a log and reproduce it."""

    method: str = ""
    url: str = ""
    division: int | None = None
    status: int | None = None
    exact_message: str = ""


class ExactAPIError(ExactBridgeError):
    """Exact Online answered a request with an error.

    Attributes:
        context: method, URL, division, HTTP status and Exact's own message
            (`error.message.value`, verbatim). Also readable as attributes of the error.
    """

    def __init__(self, message: str, *, context: RequestContext | None = None) -> None:
        super().__init__(message)
        self.context = context or RequestContext()

    @property
    def method(self) -> str:
        """HTTP method of the failed request."""
        return self.context.method

    @property
    def url(self) -> str:
        """Full URL of the failed request."""
        return self.context.url

    @property
    def division(self) -> int | None:
        """The division the request addressed, if any."""
        return self.context.division

    @property
    def status(self) -> int | None:
        """HTTP status, or None when no response arrived."""
        return self.context.status

    @property
    def exact_message(self) -> str:
        """Exact's own error text, verbatim (often localised)."""
        return self.context.exact_message

    def __str__(self) -> str:
        ctx = self.context
        where = f" ({ctx.method} {ctx.url})" if ctx.method else ""
        status = f"HTTP {ctx.status}: " if ctx.status is not None else ""
        detail = f" - Exact said: {ctx.exact_message}" if ctx.exact_message else ""
        return f"{status}{self.args[0]}{detail}{where}"


class TransientError(ExactAPIError):
    """A failure that is expected to pass; retry at `retry_at` (UTC) or with back-off."""

    def __init__(
        self,
        message: str,
        *,
        context: RequestContext | None = None,
        retry_at: datetime | None = None,
    ) -> None:
        super().__init__(message, context=context)
        self.retry_at = retry_at


class RateLimited(TransientError):
    """HTTP 429: a minutely or daily window of the (app, division) budget is exhausted."""


class ServerUnavailable(TransientError):
    """A 5xx answer or a network failure on a request that is safe to repeat."""


class OutcomeUnknown(ExactAPIError):
    """A non-idempotent write failed in flight; whether Exact applied it is unknown.

    Look the record up (for example by your own reference) before creating it again.
    """


class ReconsentRequired(ExactAPIError):
    """The connection's refresh-token chain is dead; the user must authorize the app again.

    Attributes:
        reason: why, in words (reused refresh token, expired after 30 days, revoked, scope).
    """

    def __init__(self, message: str, *, reason: str, context: RequestContext | None = None) -> None:
        super().__init__(message, context=context)
        self.reason = reason


class RequestRejected(ExactAPIError):
    """Exact refused the request permanently; change the request before trying again."""


class NotFound(RequestRejected):
    """HTTP 404: the endpoint or the record does not exist."""


class Forbidden(RequestRejected):
    """HTTP 403: the user, the app's scope or the consented divisions do not allow this."""


class BusinessRuleViolation(RequestRejected):
    """Exact refused the data itself (mandatory field, invalid reference, closed period)."""
