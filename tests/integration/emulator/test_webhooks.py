"""Webhooks end to end: subscriptions over the API, a real receiver on loopback.

The emulator runs in-process (httpx ASGI transport); the receiver is a real HTTP server (a
small Starlette app under uvicorn in a thread), so the validation POST and every
notification cross a real socket. The dispatcher runs as the emulator's background task
(`state.webhooks.running()`, what the app's lifespan uses); tests poll with a deadline.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import re
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from exactbridge.emulator.app import create_app
from exactbridge.emulator.clock import SystemClock
from exactbridge.emulator.config import AppRegistration, EmulatorConfig, WebhookSettings
from exactbridge.emulator.server import bind_socket
from exactbridge.emulator.state import EmulatorState, build_state
from exactbridge.exact.webhooks import WEBHOOK_SUBSCRIPTIONS
from tests.support.emulator import BASE, EmulatorClient, authorize_code, connect, exchange

ENVELOPE = re.compile(rb'^\{"Content":(?P<content>\{.*\}),"HashCode":"(?P<hash>[0-9A-F]{64})"\}$')
SUBSCRIPTIONS = "webhooks/WebhookSubscriptions"
OTHER_APP = AppRegistration(
    client_id="0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
    client_secret="other-secret",
    redirect_uri="http://127.0.0.1:8081/callback",
    webhook_secret="other-webhook-secret",
)


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    probe: Any


class Receiver:
    """A loopback HTTP server that records every POST and answers as scripted."""

    def __init__(self) -> None:
        self.requests: list[Received] = []
        self.validation_status: dict[str, int] = {}
        self.plans: dict[str, list[int]] = {}
        self.probe: Callable[[], Any] = lambda: None
        self.port = 0
        self._lock = threading.Lock()

    async def _hook(self, request: Request) -> Response:
        body = await request.body()
        path = request.url.path
        with self._lock:
            self.requests.append(Received(path, dict(request.headers), body, self.probe()))
            if not body:
                status = self.validation_status.get(path, 200)
            else:
                plan = self.plans.get(path) or [200]
                status = plan.pop(0) if len(plan) > 1 else plan[0]
        return Response(status_code=status)

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/{path:path}", self._hook, methods=["POST"])])

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def posts(self, path: str) -> list[Received]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def notifications(self, path: str) -> list[Received]:
        return [r for r in self.posts(path) if r.body]

    async def wait_for(self, path: str, count: int) -> list[Received]:
        """Poll until `count` notifications reached `path` (fails after 10 s)."""
        deadline = time.monotonic() + 10
        while len(found := self.notifications(path)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(found)} of {count} notifications reached {path}")
            await asyncio.sleep(0.005)
        return found


@contextmanager
def serve_in_thread(app: Starlette, *, lifespan: str) -> Iterator[int]:
    """Serve `app` with uvicorn on a loopback port in a thread; yield the port."""
    sock = bind_socket("127.0.0.1", 0)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan=lifespan)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise AssertionError("the server did not start")
            time.sleep(0.01)
        yield int(sock.getsockname()[1])
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    hooks = Receiver()
    with serve_in_thread(hooks.app(), lifespan="off") as port:
        hooks.port = port
        yield hooks


@pytest.fixture
def config() -> EmulatorConfig:
    """The default app first, and a second app with its own webhook secret."""
    return replace(EmulatorConfig(divisions=2, size="small", seed=7), apps=(
        EmulatorConfig().apps[0], OTHER_APP,
    ))  # fmt: skip


@pytest.fixture
async def delivering(state: EmulatorState) -> AsyncIterator[EmulatorState]:
    """The emulator's background dispatcher, running as under the app's lifespan."""
    async with state.webhooks.running():
        yield state


async def settle(state: EmulatorState) -> None:
    """Poll until every queued delivery has been answered (fails after 10 s).

    Enqueueing happens inside the API call that changed the data, so once the call has
    returned and the dispatcher is idle, everything it caused has reached the receiver.
    """
    deadline = time.monotonic() + 10
    while not state.webhooks.dispatcher.idle:
        if time.monotonic() > deadline:
            raise AssertionError("webhook deliveries did not settle within 10 s")
        await asyncio.sleep(0.005)


def verify(received: Received, secret: str) -> dict[str, Any]:
    """Check the HashCode as a receiver must (raw Content substring); return Content."""
    assert received.headers["content-type"] == "application/json"
    match = ENVELOPE.match(received.body)
    assert match is not None, received.body
    expected = hmac.new(secret.encode(), match["content"], hashlib.sha256).hexdigest().upper()
    assert hmac.compare_digest(expected.encode(), match["hash"])
    content: dict[str, Any] = json.loads(match["content"])
    return content


async def subscribe(
    exact: EmulatorClient, url: str, topic: str = "Accounts", **extra: Any
) -> httpx.Response:
    return await exact.request(
        "POST",
        f"/api/v1/{exact.division}/{SUBSCRIPTIONS}",
        json={"CallbackURL": url, "Topic": topic, **extra},
        headers={"Prefer": "return=representation"},
    )


def error_text(response: httpx.Response) -> str:
    value: str = response.json()["error"]["message"]["value"]
    return value


async def test_validation_post_is_empty_and_answered_before_the_row_exists(
    exact: EmulatorClient, state: EmulatorState, receiver: Receiver
) -> None:
    table = state.store.divisions[exact.division].table(WEBHOOK_SUBSCRIPTIONS)
    receiver.probe = lambda: len(table)
    created = await subscribe(exact, receiver.url("/hooks"), "accounts", Description="mine")
    assert created.status_code == 201, created.text
    (validation,) = receiver.posts("/hooks")
    assert validation.body == b"" and validation.headers["content-length"] == "0"
    assert validation.probe == 0  # validated before the subscription was stored
    row = created.json()["d"]
    assert row["Topic"] == "Accounts" and row["Description"] == "mine"
    assert row["ClientID"] == exact.app.client_id
    assert row["Division"] == exact.division and row["IsInstant"] is False
    assert row["UserID"] == row["Creator"] == state.store.user["UserID"]
    assert row["__metadata"]["type"] == "Exact.Web.Api.Models.Webhooks.WebhookSubscription"
    listed = await exact.get(f"/api/v1/{exact.division}/{SUBSCRIPTIONS}")
    assert [r["ID"] for r in listed.json()["d"]["results"]] == [row["ID"]]


@pytest.mark.parametrize("status", [503, 404, 302])
async def test_a_non_2xx_validation_fails_the_create(
    exact: EmulatorClient, receiver: Receiver, status: int
) -> None:
    receiver.validation_status["/down"] = status
    refused = await subscribe(exact, receiver.url("/down"))
    assert refused.status_code == 500
    reason = {503: "Service Unavailable", 404: "Not Found", 302: "Found"}[status]
    assert (
        error_text(refused) == f"Invalid: Post to callback URL endpoint returns {status} {reason}"
    )
    assert refused.json() == {
        "error": {"code": "", "message": {"lang": "", "value": error_text(refused)}}
    }
    assert len(receiver.posts("/down")) == 1
    listed = await exact.get(f"/api/v1/{exact.division}/{SUBSCRIPTIONS}")
    assert listed.json()["d"]["results"] == []


async def test_an_unreachable_callback_fails_the_create(exact: EmulatorClient) -> None:
    sock = bind_socket("127.0.0.1", 0)
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there any more
    refused = await subscribe(exact, f"http://127.0.0.1:{port}/hook")
    assert refused.status_code == 500
    assert error_text(refused).startswith("Invalid: Post to callback URL endpoint failed")


async def test_rules_refused_before_any_validation_post(
    exact: EmulatorClient, receiver: Receiver
) -> None:
    url = receiver.url("/rules")
    unknown = await subscribe(exact, url, "Invoices")
    assert (unknown.status_code, error_text(unknown)) == (500, "Invalid: Topic")
    instant = await subscribe(exact, url, "Accounts", IsInstant=True)
    assert (instant.status_code, error_text(instant)) == (500, "Not allowed: Instant")
    plain = await subscribe(exact, "http://hooks.example.com/exact", "Accounts")
    assert (plain.status_code, error_text(plain)) == (500, "Invalid: Callback URL")
    missing = await exact.request(
        "POST", f"/api/v1/{exact.division}/{SUBSCRIPTIONS}", json={"CallbackURL": url}
    )
    assert (missing.status_code, error_text(missing)) == (500, "Mandatory: Topic")
    assert receiver.posts("/rules") == []
    goods = await subscribe(exact, url, "GoodsDeliveries", IsInstant=True)
    assert goods.status_code == 201 and goods.json()["d"]["IsInstant"] is True


async def test_a_second_subscription_to_a_topic_is_data_already_exists(
    exact: EmulatorClient, state: EmulatorState, receiver: Receiver
) -> None:
    assert (await subscribe(exact, receiver.url("/a"))).status_code == 201
    again = await subscribe(exact, receiver.url("/b"), "ACCOUNTS")
    assert (again.status_code, error_text(again)) == (500, "Data already exists")
    other_division = next(d for d in state.store.divisions if d != exact.division)
    elsewhere = await exact.request(
        "POST",
        f"/api/v1/{other_division}/{SUBSCRIPTIONS}",
        json={"CallbackURL": receiver.url("/c"), "Topic": "Accounts"},
    )
    assert elsewhere.status_code == 201


async def test_apps_see_and_delete_only_their_own_subscriptions(
    exact: EmulatorClient, state: EmulatorState, receiver: Receiver
) -> None:
    mine = (await subscribe(exact, receiver.url("/mine"))).json()["d"]
    async with _other_app(state) as other:
        theirs = await subscribe(other, receiver.url("/theirs"))  # same topic, another app
        assert theirs.status_code == 201
        their_id = theirs.json()["d"]["ID"]
        listed = (await other.get(f"/api/v1/{other.division}/{SUBSCRIPTIONS}")).json()
        assert [r["ID"] for r in listed["d"]["results"]] == [their_id]
        count = await other.get(f"/api/v1/{other.division}/{SUBSCRIPTIONS}/$count")
        assert count.text == "1"
        url = f"/api/v1/{exact.division}/{SUBSCRIPTIONS}(guid'{mine['ID']}')"
        assert (await other.get(url)).status_code == 404
        assert (await other.request("DELETE", url)).status_code == 404
    assert (await exact.get(url)).status_code == 200


async def test_put_is_not_offered(exact: EmulatorClient, receiver: Receiver) -> None:
    row = (await subscribe(exact, receiver.url("/put"))).json()["d"]
    url = f"/api/v1/{exact.division}/{SUBSCRIPTIONS}(guid'{row['ID']}')"
    response = await exact.request("PUT", url, json={"CallbackURL": receiver.url("/other")})
    assert response.status_code == 405


async def test_account_changes_arrive_signed_and_verifiable(
    exact: EmulatorClient, delivering: EmulatorState, receiver: Receiver
) -> None:
    division = exact.division
    assert (await subscribe(exact, receiver.url("/accounts"))).status_code == 201
    created = await exact.request(
        "POST", f"/api/v1/{division}/crm/Accounts", json={"Name": "Webhook Test BV"}
    )
    key = created.json()["d"]["ID"]
    endpoint = f"{BASE}/api/v1/{division}/crm/Accounts(guid'{key}')"
    await settle(exact.state)
    (first,) = receiver.notifications("/accounts")
    content = verify(first, exact.app.webhook_secret)
    assert content == {
        "Topic": "Accounts",
        "ClientId": exact.app.client_id,
        "Division": division,
        "Action": "Update",  # inserts are announced as Update by default
        "Key": key,
        "ExactOnlineEndpoint": endpoint,
        "EventCreatedOn": "2026-06-25T16:00:00.000",  # 14:00 UTC in Amsterdam summer time
    }
    fetched = await exact.get(content["ExactOnlineEndpoint"].removeprefix(BASE))
    assert fetched.json()["d"]["Name"] == "Webhook Test BV"

    await exact.request("PUT", endpoint.removeprefix(BASE), json={"Name": "Renamed BV"})
    await settle(exact.state)
    second = receiver.notifications("/accounts")[1]
    assert verify(second, exact.app.webhook_secret)["Action"] == "Update"

    await exact.request("DELETE", endpoint.removeprefix(BASE))
    await settle(exact.state)
    first, second, third = receiver.notifications("/accounts")
    deleted = verify(third, exact.app.webhook_secret)
    assert (deleted["Action"], deleted["Key"]) == ("Delete", key)
    with pytest.raises(AssertionError):
        verify(third, OTHER_APP.webhook_secret)

    log = (await exact.http.get("/__emulator/webhooks/deliveries")).json()
    kinds = [(e["kind"], e["result"], e["status"]) for e in log["deliveries"]]
    assert kinds == [("validation", "validated", 200)] + [("notification", "delivered", 200)] * 3
    assert log["deliveries"][-1]["action"] == "Delete" and log["pending"] == 0
    assert log["deliveries"][-1]["body"] == third.body.decode()


async def test_each_app_gets_its_own_signature(
    exact: EmulatorClient, state: EmulatorState, delivering: EmulatorState, receiver: Receiver
) -> None:
    assert (await subscribe(exact, receiver.url("/first"))).status_code == 201
    async with _other_app(state) as other:
        assert (await subscribe(other, receiver.url("/second"))).status_code == 201
    await exact.request("POST", f"/api/v1/{exact.division}/crm/Accounts", json={"Name": "Two"})
    await settle(state)
    (first,) = receiver.notifications("/first")
    (second,) = receiver.notifications("/second")
    assert verify(first, exact.app.webhook_secret)["ClientId"] == exact.app.client_id
    assert verify(second, OTHER_APP.webhook_secret)["ClientId"] == OTHER_APP.client_id


async def test_an_invoice_with_lines_is_one_notification_on_the_header(
    exact: EmulatorClient, delivering: EmulatorState, receiver: Receiver
) -> None:
    division = exact.division
    assert (await subscribe(exact, receiver.url("/invoices"), "SalesInvoices")).status_code == 201
    customer = await _first_key(exact, "crm/Accounts", "ID", "Status eq 'C'")
    item = await _first_key(exact, "logistics/Items", "ID", "IsSalesItem eq true")
    lines = [{"Item": item, "Quantity": 1, "NetPrice": 5.0}] * 3
    created = await exact.request(
        "POST",
        f"/api/v1/{division}/salesinvoice/SalesInvoices",
        json={"OrderedBy": customer, "SalesInvoiceLines": lines},
    )
    assert created.status_code == 201, created.text
    invoice = created.json()["d"]["InvoiceID"]
    await settle(delivering)
    (only,) = receiver.notifications("/invoices")
    content = verify(only, exact.app.webhook_secret)
    assert (content["Topic"], content["Key"]) == ("SalesInvoices", invoice)
    assert content["ExactOnlineEndpoint"].endswith(f"/salesinvoice/SalesInvoices(guid'{invoice}')")


async def test_deleting_the_subscription_stops_notifications(
    exact: EmulatorClient, delivering: EmulatorState, receiver: Receiver
) -> None:
    division = exact.division
    row = (await subscribe(exact, receiver.url("/gone"))).json()["d"]
    assert (await subscribe(exact, receiver.url("/contacts"), "Contacts")).status_code == 201
    url = f"/api/v1/{division}/{SUBSCRIPTIONS}(guid'{row['ID']}')"
    assert (await exact.request("DELETE", url)).status_code == 204
    assert (await exact.get(url)).status_code == 404
    account = await _first_key(exact, "crm/Accounts", "ID", "Status eq 'C'")
    await exact.request(
        "PUT", f"/api/v1/{division}/crm/Accounts(guid'{account}')", json={"Website": "x.nl"}
    )
    contact = await _first_key(exact, "crm/Contacts", "ID", "ID ne null")
    await exact.request(
        "PUT", f"/api/v1/{division}/crm/Contacts(guid'{contact}')", json={"Notes": "x"}
    )
    await settle(delivering)
    assert len(receiver.notifications("/contacts")) == 1  # the pipeline works
    assert receiver.notifications("/gone") == []


async def test_a_receiver_failing_twice_gets_the_third_attempt(
    config: EmulatorConfig, receiver: Receiver
) -> None:
    minute = 0.01  # a back-off "minute" of 10 ms: retries after 20 ms and 40 ms more
    state = build_state(
        replace(config, webhooks=WebhookSettings(minute_seconds=minute)), SystemClock()
    )
    receiver.plans["/flaky"] = [500, 503, 200]
    async with connect(state) as exact, state.webhooks.running():
        assert (await subscribe(exact, receiver.url("/flaky"))).status_code == 201
        await exact.request("POST", f"/api/v1/{exact.division}/crm/Accounts", json={"Name": "R"})
        await receiver.wait_for("/flaky", 3)
        await settle(state)
        attempts = receiver.notifications("/flaky")
        assert len(attempts) == 3
        assert len({a.body for a in attempts}) == 1  # the same notification each time
        verify(attempts[2], exact.app.webhook_secret)
        log = [e for e in state.webhooks.dispatcher.log if e.kind == "notification"]
        assert [(e.attempt, e.status, e.result) for e in log] == [
            (1, 500, "retrying"), (2, 503, "retrying"), (3, 200, "delivered")
        ]  # fmt: skip
        assert (log[1].time - log[0].time).total_seconds() >= 2 * minute
        assert (log[2].time - log[1].time).total_seconds() >= 4 * minute


async def test_create_action_knob(config: EmulatorConfig, receiver: Receiver) -> None:
    settings = WebhookSettings(create_action="Create", public_url="https://start.exactonline.be")
    state = build_state(replace(config, webhooks=settings), SystemClock())
    async with connect(state) as exact, state.webhooks.running():
        assert (await subscribe(exact, receiver.url("/knob"))).status_code == 201
        await exact.request("POST", f"/api/v1/{exact.division}/crm/Accounts", json={"Name": "K"})
        await settle(state)
        (note,) = receiver.notifications("/knob")
        content = verify(note, exact.app.webhook_secret)
        assert content["Action"] == "Create"
        assert content["ExactOnlineEndpoint"].startswith(
            f"https://start.exactonline.be/api/v1/{exact.division}/crm/Accounts(guid'"
        )


async def test_a_reset_forgets_subscriptions(
    exact: EmulatorClient, state: EmulatorState, receiver: Receiver
) -> None:
    assert (await subscribe(exact, receiver.url("/reset"))).status_code == 201
    assert len(state.webhooks.index) == 1
    state.reset()  # the data, subscriptions included, is generated anew
    assert len(state.webhooks.index) == 0
    await exact.request("POST", f"/api/v1/{exact.division}/crm/Accounts", json={"Name": "N"})
    assert state.webhooks.dispatcher.pending == 0


async def test_subscriptions_kept_in_a_state_file_notify_after_a_restart(
    config: EmulatorConfig, receiver: Receiver, tmp_path: Path
) -> None:
    stored = replace(config, state_path=tmp_path / "exact.sqlite")
    first = build_state(stored, SystemClock())
    async with connect(first) as exact:
        assert (await subscribe(exact, receiver.url("/restart"))).status_code == 201
    restarted = build_state(stored, SystemClock())
    assert len(restarted.webhooks.index) == 1
    async with connect(restarted) as exact, restarted.webhooks.running():
        await exact.request("POST", f"/api/v1/{exact.division}/crm/Accounts", json={"Name": "R"})
        await settle(restarted)
        (note,) = receiver.notifications("/restart")
        content = verify(note, exact.app.webhook_secret)
        assert content["ExactOnlineEndpoint"].startswith("https://start.exactonline.nl/api/v1/")


def test_the_served_app_delivers_from_its_lifespan(
    config: EmulatorConfig, receiver: Receiver
) -> None:
    """Over real sockets both ways; the dispatcher is started by the app's lifespan."""
    auto = replace(config, auto_consent=True)
    state = build_state(auto, SystemClock())
    app = auto.apps[0]
    with (
        serve_in_thread(create_app(state=state), lifespan="on") as port,
        httpx.Client(base_url=f"http://127.0.0.1:{port}") as http,
    ):
        consent = http.get(
            "/api/oauth2/auth",
            params={"client_id": app.client_id, "redirect_uri": app.redirect_uri,
                    "response_type": "code"},
        )  # fmt: skip
        code = parse_qs(urlparse(consent.headers["location"]).query)["code"][0]
        token = http.post(
            "/api/oauth2/token",
            data={"grant_type": "authorization_code", "code": code, "client_id": app.client_id,
                  "client_secret": app.client_secret, "redirect_uri": app.redirect_uri},
        ).json()["access_token"]  # fmt: skip
        http.headers.update({"Authorization": f"Bearer {token}", "Accept": "application/json"})
        division = next(iter(state.store.divisions))
        created = http.post(
            f"/api/v1/{division}/{SUBSCRIPTIONS}",
            json={"CallbackURL": receiver.url("/served"), "Topic": "Accounts"},
        )
        assert created.status_code == 201, created.text
        account = http.post(f"/api/v1/{division}/crm/Accounts", json={"Name": "Served"})
        key = account.json()["d"]["ID"]
        deadline = time.monotonic() + 10  # poll the admin log until the delivery settled
        while True:
            log = http.get("/__emulator/webhooks/deliveries").json()
            if len(log["deliveries"]) == 2 and not log["pending"] and not log["in_flight"]:
                break
            assert time.monotonic() < deadline, f"no delivery within 10 s: {log}"
            time.sleep(0.005)
        assert [e["result"] for e in log["deliveries"]] == ["validated", "delivered"]
        (note,) = receiver.notifications("/served")
        content = verify(note, app.webhook_secret)
        assert content["ExactOnlineEndpoint"] == (
            f"http://127.0.0.1:{port}/api/v1/{division}/crm/Accounts(guid'{key}')"
        )
        last = http.get("/__emulator/webhooks/deliveries", params={"limit": "1"}).json()
        assert last["deliveries"] == log["deliveries"][-1:] and last["in_flight"] == 0


async def _first_key(exact: EmulatorClient, path: str, key: str, condition: str) -> str:
    response = await exact.get(
        f"/api/v1/{exact.division}/{path}", params={"$filter": condition, "$top": "1"}
    )
    rows = response.json()["d"]
    value: str = (rows["results"] if isinstance(rows, dict) else rows)[0][key]
    return value


@asynccontextmanager
async def _other_app(state: EmulatorState) -> AsyncIterator[EmulatorClient]:
    """A client of the second registered app, consented to every division."""
    transport = httpx.ASGITransport(app=create_app(state=state))
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as http:
        code = await authorize_code(http, OTHER_APP, list(state.store.divisions))
        token = (await exchange(http, OTHER_APP, code)).json()
        yield EmulatorClient(http, state, OTHER_APP, token)
