"""`exactbridge demo`: start the emulator and walk through Exact's flow against it.

Until the sync engine lands, the demo shows what exactbridge is built on: a real OAuth
code grant (consent page, code, token), `current/Me`, the division list, and paging
through every account of every division by following `__next`, with the rate-limit
headers Exact sends. Each step prints the equivalent curl command.
"""

from __future__ import annotations

import contextlib
import threading
import time
from typing import Annotated, Any
from urllib.parse import parse_qs, urlencode, urlparse

import httpx
import typer
import uvicorn
from rich.console import Console
from rich.progress import Progress

from exactbridge.emulator.app import create_app
from exactbridge.emulator.clock import SystemClock
from exactbridge.emulator.config import DEFAULT_APP, EmulatorConfig
from exactbridge.emulator.server import bind_socket
from exactbridge.emulator.state import build_state

__all__ = ["demo"]

_console = Console()


def demo(
    serve: Annotated[
        bool, typer.Option(help="Keep the emulator running after the walk-through.")
    ] = True,
    port: Annotated[int, typer.Option(help="Emulator port (0 picks a free one).")] = 0,
    divisions: Annotated[int, typer.Option(min=1, max=20, help="Divisions to seed.")] = 2,
) -> None:
    """Start the emulator, connect through the real OAuth flow and page through accounts."""
    state = build_state(EmulatorConfig(divisions=divisions), SystemClock())
    sock = bind_socket("127.0.0.1", port)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    server = uvicorn.Server(uvicorn.Config(create_app(state=state), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    _console.rule(f"Exact Online emulator at {url}")
    with httpx.Client(base_url=url, timeout=30) as http:
        token = _connect(http, url)
        _walk(http, url, token)
    if serve:
        _console.rule("The emulator keeps running; try the curl commands above. Ctrl-C stops it.")
        with contextlib.suppress(KeyboardInterrupt):
            thread.join()
    server.should_exit = True
    thread.join(timeout=5)


def _step(title: str, curl: str) -> None:
    _console.print(f"\n[bold cyan]{title}[/bold cyan]")
    _console.print(f"  [dim]$ {curl}[/dim]")


def _connect(http: httpx.Client, url: str) -> dict[str, Any]:
    app = DEFAULT_APP
    query = urlencode(
        {"client_id": app.client_id, "redirect_uri": app.redirect_uri,
         "response_type": "code", "state": "demo"}
    )  # fmt: skip
    _step("1. The user opens the consent page", f"curl '{url}/api/oauth2/auth?{query}'")
    page = http.get(f"/api/oauth2/auth?{query}")
    page.raise_for_status()
    _console.print("  consent page shown; the user ticks every division and clicks Authorize")
    divisions = [str(code) for code in _division_codes(page.text)]
    consent = http.post(
        "/api/oauth2/auth",
        data={"client_id": app.client_id, "redirect_uri": app.redirect_uri, "state": "demo",
              "decision": "allow", "division": divisions},
    )  # fmt: skip
    location = consent.headers["location"]
    code = parse_qs(urlparse(location).query)["code"][0]
    _console.print(f"  redirected to {location[:60]}…")
    _step(
        "2. The app exchanges the code for tokens",
        f"curl -d grant_type=authorization_code -d code=… -d redirect_uri={app.redirect_uri} "
        f"-d client_id={app.client_id} -d client_secret=… {url}/api/oauth2/token",
    )
    response = http.post(
        "/api/oauth2/token",
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": app.redirect_uri,
              "client_id": app.client_id, "client_secret": app.client_secret},
    )  # fmt: skip
    response.raise_for_status()
    token: dict[str, Any] = response.json()
    _console.print(
        f"  access token {token['access_token'][:12]}… expires in {token['expires_in']} s; "
        f"refresh token {token['refresh_token'][:12]}… (rotates on every refresh)"
    )
    return token


def _division_codes(html: str) -> list[int]:
    marker = 'name="division" value="'
    return [int(part.split('"', 1)[0]) for part in html.split(marker)[1:]]


def _walk(http: httpx.Client, url: str, token: dict[str, Any]) -> None:
    headers = {"Authorization": f"Bearer {token['access_token']}", "Accept": "application/json"}
    auth = "-H 'Authorization: Bearer $TOKEN' -H 'Accept: application/json'"
    _step("3. Who am I, and which division is current?", f"curl {auth} {url}/api/v1/current/Me")
    me = http.get("/api/v1/current/Me", headers=headers).json()["d"]["results"][0]
    _console.print(f"  {me['FullName']} <{me['Email']}>, current division {me['CurrentDivision']}")
    current = me["CurrentDivision"]
    _step(
        "4. Every division the consent reaches",
        f"curl {auth} {url}/api/v1/{current}/system/Divisions",
    )
    listing = http.get(f"/api/v1/{current}/system/Divisions", headers=headers).json()
    codes = [row["Code"] for row in listing["d"]["results"]]
    for row in listing["d"]["results"]:
        _console.print(f"  {row['Code']}  {row['Description']}  ({row['Country'].strip()})")
    select = "$select=ID,Code,Name,City"
    _step(
        "5. Page through the accounts of each division, following __next",
        f"curl {auth} '{url}/api/v1/{codes[0]}/crm/Accounts?{select}'",
    )
    with Progress(console=_console, transient=False) as progress:
        for code in codes:
            task = progress.add_task(f"division {code}", total=None)
            next_url: str | None = f"/api/v1/{code}/crm/Accounts?{select}"
            count = pages = 0
            last: httpx.Response | None = None
            while next_url:
                last = http.get(next_url, headers=headers)
                last.raise_for_status()
                body = last.json()["d"]
                count += len(body["results"])
                pages += 1
                progress.update(task, advance=len(body["results"]))
                next_url = body.get("__next")
            assert last is not None
            remaining = last.headers.get("X-RateLimit-Minutely-Remaining")
            progress.update(
                task,
                description=f"division {code}: {count} accounts in {pages} pages, "
                f"{remaining} calls left this minute",
            )
