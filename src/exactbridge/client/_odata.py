"""OData v2 as Exact speaks it, sans I/O: the `Query` builder, plus literals, filters and
envelopes re-exported from `_filter` and `_envelope` (one import for the client core).

Why a module of its own: every read goes through the same three steps (build the query
string, send it, unwrap the answer) and the first and last are pure text work that can be
tested without a network. Nothing here sends anything or reads a clock.

`Query(path)` is an immutable builder validated against the endpoint's `EntitySpec`: an
unknown property, a navigation in `$filter`, or an option the endpoint refuses raises
`InvalidQuery` before any call. `.params()` is the query string (not URL-encoded).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Final

from exactbridge.client._envelope import Envelope, parse_count, parse_envelope, peek_next
from exactbridge.client._filter import EdmOf, Expr, F, Raw, as_expr, literal
from exactbridge.errors import InvalidQuery
from exactbridge.exact import Edm, EntitySpec, Field, Navigation, find_entity

__all__ = [
    "Envelope",
    "Expr",
    "F",
    "Query",
    "Raw",
    "literal",
    "parse_count",
    "parse_envelope",
    "peek_next",
]

_SYNC_FILTER: Final = re.compile(r"^\s*Timestamp\s+(gt|ge)\s+\d+L?\s*$")


@dataclass(frozen=True, slots=True)
class Query:
    """An immutable OData query on one endpoint: `Query("crm/Accounts").select("ID").top(5)`.

    Every builder returns a new query. When `path` is a known endpoint (`find_entity`) each
    name is checked against its `EntitySpec` at once, so a typo raises `InvalidQuery` before
    any call; literals then follow the properties' types (a GUID string → `guid'…'`). Bulk
    and sync endpoints get every field as `$select` by default (Exact requires one), and a
    sync query always selects `Timestamp` and filters on nothing else (`since`).

    Attributes:
        path: `service/Entity` (`crm/Accounts`, `sync/CRM/Accounts`), relative to the
            division.
    """

    path: str
    _select: tuple[str, ...] = ()
    _filter: Expr | None = None
    _orderby: tuple[str, ...] = ()
    _expand: tuple[str, ...] = ()
    _top: int | None = None
    _inlinecount: bool = False
    _skiptoken: str | None = None
    spec: EntitySpec | None = field(init=False, default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "spec", find_entity(self.path))

    # builders -------------------------------------------------------------------------

    def select(self, *names: str) -> Query:
        """Add properties to `$select` (`Nav/Prop` after `expand` is allowed)."""
        for name in names:
            self._check_select(name)
        merged = tuple(dict.fromkeys((*self._select, *names)))
        return replace(self, _select=merged)

    def where(self, condition: Expr | str) -> Query:
        """Add a `$filter` condition; several `where`s are joined with `and`."""
        expr = as_expr(condition)
        combined = expr if self._filter is None else self._filter & expr
        self._check_filter(combined)
        return replace(self, _filter=combined)

    def since(self, timestamp: int | str) -> Query:
        """Replace the filter with `Timestamp gt {n}L` (sync endpoints, facts 5.3)."""
        if self.spec is not None and self.spec.field("Timestamp") is None:
            msg = f"{self.spec.path} has no Timestamp: since() is for sync endpoints"
            raise InvalidQuery(msg)
        text = f"Timestamp gt {literal(timestamp, Edm.INT64)}"
        return replace(self, _filter=Raw(text))

    def orderby(self, *names: str, desc: bool = False) -> Query:
        """Add `$orderby` keys (`Name`, or `Name desc` with `desc=True`)."""
        spec = self.spec
        if spec is not None and spec.api_type == "sync":
            msg = f"{spec.path} is a sync endpoint: rows come in Timestamp order, no $orderby"
            raise InvalidQuery(msg)
        for name in names:
            self._check_field(name, "$orderby")
        suffix = " desc" if desc else ""
        return replace(self, _orderby=(*self._orderby, *(f"{n}{suffix}" for n in names)))

    def expand(self, *navigations: str) -> Query:
        """Add navigation collections to `$expand` (`SalesInvoiceLines`)."""
        spec = self.spec
        for name in navigations:
            if spec is not None and not isinstance(spec.get(name), Navigation):
                msg = f"{spec.path} has no navigation property {name!r} to $expand"
                raise InvalidQuery(msg)
        return replace(self, _expand=tuple(dict.fromkeys((*self._expand, *navigations))))

    def top(self, n: int) -> Query:
        """`$top=n` (rows beyond a page come through `__next`)."""
        if isinstance(n, bool) or n < 0:
            msg = f"$top must be a non-negative integer, not {n!r}"
            raise InvalidQuery(msg)
        return replace(self, _top=n)

    def inlinecount(self) -> Query:
        """`$inlinecount=allpages`: the first page carries `__count`."""
        if self.spec is not None and self.spec.api_type == "sync":
            msg = f"{self.spec.path} is a sync endpoint: $inlinecount is not supported"
            raise InvalidQuery(msg)
        return replace(self, _inlinecount=True)

    def skiptoken(self, text: str) -> Query:
        """`$skiptoken=text` verbatim (normally `__next` carries it for you)."""
        return replace(self, _skiptoken=text)

    # output ---------------------------------------------------------------------------

    @property
    def filter_text(self) -> str | None:
        """The `$filter` text with literals typed by the endpoint's properties."""
        return None if self._filter is None else self._filter.render(self._edm_of())

    @property
    def count_path(self) -> str:
        """The `/$count` path of the endpoint (send `count_params()` with it)."""
        return f"{self.path}/$count"

    def params(self) -> dict[str, str]:
        """The query string options, not URL-encoded (httpx encodes them)."""
        out: dict[str, str] = {}
        select = self._effective_select()
        if select:
            out["$select"] = ",".join(select)
        text = self.filter_text
        if text is not None:
            out["$filter"] = text
        if self._orderby:
            out["$orderby"] = ",".join(self._orderby)
        if self._expand:
            out["$expand"] = ",".join(self._expand)
        if self._top is not None:
            out["$top"] = str(self._top)
        if self._inlinecount:
            out["$inlinecount"] = "allpages"
        if self._skiptoken is not None:
            out["$skiptoken"] = self._skiptoken
        return out

    def count_params(self) -> dict[str, str]:
        """The options `/$count` takes: only `$filter`."""
        text = self.filter_text
        return {} if text is None else {"$filter": text}

    # validation -----------------------------------------------------------------------

    def _edm_of(self) -> EdmOf | None:
        spec = self.spec
        if spec is None:
            return None

        def edm_of(name: str) -> Edm | None:
            prop = spec.field(name)
            return prop.edm if prop is not None else None

        return edm_of

    def _effective_select(self) -> tuple[str, ...]:
        spec = self.spec
        if spec is None:
            return self._select
        if not self._select and spec.select_required:
            return tuple(f.name for f in spec.fields)
        if self._select and spec.api_type == "sync" and "Timestamp" not in self._select:
            return ("Timestamp", *self._select)
        return self._select

    def _check_field(self, name: str, option: str) -> Field | None:
        spec = self.spec
        if spec is None:
            return None
        prop = spec.get(name)
        if isinstance(prop, Field):
            return prop
        what = "a navigation property" if prop is not None or "/" in name else "unknown"
        msg = f"{option}: {name!r} is {what} on {spec.path}"
        raise InvalidQuery(msg)

    def _check_select(self, name: str) -> None:
        spec = self.spec
        if spec is None:
            return
        if name == "*":
            if spec.select_required:
                msg = f"{spec.path} needs its properties named in $select, not *"
                raise InvalidQuery(msg)
            return
        nav_name, slash, child = name.partition("/")
        if not slash:
            self._check_field(name, "$select")
            return
        nav = spec.get(nav_name)
        target = find_entity(nav.target) if isinstance(nav, Navigation) else None
        if not isinstance(nav, Navigation) or (target is not None and target.field(child) is None):
            msg = f"$select: {name!r} is unknown on {spec.path}"
            raise InvalidQuery(msg)

    def _check_filter(self, expr: Expr) -> None:
        spec = self.spec
        if spec is None:
            return
        for name in expr.names():
            self._check_field(name, "$filter")
        text = expr.render(self._edm_of())  # also checks every literal against its type
        if spec.api_type == "sync" and _SYNC_FILTER.match(text) is None:
            msg = f"{spec.path} is a sync endpoint: filter on Timestamp only (use since())"
            raise InvalidQuery(msg)
