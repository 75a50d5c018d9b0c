"""Logistics: `logistics/Items` and `logistics/ItemGroups`.

Items follow real responses recorded from a French division (POST and `GET` by key without
`$select`: 117 properties in Exact's wire order, which lists `IsSerialNumberItem` and
`IsBatchNumberItem` before the key). POST/PUT flags come from Exact's REST reference as
scraped in 2022: the standard and average cost prices may only be set on creation, and
properties added since then are kept read-only. `Unit` is observed left-aligned in 8
characters. Item groups were only read with `$select` (type `Exact.Web.Api.Models.ItemGroup`),
so their properties follow the reference (alphabetical, key first); the endpoint is read-only.
"""

from __future__ import annotations

from exactbridge.exact._spec import EntitySpec, properties

__all__ = ["ENTITIES", "ITEMS", "ITEM_GROUPS"]

# Not in the 2022 reference, so kept read-only: CustomField, Picture, the two work-in-progress
# G/L accounts with their codes and descriptions, AssembledLeadDays, BatchQuantity, UseExplosion.
ITEMS = EntitySpec(
    path="logistics/Items",
    key="ID",
    type_name="Exact.Web.Api.Models.Item",
    methods=frozenset({"GET", "POST", "PUT", "DELETE"}),
    required=(("Code",), ("Description",)),
    legacy=True,
    webhook_topic="Items",
    bulk="bulk/Logistics/Items",
    sync="sync/Logistics/Items",
    deleted_type=9,
    properties=properties(
        """
        IsSerialNumberItem                  bool      PU       # obsolete: use IsSerialItem
        IsBatchNumberItem                   byte      PU       # obsolete: use IsBatchItem
        ID                                  guid      key
        StandardSalesPrice                  double    R
        Class_01                            string    PU
        Class_02                            string    PU
        Class_03                            string    PU
        Class_04                            string    PU
        Class_05                            string    PU
        Class_06                            string    PU
        Class_07                            string    PU
        Class_08                            string    PU
        Class_09                            string    PU
        Class_10                            string    PU
        Code                                string    PU
        CopyRemarks                         byte      PU
        CostPriceCurrency                   string    PU
        CostPriceNew                        double    PU
        CostPriceStandard                   double    P        # POST only
        AverageCost                         double    P        # POST only
        Barcode                             string    PU
        Created                             datetime  R
        CreatorFullName                     string    R
        Creator                             guid      R
        CustomField                         string    R        # Premium only
        Description                         string    PU
        Division                            int32     R
        EndDate                             datetime  PU
        ExtraDescription                    string    PU
        FreeBoolField_01                    bool      PU
        FreeBoolField_02                    bool      PU
        FreeBoolField_03                    bool      PU
        FreeBoolField_04                    bool      PU
        FreeBoolField_05                    bool      PU
        FreeDateField_01                    datetime  PU
        FreeDateField_02                    datetime  PU
        FreeDateField_03                    datetime  PU
        FreeDateField_04                    datetime  PU
        FreeDateField_05                    datetime  PU
        FreeNumberField_01                  double    PU
        FreeNumberField_02                  double    PU
        FreeNumberField_03                  double    PU
        FreeNumberField_04                  double    PU
        FreeNumberField_05                  double    PU
        FreeNumberField_06                  double    PU
        FreeNumberField_07                  double    PU
        FreeNumberField_08                  double    PU
        FreeTextField_01                    string    PU
        FreeTextField_02                    string    PU
        FreeTextField_03                    string    PU
        FreeTextField_04                    string    PU
        FreeTextField_05                    string    PU
        FreeTextField_06                    string    PU
        FreeTextField_07                    string    PU
        FreeTextField_08                    string    PU
        FreeTextField_09                    string    PU
        FreeTextField_10                    string    PU
        GLCostsCode                         string    R
        GLCostsDescription                  string    R
        GLCosts                             guid      PU  ->financial/GLAccounts
        GLCostsWorkInProgress               guid      R
        GLCostsWorkInProgressCode           string    R
        GLCostsWorkInProgressDescription    string    R
        GLRevenueCode                       string    R
        GLRevenueDescription                string    R
        GLRevenue                           guid      PU  ->financial/GLAccounts
        GLRevenueWorkInProgress             guid      R
        GLRevenueWorkInProgressCode         string    R
        GLRevenueWorkInProgressDescription  string    R
        GLStockCode                         string    R
        GLStockDescription                  string    R
        GLStock                             guid      PU  ->financial/GLAccounts
        IsBatchItem                         byte      PU
        IsFractionAllowedItem               bool      PU
        IsMakeItem                          byte      PU
        IsNewContract                       byte      PU
        IsOnDemandItem                      byte      PU
        IsPackageItem                       bool      PU
        IsPurchaseItem                      bool      PU
        IsRegistrationCodeItem              byte      PU
        IsSalesItem                         bool      PU
        IsSerialItem                        bool      PU
        IsStockItem                         bool      PU
        IsSubcontractedItem                 bool      PU
        IsTaxableItem                       byte      PU
        IsTime                              byte      PU
        IsWebshopItem                       byte      PU
        ItemGroupCode                       string    R
        ItemGroupDescription                string    R
        ItemGroup                           guid      PU  ->logistics/ItemGroups  # defaulted
        Modified                            datetime  R
        ModifierFullName                    string    R
        Modifier                            guid      R
        GrossWeight                         double    PU
        NetWeight                           double    PU
        NetWeightUnit                       string    PU
        Notes                               string    PU
        Picture                             binary    R        # read through PictureUrl
        PictureName                         string    R
        PictureUrl                          string    R
        PictureThumbnailUrl                 string    R
        SalesVatCodeDescription             string    R
        SalesVatCode                        string    PU
        SearchCode                          string    PU
        SecurityLevel                       int32     PU
        StartDate                           datetime  PU
        StatisticalCode                     string    R
        StatisticalNetWeight                double    R
        StatisticalUnits                    double    R
        StatisticalValue                    double    R
        Stock                               double    R
        Unit                                string    PU  <8   # unit code, padded to 8
        UnitDescription                     string    R
        UnitType                            string    R
        AssembledLeadDays                   int32     R        # type unverified
        BatchQuantity                       double    R        # type unverified
        UseExplosion                        bool      R        # type unverified
        """
    ),
)

# Read-only endpoint; the POST/PUT flags below are the reference's and unused.
ITEM_GROUPS = EntitySpec(
    path="logistics/ItemGroups",
    key="ID",
    type_name="Exact.Web.Api.Models.ItemGroup",
    legacy=True,
    properties=properties(
        """
        Code                            string    PU  # e.g. "701"
        Created                         datetime  R
        Creator                         guid      R
        CreatorFullName                 string    R
        Description                     string    PU
        Division                        int32     R
        GLCosts                         guid      PU
        GLCostsCode                     string    R
        GLCostsDescription              string    R
        GLPurchaseAccount               guid      PU
        GLPurchaseAccountCode           string    R
        GLPurchaseAccountDescription    string    R
        GLPurchasePriceDifference       guid      PU
        GLPurchasePriceDifferenceCode   string    R
        GLPurchasePriceDifferenceDescr  string    R   # name truncated as in the reference
        GLRevenue                       guid      PU
        GLRevenueCode                   string    R
        GLRevenueDescription            string    R
        GLStock                         guid      PU
        GLStockCode                     string    R
        GLStockDescription              string    R
        GLStockVariance                 guid      PU
        GLStockVarianceCode             string    R
        GLStockVarianceDescription      string    R
        ID                              guid      key
        IsDefault                       byte      PU  # 1 for the group new items get
        Modified                        datetime  R
        Modifier                        guid      R
        ModifierFullName                string    R
        Notes                           string    PU
        """
    ),
)

ENTITIES: tuple[EntitySpec, ...] = (ITEMS, ITEM_GROUPS)
