"""Business data of one division: relations, contacts, addresses, bank accounts, items, invoices.

Two kinds of random stream are used per entity: an *identity* stream (`"accounts"`) for keys,
names, codes, amounts and references, and a *time* stream (`"accounts.time"`) for when things
happened. The identity streams never see the date, so IDs and names stay the same when only
`today` changes; dates are "ages" in business days before `today`, mapped onto office hours.

Children are never older than their parents (a contact is created after its account, an
invoice after its customer and its items), so the records can be fed to the emulator in
chronological order, which is also a dependency order.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Final

from exactbridge.emulator.seed.commerce import build_commerce
from exactbridge.emulator.seed.entries import build_entries
from exactbridge.emulator.seed.identifiers import ascii_fold, domain_for, email_local, new_guid
from exactbridge.emulator.seed.ledger import Ledger
from exactbridge.emulator.seed.names import LOCALES, Locale
from exactbridge.emulator.seed.people import (
    Person,
    invent_address,
    invent_company,
    invent_iban,
    invent_mobile,
    invent_person,
    invent_phone,
    invent_registration,
)
from exactbridge.emulator.seed.sales import build_item_groups, build_items, build_sales_invoices

__all__ = ["Counts", "Relation", "Timeline", "build_business"]

Record = tuple[str, dict[str, Any]]
Streams = Callable[[str], random.Random]

_CUSTOMER_MIX: Final = {
    "NL": (("NL", "BE-NL", "BE-FR", "DE"), (86, 5, 2, 7)),
    "BE-NL": (("BE-NL", "BE-FR", "NL", "DE"), (66, 20, 8, 6)),
    "BE-FR": (("BE-FR", "BE-NL", "NL", "DE"), (66, 20, 8, 6)),
}
_SUPPLIER_MIX: Final = {
    "NL": (("NL", "BE-NL", "BE-FR", "DE"), (78, 6, 2, 14)),
    "BE-NL": (("BE-NL", "BE-FR", "NL", "DE"), (58, 18, 12, 12)),
    "BE-FR": (("BE-FR", "BE-NL", "NL", "DE"), (58, 18, 12, 12)),
}
_ATTENTION: Final = {
    "NL": "t.a.v. crediteurenadministratie",
    "BE-NL": "t.a.v. boekhouding",
    "BE-FR": "à l'attention de la comptabilité",
    "DE": "z. Hd. Buchhaltung",
}
_LEGAL_WORDS: Final = (
    "B.V.",
    "V.O.F.",
    "BV",
    "NV",
    "CommV",
    "SRL",
    "SA",
    "SComm",
    "GmbH",
    "&",
    "Co.",
    "KG",
    "e.K.",
    "Zn.",
)
_AND: Final = {"NL": "en", "FR": "et", "DE": "und"}
_SALES_TERMS: Final = (("30", "14", "00", "60"), (55, 30, 8, 7))
_PURCHASE_TERMS: Final = (("30", "14", "60", "00"), (62, 22, 12, 4))


@dataclass(frozen=True)
class Counts:
    """How many records of each kind a division gets."""

    customers: int
    suppliers: int
    contacts: int
    items: int
    invoices: int


class Timeline:
    """Maps ages (business days before `today`) to office-hour wall-clock datetimes.

    Age 0 is 18:00 on the last business day before `today`; age 1 is 18:00 one business
    day earlier, and fractions in between run backwards from 18:00 to 07:30. The mapping is
    monotonic: a smaller age is never an earlier moment, and nothing reaches `today`.

    Attributes:
        span: business days in the `horizon` calendar days before `today`.
    """

    def __init__(self, today: date, horizon: int = 730) -> None:
        end = today - timedelta(days=1)
        while end.weekday() >= 5:
            end -= timedelta(days=1)
        self._end = end
        start = today - timedelta(days=horizon)
        self.span = sum(
            1
            for offset in range((end - start).days + 1)
            if (start + timedelta(days=offset)).weekday() < 5
        )

    def day(self, age: float) -> date:
        """The business day `int(age)` business days before the last one before `today`."""
        weeks, rest = divmod(int(max(age, 0.0)), 5)
        current = self._end - timedelta(weeks=weeks)
        while rest:
            current -= timedelta(days=1)
            if current.weekday() < 5:
                rest -= 1
        return current

    def at(self, age: float) -> datetime:
        """The moment `age` business days before `today`, in office hours, to the millisecond."""
        age = max(age, 0.0)
        current = self.day(age)
        millis = int((1.0 - (age - int(age))) * 10.5 * 3_600_000)
        start = datetime(current.year, current.month, current.day, 7, 30)  # noqa: DTZ001
        return start + timedelta(milliseconds=millis)

    def audit(
        self,
        rng: random.Random,
        age: float,
        edited: float = 0.35,
        recent: float = 0.1,
        window: float | None = None,
    ) -> tuple[float, float]:
        """Draw (created age, modified age).

        A share `recent` of records was modified in the last eight business days, a share
        `edited` some time after creation (within `window` business days when given), and
        the rest never (Modified equals Created).
        """
        roll, share = rng.random(), rng.random()
        if roll < recent:
            return age, min(age, share * 8.0)
        if roll < recent + edited:
            return age, age - share * min(age, window if window is not None else age)
        return age, age


@dataclass
class Relation:
    """A generated crm/Accounts row plus what later records need to know about it."""

    id: str
    age: float
    name: str
    locale: Locale
    customer: bool
    supplier: bool
    blocked: bool
    person: Person | None
    domain: str
    email: str
    area: str
    terms: str
    mail_style: int
    foreign: bool
    record: dict[str, Any] = field(repr=False)


class _Sink:
    """Collects records with their creation moment for a chronological merge."""

    def __init__(self) -> None:
        self.rows: list[tuple[datetime, int, int, str, dict[str, Any]]] = []

    def add(self, rank: int, path: str, record: dict[str, Any]) -> None:
        self.rows.append((record["Created"], rank, len(self.rows), path, record))

    def records(self) -> Iterator[Record]:
        for _, _, _, path, record in sorted(self.rows, key=lambda row: row[:3]):
            yield path, record


def _stamp(
    timeline: Timeline,
    rng: random.Random,
    age: float,
    edited: float = 0.35,
) -> dict[str, datetime]:
    created, modified = timeline.audit(rng, age, edited)
    return {"Created": timeline.at(created), "Modified": timeline.at(modified)}


def _relations(
    streams: Streams, home: Locale, counts: Counts, ledger: Ledger, timeline: Timeline
) -> list[Relation]:
    rng, trng = streams("accounts"), streams("accounts.time")
    overlap = counts.suppliers // 5
    roles = (
        [(True, False)] * (counts.customers - overlap)
        + [(True, True)] * overlap
        + [(False, True)] * (counts.suppliers - overlap)
    )
    rng.shuffle(roles)
    ages = sorted((timeline.span * (1.0 - trng.random() ** 1.5) for _ in roles), reverse=True)
    seen: set[str] = set()
    relations = []
    for index, ((customer, supplier), age) in enumerate(zip(roles, ages, strict=True)):
        keys, weights = (_CUSTOMER_MIX if customer else _SUPPLIER_MIX)[home.key]
        locale = LOCALES[rng.choices(keys, weights=weights)[0]]
        private = (
            customer and not supplier and locale.country == home.country and (rng.random() < 0.12)
        )
        person = invent_person(rng, locale) if private else None
        name, form, place = (person.full, "", None) if person else invent_company(rng, locale)
        while name in seen:
            name, form, place = invent_company(rng, locale)
        seen.add(name)
        address = invent_address(rng, locale, place)
        domain = domain_for(name, locale.tld, _LEGAL_WORDS, _AND[locale.language])
        foreign = locale.country != home.country
        if person:
            local = email_local(person.first, person.middle, person.last, rng.choice((0, 1, 3)))
            email = f"{local}{rng.choice(('', str(rng.randint(1, 99))))}@"
            email += rng.choice(locale.mail_providers)
            phone = invent_mobile(rng, locale.country)
        else:
            email = f"{rng.choice(locale.mailboxes)}@{domain}"
            phone = invent_phone(rng, locale.country, address.area)
        record: dict[str, Any] = {
            "ID": new_guid(rng),
            "Code": str(1001 + index),
            "Name": name,
        }
        if customer:
            record["Status"] = "C"
        blocked = customer and not supplier and rng.random() < 0.03
        record |= {
            "IsSupplier": supplier,
            "Blocked": blocked,
            "AddressLine1": address.line1,
            "Postcode": address.postcode,
            "City": address.city,
            "Country": locale.country,
            "Email": email,
            "Phone": phone,
            "Language": locale.language,
            "SearchCode": "".join(c for c in ascii_fold(name).upper() if c.isalnum())[:10],
        }
        if not person:
            if rng.random() < 0.75:
                record["Website"] = f"www.{domain}"
            vat, chamber = invent_registration(rng, locale.country, form)
            record["VATNumber"] = vat
            if chamber:
                record["ChamberOfCommerce"] = chamber
        terms = "00"
        if customer:
            terms = rng.choices(*_SALES_TERMS)[0] if not person else rng.choice(("00", "14"))
            record["PaymentConditionSales"] = terms
            record["SalesVATCode"] = ledger.vat["sales_ic" if foreign else "sales_high"]
        if supplier:
            record["PaymentConditionPurchase"] = rng.choices(*_PURCHASE_TERMS)[0]
            record["PurchaseVATCode"] = ledger.vat["purchase_ic" if foreign else "purchase_high"]
        if customer and locale.remarks and rng.random() < 0.06:
            record["Remarks"] = rng.choice(locale.remarks)
        record |= _stamp(timeline, trng, age)
        relations.append(
            Relation(
                record["ID"],
                age,
                name,
                locale,
                customer,
                supplier,
                blocked,
                person,
                domain,
                email,
                address.area,
                terms,
                rng.randrange(4),
                foreign,
                record,
            )
        )
    return relations


def _contacts(
    streams: Streams, relations: list[Relation], total: int, timeline: Timeline, sink: _Sink
) -> None:
    rng, trng = streams("contacts"), streams("contacts.time")
    per = [1 if index < total else 0 for index in range(len(relations))]
    companies = [index for index, rel in enumerate(relations) if rel.person is None]
    for _ in range(max(0, total - len(relations))):
        per[rng.choice(companies)] += 1
    for rel, count in zip(relations, per, strict=True):
        for number in range(count):
            person = rel.person or invent_person(rng, rel.locale)
            record: dict[str, Any] = {
                "ID": new_guid(rng),
                "Account": rel.id,
                "FirstName": person.first,
            }
            if person.middle:
                record["MiddleName"] = person.middle
            record |= {
                "LastName": person.last,
                "Initials": person.initials,
                "Gender": person.gender,
            }
            if rel.person:
                record |= {"Email": rel.email, "Phone": rel.record["Phone"]}
            else:
                local = email_local(person.first, person.middle, person.last, rel.mail_style)
                record["Email"] = f"{local}@{rel.domain}"
                if rng.random() < 0.5:
                    record["Phone"] = invent_phone(rng, rel.locale.country, rel.area)
                if rng.random() < 0.55:
                    record["Mobile"] = invent_mobile(rng, rel.locale.country)
                if rng.random() < 0.85:
                    record["JobTitleDescription"] = rng.choice(rel.locale.job_titles)
            share = trng.random()
            age = max(rel.age - 0.001, 0.0) if number == 0 else rel.age * share
            sink.add(3, "crm/Contacts", record | _stamp(timeline, trng, age, 0.25))


def _addresses(
    streams: Streams, relations: list[Relation], timeline: Timeline, sink: _Sink
) -> None:
    rng, trng = streams("addresses"), streams("addresses.time")
    for rel in relations:
        roll = rng.random()
        if rel.person or roll >= 0.45:
            continue
        kind = 3 if roll < 0.25 else (4 if roll < 0.39 else 1)
        place = rng.choice(rel.locale.places)
        address = invent_address(rng, rel.locale, place)
        record: dict[str, Any] = {
            "ID": new_guid(rng),
            "Account": rel.id,
            "Type": kind,
            "Main": kind != 1,
            "AddressLine1": address.line1,
        }
        if kind == 3:
            if rel.locale.key == "NL" and rng.random() < 0.6:
                record["AddressLine1"] = f"{rel.locale.box_word} {rng.randint(10, 9999)}"
            record["AddressLine2"] = _ATTENTION[rel.locale.key]
        record |= {"Postcode": address.postcode, "City": address.city, "Country": address.country}
        sink.add(4, "crm/Addresses", record | _stamp(timeline, trng, rel.age * trng.random()))


def _bank_accounts(
    streams: Streams, relations: list[Relation], timeline: Timeline, sink: _Sink
) -> None:
    rng, trng = streams("bank"), streams("bank.time")
    for rel in relations:
        wanted = 1.0 if rel.supplier else (0.1 if rel.person else 0.35)
        if rng.random() >= wanted:
            continue
        iban, bic = invent_iban(rng, rel.locale.country)
        record = {
            "ID": new_guid(rng),
            "Account": rel.id,
            "BankAccount": iban,
            "BICCode": bic,
            "BankAccountHolderName": rel.name,
            "Main": True,
        }
        age = max(rel.age - 0.002 - 0.05 * trng.random(), 0.0)
        sink.add(2, "crm/BankAccounts", record | _stamp(timeline, trng, age, 0.05))


def build_business(
    streams: Streams,
    home: Locale,
    counts: Counts,
    ledger: Ledger,
    timeline: Timeline,
    setup: datetime,
) -> Iterator[Record]:
    """Yield the division's business records in chronological (and dependency) order.

    Args:
        streams: returns the division's random stream of a given name.
        home: the division's own locale (`NL`, `BE-NL` or `BE-FR`).
        counts: how many customers, suppliers, contacts, items and invoices to make.
        ledger: master data the records refer to.
        timeline: maps ages onto dates before `today`.
        setup: when the division was set up; item groups are stamped then.
    """
    groups, group_records = build_item_groups(streams("itemgroups"), home, ledger, setup)
    yield from group_records
    sink = _Sink()
    items = build_items(streams, home, counts.items, ledger, groups, timeline)
    for item in items:
        sink.add(1, "logistics/Items", item.record)
    relations = _relations(streams, home, counts, ledger, timeline)
    for rel in relations:
        sink.add(0, "crm/Accounts", rel.record)
    _bank_accounts(streams, relations, timeline, sink)
    _contacts(streams, relations, counts.contacts, timeline, sink)
    _addresses(streams, relations, timeline, sink)
    customers = [rel for rel in relations if rel.customer and not rel.blocked]
    invoices = list(
        build_sales_invoices(streams, home, counts.invoices, ledger, customers, items, timeline)
    )
    for invoice in invoices:
        sink.add(5, "salesinvoice/SalesInvoices", invoice)
    for path, record in build_entries(streams, home, counts, ledger, relations, timeline, setup):
        sink.add(6, path, record)
    files = build_commerce(
        streams, home, counts, ledger, timeline, setup, relations, items, invoices, sink
    )
    yield from sink.records()
    yield from files  # attachments have no timestamps; their documents are loaded by now
