"""Sales documents: invoices, credit notes, sales orders, quotes."""

from __future__ import annotations

from exactbridge.actions._resource import Resource

__all__ = ["SALES"]

SALES: tuple[Resource, ...] = ()
