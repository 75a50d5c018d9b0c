"""OData v2 query options as Exact Online parses them: `$filter`, `$orderby`, literals.

- `parse_filter` compiles `$filter` text into a fast row predicate with SQL Server
  semantics (case-insensitive strings, trailing spaces ignored, NULL is unknown).
- `parse_orderby` reads `$orderby`; `sort_key` orders values as SQL Server does.
- `parse_literal`, `parse_literal_list` and `format_literal` read and write literals such as
  `guid'…'`, `datetime'…'` and `12L`, including `$skiptoken` lists.

Every bad query raises `ExactProblem` (status 400) with Exact's own wording.
"""

from __future__ import annotations

from exactbridge.emulator.odata.filter import MAX_DEPTH, Predicate, parse_filter
from exactbridge.emulator.odata.literals import (
    Literal,
    format_literal,
    parse_literal,
    parse_literal_list,
)
from exactbridge.emulator.odata.orderby import OrderKey, collate, parse_orderby, sort_key

__all__ = [
    "MAX_DEPTH",
    "Literal",
    "OrderKey",
    "Predicate",
    "collate",
    "format_literal",
    "parse_filter",
    "parse_literal",
    "parse_literal_list",
    "parse_orderby",
    "sort_key",
]
