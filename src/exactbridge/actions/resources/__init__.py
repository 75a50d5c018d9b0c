"""Every unified resource, declared as data, one module per family.

`RESOURCES` maps each unified name to its `Resource`; `Actions` serves it and the capability
matrix is rendered from it. A family adds its tuple here.
"""

from __future__ import annotations

from collections.abc import Mapping

from exactbridge.actions._resource import Resource
from exactbridge.actions.resources.catalog import CATALOG
from exactbridge.actions.resources.entries import ENTRIES
from exactbridge.actions.resources.ledger import LEDGER
from exactbridge.actions.resources.parties import PARTIES
from exactbridge.actions.resources.purchases import PURCHASES
from exactbridge.actions.resources.sales import SALES

__all__ = ["RESOURCES"]


def _by_name(*families: tuple[Resource, ...]) -> Mapping[str, Resource]:
    table: dict[str, Resource] = {}
    for family in families:
        for resource in family:
            if resource.name in table:
                msg = f"resource {resource.name!r} is declared twice"
                raise ValueError(msg)
            table[resource.name] = resource
    return table


RESOURCES: Mapping[str, Resource] = _by_name(LEDGER, PARTIES, SALES, PURCHASES, ENTRIES, CATALOG)
