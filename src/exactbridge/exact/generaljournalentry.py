"""generaljournalentry/GeneralJournalEntries and lines: memorial bookings."""

from __future__ import annotations

from exactbridge.exact._spec import EntitySpec

__all__ = ["ENTITIES"]

ENTITIES: tuple[EntitySpec, ...] = ()
