"""The capability matrix is derived from the declarations and published in docs/."""

from __future__ import annotations

from pathlib import Path

from exactbridge.actions import CAPABILITIES, RESOURCES, render_markdown

DOCS = Path(__file__).parents[3] / "docs" / "capabilities.md"


def test_every_resource_can_be_read_and_rows_are_unique() -> None:
    keys = [(c.resource, c.operation) for c in CAPABILITIES]
    assert len(keys) == len(set(keys))
    assert {r for r, op in keys if op == "read"} == set(RESOURCES)


def test_writes_follow_the_declarations() -> None:
    for name, resource in RESOURCES.items():
        claimed = {c.operation for c in CAPABILITIES if c.resource == name}
        writes = resource.writes
        for op in ("create", "update", "delete"):
            assert (op in claimed) == bool(writes and writes.allows(op)), (name, op)
        assert {op.name for op in resource.operations} <= claimed


def test_published_matrix_is_current() -> None:
    assert DOCS.read_text(encoding="utf-8") == render_markdown(RESOURCES), (
        "docs/capabilities.md is stale: run python -m exactbridge.actions --write "
        "docs/capabilities.md"
    )
