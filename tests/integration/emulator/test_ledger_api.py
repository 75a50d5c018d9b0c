"""The ledger through the HTTP API: bookings, payments, updates, deletes and refusals.

Each test makes its changes through the REST API, reads the results back through it, and
ends with `check_ledger` (every entry balances, balances equal their lines, open items
equal invoices minus exact payments, the outstanding lists mirror them).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.config import EmulatorConfig
from exactbridge.emulator.state import build_state
from exactbridge.emulator.store import Division
from tests.integration.emulator.test_ledger_seed import check_ledger
from tests.support.emulator import EmulatorClient, connect

Row = dict[str, Any]
START = datetime(2026, 6, 25, 14, 0, 0, tzinfo=UTC)


def division_of(exact: EmulatorClient) -> Division:
    return exact.state.store.divisions[exact.division]


def pick(exact: EmulatorClient, path: str, wanted: Callable[[Row], bool] = lambda _: True) -> Row:
    table = division_of(exact).tables[path.lower()]
    return next(table.rows[key] for key in table.sorted_keys() if wanted(table.rows[key]))


def url(exact: EmulatorClient, path: str) -> str:
    return f"/api/v1/{exact.division}/{path}"


def customer(exact: EmulatorClient) -> Row:
    return pick(exact, "crm/Accounts", lambda a: a.get("Status") == "C" and not a["IsSupplier"])


def supplier(exact: EmulatorClient) -> Row:
    return pick(exact, "crm/Accounts", lambda a: a["IsSupplier"] and a.get("Status") != "C")


def gl(exact: EmulatorClient, gl_type: int) -> str:
    return str(pick(exact, "financial/GLAccounts", lambda g: g["Type"] == gl_type)["ID"])


def journal(exact: EmulatorClient, journal_type: int) -> str:
    return str(pick(exact, "financial/Journals", lambda j: j["Type"] == journal_type)["Code"])


async def post(exact: EmulatorClient, path: str, body: Row) -> httpx.Response:
    return await exact.request(
        "POST", url(exact, path), json=body, headers={"Prefer": "return=representation"}
    )


async def get_rows(exact: EmulatorClient, path: str, filter_: str, select: str) -> list[Row]:
    response = await exact.get(url(exact, path), params={"$filter": filter_, "$select": select})
    assert response.status_code == 200, response.text
    rows: list[Row] = response.json()["d"]["results"]
    return rows


async def sales_entry(exact: EmulatorClient, *amounts: float, date: str = "2026-06-20") -> Row:
    body = {
        "Customer": customer(exact)["ID"],
        "EntryDate": date,
        "Description": "Consultancy",
        "SalesEntryLines": [
            {"GLAccount": gl(exact, 110), "AmountFC": amount, "VATCode": "3"} for amount in amounts
        ],
    }
    response = await post(exact, "salesentry/SalesEntries", body)
    assert response.status_code == 201, response.text
    entry: Row = response.json()["d"]
    return entry


async def purchase_entry(exact: EmulatorClient, amount: float) -> Row:
    body = {
        "Supplier": supplier(exact)["ID"],
        "EntryDate": "2026-06-18",
        "Description": "Office chairs",
        "YourRef": "INV-2026-118",
        "PurchaseEntryLines": [{"GLAccount": gl(exact, 121), "AmountFC": amount, "VATCode": "5"}],
    }
    response = await post(exact, "purchaseentry/PurchaseEntries", body)
    assert response.status_code == 201, response.text
    entry: Row = response.json()["d"]
    return entry


async def bank_entry(exact: EmulatorClient, *lines: Row) -> httpx.Response:
    body = {"JournalCode": journal(exact, 12), "BankEntryLines": list(lines)}
    return await post(exact, "financialtransaction/BankEntries", body)


def consistent(exact: EmulatorClient) -> None:
    for division in exact.state.store.divisions.values():
        assert check_ledger(division) == []


def refusal(response: httpx.Response) -> str:
    assert response.status_code == 500, response.text
    value: str = response.json()["error"]["message"]["value"]
    return value


# --- booking -----------------------------------------------------------------------------------


async def test_a_sales_entry_is_numbered_booked_and_opens_a_receivable(
    exact: EmulatorClient,
) -> None:
    entry = await sales_entry(exact, 100.005, 50)
    assert re.fullmatch(r"2670\d{4}", str(entry["EntryNumber"]))
    assert entry["InvoiceNumber"] == entry["EntryNumber"]
    assert (entry["Type"], entry["TypeDescription"], entry["Status"]) == (20, "Sales entry", 20)
    assert (entry["ReportingYear"], entry["ReportingPeriod"]) == (2026, 6)
    # 100.005 rounds half up to 100.01; VAT 21 % per line: 21.00 + 10.50
    assert (entry["AmountDC"], entry["VATAmountDC"]) == (181.51, 31.5)
    lines = await get_rows(
        exact,
        "financialtransaction/TransactionLines",
        f"EntryID eq guid'{entry['EntryID']}'",
        "LineNumber,AmountDC,GLAccount,Account,VATCode,InvoiceNumber,Status,Type",
    )
    amounts = sorted((line["LineNumber"], line["AmountDC"]) for line in lines)
    assert amounts == [(0, 181.51), (1, -100.01), (2, -50.0), (3, -31.5)]
    receivable_line = next(line for line in lines if line["LineNumber"] == 0)
    assert receivable_line["GLAccount"] == gl(exact, 20)
    assert receivable_line["Account"] == entry["Customer"]
    assert receivable_line["InvoiceNumber"] == entry["InvoiceNumber"]
    assert {(line["Status"], line["Type"]) for line in lines} == {(20, 20)}
    [item] = await get_rows(
        exact, "cashflow/Receivables", f"TransactionEntryID eq guid'{entry['EntryID']}'",
        "AmountDC,TransactionAmountDC,InvoiceNumber,Status,IsFullyPaid,Account",
    )  # fmt: skip
    assert (item["AmountDC"], item["TransactionAmountDC"], item["Status"]) == (181.51, 181.51, 20)
    assert not item["IsFullyPaid"]
    listed = await get_rows(
        exact, "read/financial/ReceivablesList", f"InvoiceNumber eq {entry['InvoiceNumber']}",
        "HID,Amount,AccountId",
    )  # fmt: skip
    assert [(row["Amount"], row["AccountId"]) for row in listed] == [(181.51, entry["Customer"])]
    assert isinstance(listed[0]["HID"], str)  # Int64 keys are JSON strings
    consistent(exact)


async def test_a_credit_note_books_every_sign_the_other_way(exact: EmulatorClient) -> None:
    entry = await sales_entry(exact, -40)
    assert (entry["Type"], entry["AmountDC"]) == (21, -48.4)
    [item] = await get_rows(
        exact, "cashflow/Receivables", f"TransactionEntryID eq guid'{entry['EntryID']}'",
        "AmountDC",
    )  # fmt: skip
    assert item["AmountDC"] == -48.4
    consistent(exact)


async def test_a_purchase_entry_gets_a_document_and_opens_a_payable(exact: EmulatorClient) -> None:
    response = await exact.request(
        "POST",
        url(exact, "purchaseentry/PurchaseEntries"),
        json={
            "Journal": journal(exact, 22),
            "Supplier": supplier(exact)["ID"],
            "Description": "Office chairs",
            "PurchaseEntryLines": [{"GLAccount": gl(exact, 121), "AmountFC": 200,
                                    "VATCode": "5"}],
        },
    )  # fmt: skip
    assert response.status_code == 201  # full answer even without Prefer
    entry = response.json()["d"]
    assert (entry["Type"], entry["AmountDC"], entry["Status"]) == (30, 242.0, 20)
    assert re.fullmatch(r"2660\d{4}", str(entry["EntryNumber"]))
    assert entry["Document"] and entry["DocumentSubject"] == "Office chairs"
    assert isinstance(entry["DocumentNumber"], int)
    document = await exact.get(url(exact, f"documents/Documents(guid'{entry['Document']}')"))
    assert document.json()["d"]["Type"] == 20
    [item] = await get_rows(
        exact, "cashflow/Payments", f"TransactionEntryID eq guid'{entry['EntryID']}'",
        "AmountDC,Status,Account",
    )  # fmt: skip
    assert (item["AmountDC"], item["Status"], item["Account"]) == (242.0, 20, entry["Supplier"])
    listed = await get_rows(
        exact, "read/financial/PayablesList", f"EntryNumber eq {entry['EntryNumber']}", "Amount"
    )
    assert [row["Amount"] for row in listed] == [242.0]
    consistent(exact)


# --- payments ----------------------------------------------------------------------------------


async def test_a_bank_line_for_the_exact_amount_settles_the_receivable(
    exact: EmulatorClient,
) -> None:
    entry = await sales_entry(exact, 100)
    payment = {"Account": entry["Customer"], "AmountFC": 121.0, "OurRef": entry["InvoiceNumber"],
               "Date": "2026-06-24", "Description": "Payment"}  # fmt: skip
    response = await bank_entry(exact, payment)
    assert response.status_code == 201, response.text
    statement = response.json()["d"]
    lines = await get_rows(
        exact, "financialtransaction/TransactionLines",
        f"EntryID eq guid'{statement['EntryID']}'", "AmountDC,GLAccount,Type,Account",
    )  # fmt: skip
    # money received: bank debited, the customer's receivable credited
    assert sorted((line["GLAccount"], line["AmountDC"]) for line in lines) == sorted(
        [(gl(exact, 12), 121.0), (gl(exact, 20), -121.0)]
    )
    assert {line["Type"] for line in lines} == {40}
    [item] = await get_rows(
        exact, "cashflow/Receivables", f"TransactionEntryID eq guid'{entry['EntryID']}'",
        "AmountDC,Status,IsFullyPaid,EndDate,LastPaymentDate",
    )  # fmt: skip
    assert (item["AmountDC"], item["Status"], item["IsFullyPaid"]) == (0, 50, True)
    assert item["EndDate"] == item["LastPaymentDate"] == "/Date(1782259200000)/"  # 2026-06-24
    listed = await get_rows(
        exact, "read/financial/ReceivablesList", f"InvoiceNumber eq {entry['InvoiceNumber']}",
        "HID",
    )  # fmt: skip
    assert listed == []
    consistent(exact)


async def test_a_partial_payment_is_not_matched_and_stays_open(exact: EmulatorClient) -> None:
    entry = await sales_entry(exact, 100)
    response = await bank_entry(
        exact, {"Account": entry["Customer"], "AmountFC": 60, "OurRef": entry["InvoiceNumber"]}
    )
    assert response.status_code == 201, response.text
    items = await get_rows(
        exact, "cashflow/Receivables", f"Account eq guid'{entry['Customer']}' and Status eq 20",
        "AmountDC,TransactionEntryID",
    )  # fmt: skip
    by_entry = {item["TransactionEntryID"]: item["AmountDC"] for item in items}
    assert by_entry[entry["EntryID"]] == 121.0
    assert by_entry[response.json()["d"]["EntryID"]] == -60.0  # the unmatched payment
    consistent(exact)


async def test_paying_a_supplier_settles_the_payable(exact: EmulatorClient) -> None:
    entry = await purchase_entry(exact, 50)
    response = await bank_entry(
        exact,
        {"Account": entry["Supplier"], "AmountFC": -60.5, "OurRef": entry["InvoiceNumber"]},
    )
    assert response.status_code == 201, response.text
    lines = await get_rows(
        exact, "financialtransaction/TransactionLines",
        f"EntryID eq guid'{response.json()['d']['EntryID']}'", "AmountDC,GLAccount",
    )  # fmt: skip
    # money paid out: bank credited, the supplier's payable debited
    assert sorted((line["GLAccount"], line["AmountDC"]) for line in lines) == sorted(
        [(gl(exact, 12), -60.5), (gl(exact, 22), 60.5)]
    )
    [item] = await get_rows(
        exact, "cashflow/Payments", f"TransactionEntryID eq guid'{entry['EntryID']}'",
        "AmountDC,Status,EndDate",
    )  # fmt: skip
    assert (item["AmountDC"], item["Status"]) == (0, 50)
    assert item["EndDate"] is not None
    consistent(exact)


async def test_cash_lines_split_off_the_vat_they_include(exact: EmulatorClient) -> None:
    body = {
        "JournalCode": journal(exact, 10),
        "CashEntryLines": [{"GLAccount": gl(exact, 110), "AmountFC": 121, "VATCode": "3"}],
    }
    response = await post(exact, "financialtransaction/CashEntries", body)
    assert response.status_code == 201, response.text
    lines = await get_rows(
        exact, "financialtransaction/TransactionLines",
        f"EntryID eq guid'{response.json()['d']['EntryID']}'", "AmountDC",
    )  # fmt: skip
    assert sorted(line["AmountDC"] for line in lines) == [-100.0, -21.0, 121.0]
    consistent(exact)


async def test_a_statement_line_posted_on_its_own_is_booked(exact: EmulatorClient) -> None:
    entry = await sales_entry(exact, 10)
    statement = await bank_entry(exact, {"GLAccount": gl(exact, 121), "AmountFC": -5})
    assert statement.status_code == 201, statement.text
    entry_id = statement.json()["d"]["EntryID"]
    line = {"EntryID": entry_id, "Account": entry["Customer"], "AmountFC": 12.1,
            "OurRef": entry["InvoiceNumber"]}  # fmt: skip
    response = await post(exact, "financialtransaction/BankEntryLines", line)
    assert response.status_code == 201, response.text
    lines = await get_rows(
        exact, "financialtransaction/TransactionLines", f"EntryID eq guid'{entry_id}'",
        "LineNumber",
    )  # fmt: skip
    assert sorted(line["LineNumber"] for line in lines) == [1, 2, 3, 4]
    [item] = await get_rows(
        exact, "cashflow/Receivables", f"TransactionEntryID eq guid'{entry['EntryID']}'",
        "Status",
    )  # fmt: skip
    assert item["Status"] == 50
    consistent(exact)


# --- general journal ---------------------------------------------------------------------------


async def test_a_balanced_general_journal_entry_is_booked(exact: EmulatorClient) -> None:
    body = {
        "JournalCode": journal(exact, 90),
        "GeneralJournalEntryLines": [
            {"GLAccount": gl(exact, 122), "AmountDC": 250, "Description": "Depreciation",
             "Date": "2026-05-31"},
            {"GLAccount": gl(exact, 35), "AmountDC": -250, "Description": "Depreciation",
             "Date": "2026-05-31"},
        ],
    }  # fmt: skip
    response = await post(exact, "generaljournalentry/GeneralJournalEntries", body)
    assert response.status_code == 201, response.text
    entry = response.json()["d"]
    assert (entry["FinancialYear"], entry["FinancialPeriod"], entry["Type"]) == (2026, 5, 90)
    assert re.fullmatch(r"2690\d{4}", str(entry["EntryNumber"]))
    consistent(exact)
    deleted = await exact.request(
        "DELETE", url(exact, f"generaljournalentry/GeneralJournalEntries(guid'{entry['EntryID']}')")
    )
    assert deleted.status_code == 204
    assert not await get_rows(
        exact, "financialtransaction/TransactionLines", f"EntryID eq guid'{entry['EntryID']}'",
        "ID",
    )  # fmt: skip
    consistent(exact)


# --- updates and deletes -----------------------------------------------------------------------


async def test_updating_an_entry_books_it_anew(exact: EmulatorClient) -> None:
    entry = await sales_entry(exact, 100)
    filter_ = f"EntryID eq guid'{entry['EntryID']}'"
    before = await get_rows(exact, "financialtransaction/TransactionLines", filter_, "ID")
    response = await exact.request(
        "PUT", url(exact, f"salesentry/SalesEntries(guid'{entry['EntryID']}')"),
        json={"EntryDate": "2026-05-12", "Description": "Moved to May"},
    )  # fmt: skip
    assert response.status_code == 204, response.text
    after = await get_rows(
        exact, "financialtransaction/TransactionLines", filter_,
        "ID,FinancialPeriod,Description",
    )  # fmt: skip
    assert len(after) == len(before) == 3
    assert not {row["ID"] for row in before} & {row["ID"] for row in after}
    assert {row["FinancialPeriod"] for row in after} == {5}
    line = pick(exact, "salesentry/SalesEntryLines", lambda r: r["EntryID"] == entry["EntryID"])
    changed = await exact.request(
        "PUT", url(exact, f"salesentry/SalesEntryLines(guid'{line['ID']}')"), json={"AmountFC": 200}
    )
    assert changed.status_code == 204, changed.text
    header = await exact.get(url(exact, f"salesentry/SalesEntries(guid'{entry['EntryID']}')"))
    assert header.json()["d"]["AmountDC"] == 242.0
    consistent(exact)


async def test_deleting_an_entry_takes_its_booking_back(exact: EmulatorClient) -> None:
    entry = await sales_entry(exact, 100)
    response = await exact.request(
        "DELETE", url(exact, f"salesentry/SalesEntries(guid'{entry['EntryID']}')")
    )
    assert response.status_code == 204, response.text
    filter_ = f"EntryID eq guid'{entry['EntryID']}'"
    assert not await get_rows(exact, "financialtransaction/TransactionLines", filter_, "ID")
    assert not await get_rows(exact, "salesentry/SalesEntryLines", filter_, "ID")
    assert not await get_rows(
        exact, "cashflow/Receivables", f"TransactionEntryID eq guid'{entry['EntryID']}'", "ID"
    )
    consistent(exact)


async def test_receivable_descriptions_can_change_and_reach_the_list(
    exact: EmulatorClient,
) -> None:
    entry = await sales_entry(exact, 10)
    item = pick(
        exact, "cashflow/Receivables", lambda r: r["TransactionEntryID"] == entry["EntryID"]
    )
    response = await exact.request(
        "PUT", url(exact, f"cashflow/Receivables(guid'{item['ID']}')"),
        json={"Description": "Call customer", "AmountDC": 1},
    )  # fmt: skip
    assert response.status_code == 204, response.text
    [listed] = await get_rows(
        exact, "read/financial/ReceivablesList", f"Id eq guid'{item['ID']}'", "Description,Amount"
    )
    assert listed == {"__metadata": listed["__metadata"], "Amount": 12.1,
                      "Description": "Call customer"}  # fmt: skip
    consistent(exact)


# --- refusals ----------------------------------------------------------------------------------


async def test_refusals_are_worded_as_exact_words_them(exact: EmulatorClient) -> None:
    entries = "salesentry/SalesEntries"
    lines = [{"GLAccount": gl(exact, 110), "AmountFC": 10}]
    cases: list[tuple[str, Row, str]] = [
        ("purchaseentry/PurchaseEntries",
         {"Supplier": customer(exact)["ID"], "PurchaseEntryLines": lines},
         "Invalid: Supplier (Type)"),
        (entries, {"Customer": supplier(exact)["ID"], "SalesEntryLines": lines},
         "Invalid: Customer (Type)"),
        (entries, {"Customer": customer(exact)["ID"], "EntryDate": "2015-03-01",
                   "SalesEntryLines": lines}, "Mandatory: Financial year"),
        (entries, {"Customer": customer(exact)["ID"], "SalesEntryLines": lines,
                   "Journal": pick(exact, "financial/Journals", lambda j: j["Type"] == 20)["ID"]},
         "Invalid reference: Journal"),
        (entries, {"Customer": customer(exact)["ID"], "Journal": journal(exact, 22),
                   "SalesEntryLines": lines}, "Invalid reference: Journal"),
        (entries, {"Customer": customer(exact)["ID"],
                   "SalesEntryLines": [lines[0] | {"CostCenter": gl(exact, 110)}]},
         "Invalid reference: Cost center"),
        (entries, {"Customer": customer(exact)["ID"],
                   "SalesEntryLines": [lines[0] | {"CostUnit": "NOPE"}]},
         "Invalid reference: Cost unit"),
        (entries, {"Customer": customer(exact)["ID"], "SalesEntryLines": []},
         "Mandatory: Entry lines"),
        ("generaljournalentry/GeneralJournalEntries",
         {"JournalCode": journal(exact, 90), "GeneralJournalEntryLines": [
             {"GLAccount": gl(exact, 110), "AmountFC": 10, "VATCode": "3"},
             {"GLAccount": gl(exact, 12), "AmountFC": -10}]},
         "Not allowed: VAT code"),
        ("generaljournalentry/GeneralJournalEntries",
         {"JournalCode": journal(exact, 90), "GeneralJournalEntryLines": [
             {"GLAccount": gl(exact, 110), "AmountFC": 10},
             {"GLAccount": gl(exact, 12), "AmountFC": -20}]},
         "The entry is not in balance: difference -10.00"),
        ("generaljournalentry/GeneralJournalEntries",
         {"JournalCode": journal(exact, 90), "GeneralJournalEntryLines": [
             {"GLAccount": gl(exact, 20), "AmountFC": 10},
             {"GLAccount": gl(exact, 12), "AmountFC": -10}]},
         "Mandatory: Account"),
        ("financialtransaction/BankEntries",
         {"JournalCode": journal(exact, 90), "BankEntryLines": lines},
         "Invalid reference: Journal"),
    ]  # fmt: skip
    for path, body, message in cases:
        response = await post(exact, path, body)
        assert refusal(response) == message, (path, body)
    consistent(exact)


async def test_general_journal_entries_have_no_description_and_no_update(
    exact: EmulatorClient,
) -> None:
    body = {"JournalCode": journal(exact, 90), "Description": "Month end",
            "GeneralJournalEntryLines": []}  # fmt: skip
    response = await post(exact, "generaljournalentry/GeneralJournalEntries", body)
    assert response.status_code == 400
    assert "Description" in response.json()["error"]["message"]["value"]
    entry = pick(exact, "generaljournalentry/GeneralJournalEntries")
    put = await exact.request(
        "PUT", url(exact, f"generaljournalentry/GeneralJournalEntries(guid'{entry['EntryID']}')"),
        json={"JournalCode": "90"},
    )  # fmt: skip
    assert put.status_code == 405
    for path in ("financialtransaction/Transactions", "financialtransaction/TransactionLines"):
        assert (await post(exact, path, {})).status_code == 405


async def test_processed_and_settled_entries_are_locked(exact: EmulatorClient) -> None:
    processed = pick(exact, "salesentry/SalesEntries", lambda e: e["Status"] == 50)
    key = f"salesentry/SalesEntries(guid'{processed['EntryID']}')"
    put = await exact.request("PUT", url(exact, key), json={"Description": "x"})
    assert refusal(put) == "Not allowed: the entry has been processed and cannot be changed"
    delete = await exact.request("DELETE", url(exact, key))
    assert refusal(delete) == "Not allowed: the entry has been processed and cannot be changed"
    entry = await sales_entry(exact, 10)
    paid = await bank_entry(
        exact, {"Account": entry["Customer"], "AmountFC": 12.1, "OurRef": entry["InvoiceNumber"]}
    )
    assert paid.status_code == 201
    key = f"salesentry/SalesEntries(guid'{entry['EntryID']}')"
    delete = await exact.request("DELETE", url(exact, key))
    assert refusal(delete) == "Not allowed: the entry has been matched and cannot be changed"
    line = pick(exact, "salesentry/SalesEntryLines", lambda r: r["EntryID"] == entry["EntryID"])
    line_delete = await exact.request(
        "DELETE", url(exact, f"salesentry/SalesEntryLines(guid'{line['ID']}')")
    )
    assert refusal(line_delete).startswith("Not allowed: the entry has been matched")
    consistent(exact)


async def test_accounts_and_ledger_accounts_in_use_cannot_be_deleted(
    exact: EmulatorClient,
) -> None:
    entry = await sales_entry(exact, 10)
    account = await exact.request("DELETE", url(exact, f"crm/Accounts(guid'{entry['Customer']}')"))
    assert refusal(account).startswith("Cannot delete: Account - Used in: ")
    # a ledger account only this test books on: its entry, lines and balances refer to it
    cost = await exact.request(
        "POST",
        url(exact, "financial/GLAccounts"),
        json={"Code": "4999", "Description": "Sundries", "Type": 121},
    )
    cost_id = cost.json()["d"]["ID"]
    booked = await post(exact, "generaljournalentry/GeneralJournalEntries", {
        "JournalCode": journal(exact, 90), "GeneralJournalEntryLines": [
            {"GLAccount": cost_id, "AmountFC": 10}, {"GLAccount": gl(exact, 12), "AmountFC": -10}],
    })  # fmt: skip
    assert booked.status_code == 201, booked.text
    ledger_account = await exact.request(
        "DELETE", url(exact, f"financial/GLAccounts(guid'{cost_id}')")
    )
    assert refusal(ledger_account).startswith("Cannot delete: G/L account - Used in: ")


async def test_refusals_are_localised() -> None:
    config = EmulatorConfig(divisions=1, size="small", seed=7, language="nl")
    async with connect(build_state(config, ManualClock(START))) as exact:
        body = {"Supplier": customer(exact)["ID"],
                "PurchaseEntryLines": [{"GLAccount": gl(exact, 121), "AmountFC": 1}]}  # fmt: skip
        response = await post(exact, "purchaseentry/PurchaseEntries", body)
        assert refusal(response) == "Ongeldig: Leverancier (Type)"
        body = {"Customer": customer(exact)["ID"], "EntryDate": "2015-03-01",
                "SalesEntryLines": [{"GLAccount": gl(exact, 110), "AmountFC": 1}]}  # fmt: skip
        response = await post(exact, "salesentry/SalesEntries", body)
        assert refusal(response) == "Verplicht: Boekjaar"
        body = {"JournalCode": journal(exact, 90), "GeneralJournalEntryLines": [
            {"GLAccount": gl(exact, 110), "AmountFC": 10, "VATCode": "3"},
            {"GLAccount": gl(exact, 12), "AmountFC": -10}]}  # fmt: skip
        response = await post(exact, "generaljournalentry/GeneralJournalEntries", body)
        assert refusal(response) == "Niet toegestaan: Btw-code"


# --- printing a sales invoice ------------------------------------------------------------------


async def test_printing_an_invoice_processes_books_and_files_it(exact: EmulatorClient) -> None:
    item = pick(exact, "logistics/Items", lambda i: i["IsSalesItem"])
    invoice = await post(exact, "salesinvoice/SalesInvoices", {
        "OrderedBy": customer(exact)["ID"], "InvoiceDate": "2026-06-22",
        "Description": "Spare parts",
        "SalesInvoiceLines": [{"Item": item["ID"], "Quantity": 3, "UnitPrice": 19.99}],
    })  # fmt: skip
    assert invoice.status_code == 201, invoice.text
    invoice_id = invoice.json()["d"]["InvoiceID"]
    printed = await post(exact, "salesinvoice/PrintedSalesInvoices", {"InvoiceID": invoice_id})
    assert printed.status_code == 201, printed.text
    echo = printed.json()["d"]
    assert echo["InvoiceID"] == invoice_id
    assert echo["DocumentCreationSuccess"] and echo["DocumentCreationError"] is None
    document_id = echo["Document"]
    read = await exact.get(url(exact, f"salesinvoice/SalesInvoices(guid'{invoice_id}')"))
    processed = read.json()["d"]
    assert (processed["Status"], processed["StatusDescription"]) == (50, "Processed")
    assert re.fullmatch(r"2670\d{4}", str(processed["InvoiceNumber"]))
    locked = await exact.request(
        "PUT", url(exact, f"salesinvoice/SalesInvoices(guid'{invoice_id}')"),
        json={"Description": "changed"},
    )  # fmt: skip
    assert refusal(locked).startswith("Not allowed: the invoice has been processed")
    again = await post(exact, "salesinvoice/PrintedSalesInvoices", {"InvoiceID": invoice_id})
    assert refusal(again).startswith("Not allowed: the invoice has been processed")
    [transaction] = await get_rows(
        exact, "financialtransaction/Transactions", f"EntryID eq guid'{invoice_id}'",
        "EntryNumber,Type,Status",
    )  # fmt: skip
    assert transaction["EntryNumber"] == processed["InvoiceNumber"]
    assert (transaction["Type"], transaction["Status"]) == (20, 50)
    [receivable] = await get_rows(
        exact, "cashflow/Receivables", f"TransactionEntryID eq guid'{invoice_id}'", "AmountDC"
    )
    assert receivable["AmountDC"] == processed["AmountDC"]
    document = await exact.get(url(exact, f"documents/Documents(guid'{document_id}')"))
    assert document.json()["d"]["Type"] == 10
    [attachment] = await get_rows(
        exact, "documents/DocumentAttachments", f"Document eq guid'{document_id}'", "FileName,Url"
    )
    assert attachment["FileName"].endswith(".pdf")
    download = await exact.get(attachment["Url"] + "&Download=1")
    assert download.status_code == 200
    assert download.content.startswith(b"%PDF-1.4") and download.content.endswith(b"%%EOF\n")
    assert str(processed["InvoiceNumber"]).encode() in download.content
    consistent(exact)


async def test_only_open_invoices_can_be_printed(exact: EmulatorClient) -> None:
    missing = await post(
        exact, "salesinvoice/PrintedSalesInvoices",
        {"InvoiceID": "00000000-0000-4000-8000-000000000000"},
    )  # fmt: skip
    assert refusal(missing) == "Invalid reference: Invoice"
    nameless = await post(exact, "salesinvoice/PrintedSalesInvoices", {})
    assert refusal(nameless) == "Mandatory: Invoice"
    listing = await exact.get(url(exact, "salesinvoice/PrintedSalesInvoices"))
    assert listing.status_code == 405


@pytest.mark.parametrize("language", ["en", "nl"])
def test_seeded_ledgers_are_consistent_in_every_division(language: str) -> None:
    config = EmulatorConfig(divisions=3, size="small", seed=21, language=language)  # type: ignore[arg-type]
    state = build_state(config, ManualClock(START))
    for division in state.store.divisions.values():
        assert check_ledger(division) == []


# --- reading the ledger --------------------------------------------------------------------------


async def test_reporting_balances_page_with_int64_skiptokens(exact: EmulatorClient) -> None:
    response = await exact.get(url(exact, "financial/ReportingBalance"))
    assert response.status_code == 200
    page = response.json()["d"]
    assert len(page["results"]) == 60
    assert re.search(r"\$skiptoken=\d+L$", page["__next"])
    assert all(isinstance(row["ID"], str) for row in page["results"])  # Int64 as a string
    following = await exact.get(page["__next"])
    first_keys = {row["ID"] for row in page["results"]}
    assert not first_keys & {row["ID"] for row in following.json()["d"]["results"]}


async def test_regenerated_lines_reach_sync_and_bulk(exact: EmulatorClient) -> None:
    entry = await sales_entry(exact, 10)
    filter_ = f"EntryID eq guid'{entry['EntryID']}'"
    old = {row["ID"] for row in await get_rows(exact, "financialtransaction/TransactionLines",
                                                 filter_, "ID")}  # fmt: skip
    changed = await exact.request(
        "PUT", url(exact, f"salesentry/SalesEntries(guid'{entry['EntryID']}')"),
        json={"YourRef": "PO-9"},
    )  # fmt: skip
    assert changed.status_code == 204
    deleted = await exact.get(
        url(exact, "sync/Deleted"),
        params={"$filter": "Timestamp gt 1L", "$select": "EntityKey,EntityType"},
    )
    assert deleted.status_code == 200, deleted.text
    gone = {row["EntityKey"] for row in deleted.json()["d"]["results"] if row["EntityType"] == 1}
    assert old <= gone
    synced = await exact.get(
        url(exact, "sync/Financial/TransactionLines"),
        params={"$filter": "Timestamp gt 1L", "$select": "ID,Timestamp,EntryID"},
    )
    assert synced.status_code == 200, synced.text
    rows = synced.json()["d"]["results"]
    assert {row["ID"] for row in rows if row["EntryID"] == entry["EntryID"]}.isdisjoint(old)
    bulk = await exact.get(
        url(exact, "bulk/Financial/GLClassifications"), params={"$select": "ID,Code,Parent"}
    )
    assert bulk.status_code == 200, bulk.text
    tree = {row["ID"]: row for row in bulk.json()["d"]["results"]}
    assert tree and all(row["Parent"] in tree for row in tree.values() if row["Parent"])


async def test_banks_are_listed_with_their_bics(exact: EmulatorClient) -> None:
    response = await exact.get(url(exact, "cashflow/Banks"), params={"$select": "BankName,BICCode"})
    banks = {row["BankName"]: row["BICCode"] for row in response.json()["d"]["results"]}
    assert banks["Rabobank"] == "RABONL2U"
    assert banks["KBC Bank"] == "KREDBEBB"


async def test_numbers_and_keys_continue_after_a_restart(tmp_path: Path) -> None:
    config = EmulatorConfig(divisions=1, size="small", seed=7, state_path=tmp_path / "ex.sqlite")
    async with connect(build_state(config, ManualClock(START))) as exact:
        first = await sales_entry(exact, 10)
    restarted = build_state(config, ManualClock(START))
    async with connect(restarted) as exact:
        second = await sales_entry(exact, 20)
        assert second["EntryNumber"] == first["EntryNumber"] + 1
        consistent(exact)  # a reused list key would have overwritten a row and lost it
