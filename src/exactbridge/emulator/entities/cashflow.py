"""Receivables and payments: open items the ledger maintains."""

from __future__ import annotations

from exactbridge.emulator.entities.base import Behaviour

__all__ = ["BEHAVIOURS"]

BEHAVIOURS: dict[str, Behaviour] = {}
