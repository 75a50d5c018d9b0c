"""Catalogue and tracking: items, item groups, projects, tracking categories, attachments."""

from __future__ import annotations

from exactbridge.actions._resource import Resource

__all__ = ["CATALOG"]

CATALOG: tuple[Resource, ...] = ()
