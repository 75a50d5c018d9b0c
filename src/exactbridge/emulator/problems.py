"""Errors the emulator answers with, in Exact's own shapes.

REST endpoints answer `{"error":{"code":"","message":{"lang":"","value":"…"}}}`; the token
endpoint answers OAuth-style `{"error":"…","error_description":"…"}`. Handlers raise
`ExactProblem` (or `OAuthProblem`) and the app renders it; nothing else leaks to clients.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["ExactProblem", "OAuthProblem", "query_syntax_error"]


class ExactProblem(Exception):
    """An error response of a REST endpoint.

    Attributes:
        status: HTTP status code.
        message: text for `error.message.value`, as Exact words it.
        headers: extra response headers (for example `Reason` on a 403).
    """

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})

    def body(self) -> dict[str, object]:
        """The JSON body Exact sends for this error."""
        return {"error": {"code": "", "message": {"lang": "", "value": self.message}}}


class OAuthProblem(Exception):
    """An error response of the OAuth token endpoint.

    Attributes:
        status: HTTP status code (400 or 401).
        error: OAuth error code, e.g. `invalid_grant`.
        description: `error_description`, or None to omit it.
    """

    def __init__(self, status: int, error: str, description: str | None = None) -> None:
        super().__init__(description or error)
        self.status = status
        self.error = error
        self.description = description

    def body(self) -> dict[str, str]:
        """The JSON body of this token-endpoint error."""
        body = {"error": self.error}
        if self.description is not None:
            body["error_description"] = self.description
        return body


def query_syntax_error() -> ExactProblem:
    """Exact's answer to a query it cannot parse."""
    return ExactProblem(400, "Error in query syntax.")
