"""Emulator helpers for the sales document mapper tests: whole endpoints, keys, sums.

Rows are read as the client hands them over: every page (`__next` to the end), parsed with
`exactbridge.wire.loads`. `assert_adds_up` is the invariant every sales document keeps: its
totals are the sums of its lines, to the cent, with nothing rounded away.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from exactbridge.model.sales import SalesDocument, SalesLine
from exactbridge.wire import loads
from tests.support.emulator import EmulatorClient

NIL = "00000000-0000-0000-0000-000000000000"
"""The `id` of a record not created yet (Exact assigns the key)."""


def divisions(exact: EmulatorClient) -> list[int]:
    """Every division of the emulator (the `exact` fixture is granted all of them)."""
    return sorted(exact.state.store.divisions)


async def all_rows(
    exact: EmulatorClient, division: int, path: str, *, expand: str | None = None
) -> list[dict[str, Any]]:
    """Every row of a list endpoint, following `__next` until the last page."""
    url: str | None = f"/api/v1/{division}/{path}"
    params = {"$expand": expand} if expand else None
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    while url is not None:
        response = await exact.get(url, params=params)
        assert response.status_code == 200, response.text
        body = loads(response.content)["d"]
        if isinstance(body, list):
            rows.extend(body)
            break
        rows.extend(body["results"])
        url = body.get("__next")
        params = None  # the next link carries the query
        if url is not None:
            assert url not in seen, f"__next loops back to {url}"
            seen.add(url)
    return rows


async def keys(exact: EmulatorClient, division: int, path: str, key: str = "ID") -> set[str]:
    """The keys (or trimmed codes) of every row of `path`."""
    return {str(row[key]).strip() for row in await all_rows(exact, division, path)}


async def one(
    exact: EmulatorClient, division: int, path: str, key: str, *, expand: str
) -> dict[str, Any]:
    """One row read by key with its lines expanded."""
    response = await exact.get(
        f"/api/v1/{division}/{path}(guid'{key}')", params={"$expand": expand}
    )
    assert response.status_code == 200, response.text
    payload = loads(response.content)["d"]
    row: dict[str, Any] = payload["results"][0] if "results" in payload else payload
    return row


async def create(exact: EmulatorClient, division: int, path: str, body: dict[str, Any]) -> str:
    """POST a body built by a mapper; returns the new record's key."""
    response = await exact.request("POST", f"/api/v1/{division}/{path}", json=body)
    assert response.status_code == 201, response.text
    created = loads(response.content)["d"]
    key = next(value for name, value in created.items() if name.endswith("ID") and value)
    return str(key)


async def update(
    exact: EmulatorClient, division: int, path: str, key: str, body: dict[str, Any]
) -> None:
    """PUT a body built by a mapper (Exact answers 204 without a body)."""
    response = await exact.request("PUT", f"/api/v1/{division}/{path}(guid'{key}')", json=body)
    assert response.status_code == 204, response.text


async def delete(exact: EmulatorClient, division: int, path: str, key: str) -> None:
    """DELETE a record and check it is gone."""
    url = f"/api/v1/{division}/{path}(guid'{key}')"
    response = await exact.request("DELETE", url)
    assert response.status_code == 204, response.text
    gone = await exact.get(url)
    assert gone.status_code == 404, gone.text


@dataclass(frozen=True)
class Picks:
    """Seed records a new sales document can use."""

    customer: str
    item: str
    payment_terms: str
    sales_journal: str


async def pick(exact: EmulatorClient, division: int) -> Picks:
    """A customer that may be invoiced, a sales item, payment terms and the sales journal."""
    customers = [
        row
        for row in await all_rows(exact, division, "crm/Accounts")
        if str(row.get("Status") or "").strip() == "C" and not row.get("Blocked")
    ]
    items = [
        row for row in await all_rows(exact, division, "logistics/Items") if row["IsSalesItem"]
    ]
    terms = await all_rows(exact, division, "cashflow/PaymentConditions")
    journals = [
        row for row in await all_rows(exact, division, "financial/Journals") if row["Type"] == 20
    ]
    return Picks(
        customer=customers[0]["ID"],
        item=items[0]["ID"],
        payment_terms=str(terms[0]["Code"]).strip(),
        sales_journal=str(journals[0]["Code"]).strip(),
    )


def assert_adds_up(document: SalesDocument, lines: Sequence[SalesLine] | None) -> None:
    """The document's totals are its lines' sums, to the cent; lines are in line order."""
    assert lines, f"{document.id} has no lines"
    assert [line.line_number for line in lines] == list(range(1, len(lines) + 1)), document.id
    net = sum((line.net_amount or Decimal(0) for line in lines), Decimal(0))
    tax = sum((line.tax_amount or Decimal(0) for line in lines), Decimal(0))
    assert document.total_excluding_tax == net, document.id
    assert document.tax_amount == tax, document.id
    assert document.total_amount == net + tax, document.id
    for value in (net, tax, document.total_amount):
        assert value == value.quantize(Decimal("0.01")), document.id  # whole cents


def written(draft: BaseModel, *, leave_out: Collection[str] = ()) -> set[str]:
    """The fields a test set on a draft (what a read-back must give again)."""
    return set(draft.model_fields_set) - {"id", "line_items", *leave_out}
