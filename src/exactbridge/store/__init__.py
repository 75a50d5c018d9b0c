"""`exactbridge.store`: persistence on SQLite (embedded) or PostgreSQL (production).

```python
from exactbridge.store import Database, RecordStore, SyncState, upgrade

async with Database("sqlite:///exactbridge.db") as db:
    await upgrade(db)                                   # Alembic, to the newest schema
    records, state = RecordStore(db), SyncState(db)
    async with db.transaction() as tx:                  # records and checkpoint together
        counts = await records.upsert(connection, division, "invoices", rows, tx=tx)
        await state.save_checkpoint(tx, connection, division, "invoices", {"ts": 42}, at=now)
```

One job per module: `_schema` (the tables), `_dialect` (every SQLite/PostgreSQL
difference), `database` (engine and held transactions), `records` (batch upserts and keyset
pages; `_record_types` holds what it takes and gives), `lines` (documents assembled from
their line records), `state` (checkpoints, runs, schedules), `crypto` (Fernet keys),
`tokens` and `budget` (the client's `TokenStore` and `BudgetStore` on the database),
`connections` (connect, keep alive, status, delete; `_connection_types` holds what it
returns), `health` (the status rules), `migrate` (Alembic) and `settings`
(`EXACTBRIDGE_DATABASE_URL`, `EXACTBRIDGE_TOKEN_KEYS`). Its errors (`UnknownConnection`,
`OAuthStateRejected`, `InvalidCursor`) belong to the one tree in `exactbridge.errors` and
are re-exported here.
"""

from __future__ import annotations

from exactbridge.errors import InvalidCursor, OAuthStateRejected, UnknownConnection
from exactbridge.store.budget import DatabaseBudgetStore
from exactbridge.store.connections import (
    Connection,
    Connections,
    ConnectionStatus,
    ConnectStart,
    Division,
    DivisionStatus,
    KeepAliveReport,
)
from exactbridge.store.crypto import TokenCipher
from exactbridge.store.database import DEFAULT_DATABASE_URL, Database
from exactbridge.store.health import Health, HealthRules
from exactbridge.store.idempotency import DatabaseIdempotencyStore, IdempotentCall
from exactbridge.store.lines import LineAssembly
from exactbridge.store.migrate import current_revision, head_revision, upgrade
from exactbridge.store.records import (
    RecordPage,
    RecordQuery,
    RecordRow,
    RecordStore,
    StoredRecord,
    UpsertCounts,
    document_bytes,
)
from exactbridge.store.settings import StoreSettings
from exactbridge.store.state import RunProcess, Schedule, SyncRun, SyncState
from exactbridge.store.tokens import DatabaseTokenStore, rotate_keys

__all__ = [
    "DEFAULT_DATABASE_URL",
    "ConnectStart",
    "Connection",
    "ConnectionStatus",
    "Connections",
    "Database",
    "DatabaseBudgetStore",
    "DatabaseIdempotencyStore",
    "DatabaseTokenStore",
    "Division",
    "DivisionStatus",
    "Health",
    "HealthRules",
    "IdempotentCall",
    "InvalidCursor",
    "KeepAliveReport",
    "LineAssembly",
    "OAuthStateRejected",
    "RecordPage",
    "RecordQuery",
    "RecordRow",
    "RecordStore",
    "RunProcess",
    "Schedule",
    "StoreSettings",
    "StoredRecord",
    "SyncRun",
    "SyncState",
    "TokenCipher",
    "UnknownConnection",
    "UpsertCounts",
    "current_revision",
    "document_bytes",
    "head_revision",
    "rotate_keys",
    "upgrade",
]
