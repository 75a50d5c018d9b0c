"""Bodies with a map's own checks on top of the engine's, every problem reported at once.

A few maps take a field the engine alone would refuse (a document's named `type`, a
tracking category's `type`, which picks the endpoint): they translate or drop it, note what
is wrong with it, and build the rest here, so `InvalidBody.problems` still names every
wrong field of the body in one error, before any call.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from exactbridge.errors import InvalidBody
from exactbridge.mappers._core import FieldMap, Method, ResourceMap, _refuse_if_any, record_to_exact
from exactbridge.model import UnifiedRecord

__all__ = ["build_checked"]


def build_checked(
    rmap: ResourceMap[Any],
    source: Mapping[str, Any] | UnifiedRecord,
    *,
    method: Method,
    custom: Sequence[FieldMap],
    problems: Mapping[str, str],
) -> dict[str, Any]:
    """The body of `source` (see `record_to_exact`), refused if it or `problems` has any.

    Raises:
        InvalidBody: the engine's problems and `problems`, together.
    """
    found = dict(problems)
    body: dict[str, Any] = {}
    try:
        body = record_to_exact(rmap, source, method=method, custom=custom)
    except InvalidBody as exc:
        found = exc.problems | found
    _refuse_if_any(rmap.spec, method, found)
    return body
