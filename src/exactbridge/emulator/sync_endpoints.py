"""Sync endpoints: rows in `Timestamp` (row version) order, 1,000 a page (facts 5.1-5.3).

A sync endpoint accepts `$select` (mandatory), `$top` and one filter, on `Timestamp` only:
`Timestamp gt 123L` (or `ge`). Rows come back oldest change first, each with its current
`Timestamp`; a page that is not the last links to the next with `$skiptoken=<last>L`, which
means "after this Timestamp". A row changed while a consumer pages moves to the end, so a
consumer that stores the highest Timestamp it saw never misses a change.

`read/sync/Sync/SyncTimestamp` answers where to start from a date.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from exactbridge.emulator.odata.literals import parse_literal_list
from exactbridge.emulator.problems import ExactProblem, query_syntax_error
from exactbridge.emulator.query import SelectPlan, next_query, parse_options
from exactbridge.emulator.store import Division, Row
from exactbridge.exact import ENTITIES, EntitySpec
from exactbridge.exact.sync import SYNC_TIMESTAMP_ENDPOINTS

__all__ = ["SyncPage", "sync_page", "sync_timestamp"]

_TIMESTAMP_FILTER: Final = re.compile(r"^\s*Timestamp\s+(gt|ge)\s+(\d+)L?\s*$")
_ALLOWED: Final = frozenset({"$select", "$filter", "$top", "$skiptoken", "$format"})


@dataclass(frozen=True, slots=True)
class SyncPage:
    """One page of a sync endpoint: rows and their `Timestamp`s, the select, `__next` query."""

    rows: list[Row]
    stamps: list[int]
    select: SelectPlan
    next_query: str | None


def sync_page(spec: EntitySpec, division: Division, params: Mapping[str, str]) -> SyncPage:
    """The page of `spec` (a sync endpoint) that `params` ask for.

    Raises:
        ExactProblem: 400 for anything but `Timestamp` filters, `$orderby`, a missing
            `$select`, or malformed values.
    """
    for name in params:
        if name.startswith("$") and name not in _ALLOWED:
            raise ExactProblem(400, f"The query parameter '{name}' is not supported on sync APIs.")
    if not params.get("$select"):
        raise ExactProblem(400, "Please add a $select or a $top=1 statement to the query string.")
    options = parse_options(spec, {"$select": params["$select"]}, allow_skip=False)
    after = _lower_bound(params.get("$filter"))
    token = params.get("$skiptoken")
    if token:
        after = max(after, _token(token))
    top_text = params.get("$top")
    top = None
    if top_text is not None:
        if not top_text.strip().isdigit():
            raise query_syntax_error()
        top = int(top_text)
    limit = spec.page_size if top is None else min(spec.page_size, top)
    table = division.table(spec)
    rows: list[Row] = []
    stamps: list[int] = []
    last = after
    more = False
    for version, row in table.rows_since(after):
        if len(rows) == limit:
            more = top is None or top > limit
            break
        rows.append(row)
        stamps.append(version)
        last = version
    link = None
    if more:
        remainder = None if top is None else top - limit
        link = next_query(params, f"{last}L", remainder)
    return SyncPage(rows, stamps, options.select, link)


def _lower_bound(text: str | None) -> int:
    if not text:
        return 0
    match = _TIMESTAMP_FILTER.match(text)
    if match is None:
        raise ExactProblem(
            400, "Only the Timestamp property can be filtered on sync APIs (Timestamp gt nL)."
        )
    value = int(match.group(2))
    return value if match.group(1) == "gt" else value - 1


def _token(text: str) -> int:
    literals = parse_literal_list(text)
    if len(literals) != 1 or not isinstance(literals[0].value, int):
        raise query_syntax_error()
    return int(literals[0].value)


def sync_timestamp(division: Division, params: Mapping[str, str]) -> Row:
    """`read/sync/Sync/SyncTimestamp`: the first `Timestamp` modified at or after a date.

    Raises:
        ExactProblem: 400 when `modified` or `endPoint` is missing or not supported.
    """
    modified_text, endpoint_text = params.get("modified"), params.get("endPoint")
    if not modified_text or not endpoint_text:
        raise ExactProblem(400, "Mandatory parameters: modified, endPoint.")
    modified = _literal(modified_text, datetime)
    endpoint = _literal(endpoint_text, str)
    if endpoint not in SYNC_TIMESTAMP_ENDPOINTS:
        raise ExactProblem(400, f"Endpoint '{endpoint}' is not supported.")
    spec = _sync_spec_named(endpoint)
    first = 0
    found: datetime | None = None
    if spec is not None:
        table = division.table(spec)
        for version, key in table.since(0):
            stamp = table.rows[key].get("Modified")
            if stamp is not None and stamp >= modified:
                first, found = version, stamp
                break
    return {"Modified": found, "API": endpoint, "TimeStampAsBigInt": first}


def _literal(text: str, kind: type) -> Any:
    literals = parse_literal_list(text)
    if len(literals) != 1 or not isinstance(literals[0].value, kind):
        raise query_syntax_error()
    return literals[0].value


def _sync_spec_named(endpoint: str) -> EntitySpec | None:
    for spec in ENTITIES.values():
        if spec.api_type == "sync" and spec.entity == endpoint:
            return spec
    return None
