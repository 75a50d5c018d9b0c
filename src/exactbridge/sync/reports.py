"""What a sync run reports: counts per stream and per resource, and progress.

`SyncEngine.sync` returns a `SyncReport`; the CLI prints it and the run history (in the
store) keeps its totals. `Progress` is told the rows read after every page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

__all__ = ["Progress", "ResourceCounts", "StreamReport", "SyncReport"]

Progress = Callable[[str, int], None]
"""`(stream name, rows read so far)`: called after every page."""


@dataclass
class ResourceCounts:
    """Records of one resource a run added, updated and marked deleted."""

    added: int = 0
    updated: int = 0
    deleted: int = 0

    def add(self, other: ResourceCounts) -> None:
        """Add `other`'s counts to these."""
        self.added += other.added
        self.updated += other.updated
        self.deleted += other.deleted


@dataclass
class StreamReport:
    """What one stream did in a run (`resources`: the counts split by resource written)."""

    name: str
    rows: int = 0
    added: int = 0
    updated: int = 0
    deleted: int = 0
    calls: int = 0
    resources: dict[str, ResourceCounts] = field(default_factory=dict)
    recorded_calls: int = field(default=0, repr=False, compare=False)
    """Of `calls`, those already added to the run history (with the page they read)."""


@dataclass
class SyncReport:
    """What a run did, stream by stream."""

    connection: str
    division: int
    full: bool
    run_id: int
    started_at: datetime
    finished_at: datetime | None = None
    streams: list[StreamReport] = field(default_factory=list)

    def total(self, what: str) -> int:
        """The sum of one count (`rows`, `added`, `updated`, `deleted`, `calls`)."""
        return sum(getattr(stream, what) for stream in self.streams)

    def by_resource(self) -> dict[str, ResourceCounts]:
        """Added, updated and deleted per resource, over every stream that wrote it."""
        found: dict[str, ResourceCounts] = {}
        for stream in self.streams:
            for resource, counts in stream.resources.items():
                found.setdefault(resource, ResourceCounts()).add(counts)
        return found
