"""Bookkeeping master data of one division: chart of accounts, journals, VAT, terms, periods.

Dutch divisions get a four-digit chart in the style of Exact's NL templates (1000 Kas, 1100
Bank, 1300 Debiteuren, 1500 BTW af te dragen, 1600 Crediteuren, 8000 Omzet hoog …); Belgian
divisions get the six-digit PCMN/MAR chart (400000 Klanten/Clients, 440000 Leveranciers/
Fournisseurs, 451000 Te betalen btw/TVA à payer, 550000 Bank/Banque, 700000 Verkopen/Ventes …)
described in Dutch or French. GL `Type` codes are Exact's (10 cash, 12 bank, 20 receivable,
22 payable, 24 VAT, 110 revenue, 111 cost of goods, 120 other costs, …).

All GUIDs are drawn from the given `random.Random` in a fixed order, so they never depend on
the date; only `FinancialPeriods` dates follow `today`.
"""

from __future__ import annotations

import calendar
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Final

from exactbridge.emulator.seed.identifiers import new_guid

__all__ = ["Ledger", "build_ledger", "table_rows"]

Record = tuple[str, dict[str, Any]]

# code | role | description | Type | BalanceSide | BalanceType
_NL_CHART: Final = """
0200||Inventaris|30|D|B
0210||Afschrijving inventaris|35|C|B
0300||Vervoermiddelen|30|D|B
0310||Afschrijving vervoermiddelen|35|C|B
0400||Computerapparatuur en software|30|D|B
0410||Afschrijving computerapparatuur|35|C|B
0500||Geplaatst kapitaal|50|C|B
0510||Algemene reserve|52|C|B
0550||Privé-opnamen|90|D|B
0700||Lening o/g|55|C|B
1000|cash|Kas|10|D|B
1100|bank|Bank|12|D|B
1110||Spaarrekening|12|D|B
1190||Kruisposten|90|D|B
1300|ar|Debiteuren|20|D|B
1400||Vooruitbetaalde kosten|26|D|B
1500|vat_pay_high|BTW af te dragen hoog|24|C|B
1510|vat_pay_low|BTW af te dragen laag|24|C|B
1520|vat_claim|BTW te vorderen|24|D|B
1530|vat_pay_rc|BTW af te dragen verlegd|24|C|B
1560||Af te dragen omzetbelasting|24|C|B
1600|ap|Crediteuren|22|C|B
1700||Af te dragen loonheffing|25|C|B
1710||Nettolonen|25|C|B
1800||Nog te betalen kosten|27|C|B
1900||Te betalen vennootschapsbelasting|29|C|B
2000|suspense|Vraagposten|90|D|B
3000|stock|Voorraad handelsgoederen|40|D|B
4000||Lonen en salarissen|125|D|W
4010||Sociale lasten|125|D|W
4020||Pensioenlasten|125|D|W
4100||Huur bedrijfsruimte|120|D|W
4110||Gas, water en elektra|120|D|W
4200||Brandstofkosten|120|D|W
4210||Onderhoud vervoermiddelen|120|D|W
4300||Kantoorbenodigdheden|121|D|W
4310||Telefoon en internet|121|D|W
4320||Software en licenties|121|D|W
4400||Reclame- en advertentiekosten|121|D|W
4500||Accountants- en advieskosten|121|D|W
4510||Verzekeringen|121|D|W
4520||Bankkosten|121|D|W
4600||Afschrijvingskosten|122|D|W
7000|cogs|Inkoopwaarde van de omzet|111|D|W
7010|cogs_services|Inkoop uitbesteed werk|111|D|W
8000|revenue_high|Omzet hoog|110|C|W
8100|revenue_low|Omzet laag|110|C|W
8200|revenue_eu|Omzet binnen de EU|110|C|W
8300|revenue_services|Omzet diensten|110|C|W
8900||Kortingen op verkopen|110|D|W
9100||Rentebaten|160|C|W
9200||Rentelasten|120|D|W
9900||Vennootschapsbelasting|150|D|W
"""

# code | role | Dutch | French | Type | BalanceSide | BalanceType
_BE_CHART: Final = """
100000||Geplaatst kapitaal|Capital souscrit|50|C|B
130000||Beschikbare reserves|Réserves disponibles|52|C|B
140000||Overgedragen winst|Bénéfice reporté|52|C|B
174000||Andere leningen|Autres emprunts|55|C|B
230000||Installaties, machines en uitrusting|Installations, machines et outillage|30|D|B
230900||Afschrijvingen installaties|Amortissements installations|35|C|B
240000||Meubilair en rollend materieel|Mobilier et matériel roulant|30|D|B
240900||Afschrijvingen meubilair|Amortissements mobilier|35|C|B
340000|stock|Handelsgoederen|Marchandises|40|D|B
400000|ar|Handelsvorderingen - klanten|Clients|20|D|B
411000|vat_claim|Terug te vorderen btw|TVA à récupérer|24|D|B
416000||Diverse vorderingen|Créances diverses|90|D|B
440000|ap|Leveranciers|Fournisseurs|22|C|B
451000|vat_pay_high|Te betalen btw|TVA à payer|24|C|B
451100|vat_pay_rc|Te betalen btw medecontractant|TVA à payer cocontractant|24|C|B
453000||Ingehouden voorheffingen|Précomptes retenus|25|C|B
454000||RSZ|ONSS|25|C|B
455000||Bezoldigingen|Rémunérations|25|C|B
490000||Over te dragen kosten|Charges à reporter|26|D|B
492000||Toe te rekenen kosten|Charges à imputer|27|C|B
499000|suspense|Wachtrekening|Compte d'attente|90|D|B
550000|bank|Bank|Banque|12|D|B
551000||Spaarrekening|Compte d'épargne|12|D|B
570000|cash|Kas|Caisse|10|D|B
580000||Interne overboekingen|Virements internes|90|D|B
600000||Aankopen grondstoffen|Achats de matières premières|111|D|W
604000|cogs|Aankopen handelsgoederen|Achats de marchandises|111|D|W
609000||Voorraadwijzigingen|Variation des stocks|111|D|W
610000||Huur en huurlasten|Loyers et charges locatives|120|D|W
611000||Onderhoud en herstellingen|Entretien et réparations|120|D|W
612000||Energie|Énergie|120|D|W
613000|cogs_services|Erelonen en onderaanneming|Honoraires et sous-traitance|111|D|W
614000||Publiciteit en reclame|Publicité|121|D|W
615000||Telefoon en internet|Téléphone et internet|121|D|W
616000||Kantoorbenodigdheden|Fournitures de bureau|121|D|W
617000||Verzekeringen|Assurances|121|D|W
618000||Autokosten|Frais de véhicules|120|D|W
620000||Bezoldigingen|Rémunérations|125|D|W
621000||Werkgeversbijdragen RSZ|Cotisations patronales ONSS|125|D|W
630000||Afschrijvingen|Dotations aux amortissements|122|D|W
640000||Bedrijfsbelastingen|Taxes d'exploitation|120|D|W
650000||Intrestlasten|Charges d'intérêts|120|D|W
657000||Bankkosten|Frais bancaires|120|D|W
670000||Belastingen op het resultaat|Impôts sur le résultat|150|D|W
700000|revenue_high|Verkopen handelsgoederen|Ventes de marchandises|110|C|W
701000|revenue_low|Verkopen tegen verlaagd tarief|Ventes à taux réduit|110|C|W
702000|revenue_eu|Intracommunautaire leveringen|Livraisons intracommunautaires|110|C|W
705000|revenue_services|Dienstverlening|Prestations de services|110|C|W
708000||Toegekende kortingen|Remises accordées|110|D|W
740000||Andere bedrijfsopbrengsten|Autres produits d'exploitation|110|C|W
750000||Financiële opbrengsten|Produits financiers|160|C|W
"""

# code | role | NL | BE Dutch | BE French | Percentage | Type | VATTransactionType | pay | claim
_VAT: Final = {
    "NL": """
0|sales_zero|Geen BTW|||0|B|S||
2|sales_low|Verkopen laag 9%|||0.09|E|S|vat_pay_low|
3|sales_high|Verkopen hoog 21%|||0.21|E|S|vat_pay_high|
4|purchase_low|Inkopen laag 9%|||0.09|E|P||vat_claim
5|purchase_high|Inkopen hoog 21%|||0.21|E|P||vat_claim
6|sales_ic|Leveringen binnen de EU 0%|||0|B|S||
7|purchase_ic|Inkopen binnen de EU verlegd 21%|||0.21|E|P|vat_pay_rc|vat_claim
8|purchase_zero|Inkopen zonder BTW|||0|B|P||
""",
    "BE": """
0|sales_zero||Verkopen vrijgesteld|Ventes exonérées|0|B|S||
6|sales_low||Verkopen 6%|Ventes 6%|0.06|E|S|vat_pay_high|
12|sales_mid||Verkopen 12%|Ventes 12%|0.12|E|S|vat_pay_high|
21|sales_high||Verkopen 21%|Ventes 21%|0.21|E|S|vat_pay_high|
ICL|sales_ic||Intracommunautaire levering|Livraison intracommunautaire|0|B|S||
A0|purchase_zero||Aankopen vrijgesteld|Achats exonérés|0|B|P||
A6|purchase_low||Aankopen 6%|Achats 6%|0.06|E|P||vat_claim
A21|purchase_high||Aankopen 21%|Achats 21%|0.21|E|P||vat_claim
ICA|purchase_ic||Intracom. verwerving 21%|Acquisition intracom. 21%|0.21|E|P|vat_pay_rc|vat_claim
""",
}

# code | role | NL | BE Dutch | BE French | Type | GL role
_JOURNALS: Final = """
10|cash|Kas|Kas|Caisse|10|cash
20|bank|Bank|Bank|Banque|12|bank
60|purchase|Inkoopboek|Aankopen|Achats|22|ap
70|sales|Verkoopboek|Verkopen|Ventes|20|ar
90|general|Memoriaal|Diverse verrichtingen|Opérations diverses|90|
"""

# code | NL | BE Dutch | BE French | PaymentDays | PaymentMethod
_TERMS: Final = """
00|Contant|Contant|Comptant|0|K
14|14 dagen|14 dagen|14 jours|14|B
30|30 dagen|30 dagen|30 jours|30|B
60|60 dagen|60 dagen|60 jours|60|B
"""


def table_rows(text: str) -> list[list[str]]:
    """The rows of a `|`-separated table written in a module (one row per line)."""
    return [line.split("|") for line in text.strip().splitlines()]


@dataclass(frozen=True)
class Ledger:
    """The master data of a division and the references other records need.

    Attributes:
        records: `(entity path, record)` pairs in dependency order.
        gl: GL account ID by role (`ar`, `ap`, `bank`, `revenue_high`, `cogs`, …).
        vat: VAT code by role (`sales_high`, `sales_low`, `sales_mid`, `sales_ic`, …).
        journals: journal code by role (`sales`, `purchase`, `bank`, `cash`, `general`).
        terms: payment-condition codes with their days, e.g. `{"30": 30}`.
    """

    records: tuple[Record, ...]
    gl: dict[str, str]
    vat: dict[str, str]
    journals: dict[str, str]
    terms: dict[str, int]


def _pick(row: list[str], first: int, legislation: str, language: str) -> str:
    """Select the NL / BE-Dutch / BE-French text of a row whose texts start at `first`."""
    if legislation == "NL":
        return row[first]
    return row[first + 1] if language == "NL" else row[first + 2]


def _months(today: date) -> Iterator[tuple[int, int]]:
    for year in range(today.year - 2, today.year + 2):
        for month in range(1, 13):
            yield year, month


def build_ledger(
    rng: random.Random, legislation: str, language: str, today: date, created: datetime
) -> Ledger:
    """Build the GL accounts, journals, VAT codes, payment conditions and financial periods.

    Args:
        rng: source of every GUID; drawn in a fixed order.
        legislation: `NL` or `BE`.
        language: `NL` or `FR` (descriptions of a Belgian division).
        today: the world's today; financial years run from `today.year - 2` to `+ 1`.
        created: when the division was set up; master records are stamped from there on.
    """
    records: list[Record] = []
    clock = (created + timedelta(milliseconds=170 * i) for i in itertools.count())

    def stamp(record: dict[str, Any]) -> dict[str, Any]:
        moment = next(clock)
        return {**record, "Created": moment, "Modified": moment}

    gl: dict[str, str] = {}
    for row in table_rows(_NL_CHART if legislation == "NL" else _BE_CHART):
        code, role = row[0], row[1]
        desc = row[2] if legislation == "NL" else (row[2] if language == "NL" else row[3])
        gl_type, side, balance = row[-3:]
        guid = new_guid(rng)
        if role:
            gl[role] = guid
        records.append(
            (
                "financial/GLAccounts",
                stamp(
                    {
                        "ID": guid,
                        "Code": code,
                        "Description": desc,
                        "Type": int(gl_type),
                        "BalanceSide": side,
                        "BalanceType": balance,
                    }
                ),
            )
        )

    journals: dict[str, str] = {}
    for row in table_rows(_JOURNALS):
        journal: dict[str, Any] = {
            "ID": new_guid(rng),
            "Code": row[0],
            "Description": _pick(row, 2, legislation, language),
            "Type": int(row[5]),
            "Currency": "EUR",
        }
        if row[6]:
            journal["GLAccount"] = gl[row[6]]
        journals[row[1]] = row[0]
        records.append(("financial/Journals", stamp(journal)))

    vat: dict[str, str] = {}
    for row in table_rows(_VAT[legislation]):
        vat_code: dict[str, Any] = {
            "ID": new_guid(rng),
            "Code": row[0],
            "Description": _pick(row, 2, legislation, language),
            "Percentage": float(row[5]),
            "Type": row[6],
            "VATTransactionType": row[7],
        }
        if row[8]:
            vat_code["GLToPay"] = gl[row[8]]
        if row[9]:
            vat_code["GLToClaim"] = gl[row[9]]
        vat[row[1]] = row[0]
        records.append(("vat/VATCodes", stamp(vat_code)))
    vat.setdefault("sales_mid", vat["sales_low"])

    terms: dict[str, int] = {}
    for row in table_rows(_TERMS):
        terms[row[0]] = int(row[4])
        records.append(
            (
                "cashflow/PaymentConditions",
                stamp(
                    {
                        "ID": new_guid(rng),
                        "Code": row[0],
                        "Description": _pick(row, 1, legislation, language),
                        "PaymentDays": int(row[4]),
                        "PaymentMethod": row[5],
                    }
                ),
            )
        )

    for year, month in _months(today):
        last = calendar.monthrange(year, month)[1]
        records.append(
            (
                "financial/FinancialPeriods",
                stamp(
                    {
                        "ID": new_guid(rng),
                        "FinYear": year,
                        "FinPeriod": month,
                        "StartDate": datetime(year, month, 1),  # noqa: DTZ001 - Exact wall-clock date
                        "EndDate": datetime(year, month, last),  # noqa: DTZ001 - Exact wall-clock date
                    }
                ),
            )
        )

    return Ledger(tuple(records), gl, vat, journals, terms)
