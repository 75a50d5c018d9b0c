"""Who an order or quotation is for: the accounts' names, contacts and addresses.

Exact fills a commercial document's contact persons from each account's main contact, and
every account's first contact is its main one; the emulator's accounts do not always name
a `MainContact`, so the first contact (in creation order) stands in. Delivery goes to the
account's main delivery address when it has one.
"""

from __future__ import annotations

from typing import Any

from exactbridge.emulator.entities.base import Context
from exactbridge.emulator.store import Row

__all__ = ["account", "contact_name", "delivery_address", "main_contact"]

_DELIVERY = 4
"""`crm/Addresses.Type` of delivery addresses."""


def account(ctx: Context, key: Any) -> Row:
    """The account with this key, or an empty row."""
    return ctx.lookup("crm/Accounts", key) or {}


def main_contact(ctx: Context, key: Any) -> str | None:
    """The account's main contact, or its first contact, or None."""
    found = account(ctx, key)
    if found.get("MainContact"):
        return str(found["MainContact"])
    if key is None:
        return None
    contacts = ctx.table("crm/Contacts").lookup("Account", key)
    return str(contacts[0]["ID"]) if contacts else None


def contact_name(ctx: Context, key: Any) -> str | None:
    """The full name of the contact with this key."""
    return (ctx.lookup("crm/Contacts", key) or {}).get("FullName")


def delivery_address(ctx: Context, key: Any) -> str | None:
    """The account's main delivery address (any delivery address if none is main)."""
    if key is None:
        return None
    addresses = [
        row
        for row in ctx.table("crm/Addresses").lookup("Account", key)
        if row.get("Type") == _DELIVERY
    ]
    addresses.sort(key=lambda row: not row.get("Main"))
    return str(addresses[0]["ID"]) if addresses else None
