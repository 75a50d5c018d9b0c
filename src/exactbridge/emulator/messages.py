"""Business-rule error texts in the user's language, worded as Exact words them.

Exact localises validation errors (`Verplicht: Serie` for a Dutch user, `Mandatory: …`
for an English one) and joins several with CRLF.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

__all__ = ["Messages"]

_TEMPLATES: Final = {
    "mandatory": ("Mandatory: {0}", "Verplicht: {0}"),
    "invalid_reference": ("Invalid reference: {0}", "Ongeldige referentie: {0}"),
    "invalid": ("Invalid: {0}", "Ongeldig: {0}"),
    "not_allowed": ("Not allowed: {0}", "Niet toegestaan: {0}"),
    "exists": ("Data already exists: {0}", "Bestaat reeds: {0}"),
    "cannot_delete": (
        "Cannot delete: {0} - Used in: {1}",
        "Kan niet verwijderen: {0} - Gebruikt in: {1}",
    ),
    "already_exists": ("Data already exists", "Bestaat reeds"),
    "callback_status": (
        "Invalid: Post to callback URL endpoint returns {0}",
        "Ongeldig: Post to callback URL endpoint returns {0}",
    ),
    "callback_unreachable": (
        "Invalid: Post to callback URL endpoint failed: {0}",
        "Ongeldig: Post to callback URL endpoint failed: {0}",
    ),
    "processed": (
        "Not allowed: the invoice has been processed and cannot be changed",
        "Niet toegestaan: de factuur is verwerkt en kan niet meer worden gewijzigd",
    ),
    "status": ("Not allowed: {0} - Status: {1}", "Niet toegestaan: {0} - Status: {1}"),
    # the ledger (entries, transactions, open items)
    "invalid_type": ("Invalid: {0} (Type)", "Ongeldig: {0} (Type)"),
    "entry_processed": (
        "Not allowed: the entry has been processed and cannot be changed",
        "Niet toegestaan: de boeking is verwerkt en kan niet meer worden gewijzigd",
    ),
    "entry_matched": (
        "Not allowed: the entry has been matched and cannot be changed",
        "Niet toegestaan: de boeking is afgeletterd en kan niet meer worden gewijzigd",
    ),
    "unbalanced": (
        "The entry is not in balance: difference {0}",
        "De boeking is niet in balans: verschil {0}",
    ),
    "file_too_large": (
        "File too large: {0} (maximum 10 MB)",
        "Bestand te groot: {0} (maximaal 10 MB)",
    ),
}

_LABELS: Final = {
    "Account": ("Account", "Relatie"),
    "CallbackURL": ("Callback URL", "Callback-URL"),
    "Code": ("Code", "Code"),
    "Contacts": ("Contacts", "Contactpersonen"),
    "DeliverTo": ("Deliver to", "Leveren aan"),
    "Description": ("Description", "Omschrijving"),
    "FirstName": ("First name", "Voornaam"),
    "GLAccount": ("G/L account", "Grootboekrekening"),
    "InvoiceTo": ("Invoice to", "Factuur voor"),
    "IsInstant": ("Instant", "Direct"),
    "Item": ("Item", "Artikel"),
    "ItemGroup": ("Item group", "Artikelgroep"),
    "Journal": ("Journal", "Dagboek"),
    "LastName": ("Last name", "Achternaam"),
    "Name": ("Name", "Naam"),
    "OrderedBy": ("Ordered by", "Besteld door"),
    "PaymentCondition": ("Payment condition", "Betalingsconditie"),
    "SalesInvoiceLines": ("Invoice lines", "Factuurregels"),
    "SalesInvoices": ("Sales invoices", "Verkoopfacturen"),
    "Topic": ("Topic", "Onderwerp"),
    "VATCode": ("VAT code", "Btw-code"),
    # commerce, documents and users (entities and fields named in refusals)
    "AcceptQuotation": ("Accept quotation", "Offerte accepteren"),
    "Attachment": ("Attachment", "Bijlage"),
    "Contact": ("Contact", "Contactpersoon"),
    "CostCenter": ("Cost center", "Kostenplaats"),
    "Costcenter": ("Cost center", "Kostenplaats"),
    "CostUnit": ("Cost unit", "Kostendrager"),
    "Costunit": ("Cost unit", "Kostendrager"),
    "Document": ("Document", "Document"),
    "DocumentAttachments": ("Attachments", "Bijlagen"),
    "Documents": ("Documents", "Documenten"),
    "Email": ("E-mail", "E-mail"),
    "FileName": ("File name", "Bestandsnaam"),
    "OrderAccount": ("Order account", "Besteld door"),
    "OrderNumber": ("Order number", "Ordernummer"),
    "PrintQuotation": ("Print quotation", "Offerte afdrukken"),
    "Project": ("Project", "Project"),
    "Projects": ("Projects", "Projecten"),
    "Quotation": ("Quotation", "Offerte"),
    "QuotationLines": ("Quotation lines", "Offerteregels"),
    "QuotationNumber": ("Quotation number", "Offertenummer"),
    "Quotations": ("Quotations", "Offertes"),
    "RejectQuotation": ("Reject quotation", "Offerte afwijzen"),
    "ReopenQuotation": ("Reopen quotation", "Offerte heropenen"),
    "ReviewQuotation": ("Review quotation", "Offerte herzien"),
    "SalesOrder": ("Sales order", "Verkooporder"),
    "SalesOrderLines": ("Sales order lines", "Verkooporderregels"),
    "SalesOrders": ("Sales orders", "Verkooporders"),
    "Subject": ("Subject", "Onderwerp"),
    "Type": ("Type", "Soort"),
    "UserName": ("User name", "Gebruikersnaam"),
    # the ledger (entries, transactions, open items)
    "BankEntryLines": ("Bank entry lines", "Bankboekingsregels"),
    "CashEntryLines": ("Cash entry lines", "Kasboekingsregels"),
    "Customer": ("Customer", "Klant"),
    "EntryID": ("Entry", "Boeking"),
    "FinancialYear": ("Financial year", "Boekjaar"),
    "GeneralJournalEntryLines": ("Entry lines", "Boekingsregels"),
    "InvoiceID": ("Invoice", "Factuur"),
    "JournalCode": ("Journal", "Dagboek"),
    "PurchaseEntryLines": ("Entry lines", "Boekingsregels"),
    "SalesEntryLines": ("Entry lines", "Boekingsregels"),
    "SalesInvoice": ("Sales invoice", "Verkoopfactuur"),
    "Supplier": ("Supplier", "Leverancier"),
    # statuses named by the `status` refusal
    "Accepted": ("Accepted", "Geaccepteerd"),
    "Cancelled": ("Cancelled", "Geannuleerd"),
    "Complete": ("Complete", "Volledig"),
    "Draft": ("Draft", "Concept"),
    "Partial": ("Partial", "Gedeeltelijk"),
    "Printed": ("Printed", "Afgedrukt"),
    "Rejected": ("Rejected", "Afgewezen"),
    "Reviewed and closed": ("Reviewed and closed", "Herzien en gesloten"),
}


@dataclass(frozen=True, slots=True)
class Messages:
    """Formats error texts for one language.

    Attributes:
        language: `en` or `nl`.
    """

    language: Literal["en", "nl"] = "en"

    def label(self, name: str) -> str:
        """The screen label of a property or entity, falling back to its name."""
        labels = _LABELS.get(name)
        if labels is None:
            return name
        return labels[1] if self.language == "nl" else labels[0]

    def text(self, kind: str, *names: str) -> str:
        """The message of `kind` about the given properties or entities."""
        english, dutch = _TEMPLATES[kind]
        template = dutch if self.language == "nl" else english
        return template.format(*(self.label(n) for n in names))
