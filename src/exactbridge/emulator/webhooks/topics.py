"""Which notifications one change to the store causes.

- A record of an endpoint whose spec names a `webhook_topic` notifies that topic with its
  own key: `Update` for changes, `Delete` when removed, and for inserts the configured
  create action (`Update` by default; facts 7.4 leave `Create` open).
- A line (a row of an endpoint some topic's spec reaches through a navigation, such as
  `salesinvoice/SalesInvoiceLines`) has no topic of its own: its changes notify the
  header's topic with the header's key as `Update`, unless the header is gone (deleting
  an invoice removes its lines after it, and the header's `Delete` says it all).
- Booking topics (`FinancialTransactions`, `SalesEntries`, ...) carry the entry's `EntryID`
  as `Key`.

The lookup tables are built once from the spec registry, so resolving a change is a few
dictionary lookups, whatever the size of the data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from exactbridge.emulator.store import Change, Row
from exactbridge.emulator.webhooks.payload import Action
from exactbridge.exact import EntitySpec, Navigation
from exactbridge.exact.webhooks import TRANSACTION_TOPICS

__all__ = ["Event", "TopicMap"]

Exists = Callable[[int, EntitySpec, Any], bool]


@dataclass(frozen=True, slots=True)
class Event:
    """One notification-worthy event.

    Attributes:
        topic: the topic to notify.
        division: where it happened.
        action: `Create`, `Update` or `Delete`.
        key: the `Key` of the notification.
        spec: the endpoint `ExactOnlineEndpoint` points into.
        key_field: the property of `spec` that holds `key` (its key, or `EntryID` for
            bookings served by an endpoint keyed otherwise).
    """

    topic: str
    division: int
    action: Action
    key: Any
    spec: EntitySpec
    key_field: str


class TopicMap:
    """Resolves store changes into events.

    Args:
        entities: the spec registry (lower-case path to spec).
    """

    def __init__(self, entities: Mapping[str, EntitySpec]) -> None:
        self._topics: dict[str, str] = {}
        self._headers: dict[str, list[tuple[EntitySpec, Navigation]]] = {}
        self._entries: dict[str, EntitySpec] = {}
        for path, spec in entities.items():
            if spec.webhook_topic is None:
                continue
            self._topics[path] = spec.webhook_topic
            if spec.key == "EntryID":
                self._entries.setdefault(spec.webhook_topic, spec)
            for nav in spec.navigations:
                self._headers.setdefault(nav.target.lower(), []).append((spec, nav))

    def watched(self, spec: EntitySpec) -> bool:
        """Changes to `spec` can cause notifications."""
        path = spec.path.lower()
        return path in self._topics or path in self._headers

    def events(self, change: Change, create_action: Action, exists: Exists) -> list[Event]:
        """The events `change` causes; `exists` tells whether a header row still exists."""
        path = change.spec.path.lower()
        topic = self._topics.get(path)
        row = change.row or {}
        if topic is not None:
            action: Action = "Delete" if change.action == "delete" else "Update"
            if change.action == "create":
                action = create_action
            return [self._event(topic, change.division, action, change.spec, change.key, row)]
        events = []
        for header, nav in self._headers.get(path, ()):
            parent = row.get(nav.foreign_key)
            topic = header.webhook_topic
            if parent is None or topic is None or not exists(change.division, header, parent):
                continue
            events.append(Event(topic, change.division, "Update", parent, header, header.key))
        return events

    def _event(
        self, topic: str, division: int, action: Action, spec: EntitySpec, key: Any, row: Row
    ) -> Event:
        if topic in TRANSACTION_TOPICS and spec.key != "EntryID" and row.get("EntryID"):
            entry = self._entries.get(topic)
            if entry is not None:
                return Event(topic, division, action, row["EntryID"], entry, entry.key)
            return Event(topic, division, action, row["EntryID"], spec, "EntryID")
        return Event(topic, division, action, key, spec, spec.key)
