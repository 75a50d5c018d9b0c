"""Projects."""

from __future__ import annotations

from exactbridge.emulator.entities.base import Behaviour

__all__ = ["BEHAVIOURS"]

BEHAVIOURS: dict[str, Behaviour] = {}
