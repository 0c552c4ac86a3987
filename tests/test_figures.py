"""Pure builders on the real dataset: map classes, labels, roll-ups, charts and formatting, without a browser."""

from dataclasses import replace

import pandas as pd
import pytest

from briefing.content import Ranking
from briefing.figures import make_ranked_bar_figure, make_small_multiples_figure, make_window_figure
from briefing.formatting import format_number, format_period, format_value
from briefing.i18n import LABELS, translate
from briefing.inputs import load_view_inputs
from briefing.links import parse_view
from briefing.maps import country_scale, make_province_map_figure
from briefing.places import describe_places
from briefing.ranking import ranking_rows
from briefing.tables import build_comparison_long, build_comparison_table, build_model_table
from briefing.trends import series_labels
from briefing.views import build_view_content
from indicators.domain.comparability import ComparisonClass, compare_provinces
from indicators.domain.gazetteer import load_crosswalk
from indicators.domain.queries import (
    annualise,
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


# Multi-year windows of 2–3 years (Yên Bái, Hà Tĩnh, TP HCM); one event or one year is another scale (Lạng Sơn).
HONOURS_KL01 = ComparisonClass("exemplars_honoured", "honours_total", "kl01", "event", "years_2_3")
HONOURS_KL01_ONE_EVENT = ComparisonClass("exemplars_honoured", "honours_total", "kl01", "event", "single")
MODELS_KL01 = ComparisonClass("models_built", "models_total", "kl01", "")


def places_for(dataset, crosswalk, cls=HONOURS_KL01, version="vn63", lang="vi", aggregation="sum"):
    obs = observations_with_titles(dataset)
    comparison = compare_provinces(obs, make_province_frame(crosswalk, version), cls, aggregation)
    unit = dataset.subtypes.set_index("subtype").at[cls.subtype, "unit"]
    reasons = dict(zip(comparison.rows["obs_id"], comparison.rows["why_not"], strict=True))  # as the views pass them
    return describe_places(comparison.places, obs, unit, lang, reasons)


def scale_of(places):
    """The country map's scale of the places, its words as the overview gives them."""
    return country_scale(places, "value", scale_words="toàn tỉnh · giai đoạn KL 01", other="Phạm vi khác",
                         no_data="Chưa có số liệu", lang="vi")


def ranking_of(places):
    return Ranking("x", ranking_rows(places, "value"))


def test_honours_map_colours_only_the_values_the_rule_puts_on_the_shared_scale(dataset, crosswalk):
    places = places_for(dataset, crosswalk)
    fig = make_province_map_figure(EMPTY_GEOJSON, places, title="t", version_note="vn63", archipelagos=ARCHIPELAGOS,
                                   scale=scale_of(places))
    hoang_sa, truong_sa, no_data, other, shared = fig.data
    assert sorted(shared.locations) == ["08", "15", "42", "79"]  # the 2–3-year kind, the widest
    ha_tinh = list(shared.locations).index("42")
    assert (shared.z[ha_tinh], shared.customdata[ha_tinh][1], shared.customdata[ha_tinh][2]) == (42, "42",
                                                                                                  "toàn tỉnh")
    one_places = places_for(dataset, crosswalk, HONOURS_KL01_ONE_EVENT)
    one_event = make_province_map_figure(EMPTY_GEOJSON, one_places, title="t", version_note="vn63",
                                         archipelagos=ARCHIPELAGOS, scale=scale_of(one_places)).data[-1]
    lang_son = list(one_event.locations).index("20")
    assert one_event.customdata[lang_son][6] == "<br><i>= 23 tập thể + 14 cá nhân (cộng từ số của báo cáo)</i>"
    soc_trang = list(other.locations).index("94")
    assert "khen thưởng tính ở cấp khác" in other.customdata[soc_trang][6]
    assert len(no_data.locations) + len(other.locations) + len(shared.locations) == 63
    # A sentence is no colour bar title: the bar keeps a word, the sentence is the caption under the map.
    assert (no_data.name, other.name, shared.colorbar.title.text) == ("Chưa có số liệu", "Phạm vi khác", "Số liệu")
    assert fig.layout.annotations[0].text == "Thang màu: toàn tỉnh · giai đoạn KL 01"
    assert no_data.colorscale[0][1] != shared.colorscale[0][1]
    # Named on two lines above the frame (6 points and a break), then each island's dot followed by a break so
    # dots are never joined.
    assert [t for t in hoang_sa.text if t] == ["Quần đảo Hoàng Sa <br>(Đà Nẵng)"]
    assert [t for t in truong_sa.text if t] == ["Quần đảo Trường Sa<br> (Khánh Hòa)"]
    assert list(truong_sa.lat[7:]) == [9.5, None, 10.4, None]
    assert fig.layout.separators == ",."


def test_each_map_class_carries_only_its_own_outlines(dataset, crosswalk):
    geojson = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"province_code": code}, "geometry": None} for code in ("04", "42", "79")]}
    places = places_for(dataset, crosswalk)
    fig = make_province_map_figure(geojson, places, title="t", version_note="v", archipelagos=ARCHIPELAGOS,
                                   scale=scale_of(places))
    codes = [[f["properties"]["province_code"] for f in trace.geojson["features"]] for trace in fig.data[2:]]
    assert codes == [[], ["04"], ["42", "79"]]


def with_copies(dataset, obs_id: str, copies: list[dict]):
    """The dataset plus copies of one observation moved to other places (for roll-up rules)."""
    obs = dataset.observations
    row = obs[obs["obs_id"] == obs_id]
    extra = [row.assign(obs_id=f"t-{n}", **changes) for n, changes in enumerate(copies)]
    return replace(dataset, observations=pd.concat([obs, *extra], ignore_index=True))


def test_percentages_of_merged_old_provinces_are_never_added(dataset, crosswalk):
    patched = with_copies(dataset, "000_7d6bc60bc6dc7dcc-002", [
        {"province_code": "17", "place_name": "Hòa Bình"}, {"province_code": "26", "place_name": "Vĩnh Phúc"},
        {"province_code": "25", "place_name": "Phú Thọ"}])
    cls = ComparisonClass("study_participation", "study_cadres_pct", "kl01", "")
    places = places_for(patched, crosswalk, cls, "vn34", aggregation="none").set_index("province_code")
    phu_tho = places.loc["25"]
    assert (phu_tho["status"], phu_tho["why_not"], phu_tho["reporting"], phu_tho["members"]) == (
        "other", "not_additive", 3, 3)
    assert pd.isna(phu_tho["value"])


def test_counts_of_merged_old_provinces_sum_only_when_every_old_province_reported(dataset, crosswalk):
    both = [{"province_code": "17", "place_name": "Hòa Bình", "value": 100.0, "qualifier": "exact"},
            {"province_code": "26", "place_name": "Vĩnh Phúc", "value": 50.0, "qualifier": "exact"},
            {"province_code": "25", "place_name": "Phú Thọ", "value": 10.0, "qualifier": "exact"}]
    complete = places_for(with_copies(dataset, "000_7d6bc60bc6dc7dcc-004", both), crosswalk, MODELS_KL01,
                          "vn34").set_index("province_code").loc["25"]
    assert (complete["status"], complete["value"], complete["qualifier"], complete["label"]) == (
        "shared", 160.0, "exact", "160")
    partial = places_for(with_copies(dataset, "000_7d6bc60bc6dc7dcc-004", both[:2]), crosswalk, MODELS_KL01,
                         "vn34").set_index("province_code").loc["25"]
    assert (partial["status"], partial["why_not"], partial["reporting"], partial["members"]) == (
        "other", "partial_coverage", 2, 3)
    assert partial["note"].endswith("2/3 tỉnh cũ có số liệu")


def test_ranked_bars_hold_only_the_values_on_the_shared_scale(dataset, crosswalk):
    places = places_for(dataset, crosswalk)
    fig = make_ranked_bar_figure(places, ranking_of(places))
    assert list(fig.data[0].y) == ["Tỉnh Hà Tĩnh", "Tỉnh Yên Bái", "Tỉnh Tuyên Quang", "Thành phố Hồ Chí Minh"]
    assert list(fig.data[0].text)[-1] == "339 · 01/2022–05/2024" and len(fig.data[0].y) == 4


def test_window_chart_draws_each_value_over_its_own_period(dataset):
    obs = observations_of(dataset, "models_built")
    obs = obs[obs["subtype"] == "models_total"].copy()
    obs["series"] = series_labels(obs, {("vn63", "11"): "Điện Biên", ("vn63", "04"): "Cao Bằng"})
    fig = make_window_figure(obs, unit="count", title="x")
    # One trace per series, each window its own segment (start, end, then a gap).
    spans = {(t.name, t.x[i], t.x[i + 1], t.y[i], t.y[i + 1]) for t in fig.data for i in range(0, len(t.x), 3)}
    assert ("Điện Biên", "2021-05-18", "2024-05-18", 532.0, 532.0) in spans
    assert ("Cao Bằng – Công an tỉnh", "2021-05-18", "2023-05-18", 71.0, 71.0) in spans
    assert len({t.name for t in fig.data}) == len(fig.data) and all(t.x[2::3] == (None,) * (len(t.x) // 3)
                                                                   for t in fig.data)


def test_annualised_values_only_where_window_is_a_year_or_more_and_not_assumed(dataset):
    obs = observations_with_titles(dataset).set_index("obs_id")
    rates = annualise(obs, annualisable=True)
    assert rates["000_7d6bc60bc6dc7dcc-004"] == pytest.approx(532 / 3, rel=0.01)
    assert pd.isna(rates["000_7d6bc60bc6dc7dcc-005"])  # a point-in-time count has no yearly rate
    assumed = obs[(obs["period_basis"] == "assumed") & (obs["years"] >= 1)]
    assert len(assumed) and rates[assumed.index].isna().all()  # an assumed window gives no rate
    assert annualise(obs, annualisable=False).isna().all()


def test_comparison_table_shows_scope_period_and_why_not_in_every_cell(dataset, crosswalk):
    per_indicator = {"exemplars_honoured": places_for(dataset, crosswalk)}
    long = build_comparison_long(per_indicator, ["42", "94", "01"])
    table = build_comparison_table(long, {"exemplars_honoured": "Điển hình"}, "vi").set_index("Tỉnh")
    assert table.at["Tỉnh Hà Tĩnh", "Điển hình"] == "42 · toàn tỉnh · 01/2021–05/2024"
    # Another kind of figure: its label says its scope and why it may not share the scale, then its period.
    assert table.at["Tỉnh Sóc Trăng", "Điển hình"] == \
        "691, 1.780 người (toàn tỉnh, khen thưởng tính ở cấp khác) · 05/2021–05/2024"
    assert table.at["Thành phố Hà Nội", "Điển hình"] == "Chưa có số liệu" or \
        "khen thưởng tính ở cấp khác" in table.at["Thành phố Hà Nội", "Điển hình"]


def test_small_multiples_draw_only_the_shared_values_and_leave_the_others_to_the_table(dataset, crosswalk):
    long = build_comparison_long({"exemplars_honoured": places_for(dataset, crosswalk)}, ["42", "04", "94", "79"])
    fig = make_small_multiples_figure(long, indicator_titles={"exemplars_honoured": "Điển hình"}, lang="vi")
    (bars,) = fig.data  # never a bar, nor words piled on the axis, for another kind of figure
    assert (bars.orientation, list(bars.y), list(bars.x)) == ("h", ["Tỉnh Hà Tĩnh", "Thành phố Hồ Chí Minh"],
                                                              [42, 339])
    assert list(bars.text) == ["42 · 01/2021–05/2024", "339 · 01/2022–05/2024"]
    assert list(bars.textposition) == ["outside", "inside"]  # the long bar holds its label: no axis twice the data
    assert fig.layout.annotations[0].text == ("<b>Điển hình</b><br>2 tỉnh cùng thang so sánh; 2 tỉnh có số phạm vi, "
                                              "kỳ hoặc cấp khác (xem bảng)")  # two lines: one ran off a 1280 px screen
    assert 339 < fig.layout.xaxis.range[1] <= 339 * 1.1  # a little room past the longest bar (0–800 was wrong)
    everyone = build_comparison_long({"exemplars_honoured": places_for(dataset, crosswalk)},
                                     list(places_for(dataset, crosswalk)["province_code"]))
    taller = make_small_multiples_figure(everyone, indicator_titles={"exemplars_honoured": "Điển hình"}, lang="vi")
    assert len(taller.data[0].y) == 4 and taller.layout.height > fig.layout.height  # grows with its bars


def test_ranked_bar_labels_name_one_window_and_keep_a_list_of_windows_for_the_tooltip(dataset, crosswalk):
    places = places_for(dataset, crosswalk).assign(period=lambda df: df["period"].where(
        df["province_code"] != "79", "01/2016–05/2019; 01/2022–05/2024"))
    fig = make_ranked_bar_figure(places, ranking_of(places))
    assert list(fig.data[0].text)[-2:] == ["86 · 2021–2023", "339"]  # Tuyên Quang (report 69), second
    assert list(fig.data[0].textposition)[-2:] == ["outside", "inside"]
    assert 339 < fig.layout.xaxis.range[1] <= 339 * 1.1
    assert fig.data[0].customdata[-1][3] == "01/2016–05/2019; 01/2022–05/2024"


def test_window_chart_puts_series_of_very_different_sizes_on_panels_of_their_own(dataset):
    content = build_view_content(parse_view("/trends"), load_view_inputs())
    axes = {trace.name: trace.yaxis for trace in content.chart_figure.data}
    assert axes == {"Thành phố Hồ Chí Minh": "y", "Tỉnh Yên Bái": "y2"}  # 392 and 339 above 60 and 65
    layout = content.chart_figure.layout
    assert [a.text for a in layout.annotations] == ["Thành phố Hồ Chí Minh", "Tỉnh Yên Bái"]  # labelled panels
    assert all(layout[name].type != "log" for name in ("yaxis", "yaxis2"))
    assert layout.xaxis.showticklabels and layout.xaxis2.showticklabels  # the years under every panel
    assert (layout.legend.yref, layout.legend.y, layout.legend.yanchor) == ("container", 0, "bottom")


def test_model_table_names_fields_in_words(dataset):
    table = build_model_table(dataset.models, "vi")
    assert set(table["Lĩnh vực"]) <= {translate(f"field_{field}", "vi") for field in set(dataset.models["field"])}
    assert {"Xây dựng Đảng", "An sinh xã hội", "Cải cách hành chính"} <= set(table["Lĩnh vực"])
    assert not set(table["Lĩnh vực"]) & set(dataset.models["field"])


def test_model_search_ignores_diacritics(dataset):
    found = filter_models(dataset.models, [], [], [], [], "bien rac thai")
    assert "Biến rác thải thành tiền" in set(found["name"])
    assert filter_models(dataset.models, ["04"], [], [], [], "bien rac thai").empty


def test_vietnamese_number_and_value_formatting():
    assert format_number(1234567.5) == "1.234.567,5"
    assert format_number(1234567.5, "en") == "1,234,567.5"
    assert format_value(532, "count", "at_least") == "hơn 532"
    assert format_value(6_200_000_000, "vnd", "at_least") == "hơn 6,2 tỷ đồng"
    assert format_value(1017, "count", "exact", 1020) == "1.017 trong 1.020"
    assert format_value(1, "count", "exact", 10, "en") == "1 of 10"
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
    assert [trace.type for trace in inset] == ["scattergeo", "choropleth", "choropleth", "choropleth"]
    assert list(inset[0].text) == ["H. Hoàng Sa"]
    assert sum(len(trace.locations) for trace in inset[1:]) == 1
    mainland_names = list(fig.data[0].text)
    assert "H. Hòa Vang" in mainland_names and "Q. Hải Châu" in mainland_names
    lon_max = fig.layout.geo.lonaxis.range[1]
    assert lon_max < 108.5  # the mainland view stops at the coast, Hoàng Sa (111–113°E) is in the inset
