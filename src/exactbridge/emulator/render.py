"""Rows to Exact's OData v2 verbose JSON (and to Atom XML for clients that forget `Accept`).

Every row carries `__metadata` (`uri`, `type`); navigation collections are
`{"__deferred":{"uri":…}}` unless `$expand`ed into `{"results":[…]}`. Absolute URLs are
built from the base URL the request arrived at, so one emulator can answer as any region;
so are the links into Exact's site that some rows carry (`SITE_LINKS`), which rows store
on `urls.SITE`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from exactbridge.emulator.odata.literals import format_literal
from exactbridge.emulator.query import SelectPlan
from exactbridge.emulator.renderers import SITE_LINKS, Nested, renderer, site_link
from exactbridge.emulator.store import Row
from exactbridge.exact import Edm, EntitySpec, Field, Navigation, find_entity
from exactbridge.wire import encode_datetime

__all__ = [
    "ChildRows",
    "EntityUrls",
    "atom_feed",
    "json_value",
    "render_page",
    "render_row",
    "render_rows",
]

ChildRows = Callable[[EntitySpec, Navigation, Row], list[Row]]


class EntityUrls:
    """Builds absolute entity URLs for one request.

    Args:
        base: scheme and host the request came to, e.g. `https://start.exactonline.nl`.
        division: division code of the request, or None for division-less endpoints.
    """

    def __init__(self, base: str, division: int | None) -> None:
        self.base = base.rstrip("/")
        self.division = division

    def collection(self, spec: EntitySpec) -> str:
        """URL of the endpoint's collection."""
        scope = f"{self.division}/" if spec.division_scoped and self.division is not None else ""
        return f"{self.base}/api/v1/{scope}{spec.path}"

    def entity(self, spec: EntitySpec, key: Any) -> str:
        """URL of one entity, `…/crm/Accounts(guid'…')` or `…/system/Divisions(123)`."""
        return f"{self.collection(spec)}({format_literal(key, spec.key_field.edm)})"


def json_value(prop: Field, value: Any) -> Any:
    """One Python value as Exact writes it in JSON."""
    if value is None:
        return None
    edm = prop.edm
    if edm is Edm.DATETIME:
        return encode_datetime(value)
    if edm is Edm.BINARY:
        return None
    if edm is Edm.DOUBLE and isinstance(value, float) and value.is_integer():
        return int(value)
    if edm is Edm.INT64:
        return str(value)  # OData v2 JSON writes Int64 as a string ("Hid": "1")
    return value


def render_row(
    spec: EntitySpec,
    row: Row,
    urls: EntityUrls,
    select: SelectPlan,
    expand: Iterable[str],
    children: ChildRows,
) -> dict[str, Any]:
    """One row as an OData v2 JSON object, `__metadata` first, properties in wire order."""
    uri = urls.entity(spec, row[spec.key])
    out: dict[str, Any] = {"__metadata": {"uri": uri, "type": spec.type_name}}
    expanded = set(expand)
    for prop in spec.properties:
        if isinstance(prop, Field):
            if select.everything or prop.name in select.fields:
                out[prop.name] = json_value(prop, row.get(prop.name))
                if prop.name in SITE_LINKS:
                    out[prop.name] = site_link(out[prop.name], uri)
            continue
        if not (select.everything or prop.name in select.navigations):
            continue
        if prop.name in expanded:
            child_spec = find_entity(prop.target)
            plan = select.navigations.get(prop.name, SelectPlan.all())
            out[prop.name] = {
                "results": [
                    render_row(child_spec, child, urls, plan, (), children)
                    for child in children(spec, prop, row)
                ]
                if child_spec is not None
                else []
            }
        else:
            out[prop.name] = {"__deferred": {"uri": f"{uri}/{prop.name}"}}
    return out


def render_rows(
    spec: EntitySpec,
    rows: list[Row],
    urls: EntityUrls,
    select: SelectPlan,
    expand: Iterable[str],
    children: ChildRows,
) -> list[dict[str, Any]]:
    """Rows with their `$expand`ed navigations, as `render_row` renders them, only faster.

    Each row goes through the generated renderer of (endpoint, `$select`, expansions), which
    renders an expanded navigation by calling the renderer of that navigation's rows: the
    child endpoint's own generated renderer under the navigation's select plan (expanded
    rows are never expanded further). Without expansions this is `render_page`.
    """
    expanded = tuple(
        nav
        for nav in spec.navigations
        if nav.name in expand and (select.everything or nav.name in select.navigations)
    )
    if not expanded:
        return render_page(spec, rows, urls, select)
    render = renderer(
        spec,
        None if select.everything else select.fields,
        None if select.everything else frozenset(select.navigations),
        tuple(nav.name for nav in expanded),
    )
    uri_of = _uri_maker(spec, urls)
    nested = tuple(_nested_renderer(spec, nav, urls, select, children) for nav in expanded)
    return [render(row, uri_of(row), 0, nested) for row in rows]


def _nested_renderer(
    spec: EntitySpec, nav: Navigation, urls: EntityUrls, select: SelectPlan, children: ChildRows
) -> Nested:
    """Renders the rows of `nav` of one parent row, as `render_row` renders them nested."""
    child_spec = find_entity(nav.target)
    if child_spec is None:
        return _no_rows
    plan = select.navigations.get(nav.name, SelectPlan.all())
    render = renderer(
        child_spec,
        None if plan.everything else plan.fields,
        None if plan.everything else frozenset(plan.navigations),
    )
    uri_of = _uri_maker(child_spec, urls)

    def rendered(parent: Row) -> list[dict[str, Any]]:
        return [render(row, uri_of(row), 0) for row in children(spec, nav, parent)]

    return rendered


def _no_rows(_parent: Row) -> list[dict[str, Any]]:
    return []


def _uri_maker(spec: EntitySpec, urls: EntityUrls) -> Callable[[Row], str]:
    """`urls.entity(spec, row[key])` for one request, GUID keys without the literal codec."""
    collection = urls.collection(spec)
    key = spec.key
    edm = spec.key_field.edm
    if edm is Edm.GUID:
        return lambda row: f"{collection}(guid'{row[key]}')"
    return lambda row: f"{collection}({format_literal(row[key], edm)})"


def render_page(
    spec: EntitySpec,
    rows: list[Row],
    urls: EntityUrls,
    select: SelectPlan,
    stamps: list[int] | None = None,
) -> list[dict[str, Any]]:
    """Rows without expanded navigations, as `render_row` renders them, only faster.

    Pages of 1,000 sync rows are the emulator's hottest path, so each row goes through the
    generated renderer of (endpoint, `$select`) (see `renderers`) instead of a loop over
    properties with a type test per value. `stamps` are the rows' `Timestamp`s on sync
    endpoints (row versions live beside the rows, not in them).
    """
    fields = None if select.everything else select.fields
    shown = None if select.everything else frozenset(select.navigations)
    render = renderer(spec, fields, shown)
    uri_of = _uri_maker(spec, urls)
    versions = stamps if stamps is not None else [0] * len(rows)
    return [render(row, uri_of(row), stamp) for row, stamp in zip(rows, versions, strict=True)]


def atom_feed(
    spec: EntitySpec,
    rows: list[Row],
    urls: EntityUrls,
    select: SelectPlan,
    next_url: str | None,
    updated: datetime,
) -> str:
    """The same rows as an Atom feed, Exact's default format without `Accept: application/json`."""
    entries = "".join(_atom_entry(spec, row, urls, select) for row in rows)
    link = f'<link rel="next" href={quoteattr(next_url)} />' if next_url else ""
    collection = urls.collection(spec)
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<feed xml:base={quoteattr(collection)} xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:d="http://schemas.microsoft.com/ado/2007/08/dataservices" '
        'xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata">'
        f'<id>{escape(collection)}</id><title type="text">{escape(spec.entity)}</title>'
        f"<updated>{updated.strftime('%Y-%m-%dT%H:%M:%SZ')}</updated>{entries}{link}</feed>"
    )


def _atom_entry(spec: EntitySpec, row: Row, urls: EntityUrls, select: SelectPlan) -> str:
    uri = urls.entity(spec, row[spec.key])
    props = "".join(
        _atom_property(prop, site_link(row.get(prop.name), uri))
        if prop.name in SITE_LINKS
        else _atom_property(prop, row.get(prop.name))
        for prop in spec.fields
        if select.everything or prop.name in select.fields
    )
    return (
        f"<entry><id>{escape(uri)}</id>"
        f"<category term={quoteattr(spec.type_name)} "
        'scheme="http://schemas.microsoft.com/ado/2007/08/dataservices/scheme" />'
        f'<content type="application/xml"><m:properties>{props}</m:properties></content></entry>'
    )


def _atom_property(prop: Field, value: Any) -> str:
    typed = "" if prop.edm is Edm.STRING else f' m:type="{prop.edm.value}"'
    if value is None or prop.edm is Edm.BINARY:
        return f'<d:{prop.name}{typed} m:null="true" />'
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, datetime):
        text = value.isoformat(timespec="milliseconds")
    else:
        text = str(value)
    return f"<d:{prop.name}{typed}>{escape(text)}</d:{prop.name}>"


def metadata_only(spec: EntitySpec, row: Mapping[str, Any], urls: EntityUrls) -> dict[str, Any]:
    """`__metadata` of a row, for answers that carry nothing else."""
    return {"uri": urls.entity(spec, row[spec.key]), "type": spec.type_name}
