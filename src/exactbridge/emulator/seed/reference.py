"""Reference lists of a division: GL classifications and banks.

`financial/GLClassifications` is an RGS-like tree for Dutch divisions and the PCMN classes
for Belgian ones (described in Dutch or French); `cashflow/Banks` lists Dutch and Belgian
banks with their BICs and IBAN formats. Keys come from the given random stream, stamps from
the caller, so the lists are as deterministic as the rest of `seed`.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any, Final

from exactbridge.emulator.seed.identifiers import new_guid
from exactbridge.emulator.seed.ledger import table_rows

__all__ = ["banks", "classifications"]

Record = tuple[str, dict[str, Any]]

# code | parent | Dutch | French | balance | period type
_RGS: Final = """
B||Balans||debit|instant
BIva|B|Immateriële vaste activa||debit|instant
BMva|B|Materiële vaste activa||debit|instant
BVrd|B|Voorraden||debit|instant
BVor|B|Vorderingen||debit|instant
BVorDeb|BVor|Handelsdebiteuren||debit|instant
BVorOvr|BVor|Overige vorderingen||debit|instant
BLim|B|Liquide middelen||debit|instant
BEiv|B|Eigen vermogen||credit|instant
BLas|B|Langlopende schulden||credit|instant
BSch|B|Kortlopende schulden||credit|instant
BSchCre|BSch|Crediteuren||credit|instant
BSchBep|BSch|Belastingen en premies sociale verzekeringen||credit|instant
BSchOvs|BSch|Overige schulden||credit|instant
W||Winst-en-verliesrekening||credit|duration
WOmz|W|Netto-omzet||credit|duration
WKpr|W|Kostprijs van de omzet||debit|duration
WPer|W|Lonen en salarissen||debit|duration
WAfs|W|Afschrijvingen||debit|duration
WBed|W|Overige bedrijfskosten||debit|duration
WFbe|W|Financiële baten en lasten||debit|duration
WBel|W|Belastingen||debit|duration
"""
_PCMN: Final = """
1||Eigen vermogen, schulden > 1 jaar|Fonds propres, dettes > 1 an|credit|instant
10|1|Kapitaal|Capital|credit|instant
13|1|Reserves|Réserves|credit|instant
17|1|Schulden op meer dan één jaar|Dettes à plus d'un an|credit|instant
2||Vaste activa|Actifs immobilisés|debit|instant
23|2|Installaties, machines en uitrusting|Installations, machines et outillage|debit|instant
24|2|Meubilair en rollend materieel|Mobilier et matériel roulant|debit|instant
3||Voorraden|Stocks|debit|instant
4||Vorderingen en schulden op ten hoogste één jaar|Créances et dettes à un an au plus|debit|instant
40|4|Handelsvorderingen|Créances commerciales|debit|instant
41|4|Overige vorderingen|Autres créances|debit|instant
44|4|Handelsschulden|Dettes commerciales|credit|instant
45|4|Belastingen, bezoldigingen, sociale lasten|Dettes fiscales, salariales, sociales|credit|instant
49|4|Overlopende rekeningen|Comptes de régularisation|debit|instant
5||Geldbeleggingen en liquide middelen|Placements de trésorerie et valeurs disponibles|debit|instant
55|5|Kredietinstellingen|Établissements de crédit|debit|instant
57|5|Kassen|Caisses|debit|instant
6||Kosten|Charges|debit|duration
60|6|Handelsgoederen, grond- en hulpstoffen|Approvisionnements et marchandises|debit|duration
61|6|Diensten en diverse goederen|Services et biens divers|debit|duration
62|6|Bezoldigingen en sociale lasten|Rémunérations et charges sociales|debit|duration
63|6|Afschrijvingen|Amortissements|debit|duration
65|6|Financiële kosten|Charges financières|debit|duration
7||Opbrengsten|Produits|credit|duration
70|7|Omzet|Chiffre d'affaires|credit|duration
74|7|Andere bedrijfsopbrengsten|Autres produits d'exploitation|credit|duration
75|7|Financiële opbrengsten|Produits financiers|credit|duration
"""
_TAXONOMIES: Final = {
    "NL": ("rgs", "Referentie GrootboekSchema", "Referentie GrootboekSchema"),
    "BE": ("pcmn", "Minimumindeling van het algemeen rekeningenstelsel",
           "Plan comptable minimum normalisé"),
}  # fmt: skip

# name | BIC | country | home page | description
_BANKS: Final = """
ING Bank|INGBNL2A|NL|www.ing.nl|ING Bank N.V.
Rabobank|RABONL2U|NL|www.rabobank.nl|Coöperatieve Rabobank U.A.
ABN AMRO|ABNANL2A|NL|www.abnamro.nl|ABN AMRO Bank N.V.
Triodos Bank|TRIONL2U|NL|www.triodos.nl|Triodos Bank N.V.
SNS|SNSBNL2A|NL|www.snsbank.nl|de Volksbank N.V. (SNS)
ASN Bank|ASNBNL21|NL|www.asnbank.nl|de Volksbank N.V. (ASN Bank)
RegioBank|RBRBNL21|NL|www.regiobank.nl|de Volksbank N.V. (RegioBank)
Knab|KNABNL2H|NL|www.knab.nl|Knab N.V.
bunq|BUNQNL2A|NL|www.bunq.com|bunq B.V.
Van Lanschot Kempen|FVLBNL22|NL|www.vanlanschotkempen.com|Van Lanschot Kempen N.V.
BNP Paribas Fortis|GEBABEBB|BE|www.bnpparibasfortis.be|BNP Paribas Fortis NV
KBC Bank|KREDBEBB|BE|www.kbc.be|KBC Bank NV
CBC Banque|CREGBEBB|BE|www.cbc.be|CBC Banque SA
Belfius Bank|GKCCBEBB|BE|www.belfius.be|Belfius Bank NV
ING België|BBRUBEBB|BE|www.ing.be|ING België NV
Argenta|ARSPBE22|BE|www.argenta.be|Argenta Spaarbank NV
Crelan|NICABEBB|BE|www.crelan.be|Crelan NV
Beobank|CTBKBEBX|BE|www.beobank.be|Beobank NV
vdk bank|VDSPBE91|BE|www.vdk.be|vdk bank NV
Keytrade Bank|KEYTBEBB|BE|www.keytradebank.be|Keytrade Bank
"""
_IBAN_FORMAT: Final = {"NL": "NLkk BBBB CCCC CCCC CC", "BE": "BEkk BBBC CCCC CCKK"}


def classifications(
    rng: random.Random, legislation: str, language: str, stamp: Callable[[], dict[str, Any]]
) -> Iterator[Record]:
    """`financial/GLClassifications`: an RGS-like tree (NL) or the PCMN classes (BE)."""
    prefix, dutch, french = _TAXONOMIES[legislation]
    namespace = new_guid(rng)
    keys: dict[str, str] = {}
    for code, parent, nl_text, fr_text, balance, period_type in table_rows(
        _RGS if legislation == "NL" else _PCMN
    ):
        keys[code] = new_guid(rng)
        description = fr_text if language == "FR" and fr_text else nl_text
        yield (
            "financial/GLClassifications",
            {
                "ID": keys[code],
                "Abstract": not parent,
                "Balance": balance,
                "Code": code,
                "Description": description,
                "Name": f"{prefix}:{code}",
                "Nillable": True,
                "Parent": keys[parent] if parent else None,
                "PeriodType": period_type,
                "SubstitutionGroup": "xbrli:item",
                "TaxonomyNamespace": namespace,
                "TaxonomyNamespaceDescription": french if language == "FR" else dutch,
            }
            | stamp(),
        )


def banks(rng: random.Random, stamp: Callable[[], dict[str, Any]]) -> Iterator[Record]:
    """`cashflow/Banks`: Dutch and Belgian banks with their BICs."""
    for name, bic, country, home, description in table_rows(_BANKS):
        yield (
            "cashflow/Banks",
            {
                "ID": new_guid(rng),
                "BankName": name,
                "BICCode": bic,
                "Country": country,
                "Description": description,
                "Format": _IBAN_FORMAT[country],
                "HomePageAddress": home,
                "Status": "A",
            }
            | stamp(),
        )
