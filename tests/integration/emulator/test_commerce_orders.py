"""salesorder/SalesOrders and their lines, project/Projects and the cost dimensions, over HTTP."""

from __future__ import annotations

from typing import Any

from exactbridge.emulator.state import EmulatorState
from tests.support.emulator import EmulatorClient

NOBODY = "00000000-0000-0000-0000-000000000009"


def _error(response: Any) -> str:
    return str(response.json()["error"]["message"]["value"])


def _rows(state: EmulatorState, division: int, path: str) -> list[dict[str, Any]]:
    table = state.store.divisions[division].tables[path.lower()]
    return [table.rows[key] for key in table.sorted_keys()]


def _customer(state: EmulatorState, division: int) -> dict[str, Any]:
    return next(a for a in _rows(state, division, "crm/Accounts") if a.get("Status") == "C")


def _items(state: EmulatorState, division: int) -> list[dict[str, Any]]:
    return [i for i in _rows(state, division, "logistics/Items") if i.get("IsSalesItem")]


def _vat(state: EmulatorState, division: int, code: str) -> float:
    rows = _rows(state, division, "vat/VATCodes")
    return float(next(v["Percentage"] for v in rows if v["Code"].strip() == code.strip()))


async def _order(exact: EmulatorClient, body: dict[str, Any]) -> Any:
    return await exact.request(
        "POST", f"/api/v1/{exact.division}/salesorder/SalesOrders", json=body
    )


async def test_an_order_is_defaulted_priced_and_totalled(
    state: EmulatorState, exact: EmulatorClient
) -> None:
    customer = _customer(state, exact.division)
    first, second = _items(state, exact.division)[:2]
    created = await _order(exact, {
        "OrderedBy": customer["ID"],
        "SalesOrderLines": [
            {"Item": first["ID"], "Quantity": 3, "NetPrice": 12.5},
            {"Item": second["ID"], "Quantity": 2, "UnitPrice": 100, "Discount": 0.1},
        ],
    })  # fmt: skip
    assert created.status_code == 201, created.text
    order = created.json()["d"]
    # the full order, without `Prefer: return=representation`
    assert order["InvoiceTo"] == order["DeliverTo"] == order["OrderedBy"] == customer["ID"]
    assert order["OrderedByName"] == customer["Name"]
    assert order["OrderedByContactPerson"] is not None
    assert order["Status"] == order["DeliveryStatus"] == order["InvoiceStatus"] == 12
    assert order["StatusDescription"] == "Open"
    assert order["ApprovalStatus"] == 1 and order["ApprovalStatusDescription"] == "Automatically"
    assert order["Currency"] == "EUR" and order["WarehouseCode"] == "1"
    lines = await exact.get(
        f"/api/v1/{exact.division}/salesorder/SalesOrderLines",
        params={"$filter": f"OrderID eq guid'{order['OrderID']}'", "$orderby": "LineNumber"},
    )
    one, two = lines.json()["d"]["results"]
    assert (one["LineNumber"], two["LineNumber"]) == (1, 2)
    assert one["Description"] == first["Description"] and one["ItemCode"] == first["Code"]
    assert one["UnitCode"] == first["Unit"].strip()
    assert one["VATCode"] == first["SalesVatCode"]
    assert (one["UnitPrice"], one["NetPrice"], one["AmountFC"]) == (0, 12.5, 37.5)
    assert (two["NetPrice"], two["AmountFC"]) == (90, 180)
    assert one["OrderNumber"] == order["OrderNumber"]
    vat = round(37.5 * _vat(state, exact.division, first["SalesVatCode"]), 2)
    vat += round(180 * _vat(state, exact.division, second["SalesVatCode"]), 2)
    assert one["VATAmount"] + two["VATAmount"] == vat
    assert order["AmountFCExclVat"] == 217.5
    assert order["AmountFC"] == order["AmountDC"] == round(217.5 + vat, 2)
    again = await _order(exact, {"OrderedBy": customer["ID"],
                                 "SalesOrderLines": [{"Item": first["ID"]}]})  # fmt: skip
    assert again.json()["d"]["OrderNumber"] == order["OrderNumber"] + 1


async def test_order_refusals(state: EmulatorState, exact: EmulatorClient) -> None:
    customer = _customer(state, exact.division)
    item = _items(state, exact.division)[0]
    lines = [{"Item": item["ID"]}]
    none = await _order(exact, {"SalesOrderLines": lines})
    assert none.status_code == 500 and _error(none) == "Mandatory: Ordered by"
    stranger = await _order(exact, {"OrderedBy": NOBODY, "SalesOrderLines": lines})
    assert _error(stranger) == (
        "Invalid reference: Deliver to\r\nInvalid reference: Ordered by\r\n"
        "Invalid reference: Invoice to"
    )
    empty = await _order(exact, {"OrderedBy": customer["ID"]})
    assert _error(empty) == "Mandatory: Sales order lines"
    unknown = await _order(
        exact, {"OrderedBy": customer["ID"], "SalesOrderLines": [{"Item": NOBODY}]}
    )
    assert _error(unknown) == "Invalid reference: Item"
    first = await _order(exact, {"OrderedBy": customer["ID"], "SalesOrderLines": lines})
    taken = first.json()["d"]["OrderNumber"]
    twice = await _order(
        exact, {"OrderedBy": customer["ID"], "OrderNumber": taken, "SalesOrderLines": lines}
    )
    assert _error(twice) == "Data already exists: Order number"


async def test_lines_posted_changed_and_deleted_keep_the_totals(
    state: EmulatorState, exact: EmulatorClient
) -> None:
    customer = _customer(state, exact.division)
    item = _items(state, exact.division)[0]
    base = f"/api/v1/{exact.division}/salesorder"
    order = (await _order(exact, {"OrderedBy": customer["ID"], "SalesOrderLines": [
        {"Item": item["ID"], "Quantity": 1, "NetPrice": 10}]})).json()["d"]  # fmt: skip
    added = await exact.request("POST", f"{base}/SalesOrderLines", json={
        "OrderID": order["OrderID"], "Item": item["ID"], "Quantity": 4, "NetPrice": 5},
        headers={"Prefer": "return=representation"})  # fmt: skip
    assert added.status_code == 201, added.text
    line = added.json()["d"]
    key = f"(guid'{order['OrderID']}')"

    async def net() -> float:
        return float((await exact.get(f"{base}/SalesOrders{key}")).json()["d"]["AmountFCExclVat"])

    assert await net() == 30
    assert line["LineNumber"] == 2
    changed = await exact.request(
        "PUT", f"{base}/SalesOrderLines(guid'{line['ID']}')", json={"Quantity": 10}
    )
    assert changed.status_code == 204
    assert await net() == 60
    gone = await exact.request("DELETE", f"{base}/SalesOrderLines(guid'{line['ID']}')")
    assert gone.status_code == 204
    assert await net() == 10
    orphan = await exact.request(
        "POST", f"{base}/SalesOrderLines", json={"OrderID": NOBODY, "Item": item["ID"]}
    )
    assert _error(orphan) == "Invalid reference: Sales order"
    deleted = await exact.request("DELETE", f"{base}/SalesOrders{key}")
    assert deleted.status_code == 204
    lines = await exact.get(
        f"{base}/SalesOrderLines", params={"$filter": f"OrderID eq guid'{order['OrderID']}'"}
    )
    assert lines.json()["d"]["results"] == []
    deleted_log = await exact.get(
        f"/api/v1/{exact.division}/sync/Deleted",
        params={"$select": "EntityKey,EntityType", "$filter": "Timestamp gt 1L"},
    )
    logged = {(r["EntityType"], r["EntityKey"]) for r in deleted_log.json()["d"]["results"]}
    assert {(32, order["OrderID"]), (33, line["ID"])} <= logged


async def test_seeded_orders_have_mixed_statuses_that_follow_their_lines(
    state: EmulatorState, exact: EmulatorClient
) -> None:
    orders = _rows(state, exact.division, "salesorder/SalesOrders")
    assert {order["Status"] for order in orders} >= {12, 21}
    assert len({order["Status"] for order in orders}) >= 3
    lines = _rows(state, exact.division, "salesorder/SalesOrderLines")
    for order in orders:
        mine = [line for line in lines if line["OrderID"] == order["OrderID"]]
        assert mine
        assert order["AmountFCExclVat"] == round(sum(line["AmountFC"] for line in mine), 2)
        delivered = all(line["QuantityDelivered"] == line["Quantity"] for line in mine)
        invoiced = all(line["QuantityInvoiced"] == line["Quantity"] for line in mine)
        untouched = not any(line["QuantityDelivered"] or line["QuantityInvoiced"] for line in mine)
        if order["Status"] == 21:
            assert delivered and invoiced
        elif order["Status"] == 12:
            assert untouched
        elif order["Status"] == 20:
            assert not (delivered and invoiced) and not untouched


async def test_complete_and_partial_orders_cannot_be_changed_or_deleted(
    state: EmulatorState, exact: EmulatorClient
) -> None:
    orders = _rows(state, exact.division, "salesorder/SalesOrders")
    base = f"/api/v1/{exact.division}/salesorder/SalesOrders"
    complete = next(o for o in orders if o["Status"] == 21)
    changed = await exact.request(
        "PUT", f"{base}(guid'{complete['OrderID']}')", json={"Description": "later"}
    )
    assert changed.status_code == 500
    assert _error(changed) == "Not allowed: Sales order - Status: Complete"
    partial = next((o for o in orders if o["Status"] == 20), complete)
    refused = await exact.request("DELETE", f"{base}(guid'{partial['OrderID']}')")
    assert _error(refused) == f"Not allowed: Sales order - Status: {partial['StatusDescription']}"
    open_order = next(o for o in orders if o["Status"] == 12)
    renamed = await exact.request(
        "PUT", f"{base}(guid'{open_order['OrderID']}')", json={"Description": "Spoed"}
    )
    assert renamed.status_code == 204


async def test_projects_are_numbered_checked_and_kept_while_in_use(
    state: EmulatorState, exact: EmulatorClient
) -> None:
    url = f"/api/v1/{exact.division}/project/Projects"
    customer = _customer(state, exact.division)
    codes = [int(p["Code"]) for p in _rows(state, exact.division, "project/Projects")]
    created = await exact.request(
        "POST", url, json={"Description": "Nieuwe website", "Type": 2, "Account": customer["ID"],
                           "BudgetedAmount": 12000},
        headers={"Prefer": "return=representation"},
    )  # fmt: skip
    assert created.status_code == 201, created.text
    project = created.json()["d"]
    assert int(project["Code"]) == max(codes) + 1
    assert project["TypeDescription"] == "Fixed price"
    assert project["AccountName"] == customer["Name"]
    bad_type = await exact.request("POST", url, json={"Description": "x", "Type": 9})
    assert _error(bad_type) == "Invalid: Type"
    missing = await exact.request("POST", url, json={"Code": "X1"})
    assert _error(missing) == "Mandatory: Description\r\nMandatory: Type"
    twice = await exact.request(
        "POST", url, json={"Description": "x", "Type": 3, "Code": project["Code"]}
    )
    assert _error(twice) == "Data already exists: Code"
    dates = {"StartDate": "2026-06-01", "EndDate": "2026-05-01"}
    backwards = await exact.request("POST", url, json={"Description": "x", "Type": 3} | dates)
    assert _error(backwards) == "Invalid: EndDate"
    item = _items(state, exact.division)[0]
    order = await _order(exact, {"OrderedBy": customer["ID"], "SalesOrderLines": [
        {"Item": item["ID"], "Project": project["ID"]}]})  # fmt: skip
    assert order.status_code == 201, order.text
    refused = await exact.request("DELETE", f"{url}(guid'{project['ID']}')")
    assert _error(refused) == "Cannot delete: Project - Used in: Sales order lines"
    spare = await exact.request("POST", url, json={"Description": "Weg", "Type": 4})
    assert (
        await exact.request("DELETE", f"{url}(guid'{spare.json()['d']['ID']}')")
    ).status_code == 204


async def test_cost_centres_keep_their_code_and_stay_while_lines_name_them(
    state: EmulatorState, exact: EmulatorClient
) -> None:
    url = f"/api/v1/{exact.division}/hrm/Costcenters"
    created = await exact.request(
        "POST", url, json={"Code": "900", "Description": "Projecten"},
        headers={"Prefer": "return=representation"},
    )  # fmt: skip
    assert created.status_code == 201, created.text
    centre = created.json()["d"]
    assert centre["Active"] is True
    key = f"{url}(guid'{centre['ID']}')"
    recode = await exact.request("PUT", key, json={"Code": "901", "EndDate": "2026-01-01"})
    assert recode.status_code == 204
    after = (await exact.get(key)).json()["d"]
    assert (after["Code"], after["Active"]) == ("900", False)
    twice = await exact.request("POST", url, json={"Code": "900", "Description": "Dubbel"})
    assert _error(twice) == "Data already exists: Code"
    customer = _customer(state, exact.division)
    item = _items(state, exact.division)[0]
    wrong = await _order(exact, {"OrderedBy": customer["ID"], "SalesOrderLines": [
        {"Item": item["ID"], "CostCenter": "999"}]})  # fmt: skip
    assert _error(wrong) == "Invalid reference: Cost center"
    used = await _order(exact, {"OrderedBy": customer["ID"], "SalesOrderLines": [
        {"Item": item["ID"], "CostCenter": "900", "CostUnit": "KD01"}]})  # fmt: skip
    assert used.status_code == 201, used.text
    line = (await exact.get(
        f"/api/v1/{exact.division}/salesorder/SalesOrderLines",
        params={"$filter": f"OrderID eq guid'{used.json()['d']['OrderID']}'"},
    )).json()["d"]["results"][0]  # fmt: skip
    assert (line["CostCenterDescription"], line["CostUnit"]) == ("Projecten", "KD01")
    refused = await exact.request("DELETE", key)
    assert _error(refused) == "Cannot delete: Cost center - Used in: Sales order lines"
    units = await exact.get(f"/api/v1/{exact.division}/hrm/Costunits")
    assert {row["Code"] for row in units.json()["d"]["results"]} >= {"KD01", "KD02"}
