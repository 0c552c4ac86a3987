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


def test_overview_shows_models_kpis_and_other_scope_table():
    at = run_page("overview")
    assert at.selectbox(key="view_indicator").value == "models_built_count"
    assert at.radio(key="view_version").value == "vn63"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Giá trị lớn nhất": "hơn 532", "Số tỉnh có số liệu": "5/63", "Thời kỳ báo cáo": "2016–2024"}
    other = at.table[0].value
    assert other.at["Tỉnh Cao Bằng", "Giá trị"] == "71 (Công an tỉnh)"
    assert other.at["Tỉnh Hà Giang", "Giá trị"] == "113 (huyện Đồng Văn)"


def test_overview_in_english_on_vn34():
    at = run_page("overview", version="vn34", lang="en")
    assert at.radio(key="view_version").value == "vn34"
    assert {m.label for m in at.metric} == {"Largest value", "Provinces reporting", "Reporting period"}
    assert [m.value for m in at.metric][1] == "5/34"


def test_bad_parameters_give_a_notice_and_the_default_view():
    at = run_page("overview", indicator="bogus", version="vn99")
    assert [w.value for w in at.warning] == [
        "Tham số đường dẫn không hợp lệ: indicator=bogus. Đã dùng mặc định.",
        "Tham số đường dẫn không hợp lệ: version=vn99. Đã dùng mặc định.",
    ]
    assert at.selectbox(key="view_indicator").value == "models_built_count"


def test_province_page_shows_figures_and_models_of_the_district():
    at = run_page("province", province="11", district="096")
    assert at.title[0].value == "Tỉnh Điện Biên – Huyện Mường Nhé"
    assert at.selectbox(key="view_district").value == "096"
    figures = at.dataframe[0].value
    assert list(figures["Trích dẫn"]) == ["thành lập được 22 mô hình", "tại 9/11 xã"]
    assert list(figures["Giá trị"]) == ["22", "9/11"]
    assert "Biến rác thải thành tiền" in set(at.dataframe[1].value["Mô hình"])


def test_province_without_district_boundaries_says_so():
    at = run_page("province", province="22")
    assert "Chưa có bản đồ huyện cho tỉnh này." in [i.value for i in at.info]


@pytest.mark.parametrize("preset", ["reporting", "same_vn34", "top10", "custom"])
def test_compare_presets_build_a_side_by_side_table(preset):
    at = run_page("compare", preset=preset, indicators="models_built_count,commendations_collective_count")
    table = at.dataframe[0].value
    assert "Tỉnh" in table.columns and "Số mô hình học tập và làm theo Bác" in table.columns
    if preset == "reporting":
        assert {"Tỉnh Điện Biên", "Tỉnh Cao Bằng", "Tỉnh Bình Thuận", "Tỉnh Quảng Ngãi"} <= set(table["Tỉnh"])
        assert len(table) == len(set(table["Tỉnh"])) == 17


def test_trends_offers_the_annual_view_only_for_cumulative_indicators():
    at = run_page("trends", indicator="models_built_count", mode="annual")
    assert at.radio(key="view_mode").value == "annual"
    at = run_page("trends", indicator="study_participation_pct")
    assert at.radio(key="view_mode").options == ["Theo kỳ báo cáo"]


def test_models_page_searches_without_diacritics():
    at = run_page("models", q="bien rac thai")
    names = set(at.dataframe[0].value["Mô hình"])
    assert names == {"Biến rác thải thành tiền"}


def test_sources_page_lists_every_source_with_downloads():
    at = run_page("sources")
    assert len(at.expander) == 47
    keys = [button.key for button in at.get("download_button")]
    assert [k for k in keys if k.startswith("download_")] == [
        "download_sources", "download_indicators", "download_observations", "download_models"]
    assert [k for k in keys if k.startswith("export_")] == [
        "export_png", "export_png_square", "export_svg", "export_csv_view", "export_xlsx_view", "export_csv_all",
        "export_xlsx_all", "export_pptx"]
