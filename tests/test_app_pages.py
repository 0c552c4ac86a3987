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
    assert at.markdown[0].value.startswith("9 tỉnh so sánh được")
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Giá trị lớn nhất"], metrics["Tỉnh cùng thang so sánh"]) == ("339 tập thể, cá nhân", "9/63")
    at = run_page("overview", indicator="coverage")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Tỉnh có số liệu"] == "52/63" and metrics["Báo cáo đã đưa vào"] == "93"


def test_overview_of_honours_puts_nine_provinces_on_one_scale_and_lists_the_rest_with_the_reason():
    at = run_page("overview", indicator="exemplars_honoured")
    assert at.selectbox(key="view_indicator").options[1] == "Điển hình được tuyên dương, khen thưởng (9 tỉnh)"
    assert at.radio(key="view_phase").value == "kl01" and at.radio(key="view_level").value == "event"
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Giá trị lớn nhất"], metrics["Tỉnh cùng thang so sánh"]) == ("339 tập thể, cá nhân", "9/63")
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
    assert [m.value for m in at.metric][0] == "32/34"


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
    at = run_page("compare", preset=preset, indicators="exemplars_honoured,models_built")
    table = at.dataframe[0].value
    assert "Tỉnh" in table.columns and "Mô hình học tập và làm theo Bác" in table.columns
    if preset == "reporting":
        assert {"Tỉnh Điện Biên", "Tỉnh Cao Bằng", "Tỉnh Hà Tĩnh", "Tỉnh Lạng Sơn"} <= set(table["Tỉnh"])
        assert len(table) == len(set(table["Tỉnh"])) == 36
    if preset == "top10":
        assert set(table["Tỉnh"]) == {"Thành phố Hồ Chí Minh", "Tỉnh Yên Bái", "Tỉnh Ninh Bình", "Tỉnh Nam Định",
                                      "Tỉnh Vĩnh Long", "Tỉnh Hà Tĩnh", "Tỉnh Lạng Sơn", "Tỉnh Lào Cai",
                                      "Tỉnh Lai Châu"}


def test_trends_offers_the_annual_view_only_for_cumulative_indicators():
    at = run_page("trends", indicator="models_built", subtype="models_total", mode="annual")
    assert at.radio(key="view_mode").value == "annual"
    at = run_page("trends", indicator="study_participation", subtype="study_cadres_pct")
    assert at.radio(key="view_mode").options == ["Theo kỳ báo cáo"]


def test_trends_open_on_places_with_two_or_more_reporting_windows():
    at = run_page("trends")
    assert (at.selectbox(key="view_indicator").value, at.selectbox(key="view_subtype").value) == (
        "exemplars_honoured", "honours_total")
    assert at.multiselect(key="view_provinces").value == ["79", "86", "15"]  # TP HCM, Vĩnh Long, Yên Bái


def test_models_page_searches_without_diacritics():
    at = run_page("models", q="bien rac thai")
    names = set(at.dataframe[0].value["Mô hình"])
    assert names == {"Biến rác thải thành tiền"}


def test_sources_page_lists_every_source_with_downloads():
    at = run_page("sources")
    assert len(at.expander) == 93
    keys = [button.key for button in at.get("download_button")]
    assert [k for k in keys if k.startswith("download_")] == [
        "download_sources", "download_indicators", "download_subtypes", "download_observations", "download_models"]
    assert [k for k in keys if k.startswith("export_")] == [
        "export_png", "export_png_square", "export_svg", "export_csv_view", "export_xlsx_view", "export_csv_all",
        "export_xlsx_all", "export_pptx", "export_pptx_appendix"]
