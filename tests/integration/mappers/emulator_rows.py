"""Reading whole endpoints of the emulator the way the client does, for the entry, banking
and user mapper tests: every page (`__next`), parsed with `exactbridge.wire.loads`."""

from __future__ import annotations

from typing import Any

from exactbridge.wire import loads
from tests.support.emulator import EmulatorClient


async def all_rows(
    exact: EmulatorClient, division: int, path: str, params: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """Every row of `path` in `division`, following `__next` until the last page."""
    url: str | None = f"/api/v1/{division}/{path}"
    query = params
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    while url is not None:
        response = await exact.get(url, params=query)
        assert response.status_code == 200, response.text
        body = loads(response.content)["d"]
        rows.extend(body["results"] if isinstance(body, dict) else body)
        url = body.get("__next") if isinstance(body, dict) else None
        query = None  # the next link carries the query
        if url is not None:
            assert url not in seen, f"paging loops at {url}"
            seen.add(url)
    return rows


async def one_row(
    exact: EmulatorClient, division: int, path: str, params: dict[str, str] | None = None
) -> dict[str, Any]:
    """The row answered for `path` (a key address), whether Exact sends it bare or in a
    one-row collection."""
    response = await exact.get(f"/api/v1/{division}/{path}", params=params)
    assert response.status_code == 200, response.text
    payload = loads(response.content)["d"]
    if "results" in payload:
        assert len(payload["results"]) == 1
        row: dict[str, Any] = payload["results"][0]
        return row
    return dict(payload)
