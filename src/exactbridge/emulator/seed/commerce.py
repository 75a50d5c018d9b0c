"""Commercial records of one division: cost centres and units, users, projects, quotations,
sales orders, and documents with small attached files.

Volumes follow the customer base: tens of each kind for a small division, hundreds for a
medium one, three times medium above that (`volume`). Statuses are mixed the way a living
administration has them: older orders are mostly delivered and invoiced, recent ones open
or partly delivered, a few cancelled; older quotations were mostly accepted or rejected,
recent ones are drafts, open or printed. Orders and quotations go to non-blocked customers
and sell sales items, dated after both exist, so records stay in dependency order.

As in `business`, identity streams (`"orders"`) decide keys, names and amounts and time
streams (`"orders.time"`) decide when, so changing `today` moves dates only. Attachments
carry no timestamps of their own; they are returned separately, to be loaded after every
other record (their documents exist by then).
"""

from __future__ import annotations

import base64
import random
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final, Protocol

from exactbridge.emulator.pdf import simple_pdf
from exactbridge.emulator.seed.identifiers import email_local, new_guid
from exactbridge.emulator.seed.ledger import Ledger
from exactbridge.emulator.seed.names import Locale
from exactbridge.emulator.seed.people import invent_mobile, invent_person

if TYPE_CHECKING:
    from exactbridge.emulator.seed.business import Counts, Relation, Timeline
    from exactbridge.emulator.seed.sales import Item

__all__ = ["Sink", "build_commerce", "volume"]

Record = tuple[str, dict[str, Any]]
Streams = Callable[[str], random.Random]


class Sink(Protocol):
    """Collects records with their creation moment (see `business`)."""

    def add(self, rank: int, path: str, record: dict[str, Any]) -> None:
        """Add `record` of the endpoint at `path`."""
        ...


# (code, Dutch, French)
_COST_CENTERS: Final = (
    ("100", "Verkoop", "Ventes"),
    ("200", "Inkoop", "Achats"),
    ("300", "Productie", "Production"),
    ("400", "Administratie", "Administration"),
    ("500", "ICT", "Informatique"),
    ("600", "Marketing", "Marketing"),
)
_COST_UNITS: Final = (
    ("KD01", "Particulieren", "Particuliers"),
    ("KD02", "Zakelijk", "Entreprises"),
    ("KD03", "Overheid", "Secteur public"),
    ("KD04", "Export", "Export"),
)
_PROJECTS: Final = {
    "NL": ("Implementatie {}", "Onderhoud {}", "Verbouwing {}", "Adviestraject {}",
           "Website {}", "Campagne {}"),
    "FR": ("Mise en œuvre {}", "Maintenance {}", "Rénovation {}", "Mission de conseil {}",
           "Site web {}", "Campagne {}"),
}  # fmt: skip
_PROJECT_TYPES: Final = ((3, 2, 4, 1, 5), (45, 30, 10, 5, 10))
_DOCUMENTS: Final = {
    "NL": ("Offerteaanvraag", "Contract", "Leveringsvoorwaarden", "Correspondentie",
           "Orderbevestiging", "Klacht", "Prijsafspraken"),
    "FR": ("Demande de devis", "Contrat", "Conditions de livraison", "Correspondance",
           "Confirmation de commande", "Réclamation", "Accord de prix"),
}  # fmt: skip
_DOCUMENT_TYPES: Final = {"customer": 10, "supplier": 20, "other": 55}
_RECENT: Final = 40.0
"""Business days within which orders and quotations are mostly still open."""


def volume(customers: int) -> int:
    """Records per kind for a customer base: tens, hundreds, then medium's three times."""
    return min(customers, 400) * (3 if customers > 400 else 1)


def _language(home: Locale) -> int:
    return 2 if home.language == "FR" else 1


def _stamp(timeline: Timeline, trng: random.Random, age: float) -> dict[str, datetime]:
    created, modified = timeline.audit(trng, age, 0.3)
    return {"Created": timeline.at(created), "Modified": timeline.at(modified)}


def _day(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def _dimensions(rng: random.Random, home: Locale, setup: datetime, sink: Sink) -> None:
    index = _language(home)
    rows = (("hrm/Costcenters", _COST_CENTERS, 6), ("hrm/Costunits", _COST_UNITS, 7))
    for path, table, rank in rows:
        for offset, entry in enumerate(table):
            moment = setup + timedelta(minutes=3, seconds=7 * offset + rank)
            record = {"ID": new_guid(rng), "Code": entry[0], "Description": entry[index]}
            sink.add(rank, path, record | {"Created": moment, "Modified": moment})


def _users(
    streams: Streams, home: Locale, count: int, timeline: Timeline, setup: datetime, sink: Sink
) -> None:
    rng, trng = streams("users"), streams("users.time")
    for number in range(count):
        person = invent_person(rng, home)
        local = email_local(person.first, person.middle, person.last, rng.randrange(4))
        email = f"{local}@{rng.choice(home.mail_providers)}"
        record: dict[str, Any] = {
            "UserID": new_guid(rng),
            "FirstName": person.first,
            "LastName": person.last,
            "Initials": person.initials,
            "Gender": person.gender,
            "Email": email,
            "UserName": email,
            "Language": home.language,
            "Mobile": invent_mobile(rng, home.country),
        }
        if person.middle:
            record["MiddleName"] = person.middle
        joined = trng.random()  # the first user set the division up; others joined later
        moment = (
            setup + timedelta(minutes=5) if number == 0 else timeline.at(timeline.span * joined)
        )
        sink.add(8, "users/Users", record | {"Created": moment, "Modified": moment})


def _projects(
    streams: Streams, home: Locale, count: int, customers: Sequence[Relation],
    timeline: Timeline, sink: Sink,
) -> None:  # fmt: skip
    rng, trng = streams("projects"), streams("projects.time")
    texts = _PROJECTS["FR" if home.language == "FR" else "NL"]
    for number in range(count):
        customer = rng.choice(customers)
        kind = rng.choices(*_PROJECT_TYPES)[0]
        budget = round(rng.uniform(2_000, 60_000), -2)
        place = rng.choice(customer.locale.places).city
        subject = customer.name if rng.random() < 0.6 else place
        record: dict[str, Any] = {
            "ID": new_guid(rng),
            "Description": rng.choice(texts).format(subject),
            "Account": customer.id,
            "Type": kind,
            "Code": f"{number + 1:04d}",
        }
        if kind in (2, 5):
            record |= {"BudgetedAmount": budget, "BudgetedRevenue": budget,
                       "BudgetedCosts": round(budget * rng.uniform(0.55, 0.8), 2)}  # fmt: skip
        age = customer.age * trng.random()
        stamp = _stamp(timeline, trng, age)
        start = _day(stamp["Created"])
        record["StartDate"] = start
        if trng.random() < 0.6:
            record["EndDate"] = start + timedelta(days=trng.choice((30, 60, 90, 180, 365)))
        sink.add(9, "project/Projects", record | stamp)


def _lines(
    rng: random.Random, items: Sequence[Item], weights: list[float], foreign: bool,
    ledger: Ledger, count: int,
) -> list[dict[str, Any]]:  # fmt: skip
    lines = []
    for _ in range(count):
        item = rng.choices(items, cum_weights=weights)[0]
        line: dict[str, Any] = {
            "ID": new_guid(rng),
            "Item": item.id,
            "Quantity": float(rng.choice((1, 1, 2, 3, 4, 5, 10, 12, 20, 25))),
            "UnitPrice": item.price,
        }
        if rng.random() < 0.1:
            line["Discount"] = rng.choice((0.05, 0.1))
        if foreign:
            line["VATCode"] = ledger.vat["sales_ic"]
        lines.append(line)
    return lines


def _cum(rng: random.Random, count: int, alpha: float) -> list[float]:
    total, out = 0.0, []
    for _ in range(count):
        total += rng.paretovariate(alpha)
        out.append(total)
    return out


def _orders(
    streams: Streams, home: Locale, count: int, ledger: Ledger, customers: Sequence[Relation],
    items: Sequence[Item], timeline: Timeline, sink: Sink,
) -> None:  # fmt: skip
    rng, trng = streams("orders"), streams("orders.time")
    customer_weights, item_weights = _cum(rng, len(customers), 1.3), _cum(rng, len(items), 1.6)
    texts = [text[2:] for text in home.invoice_texts]
    ages = {item.id: item.age for item in items}
    for _ in range(count):
        customer = rng.choices(customers, cum_weights=customer_weights)[0]
        lines = _lines(rng, items, item_weights, customer.foreign, ledger, rng.randint(1, 4))
        roll = rng.random()
        bound = min([customer.age, *(ages[line["Item"]] for line in lines)])
        age = bound * trng.random() ** 2  # orders are recent more often than not
        old = age > _RECENT
        if roll < (0.08 if old else 0.04):
            state = "cancelled"
        elif roll < (0.78 if old else 0.14):
            state = "complete"
        elif roll < (0.88 if old else 0.4):
            state = "partial"
        else:
            state = "open"
        for position, line in enumerate(lines):
            quantity = line["Quantity"]
            if state == "complete" or (state == "partial" and position == 0):
                line |= {"QuantityDelivered": quantity, "QuantityInvoiced": quantity}
            elif state == "partial" and rng.random() < 0.5:
                line["QuantityDelivered"] = max(1.0, quantity // 2)
            if rng.random() < 0.15:
                line["CostCenter"] = rng.choice(_COST_CENTERS[:3])[0]
        stamp = _stamp(timeline, trng, age)
        day = _day(stamp["Created"])
        record: dict[str, Any] = {
            "OrderID": new_guid(rng),
            "OrderedBy": customer.id,
            "OrderDate": day,
            "DeliveryDate": day + timedelta(days=rng.choice((0, 1, 3, 7, 14))),
            "Description": rng.choice(texts),
            "PaymentCondition": customer.terms,
        }
        if rng.random() < 0.5:
            record["YourRef"] = f"PO-{rng.randrange(10_000, 99_999)}"
        if state == "cancelled":
            record["Status"] = 45
        sink.add(10, "salesorder/SalesOrders", record | stamp | {"SalesOrderLines": lines})


def _quotations(
    streams: Streams, home: Locale, count: int, ledger: Ledger, customers: Sequence[Relation],
    items: Sequence[Item], timeline: Timeline, sink: Sink,
) -> None:  # fmt: skip
    rng, trng = streams("quotations"), streams("quotations.time")
    customer_weights, item_weights = _cum(rng, len(customers), 1.1), _cum(rng, len(items), 1.4)
    texts = [text[2:] for text in home.invoice_texts]
    ages = {item.id: item.age for item in items}
    for _ in range(count):
        customer = rng.choices(customers, cum_weights=customer_weights)[0]
        lines = _lines(rng, items, item_weights, customer.foreign, ledger, rng.randint(1, 3))
        bound = min([customer.age, *(ages[line["Item"]] for line in lines)])
        age = bound * trng.random()
        roll = rng.random()
        if age > _RECENT:
            status = 50 if roll < 0.55 else (5 if roll < 0.85 else 40)
        else:
            status = (20, 25, 40, 50, 5)[sum(roll >= edge for edge in (0.35, 0.6, 0.8, 0.9))]
        stamp = _stamp(timeline, trng, age)
        day = _day(stamp["Created"])
        record: dict[str, Any] = {
            "QuotationID": new_guid(rng),
            "OrderAccount": customer.id,
            "QuotationDate": day,
            "DueDate": day + timedelta(days=30),
            "Description": rng.choice(texts),
            "Status": status,
        }
        if status in (5, 50):
            record["CloseDate"] = min(
                day + timedelta(days=rng.randint(1, 20)), _day(stamp["Modified"])
            )
        sink.add(11, "crm/Quotations", record | stamp | {"QuotationLines": lines})


def _documents(
    streams: Streams, home: Locale, count: int, relations: Sequence[Relation],
    timeline: Timeline, sink: Sink,
) -> list[Record]:  # fmt: skip
    rng, trng = streams("documents"), streams("documents.time")
    subjects = _DOCUMENTS["FR" if home.language == "FR" else "NL"]
    attachments: list[Record] = []
    for number in range(count):
        relation = rng.choice(relations) if rng.random() < 0.6 else None
        subject = rng.choice(subjects)
        kind = "other"
        record: dict[str, Any] = {"ID": new_guid(rng), "Subject": subject}
        if relation is not None:
            kind = "customer" if relation.customer else "supplier"
            record["Account"] = relation.id
            record["Subject"] = f"{subject} {relation.name}"
        record["Type"] = _DOCUMENT_TYPES[kind] if rng.random() < 0.3 else _DOCUMENT_TYPES["other"]
        age = (relation.age if relation else timeline.span) * trng.random()
        stamp = _stamp(timeline, trng, age)
        record["DocumentDate"] = _day(stamp["Created"])
        sink.add(12, "documents/Documents", record | stamp)
        if rng.random() < 0.85:
            attachments.append(_attachment(rng, record, number))
    return attachments


def _attachment(rng: random.Random, document: dict[str, Any], number: int) -> Record:
    subject = document["Subject"]
    if rng.random() < 0.6:
        name = f"document{number + 1:04d}.pdf"
        content = simple_pdf(subject, [f"{document['DocumentDate']:%d-%m-%Y}", "", subject])
    else:
        name = f"notitie{number + 1:04d}.txt"
        content = f"{subject}\r\n{document['DocumentDate']:%d-%m-%Y}\r\n".encode()
    record = {
        "ID": new_guid(rng),
        "Document": document["ID"],
        "FileName": name,
        "Attachment": base64.b64encode(content).decode("ascii"),
    }
    return "documents/DocumentAttachments", record


def build_commerce(
    streams: Streams,
    home: Locale,
    counts: Counts,
    ledger: Ledger,
    timeline: Timeline,
    setup: datetime,
    relations: Sequence[Relation],
    items: Sequence[Item],
    invoices: Sequence[dict[str, Any]],
    sink: Sink,
) -> list[Record]:
    """Add the division's commercial records to `sink`; return its attachments.

    Args:
        streams: returns the division's random stream of a given name.
        home: the division's own locale.
        counts: the division's size; commercial volumes follow its customer count.
        ledger: master data (the intra-EU VAT code for customers abroad).
        timeline: maps ages onto dates before `today`.
        setup: when the division was set up; cost centres, units and the first user date
            from then.
        relations: every account (customers are the non-blocked ones with a sales role).
        items: every item.
        invoices: the division's sales invoices; orders and quotations sell the items they
            sell (the catalogue's slow movers stay unsold, as in a real catalogue).
        sink: where the records go, to be merged chronologically with the others.

    Returns:
        `documents/DocumentAttachments` records, to be loaded after everything in `sink`.
    """
    amount = volume(counts.customers)
    _dimensions(streams("dimensions"), home, setup, sink)
    _users(streams, home, 2 + min(6, amount // 60), timeline, setup, sink)
    customers = [rel for rel in relations if rel.customer and not rel.blocked]
    sold = {line["Item"] for invoice in invoices for line in invoice["SalesInvoiceLines"]}
    sellable = [item for item in items if item.id in sold]
    if not customers or not sellable:
        return []
    _projects(streams, home, max(3, amount // 5), customers, timeline, sink)
    _quotations(streams, home, amount * 3 // 5, ledger, customers, sellable, timeline, sink)
    _orders(streams, home, amount, ledger, customers, sellable, timeline, sink)
    return _documents(streams, home, amount * 4 // 5, relations, timeline, sink)
