"""Pure builders on the real dataset: map classes, labels, roll-ups, charts and formatting, without a browser."""

import pandas as pd
import pytest

from briefing.figures import make_ranked_bar_figure, make_small_multiples_figure, make_window_figure
from briefing.formatting import format_number, format_period, format_value
from briefing.i18n import LABELS, translate
from briefing.links import parse_view
from briefing.maps import make_province_map_figure
from briefing.places import describe_values
from briefing.tables import build_comparison_long, build_comparison_table, compute_overview_kpis
from briefing.trends import series_labels
from briefing.views import build_view_content, load_view_inputs
from indicators.gazetteer import load_crosswalk
from indicators.queries import (
    annualise,
    compute_province_values,
    filter_models,
    make_province_frame,
    observations_of,
    observations_with_titles,
)

EMPTY_GEOJSON = {"type": "FeatureCollection", "features": []}
ARCHIPELAGOS = {
    "hoang_sa": {"box": (111.2, 15.7, 112.8, 17.2), "islands": [(16.5, 112.0)]},
    "truong_sa": {"box": (111.5, 7.5, 117.0, 11.6), "islands": [(9.5, 114.0), (10.4, 114.4)]},
}


@pytest.fixture(scope="module")
def crosswalk():
    return load_crosswalk()


def values_for(dataset, crosswalk, indicator="models_built_count", version="vn63", lang="vi"):
    values = compute_province_values(dataset, indicator, make_province_frame(crosswalk, version))
    return describe_values(values, observations_with_titles(dataset), lang)


def test_models_map_colours_only_whole_province_values(dataset, crosswalk):
    values = values_for(dataset, crosswalk)
    fig = make_province_map_figure(EMPTY_GEOJSON, values, title="t", version_note="vn63", archipelagos=ARCHIPELAGOS)
    hoang_sa, truong_sa, no_data, other, comparable = fig.data
    assert list(comparable.locations) == ["11"] and list(comparable.z) == [532.0]
    assert comparable.customdata[0][1] == "hơn 532"
    assert list(other.locations) == ["02", "04", "15", "93"]
    assert other.customdata[1][1] == "71 (Công an tỉnh)"
    assert other.customdata[3][1] == "79 (thành phố Vị Thanh); 120 (huyện Vị Thủy)"
    assert len(no_data.locations) == 58 and "11" not in no_data.locations
    assert (no_data.name, other.name) == ("Chưa có số liệu", "Phạm vi khác")
    assert no_data.colorscale[0][1] != comparable.colorscale[0][1]
    # Named on the map above the frame (6 points and a break), then each island's dot followed by a break so
    # dots are never joined.
    assert [t for t in hoang_sa.text if t] == ["Quần đảo Hoàng Sa (Đà Nẵng)"]
    assert [t for t in truong_sa.text if t] == ["Quần đảo Trường Sa (Khánh Hòa)"]
    assert list(truong_sa.lat[7:]) == [9.5, None, 10.4, None]
    assert fig.layout.separators == ",."


def test_each_map_class_carries_only_its_own_outlines(dataset, crosswalk):
    geojson = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"province_code": code}, "geometry": None} for code in ("04", "11", "12")]}
    values = values_for(dataset, crosswalk)
    fig = make_province_map_figure(geojson, values, title="t", version_note="v", archipelagos=ARCHIPELAGOS)
    codes = [[f["properties"]["province_code"] for f in trace.geojson["features"]] for trace in fig.data[2:]]
    assert codes == [["12"], ["04"], ["11"]]


def test_vn34_roll_up_covers_34_provinces_and_keeps_scopes_apart(dataset, crosswalk):
    values = values_for(dataset, crosswalk, version="vn34").set_index("province_code")
    assert len(values) == 34
    assert (values.at["11", "status"], values.at["11", "value"], values.at["11", "label"]) == (
        "comparable", 532.0, "hơn 532")
    assert values.at["04", "status"] == "other_scope"
    assert values.at["25", "status"] == "no_data" and values.at["25", "members"] == 3


def test_roll_up_of_a_sum_says_how_many_old_provinces_reported(dataset, crosswalk):
    values = values_for(dataset, crosswalk, "money_raised_vnd", "vn34").set_index("province_code")
    assert values.at["51", "status"] == "other_scope"  # Bình Sơn is a district, not the whole province
    assert (values.at["51", "reporting"], values.at["51", "members"]) == (0, 2)


def with_copies(dataset, obs_id: str, copies: list[dict]):
    """The dataset plus copies of one observation moved to other places (for roll-up rules)."""
    obs = dataset.observations
    row = obs[obs["obs_id"] == obs_id]
    extra = [row.assign(obs_id=f"t-{n}", **changes) for n, changes in enumerate(copies)]
    return type(dataset)(dataset.sources, dataset.indicators, pd.concat([obs, *extra]), dataset.models)


def test_percentages_of_merged_old_provinces_are_never_added(dataset, crosswalk):
    patched = with_copies(dataset, "000_7d6bc60bc6dc7dcc-002", [
        {"province_code": "17", "place_name": "Hòa Bình"}, {"province_code": "26", "place_name": "Vĩnh Phúc"}])
    values = compute_province_values(patched, "study_participation_pct", make_province_frame(crosswalk, "vn34"))
    phu_tho = values.set_index("province_code").loc["25"]
    assert (phu_tho["status"], phu_tho["reporting"], phu_tho["members"]) == ("other_scope", 2, 3)
    assert pd.isna(phu_tho["value"])


def test_counts_of_merged_old_provinces_sum_to_a_lower_bound_with_coverage(dataset, crosswalk):
    patched = with_copies(dataset, "000_7d6bc60bc6dc7dcc-004", [
        {"province_code": "17", "place_name": "Hòa Bình", "value": 100.0, "qualifier": "exact"},
        {"province_code": "26", "place_name": "Vĩnh Phúc", "value": 50.0, "qualifier": "exact"}])
    values = compute_province_values(patched, "models_built_count", make_province_frame(crosswalk, "vn34"))
    values = describe_values(values, observations_with_titles(patched), "vi")
    phu_tho = values.set_index("province_code").loc["25"]
    assert (phu_tho["status"], phu_tho["value"], phu_tho["qualifier"]) == ("comparable", 150.0, "at_least")
    assert phu_tho["label"] == "hơn 150"
    fig = make_province_map_figure(EMPTY_GEOJSON, values, title="t", version_note="vn34", archipelagos=ARCHIPELAGOS)
    comparable = fig.data[4]
    row = list(comparable.locations).index("25")
    assert comparable.customdata[row][6] == "<br><i>2/3 tỉnh cũ có số liệu</i>"


def test_kpis_show_largest_value_with_qualifier_and_reporting_count(dataset, crosswalk):
    kpis = compute_overview_kpis(values_for(dataset, crosswalk), "vi")
    assert kpis[0]["value"] == "hơn 532"
    assert kpis[0]["detail"].startswith("Tỉnh Điện Biên · toàn tỉnh · ")
    assert (kpis[1]["value"], kpis[1]["detail"]) == ("5/63", "1 toàn tỉnh · 4 phạm vi khác")
    assert kpis[2]["value"] == "2016–2024"


def test_ranked_bars_hold_only_comparable_values(dataset, crosswalk):
    fig = make_ranked_bar_figure(values_for(dataset, crosswalk), title="x")
    assert list(fig.data[0].y) == ["Tỉnh Điện Biên"] and list(fig.data[0].text) == ["hơn 532"]


def test_window_chart_draws_each_value_over_its_own_period(dataset):
    obs = observations_of(dataset, "models_built_count")
    obs["series"] = series_labels(obs, {("vn63", "11"): "Điện Biên", ("vn63", "04"): "Cao Bằng"})
    fig = make_window_figure(obs, unit="count", title="x")
    spans = {(t.name, tuple(t.x), tuple(t.y)) for t in fig.data}
    assert ("Điện Biên", ("2021-05-18", "2024-05-18"), (532.0, 532.0)) in spans
    assert ("Cao Bằng – Công an tỉnh", ("2021-05-18", "2023-05-18"), (71.0, 71.0)) in spans


def test_annualised_values_only_where_window_is_a_year_or_more(dataset):
    obs = observations_of(dataset, "models_built_count").set_index("obs_id")
    rates = annualise(obs, annualisable=True)
    assert rates["000_7d6bc60bc6dc7dcc-004"] == pytest.approx(532 / 3, rel=0.01)
    assert pd.isna(rates["000_7d6bc60bc6dc7dcc-005"])  # a point-in-time count has no yearly rate
    assert annualise(obs, annualisable=False).isna().all()


def test_comparison_table_shows_scope_and_period_in_every_cell(dataset, crosswalk):
    per_indicator = {"models_built_count": values_for(dataset, crosswalk)}
    long = build_comparison_long(per_indicator, ["11", "04", "12"])
    table = build_comparison_table(long, {"models_built_count": "Mô hình"}, "vi").set_index("Tỉnh")
    assert table.at["Tỉnh Điện Biên", "Mô hình"] == "hơn 532 · toàn tỉnh · 05/2021–05/2024"
    assert table.at["Tỉnh Cao Bằng", "Mô hình"].startswith("71 (Công an tỉnh) · phạm vi khác")
    assert table.at["Tỉnh Lai Châu", "Mô hình"] == "Chưa có số liệu"



def test_small_multiples_write_several_unsummed_figures_where_the_bar_would_be(dataset, crosswalk):
    long = build_comparison_long({"models_built_count": values_for(dataset, crosswalk)}, ["11", "04", "93"])
    fig = make_small_multiples_figure(long, indicator_titles={"models_built_count": "Mô hình"}, lang="vi")
    bars, written = fig.data
    assert list(bars.x) == ["Tỉnh Điện Biên", "Tỉnh Cao Bằng", "Tỉnh Hậu Giang"]
    assert pd.isna(bars.y[2])  # Hậu Giang: two district figures, no single bar
    assert written.mode == "text" and list(written.x) == ["Tỉnh Hậu Giang"] and list(written.y) == [0]
    assert written.text[0] == ("79 (thành phố Vị Thanh)<br>120 (huyện Vị Thủy)"
                               "<br><i>nhiều số phạm vi khác, không cộng</i>")
    assert written.customdata[0][4].startswith("Khen thưởng nhiều tập thể")  # its source, hovered as a bar is

def test_model_search_ignores_diacritics(dataset):
    found = filter_models(dataset.models, [], [], [], [], "bien rac thai")
    assert "Biến rác thải thành tiền" in set(found["name"])
    assert filter_models(dataset.models, ["04"], [], [], [], "bien rac thai").empty


def test_vietnamese_number_and_value_formatting():
    assert format_number(1234567.5) == "1.234.567,5"
    assert format_number(1234567.5, "en") == "1,234,567.5"
    assert format_value(532, "count", "at_least") == "hơn 532"
    assert format_value(6_200_000_000, "vnd", "at_least") == "hơn 6,2 tỷ đồng"
    assert format_value(1017, "count", "exact", 1020) == "1.017/1.020"
    assert format_value(99.7, "percent") == "99,7%"
    assert format_period("2021-01-01", "2023-12-31") == "2021–2023"
    assert format_period("2023-01-06", "2023-01-06") == "06/01/2023"


def test_both_languages_have_every_label():
    assert set(LABELS["vi"]) == set(LABELS["en"])
    assert translate("coverage", "vi", reporting=2, members=3) == "2/3 tỉnh cũ có số liệu"


def first_trace_per_geo_subplot(fig) -> dict[str, object]:
    firsts: dict[str, object] = {}
    for trace in fig.data:
        firsts.setdefault(trace.geo or "geo", trace)
    return firsts


def test_every_map_subplot_starts_with_a_lon_lat_trace_so_plotly_fetches_no_topojson():
    """plotly.js fetches its world topojson from a CDN when a geo subplot's first trace has a locationmode."""
    inputs = load_view_inputs()
    figures = [build_view_content(parse_view(view), inputs).map_figure
               for view in ("/", "/?version=vn34", "/province?province=11", "/province?province=48")]
    for fig in figures:
        for trace in first_trace_per_geo_subplot(fig).values():
            assert (trace.type, trace.locations) == ("scattergeo", None)
        assert all(fig.layout[name].visible is False for name in first_trace_per_geo_subplot(fig))
    assert sorted(first_trace_per_geo_subplot(figures[3])) == ["geo", "geo2"]  # Hoàng Sa in its inset


def test_da_nang_district_map_keeps_hoang_sa_in_an_inset_and_names_districts_briefly():
    content = build_view_content(parse_view("/province?province=48"), load_view_inputs())
    fig = content.map_figure
    inset = [trace for trace in fig.data if trace.geo == "geo2"]
    assert [trace.type for trace in inset] == ["scattergeo", "choropleth", "choropleth"]
    assert list(inset[0].text) == ["H. Hoàng Sa"]
    assert sum(len(trace.locations) for trace in inset[1:]) == 1
    mainland_names = list(fig.data[0].text)
    assert "H. Hòa Vang" in mainland_names and "Q. Hải Châu" in mainland_names
    lon_min, lon_max = fig.layout.geo.lonaxis.range
    assert lon_max < 108.5  # the mainland view stops at the coast, Hoàng Sa (111–113°E) is in the inset
