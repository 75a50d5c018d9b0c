"""Every endpoint the emulator serves decodes into its typed model and back, without loss.

For each spec in the registry that answers GET, the first rows the emulator renders (every
property, `$select`ing all of them where Exact insists on a `$select`) become models whose
`to_wire()` equals the row. Expanded lines, creates built with `encode_for` and the
emulator's refusal of what `encode_for` refuses are checked against the same emulator.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Final

import pytest

from exactbridge.client._models import Deferred, WireModel, decode_row, encode_for, model_for
from exactbridge.emulator.config import EmulatorConfig, RateLimits
from exactbridge.errors import InvalidBody
from exactbridge.exact import ENTITIES, EntitySpec
from tests.support.emulator import EmulatorClient

READABLE: Final = sorted(
    (spec for spec in ENTITIES.values() if "GET" in spec.methods), key=lambda s: s.path
)


@pytest.fixture
def config() -> EmulatorConfig:
    """Small data, limits lifted: one call per endpoint is more than 60 a minute."""
    return EmulatorConfig(
        divisions=1, size="small", seed=7, limits=RateLimits(minutely=100_000, daily=1_000_000)
    )


def _url(exact: EmulatorClient, spec: EntitySpec) -> str:
    scope = f"{exact.division}/" if spec.division_scoped else ""
    return f"/api/v1/{scope}{spec.path}"


FUNCTION_PARAMETERS: Final = {  # functions that answer only with their parameters
    "read/sync/Sync/SyncTimestamp": {
        "modified": "datetime'2000-01-01'",
        "endPoint": "'SalesInvoices'",
    },
}


def _params(spec: EntitySpec) -> dict[str, str]:
    params = {"$top": "2", **FUNCTION_PARAMETERS.get(spec.path, {})}
    if spec.api_type != "regular" or spec.select_required:
        params["$select"] = ",".join(f.name for f in spec.fields)
    if spec.api_type == "sync":
        params["$filter"] = "Timestamp gt 0L"
    return params


def _rows(body: Any) -> list[dict[str, Any]]:
    data = body["d"]
    if isinstance(data, list):
        return data
    if "results" in data:
        rows: list[dict[str, Any]] = data["results"]
        return rows
    return [data]


async def _delete_a_new_contact(exact: EmulatorClient) -> None:
    """Give `sync/Deleted` a row: create a contact from an `encode_for` body, delete it."""
    account = await _first(exact, "crm/Accounts", "ID")
    body = encode_for("crm/Contacts", {"Account": account["ID"], "LastName": "Gone"}, method="POST")
    created = await exact.request("POST", _url(exact, ENTITIES["crm/contacts"]), json=body)
    assert created.status_code == 201, created.text
    key = created.json()["d"]["ID"]
    deleted = await exact.request("DELETE", f"{_url(exact, ENTITIES['crm/contacts'])}(guid'{key}')")
    assert deleted.status_code == 204, deleted.text


async def test_every_readable_endpoint_round_trips(exact: EmulatorClient) -> None:
    await _delete_a_new_contact(exact)
    decoded: dict[str, int] = {}
    for spec in READABLE:
        response = await exact.get(_url(exact, spec), params=_params(spec))
        assert response.status_code == 200, (spec.path, response.text)
        rows = _rows(response.json())
        for row in rows:
            model = decode_row(spec, row)
            assert isinstance(model, model_for(spec))
            assert model.to_wire() == row, spec.path
            assert model.raw is row
            assert model.model_extra == {}, f"{spec.path}: the emulator sent unknown properties"
        decoded[spec.path] = len(rows)
    assert len(decoded) == len(READABLE) > 80
    # The seed fills every endpoint but the webhook subscriptions (a subscription needs a
    # reachable callback); an endpoint without rows would test nothing, so none may be empty.
    empty = sorted(path for path, count in decoded.items() if count == 0)
    assert empty == ["webhooks/WebhookSubscriptions"]


async def test_values_are_typed_from_what_the_emulator_sends(exact: EmulatorClient) -> None:
    response = await exact.get(f"{_url(exact, ENTITIES['crm/accounts'])}", params={"$top": "1"})
    account = decode_row("crm/Accounts", _rows(response.json())[0])
    assert isinstance(account.BankAccounts, Deferred)  # type: ignore[attr-defined]
    assert account.metadata is not None
    assert account.metadata.type == "Exact.Web.Api.Models.Account"
    code = account.Code  # type: ignore[attr-defined]
    assert len(code) == 18
    assert account.code("Code") == code.strip()
    created = account.Created  # type: ignore[attr-defined]
    assert created.tzinfo is None
    utc = account.utc("Created")
    assert utc is not None and utc.utcoffset() is not None
    assert utc.replace(tzinfo=None) < created  # Amsterdam is ahead of UTC


async def test_expanded_lines_decode_with_the_child_spec(exact: EmulatorClient) -> None:
    response = await exact.get(
        f"/api/v1/{exact.division}/salesinvoice/SalesInvoices",
        params={"$top": "2", "$expand": "SalesInvoiceLines"},
    )
    assert response.status_code == 200, response.text
    for row in _rows(response.json()):
        invoice = decode_row("salesinvoice/SalesInvoices", row)
        assert invoice.to_wire() == row
        lines = invoice.children("SalesInvoiceLines")
        assert lines, "seeded invoices have lines"
        assert all(type(line) is model_for("salesinvoice/SalesInvoiceLines") for line in lines)
        assert [line.to_wire() for line in lines] == row["SalesInvoiceLines"]["results"]
        amounts = [line.AmountFC for line in lines]  # type: ignore[attr-defined]
        assert all(isinstance(a, Decimal) for a in amounts)


async def _first(exact: EmulatorClient, path: str, select: str) -> dict[str, Any]:
    response = await exact.get(
        f"/api/v1/{exact.division}/{path}", params={"$top": "1", "$select": select}
    )
    assert response.status_code == 200, response.text
    return _rows(response.json())[0]


async def test_a_body_from_encode_for_creates_an_invoice_with_lines(exact: EmulatorClient) -> None:
    customer = await _first(exact, "crm/Accounts", "ID")
    item = await _first(exact, "logistics/Items", "ID")
    journal = await _first(exact, "salesinvoice/SalesInvoices", "Journal")
    body = encode_for(
        "salesinvoice/SalesInvoices",
        {
            "OrderedBy": customer["ID"].upper(),
            "Journal": journal["Journal"],
            "Description": "typed body",
            "OrderDate": date(2026, 6, 1),
            "SalesInvoiceLines": [
                {"Item": item["ID"], "Quantity": Decimal("2"), "UnitPrice": Decimal("12.34")}
            ],
        },
        method="POST",
    )
    assert body["OrderedBy"] == customer["ID"]
    response = await exact.request(
        "POST",
        f"/api/v1/{exact.division}/salesinvoice/SalesInvoices",
        json=body,
        headers={"Prefer": "return=representation"},
    )
    assert response.status_code == 201, response.text
    created = decode_row("salesinvoice/SalesInvoices", response.json()["d"])
    assert created.Description == "typed body"  # type: ignore[attr-defined]
    assert created.OrderDate == datetime(2026, 6, 1)  # type: ignore[attr-defined]
    assert created.to_wire() == response.json()["d"]


async def test_what_encode_for_refuses_the_emulator_ignores_or_refuses(
    exact: EmulatorClient,
) -> None:
    # encode_for refuses read-only properties; Exact (and the emulator) silently ignore
    # them, which is the surprise the refusal prevents: the value sent is not the value kept.
    row = await _first(exact, "crm/Accounts", "ID,Name,Created")
    with pytest.raises(InvalidBody) as refused:
        encode_for("crm/Accounts", {"Name": "Renamed", "Created": "/Date(0)/"}, method="PUT")
    assert list(refused.value.problems) == ["Created"]
    response = await exact.request(
        "PUT",
        f"/api/v1/{exact.division}/crm/Accounts(guid'{row['ID']}')",
        json={"Name": "Renamed", "Created": "/Date(0)/"},
    )
    assert response.status_code == 204
    after = decode_row("crm/Accounts", await _first_by_id(exact, row["ID"]))
    assert after.Name == "Renamed"  # type: ignore[attr-defined]
    assert after.to_wire()["Created"] == row["Created"]
    assert isinstance(after, WireModel)


async def _first_by_id(exact: EmulatorClient, key: str) -> dict[str, Any]:
    response = await exact.get(
        f"/api/v1/{exact.division}/crm/Accounts(guid'{key}')", params={"$select": "Name,Created"}
    )
    assert response.status_code == 200, response.text
    return dict(response.json()["d"])
