"""The coverage view (`/?indicator=coverage`) counts each province's figures, sources, whole-province figures and old
provinces in SQL (briefing/overview.py coverage_places, ViewInputs.figure_groups), on the frozen dataset: the counts
it showed when it read every figure, pinned for a few provinces of the 63 and the 34, and equal for every province to
the counts made in memory from every figure (a figure two sources give counted once, data/duplicates.csv)."""

import io

import pandas as pd
import pytest

from briefing.exports import build_export
from briefing.i18n import translate
from briefing.inputs import load_view_inputs
from briefing.links import parse_view
from briefing.overview import COVERAGE_GROUPS, frame_codes
from briefing.views import build_view_content
from indicators.domain.codes import PHASES
from indicators.domain.duplicates import count_once, load_duplicates
from indicators.domain.queries import add_scope_columns
from indicators.store.published import load_published_dataset
from indicators.store.reads import StoreReader

pytest_plugins = ["store_fixtures"]

COLUMNS = ["figures", "models", "source_count", "whole", "coverage"]


@pytest.fixture(scope="module")
def inputs():
    return load_view_inputs()


def coverage(inputs, version: str, lang: str = "vi"):
    return build_view_content(parse_view(f"/?indicator=coverage&version={version}&lang={lang}"), inputs)


@pytest.mark.parametrize(("version", "code", "expected"), [
    ("vn63", "40", [33, 0, 4, 11, ""]),  # Nghệ An
    ("vn63", "51", [25, 5, 2, 3, ""]),  # Quảng Ngãi: figures and named models
    ("vn63", "79", [16, 0, 7, 16, ""]),  # Thành phố Hồ Chí Minh
    ("vn63", "80", [9, 5, 2, 0, ""]),  # Long An: 18 figures, 9 of them repeats of an English edition (2 sources)
    ("vn34", "40", [33, 0, 4, 11, ""]),  # Nghệ An, not merged
    ("vn34", "68", [25, 14, 7, 0, "3/3 tỉnh cũ"]),  # Lâm Đồng: 3 old provinces, none of their figures 'toàn tỉnh'
    ("vn34", "79", [24, 2, 10, 0, "2/3 tỉnh cũ"]),  # Thành phố Hồ Chí Minh with Bình Dương and Bà Rịa – Vũng Tàu
    ("vn34", "51", [29, 5, 4, 0, "2/2 tỉnh cũ"]),  # Quảng Ngãi with Kon Tum
])
def test_a_province_s_coverage_counts_what_it_counted_when_every_figure_was_read(inputs, version, code, expected):
    places = coverage(inputs, version).places.set_index("province_code")
    assert places.loc[code, COLUMNS].tolist() == expected


@pytest.mark.parametrize("version", ["vn63", "vn34"])
def test_every_province_s_counts_equal_the_counts_of_every_figure_in_memory(inputs, dataset, version):
    content = coverage(inputs, version)
    places = content.places.set_index("province_code")
    obs = add_scope_columns(count_once(dataset.observations, dataset.sources, load_duplicates()))
    frame = inputs.frame(version)
    obs = obs.assign(place=frame_codes(obs, frame))
    own = obs[obs["place"] != ""].groupby("place")
    assert places["figures"].to_dict() == own.size().reindex(places.index, fill_value=0).to_dict()
    merged = {code for code, members in frame.members.items() if len(members) > 1}
    whole = obs[(obs["scope_level"] == "province") & (obs["organisation"] == "") & (obs["place"] != "")
                & (~obs["place"].isin(merged) | (obs["admin_version"] == version))]
    assert places["whole"].to_dict() == whole.groupby("place").size().reindex(places.index, fill_value=0).to_dict()
    phases = own["phase"].agg(set).to_dict()
    assert places["phases"].to_dict() == {code: ", ".join(translate(f"phase_short_{p}", "vi") for p in PHASES
                                                          if p in phases.get(code, set())) for code in places.index}
    # the KPI counts every figure once, placed or not
    assert f"{len(obs)} số liệu" in content.kpis[1]["detail"]


def test_the_coverage_download_is_its_table_of_provinces(inputs):
    content = coverage(inputs, "vn34", "en")
    assert content.obs.empty  # no figure is read: a province's or a headline's view lists them
    csv = pd.read_csv(io.BytesIO(build_export(content, "csv_view", inputs)), dtype=str, keep_default_na=False)
    assert list(csv.columns) == list(content.table.columns)
    assert list(csv.iloc[:, 0]) == list(content.table.iloc[:, 0]) and len(csv) == 33  # the 34 but one with none
    # its sources are those its counts cite, a source that gives the same figures as another (an English edition of
    # Long An's report, data/duplicates.csv) included, each once
    long_an = {"35_long-an-mo-hinh-hoc-va-lam-theo-bac", "long-an-nhieu-mo-hinh-hoc-bac-en"}
    assert long_an <= set(content.sources["source_id"]) and content.sources["source_id"].is_unique


def test_the_store_groups_the_figures_as_every_row_in_memory_does_on_sqlite_and_postgresql(seeded_store):
    """StoreReader.observation_groups: per group, how many figures, how many of a whole province, and the groups in
    the order of their first figure; the ids and place codes left out are not counted (a NULL code is no match)."""
    obs = load_published_dataset(seeded_store).observations
    placed = obs[obs["province_code"] != ""]
    repeat = placed["obs_id"].iloc[0]
    key = ["admin_version", "province_code"]
    own = set(placed.loc[placed["district_code"] == "", key].itertuples(index=False, name=None))
    districts = placed[(placed["district_code"] != "") & (placed["commune_code"] == "")]
    district = districts[[p in own for p in districts[key].itertuples(index=False, name=None)]].iloc[-1]
    place = {"admin_version": district["admin_version"], "province_code": district["province_code"],
             "district_code": district["district_code"], "commune_code": ""}  # the province's own figures stay
    groups = StoreReader(seeded_store).observation_groups(
        COVERAGE_GROUPS, leave_out_ids=[repeat], leave_out_places=pd.DataFrame([place]), placed=True)
    at_place = (placed[list(place)] == pd.Series(place)).all(axis=1)
    assert at_place.any() and ((placed["province_code"] == place["province_code"]) & (placed["district_code"] == "")
                               & (placed["admin_version"] == place["admin_version"])).any()
    kept = placed[(placed["obs_id"] != repeat) & ~at_place]
    whole = (kept["district_code"] == "") & (kept["commune_code"] == "") & (kept["organisation"] == "")
    expected = (kept.assign(whole=whole.astype(int)).groupby(COVERAGE_GROUPS, sort=False)
                .agg(n=("obs_id", "size"), whole=("whole", "sum")).reset_index())
    got = groups.sort_values("first", kind="stable")[[*COVERAGE_GROUPS, "n", "whole"]].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
