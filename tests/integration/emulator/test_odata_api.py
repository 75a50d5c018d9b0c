"""The REST surface in Exact's OData dialect: envelopes, query options, writes and errors."""

from __future__ import annotations

from typing import Any

from exactbridge.emulator.state import EmulatorState
from tests.support.emulator import EmulatorClient, connect


def _error(response: Any) -> str:
    return str(response.json()["error"]["message"]["value"])


async def test_collection_envelope_metadata_and_deferred_navigation(exact: EmulatorClient) -> None:
    response = await exact.get(f"/api/v1/{exact.division}/crm/Accounts")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()["d"]
    row = body["results"][0]
    assert row["__metadata"] == {
        "uri": f"https://start.exactonline.nl/api/v1/{exact.division}/crm/Accounts(guid'{row['ID']}')",
        "type": "Exact.Web.Api.Models.Account",
    }
    assert row["BankAccounts"] == {
        "__deferred": {"uri": row["__metadata"]["uri"] + "/BankAccounts"}
    }
    assert len(row["Code"]) == 18 and row["Code"].lstrip() == row["Code"].strip()
    assert row["Created"].startswith("/Date(")


async def test_small_top_answers_a_bare_array(exact: EmulatorClient) -> None:
    response = await exact.get(f"/api/v1/{exact.division}/crm/Contacts", params={"$top": "5"})
    body = response.json()["d"]
    assert isinstance(body, list) and len(body) == 5
    assert response.headers["DataServiceVersion"] == "1.0;"


async def test_single_entity_is_an_object_and_404_when_missing(exact: EmulatorClient) -> None:
    listing = await exact.get(f"/api/v1/{exact.division}/logistics/Items", params={"$top": "1"})
    key = listing.json()["d"][0]["ID"]
    one = await exact.get(f"/api/v1/{exact.division}/logistics/Items(guid'{key}')")
    assert one.json()["d"]["ID"] == key
    missing = await exact.get(
        f"/api/v1/{exact.division}/logistics/Items(guid'00000000-0000-0000-0000-000000000000')"
    )
    assert missing.status_code == 404
    assert _error(missing) == "Resource not found for the segment 'Items'."
    bad = await exact.get(f"/api/v1/{exact.division}/logistics/Items(guid'12')")
    assert bad.status_code == 400


async def test_select_unknown_property_is_400(exact: EmulatorClient) -> None:
    response = await exact.get(
        f"/api/v1/{exact.division}/system/Divisions", params={"$select": "Main"}
    )
    assert response.status_code == 400
    assert _error(response).startswith("No property 'Main' exists in type")


async def test_filter_syntax_error_is_exacts_message(exact: EmulatorClient) -> None:
    response = await exact.get(
        f"/api/v1/{exact.division}/crm/Accounts", params={"$filter": "Name eq"}
    )
    assert response.status_code == 400
    assert _error(response) == "Error in query syntax."


async def test_padded_codes_need_trim_to_match(exact: EmulatorClient) -> None:
    listing = await exact.get(f"/api/v1/{exact.division}/crm/Accounts", params={"$top": "1"})
    code = listing.json()["d"][0]["Code"]
    url = f"/api/v1/{exact.division}/crm/Accounts"
    plain = await exact.get(url, params={"$filter": f"Code eq '{code.strip()}'"})
    assert plain.json()["d"]["results"] == []
    trimmed = await exact.get(url, params={"$filter": f"trim(Code) eq '{code.strip()}'"})
    assert [r["Code"] for r in trimmed.json()["d"]["results"]] == [code]
    padded = await exact.get(url, params={"$filter": f"Code eq '{code}'"})
    assert len(padded.json()["d"]["results"]) == 1


async def test_count_is_plain_text_and_inlinecount_a_string(exact: EmulatorClient) -> None:
    url = f"/api/v1/{exact.division}/crm/Accounts"
    count = await exact.http.get(
        f"{url}/$count", headers={"Authorization": exact.headers["Authorization"]}
    )
    assert count.headers["content-type"].startswith("text/plain")
    total = int(count.text)
    inline = await exact.get(url, params={"$inlinecount": "allpages", "$top": "2"})
    assert inline.json()["d"]["__count"] == str(total)
    assert len(inline.json()["d"]["results"]) == 2


async def test_dollar_may_arrive_percent_encoded_and_spaces_as_plus(exact: EmulatorClient) -> None:
    url = f"/api/v1/{exact.division}/crm/Accounts?%24select=ID,Name&%24orderby=Name+desc&%24top=3"
    rows = (await exact.get(url)).json()["d"]
    names = [r["Name"] for r in rows]
    assert names == sorted(names, key=str.casefold, reverse=True)
    assert set(rows[0]) == {"__metadata", "ID", "Name"}


async def test_expand_lines_and_select_inside(exact: EmulatorClient) -> None:
    response = await exact.get(
        f"/api/v1/{exact.division}/salesinvoice/SalesInvoices",
        params={"$top": "1", "$expand": "SalesInvoiceLines",
                "$select": "InvoiceID,AmountFCExclVat,SalesInvoiceLines/AmountFC"},
    )  # fmt: skip
    invoice = response.json()["d"]["results"][0]
    lines = invoice["SalesInvoiceLines"]["results"]
    assert lines and all(set(line) == {"__metadata", "AmountFC"} for line in lines)
    assert round(sum(line["AmountFC"] for line in lines), 2) == invoice["AmountFCExclVat"]
    nav = await exact.get(
        f"/api/v1/{exact.division}/salesinvoice/SalesInvoices(guid'{invoice['InvoiceID']}')/SalesInvoiceLines"
    )
    assert len(nav.json()["d"]["results"]) == len(lines)


async def test_without_json_accept_the_answer_is_atom(exact: EmulatorClient) -> None:
    response = await exact.get(
        f"/api/v1/{exact.division}/crm/Accounts", params={"$top": "1"}, headers={"Accept": "*/*"}
    )
    assert response.headers["content-type"].startswith("application/atom+xml")
    assert "<m:properties>" in response.text
    refused = await exact.get(
        f"/api/v1/{exact.division}/crm/Accounts", headers={"Accept": "application/xml"}
    )
    assert refused.status_code == 415


async def test_urls_follow_the_host_the_client_used(state: EmulatorState) -> None:
    async with connect(state, base_url="http://emulator.local:9000") as exact:
        response = await exact.get(
            f"/api/v1/{exact.division}/crm/Accounts",
            headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "start.exactonline.be"},
        )
        body = response.json()["d"]
        assert body["results"][0]["__metadata"]["uri"].startswith(
            "https://start.exactonline.be/api/v1/"
        )
        plain = await exact.get(f"/api/v1/{exact.division}/crm/Accounts")
        assert plain.json()["d"]["results"][0]["__metadata"]["uri"].startswith(
            "http://emulator.local:9000/api/v1/"
        )


async def test_post_put_delete_account(exact: EmulatorClient) -> None:
    url = f"/api/v1/{exact.division}/crm/Accounts"
    created = await exact.request(
        "POST", url, json={"Name": "Bakkerij Test", "Status": "C", "Country": "NL"}
    )
    assert created.status_code == 201
    body = created.json()["d"]
    key = body["ID"]
    assert body["Name"] is None  # without Prefer: return=representation, Exact answers mostly nulls
    assert created.headers["Location"].endswith(f"crm/Accounts(guid'{key}')")
    full = (await exact.get(f"{url}(guid'{key}')")).json()["d"]
    assert full["Name"] == "Bakkerij Test"
    assert full["Country"] == "NL " and full["CountryName"] == "Netherlands"
    assert full["IsSales"] is True
    assert full["Code"].strip().isdigit() and len(full["Code"]) == 18
    updated = await exact.request("PUT", f"{url}(guid'{key}')", json={"Name": "Bakkerij Test 2"})
    assert updated.status_code == 204 and updated.content == b""
    again = (await exact.get(f"{url}(guid'{key}')")).json()["d"]
    assert again["Name"] == "Bakkerij Test 2" and again["Country"] == "NL "  # partial update
    deleted = await exact.request("DELETE", f"{url}(guid'{key}')")
    assert deleted.status_code == 204 and deleted.content == b""
    assert (await exact.get(f"{url}(guid'{key}')")).status_code == 404


async def test_prefer_representation_returns_everything(exact: EmulatorClient) -> None:
    created = await exact.request(
        "POST",
        f"/api/v1/{exact.division}/crm/Contacts",
        json={
            "Account": await _any_key(exact, "crm/Accounts", "ID"),
            "FirstName": "Anna",
            "LastName": "de Vries",
        },
        headers={"Prefer": "return=representation"},
    )
    assert created.status_code == 201
    contact = created.json()["d"]
    assert contact["FullName"] == "Anna de Vries"
    assert contact["AccountName"]


async def test_required_fields_and_validation_are_exact_style(exact: EmulatorClient) -> None:
    url = f"/api/v1/{exact.division}/crm/Contacts"
    missing = await exact.request("POST", url, json={"Email": "x@example.com"})
    assert missing.status_code == 500
    assert _error(missing) == "Mandatory: Account\r\nMandatory: First name"
    unknown = await exact.request("POST", url, json={"Nope": 1})
    assert unknown.status_code == 400
    assert "does not exist on type 'Exact.Web.Api.Models.Contact'" in _error(unknown)
    wrong_type = await exact.request("POST", url, json={"BirthDate": 12})
    assert wrong_type.status_code == 400
    not_json = await exact.request(
        "POST", url, content=b"<xml/>", headers={"Content-Type": "application/xml"}
    )
    assert not_json.status_code == 400
    assert "valid top-level resource object" in _error(not_json)


async def test_account_in_use_cannot_be_deleted(exact: EmulatorClient) -> None:
    invoices = await exact.get(
        f"/api/v1/{exact.division}/salesinvoice/SalesInvoices",
        params={"$top": "1", "$select": "OrderedBy"},
    )
    customer = invoices.json()["d"]["results"][0]["OrderedBy"]
    refused = await exact.request(
        "DELETE", f"/api/v1/{exact.division}/crm/Accounts(guid'{customer}')"
    )
    assert refused.status_code == 500
    assert _error(refused) == "Cannot delete: Account - Used in: Sales invoices"


async def test_sales_invoice_create_defaults_and_totals(exact: EmulatorClient) -> None:
    division = exact.division
    customer = await _any_key(exact, "crm/Accounts", "ID", "Status eq 'C'")
    item = await _any_key(exact, "logistics/Items", "ID", "IsSalesItem eq true")
    created = await exact.request(
        "POST",
        f"/api/v1/{division}/salesinvoice/SalesInvoices",
        json={
            "OrderedBy": customer,
            "SalesInvoiceLines": [{"Item": item, "Quantity": 2, "NetPrice": 10.5}],
        },
    )
    assert created.status_code == 201
    invoice = created.json()["d"]  # SalesInvoices answer in full even without Prefer
    assert invoice["Status"] == 20 and invoice["StatusDescription"] == "Open"
    assert invoice["InvoiceTo"] == invoice["DeliverTo"] == customer
    assert invoice["AmountFCExclVat"] == 21
    assert invoice["AmountFC"] == round(21 + invoice["VATAmountFC"], 2)
    assert invoice["SalesInvoiceLines"] == {
        "__deferred": {"uri": invoice["__metadata"]["uri"] + "/SalesInvoiceLines"}
    }
    no_lines = await exact.request(
        "POST", f"/api/v1/{division}/salesinvoice/SalesInvoices", json={"OrderedBy": customer}
    )
    assert no_lines.status_code == 500
    wrong = await exact.request(
        "POST",
        f"/api/v1/{division}/salesinvoice/SalesInvoices",
        json={
            "OrderedBy": "00000000-0000-0000-0000-000000000001",
            "SalesInvoiceLines": [{"Item": item}],
        },
    )
    assert _error(wrong).split("\r\n") == [
        "Invalid reference: Deliver to",
        "Invalid reference: Ordered by",
        "Invalid reference: Invoice to",
    ]


async def test_processed_invoice_cannot_change(exact: EmulatorClient, state: EmulatorState) -> None:
    table = state.store.divisions[exact.division].tables["salesinvoice/salesinvoices"]
    invoice = next(r for r in table.rows.values() if r["Status"] == 20)
    invoice["Status"] = 50
    url = f"/api/v1/{exact.division}/salesinvoice/SalesInvoices(guid'{invoice['InvoiceID']}')"
    refused = await exact.request("PUT", url, json={"Description": "late change"})
    assert refused.status_code == 500
    assert (await exact.request("DELETE", url)).status_code == 500


async def test_methods_not_offered_are_405(exact: EmulatorClient) -> None:
    response = await exact.request(
        "DELETE",
        f"/api/v1/{exact.division}/financial/FinancialPeriods(guid'00000000-0000-0000-0000-000000000000')",
    )
    assert response.status_code == 405


async def test_unknown_endpoint_is_404(exact: EmulatorClient) -> None:
    response = await exact.get(f"/api/v1/{exact.division}/webhooks/WebhookTopics")
    assert response.status_code == 404


async def test_current_me_is_a_one_row_collection(exact: EmulatorClient) -> None:
    me = (await exact.get("/api/v1/current/Me", params={"$select": "CurrentDivision"})).json()
    rows = me["d"]["results"]
    assert len(rows) == 1 and set(rows[0]) == {"__metadata", "CurrentDivision"}
    assert rows[0]["CurrentDivision"] == exact.division


async def _any_key(exact: EmulatorClient, path: str, key: str, condition: str | None = None) -> str:
    params = {"$top": "1", "$select": key}
    if condition:
        params["$filter"] = condition
    response = await exact.get(f"/api/v1/{exact.division}/{path}", params=params)
    return str(response.json()["d"][0][key])
