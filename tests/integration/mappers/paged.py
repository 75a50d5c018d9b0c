"""Reading and writing the emulator as the mappers' callers will: every page, raw JSON rows.

Rows go through `exactbridge.wire.loads` exactly as the client hands them over, and lists
follow `__next` to the end, so "the whole seed" means every row, not the first page.
"""

from __future__ import annotations

from typing import Any

from exactbridge.wire import loads
from tests.support.emulator import EmulatorClient


def divisions(exact: EmulatorClient) -> list[int]:
    """Every division the client was granted (the `exact` fixture consents to all)."""
    return sorted(exact.state.store.divisions)


async def all_rows(exact: EmulatorClient, division: int, path: str) -> list[dict[str, Any]]:
    """Every row of a list endpoint, page after page."""
    url: str | None = f"/api/v1/{division}/{path}"
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    while url is not None:
        assert url not in seen, f"__next loops back to {url}"
        seen.add(url)
        response = await exact.get(url)
        assert response.status_code == 200, response.text
        body = loads(response.content)["d"]
        if isinstance(body, list):
            rows.extend(body)
            url = None
        else:
            rows.extend(body["results"])
            url = body.get("__next")
    return rows


async def one_row(exact: EmulatorClient, division: int, path: str, key: str) -> dict[str, Any]:
    """The row of `path` with this GUID key."""
    fetched = await exact.get(f"/api/v1/{division}/{path}(guid'{key}')")
    assert fetched.status_code == 200, fetched.text
    payload = loads(fetched.content)["d"]
    row: dict[str, Any] = payload["results"][0] if "results" in payload else payload
    return row


async def create(exact: EmulatorClient, division: int, path: str, body: dict[str, Any]) -> str:
    """POST a body; the new row's key."""
    created = await exact.request("POST", f"/api/v1/{division}/{path}", json=body)
    assert created.status_code == 201, created.text
    key: str = loads(created.content)["d"]["ID"]
    return key


async def update(
    exact: EmulatorClient, division: int, path: str, key: str, body: dict[str, Any]
) -> None:
    """PUT a body onto the row with this key."""
    updated = await exact.request("PUT", f"/api/v1/{division}/{path}(guid'{key}')", json=body)
    assert updated.status_code == 204, updated.text


async def delete(exact: EmulatorClient, division: int, path: str, key: str) -> int:
    """DELETE the row with this key; the HTTP status (204 done, 500 refused by Exact)."""
    response = await exact.request("DELETE", f"/api/v1/{division}/{path}(guid'{key}')")
    return response.status_code


async def gone(exact: EmulatorClient, division: int, path: str, key: str) -> bool:
    """True when a GET by key no longer finds the row."""
    response = await exact.get(f"/api/v1/{division}/{path}(guid'{key}')")
    return response.status_code == 404
