"""`GET /docs/SysAttachment.aspx?ID=…&_Division_=…[&Download=1]`: a document attachment's file.

This is where `documents/DocumentAttachments.Url` points. Exact serves the file to callers
that send the same Bearer token as for the API (facts 8.16, E17); `Download=1` asks for it
as a download (`Content-Disposition: attachment`), without it the file is shown inline. A
caller without a valid token, outside the consented divisions, or asking for an unknown
file gets one and the same answer, Exact's page saying the data cannot be found or the
user has no rights to it, so a probe learns nothing about which files exist. Downloads are
not API calls and are not counted against the rate limits.
"""

from __future__ import annotations

import mimetypes
from typing import Final
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from exactbridge.emulator.problems import ExactProblem
from exactbridge.emulator.state import EmulatorState
from exactbridge.exact import find_entity

__all__ = ["download_attachment"]

_NOT_FOUND: Final = (
    "<!DOCTYPE html><html><head><title>Exact Online</title></head><body>"
    "<p>The data cannot be found or you do not have the rights to see it.</p>"
    "</body></html>"
)


def _param(request: Request, name: str) -> str:
    wanted = name.lower()
    return next((v for k, v in request.query_params.items() if k.lower() == wanted), "")


def _disposition(kind: str, file_name: str) -> str:
    ascii_name = file_name.encode("ascii", errors="replace").decode("ascii").replace('"', "'")
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(file_name)}"


async def download_attachment(request: Request, state: EmulatorState) -> Response:
    """Serve an attachment's bytes to an authorized caller; anything else is 'not found'."""
    try:
        token = state.oauth.authenticate(request.headers.get("authorization"))
    except ExactProblem:
        return HTMLResponse(_NOT_FOUND, 404)
    code = _param(request, "_Division_")
    key = _param(request, "ID").strip().lower()
    division = state.store.divisions.get(int(code)) if code.isdigit() else None
    spec = find_entity("documents/DocumentAttachments")
    assert spec is not None
    row = division.table(spec).get(key) if division is not None else None
    content = division.files.get(key) if division is not None else None
    if row is None or content is None or division is None or division.code not in token.divisions:
        return HTMLResponse(_NOT_FOUND, 404)
    file_name = str(row.get("FileName") or "attachment")
    media_type = mimetypes.guess_type(file_name)[0] or "application/octet-stream"
    kind = "attachment" if _param(request, "Download") == "1" else "inline"
    headers = {"Content-Disposition": _disposition(kind, file_name)}
    return Response(content, media_type=media_type, headers=headers)
