"""Token pairs, where they are kept, and the one place that decides when to refresh.

Exact's rules make refreshing a shared-state problem (facts 2.3): an access token lives
600 s, a refresh is refused before 570 s, and every refresh rotates the refresh token, so
two workers refreshing with the same refresh token kill the chain (the loser gets "Old
refresh token used." and the user must consent again). `TokenManager` therefore refreshes
single-flight per connection: an asyncio lock inside the process, then the store's lock
across processes, then it RE-READS the pair (another process may have refreshed already),
refreshes, and saves the rotated pair before anyone uses it.

`FileTokenStore` is the embedded store: one JSON file per connection, replaced atomically,
mode 0600, with an `fcntl.flock` lock file polled so the event loop never blocks.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import fcntl
import json
import os
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Final, Protocol
from urllib.parse import quote

import httpx

from exactbridge.client import _auth
from exactbridge.errors import ConfigurationError, ReconsentRequired, RefreshTooEarly

__all__ = [
    "EXACT_REFRESH_RULES",
    "FileTokenStore",
    "MemoryTokenStore",
    "RefreshRules",
    "TokenManager",
    "TokenPair",
    "TokenStore",
]


@dataclass(frozen=True, slots=True)
class TokenPair:
    """One access token and the refresh token that replaces it.

    Attributes:
        access_token: the bearer token for API calls.
        refresh_token: the single-use token for the next refresh.
        expires_at: when the access token dies (UTC), from `expires_in`.
        obtained_at: when the pair was received (UTC); Exact's 570 s rule counts from here.
    """

    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_at: datetime
    obtained_at: datetime

    def to_json(self) -> dict[str, str]:
        """The pair as JSON-ready strings (ISO 8601 instants in UTC)."""
        return {
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
            "expires_at": self.expires_at.astimezone(UTC).isoformat(),
            "obtained_at": self.obtained_at.astimezone(UTC).isoformat(),
        }

    @classmethod
    def from_json(cls, data: object) -> TokenPair:
        """Read what `to_json` wrote.

        Raises:
            ValueError: the data is not a stored pair.
        """
        if not isinstance(data, dict):
            raise ValueError("a stored token pair must be a JSON object")
        try:
            return cls(
                access_token=str(data["access_token"]),
                refresh_token=str(data["refresh_token"]),
                expires_at=_utc(datetime.fromisoformat(str(data["expires_at"]))),
                obtained_at=_utc(datetime.fromisoformat(str(data["obtained_at"]))),
            )
        except KeyError as exc:
            raise ValueError(f"a stored token pair lacks {exc.args[0]}") from None


def _utc(instant: datetime) -> datetime:
    return instant.replace(tzinfo=UTC) if instant.tzinfo is None else instant.astimezone(UTC)


class TokenStore(Protocol):
    """Where the token pairs of connections live, shared by every worker that uses them."""

    async def load(self, connection: str) -> TokenPair | None:
        """The stored pair of `connection`, or None when it has none."""
        ...

    async def save(self, connection: str, pair: TokenPair) -> None:
        """Replace the pair of `connection` atomically (readers see old or new, never half)."""
        ...

    def lock(self, connection: str) -> AbstractAsyncContextManager[None]:
        """Hold `connection` exclusively across every process sharing this store."""
        ...


class MemoryTokenStore:
    """A store in this process's memory: tests, and single-process scripts."""

    def __init__(self) -> None:
        self._pairs: dict[str, TokenPair] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def load(self, connection: str) -> TokenPair | None:
        """The stored pair, or None."""
        return self._pairs.get(connection)

    async def save(self, connection: str, pair: TokenPair) -> None:
        """Keep `pair` for `connection`."""
        self._pairs[connection] = pair

    @asynccontextmanager
    async def lock(self, connection: str) -> AsyncIterator[None]:
        """An asyncio lock per connection (one process is all there is)."""
        async with self._locks.setdefault(connection, asyncio.Lock()):
            yield


_POLL_FIRST: Final = 0.005
_POLL_MAX: Final = 0.05


class FileTokenStore:
    """One JSON file per connection in `directory`, safe for many processes on one host.

    Writes go to a temporary file that is fsynced and then `os.replace`d over the old
    one (and the directory fsynced), so a crash leaves the old or the new pair, never a
    torn one. Files are created with mode 0600: a refresh token stands for the user's
    credentials. `lock` takes `fcntl.flock` on `<name>.lock`, polling with LOCK_NB so
    waiting never blocks the event loop and a cancelled waiter leaves no lock behind.

    Args:
        directory: where the files live; created (mode 0700) when missing.
    """

    def __init__(self, directory: Path) -> None:
        self._directory = directory
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)

    def _path(self, connection: str, suffix: str) -> Path:
        if not connection:
            raise ConfigurationError("a connection name must not be empty")
        return self._directory / f"{quote(connection, safe='')}{suffix}"

    async def load(self, connection: str) -> TokenPair | None:
        """The stored pair, or None when the file does not exist."""
        path = self._path(connection, ".json")
        try:
            text = await asyncio.to_thread(path.read_text, encoding="utf-8")
        except FileNotFoundError:
            return None
        try:
            return TokenPair.from_json(json.loads(text))
        except ValueError as exc:
            msg = f"the token file {path} is damaged ({exc}); connect the account again"
            raise ConfigurationError(msg) from None

    async def save(self, connection: str, pair: TokenPair) -> None:
        """Write the pair atomically and durably."""
        path = self._path(connection, ".json")
        data = json.dumps(pair.to_json()).encode("utf-8")
        await asyncio.to_thread(self._write, path, data)

    def _write(self, path: Path, data: bytes) -> None:
        fd, temporary = tempfile.mkstemp(dir=self._directory, prefix=".tmp-", suffix=".json")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise
        directory = os.open(self._directory, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)

    @asynccontextmanager
    async def lock(self, connection: str) -> AsyncIterator[None]:
        """Exclusive across processes (flock on a lock file), polled without blocking."""
        path = self._path(connection, ".lock")
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            delay = _POLL_FIRST
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES):
                        raise
                await asyncio.sleep(delay)
                delay = min(delay * 2, _POLL_MAX)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


@dataclass(frozen=True, slots=True)
class RefreshRules:
    """When a pair may and should be refreshed.

    Attributes:
        not_before: Exact refuses a refresh until this long after the pair was obtained.
        margin: refresh when fewer than this remain of the access token's life.
        too_early_wait: how long to wait when Exact still says "not expired" (clock skew).
        too_early_attempts: refresh attempts before RefreshTooEarly is passed on.
    """

    not_before: timedelta = timedelta(seconds=570)
    margin: timedelta = timedelta(seconds=30)
    too_early_wait: timedelta = timedelta(seconds=5)
    too_early_attempts: int = 3


EXACT_REFRESH_RULES: Final = RefreshRules()
"""Exact Online's rules: refresh from 570 s on, when fewer than 30 s remain (facts 2.3)."""

Sleep = Callable[[float], Awaitable[None]]


class TokenManager:
    """Hands out valid access tokens and refreshes them the only safe way.

    Args:
        store: where the pairs live (shared with other processes for a FileTokenStore).
        app: the OAuth app the connections consented to.
        base_url: the region host (`REGIONS["nl"]`, or an emulator URL).
        http: the client the token endpoint is called with.
        clock: the current instant (UTC, aware).
        sleep: waits that many seconds (`asyncio.sleep`; tests advance a fake clock).
        rules: refresh timing; `EXACT_REFRESH_RULES` unless an emulator shortens tokens.
        counter: token-endpoint calls per day; one per manager unless shared.
    """

    def __init__(
        self,
        store: TokenStore,
        app: _auth.OAuthApp,
        base_url: str,
        http: httpx.AsyncClient,
        *,
        clock: Callable[[], datetime],
        sleep: Sleep = asyncio.sleep,
        rules: RefreshRules = EXACT_REFRESH_RULES,
        counter: _auth.TokenCallCounter | None = None,
    ) -> None:
        self._store = store
        self._app = app
        self._base_url = base_url
        self._http = http
        self._clock = clock
        self._sleep = sleep
        self._rules = rules
        self._counter = counter if counter is not None else _auth.TokenCallCounter()
        self._locks: dict[str, asyncio.Lock] = {}
        self.refreshes = 0
        """Refreshes this manager performed (for logs, metrics and tests)."""

    async def access_token(self, connection: str) -> str:
        """A valid access token of `connection`, refreshed first when Exact allows and it must.

        Raises:
            ReconsentRequired: no pair stored, or the chain is dead (see `reason`).
            TransientError: the token endpoint is unavailable or the daily quota is spent.
        """
        pair = await self._load(connection)
        if not self._due(pair):
            return pair.access_token
        in_process = self._locks.setdefault(connection, asyncio.Lock())
        async with in_process, self._store.lock(connection):
            pair = await self._load(connection)  # another process may have refreshed
            if not self._due(pair):
                return pair.access_token
            now = self._clock()
            if now < pair.expires_at and now < pair.obtained_at + self._rules.not_before:
                return pair.access_token  # still valid and Exact would refuse a refresh
            return (await self._refresh(connection, pair)).access_token

    async def after_unauthorized(self, connection: str, rejected_token: str) -> str:
        """A new access token after the API answered 401 to `rejected_token`; refreshes once.

        When the stored token differs from the rejected one, someone refreshed already and
        that token is returned. When the pair is younger than Exact's 570 s, this waits
        (with the injected sleep) until a refresh is allowed.

        Raises:
            ReconsentRequired: the chain is dead (see `reason`).
        """
        in_process = self._locks.setdefault(connection, asyncio.Lock())
        async with in_process, self._store.lock(connection):
            pair = await self._load(connection)
            if pair.access_token != rejected_token:
                return pair.access_token
            return (await self._refresh(connection, pair)).access_token

    def _due(self, pair: TokenPair) -> bool:
        return self._clock() >= pair.expires_at - self._rules.margin

    async def _load(self, connection: str) -> TokenPair:
        pair = await self._store.load(connection)
        if pair is None:
            raise ReconsentRequired(
                f"connection {connection!r} has no tokens; authorize the app first",
                reason="not connected",
            )
        return pair

    async def _refresh(self, connection: str, pair: TokenPair) -> TokenPair:
        """Refresh under both locks, waiting for Exact's window; save before returning."""
        rules = self._rules
        for attempt in range(1, rules.too_early_attempts + 1):
            wait = (pair.obtained_at + rules.not_before - self._clock()).total_seconds()
            if wait > 0:
                await self._sleep(wait)
            try:
                fresh = await _auth.refresh_tokens(
                    self._http,
                    self._app,
                    self._base_url,
                    pair.refresh_token,
                    now=self._clock,
                    counter=self._counter,
                    connection=connection,
                )
            except RefreshTooEarly as exc:
                if attempt == rules.too_early_attempts:
                    raise
                now = self._clock()
                pause = rules.too_early_wait.total_seconds()
                if exc.retry_at is not None and exc.retry_at > now:
                    pause = (exc.retry_at - now).total_seconds()
                await self._sleep(pause)
                continue
            await self._store.save(connection, fresh)  # persist the rotation before any use
            self.refreshes += 1
            return fresh
        raise AssertionError("unreachable")  # pragma: no cover
