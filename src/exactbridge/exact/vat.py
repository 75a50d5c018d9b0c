"""`vat/VATCodes`: VAT codes, with their dated percentages as a navigation collection.

Follows real responses recorded from a French division (`GET` without `$select`, 18 rows of
44 properties in Exact's wire order). POST/PUT flags come from Exact's REST reference as
scraped in 2022. Codes are left-aligned in 3 characters (`"0  "`, `"AB "`), the tax
authority's account code right-aligned in 18, and percentages are fractions (20 % is 0.2).
"""

from __future__ import annotations

from exactbridge.exact._spec import EntitySpec, properties

__all__ = ["ENTITIES", "VAT_CODES"]

VAT_CODES = EntitySpec(
    path="vat/VATCodes",
    key="ID",
    type_name="Exact.Web.Api.Models.VATCode",
    methods=frozenset({"GET", "POST", "PUT", "DELETE"}),
    required=(("Code",), ("Description",)),
    legacy=True,
    properties=properties(
        """
        Account                        guid      PU       # tax authority relation
        AccountCode                    string    R   >18
        AccountName                    string    R
        CalculationBasis               byte      PU
        Charged                        bool      PU
        Code                           string    PU  <3
        Country                        string    R        # obsolete
        Created                        datetime  R
        Creator                        guid      R
        CreatorFullName                string    R
        Description                    string    PU
        Division                       int32     R
        EUSalesListing                 string    PU       # L goods, N none, S services, T triang.
        ExcludeVATListing              byte      PU
        GLDiscountPurchase             guid      PU
        GLDiscountPurchaseCode         string    R
        GLDiscountPurchaseDescription  string    R
        GLDiscountSales                guid      PU
        GLDiscountSalesCode            string    R
        GLDiscountSalesDescription     string    R
        GLToClaim                      guid      PU  ->financial/GLAccounts
        GLToClaimCode                  string    R
        GLToClaimDescription           string    R
        GLToPay                        guid      PU  ->financial/GLAccounts
        GLToPayCode                    string    R
        GLToPayDescription             string    R
        ID                             guid      key
        IntraStat                      bool      PU
        IntrastatType                  string    PU
        IsBlocked                      bool      PU
        LegalText                      string    PU
        Modified                       datetime  R
        Modifier                       guid      R
        ModifierFullName               string    R
        OssCountry                     string    PU
        Percentage                     double    R        # fraction: 20 % is 0.2
        TaxReturnType                  int16     PU
        Type                           string    PU       # B base only, E excl., I incl., N none
        VatDocType                     string    PU
        VatMargin                      byte      PU
        VATPartialRatio                int16     PU
        VATPercentages                 nav       vat/VatPercentages:VATCodeID
        VATTransactionType             string    PU       # B both, P purchase, S sales
        CustomField                    string    R        # Premium only
        """
    ),
)

ENTITIES: tuple[EntitySpec, ...] = (VAT_CODES,)
