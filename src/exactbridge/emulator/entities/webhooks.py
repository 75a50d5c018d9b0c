"""webhooks/WebhookSubscriptions: which app wants to hear about which topic, and where.

The synchronous rules live here so every way of creating a subscription obeys them; the
API's create additionally awaits the validation POST to the callback URL first (see
`emulator.webhooks.subscriptions`), which a behaviour hook, being synchronous, cannot do.

Rules (facts 7.1): the topic must be one Exact offers; `IsInstant` is only accepted for
`GoodsDeliveries`; one subscription per app, division and topic (a second one answers
`Data already exists`); the callback must be HTTPS. Real Exact also requires the callback
to live on the domain of the app's redirect URI; the emulator does not check the domain,
and it accepts plain HTTP for loopback hosts so tests and local receivers need no TLS.
"""

from __future__ import annotations

from typing import Final
from urllib.parse import urlsplit

from exactbridge.emulator.entities.base import Behaviour, Context, Embedded
from exactbridge.emulator.store import Row
from exactbridge.exact import EntitySpec
from exactbridge.exact.webhooks import INSTANT_TOPICS, TOPICS, WEBHOOK_SUBSCRIPTIONS

__all__ = ["BEHAVIOURS", "LOOPBACK_HOSTS", "SubscriptionBehaviour", "check_subscription"]

LOOPBACK_HOSTS: Final = frozenset({"127.0.0.1", "localhost", "::1"})
"""Hosts whose callbacks may use plain HTTP."""

_CANONICAL_TOPICS: Final = {topic.lower(): topic for topic in TOPICS}


class SubscriptionBehaviour(Behaviour):
    """Topic spelled canonically, the subscribing user recorded, Exact's rules enforced."""

    def fill(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        topic = row.get("Topic")
        if isinstance(topic, str):
            row["Topic"] = _CANONICAL_TOPICS.get(topic.strip().lower(), topic)
        if row.get("UserID") is None:
            row["UserID"] = ctx.store.user.get("UserID")

    def validate(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        check_subscription(ctx, spec, row)


def check_subscription(ctx: Context, spec: EntitySpec, row: Row) -> None:
    """Refuse a subscription Exact would refuse (before or after `fill`).

    Raises:
        ExactProblem: `Invalid: Topic`, `Not allowed: Instant`, `Invalid: Callback URL`
            or `Data already exists`, with the configured validation status.
    """
    topic = _CANONICAL_TOPICS.get(str(row.get("Topic") or "").strip().lower())
    if topic is None:
        raise ctx.refuse("invalid", "Topic")
    if row.get("IsInstant") and topic not in INSTANT_TOPICS:
        raise ctx.refuse("not_allowed", "IsInstant")
    if not callback_allowed(str(row.get("CallbackURL") or "")):
        raise ctx.refuse("invalid", "CallbackURL")
    client = str(row.get("ClientID") or "").lower()
    key = row.get(spec.key)
    for other in ctx.division.table(spec).rows.values():
        same = other.get("Topic") == topic and str(other.get("ClientID") or "").lower() == client
        if same and other[spec.key] != key:
            raise ctx.refuse("already_exists")


def callback_allowed(url: str) -> bool:
    """HTTPS to any host, or HTTP to a loopback host."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return False
    if not host:
        return False
    return parts.scheme == "https" or (parts.scheme == "http" and host in LOOPBACK_HOSTS)


BEHAVIOURS: dict[str, Behaviour] = {WEBHOOK_SUBSCRIPTIONS.path: SubscriptionBehaviour()}
