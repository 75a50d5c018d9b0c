"""The capability matrix is derived from the declarations and published in docs/."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from exactbridge.actions import CAPABILITIES, RESOURCES, render_markdown
from exactbridge.actions._reference import render_reference

DOCS = Path(__file__).parents[3] / "docs"


def test_every_resource_can_be_read_and_rows_are_unique() -> None:
    keys = [(c.resource, c.operation) for c in CAPABILITIES]
    assert len(keys) == len(set(keys))
    assert {r for r, op in keys if op == "read"} == set(RESOURCES)


def test_writes_follow_the_declarations() -> None:
    for name, resource in RESOURCES.items():
        claimed = {c.operation for c in CAPABILITIES if c.resource == name}
        for op in ("create", "update", "delete"):
            assert (op in claimed) == bool(resource.writes_for(op)), (name, op)
        assert {op.name for op in resource.operations} <= claimed


@pytest.mark.parametrize(
    ("page", "render"),
    [("capabilities.md", render_markdown), ("model-reference.md", render_reference)],
)
def test_published_pages_are_current(page: str, render: Callable[..., str]) -> None:
    assert (DOCS / page).read_text(encoding="utf-8") == render(RESOURCES), (
        f"docs/{page} is stale: run python -m exactbridge.actions --write-docs docs"
    )


def test_reference_documents_every_field_with_its_exact_source() -> None:
    page = render_reference(RESOURCES)
    for resource in RESOURCES.values():
        assert f"## `{resource.name}`" in page
        for fmap in resource.sources[0].map.fields:
            assert f"| `{fmap.unified}` |" in page
            assert f"| `{fmap.exact}` |" in page
