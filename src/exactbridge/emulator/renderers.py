"""Generated row renderers: one Python function per (endpoint, `$select`, `$expand`).

`render.render_row` walks a spec's properties for every row, with a type test per value.
Pages of 1,000 sync rows, and 60 journal entries with their lines, are the emulator's
hottest paths, so each combination of endpoint, selected fields, shown navigations and
expanded navigations gets its own function, compiled once from the spec and kept:

- when every field is selected, the function copies a template dict that holds the
  properties in wire order (`__metadata` first), updates it from the row in one C call
  (the template fixes the order, whatever the row's) and converts only what needs it
  (dates, Int64, integral doubles, site links, navigations);
- otherwise it is one dict display over the selected properties.

Both render exactly what `render_row` renders, down to the key order, including rows that
lack a property (rendered null) or carry one the endpoint does not declare (left out).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from typing import Any, Final, Protocol

from exactbridge.emulator.store import Row
from exactbridge.emulator.urls import SITE
from exactbridge.exact import Edm, EntitySpec, Field, Property
from exactbridge.wire import encode_datetime

__all__ = ["SITE_LINKS", "Nested", "Renderer", "renderer", "site_link"]

Nested = Callable[[Row], list[dict[str, Any]]]
"""Renders the rows of one expanded navigation of a parent row."""


class Renderer(Protocol):
    """A generated renderer: one row, its entity URL, its sync `Timestamp`, and the
    renderers of its expanded navigations (in the order they were generated for)."""

    def __call__(
        self, row: Row, uri: str, stamp: int, nested: tuple[Nested, ...] = ...
    ) -> dict[str, Any]: ...


SITE_LINKS: Final = frozenset({"DocumentViewUrl", "Url"})
"""Properties holding links into Exact's site (document viewer, attachment download)."""


def site_link(value: Any, uri: str) -> Any:
    """A stored link into Exact's site moved to the host of `uri` (the request's)."""
    if isinstance(value, str) and value.startswith(SITE):
        return uri[: uri.find("/api/v1/")] + value[len(SITE) :]
    return value


_Key = tuple[str, frozenset[str] | None, frozenset[str] | None, tuple[str, ...]]
_RENDERERS: dict[_Key, Renderer] = {}


def renderer(
    spec: EntitySpec,
    fields: frozenset[str] | None,
    navigations: frozenset[str] | None,
    expanded: tuple[str, ...] = (),
) -> Renderer:
    """The renderer of `spec` showing `fields` and `navigations` (None: all of them), with
    the navigations named in `expanded` rendered by `nested[i](row)` instead of deferred.
    """
    cache_key = (spec.path, fields, navigations, expanded)
    found = _RENDERERS.get(cache_key)
    if found is not None:
        return found
    shown = [prop for prop in spec.properties if _shows(prop, fields, navigations, expanded)]
    every_field = fields is None or fields.issuperset(f.name for f in spec.fields)
    source = _display_source(spec, shown, expanded)
    if every_field:
        source += _template_source(spec, shown, expanded)
    namespace: dict[str, Any] = {
        "_encoded_date": _encoded_date,
        "_int64": _int64,
        "_float": float,
        "_site_link": site_link,
        "_template": dict.fromkeys(["__metadata", *(prop.name for prop in shown)]),
    }
    code = compile(source, f"<renderer {spec.path}>", "exec")
    exec(code, namespace)  # noqa: S102 - generated from the endpoint specs above
    render: Renderer = namespace["render" if every_field else "display"]
    _RENDERERS[cache_key] = render
    return render


def _shows(
    prop: Property,
    fields: frozenset[str] | None,
    navigations: frozenset[str] | None,
    expanded: tuple[str, ...],
) -> bool:
    if isinstance(prop, Field):
        return fields is None or prop.name in fields
    return prop.name in expanded or navigations is None or prop.name in navigations


_SUBSCRIPT: Final = re.compile(r"\bget\(('[^']*')\)")


def _display_source(spec: EntitySpec, shown: list[Property], expanded: tuple[str, ...]) -> str:
    """`display(row, uri, stamp, nested)`: one dict display over the shown properties."""
    items = [f'"__metadata": {{"uri": uri, "type": {spec.type_name!r}}}']
    for prop in shown:
        if isinstance(prop, Field):
            items.append(f"{prop.name!r}: {_value_code(spec, prop)}")
        elif prop.name in expanded:
            items.append(f'{prop.name!r}: {{"results": nested[{expanded.index(prop.name)}](row)}}')
        else:
            items.append(f'{prop.name!r}: {{"__deferred": {{"uri": uri + {"/" + prop.name!r}}}}}')
    display = "{" + ", ".join(items) + "}"
    # Rows hold every property of their spec (`blank_row`), so the fast version subscripts;
    # a row that lacks one falls back to `get` (None), as `render_row` would render it (its
    # expanded navigations are then rendered a second time).
    return (
        "def display(row, uri, stamp, nested=()):\n"
        "    try:\n"
        f"        return {_SUBSCRIPT.sub(_subscript, display)}\n"
        "    except KeyError:\n"
        "        get = row.get\n"
        f"        return {display}\n"
    )


def _subscript(match: re.Match[str]) -> str:
    return f"row[{match.group(1)}]"


def _value_code(spec: EntitySpec, prop: Field) -> str:
    """The expression that renders one property of `row` (see `render.json_value`)."""
    value = f"get({prop.name!r})"
    if prop.name == "Timestamp" and spec.api_type == "sync":
        return "str(stamp)"
    if prop.name in SITE_LINKS:
        return f"_site_link({value}, uri)"
    if prop.edm is Edm.DATETIME:
        return f"(None if (_v := {value}) is None else _encoded_date(_v))"
    if prop.edm is Edm.INT64:
        return f"_int64({value})"
    if prop.edm is Edm.BINARY:
        return "None"
    if prop.edm is Edm.DOUBLE:  # Exact writes 120, not 120.0
        return f"(int(_v) if (_v := {value}).__class__ is _float and _v.is_integer() else _v)"
    return value


def _template_source(spec: EntitySpec, shown: list[Property], expanded: tuple[str, ...]) -> str:
    """`render(row, uri, stamp, nested)`: the template updated from the row, then the
    values that need it converted in place; `display` for a row with undeclared keys."""
    lines = [
        "def render(row, uri, stamp, nested=()):",
        "    out = _template.copy()",
        "    out.update(row)",
        f"    if len(out) != {len(shown) + 1}:  # the row holds a property not shown",
        "        return display(row, uri, stamp, nested)",
        f'    out["__metadata"] = {{"uri": uri, "type": {spec.type_name!r}}}',
    ]
    for prop in shown:
        name = repr(prop.name)
        if not isinstance(prop, Field):
            if prop.name in expanded:
                index = expanded.index(prop.name)
                lines.append(f'    out[{name}] = {{"results": nested[{index}](row)}}')
            else:
                uri = repr("/" + prop.name)
                lines.append(f'    out[{name}] = {{"__deferred": {{"uri": uri + {uri}}}}}')
        elif prop.name == "Timestamp" and spec.api_type == "sync":
            lines.append(f"    out[{name}] = str(stamp)")
        elif prop.name in SITE_LINKS:
            lines.append(f"    out[{name}] = _site_link(out[{name}], uri)")
        elif prop.edm is Edm.BINARY:
            lines.append(f"    out[{name}] = None")
        elif prop.edm in (Edm.DATETIME, Edm.INT64):
            convert = "_encoded_date" if prop.edm is Edm.DATETIME else "str"
            lines.append(f"    if (_v := out[{name}]) is not None: out[{name}] = {convert}(_v)")
        elif prop.edm is Edm.DOUBLE:
            lines.append(
                f"    if (_v := out[{name}]).__class__ is _float and _v.is_integer(): "
                f"out[{name}] = int(_v)"
            )
    lines.append("    return out")
    return "\n".join(lines) + "\n"


@lru_cache(maxsize=65_536)
def _encoded_date(value: datetime) -> str:
    """`/Date(ms)/` of a wall-clock value; dates repeat across a page (entry dates, days)."""
    return encode_datetime(value)


def _int64(value: Any) -> Any:
    return None if value is None else str(value)
