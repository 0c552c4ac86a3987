"""The real build, run from a clean directory through the CLI, then read back through `geo.layers`."""

import json
import os
import subprocess
import sys

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from geo_fixtures import ROOT, real_build

from geo import layers, sources
from indicators.paths import boundaries_dir, reference_dir

VN63_DISTRICT_COLUMNS = ["admin_version", "province_code", "district_code", "name", "polygon_name", "province_name",
                         "area_km2", "commune_count", "in_gso_list", "geometry"]
QUANG_NINH_CODES = ["193", "194", "195", "196", "198", "199", "200", "201", "202", "203", "205", "206", "207"]


@pytest.fixture(scope="module")
def built():
    return real_build()[0]


@pytest.fixture(scope="module")
def report(built):
    return layers.load_build_report(built)


@pytest.fixture(scope="module")
def crosswalk():
    return pd.read_csv(reference_dir() / "province_crosswalk_2025.csv", dtype=str)


@pytest.fixture(scope="module")
def gso_communes():
    gso = json.loads((boundaries_dir() / "dvhcvn-2023" / "dvhcvn.json").read_text(encoding="utf-8"))
    return {d["level2_id"]: len(d["level3s"]) for p in gso["data"] for d in p["level2s"]}


def all_layers(built) -> dict[str, gpd.GeoDataFrame]:
    return {name: layers.load_layer(*key, build_dir=built) for key, name in layers.LAYER_NAMES.items()}


def test_cli_prints_numbered_steps_and_a_summary():
    stdout = real_build()[1]
    assert [line.split(" ")[0] for line in stdout.splitlines() if line.startswith("[")] == [
        f"[{i}/8]" for i in range(1, 9)]
    for heading in ("Built in", "Repairs:", "Gaps filled:", "In the GSO list, no polygon: 15",
                    "Polygon kept, code not in the GSO list: 11", "Same code, name differs", "Area vs generalized"):
        assert heading in stdout


def test_layers_have_the_promised_columns_and_text_codes(built):
    loaded = all_layers(built)
    assert list(loaded["districts_vn63"].columns) == VN63_DISTRICT_COLUMNS
    assert list(loaded["provinces_vn63"].columns) == ["admin_version", "province_code", "name", "area_km2",
                                                       "has_district_map", "geometry"]
    assert list(loaded["provinces_vn34"].columns) == ["admin_version", "province_code", "name", "area_km2",
                                                       "old_codes", "geometry"]
    assert loaded["districts_vn63"].district_code.str.fullmatch(r"\d{3}").all()
    for gdf in loaded.values():
        assert gdf.province_code.str.fullmatch(r"\d{2}").all()
        assert gdf.crs.to_epsg() == 4326


def test_province_layers_have_exactly_63_and_34_provinces_from_the_crosswalk(built, crosswalk):
    vn63 = layers.load_layer("province", "vn63", built)
    assert list(vn63.province_code) == sorted(crosswalk.old_code)
    assert list(vn63.name) == list(crosswalk.sort_values("old_code").old_name)
    assert set(vn63.admin_version) == {"vn63"}


def test_vn34_codes_names_and_old_codes_match_the_crosswalk(built, crosswalk):
    vn34 = layers.load_layer("province", "vn34", built)
    expected = crosswalk.sort_values(["new_code", "old_code"]).groupby("new_code").agg(
        name=("new_name", "first"), old_codes=("old_code", ";".join)).reset_index()
    assert vn34[["province_code", "name", "old_codes"]].values.tolist() == expected.values.tolist()
    assert len(vn34) == 34 and set(vn34.admin_version) == {"vn34"}
    assert vn34.set_index("province_code").loc["52", "old_codes"] == "52;64"  # new Gia Lai = Bình Định + Gia Lai


def test_every_gso_district_has_a_polygon_or_is_reported_missing(built, report, gso_communes):
    districts = layers.load_layer("district", "vn63", built)
    missing = report["code_mismatches"]["gso_without_polygon"]
    assert [r["district_code"] for r in missing] == QUANG_NINH_CODES + ["224", "475"]
    reported = {r["district_code"] for r in missing}
    assert set(gso_communes) == (set(districts.district_code) & set(gso_communes)) | reported
    assert [r["district_code"] for r in report["code_mismatches"]["polygon_without_gso"]] == [
        "221", "358", "369", "405", "413", "448", "483", "519", "681", "683", "752"]
    assert len(districts) == 692


def test_commune_counts_come_from_the_gso_list_and_stay_missing_otherwise(built, gso_communes):
    districts = layers.load_layer("district", "vn63", built).set_index("district_code")
    listed = districts[districts.in_gso_list]
    assert listed.commune_count.astype(int).to_dict() == {c: gso_communes[c] for c in listed.index}
    assert districts[~districts.in_gso_list].commune_count.isna().all()
    assert districts.loc["001", ["name", "province_name", "commune_count"]].tolist() == [
        "Quận Ba Đình", "Thành phố Hà Nội", 13]


def test_all_layers_are_valid_gap_free_coverages(built):
    for name, gdf in all_layers(built).items():
        geoms = gdf.geometry.to_numpy()
        assert shapely.is_valid(geoms).all(), name
        assert shapely.coverage_is_valid(geoms), name
        holes = [ring for part in shapely.get_parts(shapely.coverage_union_all(geoms)) for ring in part.interiors]
        assert holes == [], name


def test_dissolved_province_areas_agree_with_the_generalized_outlines_within_5_percent(built):
    gso_provinces = sources.load_gso_provinces(boundaries_dir())
    outlines = sources.load_generalized_outlines(boundaries_dir(), gso_provinces)
    land = outlines[~outlines.is_archipelago].dissolve(by="province_code").to_crs("EPSG:6933")
    outline_km2 = land.area / 1e6
    dissolved = layers.load_layer("province", "vn63", built).set_index("province_code").area_km2
    districts = layers.load_layer("district", "vn63", built).set_index("district_code").area_km2
    dissolved["48"] -= districts["498"]  # the outline file draws the archipelagos as sea zones: compare land
    dissolved["56"] -= districts["576"]
    difference_pct = (100 * (dissolved / outline_km2 - 1)).abs()
    assert len(difference_pct) == 63
    assert difference_pct.max() < 5.0
    assert difference_pct.idxmax() == "79"  # Hồ Chí Minh City: the outline includes more of the estuaries


def test_vn34_area_is_the_sum_of_its_old_provinces(built, crosswalk):
    vn63 = layers.load_layer("province", "vn63", built).set_index("province_code").area_km2
    vn34 = layers.load_layer("province", "vn34", built).set_index("province_code").area_km2
    expected = crosswalk.assign(area=crosswalk.old_code.map(vn63)).groupby("new_code").area.sum()
    assert vn34.to_dict() == pytest.approx(expected.to_dict())
    assert vn63.sum() == pytest.approx(vn34.sum())


@pytest.mark.parametrize(("level", "version", "code"), [
    ("province", "vn63", "48"), ("province", "vn34", "48"), ("district", "vn63", "498"),
])
def test_da_nang_includes_hoang_sa(built, level, version, code):
    gdf = layers.load_layer(level, version, built).set_index(f"{level}_code")
    assert gdf.geometry[code].bounds[2] > 111.5


@pytest.mark.parametrize(("level", "version", "code"), [
    ("province", "vn63", "56"), ("province", "vn34", "56"), ("district", "vn63", "576"),
])
def test_khanh_hoa_includes_truong_sa(built, level, version, code):
    gdf = layers.load_layer(level, version, built).set_index(f"{level}_code")
    assert gdf.geometry[code].bounds[2] > 114.0


def test_archipelagos_keep_every_island_through_simplification(report):
    assert [(r["district_code"], r["province_code"], r["islands"]) for r in report["archipelagos"]] == [
        ("498", "48", 16), ("576", "56", 17)]


def test_archipelago_islands_are_points_inside_their_district(built):
    islands = layers.load_archipelago_islands(built)
    counts = islands.groupby(["district_code", "province_code"]).size().to_dict()
    assert counts == {("498", "48"): 16, ("576", "56"): 17}
    districts = layers.load_layer("district", "vn63", built).set_index("district_code").geometry
    assert all(districts[code].contains(point) for code, point in zip(islands.district_code, islands.geometry,
                                                                       strict=True))


def test_known_merged_territory_lands_in_its_2025_district(built, report):
    districts = layers.load_layer("district", "vn63", built).set_index("district_code")
    assert districts.geometry["045"].contains(shapely.Point(105.955, 22.82))  # former Thông Nông
    assert districts.geometry["769"].contains(shapely.Point(106.799, 10.833))  # former Quận 2 and 9
    known = [g["unit"] for g in report["gaps_filled"] if g["rule"].startswith("known merger")]
    assert sorted(known) == ["045", "047", "049", "148", "525", "769"]


def test_sizes_are_within_budget(built):
    sizes = {name: (built / f"{name}.geojson").stat().st_size for name in layers.LAYER_NAMES.values()}
    assert sizes["districts_vn63"] <= 1_500_000
    assert sizes["provinces_vn63"] <= 300_000 and sizes["provinces_vn34"] <= 300_000
    districts = layers.load_layer("district", "vn63", built)
    per_province = {code: len(json.dumps(layers.layer_geojson(group), ensure_ascii=False, separators=(",", ":")))
                    for code, group in districts.groupby("province_code")}
    assert max(per_province.values()) <= 150_000


def test_geojson_file_and_layer_geojson_describe_the_same_features(built):
    gdf = layers.load_layer("province", "vn34", built)
    from_file = layers.load_layer_geojson("province", "vn34", built)
    built_dict = layers.layer_geojson(gdf)
    assert [f["properties"]["province_code"] for f in from_file["features"]] == list(gdf.province_code)
    assert [f["properties"]["old_codes"] for f in built_dict["features"]] == list(gdf.old_codes)
    assert layers.feature_id_key("province") == "properties.province_code"
    assert layers.feature_id_key("district") == "properties.district_code"


def test_district_helpers_answer_for_one_province(built):
    assert list(layers.districts_of_province("48", built).district_code) == [
        "490", "491", "492", "493", "494", "495", "497", "498"]
    assert layers.districts_of_province("22", built).empty
    assert list(layers.load_provinces_without_districts(built).province_code) == ["22"]


def test_unknown_layer_and_missing_build_fail_with_clear_messages(tmp_path):
    with pytest.raises(ValueError, match="level='district', admin_version='vn34'"):
        layers.load_layer("district", "vn34", tmp_path)
    with pytest.raises(layers.BoundaryLayerMissing, match="VN_BOUNDARIES_DIR") as error:
        layers.load_layer("province", "vn63", tmp_path)
    assert "python -m geo.build" in str(error.value) and "make run" in str(error.value)
    assert layers.feature_id_key("commune") == "properties.commune_code"
    with pytest.raises(ValueError, match="Unknown level"):
        layers.feature_id_key("ward")
    with pytest.raises(layers.BoundaryLayerMissing, match="vn34-wards-2025"):
        layers.load_province_communes_geojson("79", tmp_path)


def test_build_dir_honours_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("VN_GEO_BUILD_DIR", str(tmp_path))
    assert layers.build_dir() == tmp_path
    monkeypatch.delenv("VN_GEO_BUILD_DIR")
    assert layers.build_dir() == ROOT / "geo" / "build"


def test_cli_without_boundaries_names_the_variable(tmp_path):
    env = {**os.environ, "VN_BOUNDARIES_DIR": str(tmp_path / "absent")}
    result = subprocess.run([sys.executable, "-m", "geo.build", "--out", str(tmp_path / "out")], cwd=ROOT,
                            env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert "VN_BOUNDARIES_DIR" in result.stderr and str(tmp_path / "absent") in result.stderr
    assert not (tmp_path / "out").exists()
