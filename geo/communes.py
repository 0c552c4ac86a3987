"""The vn34 commune layer: the 2025 commune polygons matched to the official list, repaired, one layer per province."""

import json
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.geometry import (
    check_coverage,
    clean_coverage,
    compute_area_km2,
    coverage_holes,
    repair_invalid,
    round_coordinates,
)
from geo.layers import COMMUNE_LAYER, COMMUNE_PROVINCE_DIR, commune_archipelago_codes, layer_geojson
from geo.sources import WGS84
from indicators.domain.names import normalise_tones

# Douglas-Peucker-like tolerances tried in turn for each province, finest first: the first whose layer fits the
# budget is kept (HCMC's 168 small communes fit at the finest, Gia Lai's 135 large ones need a coarser one).
COMMUNE_TOLERANCES = (0.0005, 0.001, 0.0015, 0.002, 0.003, 0.004)
COMMUNE_DECIMALS = 4  # 0.0001° ≈ 11 m
PROVINCE_COMMUNES_BUDGET_BYTES = 300_000
BUDGET_MARGIN = 0.95  # the size is estimated while choosing the tolerance
COMMUNE_COLUMNS = ["admin_version", "province_code", "commune_code", "name", "kind", "source_code", "source_name",
                   "match", "area_km2", "population", "geometry"]


@dataclass
class CommuneLayer:
    """The reconciled, repaired and simplified communes, and what the build report says about them."""

    gdf: gpd.GeoDataFrame
    reconciliation: dict
    repairs: list[dict] = field(default_factory=list)
    slivers: dict = field(default_factory=dict)
    tolerances: dict[str, float] = field(default_factory=dict)


def name_key(name: str) -> str:
    """Accented matching key of a full commune name: 'Xã Chân Mây - Lăng Cô' → 'xã chân mây lăng cô'."""
    return normalise_tones(name)


def match_communes(wards: pd.DataFrame, official: pd.DataFrame) -> pd.Series:
    """The official code of each polygon: its own code when the names agree, else the one commune of its province
    with its name that no other polygon holds; None when neither.

    A code whose name disagrees is not trusted: in Cao Bằng and Hà Nam three polygons each carry the code of a
    neighbour (a rotation), and their names find the right one.
    """
    official_name = dict(zip(official.commune_code, official.name.map(name_key), strict=True))
    by_name = official.groupby([official.province_code, official.name.map(name_key)]).commune_code.agg(list)
    keys = wards.source_name.map(name_key)
    by_code = [code if official_name.get(code) == key else None for code, key in zip(wards.source_code, keys,
                                                                                     strict=True)]
    taken = {code for code in by_code if code}
    matched = []
    for code, province, key in zip(by_code, wards.province_code, keys, strict=True):
        candidates = [c for c in by_name.get((province, key), []) if c not in taken]
        matched.append(code or (candidates[0] if len(candidates) == 1 else None))
    return pd.Series(matched, index=wards.index, dtype=object)


def describe_reconciliation(wards: pd.DataFrame, official: pd.DataFrame) -> dict:
    """Counts per province against the official list, and every polygon that did not match by its own code."""
    by_name = wards[wards.match == "name"]
    unmatched = wards[wards.match == "none"]
    counts = pd.DataFrame({"polygons": wards.groupby("province_code").size(),
                           "official": official.groupby("province_code").size()}).fillna(0).astype(int)
    return {
        "matched_by_code": int((wards.match == "code").sum()),
        "matched_by_name": by_name[["province_code", "source_code", "source_name", "commune_code"]]
        .rename(columns={"commune_code": "official_code"}).to_dict("records"),
        "unmatched": unmatched[["province_code", "source_code", "source_name"]].to_dict("records"),
        "official_without_polygon": official[~official.commune_code.isin(wards.commune_code)]
        [["province_code", "commune_code", "name"]].to_dict("records"),
        "count_differs": counts[counts.polygons != counts.official].reset_index(names="province_code")
        .to_dict("records"),
    }


def reconcile_communes(wards: gpd.GeoDataFrame, official: pd.DataFrame) -> tuple[gpd.GeoDataFrame, dict]:
    """The polygons with their official code and name (a polygon matching nothing keeps its own), and the report."""
    matched = match_communes(wards, official)
    wards = wards.assign(commune_code=matched.fillna(wards.source_code))
    wards["match"] = np.where(matched.isna(), "none", np.where(matched == wards.source_code, "code", "name"))
    names = dict(zip(official.commune_code, official.name, strict=True))
    wards["name"] = [names[c] if m != "none" else s for c, m, s in zip(wards.commune_code, wards.match,
                                                                         wards.source_name, strict=True)]
    return wards, describe_reconciliation(wards, official)


def repair_communes(gdf: gpd.GeoDataFrame) -> tuple[np.ndarray, list[dict]]:
    """Make every shape valid (polygonal parts kept), then remove overlaps; the repairs, one record per commune."""
    geoms, reasons = repair_invalid(gdf.geometry.to_numpy())
    cleaned = clean_coverage(geoms)
    repairs = [{"kind": "invalid geometry made valid", "unit": gdf.commune_code.iloc[i], "detail": reason}
               for i, reason in reasons.items()]
    return cleaned, repairs


def measure_slivers(holes: list[shapely.Polygon]) -> dict:
    """The uncovered slivers between communes (the source simplified each commune on its own): count and area."""
    areas = compute_area_km2(np.array(holes, dtype=object)) if holes else np.zeros(1)
    return {"count": len(holes), "area_km2": round(float(areas.sum()), 1),
            "largest_km2": round(float(areas.max()), 2)}


def province_geojson(gdf: gpd.GeoDataFrame) -> bytes:
    """The GeoJSON of one province's communes as the browser receives it (codes, names, kind; no spaces)."""
    columns = ["province_code", "commune_code", "name", "kind", "geometry"]
    return json.dumps(layer_geojson(gdf[columns]), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def estimate_geojson_bytes(geoms: np.ndarray) -> float:
    """Bytes of a province's GeoJSON before writing it: 19.5 per rounded coordinate ("[106.6728,10.7527],"),
    ~150 per feature for its properties (measured on the real layers: within 3%)."""
    return 19.5 * shapely.get_num_coordinates(geoms).sum() + 150 * len(geoms)


def next_tolerance(tolerance: float, excess: float) -> float:
    """The next tolerance to try when a layer is `excess` times its target: the listed one nearest above what the
    excess suggests (vertices kept fall roughly as tolerance^-0.8 on these communes), so a large province needs two
    or three tries, not six."""
    wanted = tolerance * excess ** 1.25
    return next((t for t in COMMUNE_TOLERANCES if t > tolerance and t >= wanted * 0.9), COMMUNE_TOLERANCES[-1])


def simplify_province(geoms: np.ndarray) -> tuple[np.ndarray, float, list[shapely.Polygon]]:
    """The finest simplification of one province's communes whose GeoJSON fits the budget, its tolerance, and the
    slivers left between its communes.

    The simplified communes are checked as a coverage before their coordinates are rounded to 11 m: rounding
    each commune on its own keeps it valid, but may move a shared border by a few metres on one side only.
    """
    target = BUDGET_MARGIN * PROVINCE_COMMUNES_BUDGET_BYTES
    tolerance = COMMUNE_TOLERANCES[0]
    while True:
        simplified = shapely.coverage_simplify(geoms, tolerance)
        size = estimate_geojson_bytes(simplified)
        if size <= target or tolerance == COMMUNE_TOLERANCES[-1]:
            break
        tolerance = next_tolerance(tolerance, size / target)
    check_coverage(simplified, "communes of one province")
    return round_coordinates(simplified, COMMUNE_DECIMALS), tolerance, coverage_holes(simplified)


def simplify_communes(gdf: gpd.GeoDataFrame, geoms: np.ndarray) -> tuple[np.ndarray, dict[str, float], dict]:
    """Simplify each province on its own (shared borders inside it stay shared); the tolerance used per province
    and the slivers left."""
    simplified, tolerances, holes = geoms.copy(), {}, []
    for province_code, rows in gdf.groupby("province_code").indices.items():
        simplified[rows], tolerances[province_code], province_holes = simplify_province(geoms[rows])
        holes += province_holes
    if not shapely.is_valid(simplified).all():
        raise ValueError(f"Communes invalid after rounding: {gdf.commune_code[~shapely.is_valid(simplified)].tolist()}")
    return simplified, tolerances, measure_slivers(holes)


def build_commune_layer(wards: gpd.GeoDataFrame, official: pd.DataFrame) -> CommuneLayer:
    """Reconcile, repair and simplify the commune polygons into the communes_vn34 layer."""
    wards, reconciliation = reconcile_communes(wards, official)
    wards = wards.sort_values(["province_code", "commune_code"], ignore_index=True)
    cleaned, repairs = repair_communes(wards)
    simplified, tolerances, slivers = simplify_communes(wards, cleaned)
    wards["admin_version"] = "vn34"
    gdf = gpd.GeoDataFrame(wards.drop(columns="geometry"), geometry=simplified, crs=WGS84)[COMMUNE_COLUMNS]
    return CommuneLayer(gdf, reconciliation, repairs, slivers, tolerances)


def describe_commune_archipelagos(gdf: gpd.GeoDataFrame) -> list[dict]:
    """Hoàng Sa and Trường Sa as special zones of the commune layer: code, province, name and islands drawn."""
    rows = gdf[gdf.commune_code.isin(commune_archipelago_codes())]
    return [{"commune_code": r.commune_code, "province_code": r.province_code, "name": r.name,
             "islands": len(shapely.get_parts(r.geometry)), "east_lon": round(r.geometry.bounds[2], 3)}
            for r in rows.itertuples()]


def write_commune_layer(layer: CommuneLayer, out: Path) -> dict:
    """Write `communes_vn34.parquet` (the server's table) and `communes_vn34/NN.geojson` (one per province, what a
    browser receives); return the GeoJSON size of each province."""
    layer.gdf.to_parquet(out / f"{COMMUNE_LAYER}.parquet", index=False)
    folder = out / COMMUNE_PROVINCE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for province_code, group in layer.gdf.groupby("province_code"):
        geojson = province_geojson(group)
        (folder / f"{province_code}.geojson").write_bytes(geojson)
        sizes[province_code] = len(geojson)
    return sizes


def describe_commune_layer(layer: CommuneLayer, sizes: dict[str, int]) -> dict:
    """The commune part of the build report."""
    largest = max(sizes, key=sizes.get)
    return {
        "features": len(layer.gdf),
        "reconciliation": layer.reconciliation,
        "repairs": layer.repairs,
        "slivers_left": layer.slivers,
        "archipelagos": describe_commune_archipelagos(layer.gdf),
        "province_geojson_bytes": sizes,
        "largest_province": {"province_code": largest, "geojson_bytes": sizes[largest]},
        "budget_bytes": PROVINCE_COMMUNES_BUDGET_BYTES,
        "tolerances": layer.tolerances,
    }


def format_commune_summary(communes: dict) -> list[str]:
    """The commune lines of the build summary: matches, what does not match (every row), repairs, sizes."""
    rec = communes["reconciliation"]
    lines = [f"Communes (vn34): {communes['features']} polygons; matched by code {rec['matched_by_code']}, "
             f"by name only {len(rec['matched_by_name'])}, matching nothing {len(rec['unmatched'])}; "
             f"official communes without a polygon {len(rec['official_without_polygon'])}; "
             f"provinces whose count differs from the official list {len(rec['count_differs'])}"]
    lines += [f"  by name: {r['source_code']} {r['source_name']} (province {r['province_code']}) → {r['official_code']}"
              for r in rec["matched_by_name"]]
    lines += [f"  no match: {r['source_code']} {r['source_name']} (province {r['province_code']})"
              for r in rec["unmatched"]]
    lines += [f"  no polygon: {r['commune_code']} {r['name']} (province {r['province_code']})"
              for r in rec["official_without_polygon"]]
    slivers = communes["slivers_left"]
    lines.append(f"  invalid shapes repaired: {len(communes['repairs'])}; slivers between communes left uncovered: "
                 f"{slivers['count']}, {slivers['area_km2']} km² (largest {slivers['largest_km2']} km²)")
    largest, budget = communes["largest_province"], communes["budget_bytes"]
    status = "ok" if largest["geojson_bytes"] <= budget else "OVER BUDGET"
    lines.append(f"  largest province commune layer: {largest['province_code']} "
                 f"{largest['geojson_bytes'] / 1000:.1f} KB (budget {budget / 1000:.0f} KB per province, {status}); "
                 "HCMC (79) "
                 f"{communes['province_geojson_bytes'].get('79', 0) / 1000:.1f} KB")
    lines += [f"  {r['name']} ({r['commune_code']}, province {r['province_code']}): {r['islands']} islands, east edge "
              f"{r['east_lon']:.2f}°E" for r in communes["archipelagos"]]
    return lines
