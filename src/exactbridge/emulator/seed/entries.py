"""The bookkeeping of one division: entries, payments and statements.

- Sales entries to customers (revenue and VAT by the customer's country; a few credit notes)
  and purchase entries from suppliers (each supplier invoices one kind of cost; intra-EU
  suppliers with reverse-charged VAT).
- Bank statements: customers paying a share of the sales entries and the division paying
  a share of the purchase entries, each line for exactly the open amount with the entry's
  invoice number in `OurRef`, so Exact matches it; a few partial payments that stay open;
  monthly bank costs.
- Cash statements: small cash sales and expenses, VAT included.
- General journal entries at every month end: depreciation and the payroll.

The reference lists booked alongside (GL classifications, banks) come from `reference`.

Entries are booked in the order they are loaded, with the numbers Exact would give them
(`YY` + journal + sequence, per financial year and journal); entries dated before the
current quarter are processed (status 50), as after a VAT return. As elsewhere in `seed`,
identity streams decide keys, relations, texts and amounts, and every age is a fraction of
the timeline's span, so which invoice is paid by which statement line never depends on
`today`: only dates, numbers and statuses move with it.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from exactbridge.emulator.ledger.money import cents, to_float, vat_excluded
from exactbridge.emulator.ledger.numbering import entry_number
from exactbridge.emulator.seed.identifiers import new_guid
from exactbridge.emulator.seed.ledger import Ledger, table_rows
from exactbridge.emulator.seed.names import Locale
from exactbridge.emulator.seed.reference import banks, classifications

if TYPE_CHECKING:
    from exactbridge.emulator.seed.business import Counts, Relation, Timeline

__all__ = ["EntryCounts", "build_entries", "entry_counts"]

Record = tuple[str, dict[str, Any]]
Streams = Callable[[str], random.Random]


@dataclass(frozen=True)
class EntryCounts:
    """How much bookkeeping a division gets."""

    sales: int
    purchases: int
    months: int
    cash_lines: int
    paid_sales: float
    paid_purchases: float
    partial: int


_SMALL: Final = EntryCounts(30, 20, 12, 8, 0.45, 0.5, 2)
_MEDIUM: Final = EntryCounts(1500, 1000, 23, 120, 0.22, 0.33, 12)


def entry_counts(counts: Counts) -> EntryCounts:
    """Small divisions get tens of entries; medium (and large: the same, as the large
    dataset adds its history in bulk elsewhere) about 1,500 sales entries, 1,000 purchase
    entries and 700 bank lines."""
    return _SMALL if counts.invoices <= 100 else _MEDIUM


# --- texts and accounts ----------------------------------------------------------------------

_SALES_TEXTS: Final = {
    "NL": ("Advieswerkzaamheden", "Onderhoudscontract", "Levering materialen",
           "Installatiewerkzaamheden", "Projectbegeleiding", "Licentie software",
           "Training medewerkers", "Servicebezoek", "Ontwerp en realisatie"),
    "FR": ("Prestations de conseil", "Contrat de maintenance", "Livraison de matériel",
           "Travaux d'installation", "Accompagnement de projet", "Licence logicielle",
           "Formation du personnel", "Visite de service", "Conception et réalisation"),
}  # fmt: skip
_CREDIT_TEXTS: Final = {"NL": "Creditnota", "FR": "Note de crédit"}
_REVENUE: Final = (("revenue_services", "sales_high"), ("revenue_high", "sales_high"),
                   ("revenue_low", "sales_low"))  # fmt: skip
_REVENUE_WEIGHTS: Final = (55, 35, 10)

# code | VAT role | Dutch | French | lowest | highest
_NL_COSTS: Final = """
4100|purchase_zero|Huur bedrijfsruimte||1200|3500
4110|purchase_high|Energie en water||150|900
4200|purchase_high|Brandstof||60|400
4210|purchase_high|Onderhoud bedrijfsauto||150|1500
4300|purchase_high|Kantoorartikelen||20|300
4310|purchase_high|Telefonie en internet||40|250
4320|purchase_high|Softwareabonnement||15|600
4400|purchase_high|Advertenties||100|2500
4500|purchase_high|Administratie en advies||300|2500
4510|purchase_zero|Verzekeringspremie||80|900
7000|purchase_high|Inkoop handelsgoederen||200|6000
7000|purchase_low|Inkoop voedingsmiddelen||100|1500
7010|purchase_high|Uitbesteed werk||400|5000
"""
_BE_COSTS: Final = """
610000|purchase_zero|Huur bedrijfsruimte|Loyer des locaux|1200|3500
612000|purchase_high|Energie|Énergie|150|900
618000|purchase_high|Brandstof|Carburant|60|400
611000|purchase_high|Onderhoud en herstellingen|Entretien et réparations|150|1500
616000|purchase_high|Kantoorbenodigdheden|Fournitures de bureau|20|300
615000|purchase_high|Telefonie en internet|Téléphonie et internet|40|250
614000|purchase_high|Publiciteit|Publicité|100|2500
613000|purchase_high|Erelonen boekhouder|Honoraires comptable|300|2500
617000|purchase_zero|Verzekeringspremie|Prime d'assurance|80|900
604000|purchase_high|Aankoop handelsgoederen|Achat de marchandises|200|6000
604000|purchase_low|Aankoop voedingswaren|Achat de denrées|100|1500
"""
# the month-end journal: depreciation, wages, wage tax, net wages; bank costs; cash
_GENERAL_CODES: Final = {
    "NL": ("4600", "0210", "4000", "1700", "1710", "4520"),
    "BE": ("630000", "240900", "620000", "453000", "455000", "657000"),
}
_GENERAL_TEXTS: Final = {
    "NL": ("Afschrijving inventaris", "Salarissen", "Loonheffing", "Nettolonen", "Bankkosten",
           "Betaling factuur", "Gedeeltelijke betaling", "Contante verkoop",
           "Kleine uitgaven kas"),
    "FR": ("Amortissement du mobilier", "Salaires", "Précompte professionnel",
           "Rémunérations nettes", "Frais bancaires", "Paiement facture", "Paiement partiel",
           "Vente au comptant", "Petites dépenses caisse"),
}  # fmt: skip


@dataclass
class _Open:
    """An entry a payment may settle: who, how much, when it was created, its record."""

    relation: str
    total: Decimal
    age: float
    sales: bool
    record: dict[str, Any] = field(repr=False)


Line = tuple[float, dict[str, Any], "_Open | None"]
"""A statement line with the age it happens at and the entry it pays, if any."""


def _total(lines: Sequence[dict[str, Any]], rates: dict[str, float], rc: frozenset[str]) -> Decimal:
    """What the entry leaves outstanding: net plus VAT (reverse-charged VAT excluded)."""
    total = Decimal("0.00")
    for line in lines:
        net = cents(line["AmountFC"])
        total += net
        if line["VATCode"] not in rc:
            total += vat_excluded(net, rates[line["VATCode"]])
    return total


def _amount(rng: random.Random, low: float, high: float) -> float:
    """A money amount between `low` and `high`, skewed to the low end."""
    return to_float(cents(low + (high - low) * rng.random() ** 2))


def _day(moment: datetime) -> datetime:
    return datetime(moment.year, moment.month, moment.day)  # noqa: DTZ001 - wall-clock date


def _processed(day: datetime, today: date) -> int:
    """Entries before the current quarter are processed (the VAT return is filed)."""
    quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    return 50 if day.date() < quarter else 20


class _Builder:
    """Generates one division's entries; see the module docstring."""

    def __init__(
        self,
        streams: Streams,
        home: Locale,
        ledger: Ledger,
        relations: Sequence[Relation],
        timeline: Timeline,
    ) -> None:
        self.rng, self.trng = streams("entries"), streams("entries.time")
        self.home, self.ledger, self.timeline = home, ledger, timeline
        self.language = "FR" if home.language == "FR" else "NL"
        self.legislation = "NL" if home.country == "NL" else "BE"
        self.today = timeline.day(0.0)
        self.customers = [r for r in relations if r.customer and not r.blocked]
        self.suppliers = [r for r in relations if r.supplier]
        self.gl_by_code = {
            record["Code"]: record["ID"]
            for path, record in ledger.records
            if path == "financial/GLAccounts"
        }
        vat_records = [record for path, record in ledger.records if path == "vat/VATCodes"]
        self.rates = {record["Code"]: float(record["Percentage"]) for record in vat_records}
        self.reverse = frozenset(
            record["Code"]
            for record in vat_records
            if "GLToPay" in record and "GLToClaim" in record
        )
        self.records: list[tuple[str, dict[str, Any]]] = []
        self.references: list[tuple[dict[str, Any], _Open]] = []

    def stamp(self, age: float, edited: float = 0.1) -> dict[str, datetime]:
        created, modified = self.timeline.audit(self.trng, age, edited, recent=0.0, window=2.0)
        return {"Created": self.timeline.at(created), "Modified": self.timeline.at(modified)}

    def add(self, path: str, record: dict[str, Any]) -> None:
        self.records.append((path, record))

    # --- sales and purchase entries -------------------------------------------------------

    def sales_entries(self, count: int) -> list[_Open]:
        rng = self.rng
        receivable: list[_Open] = []
        if not self.customers:
            return receivable
        weights = [rng.paretovariate(1.3) for _ in self.customers]
        for _ in range(count):
            customer = rng.choices(self.customers, weights=weights)[0]
            credit = rng.random() < 0.04
            lines = []
            for _ in range(rng.choices((1, 2, 3), weights=(60, 28, 12))[0]):
                gl_role, vat_role = rng.choices(_REVENUE, weights=_REVENUE_WEIGHTS)[0]
                if customer.foreign:
                    gl_role, vat_role = "revenue_eu", "sales_ic"
                amount = _amount(rng, 50, 4000)
                lines.append({
                    "ID": new_guid(rng),
                    "GLAccount": self.ledger.gl[gl_role],
                    "AmountFC": -amount if credit else amount,
                    "VATCode": self.ledger.vat[vat_role],
                    "Description": rng.choice(_SALES_TEXTS[self.language]),
                })  # fmt: skip
            text = _CREDIT_TEXTS[self.language] if credit else lines[0]["Description"]
            record = {"EntryID": new_guid(rng), "Customer": customer.id, "Description": text}
            if rng.random() < 0.5:
                record["YourRef"] = f"PO-{rng.randrange(10_000, 99_999)}"
            age = customer.age * (0.05 + 0.95 * self.trng.random())
            entry = self._entry(record, lines, age, customer.age, "sales", customer.terms)
            if not credit:
                receivable.append(entry)
        return receivable

    def purchase_entries(self, count: int) -> list[_Open]:
        rng = self.rng
        payable: list[_Open] = []
        if not self.suppliers:
            return payable
        costs = table_rows(_NL_COSTS if self.legislation == "NL" else _BE_COSTS)
        kinds = {supplier.id: rng.choice(costs) for supplier in self.suppliers}
        weights = [rng.paretovariate(1.5) for _ in self.suppliers]
        for _ in range(count):
            supplier = rng.choices(self.suppliers, weights=weights)[0]
            code, vat_role, nl_text, fr_text, low, high = kinds[supplier.id]
            if supplier.foreign:
                vat_role = "purchase_ic"
            text = fr_text if self.language == "FR" and fr_text else nl_text
            credit = rng.random() < 0.03
            amount = _amount(rng, float(low), float(high))
            lines = [{
                "ID": new_guid(rng),
                "GLAccount": self.gl_by_code[code],
                "AmountFC": -amount if credit else amount,
                "VATCode": self.ledger.vat[vat_role],
                "Description": text,
            }]  # fmt: skip
            record = {
                "EntryID": new_guid(rng),
                "Supplier": supplier.id,
                "Description": text,
                "YourRef": f"{rng.choice(('F', 'INV', 'FA', 'R'))}{rng.randrange(10_000, 999_999)}",
            }
            age = supplier.age * (0.05 + 0.95 * self.trng.random())
            terms = supplier.record.get("PaymentConditionPurchase") or "30"
            entry = self._entry(record, lines, age, supplier.age, "purchase", terms)
            if not credit:
                payable.append(entry)
        return payable

    def _entry(
        self,
        record: dict[str, Any],
        lines: list[dict[str, Any]],
        age: float,
        relation_age: float,
        side: str,
        terms: str,
    ) -> _Open:
        stamp = self.stamp(age)
        back = self.trng.choices((0, 1, 2, 3), weights=(70, 15, 10, 5))[0]
        earliest = self.timeline.at(relation_age).date()
        day = max(stamp["Created"].date() - timedelta(days=back), earliest)
        dated = datetime(day.year, day.month, day.day)  # noqa: DTZ001 - wall-clock date
        journal = self.ledger.journals[side]
        nav = "SalesEntryLines" if side == "sales" else "PurchaseEntryLines"
        path = "salesentry/SalesEntries" if side == "sales" else "purchaseentry/PurchaseEntries"
        record |= {
            "Journal": journal,
            "EntryDate": dated,
            "PaymentCondition": terms,
            "Status": _processed(dated, self.today),
            nav: lines,
            **stamp,
        }
        self.add(path, record)
        total = _total(lines, self.rates, self.reverse)
        relation = record.get("Customer") or record["Supplier"]
        return _Open(relation, total, age, side == "sales", record)

    def number(self) -> None:
        """Number sales and purchase entries in load order, as Exact will."""
        sequences: dict[tuple[int, str], int] = {}
        order = sorted(range(len(self.records)), key=lambda i: (self.records[i][1]["Created"], i))
        for index in order:
            record = self.records[index][1]
            if "Journal" not in record:
                continue
            year = record["EntryDate"].year
            key = (year, record["Journal"])
            sequences[key] = sequences.get(key, 0) + 1
            number = entry_number(year, record["Journal"], sequences[key])
            record["EntryNumber"] = record["InvoiceNumber"] = number
        for line, entry in self.references:
            line["OurRef"] = entry.record["InvoiceNumber"]

    # --- statements -----------------------------------------------------------------------

    def payments(self, receivable: list[_Open], payable: list[_Open], counts: EntryCounts) -> None:
        rng, span = self.rng, self.timeline.span
        texts = _GENERAL_TEXTS[self.language]
        paid: list[_Open] = []
        unpaid: list[_Open] = []
        for entry in receivable:
            (paid if rng.random() < counts.paid_sales else unpaid).append(entry)
        paid += [entry for entry in payable if rng.random() < counts.paid_purchases]
        partial = rng.sample(unpaid, min(counts.partial, len(unpaid)))
        shares: list[tuple[_Open, float | None]] = [(entry, None) for entry in paid]
        shares += [(entry, 0.3 + 0.4 * rng.random()) for entry in partial]
        lines: list[Line] = []
        for entry, share in shares:
            delay = span * (0.01 + 0.06 * rng.random())
            age = entry.age - delay if entry.age - delay > 0 else entry.age * 0.5
            amount = entry.total if share is None else cents(entry.total * Decimal(str(share)))
            line = {
                "ID": new_guid(rng),
                "Account": entry.relation,
                "AmountFC": to_float(amount if entry.sales else -amount),
                "Description": texts[5] if share is None else texts[6],
            }
            lines.append((age, line, entry))
        bank_costs = self.gl_by_code[_GENERAL_CODES[self.legislation][5]]
        for month in range(counts.months):
            line = {
                "ID": new_guid(rng),
                "GLAccount": bank_costs,
                "AmountFC": -_amount(rng, 5, 45),
                "Description": texts[4],
            }
            lines.append((span * (month + 0.3) / 24, line, None))
        self._statements(lines, "financialtransaction/BankEntries", "BankEntryLines", "bank")

    def cash(self, counts: EntryCounts) -> None:
        rng, span = self.rng, self.timeline.span
        texts = _GENERAL_TEXTS[self.language]
        lines: list[Line] = []
        for _ in range(counts.cash_lines):
            sale = rng.random() < 0.6
            line = {
                "ID": new_guid(rng),
                "GLAccount": self.ledger.gl["revenue_high"]
                if sale
                else self.gl_by_code["4300" if self.legislation == "NL" else "616000"],
                "AmountFC": _amount(rng, 15, 250) if sale else -_amount(rng, 8, 80),
                "VATCode": self.ledger.vat["sales_high" if sale else "purchase_high"],
                "Description": texts[7] if sale else texts[8],
            }
            lines.append((span * 0.9 * self.trng.random(), line, None))
        self._statements(lines, "financialtransaction/CashEntries", "CashEntryLines", "cash")

    def _statements(self, lines: list[Line], path: str, nav: str, role: str) -> None:
        """Group statement lines, oldest first, into statements of one to six lines."""
        lines.sort(key=lambda item: -item[0])
        position = 0
        while position < len(lines):
            size = self.rng.randint(1, 6)
            chunk = lines[position : position + size]
            position += size
            youngest = min(age for age, _, _ in chunk) * 0.999
            record: dict[str, Any] = {
                "EntryID": new_guid(self.rng),
                "JournalCode": self.ledger.journals[role],
            }
            statement_lines = []
            for age, line, paid in chunk:
                dated = line | {"Date": _day(self.timeline.at(age))}
                statement_lines.append(dated)
                if paid is not None:
                    self.references.append((dated, paid))
            first_day = statement_lines[0]["Date"]
            record |= {"Status": _processed(first_day, self.today), nav: statement_lines}
            record |= self.stamp(youngest, edited=0.0)
            self.add(path, record)

    # --- general journal --------------------------------------------------------------------

    def month_ends(self, counts: EntryCounts) -> None:
        rng = self.rng
        codes = [self.gl_by_code[code] for code in _GENERAL_CODES[self.legislation]]
        texts = _GENERAL_TEXTS[self.language]
        depreciation = _amount(rng, 150, 1200)
        wages = _amount(rng, 8000, 45000)
        last = self.timeline.at(0.0)
        for back in range(1, counts.months + 1):
            first = date(self.today.year, self.today.month, 1)
            month_end = first - timedelta(days=1)
            for _ in range(back - 1):
                month_end = month_end.replace(day=1) - timedelta(days=1)
            end = datetime(month_end.year, month_end.month, month_end.day)  # noqa: DTZ001
            created = min(end + timedelta(days=1, hours=9, minutes=rng.randrange(300)), last)
            paid = to_float(cents(wages * (0.97 + 0.06 * rng.random())))
            tax = to_float(cents(Decimal(str(paid)) * Decimal("0.31")))
            lines = [
                (codes[0], depreciation, texts[0]),
                (codes[1], -depreciation, texts[0]),
                (codes[2], paid, texts[1]),
                (codes[3], -tax, texts[2]),
                (codes[4], to_float(cents(-paid + tax)), texts[3]),
            ]
            record = {
                "EntryID": new_guid(rng),
                "JournalCode": self.ledger.journals["general"],
                "GeneralJournalEntryLines": [
                    {
                        "ID": new_guid(rng),
                        "GLAccount": gl,
                        "AmountFC": amount,
                        "Description": text,
                        "Date": end,
                    }
                    for gl, amount, text in lines
                ],
                "Status": _processed(end, self.today),
                "Created": created,
                "Modified": created,
            }
            self.add("generaljournalentry/GeneralJournalEntries", record)


def build_entries(
    streams: Streams,
    home: Locale,
    counts: Counts,
    ledger: Ledger,
    relations: Sequence[Relation],
    timeline: Timeline,
    setup: datetime,
) -> Iterator[Record]:
    """Yield the division's bookkeeping records (in no particular order; each carries its
    `Created`, so the caller's chronological merge puts them in load order).

    Args:
        streams: the division's named random streams.
        home: the division's locale.
        counts: the division's size (see `entry_counts`).
        ledger: its chart of accounts, journals and VAT codes.
        relations: its customers and suppliers.
        timeline: maps ages onto dates before `today`.
        setup: when the division was set up (classifications and banks are stamped then).
    """
    # after the item groups (set up 40 s in), before cost centres and users (3 minutes in)
    moments = (setup + timedelta(minutes=2, milliseconds=170 * i) for i in range(10_000))

    def stamp() -> dict[str, Any]:
        moment = next(moments)
        return {"Created": moment, "Modified": moment}

    legislation = "NL" if home.country == "NL" else "BE"
    language = "FR" if home.language == "FR" else "NL"
    yield from classifications(streams("classifications"), legislation, language, stamp)
    yield from banks(streams("banks"), stamp)
    wanted = entry_counts(counts)
    builder = _Builder(streams, home, ledger, relations, timeline)
    receivable = builder.sales_entries(wanted.sales)
    payable = builder.purchase_entries(wanted.purchases)
    builder.payments(receivable, payable, wanted)
    builder.cash(wanted)
    builder.month_ends(wanted)
    builder.number()
    yield from builder.records
