"""The capability matrix: resource x operation, with the Exact endpoint and any caveat.

Derived from the resource declarations, never written by hand, so it cannot claim more than
`Actions` does; every row is exercised against the emulator by
`tests/integration/actions/test_capability_matrix.py`, and `docs/capabilities.md` is this
matrix rendered (`python -m exactbridge.actions --write-docs docs`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from exactbridge.actions._resource import Resource

__all__ = ["Capability", "capabilities", "render_markdown"]


@dataclass(frozen=True, slots=True)
class Capability:
    """One thing the unified API can do.

    Attributes:
        resource: unified resource name.
        operation: `read`, `create`, `update`, `delete` or a named operation.
        endpoint: the Exact endpoint(s) it uses.
        caveat: what to know (edition, state the record must be in), or empty.
    """

    resource: str
    operation: str
    endpoint: str
    caveat: str = ""


def capabilities(resources: Mapping[str, Resource]) -> tuple[Capability, ...]:
    """Every capability of `resources`, resource by resource, in declaration order."""
    rows: list[Capability] = []
    for resource in resources.values():
        endpoints = ", ".join(dict.fromkeys(s.path for s in resource.sources))
        caveats = "; ".join(s.caveat for s in resource.sources if s.caveat)
        rows.append(Capability(resource.name, "read", endpoints, caveats))
        for op in ("create", "update", "delete"):
            targets = resource.writes_for(op)
            if targets:
                paths = ", ".join(w.path for w in targets)
                notes = "; ".join(w.caveats[op] for w in targets if w.caveats.get(op))
                rows.append(Capability(resource.name, op, paths, notes))
        rows.extend(
            Capability(resource.name, op.name, op.endpoint, op.caveat or op.summary)
            for op in resource.operations
        )
    return tuple(rows)


def render_markdown(resources: Mapping[str, Resource]) -> str:
    """The matrix as a Markdown page: one table of operations per resource, then details."""
    rows = capabilities(resources)
    crud = ("read", "create", "update", "delete")
    lines = [
        "# Capability matrix",
        "",
        "What the unified API can do with each resource, and through which Exact endpoint.",
        "Generated from the resource declarations in `exactbridge.actions.resources` by",
        "`python -m exactbridge.actions --write-docs docs`; do not edit by hand.",
        "Every row is exercised against the emulator by the test suite.",
        "",
        "| resource | " + " | ".join(crud) + " | other operations |",
        "|---|" + "---|" * (len(crud) + 1),
    ]
    for resource in resources.values():
        have = {row.operation for row in rows if row.resource == resource.name}
        marks = ["yes" if op in have else "" for op in crud]
        named = ", ".join(op.name for op in resource.operations)
        lines.append(f"| `{resource.name}` | " + " | ".join(marks) + f" | {named} |")
    lines += [
        "",
        "## Endpoints and caveats",
        "",
        "| resource | operation | Exact endpoint | caveat |",
    ]
    lines.append("|---|---|---|---|")
    lines.extend(
        f"| `{row.resource}` | {row.operation} | `{row.endpoint}` | {row.caveat} |" for row in rows
    )
    return "\n".join(lines) + "\n"
