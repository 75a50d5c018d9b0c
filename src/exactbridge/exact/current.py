"""`current/Me`: the signed-in user, the one endpoint without a division in its URL.

Property names, order and JSON types follow a real response recorded from a French division
(`GET /api/v1/current/Me`, 39 properties); Edm types and descriptions come from Exact's REST
reference (the 2022 machine-readable scrape and picqer/exact-php-client's `Me` model). The
endpoint is read-only. Even a request by key answers with a one-row collection, and requests
to it do not count toward the daily rate limit. `Legislation` is documented as Int64 but is
sent as a JSON string, so it is declared as a string here.
"""

from __future__ import annotations

from exactbridge.exact._spec import EntitySpec, properties

__all__ = ["ENTITIES", "ME"]

ME = EntitySpec(
    path="current/Me",
    key="UserID",
    type_name="Exact.Web.Api.Models.System.Me",
    division_scoped=False,
    single_as_collection=True,
    properties=properties(
        """
        CurrentDivision              int32     R
        DivisionCustomer             guid      R
        DivisionCustomerCode         string    R   >18
        DivisionCustomerName         string    R
        DivisionCustomerVatNumber    string    R
        DivisionCustomerSiretNumber  string    R
        DossierDivision              int32     R
        AccountingDivision           int32     R
        IsEmployeeSelfServiceUser    bool      R
        IsMyFirmLiteUser             bool      R
        IsStarterUser                bool      R
        IsMyFirmPortalUser           bool      R
        IsClientUser                 bool      R
        FullName                     string    R
        PictureUrl                   string    R
        ThumbnailPicture             binary    R
        ThumbnailPictureFormat       string    R
        UserID                       guid      key
        UserName                     string    R
        LanguageCode                 string    R
        Legislation                  string    R        # Int64 in the reference; sent as "128"
        Email                        string    R
        Title                        string    R
        Initials                     string    R
        FirstName                    string    R
        MiddleName                   string    R
        LastName                     string    R
        Gender                       string    R
        Nationality                  string    R
        Language                     string    R
        Phone                        string    R
        PhoneExtension               string    R
        Mobile                       string    R
        ServerTime                   string    R        # local time as ISO text
        ServerUtcOffset              double    R        # seconds
        EmployeeID                   guid      R
        CustomerCode                 string    R   >18
        PackageCode                  string    R        # not in the 2022 reference
        IsOEIMigrationMandatory      bool      R        # not in the 2022 reference
        """
    ),
)

ENTITIES: tuple[EntitySpec, ...] = (ME,)
