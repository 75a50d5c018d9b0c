"""Must-show: after random creates, updates and deletes, an incremental run restores ground truth.

A full sync of one small division, then seeded random changes through the emulator's admin
surface (a user in Exact's screens) on endpoints behind every kind of stream:

- `timestamp` feeds: accounts (customers and suppliers), contacts, items, documents,
  addresses, projects; their deletes arrive through `sync/Deleted`;
- `modified` with a deleted log: sales orders, quotes;
- `modified` with key reconciliation: sales invoices, journal entries, bank accounts,
  receivables and payments, purchase entries (bills);
- `snapshot`: journals, VAT codes, payment conditions, item groups, cost centres.

An account also leaves the suppliers and another joins them (one feed row that a resource's
predicate stops or starts accepting). Some changes share one `Modified` instant (the clock
stands still between them), which is where an inclusive boundary must neither lose nor
repeat rows. One incremental run must then
make the store equal to `Actions.list` again, with every deleted record marked deleted; a
second run with nothing changed must write nothing and spend only the calls every stream
needs to learn that (`tests.support.sync_calls`).
"""

from __future__ import annotations

import random
from collections.abc import AsyncIterator

import httpx
import pytest

from exactbridge.actions import Actions
from exactbridge.client import ExactClient
from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.state import EmulatorState
from exactbridge.store import Database
from exactbridge.sync.engine import SyncEngine, SyncReport
from exactbridge.sync.streams import STREAMS
from tests.support.admin_changes import AdminSurface, Changes, Target, random_changes
from tests.support.emulator import BASE
from tests.support.sync_calls import listings, minimum_calls, row_counts
from tests.support.synced import differences, stored_records, truth
from tests.support.vault import Vault

SEED = 20260625

TARGETS = (
    # timestamp feeds (deletes from sync/Deleted)
    Target("crm/Accounts", "Name", unique=("Code",), creates=2, updates=3),
    Target("crm/Contacts", "LastName", creates=2, updates=3, deletes=2),
    Target("logistics/Items", "Description", unique=("Code",)),
    Target("documents/Documents", "Subject", updates=2),
    Target("crm/Addresses", "AddressLine1"),
    Target("project/Projects", "Description", unique=("Code",)),
    # modified, deletes from sync/Deleted
    Target("salesorder/SalesOrders", "Description", unique=("OrderNumber",), updates=2),
    Target("crm/Quotations", "Description", unique=("QuotationNumber",)),
    # modified, deletes found by key reconciliation
    Target("salesinvoice/SalesInvoices", "Description", updates=2, deletes=2),
    Target("financialtransaction/Transactions", "Description", updates=2),
    Target("crm/BankAccounts", "Description"),
    Target("cashflow/Receivables", "Description"),
    Target("cashflow/Payments", "Description"),
    Target("purchaseentry/PurchaseEntries", "Description", creates=0, deletes=0),
    # snapshots
    Target("financial/Journals", "Description", unique=("Code",), deletes=0),
    Target("vat/VATCodes", "Description", unique=("Code",)),
    Target("cashflow/PaymentConditions", "Description", unique=("Code",)),
    Target("logistics/ItemGroups", "Description", unique=("Code",)),
    Target("hrm/Costcenters", "Description", unique=("Code",), deletes=0),
)


@pytest.fixture
async def admin(vault: Vault, division: int) -> AsyncIterator[AdminSurface]:
    """The emulator's admin surface, in-process."""
    async with httpx.AsyncClient(transport=vault.transport, base_url=BASE) as http:
        yield AdminSurface(http, division)


async def _change(admin: AdminSurface, clock: ManualClock) -> Changes:
    """An hour after the full sync, the seeded random changes; some share an instant."""
    rng = random.Random(SEED)
    clock.advance(3600)

    def tick() -> None:
        if rng.random() < 0.5:  # else the change shares the previous one's Modified
            clock.advance(rng.choice((0.001, 1, 7)))

    changes = await random_changes(admin, TARGETS, rng, tick=tick)
    # an account leaves the suppliers and another joins them: one feed row, two resources
    accounts = await admin.rows("crm/Accounts")
    for flag in (True, False):
        row = rng.choice([a for a in accounts if a["IsSupplier"] is flag])
        answer = await admin.update("crm/Accounts", row["ID"], {"IsSupplier": not flag})
        assert answer.status_code == 200, answer.text
    clock.advance(1)
    return changes


def _written(report: SyncReport, *, skip: frozenset[str] = frozenset()) -> dict[str, int]:
    return {
        s.name: s.added + s.updated + s.deleted
        for s in report.streams
        if s.name not in skip and s.added + s.updated + s.deleted
    }


async def test_an_incremental_run_brings_the_store_back_to_ground_truth(
    engine: SyncEngine,
    actions: Actions,
    admin: AdminSurface,
    db: Database,
    vault: Vault,
    clock: ManualClock,
    division: int,
) -> None:
    await engine.sync(division, full=True)
    before = await truth(actions, division)
    changes = await _change(admin, clock)
    after = await truth(actions, division)

    report = await engine.sync(division)

    stored = await stored_records(db, vault.connection.id, division)
    assert differences(after, stored) == []
    # the changes were real: records appeared, changed and went in every kind of stream
    assert changes.count() == sum(t.creates + t.updates + t.deletes for t in TARGETS)
    appeared = {r: set(after[r]) - set(before[r]) for r in after}
    gone = {r: set(before[r]) - set(after[r]) for r in after}
    changed = {r: {i for i in set(after[r]) & set(before[r]) if after[r][i] != before[r][i]}
               for r in after}  # fmt: skip
    every_kind = ("contacts", "items", "sales_orders", "quotes", "invoices", "journal_entries",
                  "payments", "bank_accounts", "tax_rates", "payment_terms",
                  "item_groups")  # fmt: skip
    for resource in every_kind:
        assert appeared[resource] and changed[resource] and gone[resource], resource
    assert appeared["customers"] and changed["customers"]
    assert len(appeared["suppliers"]) >= 2 and len(gone["suppliers"]) >= 2
    assert changed["bills"] | changed["vendor_credits"]
    assert changed["journals"] and changed["tracking_categories"]
    # every record that went is kept, marked deleted, in each resource it was in
    for resource, ids in gone.items():
        marked = {i for i, s in stored[resource].items() if s.deleted}
        assert ids == marked, resource
    assert report.total("deleted") == sum(map(len, gone.values()))
    assert report.total("added") >= sum(map(len, appeared.values()))


async def test_an_unchanged_run_writes_nothing_and_spends_the_minimum(
    engine: SyncEngine,
    client: ExactClient,
    state: EmulatorState,
    admin: AdminSurface,
    clock: ManualClock,
    division: int,
) -> None:
    await engine.sync(division, full=True)
    await _change(admin, clock)
    await engine.sync(division)
    clock.advance(600)
    counts = await row_counts(client, division, listings(STREAMS, full=False, lean=True))
    state.limiter.counters.clear()

    report = await engine.sync(division)

    assert _written(report) == {}
    # ten minutes after the last run the hourly key reconciliation is not due
    plan = listings(STREAMS, full=False, lean=True, reconciling=False)
    expected = minimum_calls(plan, counts, full=False)
    assert {s.name: s.calls for s in report.streams} == expected
    served = state.limiter.counters.responses
    assert sum(n for (path, _), n in served.items() if not path.startswith("oauth2")) == sum(
        expected.values()
    )
    assert {status for (_, status) in served} == {200}


async def test_an_unchanged_run_an_hour_later_rewrites_no_balances(
    engine: SyncEngine, clock: ManualClock, division: int
) -> None:
    await engine.sync(division, full=True)
    clock.advance(3600)

    report = await engine.sync(division)

    assert _written(report) == {}


async def test_deletes_without_a_deleted_log_are_found_by_the_hourly_key_reconciliation(
    engine: SyncEngine, admin: AdminSurface, db: Database, vault: Vault, clock: ManualClock,
    division: int,
) -> None:  # fmt: skip
    await engine.sync(division, full=True)
    bank_account = (await admin.rows("crm/BankAccounts"))[0]
    gone = await admin.delete("crm/BankAccounts", bank_account["ID"])
    assert gone.status_code == 204, gone.text
    key = str(bank_account["ID"]).lower()

    clock.advance(600)
    soon = await engine.sync(division)
    stored = await stored_records(db, vault.connection.id, division, ["bank_accounts"])
    assert not stored["bank_accounts"][key].deleted  # not looked for yet: no call spent on it
    assert {s.name: s.deleted for s in soon.streams}["bank_accounts"] == 0

    clock.advance(3600)
    later = await engine.sync(division)
    stored = await stored_records(db, vault.connection.id, division, ["bank_accounts"])
    assert stored["bank_accounts"][key].deleted
    assert {s.name: s.deleted for s in later.streams}["bank_accounts"] == 1


async def test_a_full_run_marks_deleted_what_its_whole_read_no_longer_saw(
    engine: SyncEngine, admin: AdminSurface, db: Database, vault: Vault, clock: ManualClock,
    division: int,
) -> None:  # fmt: skip
    """A full run re-reads modified streams whole; with records already stored it keeps
    the keys it sees (a first run on an empty store keeps none) and marks the rest."""
    await engine.sync(division, full=True)
    bank_account = (await admin.rows("crm/BankAccounts"))[0]
    gone = await admin.delete("crm/BankAccounts", bank_account["ID"])
    assert gone.status_code == 204, gone.text
    key = str(bank_account["ID"]).lower()
    clock.advance(600)  # the hourly key reconciliation is not due: the whole read decides

    again = await engine.sync(division, full=True)

    stored = await stored_records(db, vault.connection.id, division, ["bank_accounts"])
    assert stored["bank_accounts"][key].deleted
    assert {s.name: s.deleted for s in again.streams}["bank_accounts"] == 1
    assert sum(not s.deleted for s in stored["bank_accounts"].values()) == len(
        await admin.rows("crm/BankAccounts")
    )
