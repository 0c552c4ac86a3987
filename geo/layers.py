"""The built map layers as the app reads them: GeoDataFrames, plotly-ready GeoJSON and the build report."""

import json
import os
from pathlib import Path

import geopandas as gpd

from indicators.domain.codes import LEVELS
from indicators.paths import PROJECT_ROOT

LAYER_NAMES = {
    ("province", "vn63"): "provinces_vn63",
    ("district", "vn63"): "districts_vn63",
    ("province", "vn34"): "provinces_vn34",
}
HOANG_SA_CODE = "498"  # district of Đà Nẵng (48)
TRUONG_SA_CODE = "576"  # district of Khánh Hòa (56)
HOANG_SA_COMMUNE_CODE = "20333"  # đặc khu of Đà Nẵng (48) since 1 July 2025
TRUONG_SA_COMMUNE_CODE = "22736"  # đặc khu of Khánh Hòa (56)
COMMUNE_LAYER = "communes_vn34"  # the whole table, for the server only
COMMUNE_PROVINCE_DIR = "communes_vn34"  # one GeoJSON per province: what a browser receives
REPORT_FILE = "report.json"
DEFAULT_BUILD_DIR = PROJECT_ROOT / "geo" / "build"


class BoundaryLayerMissing(RuntimeError):
    """The built layers are absent; the message says how to build them."""


def build_dir() -> Path:
    """Where the built layers live: env `VN_GEO_BUILD_DIR`, default `<project>/geo/build`."""
    return Path(os.environ.get("VN_GEO_BUILD_DIR") or DEFAULT_BUILD_DIR).expanduser()


def archipelago_codes() -> dict[str, str]:
    """District code → province code of the two archipelagos every map of Vietnam shows."""
    return {HOANG_SA_CODE: "48", TRUONG_SA_CODE: "56"}


def commune_archipelago_codes() -> dict[str, str]:
    """Commune code → province code of the two archipelago special zones of the 2025 structure."""
    return {HOANG_SA_COMMUNE_CODE: "48", TRUONG_SA_COMMUNE_CODE: "56"}


def layer_name(level: str, admin_version: str) -> str:
    """File stem of a layer; ValueError for a combination that does not exist (no districts after 2025)."""
    try:
        return LAYER_NAMES[(level, admin_version)]
    except KeyError:
        raise ValueError(
            f"No boundary layer for level={level!r}, admin_version={admin_version!r}; "
            f"available: {sorted(LAYER_NAMES)}"
        ) from None


def layer_path(name: str, suffix: str, folder: Path | None = None) -> Path:
    """Path of a built file, raising BoundaryLayerMissing with build instructions when it is absent."""
    path = (build_dir() if folder is None else Path(folder)) / f"{name}{suffix}"
    if not path.exists():
        raise BoundaryLayerMissing(
            f"Map layer '{path}' has not been built. Run `make run` (or `python -m geo.build`) with "
            "VN_BOUNDARIES_DIR set to the folder holding dvhcvn-2023/, provinces-63-generalized/ and vn34-wards-2025/."
        )
    return path


def load_layer(level: str, admin_version: str, build_dir: Path | None = None) -> gpd.GeoDataFrame:
    """One built layer (GeoParquet) as a GeoDataFrame in lon/lat; codes are text."""
    return gpd.read_parquet(layer_path(layer_name(level, admin_version), ".parquet", build_dir))


def load_layer_geojson(level: str, admin_version: str, build_dir: Path | None = None) -> dict:
    """One built layer as the GeoJSON dict written by the build (same content as `layer_geojson`)."""
    path = layer_path(layer_name(level, admin_version), ".geojson", build_dir)
    return json.loads(path.read_text(encoding="utf-8"))


def feature_id_key(level: str) -> str:
    """The `featureidkey` for plotly: features are matched on their code."""
    if level not in LEVELS:
        raise ValueError(f"Unknown level {level!r}; expected one of {LEVELS}")
    return f"properties.{level}_code"


def layer_geojson(gdf: gpd.GeoDataFrame) -> dict:
    """A FeatureCollection dict with every column as a property, for go.Choropleth(geojson=...)."""
    return gdf.to_geo_dict(na="null", drop_id=True)


def districts_of_province(province_code: str, build_dir: Path | None = None) -> gpd.GeoDataFrame:
    """The vn63 districts of one province (empty for Quảng Ninh, which has no district polygons)."""
    districts = load_layer("district", "vn63", build_dir)
    return districts[districts.province_code == province_code].reset_index(drop=True)


def load_provinces_without_districts(build_dir: Path | None = None) -> gpd.GeoDataFrame:
    """The vn63 provinces whose district map is not available, to draw as plain outlines."""
    provinces = load_layer("province", "vn63", build_dir)
    return provinces[~provinces.has_district_map].reset_index(drop=True)


def load_archipelago_islands(build_dir: Path | None = None) -> gpd.GeoDataFrame:
    """One point per island of Hoàng Sa and Trường Sa, to draw as markers over any map of Vietnam.

    The islets are smaller than a pixel at country zoom and the map renderer drops them, so a map must mark
    them explicitly. Their provinces keep their codes in both versions: Đà Nẵng 48, Khánh Hòa 56.
    """
    districts = load_layer("district", "vn63", build_dir)
    islands = districts[districts.district_code.isin(archipelago_codes())].explode(index_parts=False)
    islands = islands[["district_code", "province_code", "name", "geometry"]].reset_index(drop=True)
    islands.geometry = islands.geometry.representative_point()
    return islands


def load_communes(build_dir: Path | None = None) -> gpd.GeoDataFrame:
    """Every vn34 commune (GeoParquet): codes, official names, kind, how it matched, area and population."""
    return gpd.read_parquet(layer_path(COMMUNE_LAYER, ".parquet", build_dir))


def load_province_communes_geojson(province_code: str, build_dir: Path | None = None) -> dict:
    """One vn34 province's communes as the GeoJSON dict sent to the browser."""
    path = layer_path(f"{COMMUNE_PROVINCE_DIR}/{province_code}", ".geojson", build_dir)
    return json.loads(path.read_text(encoding="utf-8"))


def load_build_report(build_dir: Path | None = None) -> dict:
    """The build's report: sizes, repairs, filled gaps, code mismatches and area checks."""
    path = layer_path(REPORT_FILE.removesuffix(".json"), ".json", build_dir)
    return json.loads(path.read_text(encoding="utf-8"))
