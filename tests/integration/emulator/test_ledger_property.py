"""Random sequences of bookings through the HTTP API never leave the ledger inconsistent.

Hypothesis draws sequences of sales and purchase entries (credit notes included), entry and
line updates, deletes, exact and partial payments, cash sales, general journal entries and
printed invoices, and runs them against a freshly seeded emulator through its REST API.
Refusals are allowed only where Exact refuses (a processed or settled entry); after every
step `check_ledger` must find nothing wrong.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.config import EmulatorConfig
from exactbridge.emulator.state import build_state
from exactbridge.emulator.store import Division
from tests.integration.emulator.test_ledger_seed import check_ledger
from tests.support.emulator import EmulatorClient, connect

START = datetime(2026, 6, 25, 14, 0, 0, tzinfo=UTC)
LOCKED = (
    "Not allowed: the entry has been processed and cannot be changed",
    "Not allowed: the entry has been matched and cannot be changed",
    "Mandatory: Entry lines",
)

amounts = st.decimals(min_value=-300, max_value=3000, places=3).filter(bool).map(float)
choice = st.integers(min_value=0, max_value=10_000)
months = st.integers(min_value=1, max_value=6)
operations = st.one_of(
    st.tuples(st.just("sale"), choice, st.lists(amounts, min_size=1, max_size=3),
              st.sampled_from(["0", "2", "3", "6"]), months),
    st.tuples(st.just("purchase"), choice, amounts, st.sampled_from(["4", "5", "7", "8"]), months),
    st.tuples(st.just("update"), choice, amounts, months),
    st.tuples(st.just("line"), choice, amounts),
    st.tuples(st.just("delete"), choice),
    st.tuples(st.just("pay"), choice, st.booleans()),
    st.tuples(st.just("cash"), amounts),
    st.tuples(st.just("journal"), amounts, choice),
    st.tuples(st.just("print"), choice),
)  # fmt: skip


class Run:
    """One sequence of operations against one emulator."""

    def __init__(self, exact: EmulatorClient) -> None:
        self.exact = exact
        self.division: Division = exact.state.store.divisions[exact.division]
        self.base = f"/api/v1/{exact.division}"
        self.entries: list[tuple[str, str]] = []  # (path, key) created by this run

    def rows(self, path: str) -> list[dict[str, Any]]:
        table = self.division.tables[path.lower()]
        return [table.rows[key] for key in table.sorted_keys()]

    def gl(self, gl_type: int) -> str:
        return str(next(g["ID"] for g in self.rows("financial/GLAccounts") if g["Type"] == gl_type))

    def journal(self, journal_type: int) -> str:
        return str(
            next(j["Code"] for j in self.rows("financial/Journals") if j["Type"] == journal_type)
        )

    async def call(
        self, method: str, path: str, body: dict[str, Any] | None = None
    ) -> httpx.Response:
        response = await self.exact.request(method, f"{self.base}/{path}", json=body)
        if response.status_code >= 400:
            message = response.json()["error"]["message"]["value"]
            assert response.status_code == 500 and message in LOCKED, (method, path, body, message)
        return response

    async def apply(self, operation: tuple[Any, ...]) -> None:
        kind, *args = operation
        await getattr(self, kind)(*args)

    async def sale(self, pick: int, lines: list[float], vat: str, month: int) -> None:
        customers = [a for a in self.rows("crm/Accounts") if a.get("Status") == "C"]
        body = {
            "Customer": customers[pick % len(customers)]["ID"],
            "EntryDate": f"2026-{month:02d}-15",
            "SalesEntryLines": [
                {"GLAccount": self.gl(110), "AmountFC": amount, "VATCode": vat} for amount in lines
            ],
        }
        response = await self.call("POST", "salesentry/SalesEntries", body)
        self.entries.append(("salesentry/SalesEntries", response.json()["d"]["EntryID"]))

    async def purchase(self, pick: int, amount: float, vat: str, month: int) -> None:
        suppliers = [a for a in self.rows("crm/Accounts") if a.get("IsSupplier")]
        body = {
            "Supplier": suppliers[pick % len(suppliers)]["ID"],
            "EntryDate": f"2026-{month:02d}-10",
            "PurchaseEntryLines": [{"GLAccount": self.gl(121), "AmountFC": amount, "VATCode": vat}],
        }
        response = await self.call("POST", "purchaseentry/PurchaseEntries", body)
        self.entries.append(("purchaseentry/PurchaseEntries", response.json()["d"]["EntryID"]))

    def _entry(self, pick: int, *, changeable: bool = False) -> tuple[str, str] | None:
        live = [
            (p, k)
            for p, k in self.entries
            if self.division.tables[p.lower()].get(k) and not (changeable and "General" in p)
        ]
        seeded = [
            ("salesentry/SalesEntries", e["EntryID"]) for e in self.rows("salesentry/SalesEntries")
        ]
        candidates = live + seeded[:3]
        return candidates[pick % len(candidates)] if candidates else None

    async def update(self, pick: int, amount: float, month: int) -> None:
        found = self._entry(pick, changeable=True)
        if found is not None:
            path, key = found
            body = {"EntryDate": f"2026-{month:02d}-03", "YourRef": f"Changed {amount}"}
            await self.call("PUT", f"{path}(guid'{key}')", body)

    async def line(self, pick: int, amount: float) -> None:
        found = self._entry(pick, changeable=True)
        if found is None:
            return
        path, key = found
        lines_path = path.replace("Entries", "EntryLines")
        table = self.division.tables[lines_path.lower()]
        lines = [row for row in table.rows.values() if row["EntryID"] == key]
        if pick % 3 == 0 and lines:
            await self.call("DELETE", f"{lines_path}(guid'{lines[0]['ID']}')")
        elif pick % 3 == 1 and lines:
            await self.call("PUT", f"{lines_path}(guid'{lines[0]['ID']}')", {"AmountFC": amount})
        else:
            body = {"EntryID": key, "GLAccount": lines[0]["GLAccount"] if lines else self.gl(110),
                    "AmountFC": amount}  # fmt: skip
            await self.call("POST", lines_path, body)

    async def delete(self, pick: int) -> None:
        found = self._entry(pick)
        if found is not None:
            path, key = found
            await self.call("DELETE", f"{path}(guid'{key}')")

    async def pay(self, pick: int, exactly: bool) -> None:
        items = [
            (side, item)
            for side in ("Receivables", "Payments")
            for item in self.rows(f"cashflow/{side}")
            if item["Status"] == 20 and item["InvoiceNumber"] is not None
        ]
        if not items:
            return
        side, item = items[pick % len(items)]
        amount = item["AmountDC"] if exactly else round(item["AmountDC"] / 2, 2)
        line = {"Account": item["Account"], "OurRef": item["InvoiceNumber"],
                "AmountFC": amount if side == "Receivables" else -amount}  # fmt: skip
        body = {"JournalCode": self.journal(12), "BankEntryLines": [line]}
        await self.call("POST", "financialtransaction/BankEntries", body)
        if exactly and amount:
            settled = self.division.tables[f"cashflow/{side.lower()}"].get(item["ID"])
            assert settled is not None and settled["Status"] == 50

    async def cash(self, amount: float) -> None:
        line = {"GLAccount": self.gl(110), "AmountFC": amount, "VATCode": "3"}
        body = {"JournalCode": self.journal(10), "CashEntryLines": [line]}
        await self.call("POST", "financialtransaction/CashEntries", body)

    async def journal_entry(self, amount: float, pick: int) -> None:
        customers = [a for a in self.rows("crm/Accounts") if a.get("Status") == "C"]
        lines = [
            {"GLAccount": self.gl(20), "Account": customers[pick % len(customers)]["ID"],
             "AmountFC": amount},
            {"GLAccount": self.gl(90), "AmountFC": -amount},
        ]  # fmt: skip
        body = {"JournalCode": self.journal(90), "GeneralJournalEntryLines": lines}
        response = await self.call("POST", "generaljournalentry/GeneralJournalEntries", body)
        self.entries.append(
            ("generaljournalentry/GeneralJournalEntries", response.json()["d"]["EntryID"])
        )

    async def print(self, pick: int) -> None:
        open_invoices = [i for i in self.rows("salesinvoice/SalesInvoices") if i["Status"] == 20]
        if open_invoices:
            invoice = open_invoices[pick % len(open_invoices)]
            await self.call(
                "POST", "salesinvoice/PrintedSalesInvoices", {"InvoiceID": invoice["InvoiceID"]}
            )


async def _run(operations_: list[tuple[Any, ...]]) -> None:
    state = build_state(EmulatorConfig(divisions=1, size="small", seed=5), ManualClock(START))
    async with connect(state) as exact:
        run = Run(exact)
        for operation in operations_:
            if operation[0] == "journal":
                await run.journal_entry(*operation[1:])
            else:
                await run.apply(operation)
            problems = check_ledger(run.division)
            assert not problems, (operation, problems[:5])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operations, min_size=1, max_size=14))
def test_random_bookings_keep_the_ledger_consistent(operations_: list[tuple[Any, ...]]) -> None:
    asyncio.run(_run(operations_))
