"""The deleted-records log behind `sync/Deleted`, fed by the store's change announcements.

Every delete of a row whose entity has a `sync/Deleted` `EntityType` code adds one log row
(`EntityKey` = the deleted key) in the same `Timestamp` sequence as every other change, so
a sync consumer replays inserts, updates and deletes in one order. Exact keeps the log for
two months; `prune` drops what is older (the sync endpoint calls it before answering).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Final

from exactbridge.emulator.clock import Clock
from exactbridge.emulator.store import Change, Store
from exactbridge.exact.sync import DELETED
from exactbridge.wire import utc_to_local

__all__ = ["DeletedLog"]

_NAMESPACE: Final = uuid.UUID("0c7d3f52-6a1e-4e0b-9d8f-5b2a7c1e4f90")


class DeletedLog:
    """Writes `sync/Deleted` rows for deletes; register `record` as a store listener.

    Args:
        store: the store the log lives in (one `sync/Deleted` table per division).
        clock: source of `DeletedDate`.
        retention: how long rows stay listed (Exact: two months).
    """

    def __init__(self, store: Store, clock: Clock, retention: timedelta) -> None:
        self._store = store
        self._clock = clock
        self._retention = retention

    def record(self, change: Change) -> None:
        """Log a delete (a store listener; other changes are ignored)."""
        entity_type = change.spec.deleted_type
        if change.action != "delete" or entity_type is None:
            return
        division = self._store.divisions[change.division]
        row = {
            "DeletedBy": self._store.user.get("UserID"),
            "DeletedDate": utc_to_local(self._clock.now()),
            "Division": change.division,
            "EntityKey": change.key,
            "EntityType": entity_type,
            "ID": str(uuid.uuid5(_NAMESPACE, f"{change.division}:{change.version}")),
        }
        self._store.save(division, DELETED, row, "create")

    def prune(self, division_code: int) -> None:
        """Forget log rows older than the retention period."""
        division = self._store.divisions[division_code]
        table = division.table(DELETED)
        cutoff: datetime = utc_to_local(self._clock.now()) - self._retention
        expired = []
        for _, key in table.since(0):  # oldest first: stop at the first one still kept
            if table.rows[key]["DeletedDate"] >= cutoff:
                break
            expired.append(key)
        for key in expired:
            table.remove(key)
