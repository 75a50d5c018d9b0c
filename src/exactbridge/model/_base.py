"""The base of every unified record: conventions shared by all resources.

The unified model is what users of Merge, Apideck, Codat and Chift expect: snake_case names,
`id` as the Exact key in text, `division` on every record, money as `Decimal` (serialized in
JSON as a string so no client ever parses it into a binary float), ISO 4217 currency codes,
calendar dates as `date`, instants as aware UTC `datetime` (Exact's Amsterdam wall clock is
converted by the mappers), statuses as lower_snake `StrEnum`s. Records are frozen: a change is
a new record, built by a mapper or by `model_copy(update=...)`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any, Final

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
)

__all__ = [
    "MONEY_PATTERN",
    "CurrencyCode",
    "LineItem",
    "Money",
    "UnifiedModel",
    "UnifiedRecord",
    "UtcDatetime",
]

MONEY_PATTERN: Final = r"^-?\d+(\.\d+)?$"


def _finite(value: Decimal) -> Decimal:
    if not value.is_finite():
        msg = f"money must be a finite number, got {value}"
        raise ValueError(msg)
    return value


Money = Annotated[
    Decimal,
    AfterValidator(_finite),
    PlainSerializer(lambda value: format(value, "f"), return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": MONEY_PATTERN, "format": "decimal"}),
]
"""An amount: `Decimal` in Python, a plain decimal string in JSON (`"1234.50"`)."""


def _to_utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


UtcDatetime = Annotated[AwareDatetime, AfterValidator(_to_utc)]
"""An instant: aware, normalized to UTC; naive datetimes are refused."""

CurrencyCode = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
"""An ISO 4217 currency code (`EUR`)."""


class UnifiedModel(BaseModel):
    """Base of every unified model and value object: frozen, strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class UnifiedRecord(UnifiedModel):
    """A record of one Exact division with the fields every unified resource carries."""

    id: str = Field(description="The Exact key as text (a GUID, or a code for divisions).")
    division: int = Field(description="The Exact division (administration) holding the record.")
    created_at: UtcDatetime | None = Field(
        default=None, description="Exact `Created`, converted from Amsterdam time to UTC."
    )
    modified_at: UtcDatetime | None = Field(
        default=None, description="Exact `Modified`, converted from Amsterdam time to UTC."
    )
    remote_was_deleted: bool = Field(
        default=False, description="True once Exact reported the record deleted (sync/Deleted)."
    )
    custom_fields: dict[str, Any] = Field(
        default_factory=dict,
        description="Exact free fields mapped per connection, by the caller's names.",
    )
    remote_data: dict[str, Any] | None = Field(
        default=None, description="The raw Exact record, only when asked for."
    )


class LineItem(UnifiedModel):
    """A line of a document (invoice, bill, order, quote, journal entry): `line_items`.

    Lines have no `division` or timestamps of their own: they live and change with their
    document. `id` is None on a line that is not created yet.
    """

    id: str | None = Field(default=None, description="The Exact line key (GUID), set by Exact.")
