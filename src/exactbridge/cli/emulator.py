"""`exactbridge emulator`: run a local Exact Online for development and tests."""

from __future__ import annotations

import gc
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console

from exactbridge.emulator.app import create_app
from exactbridge.emulator.clock import SystemClock
from exactbridge.emulator.config import (
    DEFAULT_APP,
    EmulatorConfig,
    RateLimits,
    WebhookSettings,
    load_apps_file,
    parse_app_option,
)
from exactbridge.emulator.faults import EXAMPLE, parse_faults
from exactbridge.emulator.server import bind_socket, serve
from exactbridge.emulator.state import EmulatorState, build_state
from exactbridge.errors import ConfigurationError

__all__ = ["emulator", "print_banner"]

_console = Console()


def emulator(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on (0 picks a free one).")] = 8765,
    tls_cert: Annotated[
        Path | None, typer.Option(help="PEM certificate: serve HTTPS (needs --tls-key).")
    ] = None,
    tls_key: Annotated[Path | None, typer.Option(help="PEM private key of --tls-cert.")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the generated data.")] = 1,
    size: Annotated[str, typer.Option(help="Data per division: small, medium or large.")] = "small",
    divisions: Annotated[int, typer.Option(min=1, max=50, help="Number of divisions.")] = 2,
    app: Annotated[
        list[str] | None,
        typer.Option(
            "--app",
            help="Register an app: CLIENT_ID:SECRET:REDIRECT_URI (client id a GUID); "
            "append |WEBHOOK_SECRET to set its webhook secret. Repeatable.",
        ),
    ] = None,
    config_file: Annotated[
        Path | None, typer.Option("--config", help="TOML file with [[apps]] tables.")
    ] = None,
    auto_consent: Annotated[
        bool, typer.Option(help="Grant every division at once; no consent page.")
    ] = False,
    minutely_limit: Annotated[int, typer.Option(min=1, help="Calls per minute window.")] = 60,
    daily_limit: Annotated[int, typer.Option(min=1, help="Calls per UTC day.")] = 5000,
    minute_seconds: Annotated[
        float, typer.Option(min=0.1, help="Length of the 'minute' window, to compress time.")
    ] = 60.0,
    error_budget: Annotated[
        int, typer.Option(min=0, help="4xx per hour per endpoint before a 1-hour block (0: off).")
    ] = 0,
    token_seconds: Annotated[
        int,
        typer.Option(
            min=2,
            help="Access-token lifetime (Exact: 600); the earliest refresh scales "
            "with it (570/600). For tests and benchmarks only.",
        ),
    ] = 600,
    language: Annotated[str, typer.Option(help="User language and error texts: en or nl.")] = "en",
    state: Annotated[
        Path | None,
        typer.Option(help="SQLite file that keeps the data across restarts (default: memory)."),
    ] = None,
    faults: Annotated[
        str,
        typer.Option(
            help="Inject faults into /api/v1 calls: comma-separated key=value items: "
            "seed=N, 5xx=P, storm=P:N[:RESET], latency=D|D1-D2, reset=P, slow=P:D, html=P, "
            "expect100=P, token=0|1 (P a probability, D a duration like 80ms or 2s). "
            f"Example: {EXAMPLE}",
        ),
    ] = "",
    admin_token: Annotated[
        str,
        typer.Option(
            envvar="EXACTBRIDGE_EMULATOR_ADMIN_TOKEN",
            show_default=False,
            help="Require 'Authorization: Bearer TOKEN' on the admin surface /__emulator/.",
        ),
    ] = "",
    webhook_minute_seconds: Annotated[
        float,
        typer.Option(min=0.001, help="Length of a 'minute' of the webhook retry back-off."),
    ] = 60.0,
    webhook_retries: Annotated[
        int, typer.Option(min=0, help="Retries of a failed webhook delivery (2^n minutes apart).")
    ] = 10,
    webhook_create_action: Annotated[
        str, typer.Option(help="Webhook Action for new records: Update (default) or Create.")
    ] = "Update",
    webhook_timeout: Annotated[
        float, typer.Option(min=0.1, help="Seconds to wait for a webhook callback.")
    ] = 5.0,
    webhook_public_url: Annotated[
        str,
        typer.Option(
            show_default=False,
            help="Scheme and host for ExactOnlineEndpoint in webhook notifications "
            "(default: the host the subscription was created through).",
        ),
    ] = "",
) -> None:
    """Run the Exact Online emulator: OAuth, the REST API, rate limits and seeded data.

    Besides Exact's API it serves an admin surface under /__emulator/ (not part of Exact):
    change records as a user would, NDJSON exports and checksums of the data, reset,
    counters, and fault injection and limits changed at run time. GET /__emulator/ lists it.
    """
    try:
        config = _config(
            seed=seed, size=size, divisions=divisions, apps=app or [], config_file=config_file,
            auto_consent=auto_consent, limits=RateLimits(
                minutely=minutely_limit, daily=daily_limit, minute_seconds=minute_seconds,
                error_budget=error_budget,
            ), language=language, state_path=state,
        )  # fmt: skip
        config = replace(
            config, faults=parse_faults(faults), admin_token=admin_token,
            token_seconds=token_seconds,
        )  # fmt: skip
        config = replace(config, webhooks=_webhook_settings(
            webhook_create_action, retries=webhook_retries, minute_seconds=webhook_minute_seconds,
            timeout=webhook_timeout, public_url=webhook_public_url,
        ))  # fmt: skip
        sock = bind_socket(host, port)
        emulator_state = build_state(config, SystemClock())
        # The seeded data lives as long as the process: keep the collector from walking it
        # again and again while requests allocate (a large dataset is millions of objects).
        gc.freeze()
        scheme = "https" if tls_cert else "http"
        bound_port = sock.getsockname()[1]
        url = f"{scheme}://{host}:{bound_port}"
        serve(
            create_app(state=emulator_state),
            sock,
            tls_cert=tls_cert,
            tls_key=tls_key,
            on_started=lambda: print_banner(
                emulator_state, url, default_app=not (app or config_file)
            ),
        )
    except ConfigurationError as exc:
        _console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        pass


def _webhook_settings(
    create_action: str, *, retries: int, minute_seconds: float, timeout: float, public_url: str
) -> WebhookSettings:
    if create_action not in ("Update", "Create"):
        msg = f"--webhook-create-action must be Update or Create, not {create_action!r}"
        raise ConfigurationError(msg)
    if public_url and not public_url.startswith(("http://", "https://")):
        msg = f"--webhook-public-url must be an http(s) URL, not {public_url!r}"
        raise ConfigurationError(msg)
    action: Literal["Update", "Create"] = create_action  # type: ignore[assignment]
    return WebhookSettings(
        create_action=action,
        retries=retries,
        minute_seconds=minute_seconds,
        timeout=timeout,
        public_url=public_url.rstrip("/") or None,
    )


def _config(
    *,
    seed: int,
    size: str,
    divisions: int,
    apps: list[str],
    config_file: Path | None,
    auto_consent: bool,
    limits: RateLimits,
    language: str,
    state_path: Path | None,
) -> EmulatorConfig:
    if size not in ("small", "medium", "large"):
        msg = f"--size must be small, medium or large, not {size!r}"
        raise ConfigurationError(msg)
    if language not in ("en", "nl"):
        msg = f"--language must be en or nl, not {language!r}"
        raise ConfigurationError(msg)
    registered = [parse_app_option(text) for text in apps]
    if config_file is not None:
        registered.extend(load_apps_file(config_file))
    size_value: Literal["small", "medium", "large"] = size  # type: ignore[assignment]
    lang: Literal["en", "nl"] = language  # type: ignore[assignment]
    return EmulatorConfig(
        apps=tuple(registered) or (DEFAULT_APP,),
        limits=limits,
        seed=seed,
        divisions=divisions,
        size=size_value,
        auto_consent=auto_consent,
        language=lang,
        state_path=state_path,
    )


def print_banner(state: EmulatorState, url: str, *, default_app: bool) -> None:
    """Tell the user where the emulator listens and how to connect to it."""
    console = _console
    console.print(f"[bold green]Exact Online emulator[/bold green] listening on [bold]{url}[/bold]")
    for registered in state.config.apps:
        console.print(f"  app client_id     {registered.client_id}")
        if default_app:
            console.print(f"      client_secret {registered.client_secret}  (default app)")
        console.print(f"      redirect_uri  {registered.redirect_uri}")
    for code, division in state.store.divisions.items():
        console.print(f"  division {code}  {division.info.get('Description')}")
    console.print(
        f"  authorize at {url}/api/oauth2/auth?client_id=…&redirect_uri=…&response_type=code"
    )
    guarded = " (admin token required)" if state.config.admin_token else ""
    console.print(f"  admin surface {url}/__emulator/{guarded}", markup=False)
    if state.config.faults.active:
        console.print(f"  injecting faults {state.config.faults}", markup=False)
    console.print("Press Ctrl-C to stop.")
