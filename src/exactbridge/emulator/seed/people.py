"""Invent people, companies and addresses of one locale from its word lists.

Dutch conventions are kept: the tussenvoegsel is a separate `MiddleName` ("Jan" "van der"
"Meer") and is capitalised when a company name starts with it ("Van der Meer Installatie-
techniek B.V."); Flemish and Walloon surnames carry their particle ("Van den Broeck").
Postcodes follow the national formats (`1234 AB`, `1000`, `10115`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Final

from exactbridge.emulator.seed.identifiers import (
    be_iban,
    be_mobile,
    be_phone,
    be_vat,
    de_iban,
    de_phone,
    de_vat,
    kvk_number,
    nl_iban,
    nl_mobile,
    nl_phone,
    nl_vat,
)
from exactbridge.emulator.seed.names import Locale, Place

__all__ = [
    "Address",
    "Person",
    "invent_address",
    "invent_company",
    "invent_iban",
    "invent_mobile",
    "invent_person",
    "invent_phone",
    "invent_registration",
    "split_surname",
]

# Letters used in Dutch postcodes; the combinations SA, SD and SS are never issued.
_PC_LETTERS: Final = "ABCDEGHJKLMNPRTVWXZ"
_FIRM_WORDS: Final = {"NL": ("Accountants", "Advocaten", "Notarissen", "Architecten")}


@dataclass(frozen=True)
class Person:
    """A person's name split the way Exact stores it."""

    first: str
    middle: str
    last: str
    gender: str

    @property
    def full(self) -> str:
        """First, middle and last name joined ("Jan van der Meer")."""
        return " ".join(part for part in (self.first, self.middle, self.last) if part)

    @property
    def initials(self) -> str:
        """Initials of the first name(s) ("P.J." for "Pieter-Jan")."""
        return "".join(part[:1] + "." for part in self.first.split("-"))


@dataclass(frozen=True)
class Address:
    """A street address with the phone area code of its city."""

    line1: str
    postcode: str
    city: str
    country: str
    area: str


def split_surname(surname: str) -> tuple[str, str]:
    """Split a Dutch surname into tussenvoegsel and name: "van der Meer" -> ("van der", "Meer")."""
    words = surname.split()
    index = 0
    while index < len(words) - 1 and (words[index].islower() or words[index] == "'t"):
        index += 1
    return " ".join(words[:index]), " ".join(words[index:])


def capitalise(surname: str) -> str:
    """Capitalise a surname at the start of a name ("van Dijk" -> "Van Dijk")."""
    return surname[:1].upper() + surname[1:]


def invent_person(rng: random.Random, locale: Locale) -> Person:
    """Draw a person of `locale`; only Dutch names get a separate tussenvoegsel."""
    gender = "M" if rng.random() < 0.5 else "V"
    first = rng.choice(locale.male if gender == "M" else locale.female)
    surname = rng.choice(locale.surnames)
    middle, last = split_surname(surname) if locale.key == "NL" else ("", surname)
    return Person(first, middle, last, gender)


def invent_company(rng: random.Random, locale: Locale) -> tuple[str, str, Place | None]:
    """Draw a company name and its legal form ("" for a sole trader / eenmanszaak).

    Returns:
        `(name including legal form, legal form, place)`; `place` is set when the name
        contains a city ("Drukkerij Zwolle"), so that the address can be there too.
    """
    place = None
    form = rng.choices(locale.legal_forms, weights=locale.legal_weights)[0]
    surname = capitalise(rng.choice(locale.surnames))
    pattern = rng.randrange(10)
    if pattern <= 2:
        base = f"{surname} {rng.choice(locale.activities)}"
    elif pattern <= 4:
        base = f"{rng.choice(locale.trades)} {surname}"
    elif pattern <= 6:
        suffix = rng.choice(locale.brand_suffixes)
        glue = "" if suffix[:1].islower() else " "  # "Polderbouw", but "Schelde Logistics"
        base = f"{rng.choice(locale.brands)}{glue}{suffix}"
    elif pattern == 7:
        base = f"{rng.choice(locale.venues)} {rng.choice(locale.venue_names)}"
    elif pattern == 8:
        other = capitalise(rng.choice(locale.surnames))
        words = _FIRM_WORDS.get(locale.key)
        tail = f" {rng.choice(words)}" if words and rng.random() < 0.3 else ""
        base = f"{surname} & {other}{tail}" if other != surname else f"{surname} & Zn."
    else:
        place = rng.choice(locale.places)
        base = f"{rng.choice(locale.trades)} {place.city}"
    return (f"{base} {form}" if form else base), form, place


def _house_number(rng: random.Random, locale: Locale) -> str:
    number = str(int(rng.triangular(1, 260, 14)))
    roll = rng.random()
    if locale.key == "NL":
        if roll < 0.10:
            return number + rng.choice("ABC")
        if roll < 0.15:
            return f"{number}-{rng.randint(1, 4)}"
    elif locale.key == "BE-NL" and roll < 0.12:
        return f"{number} bus {rng.randint(1, 12)}"
    elif locale.key == "BE-FR" and roll < 0.12:
        return f"{number} bte {rng.randint(1, 12)}"
    elif locale.key == "DE" and roll < 0.08:
        return number + "a"
    return number


def _postcode(rng: random.Random, locale: Locale, place: Place) -> str:
    if locale.country != "NL":
        return str(place.low)
    letters = "SA"
    while letters in {"SA", "SD", "SS"}:
        letters = rng.choice(_PC_LETTERS + "S") + rng.choice(_PC_LETTERS)
    return f"{rng.randint(place.low, place.high)} {letters}"


def invent_address(rng: random.Random, locale: Locale, place: Place | None = None) -> Address:
    """Draw a street address in `locale` (in `place` when given)."""
    spot = place or rng.choice(locale.places)
    line = f"{rng.choice(locale.streets)} {_house_number(rng, locale)}"
    return Address(line, _postcode(rng, locale, spot), spot.city, locale.country, spot.area)


def invent_phone(rng: random.Random, country: str, area: str) -> str:
    """Draw a landline number for `country` in the area code `area`."""
    if country == "NL":
        return nl_phone(rng, area)
    if country == "BE":
        return be_phone(rng, area)
    return de_phone(rng, area)


def invent_mobile(rng: random.Random, country: str) -> str:
    """Draw a mobile number for `country`."""
    if country == "NL":
        return nl_mobile(rng)
    if country == "BE":
        return be_mobile(rng)
    return de_phone(rng, rng.choice(("0151", "0160", "0171", "0176")))


def invent_registration(rng: random.Random, country: str, form: str) -> tuple[str, str]:
    """Draw a VAT number and Chamber of Commerce number for a company.

    Returns:
        `(VATNumber, ChamberOfCommerce)`: KvK for NL, KBO (the VAT digits) for BE, "" for DE.
    """
    if country == "NL":
        return nl_vat(rng, sole_trader=not form), kvk_number(rng)
    if country == "BE":
        vat = be_vat(rng)
        return vat, vat[2:]
    return de_vat(rng), ""


def invent_iban(rng: random.Random, country: str) -> tuple[str, str]:
    """Draw an IBAN and BIC of a bank in `country`."""
    if country == "NL":
        return nl_iban(rng)
    if country == "BE":
        return be_iban(rng)
    return de_iban(rng)
