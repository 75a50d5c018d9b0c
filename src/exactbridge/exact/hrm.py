"""`hrm/Divisions` (the divisions of one licence) and the cost centres and cost units.

No response of this endpoint was recorded. Property names, order and Edm types follow Exact's
REST reference (`HRMDivisions`, as generated into current client libraries, and the older
picqer/exact-php-client `Division` model). `HID` is documented as Int64; Exact sends Int64
values as JSON strings (observed for `system/Divisions.Hid` and `current/Me.Legislation`), so
it is declared as a string. `Class_01`..`Class_05` are collections of division classes in
Exact; the spec DSL has no complex types, so they are declared as strings and served as null.
The endpoint is read-only and predates 2017, so `$skip` is still accepted.

`hrm/Costcenters` and `hrm/Costunits` (the two dimensions of cost analysis) were not
recorded either; their properties follow the reference (key first, then alphabetical). A
code is given on creation and never changes (Exact recodes only in its screens); other
records refer to cost centres and units by that code, not by `ID`. A cost centre is
`Active` until its `EndDate`.
"""

from __future__ import annotations

from exactbridge.exact._spec import EntitySpec, properties

__all__ = ["COSTCENTERS", "COSTUNITS", "DIVISIONS", "ENTITIES"]

# Type name not recorded; follows Exact's namespace for HRM models (unverified).
DIVISIONS = EntitySpec(
    path="hrm/Divisions",
    key="Code",
    type_name="Exact.Web.Api.Models.HRM.Division",
    legacy=True,
    properties=properties(
        """
        Code                 int32     key
        ArchiveDate          datetime  R
        BlockingStatus       int32     R
        Class_01             string    R        # an object in Exact; null here
        Class_02             string    R        # an object in Exact; null here
        Class_03             string    R        # an object in Exact; null here
        Class_04             string    R        # an object in Exact; null here
        Class_05             string    R        # an object in Exact; null here
        Country              string    R   <3
        CountryDescription   string    R
        Created              datetime  R
        Creator              guid      R
        CreatorFullName      string    R
        Currency             string    R
        CurrencyDescription  string    R
        Customer             guid      R
        CustomerCode         string    R   >18
        CustomerName         string    R
        Description          string    R
        HID                  string    R        # Int64 in the reference
        Main                 bool      R        # the hosting division
        Modified             datetime  R
        Modifier             guid      R
        ModifierFullName     string    R
        OBNumber             string    R
        SiretNumber          string    R
        StartDate            datetime  R
        Status               int16     R        # 0 regular, 1 archived
        TaxOfficeNumber      string    R
        TaxReferenceNumber   string    R
        TemplateCode         string    R
        VATNumber            string    R
        Website              string    R
        """
    ),
)

# Type names not recorded; they follow the pattern of hrm/Divisions (unverified).
COSTCENTERS = EntitySpec(
    path="hrm/Costcenters",
    key="ID",
    type_name="Exact.Web.Api.Models.HRM.Costcenter",
    methods=frozenset({"GET", "POST", "PUT", "DELETE"}),
    required=(("Code",), ("Description",)),
    legacy=True,
    properties=properties(
        """
        ID                guid      key
        Active            bool      R        # false from EndDate on
        Code              string    P        # the reference other records use
        Created           datetime  R
        Creator           guid      R
        CreatorFullName   string    R
        CustomField       string    R        # Premium only
        Description       string    PU
        Division          int32     R
        EndDate           datetime  PU
        Modified          datetime  R
        Modifier          guid      R
        ModifierFullName  string    R
        """
    ),
)

COSTUNITS = EntitySpec(
    path="hrm/Costunits",
    key="ID",
    type_name="Exact.Web.Api.Models.HRM.Costunit",
    methods=frozenset({"GET", "POST", "PUT", "DELETE"}),
    required=(("Code",), ("Description",)),
    legacy=True,
    properties=properties(
        """
        ID                guid      key
        Code              string    P        # the reference other records use
        Created           datetime  R
        Creator           guid      R
        CreatorFullName   string    R
        CustomField       string    R        # Premium only
        Description       string    PU
        Division          int32     R
        EndDate           datetime  PU
        Modified          datetime  R
        Modifier          guid      R
        ModifierFullName  string    R
        """
    ),
)

ENTITIES: tuple[EntitySpec, ...] = (DIVISIONS, COSTCENTERS, COSTUNITS)
