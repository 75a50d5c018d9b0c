"""Test helper: random (seeded) creates, updates and deletes through the emulator's admin surface.

The admin surface (`/__emulator/{division}/{service}/{Entity}[/{key}]`) acts as a user in
Exact's screens: it changes records behind the client's back, `Modified` and `Timestamp`
move on and deletes reach `sync/Deleted`, exactly as API writes would. Which rows change is
drawn by a seeded generator from the rows the emulator holds, so a run is repeatable.
Exact's business rules still apply (an account in use cannot be deleted, a processed entry
cannot be changed): a refused change is skipped and the next candidate tried, and
`random_changes` fails when a target had no candidate Exact accepted, so a test never
passes on fewer changes than it asked for.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from exactbridge.exact import EntitySpec, find_entity

__all__ = ["AdminSurface", "Changes", "Target", "random_changes"]

_AUDIT = frozenset({"Timestamp", "Modified", "Created", "Creator", "Modifier"})
_TRIES = 40  # candidates tried per change before giving up


@dataclass(frozen=True, slots=True)
class Target:
    """One endpoint to change, and how.

    Attributes:
        path: the regular endpoint (`crm/Accounts`).
        text: a text property the unified record shows, set on updates and on copies.
        unique: properties a created copy must not share with its original (codes and
            numbers Exact keeps unique).
        creates, updates, deletes: how many of each.
    """

    path: str
    text: str
    unique: tuple[str, ...] = ()
    creates: int = 1
    updates: int = 1
    deletes: int = 1

    @property
    def spec(self) -> EntitySpec:
        """The endpoint's spec."""
        found = find_entity(self.path)
        assert found is not None, self.path
        return found


@dataclass
class Changes:
    """The keys created, updated and deleted, per endpoint (keys as the wire shows them)."""

    created: dict[str, list[str]] = field(default_factory=dict)
    updated: dict[str, list[str]] = field(default_factory=dict)
    deleted: dict[str, list[str]] = field(default_factory=dict)

    def count(self) -> int:
        """All changes made."""
        return sum(
            len(keys)
            for kind in (self.created, self.updated, self.deleted)
            for keys in kind.values()
        )


@dataclass(frozen=True)
class AdminSurface:
    """The emulator's admin routes for one division over `http` (in-process or a socket)."""

    http: httpx.AsyncClient
    division: int
    headers: dict[str, str] = field(default_factory=dict)

    def _url(self, path: str, key: object = None) -> str:
        return f"/__emulator/{self.division}/{path}" + ("" if key is None else f"/{key}")

    async def rows(self, path: str) -> list[dict[str, Any]]:
        """Every row of `path`, in key order (the NDJSON export)."""
        answer = await self.http.get(self._url(path), headers=self.headers, timeout=60)
        assert answer.status_code == 200, answer.text
        return [json.loads(line) for line in answer.text.splitlines() if line]

    async def create(self, path: str, body: dict[str, Any]) -> httpx.Response:
        """POST a row in Exact's wire JSON; 201 with the row, or Exact's refusal."""
        return await self.http.post(self._url(path), json=body, headers=self.headers)

    async def update(self, path: str, key: object, body: dict[str, Any]) -> httpx.Response:
        """PUT changed properties; 200 with the row, or Exact's refusal."""
        return await self.http.put(self._url(path, key), json=body, headers=self.headers)

    async def delete(self, path: str, key: object) -> httpx.Response:
        """DELETE a row; 204, or Exact's refusal."""
        return await self.http.delete(self._url(path, key), headers=self.headers)


async def random_changes(
    admin: AdminSurface,
    targets: Sequence[Target],
    rng: random.Random,
    *,
    tick: Callable[[], None] = lambda: None,
) -> Changes:
    """Make each target's creates, updates and deletes; what was changed.

    Deletes, updates and copies are drawn from the rows present before this call (a row is
    changed at most once). `tick` runs before every change (a test's clock moves on, or
    does not, to make changes share a `Modified` instant).

    Raises:
        AssertionError: Exact refused every candidate of some change.
    """
    changes = Changes()
    for target in targets:
        rows = await admin.rows(target.path)
        pick = _Picker(admin, target, rng.sample(rows, len(rows)), tick)
        for _ in range(target.deletes):
            key = await pick.first_accepted(None)
            changes.deleted.setdefault(target.path, []).append(str(key))
        for number in range(target.updates):
            body = {target.text: f"Changed by sync test {rng.randrange(10**9)} #{number}"}
            key = await pick.first_accepted(body)
            changes.updated.setdefault(target.path, []).append(str(key))
        for number in range(target.creates):
            original = pick.order[number % len(pick.order)]
            body = _copy(original, target, rows, rng, number)
            tick()
            answer = await admin.create(target.path, body)
            assert answer.status_code == 201, f"{target.path}: {answer.text}"
            created = json.loads(answer.text)["d"][target.spec.key]
            changes.created.setdefault(target.path, []).append(str(created))
    return changes


@dataclass
class _Picker:
    """Tries a change on one target's rows in a random order until Exact accepts it."""

    admin: AdminSurface
    target: Target
    order: list[dict[str, Any]]
    tick: Callable[[], None]
    taken: set[object] = field(default_factory=set)

    async def first_accepted(self, body: dict[str, Any] | None) -> object:
        """Delete (`body` None) or update with `body` the first row Exact lets change."""
        path, key_name = self.target.path, self.target.spec.key
        refusals: list[str] = []
        for row in self.order:
            key = row[key_name]
            if key in self.taken:
                continue
            self.tick()
            if body is None:
                answer = await self.admin.delete(path, key)
            else:
                answer = await self.admin.update(path, key, body)
            if answer.status_code < 300:
                self.taken.add(key)
                return key
            refusals.append(answer.text)
            if len(refusals) == _TRIES:
                break
        raise AssertionError(f"{path}: Exact refused every candidate, e.g. {refusals[:3]}")


def _copy(
    original: dict[str, Any],
    target: Target,
    rows: Sequence[dict[str, Any]],
    rng: random.Random,
    number: int,
) -> dict[str, Any]:
    """A new row like `original`: no key or audit fields, unique codes and numbers made new."""
    body = {k: v for k, v in original.items() if k != target.spec.key and k not in _AUDIT}
    body[target.text] = f"Created by sync test {rng.randrange(10**9)} #{number}"
    for name in target.unique:
        value = original[name]
        if isinstance(value, int):
            body[name] = max(int(row[name] or 0) for row in rows) + 1 + number
        else:
            width = len(str(value))
            code = f"T{rng.randrange(10**8):08d}{number}"
            body[name] = code.rjust(width) if width > len(code) else code
    return body
