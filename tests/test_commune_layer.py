"""The vn34 commune layer of the real build: the official list's counts, the reconciliation report, valid shapes,
the archipelagos, and the per-province payloads a browser receives."""

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from geo_fixtures import real_build

from geo import layers, sources
from geo.communes import match_communes
from indicators.paths import boundaries_dir


@pytest.fixture(scope="module")
def built():
    return real_build()[0]


@pytest.fixture(scope="module")
def communes(built) -> gpd.GeoDataFrame:
    return layers.load_communes(built)


@pytest.fixture(scope="module")
def report(built) -> dict:
    return layers.load_build_report(built)["communes"]


@pytest.fixture(scope="module")
def official() -> pd.DataFrame:
    return sources.load_official_communes()


def test_every_province_has_exactly_the_official_communes(communes, official):
    assert len(communes) == 3321
    assert communes.groupby("province_code").size().to_dict() == official.groupby("province_code").size().to_dict()
    assert sorted(communes.commune_code) == sorted(official.commune_code)
    names = dict(zip(official.commune_code, official.name, strict=True))
    assert (communes.name == communes.commune_code.map(names)).all()
    assert communes.groupby("province_code").size()["79"] == 168


def test_reconciliation_report_lists_every_polygon_not_matched_by_its_own_code(report, communes):
    rec = report["reconciliation"]
    assert rec["matched_by_code"] == 3198
    assert len(rec["matched_by_name"]) == 123
    assert rec["unmatched"] == [] and rec["official_without_polygon"] == [] and rec["count_differs"] == []
    by_name = {r["source_code"]: r for r in rec["matched_by_name"]}
    # a rotation in Cao Bằng: each polygon carries its neighbour's code, its name finds its own
    assert {code: by_name[code]["official_code"] for code in ("01558", "01537", "01561")} == {
        "01558": "01561", "01537": "01558", "01561": "01537"}
    assert by_name["00292"] == {"province_code": "01", "source_code": "00292", "source_name": "Phường Bạch Mai",
                                "official_code": "00277"}
    assert (communes.match == "name").sum() == 123 and (communes.match == "code").sum() == 3198


def test_cli_summary_prints_each_name_match(built):
    stdout = real_build()[1]
    assert "Communes (vn34): 3321 polygons; matched by code 3198, by name only 123, matching nothing 0" in stdout
    assert "  by name: 01558 Xã Hạ Lang (province 04) → 01561" in stdout
    assert stdout.count("  by name: ") == 123


def test_a_code_whose_name_disagrees_is_matched_by_name_and_an_unknown_name_matches_nothing(official):
    wards = pd.DataFrame({"province_code": ["04", "04", "04"], "source_code": ["01558", "01561", "99999"],
                          "source_name": ["Xã Hạ Lang", "Xã Vinh Quý", "Xã Không Có"]})
    assert match_communes(wards, official).tolist() == ["01561", "01537", None]


def test_all_76_invalid_shapes_are_repaired_and_every_shape_is_valid(report, communes, built):
    assert len(report["repairs"]) == 76
    assert shapely.is_valid(communes.geometry.to_numpy()).all()
    assert not shapely.is_empty(communes.geometry.to_numpy()).any()
    raw = sources.load_ward_polygons(boundaries_dir())
    assert (~shapely.is_valid(raw.geometry.to_numpy())).sum() == 76
    served = gpd.read_file(built / layers.COMMUNE_PROVINCE_DIR / "79.geojson")
    assert shapely.is_valid(served.geometry.to_numpy()).all()


def test_shared_borders_inside_a_province_stay_shared(communes):
    hcmc = communes[communes.province_code == "79"].geometry.to_numpy()
    overlap = shapely.area(shapely.intersection(hcmc[:, None], hcmc[None, :]))
    np.fill_diagonal(overlap, 0)
    assert overlap.max() < 1e-6  # square degrees: under 1 ha, what rounding to 11 m may leave


def test_hoang_sa_and_truong_sa_are_special_zones_with_their_islands(communes, report):
    zones = communes.set_index("commune_code").loc[["20333", "22736"]]
    assert zones.province_code.tolist() == ["48", "56"]
    assert zones.name.tolist() == ["Đặc khu Hoàng Sa", "Đặc khu Trường Sa"]
    assert zones.kind.tolist() == ["đặc khu", "đặc khu"]
    islands = {r["commune_code"]: r["islands"] for r in report["archipelagos"]}
    assert islands == {"20333": 18, "22736": 310}
    assert zones.geometry["22736"].bounds[2] > 117.0


def test_population_and_area_come_from_the_files(communes, built):
    raw = json.loads((boundaries_dir() / "vn34-wards-2025" / "79.json").read_text(encoding="utf-8"))
    an_dong = next(w for w in raw["wards"] if w["name"] == "An Đông")
    row = communes.set_index("commune_code").loc["27316"]
    assert (row["name"], row.population, row.area_km2) == ("Phường An Đông", an_dong["population"], an_dong["area"])
    assert communes.population.sum() == sum(
        w["population"] for path in (boundaries_dir() / "vn34-wards-2025").glob("[0-9][0-9].json")
        for w in json.loads(path.read_text(encoding="utf-8"))["wards"])


def test_each_province_layer_fits_the_browser_budget_and_none_is_national(built, report):
    folder = built / layers.COMMUNE_PROVINCE_DIR
    sizes = {path.stem: path.stat().st_size for path in folder.glob("*.geojson")}
    assert len(sizes) == 34 and sizes == report["province_geojson_bytes"]
    assert max(sizes.values()) <= 300_000
    assert 150_000 < sizes["79"] <= 300_000
    hcmc = layers.load_province_communes_geojson("79", built)
    assert len(hcmc["features"]) == 168
    assert set(hcmc["features"][0]["properties"]) == {"province_code", "commune_code", "name", "kind"}
    assert not list(built.glob("communes*.geojson"))
