"""Subscriptions: the create flow with its validation POST, and who listens to what.

Creating a subscription through the API runs Exact's rules first (topic, `IsInstant`,
callback scheme, one per app, division and topic), then POSTs an empty body to the
callback URL and only creates the row when that POST was answered 2xx; otherwise the
create fails with `500 Invalid: Post to callback URL endpoint returns <status> <reason>`
(facts 7.2). Real Exact sends the validation about a second after answering; the emulator
sends it before answering, so a client sees the refusal on the create call itself, as
Exact reports it. The owning app (`ClientID`) is the one the access token was issued to.

`SubscriptionIndex` answers "who listens to topic T in division D" in one lookup; it is
kept up to date from store changes and rebuilt from the tables at start (rows loaded from
a state file are not announced).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from exactbridge.emulator import records
from exactbridge.emulator.bodies import blank_row, decode_body
from exactbridge.emulator.entities.base import Context
from exactbridge.emulator.entities.webhooks import SubscriptionBehaviour, check_subscription
from exactbridge.emulator.store import Change, Row, Store
from exactbridge.exact.webhooks import WEBHOOK_SUBSCRIPTIONS

__all__ = [
    "CallbackCheck",
    "Subscription",
    "SubscriptionIndex",
    "create_subscription",
    "is_subscriptions",
]

CallbackCheck = Callable[[Context, str], Awaitable[None]]
"""Sends the validation POST to a callback URL; raises `ExactProblem` when refused."""

_PATH = WEBHOOK_SUBSCRIPTIONS.path.lower()


@dataclass(frozen=True, slots=True)
class Subscription:
    """One app's interest in one topic of one division.

    Attributes:
        id: the subscription's key.
        client_id: the subscribing app (lower-case GUID).
        division: the division it watches.
        topic: the topic.
        callback_url: where notifications go.
    """

    id: str
    client_id: str
    division: int
    topic: str
    callback_url: str

    @classmethod
    def from_row(cls, division: int, row: Row) -> Subscription:
        """The subscription a `webhooks/WebhookSubscriptions` row describes."""
        return cls(
            id=str(row["ID"]),
            client_id=str(row.get("ClientID") or "").lower(),
            division=division,
            topic=str(row.get("Topic") or ""),
            callback_url=str(row.get("CallbackURL") or ""),
        )


class SubscriptionIndex:
    """Subscriptions by (division, topic)."""

    def __init__(self) -> None:
        self._by_topic: dict[tuple[int, str], dict[str, Subscription]] = {}
        self._by_id: dict[str, Subscription] = {}

    def __len__(self) -> int:
        return len(self._by_id)

    def clear(self) -> None:
        """Forget every subscription."""
        self._by_topic.clear()
        self._by_id.clear()

    def load(self, store: Store) -> None:
        """Index every subscription the store holds (at start)."""
        for code, division in store.divisions.items():
            table = division.tables.get(_PATH)
            for row in table.rows.values() if table is not None else ():
                self.add(Subscription.from_row(code, row))

    def apply(self, change: Change) -> None:
        """Follow a change of `webhooks/WebhookSubscriptions` rows."""
        self.remove(str(change.key))
        if change.action != "delete" and change.row is not None:
            self.add(Subscription.from_row(change.division, change.row))

    def add(self, subscription: Subscription) -> None:
        """Index `subscription` (replacing one with the same id)."""
        self.remove(subscription.id)
        self._by_id[subscription.id] = subscription
        listeners = self._by_topic.setdefault((subscription.division, subscription.topic), {})
        listeners[subscription.id] = subscription

    def remove(self, subscription_id: str) -> None:
        """Forget the subscription with this id, if indexed."""
        old = self._by_id.pop(subscription_id, None)
        if old is not None:
            listeners = self._by_topic.get((old.division, old.topic), {})
            listeners.pop(subscription_id, None)
            if not listeners:
                self._by_topic.pop((old.division, old.topic), None)

    def listeners(self, division: int, topic: str) -> list[Subscription]:
        """Subscriptions to `topic` in `division`, oldest first."""
        return list(self._by_topic.get((division, topic), {}).values())


def is_subscriptions(path: str) -> bool:
    """`path` is `webhooks/WebhookSubscriptions` (any case)."""
    return path.lower() == _PATH


async def create_subscription(
    ctx: Context, body: Any, client_id: str, check_callback: CallbackCheck
) -> Row:
    """Create a subscription from an API POST body for the app `client_id`.

    The body is decoded as any POST is (read-only properties ignored, unknown ones
    refused); `ClientID` and `UserID` are then stamped as Exact itself would, so the
    row is written as a trusted record.

    Raises:
        ExactProblem: 400 for a malformed body, `Mandatory: …`, the rule refusals of
            `check_subscription`, or the validation POST's refusal.
    """
    spec = WEBHOOK_SUBSCRIPTIONS
    decoded = decode_body(spec, body, "post")
    record: Row = dict(decoded.values) | {
        "ClientID": client_id.lower(),
        "UserID": ctx.store.user.get("UserID"),
    }
    preview = blank_row(spec) | record
    SubscriptionBehaviour().fill(ctx, spec, preview, {})
    ctx.require(spec, preview)
    check_subscription(ctx, spec, preview)
    await check_callback(ctx, str(preview["CallbackURL"]).strip())
    return records.create(ctx, spec, record, trusted=True)
