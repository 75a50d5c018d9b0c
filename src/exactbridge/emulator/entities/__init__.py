"""Entity behaviour: what Exact does beyond storing fields, one module per service segment.

`behaviour_for(spec)` returns the behaviour registered for an endpoint, or the default
one that stores what it is given.
"""

from __future__ import annotations

from typing import Final

from exactbridge.emulator.entities import (
    cashflow,
    crm,
    documents,
    financial,
    financialtransaction,
    generaljournalentry,
    hrm,
    logistics,
    project,
    purchaseentry,
    salesentry,
    salesinvoice,
    salesorder,
    users,
    webhooks,
)
from exactbridge.emulator.entities.base import Behaviour, Context
from exactbridge.exact import EntitySpec

__all__ = ["Behaviour", "Context", "behaviour_for"]

_MODULES: Final = (
    crm, financial, logistics, salesinvoice, salesorder, salesentry, purchaseentry,
    generaljournalentry, financialtransaction, cashflow, project, hrm, documents, users,
    webhooks,
)  # fmt: skip
_REGISTRY: Final[dict[str, Behaviour]] = {
    path.lower(): behaviour for module in _MODULES for path, behaviour in module.BEHAVIOURS.items()
}
_DEFAULT: Final = Behaviour()


def behaviour_for(spec: EntitySpec) -> Behaviour:
    """The behaviour of the endpoint described by `spec`."""
    return _REGISTRY.get(spec.path.lower(), _DEFAULT)
