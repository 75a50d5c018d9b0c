"""The endpoint specs: registry sanity, and agreement with responses recorded from real Exact.

The recorded responses live beside the repository in `shared/reference/exact-recorded/` (real
Exact Online traffic, not part of the project). Every response in them that carries a full
record of an endpoint we specify (a GET without `$select`, or a POST answer) must list exactly
the spec's properties in the spec's order, with JSON values of the declared Edm types. When
the reference folder is absent (a clean clone), those tests are skipped.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from exactbridge.exact import (
    ENTITIES,
    Edm,
    EntitySpec,
    Field,
    Navigation,
    find_entity,
)
from exactbridge.exact.registry import _MODULES

_ALL_SPECS: tuple[EntitySpec, ...] = tuple(spec for m in _MODULES for spec in m.ENTITIES)

_AUDIT_FIELDS = (
    "Created",
    "Creator",
    "CreatorFullName",
    "Modified",
    "Modifier",
    "ModifierFullName",
)
_METHODS = frozenset({"GET", "POST", "PUT", "DELETE"})

_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_DATE = re.compile(r"^/Date\(-?\d+([+-]\d{4})?\)/$")
_PATH = re.compile(r"^/api/v1/(?:(?:beta/)?\d+/)?(?P<path>[A-Za-z]+/[A-Za-z]+)(?:\(.*\))?$")

# Endpoints with at least one full record among the recordings; each must be checked.
_RECORDED = {
    "current/Me",
    "system/Divisions",
    "crm/Accounts",
    "crm/Contacts",
    "financial/Journals",
    "vat/VATCodes",
    "logistics/Items",
    "salesinvoice/SalesInvoices",
    "salesinvoice/SalesInvoiceLines",
    "salesorder/SalesOrders",
    "salesorder/SalesOrderLines",
    "documents/Documents",
    "documents/DocumentAttachments",
    "purchaseentry/PurchaseEntries",
}


def _reference_dir() -> Path | None:
    candidates = []
    if override := os.environ.get("EXACTBRIDGE_REFERENCE_DIR"):
        candidates.append(Path(override))
    repo_root = Path(__file__).resolve().parents[3]
    candidates += [repo_root.parent / "shared" / "reference", Path("/work/shared/reference")]
    for candidate in candidates:
        recorded = candidate / "exact-recorded"
        if recorded.is_dir():
            return recorded
    return None


_RECORDINGS = _reference_dir()


# --- registry --------------------------------------------------------------------------------


def test_registry_holds_every_module_spec() -> None:
    derived = sum((spec.bulk is not None) + (spec.sync is not None) for spec in _ALL_SPECS)
    assert len(ENTITIES) == len(_ALL_SPECS) + derived
    for spec in _ALL_SPECS:
        assert find_entity(spec.path) is spec
        assert find_entity(spec.path.upper()) is spec
        assert find_entity(spec.path.lower()) is spec


def test_paths_are_unique_case_insensitively() -> None:
    lowered = [spec.path.lower() for spec in _ALL_SPECS]
    assert len(set(lowered)) == len(lowered)


@pytest.mark.parametrize("spec", _ALL_SPECS, ids=lambda s: s.path)
def test_key_is_the_single_key_field(spec: EntitySpec) -> None:
    key = spec.key_field
    assert key.name == spec.key
    assert key.is_key
    assert not key.on_post
    assert not key.on_put
    assert [f.name for f in spec.fields if f.is_key] == [spec.key]


@pytest.mark.parametrize("spec", _ALL_SPECS, ids=lambda s: s.path)
def test_spec_is_consistent(spec: EntitySpec) -> None:
    assert spec.methods <= _METHODS
    assert "GET" in spec.methods or spec.methods == {"POST"}  # actions: crm/AcceptQuotation
    assert spec.type_name.startswith("Exact.Web.Api.Models.")
    for group in spec.required:
        for name in group:
            field = spec.field(name)
            assert field is not None, f"required {name} is not a field"
            assert field.on_post, f"required {name} cannot be posted"
    for field in spec.fields:
        if field.width is not None:
            assert field.edm is Edm.STRING, f"{field.name} is padded but not a string"
            assert field.align in ("left", "right")
    for name in (*_AUDIT_FIELDS, "Division"):
        field = spec.field(name)
        if field is not None:
            assert field.read_only, f"{name} must be read-only"
    for nav in spec.navigations:
        service, _, entity = nav.target.partition("/")
        assert service.islower()
        assert entity[:1].isupper()
        assert nav.foreign_key


def test_behaviour_flags() -> None:
    by_path = {spec.path: spec for spec in _ALL_SPECS}
    me = by_path["current/Me"]
    assert not me.division_scoped
    assert me.single_as_collection
    division_less = {spec.path for spec in _ALL_SPECS if not spec.division_scoped}
    assert division_less == {"current/Me", "system/Users"}
    assert {s.path for s in _ALL_SPECS if s.full_post_response} >= {
        "salesinvoice/SalesInvoices",
        "salesorder/SalesOrders",
        "documents/Documents",
        "documents/DocumentAttachments",
        "crm/AcceptQuotation",
        "crm/PrintQuotation",
        "purchaseentry/PurchaseEntries",
        "salesinvoice/PrintedSalesInvoices",
    }
    topics = {spec.path: spec.webhook_topic for spec in _ALL_SPECS if spec.webhook_topic}
    assert topics == {
        "crm/Accounts": "Accounts",
        "crm/Contacts": "Contacts",
        "financial/GLAccounts": "GLAccounts",
        "logistics/Items": "Items",
        "salesinvoice/SalesInvoices": "SalesInvoices",
        "salesorder/SalesOrders": "SalesOrders",
        "crm/Quotations": "Quotations",
        "documents/Documents": "Documents",
        "salesentry/SalesEntries": "SalesEntries",
        "purchaseentry/PurchaseEntries": "PurchaseEntries",
        "generaljournalentry/GeneralJournalEntries": "GeneralJournalEntries",
        "financialtransaction/BankEntries": "BankEntries",
        "financialtransaction/CashEntries": "CashEntries",
        "financialtransaction/Transactions": "FinancialTransactions",
    }
    invoice = by_path["salesinvoice/SalesInvoices"]
    for name in ("OrderedBy", "InvoiceTo", "DeliverTo", "Journal"):
        field = invoice.field(name)
        assert field is not None
        assert field.on_post
        assert not field.on_put
    assert invoice.get("SalesInvoiceLines") == Navigation(
        "SalesInvoiceLines", "salesinvoice/SalesInvoiceLines", "InvoiceID"
    )


@pytest.mark.parametrize(
    ("path", "name", "width", "align"),
    [
        ("crm/Accounts", "Code", 18, "right"),
        ("crm/Accounts", "Country", 3, "left"),
        ("crm/Contacts", "Code", 18, "right"),
        ("crm/Contacts", "Language", 10, "left"),
        ("vat/VATCodes", "Code", 3, "left"),
        ("system/Divisions", "Legislation", 3, "left"),
        ("system/Divisions", "CustomerCode", 18, "right"),
        ("current/Me", "CustomerCode", 18, "right"),
        ("current/Me", "DivisionCustomerCode", 18, "right"),
    ],
)
def test_padded_codes(path: str, name: str, width: int, align: str) -> None:
    spec = find_entity(path)
    assert spec is not None
    field = spec.field(name)
    assert field is not None
    assert (field.width, field.align) == (width, align)


# --- recorded responses ----------------------------------------------------------------------


def _recording_files() -> list[Path]:
    if _RECORDINGS is None:
        return []
    return sorted(_RECORDINGS.glob("*.json"))


def _rows(body: Any) -> list[dict[str, Any]]:
    """The entity rows of a response body, whatever its envelope."""
    if not isinstance(body, dict):
        return []
    payload = body.get("d")
    if isinstance(payload, list):
        return [row for row in payload if isinstance(row, dict)]
    if isinstance(payload, dict):
        results = payload.get("results")
        if isinstance(results, list):
            return [row for row in results if isinstance(row, dict)]
        return [payload]
    return []


def _full_records(call: dict[str, Any]) -> Iterator[tuple[EntitySpec, dict[str, Any]]]:
    """Rows of `call` that carry every property of one of our endpoints."""
    request = call.get("request") or {}
    params = request.get("params") or {}
    if call.get("method") not in ("GET", "POST") or "$select" in params:
        return
    match = _PATH.match(call.get("path", "").split("?", 1)[0])
    spec = find_entity(match.group("path")) if match else None
    if spec is None:
        return
    for row in _rows(call.get("response")):
        yield spec, row


def _expanded(spec: EntitySpec, row: dict[str, Any]) -> Iterator[tuple[EntitySpec, dict[str, Any]]]:
    for nav in spec.navigations:
        value = row.get(nav.name)
        if isinstance(value, dict) and isinstance(value.get("results"), list):
            child = find_entity(nav.target)
            if child is not None:
                for child_row in value["results"]:
                    yield child, child_row


def _type_errors(spec: EntitySpec, row: dict[str, Any]) -> list[str]:
    errors: list[str] = []
    for name, value in row.items():
        if name == "__metadata":
            continue
        prop = spec.get(name)
        if isinstance(prop, Navigation):
            if not (isinstance(value, dict) and ("__deferred" in value or "results" in value)):
                errors.append(f"{name}: navigation sent as {value!r}")
            continue
        assert isinstance(prop, Field)
        if value is None:
            continue
        if not _value_fits(prop.edm, value):
            errors.append(f"{name}: {prop.edm.value} does not fit {value!r}")
        elif prop.width is not None and len(value) != prop.width:
            errors.append(f"{name}: padded to {prop.width} but sent as {value!r}")
    return errors


def _value_fits(edm: Edm, value: object) -> bool:
    if edm is Edm.BOOLEAN:
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    if edm.is_integer:
        return isinstance(value, int)
    if edm is Edm.DOUBLE:
        return isinstance(value, int | float)
    if not isinstance(value, str):
        return False
    if edm is Edm.GUID:
        return bool(_GUID.match(value))
    if edm is Edm.DATETIME:
        return bool(_DATE.match(value))
    return True  # String, Binary (base64)


def _check_row(spec: EntitySpec, row: dict[str, Any], where: str) -> list[str]:
    sent = [name for name in row if name != "__metadata"]
    declared = [prop.name for prop in spec.properties]
    errors: list[str] = []
    if sent != declared:
        missing = [n for n in sent if n not in declared]
        extra = [n for n in declared if n not in sent]
        first = next((i for i, (a, b) in enumerate(zip(sent, declared, strict=False)) if a != b), 0)
        errors.append(
            f"{where} {spec.path}: properties differ (not declared: {missing}, not sent: {extra},"
            f" first order difference at #{first})"
        )
    meta = row.get("__metadata") or {}
    if meta.get("type") != spec.type_name:
        errors.append(f"{where} {spec.path}: type {meta.get('type')!r}, spec {spec.type_name!r}")
    errors += [f"{where} {spec.path}: {e}" for e in _type_errors(spec, row)]
    return errors


@pytest.mark.skipif(_RECORDINGS is None, reason="shared/reference/exact-recorded is not present")
@pytest.mark.parametrize("recording", _recording_files(), ids=lambda p: p.name)
def test_recorded_full_records_match_specs(recording: Path) -> None:
    calls = json.loads(recording.read_text(encoding="utf-8"))["calls"]
    errors: list[str] = []
    for index, call in enumerate(calls):
        where = f"{recording.name}[{index}]"
        for spec, row in _full_records(call):
            errors += _check_row(spec, row, where)
            for child, child_row in _expanded(spec, row):
                errors += _check_row(child, child_row, f"{where} expanded")
    assert not errors, "\n".join(errors)


@pytest.mark.skipif(_RECORDINGS is None, reason="shared/reference/exact-recorded is not present")
def test_every_recorded_endpoint_is_checked() -> None:
    checked: set[str] = set()
    for recording in _recording_files():
        for call in json.loads(recording.read_text(encoding="utf-8"))["calls"]:
            for spec, row in _full_records(call):
                checked.add(spec.path)
                checked.update(child.path for child, _ in _expanded(spec, row))
    assert checked == _RECORDED


@pytest.mark.parametrize("spec", [s for s in _ALL_SPECS if s.bulk or s.sync], ids=lambda s: s.path)
def test_bulk_and_sync_endpoints_serve_the_regular_rows(spec: EntitySpec) -> None:
    for path in filter(None, (spec.bulk, spec.sync)):
        derived = find_entity(path)
        assert derived is not None
        assert derived.table_path == spec.path
        assert derived.methods == frozenset({"GET"})
        assert derived.page_size == 1000
        assert derived.select_required
        names = [f.name for f in derived.fields]
        own = [f.name for f in spec.fields]
        assert names == (["Timestamp", *own] if derived.api_type == "sync" else own)
        assert derived.key == spec.key
