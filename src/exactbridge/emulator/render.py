"""Rows to Exact's OData v2 verbose JSON (and to Atom XML for clients that forget `Accept`).

Every row carries `__metadata` (`uri`, `type`); navigation collections are
`{"__deferred":{"uri":…}}` unless `$expand`ed into `{"results":[…]}`. Absolute URLs are
built from the base URL the request arrived at, so one emulator can answer as any region.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, Final
from xml.sax.saxutils import escape, quoteattr

from exactbridge.emulator.odata.literals import format_literal
from exactbridge.emulator.query import SelectPlan
from exactbridge.emulator.store import Row
from exactbridge.exact import Edm, EntitySpec, Field, Navigation, find_entity
from exactbridge.wire import encode_datetime

__all__ = ["ChildRows", "EntityUrls", "atom_feed", "json_value", "render_page", "render_row"]

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


def render_page(
    spec: EntitySpec, rows: list[Row], urls: EntityUrls, select: SelectPlan
) -> list[dict[str, Any]]:
    """Rows without expanded navigations, as `render_row` renders them, only faster.

    Pages of 1,000 sync rows are the emulator's hottest path, so the renderer of each
    (endpoint, `$select`) is generated once as one dict display per row instead of a loop
    over properties with a type test per value.
    """
    fields = None if select.everything else select.fields
    shown = None if select.everything else frozenset(select.navigations)
    render = _renderer(spec, fields, shown)
    collection = urls.collection(spec)
    edm = spec.key_field.edm
    key = spec.key
    if edm is Edm.GUID:
        return [render(row, f"{collection}(guid'{row[key]}')") for row in rows]
    return [render(row, f"{collection}({format_literal(row[key], edm)})") for row in rows]


_RENDERERS: dict[tuple[str, frozenset[str] | None, frozenset[str] | None], Any] = {}
_CONVERTERS: Final = {
    Edm.DATETIME: "_date",
    Edm.DOUBLE: "_double",
    Edm.INT64: "_int64",
    Edm.BINARY: "_binary",
}


def _date(value: Any) -> Any:
    return None if value is None else encode_datetime(value)


def _double(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _int64(value: Any) -> Any:
    return None if value is None else str(value)


def _binary(_value: Any) -> None:
    return None


def _renderer(
    spec: EntitySpec, fields: frozenset[str] | None, navigations: frozenset[str] | None
) -> Callable[[Row, str], dict[str, Any]]:
    cache_key = (spec.path, fields, navigations)
    found = _RENDERERS.get(cache_key)
    if found is not None:
        return found  # type: ignore[no-any-return]
    items = [f'"__metadata": {{"uri": uri, "type": {spec.type_name!r}}}']
    for prop in spec.properties:
        if isinstance(prop, Field):
            if fields is None or prop.name in fields:
                value = f"get({prop.name!r})"
                converter = _CONVERTERS.get(prop.edm)
                items.append(
                    f"{prop.name!r}: {converter}({value})"
                    if converter
                    else f"{prop.name!r}: {value}"
                )
        elif navigations is None or prop.name in navigations:
            items.append(f'{prop.name!r}: {{"__deferred": {{"uri": uri + {"/" + prop.name!r}}}}}')
    source = "def render(row, uri):\n    get = row.get\n    return {" + ", ".join(items) + "}\n"
    namespace: dict[str, Any] = {
        "_date": _date,
        "_double": _double,
        "_int64": _int64,
        "_binary": _binary,
    }
    exec(compile(source, f"<renderer {spec.path}>", "exec"), namespace)  # noqa: S102 - generated from specs
    render = namespace["render"]
    _RENDERERS[cache_key] = render
    return render  # type: ignore[no-any-return]


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
    props = "".join(
        _atom_property(prop, row.get(prop.name))
        for prop in spec.fields
        if select.everything or prop.name in select.fields
    )
    return (
        f"<entry><id>{escape(urls.entity(spec, row[spec.key]))}</id>"
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
