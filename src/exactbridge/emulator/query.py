"""OData query options and keyset paging, as Exact applies them to a collection.

Pages hold at most `page_size` rows (60 on CRUD endpoints). A page that is not the last
carries `__next`: the same query with `$skiptoken` set to the last row's order values and
key (`guid'…'`, or `datetime'…',guid'…'` under `$orderby`) and, when the caller asked for
`$top=N`, the remainder `$top=N-60`. `$skip` is accepted on legacy endpoints only and
applies to the first page.
"""

from __future__ import annotations

import weakref
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import total_ordering
from typing import Any, Final
from urllib.parse import quote

from exactbridge.emulator.odata.filter import parse_filter
from exactbridge.emulator.odata.literals import format_literal, parse_literal_list
from exactbridge.emulator.odata.orderby import OrderKey, parse_orderby, sort_key
from exactbridge.emulator.problems import ExactProblem, query_syntax_error
from exactbridge.emulator.store import Row, Table
from exactbridge.exact import EntitySpec, Navigation

__all__ = ["Page", "QueryOptions", "SelectPlan", "next_query", "parse_options", "select_page"]

Predicate = Callable[[Mapping[str, Any]], bool]

_KNOWN = frozenset(
    {"$filter", "$select", "$expand", "$orderby", "$top", "$skip", "$skiptoken",
     "$inlinecount", "$format"}
)  # fmt: skip
_LINK_SAFE = "',()*/!$"


@dataclass(frozen=True, slots=True)
class SelectPlan:
    """Which properties to render: all of them, or a chosen set plus expanded navigations."""

    everything: bool
    fields: frozenset[str]
    navigations: Mapping[str, SelectPlan]

    @classmethod
    def all(cls) -> SelectPlan:
        """Render every property."""
        return cls(everything=True, fields=frozenset(), navigations={})


@dataclass(frozen=True, slots=True)
class QueryOptions:
    """Parsed query options of one request."""

    select: SelectPlan
    expand: frozenset[str]
    predicate: Predicate | None
    orderby: tuple[OrderKey, ...]
    top: int | None
    skip: int
    skiptoken: tuple[Any, ...] | None
    inlinecount: bool
    raw: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Page:
    """One page of rows, the skiptoken of the next page (if any) and the total count."""

    rows: list[Row]
    next_token: str | None
    next_top: int | None
    count: int | None


def parse_options(spec: EntitySpec, params: Mapping[str, str], *, allow_skip: bool) -> QueryOptions:
    """Parse and check the `$…` options of a request against `spec`.

    Raises:
        ExactProblem: 400 for unknown properties, bad syntax, or `$skip` where Exact
            refuses it.
    """
    expand = _parse_expand(spec, params.get("$expand", ""))
    select = _parse_select(spec, params.get("$select"), expand)
    filter_text = params.get("$filter")
    predicate = parse_filter(filter_text, spec) if filter_text else None
    order_text = params.get("$orderby")
    orderby = parse_orderby(order_text, spec) if order_text else ()
    top = _non_negative(params.get("$top"))
    skip = _non_negative(params.get("$skip"))
    if skip is not None and not allow_skip:
        raise ExactProblem(
            400,
            "$skip is not supported on this endpoint; page with the __next link ($skiptoken).",
        )
    token_text = params.get("$skiptoken")
    skiptoken = None
    if token_text:
        literals = parse_literal_list(token_text)
        if len(literals) != len(orderby) + 1:
            raise query_syntax_error()
        skiptoken = tuple(literal.value for literal in literals)
    inlinecount = params.get("$inlinecount", "none")
    if inlinecount not in ("allpages", "none"):
        raise query_syntax_error()
    return QueryOptions(
        select=select,
        expand=expand,
        predicate=predicate,
        orderby=orderby,
        top=top,
        skip=skip or 0,
        skiptoken=skiptoken,
        inlinecount=inlinecount == "allpages",
        raw=dict(params),
    )


def _non_negative(text: str | None) -> int | None:
    if text is None:
        return None
    if not text.strip().isdigit():
        raise query_syntax_error()
    return int(text)


def _parse_expand(spec: EntitySpec, text: str) -> frozenset[str]:
    names: set[str] = set()
    for raw in filter(None, (part.strip() for part in text.split(","))):
        if not isinstance(spec.get(raw), Navigation):
            raise _no_property(spec, raw, text.find(raw))
        names.add(raw)
    return frozenset(names)


def _parse_select(spec: EntitySpec, text: str | None, expand: frozenset[str]) -> SelectPlan:
    if text is None or text.strip() in ("", "*"):
        return SelectPlan.all()
    fields: set[str] = set()
    nested: dict[str, set[str]] = {}
    position = 0
    for part in text.split(","):
        item = part.strip()
        head, _, tail = item.partition("/")
        prop = spec.get(head)
        if item == "*":
            return SelectPlan.all()
        if prop is None:
            raise _no_property(spec, head, position)
        if isinstance(prop, Navigation):
            if head not in expand:
                raise query_syntax_error()
            nested.setdefault(head, set())
            if tail:
                nested[head].add(tail)
        elif tail:
            raise query_syntax_error()
        else:
            fields.add(head)
        position += len(part) + 1
    navigations = {name: _child_plan(spec, name, sub) for name, sub in nested.items()}
    return SelectPlan(everything=False, fields=frozenset(fields), navigations=navigations)


def _child_plan(spec: EntitySpec, nav_name: str, names: set[str]) -> SelectPlan:
    from exactbridge.exact import find_entity  # noqa: PLC0415 - registry import is heavy

    nav = spec.get(nav_name)
    assert isinstance(nav, Navigation)
    child = find_entity(nav.target)
    if not names or "*" in names or child is None:
        return SelectPlan.all()
    for name in names:
        if child.field(name) is None:
            raise _no_property(child, name, 0)
    return SelectPlan(everything=False, fields=frozenset(names), navigations={})


def _no_property(spec: EntitySpec, name: str, position: int) -> ExactProblem:
    return ExactProblem(
        400,
        f"No property '{name}' exists in type '{spec.type_name}' at position {max(position, 0)}.",
    )


# --- paging ---------------------------------------------------------------------------


@total_ordering
class _Descending:
    """Wraps a sort key so that it orders backwards."""

    __slots__ = ("key",)

    def __init__(self, key: tuple[Any, ...]) -> None:
        self.key = key

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Descending) and self.key == other.key

    def __lt__(self, other: _Descending) -> bool:
        return other.key < self.key

    def __hash__(self) -> int:
        return hash(self.key)


def _order_tuple(orderby: tuple[OrderKey, ...], values: Iterable[Any], key: Any) -> tuple[Any, ...]:
    parts: list[Any] = []
    for order, value in zip(orderby, values, strict=True):
        part = sort_key(value)
        parts.append(_Descending(part) if order.descending else part)
    parts.append(sort_key(key))
    return tuple(parts)


_ORDERED_PER_TABLE: Final = 8  # ordered listings kept per table (filter and order differ)
_ordered_cache: weakref.WeakKeyDictionary[Table, dict[tuple[Any, ...], tuple[int, list[Any]]]] = (
    weakref.WeakKeyDictionary()
)


def _first(pair: tuple[Any, Any]) -> Any:
    return pair[0]


def _sort(options: QueryOptions, matched: Iterable[Row], key_name: str) -> list[Any]:
    """`(order tuple, row)` of `matched` in `$orderby` order (then key order)."""
    names = [order.field.name for order in options.orderby]
    return sorted(
        (
            (_order_tuple(options.orderby, (r.get(n) for n in names), r[key_name]), r)
            for r in matched
        ),
        key=_first,
    )


def _ordered(table: Table, options: QueryOptions) -> list[Any]:
    """`(order tuple, key)` of the whole table's matching rows in `$orderby` order.

    Exact answers an ordered listing from an index; here every page of one would filter
    and sort the whole table again (a listing of 30,000 rows at 60 a page: 500 sorts). So
    the order is computed once per (filter, order) and kept while the table's
    `generation` says no row was written or removed since.
    """
    cache = _ordered_cache.setdefault(table, {})
    orders = tuple((order.field.name, order.descending) for order in options.orderby)
    wanted = (options.raw.get("$filter"), orders)
    found = cache.get(wanted)
    if found is not None and found[0] == table.generation:
        return found[1]
    generation = table.generation
    key_name = table.spec.key
    predicate = options.predicate
    matched = (r for r in table.rows.values() if predicate is None or predicate(r))
    keyed = [(order, row[key_name]) for order, row in _sort(options, matched, key_name)]
    if len(cache) >= _ORDERED_PER_TABLE and wanted not in cache:
        cache.pop(next(iter(cache)))
    cache[wanted] = (generation, keyed)
    return keyed


def _row(table: Table, rows: Iterable[Row] | None, item: tuple[Any, Any]) -> Row:
    """The row of a cached `(order, key)` pair, or the row itself of a navigation subset."""
    return item[1] if rows is not None else table.rows[item[1]]


def select_page(
    table: Table,
    rows: Iterable[Row] | None,
    options: QueryOptions,
    page_size: int,
) -> Page:
    """The page `options` ask for, from `rows` (default: the whole table).

    Args:
        table: the table (for key order and the key property).
        rows: a subset to page through (a navigation collection), or None for all rows.
        options: parsed query options.
        page_size: server page size of the endpoint.
    """
    spec = table.spec
    key_name = spec.key
    predicate = options.predicate
    limit = page_size if options.top is None else min(page_size, options.top)
    count: int | None = None
    if options.orderby or rows is not None:
        if rows is None:
            keyed = _ordered(table, options)
        else:
            matched = [r for r in rows if predicate is None or predicate(r)]
            keyed = _sort(options, matched, key_name)
        start = 0
        if options.skiptoken is not None:
            token = _order_tuple(options.orderby, options.skiptoken[:-1], options.skiptoken[-1])
            start = bisect_right(keyed, token, key=_first)
        if options.inlinecount:
            count = len(keyed)
        begin = start + options.skip
        window = [_row(table, rows, item) for item in keyed[begin : begin + limit + 1]]
    else:
        keys = table.iter_keys(options.skiptoken[-1] if options.skiptoken is not None else None)
        window = []
        to_skip = options.skip
        for key in keys:
            row = table.rows[key]
            if predicate is not None and not predicate(row):
                continue
            if to_skip:
                to_skip -= 1
                continue
            window.append(row)
            if len(window) > limit:
                break
        if options.inlinecount:
            count = sum(1 for r in table.rows.values() if predicate is None or predicate(r))
    more = len(window) > limit and (options.top is None or options.top > limit)
    page = window[:limit]
    if not more or not page:
        return Page(page, None, None, count)
    last = page[-1]
    values = [last.get(order.field.name) for order in options.orderby]
    literals = [
        format_literal(value, order.field.edm)
        for value, order in zip(values, options.orderby, strict=True)
    ]
    literals.append(format_literal(last[key_name], spec.key_field.edm))
    next_top = None if options.top is None else options.top - limit
    return Page(page, ",".join(literals), next_top, count)


def next_query(raw: Mapping[str, str], skiptoken: str, top: int | None) -> str:
    """The query string of `__next`: options in alphabetical order, `$skiptoken` last.

    Exact drops `$skip` (the token replaces it) and writes `$top` as the remainder.
    """
    params = {k: v for k, v in raw.items() if k not in ("$skip", "$skiptoken", "$top")}
    if top is not None:
        params["$top"] = str(top)
    plain = sorted(k for k in params if not k.startswith("$"))
    dollar = sorted(k for k in params if k.startswith("$") and k in _KNOWN)
    parts = [f"{quote(k, safe='$')}={quote(params[k], safe=_LINK_SAFE)}" for k in plain + dollar]
    parts.append(f"$skiptoken={quote(skiptoken, safe=_LINK_SAFE)}")
    return "&".join(parts)
