"""Exact-shaped wire knowledge: endpoint specifications as data. Pure: no I/O."""

from __future__ import annotations

from exactbridge.exact._spec import Edm, EntitySpec, Field, Navigation, Property, properties
from exactbridge.exact.registry import ENTITIES, find_entity

__all__ = [
    "ENTITIES",
    "Edm",
    "EntitySpec",
    "Field",
    "Navigation",
    "Property",
    "find_entity",
    "properties",
]
