"""Reading and writing the emulator's rows, for integration tests.

Over HTTP (an `EmulatorClient`), as the mappers' callers will: raw JSON rows parsed with
`exactbridge.wire.loads` exactly as the client hands them over, and lists followed along
`__next` to the end, so "the whole seed" means every row, not the first page. Through the
`ExactClient` (the actions tests' way in): `client_rows`, over the client's own paging.
"""

from __future__ import annotations

from typing import Any

from exactbridge.client import ExactClient, Query
from exactbridge.wire import loads
from tests.support.emulator import EmulatorClient


def divisions(exact: EmulatorClient) -> list[int]:
    """Every division of the emulator (the `exact` fixture is granted all of them)."""
    return sorted(exact.state.store.divisions)


def _url(division: int, path: str, key: str | None = None) -> str:
    return f"/api/v1/{division}/{path}" + ("" if key is None else f"(guid'{key}')")


async def all_rows(
    exact: EmulatorClient, division: int, path: str, params: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """Every row of a list endpoint, page after page (`params`: `$expand`, `$select`...)."""
    url: str | None = _url(division, path)
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    while url is not None:
        assert url not in seen, f"__next loops back to {url}"
        seen.add(url)
        response = await exact.get(url, params=params)
        assert response.status_code == 200, response.text
        body = loads(response.content)["d"]
        if isinstance(body, list):
            rows.extend(body)
            break
        rows.extend(body["results"])
        url = body.get("__next")
        params = None  # the next link carries the query
    return rows


async def keys(exact: EmulatorClient, division: int, path: str, key: str = "ID") -> set[str]:
    """The values of one property (keys, or codes trimmed) over every row of `path`."""
    rows = await all_rows(exact, division, path, {"$select": key})
    return {str(row[key]).strip() for row in rows}


async def one_row(
    exact: EmulatorClient,
    division: int,
    path: str,
    key: str,
    params: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The row of `path` with this GUID key, whether Exact sends it bare or in a one-row
    collection."""
    response = await exact.get(_url(division, path, key), params=params)
    assert response.status_code == 200, response.text
    payload = loads(response.content)["d"]
    if "results" in payload:
        assert len(payload["results"]) == 1
        row: dict[str, Any] = payload["results"][0]
        return row
    return dict(payload)


async def create(
    exact: EmulatorClient, division: int, path: str, body: dict[str, Any], key: str = "ID"
) -> str:
    """POST a body built by a mapper; the new row's `key` property."""
    response = await exact.request("POST", _url(division, path), json=body)
    assert response.status_code == 201, response.text
    return str(loads(response.content)["d"][key])


async def update(
    exact: EmulatorClient, division: int, path: str, key: str, body: dict[str, Any]
) -> None:
    """PUT a body built by a mapper onto the row with this key (Exact answers 204)."""
    response = await exact.request("PUT", _url(division, path, key), json=body)
    assert response.status_code == 204, response.text


async def delete(exact: EmulatorClient, division: int, path: str, key: str) -> int:
    """DELETE the row with this key; the HTTP status (204 done, 500 refused by Exact)."""
    response = await exact.request("DELETE", _url(division, path, key))
    return response.status_code


async def gone(exact: EmulatorClient, division: int, path: str, key: str) -> bool:
    """True when a GET by key no longer finds the row."""
    response = await exact.get(_url(division, path, key))
    return response.status_code == 404


async def client_rows(client: ExactClient, division: int, query: Query) -> list[dict[str, Any]]:
    """Every row a query answers through the `ExactClient`, page after page."""
    return [row async for page in client.pages(division, query) for row in page.rows]
