"""Item groups, items and item-based sales invoices of one division.

Items come from the division's catalogue (Dutch for NL and Flanders, French for Wallonia)
with variants and realistic prices; each carries the VAT code and revenue account a
bookkeeper would set. Invoices (`Type` 8020, about 5 % credit notes 8021 with negative
quantities) go to non-blocked customers, popular customers and items more often, with one to
five lines whose VAT code is the item's, or the intra-EU code for customers abroad.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import accumulate
from typing import TYPE_CHECKING, Any, Final

from exactbridge.emulator.seed.identifiers import new_guid
from exactbridge.emulator.seed.ledger import Ledger
from exactbridge.emulator.seed.names import CATALOGS, VARIANTS, Locale

if TYPE_CHECKING:
    from exactbridge.emulator.seed.business import Relation, Timeline

__all__ = ["Item", "build_item_groups", "build_items", "build_sales_invoices", "ean13"]

Record = tuple[str, dict[str, Any]]
Streams = Callable[[str], random.Random]

# kind -> (code, Dutch, French)
_GROUPS: Final = {
    "G": ("100", "Handelsgoederen", "Marchandises"),
    "M": ("200", "Materialen", "Matériaux"),
    "S": ("300", "Diensten", "Services"),
    "A": ("400", "Abonnementen", "Abonnements"),
}
_CODE_PREFIX: Final = {"G": "P", "M": "M", "S": "S", "A": "A"}
_QUANTITIES: Final[dict[str, tuple[float, ...]]] = {
    "uur": (0.5, 1, 1, 1.5, 2, 2, 3, 4, 4, 6, 8, 8, 12, 16, 24, 40),
    "pc": (1, 1, 1, 1, 2, 2, 3, 4, 5, 6, 8, 10, 12, 20, 25, 50),
    "kg": (1, 2, 2, 3, 5, 10, 20),
    "m": (2.5, 5, 10, 12, 20, 25, 50, 100),
    "mnd": (1, 1, 1, 1, 3, 6, 12),
    "doos": (1, 1, 2, 3, 5, 10),
    "few": (1, 1, 1, 1, 2, 2, 3, 4, 5),
}
_UNIT_CLASS: Final = {"h": "uur", "mois": "mnd", "bte": "doos"}
_EAN_PREFIX: Final = {"NL": "87", "BE": "54"}


@dataclass
class Item:
    """A generated logistics/Items row plus what invoices need to know about it."""

    id: str
    age: float
    description: str
    kind: str
    price: float
    unit: str
    vat_code: str
    sales: bool
    record: dict[str, Any] = field(repr=False)


def ean13(rng: random.Random, prefix: str) -> str:
    """Draw an EAN-13 barcode starting with `prefix`, with its check digit."""
    body = prefix + "".join(str(rng.randrange(10)) for _ in range(12 - len(prefix)))
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def build_item_groups(
    rng: random.Random, home: Locale, ledger: Ledger, setup: datetime
) -> tuple[dict[str, str], list[Record]]:
    """Build the four item groups (goods, materials, services, subscriptions).

    Returns:
        `(group ID by kind, records)`; goods (`100`) is the default group.
    """
    groups: dict[str, str] = {}
    records: list[Record] = []
    for offset, (kind, (code, dutch, french)) in enumerate(_GROUPS.items()):
        goods = kind in "GM"
        record: dict[str, Any] = {
            "ID": new_guid(rng),
            "Code": code,
            "Description": french if home.language == "FR" else dutch,
            "IsDefault": 1 if kind == "G" else 0,
            "GLRevenue": ledger.gl["revenue_high" if goods else "revenue_services"],
            "GLCosts": ledger.gl["cogs" if goods else "cogs_services"],
        }
        if goods:
            record["GLStock"] = ledger.gl["stock"]
        moment = setup + timedelta(seconds=40, milliseconds=170 * offset)
        groups[kind] = record["ID"]
        records.append(("logistics/ItemGroups", record | {"Created": moment, "Modified": moment}))
    return groups, records


def _price(rng: random.Random, low: float, high: float, hourly: bool) -> float:
    raw = rng.uniform(low, high)
    if hourly:
        return round(raw / 2.5) * 2.5
    return round(math.floor(raw) + rng.choice((0.0, 0.45, 0.5, 0.95)), 2)


def build_items(
    streams: Streams,
    home: Locale,
    count: int,
    ledger: Ledger,
    groups: dict[str, str],
    timeline: Timeline,
) -> list[Item]:
    """Build `count` items from the division's catalogue, each with a unique description."""
    rng, trng = streams("items"), streams("items.time")
    language = "FR" if home.language == "FR" else "NL"
    catalog, variants = CATALOGS[language], VARIANTS[language]
    model = (
        {"G": "modèle", "M": "type", "S": "tarif", "A": "contrat"}
        if language == "FR"
        else {"G": "type", "M": "type", "S": "tarief", "A": "contract"}
    )
    order = list(catalog)
    rng.shuffle(order)
    seen: set[str] = set()
    serial = dict.fromkeys(_GROUPS, 1000)
    items = []
    for index in range(count):
        entry = order[index] if index < len(order) else rng.choice(catalog)
        description = entry.description
        unused = [v for v in variants.get(entry.family, ()) if f"{description} - {v}" not in seen]
        if description in seen and unused:
            description = f"{entry.description} - {rng.choice(unused)}"
        while description in seen:
            description = f"{entry.description} {model[entry.kind]} {rng.randint(100, 999)}"
        seen.add(description)
        kind, serial[entry.kind] = entry.kind, serial[entry.kind] + 1
        hourly = _UNIT_CLASS.get(entry.unit, entry.unit) == "uur"
        price = _price(rng, entry.low, entry.high, hourly)
        margin = {"G": (0.45, 0.72), "M": (0.5, 0.75), "S": (0.35, 0.6), "A": (0.1, 0.3)}[kind]
        vat_role = {"H": "sales_high", "L": "sales_low", "M": "sales_mid"}[entry.vat]
        if kind in "GM":
            revenue = "revenue_high" if entry.vat == "H" else "revenue_low"
        else:
            revenue = "revenue_services" if entry.vat == "H" else "revenue_low"
        sales = kind != "M" or rng.random() >= 0.1
        record: dict[str, Any] = {
            "ID": new_guid(rng),
            "Code": f"{_CODE_PREFIX[kind]}{serial[kind]}",
            "Description": description,
            "ItemGroup": groups[kind],
            "IsSalesItem": sales,
            "IsPurchaseItem": kind in "GM" or (kind == "S" and rng.random() < 0.15),
            "IsStockItem": kind in "GM",
            "CostPriceStandard": round(price * rng.uniform(*margin), 2),
            "SalesVatCode": ledger.vat[vat_role],
            "Unit": entry.unit,
            "GLRevenue": ledger.gl[revenue],
            "GLCosts": ledger.gl["cogs" if kind in "GM" else "cogs_services"],
        }
        if kind == "G" and rng.random() < 0.6:
            record["Barcode"] = ean13(rng, _EAN_PREFIX[home.country])
        early, share = trng.random() < 0.7, trng.random()
        age = timeline.span * (0.97 + 0.03 * share) if early else timeline.span * share
        created, modified = timeline.audit(trng, age, 0.2)
        record |= {"Created": timeline.at(created), "Modified": timeline.at(modified)}
        items.append(
            Item(
                record["ID"],
                age,
                description,
                kind,
                price,
                entry.unit,
                record["SalesVatCode"],
                sales,
                record,
            )
        )
    return items


def _your_ref(rng: random.Random, locale: Locale) -> str:
    number = rng.randrange(10_000, 99_999)
    surname = rng.choice(locale.surnames)
    patterns = {
        "NL": (
            f"PO-{number}",
            f"4500{number}{rng.randrange(10)}",
            f"Inkooporder {number}",
            f"Ref. {surname}",
        ),
        "BE-NL": (f"Bestelbon {number}", f"PO {number}", f"Ref. {surname}"),
        "BE-FR": (f"Bon de commande {number}", f"BC-{number}", f"Réf. {surname}"),
        "DE": (f"Bestellung {number}", f"PO-{number}"),
    }[locale.key]
    return rng.choice(patterns)


def build_sales_invoices(
    streams: Streams,
    home: Locale,
    count: int,
    ledger: Ledger,
    customers: Sequence[Relation],
    items: Sequence[Item],
    timeline: Timeline,
) -> Iterator[dict[str, Any]]:
    """Yield `count` sales invoices with embedded `SalesInvoiceLines`.

    Every invoice is dated after its customer and its items were created.
    """
    rng, trng = streams("invoices"), streams("invoices.time")
    sellable = [item for item in items if item.sales]
    if not customers or not sellable:
        return
    customer_weights = list(accumulate(rng.paretovariate(1.3) for _ in customers))
    item_weights = list(accumulate(rng.paretovariate(1.6) for _ in sellable))
    journal = ledger.journals["sales"]
    texts = {
        kind: tuple(text[2:] for text in home.invoice_texts if text[0] == tag)
        for kind, tag in (("G", "G"), ("M", "G"), ("S", "S"), ("A", "A"))
    }
    for _ in range(count):
        invoice_id = new_guid(rng)
        customer = rng.choices(customers, cum_weights=customer_weights)[0]
        credit = rng.random() < 0.05
        count_lines = (
            rng.choice((1, 1, 2))
            if credit
            else rng.choices((1, 2, 3, 4, 5), weights=(34, 26, 20, 12, 8))[0]
        )
        bound = customer.age
        lines, kinds = [], []
        for number in range(1, count_lines + 1):
            item = rng.choices(sellable, cum_weights=item_weights)[0]
            bound = min(bound, item.age)
            kinds.append(item.kind)
            unit = _UNIT_CLASS.get(item.unit, item.unit)
            quantity = float(rng.choice(_QUANTITIES["few" if item.price > 250 else unit]))
            price = item.price
            if rng.random() < 0.15:
                price = round(price * rng.uniform(0.9, 1.1), 2)
            line: dict[str, Any] = {
                "ID": new_guid(rng),
                "Item": item.id,
                "Description": item.description,
                "Quantity": -quantity if credit else quantity,
                "UnitPrice": price,
                "VATCode": ledger.vat["sales_ic"] if customer.foreign else item.vat_code,
                "LineNumber": number,
            }
            if rng.random() < 0.08:
                line["Discount"] = rng.choice((0.05, 0.1, 0.15))
            lines.append(line)
        record: dict[str, Any] = {
            "InvoiceID": invoice_id,
            "OrderedBy": customer.id,
            "Journal": journal,
            "Type": 8021 if credit else 8020,
            "Description": rng.choice(home.credit_texts if credit else texts[kinds[0]]),
        }
        if rng.random() < 0.55:
            record["YourRef"] = _your_ref(rng, customer.locale)
        record |= {"PaymentCondition": customer.terms, "Currency": "EUR"}
        age = bound * trng.random()
        back = trng.choices((0, 1, 2, 3, 4), weights=(75, 12, 6, 4, 3))[0]
        created, modified = timeline.audit(trng, age, edited=0.45, recent=0.0, window=4.0)
        moment = timeline.at(created)
        day = max(moment.date() - timedelta(days=back), timeline.at(bound).date())
        dated = datetime(day.year, day.month, day.day)  # noqa: DTZ001 - Exact wall-clock date
        yield record | {
            "OrderDate": dated,
            "InvoiceDate": dated,
            "Created": moment,
            "Modified": timeline.at(modified),
            "SalesInvoiceLines": lines,
        }
