"""documents/Documents and DocumentAttachments, and downloading attachments with a Bearer token."""

from __future__ import annotations

import base64
import random
from dataclasses import replace
from pathlib import Path
from typing import Any

from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.config import EmulatorConfig
from exactbridge.emulator.entities.documents import MAX_FILE_SIZE
from exactbridge.emulator.state import EmulatorState, build_state
from tests.support.emulator import EmulatorClient, connect


def _error(response: Any) -> str:
    return str(response.json()["error"]["message"]["value"])


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


async def _document(exact: EmulatorClient, **values: Any) -> dict[str, Any]:
    body = {"Subject": "Contract", "Type": 55} | values
    created = await exact.request(
        "POST", f"/api/v1/{exact.division}/documents/Documents", json=body
    )
    assert created.status_code == 201, created.text
    return dict(created.json()["d"])


async def _attach(exact: EmulatorClient, document: str, data: bytes, name: str) -> Any:
    body = {"Document": document, "FileName": name, "Attachment": _b64(data)}
    url = f"/api/v1/{exact.division}/documents/DocumentAttachments"
    return await exact.request("POST", url, json=body)


async def _fresh_account(exact: EmulatorClient, name: str) -> str:
    url = f"/api/v1/{exact.division}/crm/Accounts"
    created = await exact.request("POST", url, json={"Name": name, "Status": "C"})
    assert created.status_code == 201, created.text
    return str(created.json()["d"]["ID"])


async def test_a_document_is_numbered_filed_and_linked(exact: EmulatorClient) -> None:
    account = await _fresh_account(exact, "Archief B.V.")
    first = await _document(exact, Account=account, Type=10, DocumentDate="2026-06-20")
    second = await _document(exact)
    assert second["HID"] == first["HID"] + 1
    assert first["AccountName"] == "Archief B.V." and len(first["AccountCode"]) == 18
    assert first["CategoryDescription"] == "Customers"
    assert second["CategoryDescription"] == "General" and second["Category"] != first["Category"]
    assert first["TypeDescription"] == "Sales invoice"
    assert first["DocumentDate"] == "/Date(1781913600000)/"  # 2026-06-20
    assert first["HasEmptyBody"] is True and first["Currency"] == "EUR"
    assert first["DocumentViewUrl"] == (
        f"https://start.exactonline.nl/docs/DocViewContent.aspx?ID={first['ID']}"
        f"&_Division_={exact.division}&Stamp=NL001"
    )


async def test_document_refusals(exact: EmulatorClient) -> None:
    url = f"/api/v1/{exact.division}/documents/Documents"
    empty = await exact.request("POST", url, json={"Body": "nothing else"})
    assert empty.status_code == 500
    assert _error(empty) == "Mandatory: Subject\r\nMandatory: Type"
    nobody = "00000000-0000-0000-0000-000000000001"
    wrong = await exact.request(
        "POST", url, json={"Subject": "x", "Type": 10, "Account": nobody, "Contact": nobody}
    )
    assert _error(wrong) == "Invalid reference: Account\r\nInvalid reference: Contact"


async def test_a_document_blocks_deleting_its_account(exact: EmulatorClient) -> None:
    account = await _fresh_account(exact, "Bewaarplicht B.V.")
    document = await _document(exact, Account=account)
    url = f"/api/v1/{exact.division}/crm/Accounts(guid'{account}')"
    refused = await exact.request("DELETE", url)
    assert refused.status_code == 500
    assert _error(refused) == "Cannot delete: Account - Used in: Documents"
    gone = await exact.request(
        "DELETE", f"/api/v1/{exact.division}/documents/Documents(guid'{document['ID']}')"
    )
    assert gone.status_code == 204
    assert (await exact.request("DELETE", url)).status_code == 204


async def test_the_refusal_is_worded_in_the_users_language(
    config: EmulatorConfig, clock: ManualClock
) -> None:
    state = build_state(replace(config, language="nl"), clock)
    async with connect(state) as exact:
        account = await _fresh_account(exact, "Nederlandstalig B.V.")
        await _document(exact, Account=account)
        refused = await exact.request(
            "DELETE", f"/api/v1/{exact.division}/crm/Accounts(guid'{account}')"
        )
        assert _error(refused) == "Kan niet verwijderen: Relatie - Gebruikt in: Documenten"


async def test_upload_then_download_gives_the_exact_bytes(exact: EmulatorClient) -> None:
    document = await _document(exact)
    data = random.Random(3).randbytes(70_000) + b"\x00\xff%PDF"
    created = await _attach(exact, document["ID"], data, "scan 2026.pdf")
    assert created.status_code == 201, created.text
    row = created.json()["d"]
    assert list(row) == [
        "__metadata",
        "ID",
        "Attachment",
        "FileName",
        "FileSize",
        "Url",
        "Document",
    ]
    assert row["Attachment"] is None and row["FileSize"] == len(data)
    assert row["Url"] == (
        f"https://start.exactonline.nl/docs/SysAttachment.aspx?ID={row['ID']}"
        f"&_Division_={exact.division}&Stamp=NL001"
    )
    listed = await exact.get(
        f"/api/v1/{exact.division}/documents/DocumentAttachments",
        params={"$filter": f"Document eq guid'{document['ID']}'"},
    )
    assert [r["ID"] for r in listed.json()["d"]["results"]] == [row["ID"]]
    assert listed.json()["d"]["results"][0]["Attachment"] is None

    download = await exact.get(row["Url"] + "&Download=1")
    assert download.status_code == 200
    assert download.content == data
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["content-disposition"].startswith(
        'attachment; filename="scan 2026.pdf"'
    )
    inline = await exact.get(row["Url"])
    assert inline.content == data and inline.headers["content-disposition"].startswith("inline")


async def test_downloads_need_the_bearer_token_and_the_division(
    state: EmulatorState, exact: EmulatorClient
) -> None:
    document = await _document(exact)
    row = (await _attach(exact, document["ID"], b"geheim", "geheim.txt")).json()["d"]
    anonymous = await exact.http.get(row["Url"] + "&Download=1")
    assert anonymous.status_code == 404
    assert "cannot be found or you do not have the rights" in anonymous.text
    assert b"geheim" not in anonymous.content
    forged = await exact.http.get(row["Url"], headers={"Authorization": "Bearer forged"})
    assert forged.status_code == 404
    other = next(code for code in state.store.divisions if code != exact.division)
    elsewhere = row["Url"].replace(f"_Division_={exact.division}", f"_Division_={other}")
    assert (await exact.get(elsewhere)).status_code == 404
    async with connect(state, divisions=[other]) as outsider:
        assert (await outsider.get(row["Url"])).status_code == 404
    unknown = row["Url"].replace(row["ID"], "00000000-0000-0000-0000-000000000000")
    assert (await exact.get(unknown)).status_code == 404


async def test_links_follow_the_host_the_client_used(state: EmulatorState) -> None:
    async with connect(state, base_url="https://start.exactonline.be") as exact:
        document = await _document(exact)
        row = (await _attach(exact, document["ID"], b"bonjour", "note.txt")).json()["d"]
        assert row["Url"].startswith("https://start.exactonline.be/docs/SysAttachment.aspx?ID=")
        assert document["DocumentViewUrl"].startswith("https://start.exactonline.be/docs/")
        assert (await exact.get(row["Url"])).content == b"bonjour"
        for path in ("bulk/Documents/DocumentAttachments", "sync/Documents/DocumentAttachments"):
            listed = await exact.get(
                f"/api/v1/{exact.division}/{path}",
                params={"$select": "ID,Url", "$filter": "Timestamp gt 1L"}
                if path.startswith("sync")
                else {"$select": "ID,Url"},
            )
            urls = [r["Url"] for r in listed.json()["d"]["results"]]
            assert urls and all(u.startswith("https://start.exactonline.be/docs/") for u in urls)


async def test_attachment_refusals(exact: EmulatorClient) -> None:
    url = f"/api/v1/{exact.division}/documents/DocumentAttachments"
    missing = await exact.request("POST", url, json={})
    assert _error(missing) == (
        "Mandatory: Document\r\nMandatory: File name\r\nMandatory: Attachment"
    )
    nowhere = await _attach(exact, "00000000-0000-0000-0000-000000000002", b"x", "x.txt")
    assert _error(nowhere) == "Invalid reference: Document"
    document = await _document(exact)
    garbled = await exact.request(
        "POST", url, json={"Document": document["ID"], "FileName": "x", "Attachment": "no base64!"}
    )
    assert garbled.status_code == 400
    too_big = await _attach(exact, document["ID"], b"\0" * (MAX_FILE_SIZE + 1), "big.bin")
    assert too_big.status_code == 500
    assert _error(too_big) == "File too large: big.bin (maximum 10 MB)"
    just_fits = await _attach(exact, document["ID"], b"\0" * MAX_FILE_SIZE, "fits.bin")
    assert just_fits.status_code == 201
    key = just_fits.json()["d"]["ID"]
    no_put = await exact.request("PUT", f"{url}(guid'{key}')", json={"FileName": "y"})
    assert no_put.status_code == 405


async def test_deleting_a_document_deletes_its_attachments_and_files(
    state: EmulatorState, exact: EmulatorClient
) -> None:
    document = await _document(exact)
    row = (await _attach(exact, document["ID"], b"weg", "weg.txt")).json()["d"]
    deleted = await exact.request(
        "DELETE", f"/api/v1/{exact.division}/documents/Documents(guid'{document['ID']}')"
    )
    assert deleted.status_code == 204
    attachment = await exact.get(
        f"/api/v1/{exact.division}/documents/DocumentAttachments(guid'{row['ID']}')"
    )
    assert attachment.status_code == 404
    assert row["ID"] not in state.store.divisions[exact.division].files
    assert (await exact.get(row["Url"])).status_code == 404


async def test_seeded_documents_carry_downloadable_files(exact: EmulatorClient) -> None:
    listed = await exact.get(
        f"/api/v1/{exact.division}/documents/DocumentAttachments", params={"$top": "5"}
    )
    rows = listed.json()["d"]
    assert rows
    for row in rows:
        download = await exact.get(row["Url"] + "&Download=1")
        assert download.status_code == 200 and len(download.content) == row["FileSize"]
        if row["FileName"].endswith(".pdf"):
            assert download.content.startswith(b"%PDF-1.4") and download.content.endswith(
                b"%%EOF\n"
            )


async def test_attachments_survive_a_restart(
    tmp_path: Path, config: EmulatorConfig, clock: ManualClock
) -> None:
    config = replace(config, state_path=tmp_path / "exact.sqlite")
    first = build_state(config, clock)
    async with connect(first) as exact:
        document = await _document(exact)
        row = (await _attach(exact, document["ID"], b"\x01blijft\x02", "blijft.bin")).json()["d"]
        gone = (await _attach(exact, document["ID"], b"weg", "weg.bin")).json()["d"]
        url = f"/api/v1/{exact.division}/documents/DocumentAttachments(guid'{gone['ID']}')"
        assert (await exact.request("DELETE", url)).status_code == 204
    second = build_state(config, clock)
    async with connect(second) as exact:
        assert (await exact.get(row["Url"] + "&Download=1")).content == b"\x01blijft\x02"
        assert (await exact.get(gone["Url"])).status_code == 404
        seeded = next(iter(second.store.divisions[exact.division].files))
        assert second.store.divisions[exact.division].files[seeded]
