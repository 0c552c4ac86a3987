"""Reconcile the 2023 polygons with the 2025 GSO list, and dissolved areas with independent outlines."""

import geopandas as gpd
import pandas as pd

from geo.geometry import compute_area_km2
from geo.layers import archipelago_codes


def compare_district_codes(polygons: pd.DataFrame, gso: pd.DataFrame) -> dict[str, list[dict]]:
    """Codes present on one side only, and codes whose name differs, each as a list of records."""
    merged = polygons[["province_code", "district_code", "polygon_name"]].merge(
        gso[["province_code", "district_code", "gso_name"]], on="district_code", how="outer",
        suffixes=("_polygon", "_gso"), indicator=True,
    ).sort_values("district_code")
    only_gso = merged[merged._merge == "right_only"]
    only_polygon = merged[merged._merge == "left_only"]
    both = merged[merged._merge == "both"]
    renamed = both[(both.polygon_name != both.gso_name) | (both.province_code_polygon != both.province_code_gso)]
    return {
        "gso_without_polygon": only_gso[["district_code", "province_code_gso", "gso_name"]]
        .rename(columns={"province_code_gso": "province_code", "gso_name": "name"}).to_dict("records"),
        "polygon_without_gso": only_polygon[["district_code", "province_code_polygon", "polygon_name"]]
        .rename(columns={"province_code_polygon": "province_code", "polygon_name": "name"}).to_dict("records"),
        "name_differs": renamed[["district_code", "polygon_name", "gso_name"]].to_dict("records"),
    }


def compute_outline_areas(outlines: gpd.GeoDataFrame) -> pd.Series:
    """Area in km² of each province's generalized outline, without the archipelago features.

    Those two features are sea zones around the islands (Trường Sa's covers 8,700 km²), not land.
    """
    land = outlines[~outlines.is_archipelago].dissolve(by="province_code").geometry
    return pd.Series(compute_area_km2(land.to_numpy()), index=land.index, name="outline_km2")


def compare_province_areas(
    provinces: pd.DataFrame, districts: pd.DataFrame, outline_km2: pd.Series, gso_km2: pd.Series
) -> pd.DataFrame:
    """Dissolved area against the generalized outline (both without the archipelagos) and GSO's area.

    GSO's figures include notional areas for Hoàng Sa (305 km²) and Trường Sa (496 km²), and some sea
    islands, so `gso_difference_pct` is for information; the outline comparison is the check.
    """
    archipelagos = districts[districts.district_code.isin(archipelago_codes())]
    table = provinces[["province_code", "name", "area_km2"]].copy()
    archipelago_km2 = table.province_code.map(archipelagos.groupby("province_code").area_km2.sum()).fillna(0.0)
    table["area_without_archipelago_km2"] = table.area_km2 - archipelago_km2
    table["outline_km2"] = table.province_code.map(outline_km2)
    table["outline_difference_pct"] = 100 * (table.area_without_archipelago_km2 / table.outline_km2 - 1)
    table["gso_km2"] = table.province_code.map(gso_km2)
    table["gso_difference_pct"] = 100 * (table.area_km2 / table.gso_km2 - 1)
    return table.round({"area_km2": 1, "area_without_archipelago_km2": 1, "outline_km2": 1,
                        "outline_difference_pct": 2, "gso_difference_pct": 2})
