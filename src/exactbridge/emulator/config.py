"""Emulator configuration: registered apps, limits, data size and fidelity switches.

Apps come from `--app CLIENT_ID:SECRET:REDIRECT_URI` options or from a TOML file::

    [[apps]]
    client_id = "7d5c1a40-1f57-4c83-9a0e-3c1f8a1d2b6e"
    client_secret = "s3cret"
    redirect_uri = "https://app.example.com/exact/callback"
    webhook_secret = "whsec"          # optional; signs webhook notifications

With no app given, the emulator registers a default app and prints its credentials.
"""

from __future__ import annotations

import tomllib
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from exactbridge.emulator.faults.spec import FaultSpec
from exactbridge.errors import ConfigurationError
from exactbridge.wire import is_guid

__all__ = [
    "DEFAULT_APP",
    "AppRegistration",
    "EmulatorConfig",
    "RateLimits",
    "WebhookSettings",
    "load_apps_file",
    "parse_app_option",
]

Size = Literal["small", "medium", "large"]


@dataclass(frozen=True, slots=True)
class AppRegistration:
    """An app as registered in Exact's App Center.

    Attributes:
        client_id: the app's GUID.
        client_secret: the app's secret.
        redirect_uri: the one redirect URI authorization requests must use.
        webhook_secret: the secret that signs webhook notifications (per app in Exact).
    """

    client_id: str
    client_secret: str
    redirect_uri: str
    webhook_secret: str = ""

    def __repr__(self) -> str:
        return f"AppRegistration(client_id={self.client_id!r}, redirect_uri={self.redirect_uri!r})"


DEFAULT_APP = AppRegistration(
    client_id="5f8a4c2e-9b7d-4e1a-8c3f-2d6b0a9e7f14",
    client_secret="emulator-secret",  # noqa: S106 - a local emulator's published test secret
    redirect_uri="http://127.0.0.1:8080/callback",
    webhook_secret="emulator-webhook-secret",  # noqa: S106
)


@dataclass(frozen=True, slots=True)
class RateLimits:
    """Exact's API limits per (app, division), and the token-endpoint quota.

    Attributes:
        minutely: calls per minute window (Exact: 60).
        daily: calls per day, reset at 00:00 UTC (Exact: 5,000).
        minute_seconds: length of the "minute" window; benchmarks compress time with it.
        token_calls_daily: token-endpoint calls per app and user per day (Exact: 200).
        error_budget: errors (400/401/403/404) per hour per app, division and endpoint
            before the endpoint is blocked for an hour; 0 turns the rule off.
    """

    minutely: int = 60
    daily: int = 5000
    minute_seconds: float = 60.0
    token_calls_daily: int = 200
    error_budget: int = 0


@dataclass(frozen=True, slots=True)
class WebhookSettings:
    """How the emulator delivers webhook notifications (facts 7.4-7.6).

    Attributes:
        create_action: `Action` of the notification for a new record. Exact is only seen
            sending `Update` and `Delete`; whether inserts arrive as `Create` is not
            established, so `Update` is the default and `Create` can be chosen.
        retries: retries after a failed delivery (Exact: 10, over about 34 hours).
        minute_seconds: length of a "minute" of the 2^n-minute back-off; tests and
            benchmarks compress time with it, like `RateLimits.minute_seconds`.
        timeout: seconds to wait for a callback (validation POST and notifications).
        log_size: delivery attempts kept for `GET /__emulator/webhooks/deliveries`.
        public_url: scheme and host for `ExactOnlineEndpoint` (`https://start.exactonline.nl`);
            None uses the host the subscription was created through.
    """

    create_action: Literal["Update", "Create"] = "Update"
    retries: int = 10
    minute_seconds: float = 60.0
    timeout: float = 5.0
    log_size: int = 1000
    public_url: str | None = None


@dataclass(frozen=True, slots=True)
class EmulatorConfig:
    """Everything that shapes one emulator instance.

    Attributes:
        apps: registered apps; the first is the default for `--auto-consent` demos.
        limits: rate limits and quotas.
        seed: seed of the deterministic data generator.
        divisions: number of divisions (administrations) the user can reach.
        size: how much data each division holds.
        auto_consent: `GET /api/oauth2/auth` grants every division at once, no page.
        language: language of the user, and of business-rule error messages (`en`/`nl`).
        validation_status: HTTP status of business-rule errors (Exact mostly uses 500).
        early_refresh_status: status of a refresh before 570 s (observed 400; 401 in 2021).
        token_seconds: access-token lifetime (Exact: 600); the earliest refresh scales with
            it (570/600 of it). Not an Exact setting: tests and benchmarks shorten it to
            cross token expiries on a real clock without waiting ten minutes.
        state_path: SQLite file that keeps the data across restarts; None keeps it in memory.
        deleted_retention_days: how long `sync/Deleted` lists a delete (Exact: two months).
        webhooks: delivery of webhook notifications.
        faults: faults to inject into API calls (`--faults`, see `emulator.faults`).
        admin_token: when set, the admin surface `/__emulator/` requires
            `Authorization: Bearer <admin_token>`; empty leaves it open.
    """

    apps: tuple[AppRegistration, ...] = (DEFAULT_APP,)
    limits: RateLimits = field(default_factory=RateLimits)
    seed: int = 1
    divisions: int = 2
    size: Size = "small"
    auto_consent: bool = False
    language: Literal["en", "nl"] = "en"
    validation_status: int = 500
    early_refresh_status: int = 400
    token_seconds: int = 600
    state_path: Path | None = None
    deleted_retention_days: int = 61
    webhooks: WebhookSettings = field(default_factory=WebhookSettings)
    faults: FaultSpec = field(default_factory=FaultSpec)
    admin_token: str = field(default="", repr=False)

    def app(self, client_id: str) -> AppRegistration | None:
        """The registered app with this client id (case-insensitive), or None."""
        wanted = client_id.lower()
        return next((a for a in self.apps if a.client_id.lower() == wanted), None)


def parse_app_option(text: str) -> AppRegistration:
    """Parse `CLIENT_ID:SECRET:REDIRECT_URI[:WEBHOOK_SECRET]`.

    The redirect URI contains colons itself, so the webhook secret, when given, is
    separated by the last `|` instead: `ID:SECRET:https://x/cb|whsec`.

    Raises:
        ConfigurationError: the text does not have that form or the client id is not a GUID.
    """
    parts = text.split(":", 2)
    if len(parts) != 3 or not all(parts):
        msg = f"--app expects CLIENT_ID:SECRET:REDIRECT_URI (client id a GUID), got {text!r}"
        raise ConfigurationError(msg)
    client_id, secret, rest = parts
    redirect_uri, _, webhook_secret = rest.partition("|")
    return _app(client_id, secret, redirect_uri, webhook_secret, source="--app")


def load_apps_file(path: Path) -> tuple[AppRegistration, ...]:
    """Read `[[apps]]` tables from a TOML file.

    Raises:
        ConfigurationError: the file is missing, not TOML, or an entry is incomplete.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        msg = f"cannot read the emulator config file {path}: {exc.strerror}"
        raise ConfigurationError(msg) from exc
    except tomllib.TOMLDecodeError as exc:
        msg = f"{path} is not valid TOML: {exc}"
        raise ConfigurationError(msg) from exc
    entries = data.get("apps")
    if not isinstance(entries, list) or not entries:
        msg = f"{path} must contain at least one [[apps]] table"
        raise ConfigurationError(msg)
    return tuple(_app_from_table(entry, path) for entry in entries)


def _app_from_table(entry: Any, path: Path) -> AppRegistration:
    if not isinstance(entry, dict):
        msg = f"{path}: every [[apps]] entry must be a table"
        raise ConfigurationError(msg)
    missing = [k for k in ("client_id", "client_secret", "redirect_uri") if not entry.get(k)]
    if missing:
        msg = f"{path}: an [[apps]] entry lacks {', '.join(missing)}"
        raise ConfigurationError(msg)
    return _app(
        str(entry["client_id"]),
        str(entry["client_secret"]),
        str(entry["redirect_uri"]),
        str(entry.get("webhook_secret", "")),
        source=str(path),
    )


def _app(
    client_id: str, secret: str, redirect_uri: str, webhook_secret: str, *, source: str
) -> AppRegistration:
    if not is_guid(client_id):
        example = uuid.UUID(int=0x5F8A4C2E9B7D4E1A8C3F2D6B0A9E7F14)
        msg = f"{source}: client id must be a GUID like {example}, got {client_id!r}"
        raise ConfigurationError(msg)
    if not redirect_uri.startswith(("http://", "https://")):
        msg = f"{source}: redirect URI must be an http(s) URL, got {redirect_uri!r}"
        raise ConfigurationError(msg)
    return AppRegistration(client_id.lower(), secret, redirect_uri, webhook_secret)
