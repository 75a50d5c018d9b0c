"""crm/Quotations, their lines, and the actions that accept, reject, reopen, review and print."""

from __future__ import annotations

from typing import Any

from exactbridge.emulator.state import EmulatorState
from tests.support.emulator import EmulatorClient

FULL = {"Prefer": "return=representation"}
TODAY = "/Date(1782345600000)/"  # 2026-06-25, the test clock's day


def _error(response: Any) -> str:
    return str(response.json()["error"]["message"]["value"])


def _rows(state: EmulatorState, division: int, path: str) -> list[dict[str, Any]]:
    table = state.store.divisions[division].tables[path.lower()]
    return [table.rows[key] for key in table.sorted_keys()]


async def _quotation(state: EmulatorState, exact: EmulatorClient, quantity: float = 2) -> Any:
    customer = next(
        a for a in _rows(state, exact.division, "crm/Accounts") if a.get("Status") == "C"
    )
    item = next(i for i in _rows(state, exact.division, "logistics/Items") if i["IsSalesItem"])
    body = {
        "OrderAccount": customer["ID"],
        "Description": "Inrichting kantoor",
        "QuotationLines": [{"Item": item["ID"], "Quantity": quantity, "NetPrice": 50}],
    }
    created = await exact.request(
        "POST", f"/api/v1/{exact.division}/crm/Quotations", json=body, headers=FULL
    )
    assert created.status_code == 201, created.text
    return created.json()["d"]


async def _act(exact: EmulatorClient, action: str, key: str, **values: Any) -> Any:
    url = f"/api/v1/{exact.division}/crm/{action}"
    return await exact.request("POST", url, json={"QuotationID": key} | values)


async def _get(exact: EmulatorClient, key: str) -> dict[str, Any]:
    url = f"/api/v1/{exact.division}/crm/Quotations(guid'{key}')"
    return dict((await exact.get(url)).json()["d"])


async def test_a_new_quotation_is_a_numbered_draft_with_totals(
    state: EmulatorState, exact: EmulatorClient
) -> None:
    first = await _quotation(state, exact)
    second = await _quotation(state, exact)
    assert second["QuotationNumber"] == first["QuotationNumber"] + 1
    assert (first["Status"], first["StatusDescription"], first["VersionNumber"]) == (20, "Draft", 1)
    assert first["InvoiceAccount"] == first["DeliveryAccount"] == first["OrderAccount"]
    assert first["OrderAccountName"] and len(first["OrderAccountCode"]) == 18
    assert first["QuotationDate"] == TODAY and first["CloseDate"] is None
    lines = await exact.get(
        f"/api/v1/{exact.division}/crm/QuotationLines",
        params={"$filter": f"QuotationID eq guid'{first['QuotationID']}'"},
    )
    (line,) = lines.json()["d"]["results"]
    assert (line["AmountFC"], line["QuotationNumber"], line["VersionNumber"]) == (
        100,
        first["QuotationNumber"],
        1,
    )
    assert first["VATAmountFC"] == line["VATAmountFC"]
    assert first["AmountFC"] == round(100 + line["VATAmountFC"], 2)
    empty = await exact.request(
        "POST",
        f"/api/v1/{exact.division}/crm/Quotations",
        json={"OrderAccount": first["OrderAccount"]},
    )
    assert _error(empty) == "Mandatory: Quotation lines"
    nobody = await exact.request("POST", f"/api/v1/{exact.division}/crm/Quotations", json={})
    assert _error(nobody) == "Mandatory: Order account"


async def test_print_then_accept_and_the_closed_quotation_is_frozen(
    state: EmulatorState, exact: EmulatorClient
) -> None:
    quotation = await _quotation(state, exact)
    key = quotation["QuotationID"]
    printed = await _act(exact, "PrintQuotation", key, ExtraText="Geldig tot eind juli")
    assert printed.status_code == 201, printed.text
    outcome = printed.json()["d"]
    assert outcome["DocumentCreationSuccess"] and outcome["Document"]
    after = await _get(exact, key)
    assert (after["Status"], after["StatusDescription"]) == (40, "Printed")
    assert after["Document"] == outcome["Document"]
    assert after["DocumentSubject"] == f"Quotation: {quotation['QuotationNumber']}"
    files = await exact.get(
        f"/api/v1/{exact.division}/documents/DocumentAttachments",
        params={"$filter": f"Document eq guid'{outcome['Document']}'"},
    )
    (attachment,) = files.json()["d"]["results"]
    pdf = await exact.get(attachment["Url"] + "&Download=1")
    assert pdf.content.startswith(b"%PDF-1.4") and b"Geldig tot eind juli" in pdf.content
    assert len(pdf.content) == attachment["FileSize"]

    accepted = await _act(exact, "AcceptQuotation", key)
    assert accepted.status_code == 201 and accepted.json()["d"]["SuccessMessage"]
    after = await _get(exact, key)
    assert (after["Status"], after["CloseDate"]) == (50, TODAY)
    again = await _act(exact, "AcceptQuotation", key)
    assert again.status_code == 500
    assert _error(again) == "Not allowed: Accept quotation - Status: Accepted"
    url = f"/api/v1/{exact.division}/crm/Quotations(guid'{key}')"
    changed = await exact.request("PUT", url, json={"Description": "later"})
    assert _error(changed) == "Not allowed: Quotation - Status: Accepted"
    assert _error(await exact.request("DELETE", url)) == "Not allowed: Quotation - Status: Accepted"
    printed_again = await _act(exact, "PrintQuotation", key)
    assert _error(printed_again) == "Not allowed: Print quotation - Status: Accepted"


async def test_reject_reopen_and_review(state: EmulatorState, exact: EmulatorClient) -> None:
    quotation = await _quotation(state, exact, quantity=3)
    key = quotation["QuotationID"]
    reopen_open = await _act(exact, "ReopenQuotation", key)
    assert _error(reopen_open) == "Not allowed: Reopen quotation - Status: Draft"
    rejected = await _act(exact, "RejectQuotation", key)
    assert rejected.status_code == 201, rejected.text
    assert ((await _get(exact, key))["Status"], (await _get(exact, key))["CloseDate"]) == (5, TODAY)
    reopened = await _act(exact, "ReopenQuotation", key)
    assert reopened.status_code == 201
    after = await _get(exact, key)
    assert (after["Status"], after["StatusDescription"], after["CloseDate"]) == (25, "Open", None)

    reviewed = await _act(
        exact, "ReviewQuotation", key, Description="Tweede versie", CopyItemPrices=True
    )
    assert reviewed.status_code == 201, reviewed.text
    new_key = reviewed.json()["d"]["NewQuotationID"]
    old, new = await _get(exact, key), await _get(exact, new_key)
    assert (old["Status"], old["StatusDescription"]) == (6, "Reviewed and closed")
    assert (new["Status"], new["VersionNumber"]) == (20, 2)
    assert new["QuotationNumber"] == old["QuotationNumber"]
    assert new["Description"] == "Tweede versie" and new["AmountFC"] == old["AmountFC"]
    lines = await exact.get(
        f"/api/v1/{exact.division}/crm/QuotationLines",
        params={"$filter": f"QuotationID eq guid'{new_key}'"},
    )
    (line,) = lines.json()["d"]["results"]
    assert (line["Quantity"], line["VersionNumber"]) == (3, 2)
    again = await _act(exact, "ReviewQuotation", key)
    assert _error(again) == "Not allowed: Review quotation - Status: Reviewed and closed"


async def test_actions_need_an_existing_quotation_and_only_take_posts(
    state: EmulatorState, exact: EmulatorClient
) -> None:
    missing = await exact.request(
        "POST", f"/api/v1/{exact.division}/crm/AcceptQuotation", json={"Action": 0}
    )
    assert missing.status_code == 500 and _error(missing) == "Mandatory: QuotationID"
    unknown = await _act(exact, "RejectQuotation", "00000000-0000-0000-0000-000000000005")
    assert _error(unknown) == "Invalid reference: Quotation"
    wrong_field = await exact.request(
        "POST",
        f"/api/v1/{exact.division}/crm/AcceptQuotation",
        json={"QuotationID": "00000000-0000-0000-0000-000000000005", "Colour": "red"},
    )
    assert wrong_field.status_code == 400
    listed = await exact.get(f"/api/v1/{exact.division}/crm/AcceptQuotation")
    assert listed.status_code == 405


async def test_lines_of_a_draft_can_change_and_the_totals_follow(
    state: EmulatorState, exact: EmulatorClient
) -> None:
    quotation = await _quotation(state, exact, quantity=1)
    key = quotation["QuotationID"]
    lines_url = f"/api/v1/{exact.division}/crm/QuotationLines"
    item = next(i for i in _rows(state, exact.division, "logistics/Items") if i["IsSalesItem"])
    added = await exact.request(
        "POST", lines_url, json={"QuotationID": key, "Item": item["ID"], "NetPrice": 25}
    )
    assert added.status_code == 201, added.text
    net = (await _get(exact, key))["AmountFC"] - (await _get(exact, key))["VATAmountFC"]
    assert round(net, 2) == 75
    await _act(exact, "AcceptQuotation", key)
    frozen = await exact.request(
        "POST", lines_url, json={"QuotationID": key, "Item": item["ID"], "NetPrice": 1}
    )
    assert _error(frozen) == "Not allowed: Quotation - Status: Accepted"


async def test_seeded_quotations_were_accepted_rejected_or_are_still_open(
    state: EmulatorState, exact: EmulatorClient
) -> None:
    quotations = _rows(state, exact.division, "crm/Quotations")
    statuses = {q["Status"] for q in quotations}
    assert {5, 50} <= statuses and statuses & {20, 25, 40}
    for quotation in quotations:
        closed = quotation["Status"] in (5, 50)
        assert (quotation["CloseDate"] is not None) == closed
        if closed:
            assert quotation["CloseDate"] >= quotation["QuotationDate"]
