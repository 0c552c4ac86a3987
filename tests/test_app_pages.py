"""Each page runs under AppTest without exception and shows its expected widgets, labels and numbers."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 60


def run_page(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for name, value in params.items():
        at.query_params[name] = value
    if page != "overview":
        at.switch_page(f"app_pages/{page}.py")
    at.run()
    assert [e.value for e in at.exception] == []
    return at


def test_overview_opens_on_the_widest_comparison_and_keeps_coverage_one_choice_away():
    at = run_page("overview")
    assert at.selectbox(key="view_indicator").value == "exemplars_honoured"
    assert at.radio(key="view_version").value == "vn63"
    assert at.markdown[0].value.startswith("4 tỉnh so sánh được")
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Giá trị lớn nhất"], metrics["Tỉnh cùng thang so sánh"]) == ("339 tập thể, cá nhân", "4/63")
    at = run_page("overview", indicator="coverage")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Tỉnh có số liệu"] == "55/63" and metrics["Báo cáo đã đưa vào"] == "113"  # 69-81, 7 editions


def test_overview_of_honours_puts_one_window_kind_on_one_scale_and_lists_the_rest_with_the_reason():
    at = run_page("overview", indicator="exemplars_honoured")  # 3 of one event or one year, 4 of 2–3 years (was 9)
    assert at.selectbox(key="view_indicator").options[1] == "Điển hình được tuyên dương, khen thưởng (4 tỉnh)"
    assert at.radio(key="view_phase").value == "kl01" and at.radio(key="view_level").value == "event"
    assert at.radio(key="view_window").value == "years_2_3"  # the kind with the most provinces (Tuyên Quang's 86)
    assert at.radio(key="view_window").options == ["một sự kiện hoặc một năm (3 tỉnh)", "cửa sổ 2–3 năm (4 tỉnh)"]
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Giá trị lớn nhất"], metrics["Tỉnh cùng thang so sánh"]) == ("339 tập thể, cá nhân", "4/63")
    other = at.table[0].value
    assert other.at["Tỉnh Sóc Trăng", "Vì sao không so cùng thang"] == "khen thưởng tính ở cấp khác"


def test_an_indicator_with_too_few_comparable_provinces_is_listed_not_mapped():
    at = run_page("overview", indicator="models_built")
    assert at.info[0].value.startswith("Chỉ 2 tỉnh có số so sánh được (toàn tỉnh · giai đoạn KL 01")
    listing = at.table[0].value
    assert listing.at["Tỉnh Điện Biên", "Giá trị"] == "hơn 532"
    assert listing.at["Tỉnh Cao Bằng", "Giá trị"] == "71 (Công an tỉnh)"


def test_overview_in_english_on_vn34():
    at = run_page("overview", version="vn34", lang="en", indicator="coverage")
    assert at.radio(key="view_version").value == "vn34"
    assert {m.label for m in at.metric} == {"Provinces with figures", "Reports brought in", "Reporting period"}
    assert [m.value for m in at.metric][0] == "33/34"


def test_bad_parameters_give_a_notice_and_the_default_view():
    at = run_page("overview", indicator="bogus", version="vn99")
    assert [w.value for w in at.warning] == [
        "Tham số đường dẫn không hợp lệ: version=vn99. Đã dùng mặc định.",
        "Tham số đường dẫn không hợp lệ: indicator=bogus. Đã dùng mặc định.",
    ]
    assert at.selectbox(key="view_indicator").value == "exemplars_honoured"


def test_province_page_shows_figures_and_models_of_the_district():
    at = run_page("province", province="11", district="096")
    assert at.title[0].value == "Tỉnh Điện Biên – Huyện Mường Nhé"
    assert at.selectbox(key="view_district").value == "096"
    figures = at.dataframe[0].value
    assert list(figures["Trích dẫn"]) == ["thành lập được 22 mô hình", "tại 9/11 xã"]
    assert list(figures["Giá trị"]) == ["22", "9 trong 11"]
    assert "Biến rác thải thành tiền" in set(at.dataframe[1].value["Mô hình"])


def test_province_without_district_boundaries_says_so():
    at = run_page("province", province="22")
    assert "Chưa có bản đồ huyện cho tỉnh này." in [i.value for i in at.info]


@pytest.mark.parametrize("preset", ["reporting", "same_vn34", "top10", "custom"])
def test_compare_presets_build_a_side_by_side_table(preset):
    extra = {"provinces": "11,04"} if preset == "custom" else {}
    at = run_page("compare", preset=preset, indicators="exemplars_honoured,models_built", **extra)
    table = at.dataframe[0].value
    assert "Tỉnh" in table.columns and "Mô hình học tập và làm theo Bác" in table.columns
    if preset == "reporting":
        assert {"Tỉnh Điện Biên", "Tỉnh Cao Bằng", "Tỉnh Hà Tĩnh", "Tỉnh Lạng Sơn"} <= set(table["Tỉnh"])
        assert len(table) == len(set(table["Tỉnh"])) == 41
    if preset == "top10":
        assert set(table["Tỉnh"]) == {"Thành phố Hồ Chí Minh", "Tỉnh Tuyên Quang", "Tỉnh Yên Bái",
                                      "Tỉnh Hà Tĩnh"}  # the honours' 2–3-year scale, the widest


def test_trends_offers_the_annual_view_only_for_cumulative_indicators():
    at = run_page("trends", indicator="models_built", subtype="models_total", mode="annual")
    assert at.radio(key="view_mode").value == "annual"
    at = run_page("trends", indicator="study_participation", subtype="study_cadres_pct")
    assert at.radio(key="view_mode").options == ["Theo kỳ báo cáo"]


def test_trends_open_on_places_with_two_or_more_reporting_windows():
    at = run_page("trends")
    assert (at.selectbox(key="view_indicator").value, at.selectbox(key="view_subtype").value) == (
        "exemplars_honoured", "honours_total")
    # TP HCM and Yên Bái: Vĩnh Long's two figures of every level overlap (10.215 in 2017 lies inside 2016–2025).
    assert at.multiselect(key="view_provinces").value == ["79", "15"]


def test_models_page_searches_without_diacritics():
    at = run_page("models", q="bien rac thai")
    names = set(at.dataframe[0].value["Mô hình"])
    assert names == {"Biến rác thải thành tiền"}


def test_sources_page_lists_every_source_with_downloads():
    at = run_page("sources")
    assert len(at.expander) == 113  # 93 sources and the 20 reports brought in last
    keys = [button.key for button in at.get("download_button")]
    assert [k for k in keys if k.startswith("download_")] == [
        "download_sources", "download_indicators", "download_subtypes", "download_observations", "download_models"]
    assert [k for k in keys if k.startswith("export_")] == [
        "export_png", "export_png_square", "export_svg", "export_csv_view", "export_xlsx_view", "export_csv_all",
        "export_xlsx_all", "export_pptx", "export_pptx_appendix"]



def test_province_page_in_todays_structure_shows_the_commune_filter_breadcrumb_and_former_units():
    at = run_page("province", province="79", version="vn34", commune="27316")
    assert at.title[0].value == "Thành phố Hồ Chí Minh – Phường An Đông"
    assert at.selectbox(key="view_commune").value == "27316"
    assert at.selectbox(key="view_indicator").value == "models_built"  # the map's headline, whose commune figures show
    assert [m.value for m in at.markdown if m.value.startswith("**")][:1] == ["**Phường An Đông**"]
    assert [s.value for s in at.subheader] == ["Số liệu của tỉnh và các xã, phường", "Số liệu của các tỉnh, huyện cũ",
                                               "Các mô hình được nêu tên"]
    assert [i.value for i in at.info] == ["Chưa có số liệu cho lựa chọn này."]  # An Đông: no figure of its own
    former = at.dataframe[0].value
    assert set(former["Đơn vị cũ"]) >= {"thành phố Hồ Chí Minh cũ"}
