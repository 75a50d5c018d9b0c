"""`ExactClient`: every call to Exact Online goes through one pipeline.

For each request the client

1. takes a valid access token from the `TokenManager` (which refreshes only inside Exact's
   window, once per connection across processes),
2. waits for the (app, division) `Budget` instead of provoking a 429,
3. sends it through the injected httpx transport,
4. feeds the `X-RateLimit-*` headers back to the budget,
5. on a 401 refreshes once and repeats the call,
6. retries what is transient (429 at the server's reset, 5xx and network errors on safe
   requests, with back-off), never a POST blindly: a POST that fails in flight raises
   `OutcomeUnknown`,
7. refuses, before sending, a call that could be the 11th error within an hour on its
   endpoint (Exact would block the key for an hour),
8. maps every other failure to the error tree (`NotFound`, `Forbidden`,
   `BusinessRuleViolation`, `ReconsentRequired`, ...) with method, URL, division, status and
   Exact's own message.

On top of `request` sit paging (`pages`, `records`), typed reads and writes (`get`,
`create`, `update`, `delete`), the division list, a cached `current/Me`, raw calls for the
proxy (`raw`) and binary downloads (`download`).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from datetime import UTC, datetime
from typing import Any, Literal

import httpx

from exactbridge.client._budget import Budget
from exactbridge.client._models import WireModel, decode_row, encode_for
from exactbridge.client._odata import Envelope, Query, literal, parse_envelope, peek_next
from exactbridge.client._pagination import pages as follow_pages
from exactbridge.client._pagination import pages_ahead
from exactbridge.client._retry import ErrorBudget, RetryPolicy, classify
from exactbridge.client._tokens import TokenManager
from exactbridge.errors import (
    BusinessRuleViolation,
    ExactAPIError,
    Forbidden,
    NotFound,
    OutcomeUnknown,
    RateLimited,
    RequestContext,
    RequestRejected,
    ServerUnavailable,
    WireFormatError,
)
from exactbridge.exact import EntitySpec, find_entity
from exactbridge.wire import loads

__all__ = ["ExactClient"]

Priority = Literal["interactive", "background"]
_LONGEST_WAIT = 120.0
"""Seconds the client waits on its own for a retry (a minute window); longer is raised."""
_JSON_HEADERS = {"Accept": "application/json", "Content-Type": "application/json"}


class ExactClient:
    """An async client of one Exact Online connection (one consent, many divisions).

    Args:
        base_url: the connection's region, e.g. `https://start.exactonline.nl`.
        client_id: the app's client id (budgets are kept per app and division).
        connection: the key of the connection in the token store.
        tokens: hands out valid access tokens and refreshes them.
        budget: rate-limit budgets shared by every process (None: no pacing).
        retry: which failures to retry and how long to wait (default `RetryPolicy()`).
        error_budget: counts 4xx per endpoint and refuses the call that would get the key
            blocked for an hour (Exact blocks after 10 an hour); default: one per client.
        transport: the HTTP seam (tests pass `httpx.ASGITransport(emulator_app)`).
        priority: `interactive` calls go ahead of `background` ones (syncs).
        clock, sleep: time seams; tests inject a fake clock and a sleep that advances it.
    """

    def __init__(
        self,
        *,
        base_url: str,
        client_id: str,
        connection: str,
        tokens: TokenManager,
        budget: Budget | None = None,
        retry: RetryPolicy | None = None,
        error_budget: ErrorBudget | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        priority: Priority = "interactive",
        timeout: float = 60.0,
        clock: Callable[[], datetime] | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.client_id = client_id
        self.connection = connection
        self._tokens = tokens
        self._budget = budget
        self._retry = retry or RetryPolicy()
        self._priority = priority
        self._clock = clock or (lambda: datetime.now(UTC))
        self._errors = error_budget or ErrorBudget(clock=self._clock)
        self._sleep = sleep or asyncio.sleep
        self._http = httpx.AsyncClient(
            base_url=self.base_url, transport=transport, timeout=timeout, headers=_JSON_HEADERS
        )
        self._me: WireModel | None = None

    async def __aenter__(self) -> ExactClient:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP connections."""
        await self._http.aclose()

    # --- who and where ----------------------------------------------------------------

    async def me(self) -> WireModel:
        """`current/Me`, fetched once per client (it costs no budget, but it is a call)."""
        if self._me is None:
            envelope = await self.get_page(None, Query("current/Me"))
            spec = _spec("current/Me")
            self._me = decode_row(spec, envelope.rows[0])
        return self._me

    async def divisions(self) -> list[WireModel]:
        """Every division the connection reaches (`system/Divisions`, all pages)."""
        me = await self.me()
        current = int(getattr(me, "CurrentDivision"))  # noqa: B009 - Exact's property name
        return [row async for row in self.records(current, Query("system/Divisions"))]

    # --- reading ----------------------------------------------------------------------

    async def get_page(
        self, division: int | None, query: Query, *, url: str | None = None
    ) -> Envelope:
        """One page of `query` (or of an absolute `url` such as a `__next` link)."""
        if url is not None:
            response = await self.request("GET", url, division=division)
        else:
            response = await self.request(
                "GET", query.path, division=division, params=query.params()
            )
        return parse_envelope(response.content, status=response.status_code)

    async def pages(
        self, division: int | None, query: Query, *, ahead: bool = False
    ) -> AsyncIterator[Envelope]:
        """Every page of `query`, following `__next` verbatim (with loop detection).

        `ahead=True` asks for each next page before this one is parsed (`pages_ahead`):
        for a reader that reads to the end, such as a sync; a reader that may stop early
        would spend a call on a page it never reads.
        """
        first = self._url(query.path, division)

        async def send(url: str, params: dict[str, str] | None) -> httpx.Response:
            return await self.request("GET", url, division=division, params=params)

        if ahead:
            read = pages_ahead(send, _envelope_of, _next_of, first, query.params())
        else:

            async def fetch(url: str, params: dict[str, str] | None) -> Envelope:
                return _envelope_of(await send(url, params))

            read = follow_pages(fetch, first, query.params())
        async for envelope in read:
            yield envelope

    async def records(self, division: int | None, query: Query) -> AsyncIterator[WireModel]:
        """Every record of `query` as typed wire models."""
        spec = _spec(query.path)
        async for envelope in self.pages(division, query):
            for row in envelope.rows:
                yield decode_row(spec, row)

    async def get(self, division: int, path: str, key: object) -> WireModel:
        """One record by key (`NotFound` when there is none)."""
        spec = _spec(path)
        url = f"{path}({literal(key, spec.key_field.edm)})"
        response = await self.request("GET", url, division=division)
        envelope = parse_envelope(response.content, status=response.status_code)
        return decode_row(spec, envelope.rows[0])

    # --- writing ----------------------------------------------------------------------

    async def create(self, division: int, path: str, values: Mapping[str, Any]) -> WireModel:
        """POST a new record; the answer is the record as Exact stored it.

        Raises:
            OutcomeUnknown: the request failed in flight; look the record up before
                creating it again (the client never repeats a POST on its own).
        """
        spec = _spec(path)
        body = encode_for(spec, values, method="POST")
        response = await self.request(
            "POST", path, division=division, json=body, headers={"Prefer": "return=representation"}
        )
        envelope = parse_envelope(response.content, status=response.status_code)
        return decode_row(spec, envelope.rows[0])

    async def update(
        self, division: int, path: str, key: object, values: Mapping[str, Any]
    ) -> None:
        """PUT the given properties (a partial update)."""
        spec = _spec(path)
        body = encode_for(spec, values, method="PUT")
        url = f"{path}({literal(key, spec.key_field.edm)})"
        await self.request("PUT", url, division=division, json=body)

    async def delete(self, division: int, path: str, key: object) -> None:
        """DELETE one record."""
        spec = _spec(path)
        await self.request(
            "DELETE", f"{path}({literal(key, spec.key_field.edm)})", division=division
        )

    # --- raw calls ----------------------------------------------------------------------

    async def raw(
        self,
        method: str,
        path: str,
        *,
        division: int | None = None,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """Any call, with auth, budget and retries; the response is returned as is.

        Error statuses still raise, with Exact's message (a proxy shows them to its user).
        """
        return await self.request(
            method, path, division=division, params=params, json=json, headers=headers
        )

    async def download(self, url: str, *, division: int | None = None) -> bytes:
        """Bytes behind an authenticated download URL (attachments, printed invoices).

        `DocumentAttachments.Url` needs `&Download=1` to return the file itself; it is added
        when missing.
        """
        if "sysattachment.aspx" in url.lower() and "download=1" not in url.lower():
            url = f"{url}&Download=1"
        response = await self.request("GET", url, division=division, accept="*/*")
        return response.content

    # --- the pipeline -------------------------------------------------------------------

    async def request(
        self,
        method: str,
        path: str,
        *,
        division: int | None,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        accept: str = "application/json",
    ) -> httpx.Response:
        """Send one call through tokens, budget, retries and error mapping (see the module)."""
        url = self._url(path, division)
        token = await self._tokens.access_token(self.connection)
        refreshed = False
        attempt = 0
        while True:
            attempt += 1
            context = RequestContext(method=method, url=url, division=division)
            self._errors.check(self.client_id, division, url, context=context)  # before a slot
            if self._budget is not None and division is not None:
                await self._budget.acquire(self.client_id, division, self._priority)
            try:
                response = await self._http.request(
                    method,
                    url,
                    params=params,
                    json=json,
                    headers={"Authorization": f"Bearer {token}", "Accept": accept}
                    | dict(headers or {}),
                )
                _unbind(response)
            except httpx.TransportError as exc:
                if self._budget is not None and division is not None:
                    await self._budget.record(self.client_id, division, {}, 0)  # free the slot
                decision = classify(method, error=exc)
                if decision.outcome_unknown:
                    msg = f"{method} failed in flight ({type(exc).__name__})"
                    raise OutcomeUnknown(msg, context=context) from exc
                if not decision.retry or attempt >= self._retry.max_attempts:
                    msg = f"network failure ({type(exc).__name__})"
                    raise ServerUnavailable(msg, context=context) from exc
                await self._sleep(self._retry.delay(attempt, reset_at=None, now=self._clock()))
                continue
            if self._budget is not None and division is not None:
                await self._budget.record(
                    self.client_id, division, response.headers, response.status_code
                )
            status = response.status_code
            self._errors.record(self.client_id, division, url, status)
            if status < 400:
                return response
            message = _exact_message(response)
            context = RequestContext(method, str(response.url), division, status, message)
            if status == 401 and not refreshed:
                refreshed = True
                token = await self._tokens.after_unauthorized(self.connection, token)
                attempt -= 1
                continue
            decision = classify(method, status=status, body_text=message)
            # Only a 429 says "wait for the reset": the same headers on any other answer
            # describe the window in progress, not when to retry (a 5xx waited a minute).
            reset_at = _reset_at(response) if status == 429 else None
            if decision.outcome_unknown:
                msg = f"{method} answered {status}; whether it was applied is unknown"
                raise OutcomeUnknown(msg, context=context)
            wait = self._retry.delay(attempt, reset_at=reset_at, now=self._clock())
            if decision.retry and attempt < self._retry.max_attempts and wait <= _LONGEST_WAIT:
                await self._sleep(wait)
                continue
            # an exhausted day (a 429 with only the daily headers) is the caller's to schedule
            raise _error(status, message, context, reset_at, decision.retry)

    def _url(self, path: str, division: int | None) -> str:
        if path.startswith(("http://", "https://")):
            return path
        if path.startswith("/"):
            return f"{self.base_url}{path}"
        scope = f"{division}/" if division is not None and _division_scoped(path) else ""
        return f"{self.base_url}/api/v1/{scope}{path}"


def _unbind(response: httpx.Response) -> None:
    """Break the reference cycle between a read response and its stream.

    httpx's response and its (spent) stream refer to each other, so a response outlives
    its last use until the collector's next pass over older objects: on a bulk load that is
    several pages of body (megabytes each with expanded lines) held for nothing. The body
    is read already; the stream that gave it is replaced by the body itself.
    """
    response.stream = httpx.ByteStream(response.content)


def _envelope_of(response: httpx.Response) -> Envelope:
    return parse_envelope(response.content, status=response.status_code)


def _next_of(response: httpx.Response) -> str | None:
    return peek_next(response.content) if response.status_code == 200 else None


def _spec(path: str) -> EntitySpec:
    spec = find_entity(path.split("(", 1)[0])
    if spec is None:
        msg = f"no endpoint {path!r} in the registry; use ExactClient.raw for other calls"
        raise NotFound(msg, context=RequestContext(url=path))
    return spec


def _division_scoped(path: str) -> bool:
    spec = find_entity(path.split("(", 1)[0].split("?", 1)[0])
    return spec is None or spec.division_scoped


def _exact_message(response: httpx.Response) -> str:
    """Exact's `error.message.value`, or the start of a non-JSON body (an HTML error page)."""
    text = response.text
    try:
        body = loads(text) if text else None
    except WireFormatError:
        return text[:200].strip()
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):
            message = error.get("message")
            if isinstance(message, dict):
                return str(message.get("value") or "")
            if isinstance(error.get("error_description"), str):
                return str(error["error_description"])
        if isinstance(body.get("error_description"), str):
            return str(body["error_description"])
    return ""


def _reset_at(response: httpx.Response) -> datetime | None:
    """When the exhausted window resets (a 429 carries only that window's headers)."""
    for name in ("X-RateLimit-Minutely-Reset", "X-RateLimit-Reset"):
        value = response.headers.get(name)
        if value and value.strip().isdigit():
            return datetime.fromtimestamp(int(value) / 1000, UTC)
    return None


def _error(
    status: int, message: str, context: RequestContext, reset_at: datetime | None, transient: bool
) -> ExactAPIError:
    if status == 429:
        return RateLimited("rate limit exhausted", context=context, retry_at=reset_at)
    if transient:
        return ServerUnavailable("Exact is unavailable", context=context, retry_at=reset_at)
    if status == 404:
        return NotFound("not found", context=context)
    if status == 403:
        return Forbidden("forbidden", context=context)
    if status in (400, 409, 412, 422) or (status == 500 and message):
        return BusinessRuleViolation("Exact refused the request", context=context)
    return RequestRejected("request refused", context=context)
