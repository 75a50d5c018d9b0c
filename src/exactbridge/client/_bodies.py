"""Request bodies for creates and updates, checked against the endpoint spec before any call.

Exact silently ignores a read-only property in a body and ignores or refuses a POST-only one
on a PUT, so a caller who sends one believes a value was stored that was not. `encode_for`
refuses such bodies up front, naming every offending property at once, and encodes the
rest the way Exact reads them (`_edm.to_body`). Re-exported by `_models`.

Pure: no I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal, Protocol, runtime_checkable

from exactbridge.client._edm import to_body
from exactbridge.errors import InvalidBody
from exactbridge.exact import EntitySpec, Navigation, find_entity
from exactbridge.exact import Field as SpecField

__all__ = ["child_spec", "encode_for", "resolve_spec"]


@runtime_checkable
class _Decoded(Protocol):
    """A typed wire model (`_models.WireModel`), seen only through `to_wire`."""

    def to_wire(self, *, exact_numbers: bool = False) -> dict[str, Any]: ...


def resolve_spec(spec_or_path: EntitySpec | str) -> EntitySpec:
    """The spec itself, or the registry's spec at a path (any case).

    Raises:
        LookupError: the path names no endpoint in the registry.
    """
    if isinstance(spec_or_path, EntitySpec):
        return spec_or_path
    spec = find_entity(spec_or_path)
    if spec is None:
        msg = f"no endpoint spec for {spec_or_path!r}"
        raise LookupError(msg)
    return spec


def child_spec(spec: EntitySpec, nav: Navigation) -> EntitySpec:
    """The spec of the rows a navigation collection holds (`SalesInvoiceLines`)."""
    child = find_entity(nav.target)
    if child is None:
        msg = f"{spec.path}.{nav.name} points at {nav.target}, which has no spec"
        raise LookupError(msg)
    return child


def encode_for(
    spec: EntitySpec | str,
    values: Mapping[str, Any],
    *,
    method: Literal["POST", "PUT"],
) -> dict[str, Any]:
    """The JSON body of a create (POST) or an update (PUT) of `spec`'s endpoint.

    Each property must be one the spec lets that method set (`Field.on_post`, `on_put`);
    read-only ones would be silently ignored by Exact and POST-only ones ignored or refused
    on PUT, so they are refused here, all at once, before any call is made. The key is only
    accepted on POST by action endpoints (POST-only, such as `PrintedSalesInvoices`), whose
    key names the record acted upon. Values are encoded as Exact accepts them: GUIDs
    lower-case, Int64 as strings, Decimals as JSON numbers (exact for up to 15 significant
    digits, then the nearest double, as Edm.Double holds no more), dates as ISO wall-clock
    text (aware datetimes converted to Amsterdam time first), bytes as base64. Navigation
    collections (`SalesInvoiceLines`) may be embedded on POST as a sequence of mappings or
    models, each encoded with the child endpoint's spec.

    Raises:
        InvalidBody: the endpoint does not take `method`, or properties are unknown, not
            settable by `method`, or of the wrong type; `problems` names each.
    """
    resolved = resolve_spec(spec)
    if method not in resolved.methods:
        raise InvalidBody(
            f"{resolved.path} does not accept {method}",
            path=resolved.path,
            method=method,
            problems={},
        )
    body, problems = _encode(resolved, values, method)
    if problems:
        listed = "; ".join(f"{name}: {why}" for name, why in problems.items())
        raise InvalidBody(
            f"{method} {resolved.path} would carry properties it cannot: {listed}",
            path=resolved.path,
            method=method,
            problems=problems,
        )
    return body


def _encode(
    spec: EntitySpec, values: Mapping[str, Any], method: str
) -> tuple[dict[str, Any], dict[str, str]]:
    body: dict[str, Any] = {}
    problems: dict[str, str] = {}
    if isinstance(values, _Decoded):
        values = {name: value for name, value in values.to_wire().items() if name != "__metadata"}
    action = "GET" not in spec.methods
    for name, value in values.items():
        prop = spec.get(name)
        if prop is None:
            problems[name] = f"no such property on {spec.type_name}"
        elif isinstance(prop, Navigation):
            if method != "POST":
                problems[name] = "lines can only be embedded when creating (POST)"
                continue
            lines, trouble = _encode_lines(spec, prop, value)
            body[name] = lines
            problems.update(trouble)
        elif not _settable(prop, method, action=action):
            problems[name] = _why_not(prop, method)
        else:
            try:
                body[name] = to_body(prop.edm, value)
            except (TypeError, ValueError) as exc:
                detail = str(exc) or f"{type(value).__name__} {value!r}"
                problems[name] = f"cannot be sent as {prop.edm.value}: {detail}"
    return body, problems


def _settable(prop: SpecField, method: str, *, action: bool) -> bool:
    if method == "POST":
        return prop.on_post or (prop.is_key and action)
    return prop.on_put


def _why_not(prop: SpecField, method: str) -> str:
    if prop.is_key:
        return "the key is assigned by Exact" if method == "POST" else "the key goes in the URL"
    if prop.read_only:
        return "read-only (Exact fills it)"
    if method == "PUT":
        return "can only be set when creating (POST)"
    return "can only be set by an update (PUT)"


def _encode_lines(
    spec: EntitySpec, nav: Navigation, value: Any
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    child = child_spec(spec, nav)
    if isinstance(value, Mapping) or not isinstance(value, Sequence) or isinstance(value, str):
        return [], {nav.name: "expects a sequence of lines (mappings or models)"}
    lines: list[dict[str, Any]] = []
    problems: dict[str, str] = {}
    for index, line in enumerate(value):
        if not isinstance(line, Mapping | _Decoded):
            problems[f"{nav.name}[{index}]"] = "a line must be a mapping or a model"
            continue
        encoded, trouble = _encode(child, line, "POST")  # type: ignore[arg-type]
        lines.append(encoded)
        problems.update({f"{nav.name}[{index}].{k}": why for k, why in trouble.items()})
    return lines, problems
