"""Documents and their files: `documents/Documents` and `documents/DocumentAttachments`.

Both follow real responses recorded from a French division: a document created by POST
(55 properties in Exact's wire order: `ID` first, then alphabetical up to `TypeDescription`,
then properties added later in the order they were added) and an attachment created by POST
and listed with `$skip` (6 properties, no audit fields). An attachment's file goes up as
base64 in `Attachment` and never comes back in a response (`Attachment` is null); clients
download it from `Url` with their Bearer token. POST/PUT flags follow Exact's REST
reference as scraped in 2022; properties added since then are kept read-only. A document
needs `Subject` and `Type`; an attachment `Document`, `FileName` and `Attachment`.
"""

from __future__ import annotations

from exactbridge.exact._spec import EntitySpec, properties

__all__ = ["DOCUMENTS", "DOCUMENT_ATTACHMENTS", "ENTITIES"]

# Types of the never-recorded late additions (ProposedEntryStatus, ScanServiceStatus,
# ActionRegenerateEntryProposal, ContractNumber) are not documented; they are always null.
DOCUMENTS = EntitySpec(
    path="documents/Documents",
    key="ID",
    type_name="Exact.Web.Api.Models.Document",
    methods=frozenset({"GET", "POST", "PUT", "DELETE"}),
    required=(("Subject",), ("Type",)),
    legacy=True,
    full_post_response=True,
    webhook_topic="Documents",
    bulk="bulk/Documents/Documents",
    sync="sync/Documents/Documents",
    deleted_type=6,
    properties=properties(
        """
        ID                             guid      key
        Account                        guid      PU  ->crm/Accounts  # shown on the relation card
        AccountCode                    string    R   >18
        AccountName                    string    R
        AmountFC                       double    PU
        Body                           string    PU
        Category                       guid      PU       # defaulted from the account
        CategoryDescription            string    R
        Contact                        guid      PU  ->crm/Contacts
        ContactFullName                string    R
        Created                        datetime  R
        Creator                        guid      R
        CreatorFullName                string    R
        Currency                       string    PU
        Division                       int32     R
        DocumentDate                   datetime  PU       # defaults to the upload day
        DocumentFolder                 guid      PU
        DocumentFolderCode             string    R
        DocumentFolderDescription      string    R
        DocumentViewUrl                string    R
        ExpiryDate                     datetime  PU
        FinancialTransactionEntryID    guid      PU       # an entry, or a sales invoice's InvoiceID
        HasEmptyBody                   bool      R
        HID                            int32     PU       # numbered per division if omitted
        Language                       string    PU
        Modified                       datetime  R
        Modifier                       guid      R
        ModifierFullName               string    R
        ShopOrderNumber                int32     PU
        Subject                        string    PU
        Type                           int32     PU       # 10 sales, 20 purchase invoice, ...
        TypeDescription                string    R
        Opportunity                    guid      PU
        Project                        guid      PU  ->project/Projects
        ProjectCode                    string    R
        ProjectDescription             string    R
        ProposedEntryStatus            int16     R
        SalesInvoiceNumber             int32     PU
        SalesOrderNumber               int32     PU
        SendMethod                     int32     R
        InheritShare                   bool      PU
        Item                           guid      R   ->logistics/Items
        ItemCode                       string    R
        ItemDescription                string    R
        TeamsMeetingId                 string    R
        ContractNumber                 string    R
        ContractID                     guid      R
        ScanServiceStatus              int16     R
        EntryStatusDescription         string    R
        ActionRegenerateEntryProposal  string    R
        CostcenterCode                 string    R
        CostcenterDescription          string    R
        CostunitCode                   string    R
        CostunitDescription            string    R
        """
    ),
)

# No PUT: an attachment is replaced by deleting it and posting a new one.
DOCUMENT_ATTACHMENTS = EntitySpec(
    path="documents/DocumentAttachments",
    key="ID",
    type_name="Exact.Web.Api.Models.DocumentAttachment",
    methods=frozenset({"GET", "POST", "DELETE"}),
    required=(("Document",), ("FileName",), ("Attachment",)),
    legacy=True,
    full_post_response=True,
    bulk="bulk/Documents/DocumentAttachments",
    sync="sync/Documents/DocumentAttachments",
    deleted_type=4,
    properties=properties(
        """
        ID          guid      key
        Attachment  binary    P        # base64 on POST; always null in answers
        FileName    string    P
        FileSize    double    R        # bytes
        Url         string    R        # download with `&Download=1` and the Bearer token
        Document    guid      P   ->documents/Documents
        """
    ),
)

ENTITIES: tuple[EntitySpec, ...] = (DOCUMENTS, DOCUMENT_ATTACHMENTS)
