"""The one exception tree of exactbridge, sorted by what the caller should do.

```
ExactBridgeError                 everything exactbridge raises
├── ConfigurationError           fix the configuration or command line, then start again
│   ├── InvalidQuery             a query built in code names an unknown property or option
│   │   └── InvalidCursor        a page cursor that is malformed or belongs to another query
│   ├── InvalidBody              a create/update body the endpoint would not accept as is
│   ├── UnknownResource          no unified resource (or operation) of that name
│   ├── UnsupportedOperation     Exact does not allow this operation on this resource
│   └── IdempotencyConflict      an idempotency key reused with another request
├── UnknownConnection            no connection has that id: list the connections, pick one
├── OAuthStateRejected           a consent callback's state is unknown, used or expired:
│                                start the connect again
├── WireFormatError              Exact (or the emulator) sent a value we cannot decode: report it
└── ExactAPIError                Exact answered with an error; carries method, URL, division,
    │                            status and Exact's own message
    ├── TransientError           retry later; `retry_at` says when, if the server told us
    │   ├── RateLimited          429: the minutely or daily window is exhausted
    │   ├── ServerUnavailable    5xx on a safe request, or the network failed
    │   ├── RefreshTooEarly      the token endpoint refused a refresh before 570 s; wait
    │   └── ErrorBudgetSpent     we held a call back: one more error would block the endpoint
    ├── OutcomeUnknown           a write may or may not have happened: look before retrying
    ├── ReconsentRequired        the refresh-token chain is dead: the user must authorize again
    └── RequestRejected          a permanent refusal: fix the request, never retry it as is
        ├── NotFound             404
        ├── Forbidden            403 (division outside the consent, rights, scope)
        └── BusinessRuleViolation  Exact refused the data (often HTTP 500 with a localised text)
            ├── MissingField       a mandatory property was empty (`Verplicht: ...`)
            ├── InvalidReference   a property points at a record that does not exist
            ├── DuplicateRecord    the record (its code or number) exists already
            ├── RecordLocked       the record is processed, matched or in a closed state
            ├── RecordInUse        the record cannot be deleted: other records use it
            └── EntryUnbalanced    a financial entry's lines do not add up to zero
```

Every error renders one line a human can act on; the context fields stay machine-readable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = [
    "BusinessRuleViolation",
    "ConfigurationError",
    "DuplicateRecord",
    "EntryUnbalanced",
    "ErrorBudgetSpent",
    "ExactAPIError",
    "ExactBridgeError",
    "Forbidden",
    "IdempotencyConflict",
    "InvalidBody",
    "InvalidCursor",
    "InvalidQuery",
    "InvalidReference",
    "MissingField",
    "NotFound",
    "OAuthStateRejected",
    "OutcomeUnknown",
    "RateLimited",
    "ReconsentRequired",
    "RecordInUse",
    "RecordLocked",
    "RefreshTooEarly",
    "RequestContext",
    "RequestRejected",
    "ServerUnavailable",
    "TransientError",
    "UnknownConnection",
    "UnknownResource",
    "UnsupportedOperation",
    "WireFormatError",
]


class ExactBridgeError(Exception):
    """Base class of every error exactbridge raises on purpose."""


class ConfigurationError(ExactBridgeError):
    """A setting, command-line option or configuration file is invalid.

    The message names the offending option and what a valid value looks like.
    """


class InvalidQuery(ConfigurationError, ValueError):
    """An OData query built in code is invalid: fix the code, no call was made.

    Raised before any request for an unknown property in `$select`/`$filter`/`$orderby`, a
    value that has no literal of the property's type, or an option the endpoint refuses
    (sync endpoints filter on `Timestamp` only).
    """


class InvalidCursor(InvalidQuery):
    """A page cursor of the local store that is malformed, or that belongs to another query
    (other filters): ask for the first page again."""


class InvalidBody(ConfigurationError, ValueError):
    """A create or update body built in code is invalid for its endpoint: no call was made.

    Raised before any request when a property is unknown, read-only, settable only by the
    other method (POST-only on a PUT), or of a type its Edm type cannot carry.

    Attributes:
        path: the endpoint (`salesinvoice/SalesInvoices`).
        method: `POST` or `PUT`.
        problems: each refused property (lines as `SalesInvoiceLines[0].Item`) and why.
    """

    def __init__(self, message: str, *, path: str, method: str, problems: dict[str, str]) -> None:
        super().__init__(message)
        self.path = path
        self.method = method
        self.problems = problems


class UnknownResource(ConfigurationError, LookupError):
    """No unified resource, or no operation of a resource, has the given name: no call was made.

    The message lists the names that exist.
    """


class UnsupportedOperation(ConfigurationError):
    """Exact does not allow this operation on this resource (an update of a booked invoice,
    a delete of a tax rate): no call was made. The capability matrix lists what is allowed.

    Attributes:
        resource: the unified resource name.
        operation: `create`, `update`, `delete` or a named operation.
    """

    def __init__(self, message: str, *, resource: str, operation: str) -> None:
        super().__init__(message)
        self.resource = resource
        self.operation = operation


class IdempotencyConflict(ConfigurationError):
    """An idempotency key was reused with a different request body: no call was made.

    Attributes:
        key: the caller's idempotency key.
    """

    def __init__(self, message: str, *, key: str) -> None:
        super().__init__(message)
        self.key = key


class UnknownConnection(ExactBridgeError, LookupError):
    """No connection has that id (deleted, or never made): list the connections."""


class OAuthStateRejected(ExactBridgeError, ValueError):
    """The consent callback's `state` is unknown, used already or expired: start the
    connect again (a state is good for one callback, within minutes)."""


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


class RefreshTooEarly(TransientError):
    """The token endpoint refused a refresh: the access token is younger than 570 s.

    Not a dead chain: the current tokens stay valid and the refresh succeeds once
    `retry_at` (when known) has passed.
    """


class ErrorBudgetSpent(TransientError):
    """Not sent: the endpoint had as many errors this hour as Exact tolerates (10).

    One more 4xx would get the app's key blocked on that endpoint for an hour (facts 3.1),
    so the call is held back until `retry_at`, when the oldest counted error is an hour old.
    """


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


class _Refusal(BusinessRuleViolation):
    """A business-rule refusal recognised in Exact's own text (English or Dutch).

    Attributes:
        labels: the screen labels Exact named (`Invoice to`, `Factuur voor`), in order.
    """

    def __init__(
        self,
        message: str,
        *,
        context: RequestContext | None = None,
        labels: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message, context=context)
        self.labels = labels


class MissingField(_Refusal):
    """Exact says a mandatory property is empty (`Mandatory: Journal`, `Verplicht: Dagboek`)."""


class InvalidReference(_Refusal):
    """Exact says a property points at a record it does not know (`Invalid reference: Item`)."""


class DuplicateRecord(_Refusal):
    """Exact says the record exists already (`Data already exists: Code`)."""


class RecordLocked(_Refusal):
    """Exact says the record can no longer change: processed, matched, or in a final status."""


class RecordInUse(_Refusal):
    """Exact refuses a delete because other records use this one (`Used in: Sales invoices`)."""


class EntryUnbalanced(_Refusal):
    """Exact says a financial entry is not in balance (`difference 10.00`)."""
