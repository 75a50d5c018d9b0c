"""The notification body and its HashCode, checked the way receivers verify them.

The receiver side follows picqer's webhook authentication: capture the raw text between
`{"Content":` and `,"HashCode":"…"}` with a regular expression, HMAC-SHA256 it with the
app's secret and compare the upper-case hex digest in constant time (facts 7.5).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from datetime import datetime

from exactbridge.emulator.webhooks.payload import build_notification, event_time, sign

SECRET = "whsec-test"
ENVELOPE = re.compile(rb'^\{"Content":(?P<content>\{.*\}),"HashCode":"(?P<hash>[^"]*)"\}$')
KEY = "19cee073-095e-46d1-8d2d-f3fc97ba5bc1"
CLIENT = "63824703-cf5c-4143-be7d-db3113b83b0e"
ENDPOINT = f"https://start.exactonline.be/api/v1/441609/salesorder/SalesOrders(guid'{KEY}')"


def _notification(secret: str = SECRET) -> bytes:
    return build_notification(
        secret=secret,
        topic="SalesOrders",
        client_id=CLIENT,
        division=441609,
        action="Update",
        key=KEY,
        endpoint=ENDPOINT,
        created_local=datetime(2020, 1, 6, 16, 26, 8, 587000),
    ).body


def verify(body: bytes, secret: str, encode: str = "upper") -> bool:
    """Recipient-side check over the raw Content substring."""
    match = ENVELOPE.match(body)
    if match is None:
        return False
    digest = hmac.new(secret.encode(), match["content"], hashlib.sha256)
    expected = {
        "upper": digest.hexdigest().upper(),
        "lower": digest.hexdigest(),
        "base64": base64.b64encode(digest.digest()).decode(),
    }[encode]
    return hmac.compare_digest(expected.encode(), match["hash"])


def test_body_is_compact_json_in_exacts_field_order() -> None:
    body = _notification()
    assert body.startswith(
        b'{"Content":{"Topic":"SalesOrders","ClientId":"63824703-cf5c-4143-be7d-db3113b83b0e",'
        b'"Division":441609,"Action":"Update","Key":"19cee073-095e-46d1-8d2d-f3fc97ba5bc1",'
        b'"ExactOnlineEndpoint":"https://start.exactonline.be/api/v1/441609/salesorder/'
        b"SalesOrders(guid'19cee073-095e-46d1-8d2d-f3fc97ba5bc1')\","
        b'"EventCreatedOn":"2020-01-06T16:26:08.587"},"HashCode":"'
    )
    parsed = json.loads(body)
    assert list(parsed) == ["Content", "HashCode"]
    assert list(parsed["Content"]) == [
        "Topic", "ClientId", "Division", "Action", "Key", "ExactOnlineEndpoint", "EventCreatedOn"
    ]  # fmt: skip
    assert b": " not in body and b", " not in body


def test_hash_code_is_upper_hex_hmac_sha256_of_the_raw_content() -> None:
    body = _notification()
    hash_code = json.loads(body)["HashCode"]
    assert re.fullmatch("[0-9A-F]{64}", hash_code)
    assert verify(body, SECRET)
    content = ENVELOPE.match(body)["content"]  # type: ignore[index]
    assert hash_code == sign(SECRET, content.decode())


def test_lower_hex_base64_and_other_secrets_do_not_verify() -> None:
    body = _notification()
    assert not verify(body, SECRET, "lower")
    assert not verify(body, SECRET, "base64")
    assert not verify(body, "another-secret")
    assert verify(_notification("another-secret"), "another-secret")


def test_re_encoded_content_is_not_what_was_signed() -> None:
    """Why receivers must HMAC the raw substring: pretty-printing changes the bytes."""
    body = _notification()
    content = json.loads(body)["Content"]
    pretty = json.dumps(content, indent=1)
    assert sign(SECRET, pretty) != json.loads(body)["HashCode"]


def test_known_answer() -> None:
    """Pins the algorithm: HMAC-SHA256 keyed with the secret, upper-case hex."""
    expected = hmac.new(b"key", b"The quick brown fox jumps over the lazy dog", "sha256")
    assert expected.hexdigest() == (
        "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
    )  # RFC 4231-style public test vector
    assert sign("key", "The quick brown fox jumps over the lazy dog") == (
        "F7BC83F430538424B13298E6AA6FB143EF4D59A14946175997479DBC2D1A3CD8"
    )


def test_event_time_is_local_iso_with_milliseconds_and_no_offset() -> None:
    assert event_time(datetime(2020, 1, 6, 16, 26, 8, 587654)) == "2020-01-06T16:26:08.587"
    assert event_time(datetime(2026, 6, 25, 16, 0)) == "2026-06-25T16:00:00.000"
