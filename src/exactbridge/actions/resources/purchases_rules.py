"""What bills, vendor credits and expenses need before they are sent to Exact.

- Journals: Exact books a purchase entry in a purchase journal and a cash statement in a cash
  journal. A body without one gets the division's own (`DivisionDefaults.journal`, the
  journal of that type with the lowest code), so callers never learn journal codes. The
  write maps therefore do not require the journal the read maps describe as required by
  Exact: `prepare` fills it in before the call.
- Signs: Exact decides from the sign of a purchase entry's total whether it is a bill
  (type 30, total zero or more) or a credit note (type 31, total below zero). A bill body
  whose lines add up below zero would come back as a vendor credit, and the other way round,
  so either is refused before any call, naming the lines whose sign turns it.
- Expenses: a cash statement is an expense only with a money-out line; one without would be
  created but never read back as an expense.
- Operation arguments are checked with the model's own types before any call
  (`operation_arguments`), like a body.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from pydantic import BaseModel, TypeAdapter, ValidationError

from exactbridge.actions._context import ActionContext
from exactbridge.actions._resource import Check, Prepare
from exactbridge.errors import InvalidBody
from exactbridge.mappers import ResourceMap
from exactbridge.model import JournalType

__all__ = [
    "default_journal",
    "expense_check",
    "operation_arguments",
    "sign_check",
    "without_journal_required",
]

_LINES = "line_items"


def without_journal_required(rmap: ResourceMap[Any]) -> ResourceMap[Any]:
    """`rmap` for writing: the same fields, the journal no longer required of a create
    (`default_journal` fills it in when the body has none)."""
    required = tuple(group for group in rmap.required if "journal" not in group)
    return replace(rmap, required=required)


def default_journal(prop: str, kind: JournalType) -> Prepare:
    """A `prepare` that puts the division's journal of `kind` into a create's `prop`
    (`Journal`, `JournalCode`) when the body names none; a named journal is kept."""

    async def prepare(
        context: ActionContext,
        division: int,
        method: Literal["POST", "PUT"],
        body: dict[str, Any],
    ) -> dict[str, Any]:
        if method != "POST" or body.get(prop) not in (None, ""):
            return body
        return {**body, prop: await context.defaults.journal(division, kind)}

    return prepare


def _number(value: Any) -> Decimal | None:
    """`value` as a finite Decimal; None when it is not one (the map reports it)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _lines(fields: Mapping[str, Any]) -> list[Mapping[str, Any]] | None:
    """The body's lines as mappings (line models dumped); None when it sends none, or they
    are not a list of objects (the map reports that)."""
    lines = fields.get(_LINES)
    if isinstance(lines, str | bytes) or not isinstance(lines, Sequence):
        return None
    dumped = [line.model_dump() if isinstance(line, BaseModel) else line for line in lines]
    if not all(isinstance(line, Mapping) for line in dumped):
        return None
    return dumped


def sign_check(*, credit: bool) -> Check:
    """The check that a purchase entry body has the sign of its resource.

    The lines' amounts plus any VAT they give decide the sign, as Exact's total does; VAT
    that Exact computes from a code has its line's sign. `credit` is True for vendor
    credits (total below zero), False for bills (total zero or more). The lines whose amount
    has the wrong sign are named by index.
    """
    other, remedy = (
        ("bill", "a vendor credit's amounts are negative")
        if credit
        else ("vendor credit", "create it as a vendor credit")
    )

    def check(fields: Mapping[str, Any]) -> dict[str, str]:
        lines = _lines(fields)
        if not lines:
            return {}
        amounts = [_number(line.get("amount")) for line in lines]
        taxes = [_number(line.get("tax_amount")) for line in lines]
        if any(amount is None for amount in amounts):
            return {}  # a missing or unreadable amount is the map's to report
        pairs = zip(amounts, taxes, strict=True)
        total = sum(((a or Decimal(0)) + (t or Decimal(0)) for a, t in pairs), Decimal(0))
        if (total < 0) is credit:
            return {}
        why = f"the lines add up to {total}, which Exact books as a {other}; {remedy}"
        wrong = {
            f"{_LINES}[{index}].amount": why
            for index, amount in enumerate(amounts)
            if amount is not None and (amount >= 0 if credit else amount < 0)
        }
        return wrong or {_LINES: why}

    return check


def expense_check(fields: Mapping[str, Any]) -> dict[str, str]:
    """An expense body sends at least one money-out line (a negative amount)."""
    lines = _lines(fields)
    if lines is None:
        return {}
    amounts = [_number(line.get("amount")) for line in lines]
    if None in amounts or any(amount is not None and amount < 0 for amount in amounts):
        return {}
    return {_LINES: "an expense needs a money-out line (a negative amount)"}


def operation_arguments(
    endpoint: str, arguments: Mapping[str, tuple[TypeAdapter[Any], Any]]
) -> dict[str, Any]:
    """Each argument validated by its type, before any call.

    Args:
        endpoint: the endpoint the operation writes to, for the error.
        arguments: per name, the type's adapter and the value given.

    Raises:
        InvalidBody: an argument is not of its type; `problems` names each one.
    """
    values: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for name, (adapter, value) in arguments.items():
        try:
            values[name] = adapter.validate_python(value)
        except ValidationError as exc:
            problems[name] = "; ".join(error["msg"] for error in exc.errors())
    if problems:
        msg = f"invalid arguments for {endpoint}: " + ", ".join(
            f"{name} ({why})" for name, why in sorted(problems.items())
        )
        raise InvalidBody(msg, path=endpoint, method="POST", problems=problems)
    return values
