"""The bodies and headers of injected error responses, as Exact and its front ends send them.

- 5xx: Exact's JSON error body with its generic text (`A problem has occurred. …`), or
  the plain-text status line a gateway answers with.
- HTML: an ASP.NET runtime-error page (500), an IIS "Service Unavailable" page (503), or
  the "Object moved" login redirect page Exact has answered API calls with (as a 500).
- expect100: the JSON 500 Exact answers some `Expect: 100-continue` POSTs with.
- storm: 429 with only the minutely headers, remaining 0, reset a few seconds ahead.
"""

from __future__ import annotations

from typing import Final
from urllib.parse import quote

from exactbridge.emulator.faults.plan import InjectedError
from exactbridge.emulator.problems import ExactProblem
from exactbridge.wire import dumps

__all__ = ["GENERIC_PROBLEM", "InjectedResponse", "error_response"]

GENERIC_PROBLEM: Final = (
    "A problem has occurred. The cause of this issue will be investigated as soon as possible."
)
_JSON: Final = "application/json; charset=utf-8"
_TEXT: Final = "text/plain; charset=utf-8"
_HTML: Final = "text/html; charset=utf-8"
_REASONS: Final = {
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}

_RUNTIME_ERROR: Final = """<!DOCTYPE html>
<html>
<head><title>Runtime Error</title></head>
<body bgcolor="white">
<span><h1>Server Error in '/' Application.<hr width=100% size=1 color=silver></h1>
<h2><i>Runtime Error</i></h2></span>
<font face="Arial, Helvetica, Geneva, SunSans-Regular, sans-serif ">
<b>Description:</b> An application error occurred on the server.
</font>
</body>
</html>
"""
_UNAVAILABLE: Final = """<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN""http://www.w3.org/TR/html4/strict.dtd">
<HTML><HEAD><TITLE>Service Unavailable</TITLE>
<META HTTP-EQUIV="Content-Type" Content="text/html; charset=us-ascii"></HEAD>
<BODY><h2>Service Unavailable</h2>
<hr><p>HTTP Error 503. The service is unavailable.</p>
</BODY></HTML>
"""
_OBJECT_MOVED: Final = """<html><head><title>Object moved</title></head><body>
<h2>Object moved to <a href="/docs/Login.aspx?ReturnUrl={return_url}">here</a>.</h2>
</body></html>
"""


class InjectedResponse:
    """Status, headers and body of an injected error.

    Attributes:
        status: HTTP status.
        headers: response headers, content type included (no Content-Length).
        body: the encoded body.
    """

    def __init__(self, status: int, media_type: str, body: str, headers: dict[str, str]) -> None:
        self.status = status
        self.body = body.encode("utf-8")
        self.headers = {"Content-Type": media_type, **headers}


def error_response(
    error: InjectedError,
    *,
    path: str,
    rate_headers: dict[str, str],
    storm_reset_ms: int,
    minutely_limit: int,
) -> InjectedResponse:
    """The response for `error` on a request to `path`.

    Args:
        error: the decided error.
        path: the request path (the "Object moved" page points back at it).
        rate_headers: the six rate-limit headers as they stand, for division-scoped calls
            (sent on JSON errors as Exact does; empty otherwise).
        storm_reset_ms: epoch milliseconds a storm's 429 names as the minutely reset.
        minutely_limit: the configured calls per minute, for a storm's headers.
    """
    if error.kind == "storm":
        headers = {
            "X-RateLimit-Minutely-Limit": str(minutely_limit),
            "X-RateLimit-Minutely-Remaining": "0",
            "X-RateLimit-Minutely-Reset": str(storm_reset_ms),
        }
        return InjectedResponse(429, _JSON, _exact_body("Too Many Requests"), headers)
    if error.kind == "html":
        page = (_RUNTIME_ERROR, _UNAVAILABLE, _OBJECT_MOVED)[error.variant % 3]
        return InjectedResponse(
            error.status, _HTML, page.replace("{return_url}", quote(path, "")), {}
        )
    if error.kind == "5xx" and error.variant == 1:
        return InjectedResponse(error.status, _TEXT, _REASONS[error.status], {})
    return InjectedResponse(error.status, _JSON, _exact_body(GENERIC_PROBLEM), rate_headers)


def _exact_body(message: str) -> str:
    return dumps(ExactProblem(500, message).body())
