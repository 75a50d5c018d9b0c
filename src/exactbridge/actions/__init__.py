"""`exactbridge.actions`: the unified accounting API over one Exact connection.

`Actions(client)` reads, creates, updates and deletes every unified resource and runs its
named operations; `RESOURCES` declares them as data and `CAPABILITIES` is the matrix derived
from those declarations (rendered in `docs/capabilities.md`).
"""

from __future__ import annotations

from exactbridge.actions._actions import Actions
from exactbridge.actions._capabilities import Capability, capabilities, render_markdown
from exactbridge.actions._context import ActionContext, DivisionDefaults
from exactbridge.actions._idempotency import (
    IdempotencyStore,
    IdempotentCall,
    MemoryIdempotencyStore,
    fingerprint,
)
from exactbridge.actions._resource import Operation, Resource, Source, Writes
from exactbridge.actions.resources import RESOURCES

CAPABILITIES: tuple[Capability, ...] = capabilities(RESOURCES)
"""Every operation the unified API offers, with its Exact endpoint and caveat."""

__all__ = [
    "CAPABILITIES",
    "RESOURCES",
    "ActionContext",
    "Actions",
    "Capability",
    "DivisionDefaults",
    "IdempotencyStore",
    "IdempotentCall",
    "MemoryIdempotencyStore",
    "Operation",
    "Resource",
    "Source",
    "Writes",
    "capabilities",
    "fingerprint",
    "render_markdown",
]
