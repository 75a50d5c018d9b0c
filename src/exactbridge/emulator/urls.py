"""The base URL a request arrived at, so one emulator can answer as every region's host.

`X-Forwarded-Proto` and `X-Forwarded-Host` (set by a TLS-terminating proxy) win over the
request's own scheme and `Host` header.
"""

from __future__ import annotations

from typing import Final

from starlette.requests import HTTPConnection

__all__ = ["SITE", "base_url"]

SITE: Final = "https://start.exactonline.nl"
"""The host links stored in rows are written on (attachment downloads, the document viewer).

Such links are rendered on the host each request came to (see `render`), so they follow the
region a client connects to; a row read outside a request shows them on Exact's Dutch host.
"""


def base_url(request: HTTPConnection) -> str:
    """`scheme://host[:port]` as the client addressed the emulator."""
    headers = request.headers
    scheme = headers.get("x-forwarded-proto", "").split(",")[0].strip() or request.url.scheme
    host = (
        headers.get("x-forwarded-host", "").split(",")[0].strip()
        or headers.get("host")
        or request.url.netloc
    )
    return f"{scheme}://{host}"
