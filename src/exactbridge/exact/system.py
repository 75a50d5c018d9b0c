"""`system/Divisions` and `system/AllDivisions`: the divisions (administrations) a user can open.

`system/Divisions` follows a real response recorded from a French division (62 properties,
type `Exact.Web.Api.Models.System.Division`); Edm types come from Exact's REST reference as
scraped in 2022 and as generated into current client libraries. `Hid` is documented as Int64
but sent as a JSON string, so it is declared as a string. `Class_01`..`Class_05` are objects
of type `Exact.Web.Api.Models.HRM.DivisionClass` in Exact; the spec DSL has no complex types,
so they are declared as strings and are served as null. `system/AllDivisions` lists every
division of the licence regardless of access rights; no response of it was recorded, so its
property list is the one the reference gives for the division endpoints of the `system`
service (the same 62 names), in the order recorded for `system/Divisions`. Both are read-only.

`system/Users` lists the users of the whole licence; like `current/Me` it has no division
in its URL. It was not recorded; its properties follow the reference (key first, then
alphabetical). Users are created (GET POST PUT, no DELETE: a user is ended with `EndDate`)
with at least a last name and an e-mail address; `UserDivisionList` names the divisions
they may open, as comma-separated codes.
"""

from __future__ import annotations

from exactbridge.exact._spec import EntitySpec, properties

__all__ = ["ALL_DIVISIONS", "DIVISIONS", "ENTITIES", "USERS"]

DIVISIONS = EntitySpec(
    path="system/Divisions",
    key="Code",
    type_name="Exact.Web.Api.Models.System.Division",
    legacy=True,
    properties=properties(
        """
        AddressLine1                    string    R
        AddressLine2                    string    R
        AddressLine3                    string    R
        BlockingStatus                  int32     R        # 0 not blocked, 1-6 busy
        BusinessTypeCode                string    R
        BusinessTypeDescription         string    R
        Code                            int32     key
        ChamberOfCommerceNumber         string    R
        ChamberOfCommerceEstablishment  string    R
        City                            string    R
        CompanySizeCode                 string    R
        CompanySizeDescription          string    R
        Country                         string    R   <3
        Created                         datetime  R
        Creator                         guid      R
        CreatorFullName                 string    R
        Currency                        string    R
        Current                         bool      R        # last division used by the API
        Customer                        guid      R
        CustomerCode                    string    R   >18
        CustomerName                    string    R
        DatevAccountantNumber           string    R
        DatevClientNumber               string    R
        Description                     string    R
        DivisionMoveDate                datetime  R        # resync all when it changes
        DivisionHRLinkUnlinkDate        datetime  R
        Email                           string    R
        Fax                             string    R
        Hid                             string    R        # Int64 in the reference; sent as "1"
        IsDossierDivision               bool      R
        IsPracticeDivision              bool      R
        IsHRDivision                    bool      R
        IsMainDivision                  bool      R
        Legislation                     string    R   <3
        Modified                        datetime  R
        Modifier                        guid      R
        ModifierFullName                string    R
        OBNumber                        string    R
        Postcode                        string    R
        Phone                           string    R
        SbiCode                         string    R
        SbiDescription                  string    R
        SectorCode                      string    R
        SectorDescription               string    R
        ShareCapital                    double    R
        SiretNumber                     string    R
        StartDate                       datetime  R
        State                           string    R
        Status                          int32     R        # 0 inactive, 1 active, 2 archived
        SubsectorCode                   string    R
        SubsectorDescription            string    R
        TaxOfficeNumber                 string    R
        TaxReferenceNumber              string    R
        TemplateCode                    string    R
        VATNumber                       string    R
        Website                         string    R
        ArchiveDate                     datetime  R
        Class_01                        string    R        # an object in Exact; null here
        Class_02                        string    R        # an object in Exact; null here
        Class_03                        string    R        # an object in Exact; null here
        Class_04                        string    R        # an object in Exact; null here
        Class_05                        string    R        # an object in Exact; null here
        """
    ),
)

# Type name not recorded; follows the pattern of system/Divisions (unverified).
ALL_DIVISIONS = EntitySpec(
    path="system/AllDivisions",
    key="Code",
    type_name="Exact.Web.Api.Models.System.AllDivision",
    properties=properties(
        """
        AddressLine1                    string    R
        AddressLine2                    string    R
        AddressLine3                    string    R
        BlockingStatus                  int32     R        # 0 not blocked, 1-6 busy
        BusinessTypeCode                string    R
        BusinessTypeDescription         string    R
        Code                            int32     key
        ChamberOfCommerceNumber         string    R
        ChamberOfCommerceEstablishment  string    R
        City                            string    R
        CompanySizeCode                 string    R
        CompanySizeDescription          string    R
        Country                         string    R   <3
        Created                         datetime  R
        Creator                         guid      R
        CreatorFullName                 string    R
        Currency                        string    R
        Current                         bool      R        # last division used by the API
        Customer                        guid      R
        CustomerCode                    string    R   >18
        CustomerName                    string    R
        DatevAccountantNumber           string    R
        DatevClientNumber               string    R
        Description                     string    R
        DivisionMoveDate                datetime  R        # resync all when it changes
        DivisionHRLinkUnlinkDate        datetime  R
        Email                           string    R
        Fax                             string    R
        Hid                             string    R        # Int64 in the reference; sent as "1"
        IsDossierDivision               bool      R
        IsPracticeDivision              bool      R
        IsHRDivision                    bool      R
        IsMainDivision                  bool      R
        Legislation                     string    R   <3
        Modified                        datetime  R
        Modifier                        guid      R
        ModifierFullName                string    R
        OBNumber                        string    R
        Postcode                        string    R
        Phone                           string    R
        SbiCode                         string    R
        SbiDescription                  string    R
        SectorCode                      string    R
        SectorDescription               string    R
        ShareCapital                    double    R
        SiretNumber                     string    R
        StartDate                       datetime  R
        State                           string    R
        Status                          int32     R        # 0 inactive, 1 active, 2 archived
        SubsectorCode                   string    R
        SubsectorDescription            string    R
        TaxOfficeNumber                 string    R
        TaxReferenceNumber              string    R
        TemplateCode                    string    R
        VATNumber                       string    R
        Website                         string    R
        ArchiveDate                     datetime  R
        Class_01                        string    R        # an object in Exact; null here
        Class_02                        string    R        # an object in Exact; null here
        Class_03                        string    R        # an object in Exact; null here
        Class_04                        string    R        # an object in Exact; null here
        Class_05                        string    R        # an object in Exact; null here
        """
    ),
)

# Type name not recorded; follows the pattern of system/Divisions (unverified).
USERS = EntitySpec(
    path="system/Users",
    key="UserID",
    type_name="Exact.Web.Api.Models.System.User",
    methods=frozenset({"GET", "POST", "PUT"}),
    required=(("LastName",), ("Email",)),
    division_scoped=False,
    properties=properties(
        """
        UserID                               guid      key
        AuthenticationType                   int32     R        # bit flags: 2 forms, 8 TOTP, ...
        BirthDate                            datetime  PU
        Created                              datetime  R
        Creator                              guid      R
        CreatorFullName                      string    R
        Customer                             guid      R        # the licence holder
        CustomerName                         string    R
        Email                                string    PU
        EndDate                              datetime  PU       # login disabled from then on
        FirstName                            string    PU
        FullName                             string    R
        Gender                               string    PU       # M, V (female), O
        HasRegisteredForTwoStepVerification  bool      R
        HasTwoStepVerification               bool      R
        Initials                             string    PU
        IsAnonymised                         bool      R
        Language                             string    PU
        LastLogin                            datetime  R
        LastName                             string    PU
        MiddleName                           string    PU
        Mobile                               string    PU
        Modified                             datetime  R
        Modifier                             guid      R
        ModifierFullName                     string    R
        Nationality                          string    PU
        Notes                                string    PU
        Phone                                string    PU
        PhoneExtension                       string    PU
        ProfileCode                          string    PU
        StartDate                            datetime  PU
        Title                                string    PU
        UserDivisionList                     string    PU       # division codes, comma-separated
        UserName                             string    P        # defaults to Email
        UserTypeCode                         string    P
        """
    ),
)

ENTITIES: tuple[EntitySpec, ...] = (DIVISIONS, ALL_DIVISIONS, USERS)
