"""The seeded world: one licence holder, one user, and one SME per Exact division.

`generate_world(seed, divisions, size, today=...)` is a pure function: the same arguments
give equal (and identically ordered) output. Randomness comes from `random.Random` streams
named by `(seed, division index, purpose)`, so

- adding divisions never changes earlier ones;
- changing `today` only moves dates: every ID, code, name and amount stays the same;
- GUIDs are `uuid.UUID(int=rng.getrandbits(128), version=4)`, never `uuid4()`.

Divisions alternate legislation NL, BE, NL, …; a Belgian division is Flemish (Dutch) or
Walloon (French), which sets the language of its chart of accounts and catalogue.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Final, Literal, get_args

from exactbridge.emulator.seed.business import Counts, Timeline, build_business
from exactbridge.emulator.seed.identifiers import domain_for, email_local, new_guid, nl_vat
from exactbridge.emulator.seed.ledger import build_ledger
from exactbridge.emulator.seed.names import LOCALES
from exactbridge.emulator.seed.people import (
    invent_address,
    invent_company,
    invent_mobile,
    invent_person,
    invent_phone,
    invent_registration,
)

__all__ = ["SIZES", "DivisionSeed", "Size", "World", "division_code", "generate_world"]

Size = Literal["small", "medium", "large"]

SIZES: Final[dict[str, Counts]] = {
    "small": Counts(customers=25, suppliers=10, contacts=60, items=20, invoices=40),
    "medium": Counts(customers=400, suppliers=150, contacts=900, items=250, invoices=3_000),
    "large": Counts(customers=4_000, suppliers=1_500, contacts=9_000, items=2_500, invoices=30_000),
}
"""Records per division for each size."""

MAX_DIVISIONS: Final = 1_000
_TEMPLATES: Final = {"NL": "NL_Base", "BE": "BE_Base"}
_FIRM_TRADES: Final = ("Administratiekantoor", "Accountantskantoor", "Boekhoudkantoor")
_LEGAL: Final = ("B.V.", "V.O.F.", "BV", "NV", "CommV", "SRL", "SA", "SComm", "&", "Zn.")


@dataclass(frozen=True)
class DivisionSeed:
    """One Exact division ("administratie") and the records to load into it.

    Attributes:
        code: Exact division code (7 digits).
        legislation: `NL` or `BE`.
        division: one row of `system/Divisions` fields.
        records: `(entity path, record)` pairs in dependency (and chronological) order.
    """

    code: int
    legislation: str
    division: dict[str, Any]
    records: tuple[tuple[str, dict[str, Any]], ...]


@dataclass(frozen=True)
class World:
    """Everything the emulator loads at start-up.

    Attributes:
        user: the one user, as `current/Me` fields.
        customer: the licence holder: `ID`, `Code`, `Name`, `VATNumber`.
        divisions: the divisions, in order; division 1 is Dutch.
    """

    user: dict[str, Any]
    customer: dict[str, Any]
    divisions: tuple[DivisionSeed, ...]


def _stream(seed: int, *parts: object) -> random.Random:
    """A named random stream; string seeds are hashed with SHA-512, stable across runs."""
    name = "/".join(("exactbridge-seed", str(seed), *(str(part) for part in parts)))
    return random.Random(name)  # noqa: S311 - reproducible test data, not cryptography


def division_code(seed: int, index: int) -> int:
    """The 7-digit code of division `index` (0-based) in the world of `seed`."""
    base = _stream(seed, "licence").randrange(1_000_000, 8_900_000)
    return base + 97 * index + _stream(seed, index, "code").randrange(97)


def _licence(seed: int, first_division: int) -> tuple[dict[str, Any], dict[str, Any]]:
    rng = _stream(seed, "licence", "holder")
    locale = LOCALES["NL"]
    founder = invent_person(rng, locale)
    surname = " ".join(part for part in (founder.middle, founder.last) if part)
    name = f"{rng.choice(_FIRM_TRADES)} {surname[:1].upper() + surname[1:]} B.V."
    customer = {
        "ID": new_guid(rng),
        "Code": str(rng.randrange(1_000_000, 9_999_999)),
        "Name": name,
        "VATNumber": nl_vat(rng),
    }
    person = invent_person(rng, locale)
    place = rng.choice(locale.places)
    email = f"{email_local(person.first, person.middle, person.last, 1)}@" + domain_for(
        name, "nl", _LEGAL
    )
    user: dict[str, Any] = {
        "UserID": new_guid(rng),
        "FullName": person.full,
        "FirstName": person.first,
        "LastName": person.last,
        "Initials": person.initials,
        "Title": "Dhr." if person.gender == "M" else "Mevr.",
        "Gender": person.gender,
        "Email": email,
        "UserName": email,
        "LanguageCode": "nl-NL",
        "Language": "NL",
        "Phone": invent_phone(rng, "NL", place.area),
        "Mobile": invent_mobile(rng, "NL"),
        "Legislation": "1",
        "CustomerCode": customer["Code"],
        "PackageCode": "EOLAPPCENTER",
        "CurrentDivision": first_division,
        "AccountingDivision": first_division,
        "DivisionCustomer": customer["ID"],
        "DivisionCustomerCode": customer["Code"],
        "DivisionCustomerName": name,
        "DivisionCustomerVatNumber": customer["VATNumber"],
        "IsClientUser": False,
        "IsEmployeeSelfServiceUser": False,
        "IsMyFirmLiteUser": False,
        "IsMyFirmPortalUser": False,
        "IsStarterUser": False,
    }
    if person.middle:
        user["MiddleName"] = person.middle
    return user, customer


def _division(
    seed: int, index: int, counts: Counts, customer: dict[str, Any], today: date
) -> DivisionSeed:
    code = division_code(seed, index)
    legislation = "NL" if index % 2 == 0 else "BE"
    rng = _stream(seed, index, "division")
    if legislation == "NL":
        home = LOCALES["NL"]
    else:
        home = LOCALES["BE-NL" if rng.random() < 0.6 else "BE-FR"]
    name, form, place = invent_company(rng, home)
    while any(venue in name for venue in home.venues):  # a hospitality SME rarely invoices B2B
        name, form, place = invent_company(rng, home)
    address = invent_address(rng, home, place)
    vat, chamber = invent_registration(rng, home.country, form)
    domain = domain_for(name, home.tld, _LEGAL, "et" if home.language == "FR" else "en")
    phone = invent_phone(rng, home.country, address.area)

    def streams(purpose: str) -> random.Random:
        return _stream(seed, index, purpose)

    timeline = Timeline(today)
    jitter = _stream(seed, index, "division.time").random()
    setup = timeline.at(timeline.span + 0.4 + 0.2 * jitter)
    start = datetime(today.year - 2, 1, 1)  # noqa: DTZ001 - Exact wall-clock date
    row = {
        "Code": code,
        "Description": name,
        "Country": home.country,
        "Currency": "EUR",
        "Legislation": legislation,
        "TemplateCode": _TEMPLATES[legislation],
        "VATNumber": vat,
        "ChamberOfCommerceNumber": chamber,
        "AddressLine1": address.line1,
        "City": address.city,
        "Postcode": address.postcode,
        "Email": f"info@{domain}",
        "Phone": phone,
        "Website": f"www.{domain}",
        "StartDate": start,
        "Status": 1,
        "BlockingStatus": 0,
        "IsMainDivision": index == 0,
        "IsDossierDivision": False,
        "IsPracticeDivision": False,
        "IsHRDivision": False,
        "Customer": customer["ID"],
        "CustomerCode": customer["Code"],
        "CustomerName": customer["Name"],
        "Created": setup - timedelta(minutes=2),
        "Modified": setup - timedelta(minutes=2),
        "Hid": str(index + 1),
    }
    ledger = build_ledger(streams("ledger"), legislation, home.language, today, setup)
    records = (*ledger.records, *build_business(streams, home, counts, ledger, timeline, setup))
    return DivisionSeed(code, legislation, row, records)


def generate_world(seed: int, divisions: int = 2, size: Size = "small", *, today: date) -> World:
    """Generate the emulator's seed data.

    Args:
        seed: any integer; the same arguments always give equal worlds.
        divisions: how many divisions (1 to 1,000); they alternate NL, BE, NL, ….
        size: `small`, `medium` or `large` (see `SIZES`).
        today: the date the data leads up to; records are dated in the two years before it
            and financial periods cover `today.year - 2` to `today.year + 1`.

    Raises:
        ValueError: `divisions` or `size` is out of range.
    """
    if size not in get_args(Size):
        msg = f"size must be one of {get_args(Size)}, not {size!r}"
        raise ValueError(msg)
    if not 1 <= divisions <= MAX_DIVISIONS:
        msg = f"divisions must be between 1 and {MAX_DIVISIONS}, not {divisions}"
        raise ValueError(msg)
    user, customer = _licence(seed, division_code(seed, 0))
    counts = SIZES[size]
    seeds = tuple(_division(seed, index, counts, customer, today) for index in range(divisions))
    return World(user=user, customer=customer, divisions=seeds)
