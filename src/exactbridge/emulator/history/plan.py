"""The booked past of a `large` division, as arithmetic instead of rows.

A `large` division carries hundreds of thousands of transaction lines: two years of sales
and purchase invoices, each paid in full, plus monthly memorial bookings. Holding them as
rows would cost gigabytes, so the history is a pure function of an entry number: entry `i`
of a division is always the same booking (same keys, date, relation, amounts, numbers), and
line `j` is always the same line of the same entry. Nothing is stored until something
changes it.

Entries come in cycles of five, all dated on the cycle's day, each entry balanced:

====  ====================  =====  ==============================================
kind  booking               lines  lines (debit positive, credit negative)
====  ====================  =====  ==============================================
0     sales invoice         3      debtors +gross, revenue -net, VAT to pay -vat
1     its payment           2      bank +gross, debtors -gross
2     purchase invoice      3      creditors -gross, costs +net, VAT to claim +vat
3     its payment           2      bank -gross, creditors +gross
4     memorial booking      2      depreciation +x, accumulated depreciation -x
====  ====================  =====  ==============================================

Every invoice is settled in the same cycle, so history opens no receivables or payables.
Amounts are whole cents (ints), so every entry balances exactly.
Keys are GUIDs whose first eight hex digits grow with the entry (or line) number, so key
order is number order and a key tells its number: paging and lookups stay arithmetic.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Final

__all__ = [
    "ENTRY_KINDS",
    "LINES_PER_CYCLE",
    "Entry",
    "HistoryPlan",
    "Line",
    "Party",
    "Posting",
]

ENTRY_KINDS: Final = ("sale", "sale_payment", "purchase", "purchase_payment", "memorial")
_LINES: Final = (3, 2, 3, 2, 2)
_OFFSETS: Final = (0, 3, 5, 8, 10)
LINES_PER_CYCLE: Final = 12
_PLACES: Final = tuple(
    (kind, rest - _OFFSETS[kind] + 1)
    for rest in range(LINES_PER_CYCLE)
    for kind in (bisect_right(_OFFSETS, rest) - 1,)
)  # line `rest` of a cycle: (entry kind, line number in the entry)
_SPACE: Final = 1 << 32
_MASK64: Final = (1 << 64) - 1
_TRANSACTION_TYPES: Final = (20, 40, 30, 40, 90)
_DESCRIPTIONS: Final = ("Factuur", "Ontvangst", "Inkoopfactuur", "Betaling", "Afschrijving")
_ENTRY_SALT: Final = 0x5EED
_LINE_SALT: Final = 0x11E5
_KEYS_KEPT: Final = 8192  # recently made keys (a page's keys are made, then looked up)
_LOW_96: Final = (1 << 96) - 1
_SPREAD: Final = 0xD1B54A32D192ED03AEF2A1C5  # odd: a bijection on the low bits
_VERSION_MASK: Final = _LOW_96 & ~((0xF << 76) | (0x3 << 62))  # version 4, RFC 4122 variant
_VERSION_BITS: Final = (0x4 << 76) | (0x2 << 62)
_FIRST_SEQUENCE: Final = 50_001  # above what API bookings reach in a year (YY JJ 0001…)


@dataclass(frozen=True, slots=True)
class Party:
    """A customer, supplier, GL account or journal the history books on."""

    key: str
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Posting:
    """Where the history books: parties, accounts, journals and VAT codes of the division."""

    customers: tuple[Party, ...]
    suppliers: tuple[Party, ...]
    debtors: Party
    creditors: Party
    bank: Party
    revenue: Party
    costs: Party
    vat_to_pay: Party
    vat_to_claim: Party
    depreciation: Party
    accumulated: Party
    sales_journal: Party
    purchase_journal: Party
    bank_journal: Party
    general_journal: Party
    sales_vat: tuple[str, float]
    purchase_vat: tuple[str, float]


@dataclass(frozen=True, slots=True)
class Entry:
    """One booked entry of the history."""

    index: int
    kind: int
    key: str
    number: int
    invoice_number: int | None
    date: datetime
    journal: Party
    relation: Party | None
    gross: int
    net: int
    vat: int
    transaction_type: int
    description: str


@dataclass(frozen=True, slots=True)
class Line:
    """One transaction line: its entry, its place in it, account and amount."""

    index: int
    key: str
    entry: Entry
    number: int
    account: Party
    amount: int
    relation: Party | None
    vat: tuple[str, float] | None
    vat_amount: int | None


class HistoryPlan:
    """The history of one division: `entries` entries from `start`, booked on `posting`.

    Args:
        seed: the world seed (with the division code it makes every amount reproducible).
        division: the division code.
        cycles: number of five-entry cycles.
        start: day of the first cycle; cycles spread evenly up to `end` (exclusive).
        end: the day after the last possible cycle.
        posting: parties, accounts, journals and VAT codes to book on.
    """

    def __init__(
        self, seed: int, division: int, cycles: int, start: date, end: date, posting: Posting
    ) -> None:
        if cycles < 1 or not posting.customers or not posting.suppliers:
            msg = "history needs at least one cycle, one customer and one supplier"
            raise ValueError(msg)
        self.seed = (seed * 1_000_003 + division) & _MASK64
        self.division = division
        self.cycles = cycles
        self.entries = cycles * len(ENTRY_KINDS)
        self.lines = cycles * LINES_PER_CYCLE
        self.posting = posting
        self._start = datetime(start.year, start.month, start.day)  # noqa: DTZ001 - wall clock
        self._days = max((end - start).days, 1)
        self._entry_step = _SPACE // self.entries
        self._line_step = _SPACE // self.lines
        self._year_starts = self._first_cycles_of_years()
        self._recent: dict[int, Entry] = {}
        self._journals = (
            posting.sales_journal,
            posting.bank_journal,
            posting.purchase_journal,
            posting.bank_journal,
            posting.general_journal,
        )  # by entry kind
        self._keys: dict[int, str] = {}  # `(index << 16) | salt` -> key (salts fit 16 bits)
        self._vat_ratios = (_ratio(posting.sales_vat[1]), _ratio(posting.purchase_vat[1]))

    # --- entries ---------------------------------------------------------------------

    def cycle_day(self, cycle: int) -> datetime:
        """The day every entry of `cycle` is booked on."""
        return self._start + timedelta(days=cycle * self._days // self.cycles)

    def entry(self, index: int) -> Entry:
        """Entry `index` (0-based); recent ones are remembered (lines of one entry follow
        each other, so pages ask for the same entry two or three times in a row)."""
        found = self._recent.get(index)
        if found is None:
            if len(self._recent) >= 4096:
                self._recent.clear()
            found = self._recent[index] = self._compute_entry(index)
        return found

    def _compute_entry(self, index: int) -> Entry:
        cycle, kind = divmod(index, len(ENTRY_KINDS))
        day = self.cycle_day(cycle)
        noise = self._noise(cycle)
        posting = self.posting
        vat = 0
        relation: Party | None = None
        if kind in (0, 1):
            relation = posting.customers[noise % len(posting.customers)]
            net = 2_500 + noise % 247_500
            vat = _round_half_up(net, self._vat_ratios[0])
        elif kind in (2, 3):
            relation = posting.suppliers[(noise >> 20) % len(posting.suppliers)]
            net = 1_000 + (noise >> 24) % 149_000
            vat = _round_half_up(net, self._vat_ratios[1])
        else:
            net = 5_000 + (noise >> 32) % 95_000
        journal = self._journal(kind)
        number = self._entry_number(cycle, kind, day.year, journal.code)
        invoice = None
        if kind in (0, 2):
            invoice = number
        elif kind in (1, 3):
            invoice = self._entry_number(cycle, kind - 1, day.year, self._journal(kind - 1).code)
        return Entry(
            index=index,
            kind=kind,
            key=self._guid(index, self._entry_step, _ENTRY_SALT),
            number=number,
            invoice_number=invoice,
            date=day,
            journal=journal,
            relation=relation,
            gross=net + vat,
            net=net,
            vat=vat,
            transaction_type=_TRANSACTION_TYPES[kind],
            description=f"{_DESCRIPTIONS[kind]} {invoice or number}",
        )

    def entry_index(self, key: object) -> int | None:
        """The entry a key names, or None when it is not a history entry key."""
        return self._index_of(key, self._entry_step, self.entries, _ENTRY_SALT)

    @staticmethod
    def line_count(kind: int) -> int:
        """How many lines an entry of `kind` has."""
        return _LINES[kind]

    def lines_of(self, entry: int) -> range:
        """Line numbers (0-based, across the history) of entry `entry`."""
        cycle, kind = divmod(entry, len(ENTRY_KINDS))
        first = cycle * LINES_PER_CYCLE + _OFFSETS[kind]
        return range(first, first + _LINES[kind])

    # --- lines -----------------------------------------------------------------------

    @staticmethod
    def place(index: int) -> tuple[int, int]:
        """Entry number and line number (1-based, in the entry) of line `index`."""
        cycle, rest = divmod(index, LINES_PER_CYCLE)
        kind, number = _PLACES[rest]
        return cycle * len(ENTRY_KINDS) + kind, number

    def line(self, index: int) -> Line:
        """Line `index` (0-based across all entries)."""
        entry_index, number = self.place(index)
        entry = self.entry(entry_index)
        account, amount, relation, vat, vat_amount = self.line_facts(entry, number)
        return Line(
            index=index,
            key=self._guid(index, self._line_step, _LINE_SALT),
            entry=entry,
            number=number,
            account=account,
            amount=amount,
            relation=relation,
            vat=vat,
            vat_amount=vat_amount,
        )

    def line_index(self, key: object) -> int | None:
        """The line a key names, or None when it is not a history line key."""
        return self._index_of(key, self._line_step, self.lines, _LINE_SALT)

    def line_key(self, index: int) -> str:
        """The key of line `index` without building the line."""
        return self._guid(index, self._line_step, _LINE_SALT)

    def entry_key(self, index: int) -> str:
        """The key of entry `index` without building the entry."""
        return self._guid(index, self._entry_step, _ENTRY_SALT)

    def first_line_at_or_after(self, key: str) -> int:
        """How many history lines have keys below `key` (a bisection point in key order)."""
        return self._position(key, self._line_step, self.lines, self.line_key)

    def first_entry_at_or_after(self, key: str) -> int:
        """How many history entries have keys below `key`."""
        return self._position(key, self._entry_step, self.entries, self.entry_key)

    def line_facts(
        self, entry: Entry, number: int
    ) -> tuple[Party, int, Party | None, tuple[str, float] | None, int | None]:
        """Account, amount, relation, VAT code and VAT amount (cents) of line `number`."""
        p = self.posting
        kind = entry.kind
        if kind == 0:
            return (
                (p.debtors, entry.gross, entry.relation, None, None),
                (p.revenue, -entry.net, None, p.sales_vat, -entry.vat),
                (p.vat_to_pay, -entry.vat, None, p.sales_vat, None),
            )[number - 1]
        if kind == 1:
            return (
                (p.bank, entry.gross, None, None, None),
                (p.debtors, -entry.gross, entry.relation, None, None),
            )[number - 1]
        if kind == 2:
            return (
                (p.creditors, -entry.gross, entry.relation, None, None),
                (p.costs, entry.net, None, p.purchase_vat, entry.vat),
                (p.vat_to_claim, entry.vat, None, p.purchase_vat, None),
            )[number - 1]
        if kind == 3:
            return (
                (p.bank, -entry.gross, None, None, None),
                (p.creditors, entry.gross, entry.relation, None, None),
            )[number - 1]
        return (
            (p.depreciation, entry.net, None, None, None),
            (p.accumulated, -entry.net, None, None, None),
        )[number - 1]

    # --- numbering and keys ----------------------------------------------------------

    def _journal(self, kind: int) -> Party:
        return self._journals[kind]

    def _entry_number(self, cycle: int, kind: int, year: int, journal: str) -> int:
        """`YY` + journal code + a sequence per (year, journal), as Exact numbers entries."""
        first = self._year_starts[year]
        per_cycle = 2 if kind in (1, 3) else 1  # both payments use the bank journal
        offset = 1 if kind == 3 else 0
        sequence = _FIRST_SEQUENCE + (cycle - first) * per_cycle + offset
        return int(f"{year % 100:02d}{journal.strip()}{sequence:05d}")

    def _first_cycles_of_years(self) -> dict[int, int]:
        starts: dict[int, int] = {}
        for cycle in range(self.cycles):
            starts.setdefault(self.cycle_day(cycle).year, cycle)
        return starts

    def _noise(self, value: int) -> int:
        """A well-mixed 64-bit number from `value` and the plan's seed (splitmix64)."""
        z = (value * 0x9E3779B97F4A7C15 + self.seed) & _MASK64
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
        return z ^ (z >> 31)

    def _guid(self, index: int, step: int, salt: int) -> str:
        """The key of row `index`: its number in the first 32 bits, noise in the rest.

        Recently made keys are kept: a page makes its keys, then looks each one up again
        (`index_of` checks a key by making it) and builds its rows (which carry it).
        """
        kept = (index << 16) | salt
        text = self._keys.get(kept)
        if text is not None:
            return text
        noise = self._noise(index * 0x10001 + salt)
        head = index * step + noise % step
        low = ((noise ^ salt) * _SPREAD) & _LOW_96  # 64 random bits spread over 96
        text = f"{(head << 96) | (low & _VERSION_MASK) | _VERSION_BITS:032x}"
        text = f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
        if len(self._keys) >= _KEYS_KEPT:
            self._keys.clear()
        self._keys[kept] = text
        return text

    def _index_of(self, key: object, step: int, count: int, salt: int) -> int | None:
        if not isinstance(key, str) or len(key) != 36 or key[8] != "-":
            return None
        try:
            index = int(key[:8], 16) // step
        except ValueError:
            return None
        if index >= count or self._guid(index, step, salt) != key:
            return None
        return index

    def _position(self, key: str, step: int, count: int, key_of: object) -> int:
        try:
            head = int(key[:8], 16)
        except ValueError:
            head = 0 if key < "0" else _SPACE
        index = min(head // step, count)
        assert callable(key_of)
        while index > 0 and key_of(index - 1) >= key:
            index -= 1
        while index < count and key_of(index) < key:
            index += 1
        return index


def _ratio(rate: float) -> tuple[int, int]:
    """A VAT rate as the fraction its decimal text says (`0.21` is 21/100, not the float)."""
    return Decimal(str(rate)).as_integer_ratio()


def _round_half_up(amount: int, ratio: tuple[int, int]) -> int:
    """`amount` times `ratio` rounded to a whole number, halves away from zero.

    The same as `Decimal` arithmetic with `ROUND_HALF_UP`, in integers (it runs for every
    invoice and payment of the history).
    """
    numerator, denominator = ratio
    product = amount * numerator
    rounded = (2 * abs(product) + denominator) // (2 * denominator)
    return rounded if product >= 0 else -rounded
