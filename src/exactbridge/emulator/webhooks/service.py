"""The emulator's webhook machinery, wired to the store, the configuration and the loop.

`WebhookService` is what the rest of the emulator talks to (as `state.webhooks`):

- the API layer calls `subscribe()` for a POST to `webhooks/WebhookSubscriptions` (it awaits
  the validation POST) and `visible()` so an app sees only its own subscriptions;
- the store calls `_on_change` after every write; changes on watched endpoints become
  signed notifications queued on the dispatcher, one per subscribed app;
- the app's lifespan runs the dispatcher in the background (`running()`); tests without a
  lifespan drive `dispatcher.run_due()` themselves.

`ExactOnlineEndpoint` is built on `WebhookSettings.public_url` when configured, else on the
scheme and host the subscription was created through (so it names the same region host as
the API's own `__metadata.uri`), else on `https://start.exactonline.nl` (for subscriptions
loaded from a state file after a restart).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Final
from urllib.parse import quote

import httpx

from exactbridge.emulator.clock import Clock
from exactbridge.emulator.config import EmulatorConfig
from exactbridge.emulator.entities.base import Context
from exactbridge.emulator.odata.literals import format_literal
from exactbridge.emulator.render import EntityUrls
from exactbridge.emulator.store import Change, Row, Store, Table
from exactbridge.emulator.webhooks.delivery import Attempt, Dispatcher, RetryPolicy
from exactbridge.emulator.webhooks.payload import build_notification
from exactbridge.emulator.webhooks.sender import HttpSender, Sender
from exactbridge.emulator.webhooks.subscriptions import (
    Subscription,
    SubscriptionIndex,
    create_subscription,
    is_subscriptions,
)
from exactbridge.emulator.webhooks.topics import Event, TopicMap
from exactbridge.exact import ENTITIES, EntitySpec
from exactbridge.wire import utc_to_local

__all__ = ["DEFAULT_PUBLIC_URL", "WebhookService"]

DEFAULT_PUBLIC_URL: Final = "https://start.exactonline.nl"


class WebhookService:
    """Subscriptions, notifications and their delivery for one emulator.

    Args:
        config: the emulator configuration (apps and their webhook secrets, settings).
        clock: the time source (due times, `EventCreatedOn`).
        store: the data whose changes are notified.
        transport: httpx transport for callbacks (None: the network); or
        sender: a complete replacement of the HTTP seam.
    """

    def __init__(
        self,
        config: EmulatorConfig,
        clock: Clock,
        store: Store,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        sender: Sender | None = None,
    ) -> None:
        settings = config.webhooks
        self._config = config
        self._clock = clock
        self._store = store
        self.sender: Sender = sender or HttpSender(settings.timeout, transport)
        policy = RetryPolicy(settings.retries, settings.minute_seconds)
        self.dispatcher = Dispatcher(clock, self.sender, policy, settings.log_size)
        self.index = SubscriptionIndex()
        self._topics = TopicMap(ENTITIES)
        self._bases: dict[str, str] = {}
        self._task: asyncio.Task[None] | None = None
        self._users = 0

    def listen(self) -> None:
        """Index the subscriptions the store holds and follow its changes from now on."""
        self.index.load(self._store)
        self._store.subscribe(self._on_change)

    def reload(self) -> None:
        """Re-index after the data was replaced wholesale (`EmulatorState.reset`)."""
        self.index.clear()
        self.index.load(self._store)
        self._bases.clear()

    # --- the API layer ----------------------------------------------------------------

    @staticmethod
    def manages(spec: EntitySpec) -> bool:
        """`spec` is `webhooks/WebhookSubscriptions`, whose POST goes through `subscribe`."""
        return is_subscriptions(spec.path)

    def visible(self, table: Table, client_id: str) -> Table:
        """`table` as the app `client_id` may see it: only its own subscriptions."""
        if not is_subscriptions(table.spec.path):
            return table
        wanted = client_id.lower()
        view = Table(table.spec)
        for key, row in table.rows.items():
            if str(row.get("ClientID") or "").lower() == wanted:
                view.put(row, table.versions.get(key, 0))
        return view

    async def subscribe(self, ctx: Context, body: Any, client_id: str, base_url: str) -> Row:
        """Create a subscription for `client_id` from a POST body (see `subscriptions`).

        Args:
            ctx: the write context of the division.
            body: the decoded JSON body.
            client_id: the app the access token belongs to.
            base_url: scheme and host the request came to, for `ExactOnlineEndpoint`.

        Raises:
            ExactProblem: the body or the rules refuse it, or the callback does not answer 2xx.
        """
        row = await create_subscription(ctx, body, client_id, self._check_callback)
        self._bases[str(row["ID"])] = base_url.rstrip("/")
        return row

    async def _check_callback(self, ctx: Context, url: str) -> None:
        outcome = await self.sender.post(url, b"", {})
        self.dispatcher.record(
            Attempt(
                time=self._clock.now(),
                kind="validation",
                url=url,
                attempt=1,
                status=outcome.status,
                reason=outcome.reason,
                result="validated" if outcome.ok else "refused",
            )
        )
        if outcome.status is None:
            raise ctx.refuse("callback_unreachable", outcome.reason)
        if not outcome.ok:
            raise ctx.refuse("callback_status", f"{outcome.status} {outcome.reason}".strip())

    # --- notifications ----------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        if is_subscriptions(change.spec.path):
            self.index.apply(change)
            return
        if not len(self.index) or not self._topics.watched(change.spec):
            return
        create_action = self._config.webhooks.create_action
        for event in self._topics.events(change, create_action, self._exists):
            for subscription in self.index.listeners(event.division, event.topic):
                self._notify(subscription, event)

    def _notify(self, subscription: Subscription, event: Event) -> None:
        app = self._config.app(subscription.client_id)
        if app is None:  # the app is no longer registered: nobody to sign for
            return
        notification = build_notification(
            secret=app.webhook_secret,
            topic=event.topic,
            client_id=app.client_id,
            division=event.division,
            action=event.action,
            key=event.key,
            endpoint=self._endpoint(subscription, event),
            created_local=utc_to_local(self._clock.now()),
        )
        about = {
            "topic": event.topic,
            "division": event.division,
            "action": event.action,
            "key": event.key,
            "client_id": app.client_id,
            "subscription": subscription.id,
        }
        kind = "Delete" if event.action == "Delete" else "Change"
        group = (subscription.id, str(event.key), kind)
        self.dispatcher.enqueue(
            subscription.callback_url, notification.body, about=about, group=group
        )

    def _endpoint(self, subscription: Subscription, event: Event) -> str:
        base = (
            self._config.webhooks.public_url
            or self._bases.get(subscription.id)
            or DEFAULT_PUBLIC_URL
        )
        urls = EntityUrls(base, event.division)
        spec = event.spec
        if event.key_field == spec.key:
            return urls.entity(spec, event.key)
        key_field = spec.field(event.key_field)
        assert key_field is not None
        condition = f"{event.key_field} eq {format_literal(event.key, key_field.edm)}"
        return f"{urls.collection(spec)}?$filter={quote(condition, safe=chr(39))}"

    def _exists(self, division: int, spec: EntitySpec, key: Any) -> bool:
        found = self._store.divisions.get(division)
        return found is not None and found.table(spec).get(key) is not None

    # --- background delivery ----------------------------------------------------------

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Deliver in the background while the block runs (the app's lifespan uses it)."""
        self._users += 1
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self.dispatcher.run_forever())
        try:
            yield
        finally:
            self._users -= 1
            task = self._task
            if self._users == 0 and task is not None:
                self._task = None
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    def report(self, limit: int | None = None) -> dict[str, Any]:
        """The delivery log (oldest first) and queue size, for the admin surface."""
        attempts = list(self.dispatcher.log)
        if limit is not None:
            attempts = attempts[-limit:] if limit > 0 else []
        return {
            "subscriptions": len(self.index),
            "pending": self.dispatcher.pending,
            "in_flight": self.dispatcher.in_flight,
            "deliveries": [attempt.as_json() for attempt in attempts],
        }
