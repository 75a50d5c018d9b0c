"""`bulk_collection`: the garbage collector's pace while a sync runs.

A sync allocates millions of short-lived containers (every parsed row is a dict, every
page a list of them) that reference counting frees as soon as a page is written. CPython's
collector still starts a pass over the youngest objects every 700 net allocations, and
sends the survivors on to older generations that it walks again later: on a first sync of
`large` that is 3,378 passes and 5.0 s of a 70 s run, for garbage that was never cyclic.
While any sync runs, the youngest generation is collected every `YOUNG` net allocations
instead (the older generations keep their pace); when the last one ends, the thresholds
the process had are restored.

Reference cycles are still collected, only later: a sync must not create them per page
(the client breaks httpx's response/stream cycle for this reason, see `_client._unbind`).
Peak RSS of the first sync of `large` stays at 273-274 MB (three runs).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from typing import Final

__all__ = ["YOUNG", "bulk_collection"]

YOUNG: Final = 20_000
"""Net allocations between two passes over the youngest generation during a sync."""

_runs = 0
_saved: tuple[int, int, int] | None = None


@contextlib.contextmanager
def bulk_collection() -> Iterator[None]:
    """Collect the youngest generation every `YOUNG` net allocations while inside.

    Nests and overlaps (several syncs in one process): the first to enter sets the pace,
    the last to leave restores the thresholds found on entry. A process whose threshold
    is higher already, or that turned the collector off, keeps its own.
    """
    global _runs, _saved  # noqa: PLW0603 - the collector's thresholds are process-wide
    if _runs == 0:
        _saved = gc.get_threshold()
        young, *older = _saved
        if young != 0:  # 0 means the process disabled automatic collection
            gc.set_threshold(max(young, YOUNG), *older)
    _runs += 1
    try:
        yield
    finally:
        _runs -= 1
        if _runs == 0 and _saved is not None:
            gc.set_threshold(*_saved)
            _saved = None
