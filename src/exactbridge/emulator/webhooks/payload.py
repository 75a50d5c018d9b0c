"""The body of a webhook notification, byte for byte as Exact sends it (facts 7.4, 7.5).

    {"Content":{"Topic":"Accounts","ClientId":"…","Division":123,"Action":"Update",
    "Key":"…","ExactOnlineEndpoint":"https://…/api/v1/123/crm/Accounts(guid'…')",
    "EventCreatedOn":"2020-01-06T16:26:08.587"},"HashCode":"3ACB…"}

Compact JSON in exactly that field order. `HashCode` is the upper-case hex HMAC-SHA256 of
the raw text of the `Content` object (from its `{` to the matching `}`), keyed with the
app's webhook secret. Receivers verify it over the raw substring, never over re-encoded
JSON, so the text signed here must be the text sent: the body is assembled around it.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from exactbridge.wire import dumps

__all__ = ["Notification", "build_notification", "event_time", "sign"]

Action = Literal["Create", "Update", "Delete"]


@dataclass(frozen=True, slots=True)
class Notification:
    """One notification, ready to POST.

    Attributes:
        content: the raw JSON text of `Content`, as signed.
        hash_code: the signature of `content`.
        body: the whole request body (UTF-8).
    """

    content: str
    hash_code: str
    body: bytes


def sign(secret: str, content: str) -> str:
    """Upper-case hex HMAC-SHA256 of `content` keyed with `secret` (64 characters)."""
    digest = hmac.new(secret.encode("utf-8"), content.encode("utf-8"), hashlib.sha256)
    return digest.hexdigest().upper()


def event_time(local: datetime) -> str:
    """`EventCreatedOn`: Amsterdam wall-clock time, milliseconds, no offset."""
    return local.replace(tzinfo=None).isoformat(timespec="milliseconds")


def build_notification(
    *,
    secret: str,
    topic: str,
    client_id: str,
    division: int,
    action: Action,
    key: Any,
    endpoint: str,
    created_local: datetime,
) -> Notification:
    """Assemble and sign one notification.

    Args:
        secret: the app's webhook secret.
        topic: the subscription's topic.
        client_id: the app's client id (lower-case GUID).
        division: the division the change happened in.
        action: `Update`, `Delete` (or `Create`, when configured for inserts).
        key: key of the changed record (a GUID string; `EntryID` for bookings).
        endpoint: absolute URL of the record.
        created_local: when the event happened, Amsterdam wall-clock time.
    """
    content = dumps(
        {
            "Topic": topic,
            "ClientId": client_id,
            "Division": division,
            "Action": action,
            "Key": key,
            "ExactOnlineEndpoint": endpoint,
            "EventCreatedOn": event_time(created_local),
        }
    )
    hash_code = sign(secret, content)
    body = f'{{"Content":{content},"HashCode":"{hash_code}"}}'
    return Notification(content, hash_code, body.encode("utf-8"))
