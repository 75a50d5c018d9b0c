"""Identifiers with valid check digits: GUIDs, IBANs, VAT numbers, KvK/KBO, phones, e-mail.

Everything is drawn from a caller-supplied `random.Random`, so the same generator state gives
the same identifiers. Check digits follow the real schemes:

- IBAN: ISO 13616 mod-97 (letters A=10 … Z=35, rearranged, `98 - n mod 97`). Dutch account
  numbers outside ING also pass the old "elfproef"; Belgian BBANs carry their national mod-97
  pair (`first ten digits mod 97`, 0 written as 97).
- Dutch VAT: `NL` + RSIN + `B01` where the RSIN passes the 11-test, or (sole traders since
  2020) a number whose full text passes ISO 7064 mod 97-10.
- Belgian VAT/KBO: `BE0` + 7 digits + `97 - (first eight digits mod 97)`.
- German VAT: `DE` + 8 digits + ISO 7064 MOD 11,10 check digit.
"""

from __future__ import annotations

import random
import unicodedata
import uuid
from typing import Final

__all__ = [
    "BE_BANKS",
    "DE_BANKS",
    "NL_BANKS",
    "ascii_fold",
    "be_iban",
    "be_mobile",
    "be_phone",
    "be_vat",
    "de_iban",
    "de_phone",
    "de_vat",
    "domain_for",
    "email_local",
    "iban_check_digits",
    "is_valid_iban",
    "kvk_number",
    "make_iban",
    "new_guid",
    "nl_iban",
    "nl_mobile",
    "nl_phone",
    "nl_vat",
]

# Bank code -> BIC. Weights roughly follow market share among Dutch SMEs.
NL_BANKS: Final[dict[str, str]] = {
    "INGB": "INGBNL2A",
    "RABO": "RABONL2U",
    "ABNA": "ABNANL2A",
    "TRIO": "TRIONL2U",
    "SNSB": "SNSBNL2A",
    "ASNB": "ASNBNL21",
    "KNAB": "KNABNL2H",
    "BUNQ": "BUNQNL2A",
}
_NL_BANK_WEIGHTS: Final = (30, 28, 24, 4, 5, 3, 4, 2)
# Belgian bank protocol prefix (first three BBAN digits) -> BIC.
BE_BANKS: Final[dict[str, str]] = {
    "735": "KREDBEBB",
    "001": "GEBABEBB",
    "068": "GKCCBEBB",
    "363": "BBRUBEBB",
    "973": "ARSPBE22",
    "103": "NICABEBB",
    "143": "GEBABEBB",
    "751": "AXABBE22",
}
_BE_BANK_WEIGHTS: Final = (28, 26, 16, 16, 6, 4, 2, 2)
# German Bankleitzahl -> BIC.
DE_BANKS: Final[dict[str, str]] = {
    "37040044": "COBADEFFXXX",
    "10070000": "DEUTDEBBXXX",
    "50010517": "INGDDEFFXXX",
    "37050198": "COLSDE33XXX",
    "30050110": "DUSSDEDDXXX",
}

_FOLD_EXTRA: Final = str.maketrans({"ß": "ss", "ı": "i", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l"})


def new_guid(rng: random.Random) -> str:
    """Draw a version-4 GUID from `rng`, lower-case as Exact writes it."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _digits(rng: random.Random, count: int) -> str:
    return f"{rng.randrange(10**count):0{count}d}"


# --- IBAN -------------------------------------------------------------------------------


def _iban_number(text: str) -> int:
    return int("".join(str(int(char, 36)) for char in text))


def iban_check_digits(country: str, bban: str) -> str:
    """Compute the two ISO 13616 check digits for `country` + `bban`."""
    return f"{98 - _iban_number(bban + country + '00') % 97:02d}"


def make_iban(country: str, bban: str) -> str:
    """Assemble an IBAN (no spaces) from a country code and a BBAN."""
    return f"{country}{iban_check_digits(country, bban)}{bban}"


def is_valid_iban(iban: str) -> bool:
    """True when `iban` (spaces allowed) passes the ISO 13616 mod-97 check."""
    compact = iban.replace(" ", "").upper()
    if len(compact) < 5 or not compact.isalnum():
        return False
    return _iban_number(compact[4:] + compact[:4]) % 97 == 1


def _passes_elfproef(number: str) -> bool:
    weights = range(len(number), 0, -1)
    return sum(int(d) * w for d, w in zip(number, weights, strict=True)) % 11 == 0


def nl_iban(rng: random.Random) -> tuple[str, str]:
    """Draw a Dutch IBAN and its BIC; non-ING account numbers pass the elfproef."""
    bank = rng.choices(tuple(NL_BANKS), weights=_NL_BANK_WEIGHTS)[0]
    if bank == "INGB":
        account = "000" + str(rng.randrange(1_000_000, 9_999_999))
    else:
        account = ""
        while not account:
            head = str(rng.randrange(10_000_000, 999_999_999)).zfill(9)
            last = -sum(int(d) * w for d, w in zip(head, range(10, 1, -1), strict=True)) % 11
            account = head + str(last) if last < 10 else ""
        assert _passes_elfproef(account)
    return make_iban("NL", bank + account), NL_BANKS[bank]


def be_iban(rng: random.Random) -> tuple[str, str]:
    """Draw a Belgian IBAN (with the national mod-97 pair) and its BIC."""
    bank = rng.choices(tuple(BE_BANKS), weights=_BE_BANK_WEIGHTS)[0]
    first = bank + _digits(rng, 7)
    national = int(first) % 97 or 97
    return make_iban("BE", f"{first}{national:02d}"), BE_BANKS[bank]


def de_iban(rng: random.Random) -> tuple[str, str]:
    """Draw a German IBAN (Bankleitzahl + 10-digit account) and its BIC."""
    blz = rng.choice(tuple(DE_BANKS))
    return make_iban("DE", blz + _digits(rng, 10)), DE_BANKS[blz]


# --- VAT and registry numbers ---------------------------------------------------------------


def nl_vat(rng: random.Random, *, sole_trader: bool = False) -> str:
    """Draw a Dutch VAT number `NL#########B##`.

    Companies get their RSIN (11-test) with suffix B01 (now and then B02); sole traders get
    the 2020-style number whose whole text passes ISO 7064 mod 97-10.
    """
    if sole_trader:
        body = "NL" + str(rng.randrange(100_000_000, 999_999_999)) + "B"
        check = (1 - _iban_number(body) * 100) % 97
        return f"{body}{check:02d}"
    while True:
        head = str(rng.randrange(10_000_000, 99_999_999))
        last = sum(int(d) * w for d, w in zip(head, range(9, 1, -1), strict=True)) % 11
        if last < 10:
            suffix = "B02" if rng.random() < 0.1 else "B01"
            return f"NL{head}{last}{suffix}"


def be_vat(rng: random.Random) -> str:
    """Draw a Belgian VAT number `BE0#########`; its ten digits are the KBO number."""
    first = "0" + str(rng.randrange(2_000_000, 9_999_999))
    return f"BE{first}{97 - int(first) % 97:02d}"


def de_vat(rng: random.Random) -> str:
    """Draw a German VAT number `DE#########` with its ISO 7064 MOD 11,10 check digit."""
    body = str(rng.randrange(10_000_000, 99_999_999))
    product = 10
    for char in body:
        total = (int(char) + product) % 10 or 10
        product = (2 * total) % 11
    check = 11 - product
    return f"DE{body}{0 if check == 10 else check}"


def kvk_number(rng: random.Random) -> str:
    """Draw an 8-digit Dutch Chamber of Commerce (KvK) number."""
    return str(rng.randrange(10_000_000, 99_999_999))


# --- phones --------------------------------------------------------------------------------


def nl_phone(rng: random.Random, area: str) -> str:
    """Draw a Dutch landline for an area code such as `020` or `0570`, in a common notation."""
    subscriber = str(rng.randrange(2, 10)) + _digits(rng, 9 - len(area))
    style = rng.randrange(3)
    if style == 0:
        return f"{area}-{subscriber}"
    if style == 1:
        return f"{area} {subscriber[:-4]} {subscriber[-4:]}"
    return f"+31 {area[1:]} {subscriber}"


def nl_mobile(rng: random.Random) -> str:
    """Draw a Dutch mobile number (06-…)."""
    number = str(rng.randrange(1, 6)) + _digits(rng, 7)
    return f"06-{number}" if rng.random() < 0.6 else f"+31 6 {number}"


def be_phone(rng: random.Random, area: str) -> str:
    """Draw a Belgian landline for an area code such as `02` or `016` (`02 123 45 67`)."""
    number = str(rng.randrange(2, 10)) + _digits(rng, 8 - len(area))
    if len(number) == 7:
        grouped = f"{number[:3]} {number[3:5]} {number[5:]}"
    else:
        grouped = f"{number[:2]} {number[2:4]} {number[4:]}"
    return f"{area} {grouped}" if rng.random() < 0.8 else f"+32 {area[1:]} {grouped}"


def be_mobile(rng: random.Random) -> str:
    """Draw a Belgian mobile number (04xx xx xx xx)."""
    prefix = rng.choice(("0470", "0472", "0475", "0477", "0478", "0486", "0494", "0496", "0468"))
    rest = _digits(rng, 6)
    return f"{prefix} {rest[:2]} {rest[2:4]} {rest[4:]}"


def de_phone(rng: random.Random, area: str) -> str:
    """Draw a German landline in international notation for an area code such as `0221`."""
    return f"+49 {area[1:]} {str(rng.randrange(2, 10)) + _digits(rng, 6)}"


# --- e-mail --------------------------------------------------------------------------------


def ascii_fold(text: str) -> str:
    """Fold accents and special letters to ASCII ("Özdemir" -> "Ozdemir", "Straße" -> "Strasse")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
    return (
        "".join(char for char in decomposed if not unicodedata.combining(char))
        .encode("ascii", "ignore")
        .decode("ascii")
    )


def _slug(text: str) -> str:
    return "".join(char for char in ascii_fold(text).lower() if char.isalnum())


def email_local(first: str, middle: str, last: str, style: int) -> str:
    """Build the local part of an e-mail address from a person's name.

    Args:
        first: first name.
        middle: Dutch tussenvoegsel ("van der"), or "".
        last: last name.
        style: 0 `jan.vandenberg`, 1 `j.vandenberg`, 2 `jan`, 3 `jvandenberg`.
    """
    given, family = _slug(first), _slug(middle + last)
    if style == 1:
        return f"{given[:1]}.{family}"
    if style == 2:
        return given
    if style == 3:
        return f"{given[:1]}{family}"
    return f"{given}.{family}"


def domain_for(name: str, tld: str, legal_forms: tuple[str, ...], conjunction: str = "en") -> str:
    """Derive a web domain from a company name ("Bakkerij Lefèvre BV" -> bakkerijlefevre.be).

    An ampersand becomes `conjunction` ("Smits & Evers" -> smitsenevers.nl).
    """
    words = [w for w in name.replace("&", f" {conjunction} ").split() if w not in legal_forms]
    slug = "".join(_slug(w) for w in words)[:28] or "bedrijf"
    return f"{slug}.{tld}"
