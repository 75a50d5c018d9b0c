"""Master data for a booking, looked up in one division, with Exact's refusals.

A behaviour turns the references of an entry (G/L account keys, VAT and journal codes,
relation keys, a date) into the plain values the posting functions take (`GL`, `Vat`,
`Relation`, a financial year and period), refusing what Exact refuses: unknown references,
a journal of the wrong type, a date outside every financial period (`Mandatory: Financial
year` / `Verplicht: Boekjaar`), a cost centre given as a GUID instead of a code. Every
lookup goes through an index (`Context.find`, `Context.lookup`), never a table scan.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, Final

from exactbridge.emulator.entities.base import Context
from exactbridge.emulator.ledger.money import cents
from exactbridge.emulator.ledger.posting import GL, Item, Relation, Vat
from exactbridge.emulator.store import Row
from exactbridge.exact import find_entity
from exactbridge.wire import is_guid

__all__ = ["BANK_JOURNALS", "CASH_JOURNALS", "Books"]

BANK_JOURNALS: Final = (12, 16)
CASH_JOURNALS: Final = (10,)
_COST_CODES: Final = (("CostCenter", "hrm/Costcenters"), ("CostUnit", "hrm/Costunits"))


class Books:
    """Lookups in the division of `ctx`.

    Args:
        ctx: the write's context (its division, messages and validation status).
    """

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    # --- G/L accounts and VAT ---------------------------------------------------------------

    def gl(self, key: Any, name: str = "GLAccount") -> GL:
        """The G/L account with this key; refused as an invalid reference to `name`."""
        row = self.ctx.lookup("financial/GLAccounts", key)
        if row is None:
            raise self.ctx.refuse("invalid_reference", name)
        return gl_of(row)

    def gl_of_type(self, gl_type: int) -> GL | None:
        """The division's (first) G/L account of a type: 20 debtors, 22 creditors."""
        row = self.ctx.find("financial/GLAccounts", "Type", gl_type)
        return None if row is None else gl_of(row)

    def vat(self, code: Any) -> Vat | None:
        """The VAT code (None when not given); refused when unknown or without its accounts."""
        if code in (None, ""):
            return None
        row = self.ctx.find("vat/VATCodes", "Code", code)
        if row is None:
            raise self.ctx.refuse("invalid_reference", "VATCode")
        to_pay = self.ctx.lookup("financial/GLAccounts", row.get("GLToPay"))
        to_claim = self.ctx.lookup("financial/GLAccounts", row.get("GLToClaim"))
        vat = Vat(
            code=row["Code"],
            description=row.get("Description"),
            percentage=float(row.get("Percentage") or 0.0),
            type=row.get("Type"),
            to_pay=None if to_pay is None else gl_of(to_pay),
            to_claim=None if to_claim is None else gl_of(to_claim),
            transaction_type=row.get("VATTransactionType"),
        )
        if vat.charges and vat.to_pay is None and vat.to_claim is None:
            raise self.ctx.refuse("invalid_reference", "VATCode")
        return vat

    # --- relations ------------------------------------------------------------------------

    def account(self, key: Any, name: str = "Account") -> Row:
        """The crm/Accounts row with this key; refused as an invalid reference to `name`."""
        row = self.ctx.lookup("crm/Accounts", key)
        if row is None:
            raise self.ctx.refuse("invalid_reference", name)
        return row

    def customer(self, key: Any) -> Row:
        """A relation a sales booking may name: it must exist and be a customer."""
        row = self.account(key, "Customer")
        if row.get("Status") != "C":
            raise self.ctx.refuse("invalid_type", "Customer")
        return row

    def supplier(self, key: Any) -> Row:
        """A relation a purchase booking may name: it must exist and be a supplier."""
        row = self.account(key, "Supplier")
        if not row.get("IsSupplier"):
            raise self.ctx.refuse("invalid_type", "Supplier")
        return row

    def receivable_gl(self, account: Row) -> GL:
        """The account's own receivable account, or the division's debtors account."""
        own = self.ctx.lookup("financial/GLAccounts", account.get("GLAR"))
        found = gl_of(own) if own is not None else self.gl_of_type(20)
        if found is None:
            raise self.ctx.refuse("invalid_reference", "GLAccount")
        return found

    def payable_gl(self, account: Row) -> GL:
        """The account's own payable account, or the division's creditors account."""
        own = self.ctx.lookup("financial/GLAccounts", account.get("GLAP"))
        found = gl_of(own) if own is not None else self.gl_of_type(22)
        if found is None:
            raise self.ctx.refuse("invalid_reference", "GLAccount")
        return found

    # --- journals, periods, terms ---------------------------------------------------------

    def journal(self, code: Any, types: Iterable[int], name: str = "Journal") -> Row:
        """The journal with this code, refused unless its type is one of `types`.

        Journals are referenced by code; a GUID (the journal's key) is not a code.
        """
        row = self.ctx.find("financial/Journals", "Code", code)
        if row is None or row.get("Type") not in tuple(types):
            raise self.ctx.refuse("invalid_reference", name)
        return row

    def default_journal(self, types: Iterable[int]) -> Row | None:
        """The first journal of one of `types` (what Exact proposes in its screens)."""
        for journal_type in types:
            row = self.ctx.find("financial/Journals", "Type", journal_type)
            if row is not None:
                return row
        return None

    def period_of(self, day: datetime) -> tuple[int, int]:
        """The financial (year, period) whose dates cover `day`.

        Raises:
            ExactProblem: `Mandatory: Financial year` when no period covers it.
        """
        table = self.ctx.table("financial/FinancialPeriods")
        for year in (day.year, day.year - 1, day.year + 1):
            for row in table.lookup("FinYear", year):
                start, end = row.get("StartDate"), row.get("EndDate")
                if start is not None and end is not None and start <= day <= end:
                    return int(row["FinYear"]), int(row["FinPeriod"])
        raise self.ctx.refuse("mandatory", "FinancialYear")

    def check_period(self, year: int | None, period: int | None) -> None:
        """Refuse a (year, period) that `financial/FinancialPeriods` does not hold."""
        rows = self.ctx.table("financial/FinancialPeriods").lookup("FinYear", year)
        if not any(row.get("FinPeriod") == period for row in rows):
            raise self.ctx.refuse("mandatory", "FinancialYear")

    def payment_condition(self, code: Any) -> Row | None:
        """The payment condition with this code, refused when given but unknown."""
        if code in (None, ""):
            return None
        row = self.ctx.find("cashflow/PaymentConditions", "Code", code)
        if row is None:
            raise self.ctx.refuse("invalid_reference", "PaymentCondition")
        return row

    def items(self, lines: Iterable[Row]) -> list[Item]:
        """Booking lines (bank, cash and journal entry lines) as posting items, in line order."""
        items = []
        for line in sorted(lines, key=lambda line: (line.get("LineNumber") or 0, line["ID"])):
            relation = self.ctx.lookup("crm/Accounts", line.get("Account"))
            vat_given = line.get("AmountVATFC")
            items.append(
                Item(
                    gl=self.gl(line.get("GLAccount")),
                    amount=cents(line.get("AmountFC")),
                    vat=self.vat(line.get("VATCode")),
                    vat_amount=None if vat_given is None else cents(vat_given),
                    description=line.get("Description"),
                    quantity=line.get("Quantity"),
                    notes=line.get("Notes"),
                    cost_center=line.get("CostCenter"),
                    cost_unit=line.get("CostUnit"),
                    project=line.get("Project"),
                    account=None if relation is None else relation_of(relation),
                    our_ref=line.get("OurRef"),
                    date=line.get("Date"),
                )
            )
        return items

    def check_cost_codes(self, line: Row) -> None:
        """Cost centres and units are referenced by code: refuse GUIDs and unknown codes.

        Unknown codes are refused only where the division serves the cost centre or unit
        endpoint (its rows are the codes that exist).
        """
        for name, path in _COST_CODES:
            value = line.get(name)
            if value in (None, ""):
                continue
            if is_guid(str(value).strip()):
                raise self.ctx.refuse("invalid_reference", name)
            if find_entity(path) is not None and self.ctx.find(path, "Code", value) is None:
                raise self.ctx.refuse("invalid_reference", name)


def gl_of(row: Row) -> GL:
    """A G/L account row as the posting functions take it."""
    return GL(row["ID"], row.get("Code"), row.get("Description"), row.get("Type"))


def relation_of(row: Row) -> Relation:
    """A crm/Accounts row as the posting functions take it."""
    return Relation(row["ID"], row.get("Code"), row.get("Name"))
