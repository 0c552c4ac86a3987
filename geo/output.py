"""Write the built layers (compact GeoJSON, GeoParquet) and the build report, and format its summary."""

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.communes import format_commune_summary
from geo.layers import REPORT_FILE, archipelago_codes, layer_geojson

BUDGET_BYTES = {"districts_vn63": 1_500_000, "provinces_vn63": 300_000, "provinces_vn34": 300_000}
PROVINCE_DISTRICTS_BUDGET_BYTES = 150_000
AREA_TOLERANCE_PCT = 5.0
LISTED_GAP_KM2 = 1.0


def compact_geojson(gdf: gpd.GeoDataFrame) -> bytes:
    """UTF-8 GeoJSON without spaces; area rounded to 0.01 km² (coordinates are rounded by the build)."""
    rounded = gdf.assign(area_km2=gdf.area_km2.round(2))
    return json.dumps(layer_geojson(rounded), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def measure_largest_province_districts(districts: gpd.GeoDataFrame) -> dict:
    """The province whose districts make the largest GeoJSON, and that size in bytes."""
    sizes = {code: len(compact_geojson(group)) for code, group in districts.groupby("province_code")}
    code = max(sizes, key=sizes.get)
    return {"province_code": code, "geojson_bytes": sizes[code]}


def write_layers(layers: dict[str, gpd.GeoDataFrame], out: Path) -> dict:
    """Write `<name>.geojson` and `<name>.parquet` for each layer; return features and bytes per layer."""
    out.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for name, gdf in layers.items():
        geojson = compact_geojson(gdf)
        (out / f"{name}.geojson").write_bytes(geojson)
        gdf.to_parquet(out / f"{name}.parquet", index=False)
        sizes[name] = {"features": len(gdf), "geojson_bytes": len(geojson),
                       "parquet_bytes": (out / f"{name}.parquet").stat().st_size}
    sizes["largest_province_districts"] = measure_largest_province_districts(layers["districts_vn63"])
    return sizes


def describe_archipelagos(layers: dict[str, gpd.GeoDataFrame]) -> list[dict]:
    """Islands and eastern edge of Hoàng Sa and Trường Sa, and of the provinces holding them in each layer."""
    districts = layers["districts_vn63"].set_index("district_code")
    rows = []
    for code, province_code in archipelago_codes().items():
        geometry = districts.geometry[code]
        east = {name: float(gdf.set_index("province_code").geometry[province_code].bounds[2])
                for name, gdf in layers.items() if name.startswith("provinces")}
        rows.append({"district_code": code, "province_code": province_code, "name": districts.name[code],
                     "islands": len(geometry.geoms), "east_lon": geometry.bounds[2], "province_east_lon": east})
    return rows


def write_report(out: Path, layers: dict, sizes: dict, coverage, mismatches: dict, areas: pd.DataFrame,
                 seconds: float) -> dict:
    """Write `report.json` (what the summary prints, in full) and return it."""
    districts = layers["districts_vn63"]
    report = {
        "build_seconds": round(seconds, 1),
        "sizes": sizes,
        "budgets_bytes": {**BUDGET_BYTES, "largest_province_districts": PROVINCE_DISTRICTS_BUDGET_BYTES},
        "provinces_without_district_map": layers["provinces_vn63"]
        .query("~has_district_map").province_code.tolist(),
        "district_codes": sorted(districts.district_code),
        "archipelagos": describe_archipelagos(layers),
        "repairs": coverage.repairs,
        "gaps_filled": coverage.gaps,
        "code_mismatches": mismatches,
        "area_checks": json.loads(areas.to_json(orient="records", force_ascii=False)),
    }
    (out / REPORT_FILE).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return report


def add_commune_report(out: Path, report: dict, communes: dict) -> dict:
    """The report with its `communes` part (reconciliation, repairs, per-province sizes), written again."""
    report = {**report, "communes": communes}
    (out / REPORT_FILE).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return report


def format_sizes(report: dict) -> list[str]:
    """One line per layer: features, GeoJSON and GeoParquet sizes against the budget."""
    lines = []
    for name, budget in report["budgets_bytes"].items():
        size = report["sizes"][name]
        status = "ok" if size["geojson_bytes"] <= budget else "OVER BUDGET"
        label = f"{size['features']:4d} features" if "features" in size else f"province {size['province_code']}"
        parquet = f", GeoParquet {size['parquet_bytes'] / 1000:7.1f} KB" if "parquet_bytes" in size else ""
        lines.append(f"  {name:27s} {label}: GeoJSON {size['geojson_bytes'] / 1000:7.1f} KB "
                     f"(budget {budget / 1000:.0f} KB, {status}){parquet}")
    return lines


def format_repairs(report: dict) -> list[str]:
    """Repairs and filled gaps: every repair, gaps ≥ 1 km² one per line, smaller ones counted."""
    lines = [f"Repairs: {len(report['repairs'])}"]
    lines += [f"  {r['kind']}: {r['unit']} " + (r.get("detail") or f"{r['area_km2']} km²") for r in report["repairs"]]
    gaps = report["gaps_filled"]
    small = [g for g in gaps if g["area_km2"] < LISTED_GAP_KM2]
    lines.append(f"Gaps filled: {len(gaps)} uncovered areas, {sum(g['area_km2'] for g in gaps):.1f} km² "
                 f"({len(small)} under {LISTED_GAP_KM2} km², {sum(g['area_km2'] for g in small):.2f} km² together)")
    lines += [f"  {g['area_km2']:8.1f} km² at {g['lon']}°E {g['lat']}°N → {g['unit']} ({g['rule']})"
              for g in gaps if g["area_km2"] >= LISTED_GAP_KM2]
    return lines


def format_mismatches(report: dict) -> list[str]:
    """Every code that differs between the 2023 polygons and the 2025 GSO list."""
    titles = {"gso_without_polygon": "In the GSO list, no polygon",
              "polygon_without_gso": "Polygon kept, code not in the GSO list"}
    lines = []
    for key, title in titles.items():
        rows = report["code_mismatches"][key]
        lines.append(f"{title}: {len(rows)}")
        lines += [f"  {r['district_code']} {r['name']} (province {r['province_code']})" for r in rows]
    renamed = report["code_mismatches"]["name_differs"]
    lines.append(f"Same code, name differs (polygon 2023 → GSO 2025): {len(renamed)}")
    lines += [f"  {r['district_code']} {r['polygon_name']} → {r['gso_name']}" for r in renamed]
    return lines


def format_area_checks(report: dict) -> list[str]:
    """The largest differences to the generalized outlines, and every province past the tolerance."""
    checks = sorted(report["area_checks"], key=lambda r: -abs(r["outline_difference_pct"]))
    failing = [r for r in checks if abs(r["outline_difference_pct"]) > AREA_TOLERANCE_PCT]
    lines = [f"Area vs generalized outline (archipelagos aside): {len(failing)} provinces past "
             f"±{AREA_TOLERANCE_PCT}%; largest differences:"]
    for r in (failing or checks[:5]):
        gso = f", GSO {r['gso_km2']:.1f} km² ({r['gso_difference_pct']:+.2f}%)" if r.get("gso_km2") else ""
        lines.append(f"  {r['province_code']} {r['name']}: {r['area_without_archipelago_km2']} km² "
                     f"vs outline {r['outline_km2']} km² "
                     f"({r['outline_difference_pct']:+.2f}%){gso}")
    return lines


def format_summary(report: dict) -> str:
    """The end-of-build summary: counts and sizes, repairs, mismatches, area checks."""
    lines = [f"Built in {report['build_seconds']} s", *format_sizes(report), *format_repairs(report),
             *format_mismatches(report), *format_area_checks(report)]
    for row in report["archipelagos"]:
        edges = ", ".join(f"{name} {lon:.2f}°E" for name, lon in row["province_east_lon"].items())
        lines.append(f"{row['name']} ({row['district_code']}): {row['islands']} islands, east edge "
                     f"{row['east_lon']:.2f}°E; province {row['province_code']} east edge: {edges}")
    lines += format_commune_summary(report["communes"])
    missing_maps = report["provinces_without_district_map"]
    lines.append(f"Provinces drawn from the generalized outline, no district map: {', '.join(missing_maps)}")
    return "\n".join(lines)
