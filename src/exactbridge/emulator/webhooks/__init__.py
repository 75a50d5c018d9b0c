"""Exact's webhooks, emulated: subscriptions, signed notifications and their delivery.

- `subscriptions`: who listens to which topic in which division, and the create flow with
  the validation POST to the callback URL.
- `topics`: which notifications one store change causes (lines notify their header).
- `payload`: the notification body and its `HashCode` signature.
- `delivery`: the dispatcher, a state machine of deliveries with 2^n-minute retries.
- `sender`: the HTTP seam (httpx with an injectable transport).
- `service`: ties them to the store, the configuration and the event loop.
- `admin`: `GET /__emulator/webhooks/deliveries`.

This package imports nothing at import time so that entity behaviours can import
`exactbridge.exact.webhooks` without a cycle; import the modules themselves.
"""

from __future__ import annotations
