"""The reference of the unified model, generated from the models and their maps.

For every resource: its fields in order, each with its type, whether a create or an update
may set it, its meaning (the model's field description) and the Exact property behind it;
documents get a second table for their lines. `docs/model-reference.md` is this page
(`python -m exactbridge.actions --write-docs docs`), and a test fails when it is stale.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Union, get_args, get_origin

from pydantic import AwareDatetime, BaseModel

from exactbridge.actions._resource import Resource
from exactbridge.mappers import FieldMap, LinesMap, ResourceMap

__all__ = ["render_reference"]

_NAMES: Mapping[Any, str] = {
    str: "text",
    int: "integer",
    bool: "boolean",
    Decimal: "decimal (JSON string)",
    date: "date",
    datetime: "UTC datetime",
    AwareDatetime: "UTC datetime",
}


def _type_text(annotation: Any) -> str:
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        inner = [a for a in get_args(annotation) if a is not type(None)]
        text = " or ".join(_type_text(a) for a in inner)
        return f"{text}, optional" if len(inner) < len(get_args(annotation)) else text
    if origin is list:
        return f"list of {_type_text(get_args(annotation)[0])}"
    if origin is dict:
        return "object"
    if get_origin(annotation) is not None and hasattr(annotation, "__metadata__"):
        return _type_text(get_args(annotation)[0])
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "one of " + ", ".join(f"`{m.value}`" for m in annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"`{annotation.__name__}`"
    return _NAMES.get(annotation, getattr(annotation, "__name__", str(annotation)))


def _field_rows(
    model: type[BaseModel],
    exact: Mapping[str, str],
    creatable: Mapping[str, bool],
    updatable: Mapping[str, bool],
) -> list[str]:
    rows = []
    for name, info in model.model_fields.items():
        nested = info.annotation
        if isinstance(nested, type) and issubclass(nested, BaseModel) and not exact.get(name):
            names = [(f"{name}.{child}", sub) for child, sub in nested.model_fields.items()]
        else:
            names = [(name, info)]
        for dotted, field in names:
            source = f"`{exact[dotted]}`" if dotted in exact else ""
            rows.append(
                f"| `{dotted}` | {_type_text(field.rebuild_annotation())} "
                f"| {'yes' if creatable.get(dotted) else ''} "
                f"| {'yes' if updatable.get(dotted) else ''} "
                f"| {source} | {(field.description or '').replace('|', '/')} |"
            )
    return rows


def _flags(rmap: ResourceMap[Any] | None, method: str, allowed: bool) -> dict[str, bool]:
    if rmap is None or not allowed:
        return {}
    return {f.unified: rmap.settable(f, method) for f in rmap.fields}  # type: ignore[arg-type]


def _exact_names(fields: tuple[FieldMap, ...]) -> dict[str, str]:
    return {f.unified: f.exact for f in fields}


def _resource_section(resource: Resource) -> list[str]:
    read_map = resource.sources[0].map
    writes = resource.writes
    write_map = writes.map if writes is not None else None
    exact = _exact_names(read_map.fields) | _exact_names(write_map.fields if write_map else ())
    creatable = _flags(write_map, "POST", bool(writes and writes.create))
    updatable = _flags(write_map, "PUT", bool(writes and writes.update))
    sources = ", ".join(f"`{s.path}`" for s in resource.sources)
    lines = [
        f"## `{resource.name}`",
        "",
        f"{resource.summary} Model `{resource.model.__name__}`; read from {sources}"
        + (f"; written to `{writes.path}`." if writes else "; read only."),
        "",
        "| field | type | create | update | Exact | meaning |",
        "|---|---|---|---|---|---|",
        *_field_rows(resource.model, exact, creatable, updatable),
        "",
    ]
    lines_map: LinesMap[Any] | None = (write_map or read_map).lines or read_map.lines
    if lines_map is not None:
        line_exact = _exact_names(lines_map.fields)
        line_create = {f.unified: lines_map.settable(f) for f in lines_map.fields}
        lines += [
            f"Lines (`{lines_map.unified}`, Exact `{lines_map.exact}`, model "
            f"`{lines_map.model.__name__}`):",
            "",
            "| field | type | create | update | Exact | meaning |",
            "|---|---|---|---|---|---|",
            *_field_rows(lines_map.model, line_exact, line_create, {}),
            "",
        ]
    return lines


def render_reference(resources: Mapping[str, Resource]) -> str:
    """The unified model reference as one Markdown page."""
    lines = [
        "# Unified model reference",
        "",
        "Every resource of the unified API: its fields, their types, whether a create or an",
        "update may set them, the Exact property behind each, and what it means. Money is a",
        "decimal sent as a JSON string; instants are UTC (Exact's Amsterdam time converted);",
        "every record also has `custom_fields` and, on request, `remote_data` (the raw row).",
        "Generated by `python -m exactbridge.actions --write-docs docs`; do not edit by hand.",
        "",
        "Resources: " + ", ".join(f"[`{name}`](#{name})" for name in resources),
        "",
    ]
    for resource in resources.values():
        lines += _resource_section(resource)
    return "\n".join(lines)
