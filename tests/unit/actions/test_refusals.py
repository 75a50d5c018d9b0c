"""Exact's refusal texts, in English and Dutch, become typed errors that keep the text."""

from __future__ import annotations

import pytest

from exactbridge.actions._refusals import refine
from exactbridge.errors import (
    BusinessRuleViolation,
    DuplicateRecord,
    EntryUnbalanced,
    InvalidReference,
    MissingField,
    RecordInUse,
    RecordLocked,
    RequestContext,
)


def _violation(text: str) -> BusinessRuleViolation:
    context = RequestContext("POST", "https://x/api/v1/1/crm/Accounts", 1, 500, text)
    return BusinessRuleViolation("Exact refused the data", context=context)


@pytest.mark.parametrize(
    ("text", "kind", "labels"),
    [
        ("Mandatory: Journal", MissingField, ("Journal",)),
        (
            "Verplicht: Dagboek\r\nVerplicht: Factuur voor",
            MissingField,
            ("Dagboek", "Factuur voor"),
        ),
        ("Invalid reference: Item", InvalidReference, ("Item",)),
        ("Ongeldige referentie: Artikel", InvalidReference, ("Artikel",)),
        ("Data already exists: Code", DuplicateRecord, ("Code",)),
        ("Bestaat reeds", DuplicateRecord, ()),
        ("Cannot delete: Account - Used in: Sales invoices", RecordInUse, ("Account",)),
        ("Kan niet verwijderen: Relatie - Gebruikt in: Verkoopfacturen", RecordInUse, ("Relatie",)),
        ("The entry is not in balance: difference 10.00", EntryUnbalanced, ()),
        ("De boeking is niet in balans: verschil 10,00", EntryUnbalanced, ()),
        (
            "Not allowed: the invoice has been processed and cannot be changed",
            RecordLocked,
            ("the invoice has been processed and cannot be changed",),
        ),
        ("Niet toegestaan: Offerte - Status: Geaccepteerd", RecordLocked, ("Offerte",)),
    ],
)
def test_refusals_become_typed(text: str, kind: type[Exception], labels: tuple[str, ...]) -> None:
    refined = refine(_violation(text))
    assert type(refined) is kind
    assert refined.exact_message == text
    assert refined.context.division == 1
    assert getattr(refined, "labels", ()) == labels
    assert isinstance(refined.__cause__, BusinessRuleViolation)


@pytest.mark.parametrize("text", ["Something else went wrong", "Not allowed: Type", ""])
def test_unknown_texts_stay_as_they_are(text: str) -> None:
    error = _violation(text)
    assert refine(error) is error
