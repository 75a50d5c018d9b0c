"""HTTP endpoints of Exact's OAuth flow: the consent page and the token endpoint.

`GET /api/oauth2/auth` shows the user's divisions to grant (all ticked); submitting the
form, or `--auto-consent`, redirects to the app's redirect URI with `code` and `state`.
`POST /api/oauth2/token` takes form-encoded fields, with the client credentials either in
the body or as HTTP Basic.
"""

from __future__ import annotations

import base64
import binascii
from html import escape
from urllib.parse import parse_qs, urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from exactbridge.emulator.config import AppRegistration
from exactbridge.emulator.problems import OAuthProblem
from exactbridge.emulator.state import EmulatorState

__all__ = ["authorize", "consent", "token"]

_FORM = "application/x-www-form-urlencoded"


async def authorize(request: Request, state: EmulatorState) -> Response:
    """`GET /api/oauth2/auth`: validate the request, then show consent or redirect."""
    params = request.query_params
    try:
        app = state.oauth.check_authorize_request(
            params.get("client_id", ""), params.get("redirect_uri", "")
        )
    except OAuthProblem as problem:
        return _error_page(problem)
    if params.get("response_type", "code") != "code":
        return _redirect(app, {"error": "unsupported_response_type"}, params.get("state"))
    if state.config.auto_consent:
        code = state.oauth.issue_code(app, frozenset(state.store.divisions))
        return _redirect(app, {"code": code}, params.get("state"))
    return HTMLResponse(_consent_page(state, app, params.get("state") or ""))


async def consent(request: Request, state: EmulatorState) -> Response:
    """`POST /api/oauth2/auth`: the consent form was submitted."""
    form = await _form(request)
    try:
        app = state.oauth.check_authorize_request(
            _first(form, "client_id"), _first(form, "redirect_uri")
        )
    except OAuthProblem as problem:
        return _error_page(problem)
    state_param = _first(form, "state") or None
    if _first(form, "decision") != "allow":
        return _redirect(app, {"error": "access_denied"}, state_param)
    chosen = frozenset(
        int(value) for value in form.get("division", []) if value.isdigit()
    ) & frozenset(state.store.divisions)
    if not chosen:
        return _redirect(app, {"error": "access_denied"}, state_param)
    return _redirect(app, {"code": state.oauth.issue_code(app, chosen)}, state_param)


async def token(request: Request, state: EmulatorState) -> Response:
    """`POST /api/oauth2/token`: exchange a code or a refresh token."""
    try:
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type != _FORM:
            raise OAuthProblem(400, "invalid_request", "The request must be form-encoded.")
        form = await _form(request)
        fields = {key: values[0] for key, values in form.items()}
        return JSONResponse(state.oauth.token(fields, _basic(request)))
    except OAuthProblem as problem:
        return JSONResponse(problem.body(), problem.status)


async def _form(request: Request) -> dict[str, list[str]]:
    """The url-encoded form body (the only form encoding Exact's OAuth endpoints take)."""
    body = (await request.body()).decode("utf-8", errors="replace")
    return parse_qs(body, keep_blank_values=True)


def _first(form: dict[str, list[str]], name: str) -> str:
    values = form.get(name)
    return values[0] if values else ""


def _basic(request: Request) -> tuple[str, str] | None:
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        client_id, _, secret = base64.b64decode(encoded).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        raise OAuthProblem(400, "invalid_request") from None
    return client_id, secret


def _redirect(app: AppRegistration, params: dict[str, str], state: str | None) -> Response:
    if state:
        params = params | {"state": state}
    separator = "&" if "?" in app.redirect_uri else "?"
    return RedirectResponse(f"{app.redirect_uri}{separator}{urlencode(params)}", 302)


def _error_page(problem: OAuthProblem) -> Response:
    text = escape(problem.description or problem.error)
    return HTMLResponse(
        f"<!doctype html><title>Exact Online</title><h1>Authorization failed</h1><p>{text}</p>",
        problem.status,
    )


def _consent_page(state: EmulatorState, app: AppRegistration, state_param: str) -> str:
    user = state.store.user
    rows = "".join(
        '<li><label><input type="checkbox" name="division" '
        f'value="{code}" checked> {code} - {escape(str(division.info.get("Description")))}'
        "</label></li>"
        for code, division in state.store.divisions.items()
    )
    hidden = "".join(
        f'<input type="hidden" name="{name}" value="{escape(value, quote=True)}">'
        for name, value in (
            ("client_id", app.client_id),
            ("redirect_uri", app.redirect_uri),
            ("state", state_param),
        )
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Exact Online - Authorize app</title>
<style>body{{font-family:sans-serif;max-width:40rem;margin:3rem auto}}li{{list-style:none}}</style>
</head><body>
<h1>Exact Online emulator</h1>
<p>Signed in as <strong>{escape(str(user.get("FullName")))}</strong>
({escape(str(user.get("Email")))}).</p>
<p>The app <code>{escape(app.client_id)}</code> asks for access to your administrations.
Choose the divisions it may use:</p>
<form method="post" action="/api/oauth2/auth">{hidden}
<ul>{rows}</ul>
<button type="submit" name="decision" value="allow" id="allow">Authorize</button>
<button type="submit" name="decision" value="deny" id="deny">Deny</button>
</form></body></html>"""
