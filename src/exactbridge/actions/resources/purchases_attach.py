"""`bills.attach`: add a file to a bill.

Exact files every purchase entry with a document of its own (`Document`, type 20, made on
create). A bill's files are that document's attachments, so attaching is one upload into
it: a `documents/DocumentAttachments` POST with the file as base64 (`ATTACHMENT_MAP`).

A create can carry a file too: upload it into a document first (a `Document` with its
attachment) and create the bill with `document_id` naming it; Exact then files the bill
with that document instead of making one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Final

from pydantic import Field, TypeAdapter

from exactbridge.actions.resources.purchases_rules import operation_arguments
from exactbridge.errors import InvalidBody
from exactbridge.mappers.attachments import ATTACHMENT_MAP
from exactbridge.model.attachments import Attachment, FileContent

if TYPE_CHECKING:
    from exactbridge.actions import Actions

__all__ = ["ATTACHMENTS_PATH", "attach_to_bill"]

ATTACHMENTS_PATH: Final = ATTACHMENT_MAP.spec.path
_NAME: Final[TypeAdapter[str]] = TypeAdapter(Annotated[str, Field(min_length=1, strict=True)])
_FILE: Final[TypeAdapter[bytes]] = TypeAdapter(Annotated[FileContent, Field(strict=True)])


async def attach_to_bill(
    actions: Actions, division: int, *, bill_id: str, file_name: Any, content: Any
) -> Attachment:
    """Upload `content` as `file_name` into the document of bill `bill_id`.

    Returns:
        The attachment as Exact keeps it (its size and download `url`; no content).

    Raises:
        InvalidBody: the name or the file is wrong (no call was made), or the bill has no
            document to attach to (no upload was made).
        NotFound: no bill has that id.
    """
    given = operation_arguments(
        ATTACHMENTS_PATH, {"file_name": (_NAME, file_name), "content": (_FILE, content)}
    )
    bill = await actions.get("bills", division, bill_id)
    if bill.document_id is None:
        msg = f"bill {bill_id} has no document to attach a file to"
        raise InvalidBody(
            msg, path=ATTACHMENTS_PATH, method="POST", problems={"bill_id": "no document"}
        )
    body = ATTACHMENT_MAP.to_exact({"document_id": bill.document_id, **given}, method="POST")
    created = await actions.client.create(division, ATTACHMENTS_PATH, body)
    return ATTACHMENT_MAP.from_exact(created.raw, division=division)
