"""How fast `RecordStore.upsert` stores records, on SQLite and on PostgreSQL.

Makes `--records` synthetic sales-invoice-like records (a unified record of about 0.6 KB
and a raw Exact row of about 1 KB each, built before timing starts) and upserts them in
batches of `--batch`, one transaction per batch as a sync writes its pages, three times:

1. into an empty store (every row added),
2. the same rows again (every row unchanged: hashed and skipped, nothing written),
3. with every record changed (every row updated).

Prints records per second for each pass and database. No assertions: the figures are for
the README. The aim for pass 1 on SQLite is at least 40,000 records/s, so that a full
sync of a million records can reach 15,000 records/s end to end.

SQLite runs on a temporary file. PostgreSQL runs in a fresh schema of `--postgres`
(default: the local server, database `test`), dropped afterwards; it is skipped with a
note when the server cannot be reached.

Usage: `.venv/bin/python bench/store_upsert.py [--records 200000] [--batch 1000]
[--postgres URL] [--only sqlite|postgresql]`.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import secrets
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text

from exactbridge.store import Database, RecordRow, RecordStore, upgrade
from exactbridge.store._schema import connections

CONNECTION = "bench"
DIVISION = 1001
START = datetime(2026, 1, 1, tzinfo=UTC)


def make_rows(count: int, revision: int) -> list[RecordRow]:
    """Synthetic invoices; `revision` changes every record's content.

    Keys are random GUIDs, as Exact's are (from a seeded generator: the same on every run),
    so primary-key inserts land anywhere in the index, as they do in a real sync.
    """
    rows = []
    keys = random.Random(2026)
    for n in range(count):
        key = str(uuid.UUID(int=keys.getrandbits(128), version=4))
        customer = f"c{n % 997:07x}-0000-4000-8000-000000000000"
        amount = f"{(n % 10_000) + revision}.{n % 100:02d}"
        issued = date(2026, 1, 1) + timedelta(days=n % 365)
        modified = START + timedelta(seconds=n, minutes=revision)
        record = {
            "id": key,
            "division": DIVISION,
            "number": str(26_000_000 + n),
            "customer_id": customer,
            "issue_date": issued.isoformat(),
            "due_date": (issued + timedelta(days=30)).isoformat(),
            "currency": "EUR",
            "total_amount": amount,
            "tax_amount": "21.00",
            "status": ("draft", "open", "paid")[n % 3],
            "description": f"Invoice {n} for services rendered in period {n % 12 + 1}",
            "modified_at": modified.isoformat(),
            "remote_was_deleted": False,
            "line_items": [
                {"description": "Consulting", "quantity": "1", "unit_price": amount},
            ],
        }
        raw = {
            "InvoiceID": key,
            "InvoiceNumber": 26_000_000 + n,
            "InvoiceTo": customer,
            "OrderedBy": customer,
            "InvoiceDate": f"/Date({int(modified.timestamp() * 1000)})/",
            "AmountDC": float(amount),
            "VATAmountDC": 21.0,
            "Currency": "EUR",
            "Description": record["description"],
            "Status": 50,
            "Journal": "70",
            "PaymentCondition": "30",
            "YourRef": f"PO-{n}",
            "Modified": f"/Date({int(modified.timestamp() * 1000)})/",
            "Remarks": "Synthetic row of the store benchmark " * 8,
        }
        rows.append(
            RecordRow(
                id=key,
                record=record,
                raw=raw,
                modified_at=modified,
                status=record["status"],
                counterparty_id=customer,
                date=issued,
            )
        )
    return rows


async def run_passes(
    db: Database, count: int, batch: int, per_transaction: int
) -> list[tuple[str, float, Any]]:
    await upgrade(db)
    async with db.transaction() as tx:
        await tx.execute(
            connections.insert().values(
                id=CONNECTION, region="nl", base_url="https://start.exactonline.nl",
                client_id="bench", created_at=START, consented_at=START,
            )
        )  # fmt: skip
    store = RecordStore(db)
    first, changed = make_rows(count, 0), make_rows(count, 1)
    results = []
    for name, rows in (("insert", first), ("unchanged", first), ("update", changed)):
        started = time.perf_counter()
        totals = [0, 0, 0]
        span = batch * per_transaction
        for first_row in range(0, count, span):
            async with db.transaction() as tx:
                for start in range(first_row, min(first_row + span, count), batch):
                    counts = await store.upsert(
                        CONNECTION, DIVISION, "sales_invoices", rows[start : start + batch], tx=tx
                    )
                    totals[0] += counts.added
                    totals[1] += counts.updated
                    totals[2] += counts.unchanged
        elapsed = time.perf_counter() - started
        results.append((name, count / elapsed, totals))
    return results


def report(database: str, results: list[tuple[str, float, Any]]) -> None:
    for name, rate, (added, updated, unchanged) in results:
        print(
            f"{database:<10} {name:<9} {rate:>9,.0f} records/s   "
            f"(added {added:,}, updated {updated:,}, unchanged {unchanged:,})"
        )


async def sqlite(count: int, batch: int, per_transaction: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        async with Database(f"sqlite:///{Path(folder) / 'bench.db'}") as db:
            report("sqlite", await run_passes(db, count, batch, per_transaction))


async def postgresql(url: str, count: int, batch: int, per_transaction: int) -> None:
    schema = f"bench_{secrets.token_hex(4)}"
    admin = Database(url)
    try:
        async with admin.transaction() as tx:
            await tx.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OSError as exc:
        print(f"postgresql skipped: the server cannot be reached ({exc})")
        await admin.dispose()
        return
    try:
        async with Database(url, schema=schema) as db:
            report("postgresql", await run_passes(db, count, batch, per_transaction))
    finally:
        async with admin.transaction() as tx:
            await tx.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=1_000)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--per-transaction", type=int, default=1, metavar="BATCHES")
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    args = parser.parse_args()
    print(
        f"{args.records:,} records in batches of {args.batch:,}, "
        f"{args.per_transaction} batch(es) per transaction"
    )
    if args.only in (None, "sqlite"):
        await sqlite(args.records, args.batch, args.per_transaction)
    if args.only in (None, "postgresql"):
        await postgresql(args.postgres, args.records, args.batch, args.per_transaction)


if __name__ == "__main__":
    asyncio.run(main())
