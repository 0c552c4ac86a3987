"""Readers for the raw boundary inputs: dvhcvn district polygons, the GSO list, generalized outlines, crosswalk,
the 2025 commune polygons and the official 2025 commune list."""

import json
import re
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from indicators.domain.names import fold_diacritics, normalise_tones, split_admin_prefix

DISTRICT_POLYGON_DIR = "dvhcvn-2023"
WARD_POLYGON_DIR = "vn34-wards-2025"
GSO_LIST_FILE = "dvhcvn-2023/dvhcvn.json"
GENERALIZED_FILE = "provinces-63-generalized/provinces_63_generalized.geojson"
CROSSWALK_FILE = "province_crosswalk_2025.csv"
POPULATION_FILE = "province_population.csv"
WGS84 = "EPSG:4326"

# The generalized file names Huế by its pre-2025 province name; the GSO list of 2025 says "Thành phố Huế".
GENERALIZED_NAME_ALIASES = {"thua thien hue": "46"}


class BoundaryInputError(ValueError):
    """An input file does not have the content the build relies on; the message names the file."""


def read_json(path: Path) -> dict:
    """Parse one JSON file, naming it when it is missing or broken."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise BoundaryInputError(f"Cannot read '{path}': {error}") from error


def load_district_polygons(boundaries: Path) -> gpd.GeoDataFrame:
    """One row per district polygon in `dvhcvn-2023/NN.json`: province_code, district_code, polygon_name."""
    rows = [{
        "province_code": province["level1_id"],
        "district_code": district["level2_id"],
        "polygon_name": district["name"],
        "geometry": shapely.geometry.shape(district),
    } for province in province_files(boundaries / DISTRICT_POLYGON_DIR, "district") for district in province["level2s"]]
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=WGS84)


def province_files(folder: Path, level: str) -> Iterator[dict]:
    """Each province's file NN.json of a boundary folder, parsed, in code order; an empty folder is named."""
    files = sorted(folder.glob("[0-9][0-9].json"))
    if not files:
        raise BoundaryInputError(f"No {level} polygon files NN.json in '{folder}'")
    return (read_json(path) for path in files)


def load_gso_districts(boundaries: Path) -> pd.DataFrame:
    """The GSO list of 01/03/2025, one row per district: codes, names and commune counts."""
    gso = read_json(boundaries / GSO_LIST_FILE)
    rows = [
        {
            "province_code": province["level1_id"],
            "province_name": province["name"],
            "district_code": district["level2_id"],
            "gso_name": district["name"],
            "commune_count": len(district["level3s"]),
        }
        for province in gso["data"]
        for district in province["level2s"]
    ]
    return pd.DataFrame(rows).astype({"commune_count": "Int64"})


def load_gso_provinces(boundaries: Path) -> pd.DataFrame:
    """The 63 provinces of the GSO list: province_code, province_name."""
    gso = read_json(boundaries / GSO_LIST_FILE)
    return pd.DataFrame(
        [{"province_code": p["level1_id"], "province_name": p["name"]} for p in gso["data"]]
    )


def province_match_key(name: str) -> str:
    """Bare ASCII key of a province name: 'Tỉnh Hoà Bình' and 'Hoa Binh' → 'hoa binh'."""
    _, bare, _ = split_admin_prefix(normalise_tones(name))
    bare = re.sub(r"\bcity\b", " ", fold_diacritics(bare))
    return re.sub(r"\s+", " ", bare).strip()


def load_generalized_outlines(boundaries: Path, provinces: pd.DataFrame) -> gpd.GeoDataFrame:
    """The generalized outlines with the GSO province_code of each; archipelagos flagged by `is_archipelago`."""
    path = boundaries / GENERALIZED_FILE
    gdf = gpd.read_file(path)
    names = zip(provinces.province_code, provinces.province_name, strict=True)
    codes_by_key = {province_match_key(name): code for code, name in names}
    codes_by_key.update(GENERALIZED_NAME_ALIASES)
    gdf["province_code"] = [codes_by_key.get(province_match_key(name)) for name in gdf["Name"]]
    unmatched = sorted(set(gdf.loc[gdf.province_code.isna(), "Name"]))
    if unmatched:
        raise BoundaryInputError(f"'{path}': outline names matching no GSO province: {unmatched}")
    missing = sorted(set(provinces.province_code) - set(gdf.province_code))
    if missing:
        raise BoundaryInputError(f"'{path}': no outline for GSO provinces {missing}")
    gdf["is_archipelago"] = gdf["Note"].notna()
    return gdf[["province_code", "Name", "is_archipelago", "geometry"]].to_crs(WGS84)


def load_crosswalk(reference: Path) -> pd.DataFrame:
    """The 2025 crosswalk `old_code, old_name, new_code, new_name`, codes kept as text."""
    path = reference / CROSSWALK_FILE
    crosswalk = pd.read_csv(path, dtype=str)
    expected = ["old_code", "old_name", "new_code", "new_name"]
    if list(crosswalk.columns) != expected or crosswalk.old_code.duplicated().any():
        raise BoundaryInputError(f"'{path}': expected unique old codes and columns {expected}")
    return crosswalk


def load_gso_province_areas(reference: Path) -> pd.Series:
    """GSO's published 2023 area (km²) of each vn63 province, indexed by province_code; empty when absent."""
    path = reference / POPULATION_FILE
    if not path.exists():
        return pd.Series(dtype=float, name="gso_km2")
    table = pd.read_csv(path, dtype={"province_code": str})
    vn63 = table[table.admin_version == "vn63"]
    return pd.Series(vn63.area_km2.to_numpy(), index=vn63.province_code, name="gso_km2")


def load_ward_polygons(boundaries: Path) -> gpd.GeoDataFrame:
    """One row per commune polygon in `vn34-wards-2025/NN.json`, with its code, name, area and population as given.

    `source_code` is the file's id zero-padded to 5 digits (one id is written without its leading zero);
    `source_name` is the type and name as the official list writes them ("Phường An Đông").
    """
    rows = [{
        "province_code": province["provinceId"],
        "source_code": ward["id"].zfill(5),
        "source_name": f"{ward['type']} {ward['name']}",
        "kind": ward["type"].lower(),
        "area_km2": float(ward["area"]),
        "population": int(ward["population"]),
        "geometry": shapely.multipolygons([shapely.Polygon(ring) for ring in ward["polygons"]]),
    } for province in province_files(boundaries / WARD_POLYGON_DIR, "commune") for ward in province["wards"]]
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=WGS84)


def load_official_communes() -> pd.DataFrame:
    """The official 2025 list (the pinned `vietnam-provinces` package): commune_code, province_code, name."""
    from vietnam_provinces import Ward

    return pd.DataFrame(
        [{"commune_code": f"{ward.code.value:05d}", "province_code": f"{ward.province_code.value:02d}",
          "name": ward.name} for ward in Ward.iter_all()]
    )
