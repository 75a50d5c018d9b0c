"""Bank and cash entries; the read-only transactions they produce."""

from __future__ import annotations

from exactbridge.emulator.entities.base import Behaviour

__all__ = ["BEHAVIOURS"]

BEHAVIOURS: dict[str, Behaviour] = {}
