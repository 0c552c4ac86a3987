"""`python -m geo.build [--out DIR]`: build the map layers from the raw boundaries and print a summary."""

import argparse
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import sources
from geo.communes import build_commune_layer, describe_commune_layer, write_commune_layer
from geo.geometry import (
    GapHints,
    check_coverage,
    clean_coverage,
    compute_area_km2,
    coverage_holes,
    dissolve_coverage,
    fill_gaps,
    repair_invalid,
    simplify_coverage,
    uncovered_pieces,
)
from geo.known_gaps import KNOWN_GAPS
from geo.layers import build_dir
from geo.output import add_commune_report, format_summary, write_layers, write_report
from geo.reconcile import compare_district_codes, compare_province_areas, compute_outline_areas
from indicators.paths import DataLocationError, boundaries_dir, reference_dir

DISTRICT_TOLERANCE = 0.004  # degrees; Visvalingam-Whyatt: drops wiggles under ~400 m
PROVINCE_TOLERANCE = 0.01  # degrees; ~1 km, a country map at 1,000 px has ~1.5 km per pixel
COORDINATE_DECIMALS = 4  # 0.0001° ≈ 11 m: well under the tolerances, and keeps every Trường Sa islet
REPORTED_AREA_CHANGE_KM2 = 0.01
STEP_COUNT = 8


@dataclass
class BuildInputs:
    """Everything read from the boundary and reference directories."""

    polygons: gpd.GeoDataFrame
    gso_districts: pd.DataFrame
    gso_provinces: pd.DataFrame
    outlines: gpd.GeoDataFrame
    crosswalk: pd.DataFrame
    gso_areas: pd.Series
    wards: gpd.GeoDataFrame
    official_communes: pd.DataFrame


@dataclass
class Coverage:
    """District polygons plus stand-in outlines, cleaned into one gap-free coverage, with what was repaired."""

    gdf: gpd.GeoDataFrame
    repairs: list[dict] = field(default_factory=list)
    gaps: list[dict] = field(default_factory=list)


class Progress:
    """Numbered step lines with timings on stdout."""

    def __init__(self, total: int):
        self.total, self.done, self.started = total, 0, time.perf_counter()

    @contextmanager
    def step(self, label: str):
        self.done += 1
        print(f"[{self.done}/{self.total}] {label} ...", end=" ", flush=True)
        started = time.perf_counter()
        yield
        print(f"{time.perf_counter() - started:.1f} s", flush=True)

    def elapsed(self) -> float:
        return time.perf_counter() - self.started


def load_inputs(boundaries: Path, reference: Path) -> BuildInputs:
    """Read the district polygons, the GSO list, the generalized outlines, the crosswalk, GSO areas, the 2025
    commune polygons and the official 2025 commune list."""
    gso_provinces = sources.load_gso_provinces(boundaries)
    return BuildInputs(
        polygons=sources.load_district_polygons(boundaries),
        gso_districts=sources.load_gso_districts(boundaries),
        gso_provinces=gso_provinces,
        outlines=sources.load_generalized_outlines(boundaries, gso_provinces),
        crosswalk=sources.load_crosswalk(reference),
        gso_areas=sources.load_gso_province_areas(reference),
        wards=sources.load_ward_polygons(boundaries),
        official_communes=sources.load_official_communes(),
    )


def make_stand_ins(inputs: BuildInputs) -> gpd.GeoDataFrame:
    """Generalized outlines of the provinces that have no district polygons (Quảng Ninh), one row each."""
    missing = sorted(set(inputs.gso_provinces.province_code) - set(inputs.polygons.province_code))
    outlines = inputs.outlines[inputs.outlines.province_code.isin(missing)]
    stand_ins = outlines.dissolve(by="province_code", as_index=False)[["province_code", "geometry"]]
    stand_ins["district_code"] = None
    stand_ins["polygon_name"] = "generalized outline of " + stand_ins.province_code
    return stand_ins


def row_label(row: pd.Series) -> str:
    """How a coverage row is named in the report: its district code, or its province for a stand-in."""
    return row.district_code if isinstance(row.district_code, str) else f"province {row.province_code} outline"


def record_repairs(labels: list[str], reasons: dict[int, str], change_km2: np.ndarray) -> list[dict]:
    """Invalid geometries made valid, and area moved by cleaning (overlaps, ≥ 0.01 km²), one record each."""
    repairs = [{"kind": "invalid geometry made valid", "unit": labels[i], "detail": r} for i, r in reasons.items()]
    for i in np.flatnonzero(np.abs(change_km2) >= REPORTED_AREA_CHANGE_KM2):
        kind = "overlap removed" if change_km2[i] < 0 else "area gained in cleaning"
        repairs.append({"kind": kind, "unit": labels[i], "area_km2": round(float(abs(change_km2[i])), 3)})
    return repairs


def record_gaps(labels: list[str], gaps: list) -> list[dict]:
    """Each filled hole with its area, position and the unit that took it, largest first."""
    return [
        {"unit": labels[g.index], "area_km2": round(g.area_km2, 3),
         "lon": round(g.centroid[0], 3), "lat": round(g.centroid[1], 3), "rule": g.rule}
        for g in sorted(gaps, key=lambda g: -g.area_km2)
    ]


def locate_gap(point: shapely.Point, gaps: list, pieces: list) -> int | None:
    """Position of the gap holding the point; an uncovered piece holding it is appended to `gaps` first."""
    position = next((i for i, gap in enumerate(gaps) if gap.contains(point)), None)
    piece = next((piece for piece in pieces if piece.contains(point)), None) if position is None else None
    if piece is not None:
        gaps.append(piece)
        position = len(gaps) - 1
    return position


def find_gaps(
    cleaned: np.ndarray, gdf: pd.DataFrame, outlines: gpd.GeoDataFrame
) -> tuple[list, dict[int, tuple[int, str]]]:
    """Every hole of the coverage, plus the uncovered areas of `KNOWN_GAPS` with the district each belongs to.

    Raises ValueError when a known gap is no longer uncovered (the input changed: revisit the list).
    """
    gaps = coverage_holes(cleaned)
    land = outlines[~outlines.is_archipelago].union_all()
    pieces = uncovered_pieces(cleaned, land)
    row_of_code = {code: i for i, code in enumerate(gdf.district_code) if isinstance(code, str)}
    assigned = {}
    for known in KNOWN_GAPS:
        position = locate_gap(shapely.Point(known.lon, known.lat), gaps, pieces)
        if position is None or known.district_code not in row_of_code:
            raise ValueError(f"Known gap not found among the uncovered areas or codes: {known}")
        assigned[position] = (row_of_code[known.district_code], f"known merger: {known.note}")
    return gaps, assigned


def build_coverage(inputs: BuildInputs) -> Coverage:
    """Repair, clean (districts win overlaps over stand-ins) and fill the holes of the district coverage."""
    gdf = pd.concat([inputs.polygons, make_stand_ins(inputs)], ignore_index=True)
    labels = [row_label(row) for row in gdf.itertuples()]
    geoms, reasons = repair_invalid(gdf.geometry.to_numpy())
    cleaned = clean_coverage(geoms)
    repairs = record_repairs(labels, reasons, compute_area_km2(cleaned) - compute_area_km2(geoms))
    hints = GapHints(inputs.outlines.geometry.to_numpy(), inputs.outlines.province_code.to_numpy())
    gaps, assigned = find_gaps(cleaned, gdf, inputs.outlines)
    filled, gaps = fill_gaps(cleaned, gaps, assigned, gdf.province_code.to_numpy(), hints)
    check_coverage(filled, "cleaned district coverage")
    gdf = gpd.GeoDataFrame(gdf.drop(columns="geometry"), geometry=filled, crs=sources.WGS84)
    gdf["area_km2"] = compute_area_km2(filled)
    return Coverage(gdf, repairs, record_gaps(labels, gaps))


def build_districts_layer(simplified: gpd.GeoDataFrame, inputs: BuildInputs) -> gpd.GeoDataFrame:
    """districts_vn63: the real district polygons with GSO names and commune counts (stand-ins left out)."""
    districts = simplified[simplified.district_code.notna()].merge(
        inputs.gso_districts.drop(columns=["province_code", "province_name"]), on="district_code", how="left")
    districts = districts.merge(inputs.gso_provinces, on="province_code", how="left")
    districts["name"] = districts.gso_name.fillna(districts.polygon_name)
    districts["in_gso_list"] = districts.gso_name.notna()
    districts["admin_version"] = "vn63"
    columns = ["admin_version", "province_code", "district_code", "name", "polygon_name", "province_name",
               "area_km2", "commune_count", "in_gso_list", "geometry"]
    return gpd.GeoDataFrame(districts[columns], crs=sources.WGS84).sort_values("district_code", ignore_index=True)


def build_provinces_vn63(simplified: gpd.GeoDataFrame, inputs: BuildInputs) -> gpd.GeoDataFrame:
    """provinces_vn63: each province dissolved from its simplified districts, then simplified further."""
    order = simplified.sort_values("province_code")
    dissolved = dissolve_coverage(order.geometry.to_numpy(), order.province_code.to_numpy())
    geoms = simplify_coverage(np.array(list(dissolved.values()), dtype=object), PROVINCE_TOLERANCE,
                              COORDINATE_DECIMALS)
    provinces = inputs.gso_provinces.set_index("province_code").loc[list(dissolved)].reset_index()
    provinces = provinces.rename(columns={"province_name": "name"})
    provinces["admin_version"] = "vn63"
    provinces["area_km2"] = order.groupby("province_code").area_km2.sum().loc[list(dissolved)].to_numpy()
    provinces["has_district_map"] = provinces.province_code.isin(inputs.polygons.province_code)
    columns = ["admin_version", "province_code", "name", "area_km2", "has_district_map"]
    return gpd.GeoDataFrame(provinces[columns], geometry=geoms, crs=sources.WGS84)


def build_provinces_vn34(provinces_vn63: gpd.GeoDataFrame, crosswalk: pd.DataFrame) -> gpd.GeoDataFrame:
    """provinces_vn34: the 34 provinces of 1 July 2025, each the dissolve of its old provinces."""
    old = provinces_vn63.merge(crosswalk, left_on="province_code", right_on="old_code", how="left")
    if old.new_code.isna().any():
        raise ValueError(f"Crosswalk has no new code for provinces {old.province_code[old.new_code.isna()].tolist()}")
    old = old.sort_values(["new_code", "old_code"])
    dissolved = dissolve_coverage(old.geometry.to_numpy(), old.new_code.to_numpy())
    provinces = old.groupby("new_code", sort=True).agg(
        name=("new_name", "first"), area_km2=("area_km2", "sum"), old_codes=("old_code", ";".join))
    provinces = provinces.loc[list(dissolved)].reset_index().rename(columns={"new_code": "province_code"})
    provinces.insert(0, "admin_version", "vn34")
    return gpd.GeoDataFrame(provinces, geometry=list(dissolved.values()), crs=sources.WGS84)


def check_layers(layers: dict[str, gpd.GeoDataFrame]) -> None:
    """Fail when a layer is not a valid coverage or a province layer has the wrong count."""
    for name, gdf in layers.items():
        check_coverage(gdf.geometry.to_numpy(), name)
    counts = {"provinces_vn63": 63, "provinces_vn34": 34}
    wrong = {n: len(layers[n]) for n, expected in counts.items() if len(layers[n]) != expected}
    if wrong:
        raise ValueError(f"Province layers have the wrong number of features: {wrong}")


def build_layers(coverage: Coverage, inputs: BuildInputs) -> dict[str, gpd.GeoDataFrame]:
    """Simplify the coverage once for districts, then dissolve upwards into the two province layers."""
    simplified = coverage.gdf.copy()
    simplified.geometry = simplify_coverage(coverage.gdf.geometry.to_numpy(), DISTRICT_TOLERANCE, COORDINATE_DECIMALS)
    provinces_vn63 = build_provinces_vn63(simplified, inputs)
    return {
        "districts_vn63": build_districts_layer(simplified, inputs),
        "provinces_vn63": provinces_vn63,
        "provinces_vn34": build_provinces_vn34(provinces_vn63, inputs.crosswalk),
    }


def run_build(boundaries: Path, reference: Path, out: Path) -> dict:
    """The whole build with progress lines; returns the report it also writes to `out/report.json`."""
    progress = Progress(STEP_COUNT)
    with progress.step(f"Reading boundaries from {boundaries}"):
        inputs = load_inputs(boundaries, reference)
    with progress.step(f"Repairing, cleaning and gap-filling {len(inputs.polygons)} district polygons"):
        coverage = build_coverage(inputs)
    with progress.step("Simplifying with shared borders and dissolving provinces (vn63, vn34)"):
        layers = build_layers(coverage, inputs)
    with progress.step(f"Commune layer: reconciling, repairing and simplifying {len(inputs.wards)} communes (vn34)"):
        communes = build_commune_layer(inputs.wards, inputs.official_communes)
    with progress.step("Checking validity, coverage and counts"):
        check_layers(layers)
    with progress.step("Reconciling codes with the GSO list and areas with the generalized outlines"):
        mismatches = compare_district_codes(inputs.polygons, inputs.gso_districts)
        areas = compare_province_areas(layers["provinces_vn63"], layers["districts_vn63"],
                                       compute_outline_areas(inputs.outlines), inputs.gso_areas)
    with progress.step(f"Writing GeoJSON and GeoParquet to {out}"):
        sizes = write_layers(layers, out)
        commune_sizes = write_commune_layer(communes, out)
    with progress.step("Writing report.json"):
        report = write_report(out, layers, sizes, coverage, mismatches, areas, progress.elapsed())
        report = add_commune_report(out, report, describe_commune_layer(communes, commune_sizes))
    return report


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: build into --out (default: geo/build, or VN_GEO_BUILD_DIR)."""
    parser = argparse.ArgumentParser(prog="python -m geo.build", description=__doc__)
    parser.add_argument("--out", type=Path, default=None, help="output directory (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        boundaries, reference = boundaries_dir(), reference_dir()
    except DataLocationError as error:
        print(f"geo.build: {error}", file=sys.stderr)
        return 2
    report = run_build(boundaries, reference, args.out or build_dir())
    print(format_summary(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
