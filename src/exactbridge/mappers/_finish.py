"""The finisher of a model shape: a values dict in, the record's JSON-ready document out.

What `model_validate(values).model_dump_json()` does, written out per model as Python source
(like the emulator's page renderer) so that a row costs a few dictionary operations per
field instead of a validation and a serialization:

1. the model's before-validators, called from its pydantic decorator registry in pydantic's
   order, so no validator logic is copied;
2. the document: every field in `model_dump_json` order, its value or its default;
3. one check of the value types of the whole document against the shape, skipped for a
   combination of types already checked (a page's rows share a handful);
4. per field, what remains: `Money` written as text, instants moved to UTC, constrained
   strings checked, value objects and lines finished by their own finishers.

Every finisher raises `Declined` where pydantic would refuse or convert a value.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from typing import Any, Final

from pydantic import BaseModel

from exactbridge.mappers._shapes import (
    Declined,
    FieldShape,
    ModelShape,
    accept,
    constrained,
    shape_of,
    to_utc,
)

__all__ = ["Finisher", "finisher_of"]

Finisher = Callable[[dict[str, Any]], dict[str, Any]]

_SEEN_LIMIT: Final = 1024


_FINISHERS: dict[tuple[type[BaseModel], bool], Finisher | None] = {}


def finisher_of(model: type[BaseModel], *, checked: bool = False) -> Finisher | None:
    """The finisher of `model` (made once), None when its shape is unknown (`shape_of`).

    `checked` finishers check that they get a dict (value objects and lines, which come
    from a document's values, hence from its validators); a document's own finisher gets
    the reader's dict, and checks what its validators return.
    """
    key = (model, checked)
    if key not in _FINISHERS:
        shape = shape_of(model)
        _FINISHERS[key] = None if shape is None else _finisher(shape, checked=checked)
    return _FINISHERS[key]


def _finisher(shape: ModelShape, *, checked: bool) -> Finisher:
    namespace: dict[str, Any] = {
        "Declined": Declined,
        "UTC": UTC,
        "accept": accept,
        "constrained": constrained,
        "to_utc": to_utc,
        "shape": shape,
        "template": {f.name: f.default for f in shape.fields},
        "size": len(shape.fields),
        "seen": set(),
        "seen_limit": _SEEN_LIMIT,
    }
    lines = [*_prologue(shape, namespace, checked=checked), *_body(shape, namespace)]
    source = "\n".join(["def finish(values):", *(f"    {line}" for line in lines)])
    exec(compile(source, f"<finisher of {shape.model.__name__}>", "exec"), namespace)  # noqa: S102
    finish: Finisher = namespace["finish"]
    return finish


def _prologue(shape: ModelShape, namespace: dict[str, Any], *, checked: bool) -> list[str]:
    """Validators, then the document: the template of defaults in field order, updated with
    the values (an update keeps the template's order); a key that is no field makes it
    longer, and pydantic would refuse it (or drop it, with `extra="ignore"`: declined too)."""
    lines = ["data = values"]
    for index, validator in enumerate(shape.validators):
        namespace[f"validator_{index}"] = validator
        lines.append(f"data = validator_{index}(data)")
    if checked or shape.validators:
        lines += ["if type(data) is not dict:", "    raise Declined('not a dict')"]
    return [
        *lines,
        "document = template.copy()",
        "document.update(data)",
        "if len(document) != size:",
        "    raise Declined('not a field')",
        "types = tuple(map(type, document.values()))",
        "if types not in seen:",
        "    accept(shape, document)",
        "    if len(seen) < seen_limit:",
        "        seen.add(types)",
    ]


def _body(shape: ModelShape, namespace: dict[str, Any]) -> list[str]:
    lines = []
    for index, field in enumerate(shape.fields):
        lines += _fix(index, field, namespace)
    return [*lines, "return document"]


def _fix(index: int, field: FieldShape, namespace: dict[str, Any]) -> list[str]:
    """What a value of `field` still needs once its type is known to be allowed."""
    name = repr(field.name)
    value = f"document[{name}]"
    if field.kind == "plain":
        return []
    if field.kind == "empty":
        return [f"if {value}:", f"    raise Declined({name})"]
    head = [f"x = {value}"]
    if field.kind == "money":  # `str` is `format(x, "f")` unless it shows an exponent
        return [
            *head,
            "if x is not None:",
            "    if not x.is_finite():",
            f"        raise Declined({name})",
            "    text = str(x)",
            f"    {value} = text if 'E' not in text and 'e' not in text else format(x, 'f')",
        ]
    if field.kind == "instant":
        return [*head, "if x is not None and x.tzinfo is not UTC:", f"    {value} = to_utc(x)"]
    if field.kind == "constrained":
        namespace[f"adapter_{index}"], namespace[f"memo_{index}"] = field.adapter, {}
        call = f"memo_{index}.get(x) or constrained(adapter_{index}, memo_{index}, x)"
        return [*head, "if x is not None:", f"    {value} = {call}"]
    assert field.inner is not None
    inner = finisher_of(field.inner.model, checked=True)
    namespace[f"finish_{index}"], namespace[f"default_{index}"] = inner, field.default
    if field.kind == "nested":
        test = f"x is not None and x is not default_{index}"  # a default is written as is
        return [*head, f"if {test}:", f"    {value} = finish_{index}(x)"]
    return [*head, "if x is not None:", f"    {value} = [finish_{index}(line) for line in x]"]
