"""The books: journal entries, ledger lines, ledger balances, fiscal years, bank accounts, users."""

from __future__ import annotations

from exactbridge.actions._resource import Resource

__all__ = ["ENTRIES"]

ENTRIES: tuple[Resource, ...] = ()
