"""`hrm/Divisions`: the divisions the signed-in user may access within one licence.

No response of this endpoint was recorded. Property names, order and Edm types follow Exact's
REST reference (`HRMDivisions`, as generated into current client libraries, and the older
picqer/exact-php-client `Division` model). `HID` is documented as Int64; Exact sends Int64
values as JSON strings (observed for `system/Divisions.Hid` and `current/Me.Legislation`), so
it is declared as a string. `Class_01`..`Class_05` are collections of division classes in
Exact; the spec DSL has no complex types, so they are declared as strings and served as null.
The endpoint is read-only and predates 2017, so `$skip` is still accepted.
"""

from __future__ import annotations

from exactbridge.exact._spec import EntitySpec, properties

__all__ = ["DIVISIONS", "ENTITIES"]

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

ENTITIES: tuple[EntitySpec, ...] = (DIVISIONS,)
