"""Deterministic seed data for the Exact Online emulator.

`generate_world(seed, divisions, size, today=...)` invents one licence holder (an
accountancy firm), its user, and one realistic Dutch or Belgian SME per division: chart of
accounts, journals, VAT codes, payment conditions, financial periods, item groups, items,
customers and suppliers with contacts, addresses and bank accounts, and sales invoices.
Records are plain dicts keyed by Exact's property names, as a bookkeeper would enter them;
the emulator feeds each through its normal create logic, which fills defaults and derived
read-only fields.

Values: GUIDs are lower-case `str`, money and percentages `float` (21 % is `0.21`), dates
naive `datetime` in Amsterdam wall-clock time (dates at midnight).
"""

from __future__ import annotations

from exactbridge.emulator.seed.world import SIZES, DivisionSeed, Size, World, generate_world

__all__ = ["SIZES", "DivisionSeed", "Size", "World", "generate_world"]
