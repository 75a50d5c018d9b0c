"""Purchases and money: bills, vendor credits, expenses, payments, outstandings."""

from __future__ import annotations

from exactbridge.actions._resource import Resource

__all__ = ["PURCHASES"]

PURCHASES: tuple[Resource, ...] = ()
