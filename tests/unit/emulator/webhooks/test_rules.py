"""Which callback URLs a subscription may name: HTTPS, or plain HTTP on loopback only."""

from __future__ import annotations

import pytest

from exactbridge.emulator.entities.webhooks import callback_allowed


@pytest.mark.parametrize(
    "url",
    [
        "https://hooks.example.com/exact",
        "https://127.0.0.1:8443/x",
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://[::1]:9000/hook",
        " https://hooks.example.com/padded ",
    ],
)
def test_allowed(url: str) -> None:
    assert callback_allowed(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.example.com/exact",
        "http://127.0.0.2/hook",
        "http://localhost.example.com/hook",
        "ftp://localhost/hook",
        "https:///no-host",
        "hooks.example.com/exact",
        "",
        "http://[::1/broken",
    ],
)
def test_refused(url: str) -> None:
    assert not callback_allowed(url)
