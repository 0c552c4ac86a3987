"""Real-browser checks: every page draws its map or chart offline, links reopen views, a map click drills down.

What a page shows is checked against the view the page renders (`view_content`, briefing.views) to the value, and
against facts of the curated data (55 of 63 provinces have figures, 113 sources, Hà Tĩnh honoured 42 exemplars).
"""

import re
from urllib.parse import urlparse

import pytest

from briefing.i18n import translate
from briefing.pages import PAGES
from indicators.domain.tables import TABLE_NAMES
from tests.e2e.helpers import (
    PROJECT_JS,
    TIMEOUT_MS,
    assert_no_exception,
    legend_entries,
    metric_texts,
    multiselect_values,
    open_page,
    page_link,
    save_screenshot,
    selectbox_value,
    selected_radio_label,
    table_rows,
    url_params,
    wait_for_chart,
    wait_for_content,
    wait_for_elements,
    wait_for_map,
    wait_until_settled,
)

pytestmark = pytest.mark.browser

DIEN_BIEN = "11"
DIEN_BIEN_INSIDE = (103.0, 21.7)  # lon, lat: inside the Điện Biên polygon (checked against provinces_vn63)
HONOURS = "exemplars_honoured"
GREY, ORANGE = "rgb(244, 244, 244)", "rgb(230, 159, 0)"  # briefing/colours.py NO_DATA_COLOUR, OTHER_SCOPE_COLOUR
ARCHIPELAGOS = ["Quần đảo Hoàng Sa (Đà Nẵng)", "Quần đảo Trường Sa (Khánh Hòa)"]
NOT_WHOLE_PROVINCE = "số của một tổ chức, huyện hoặc xã, không phải toàn tỉnh"

# A horizontal bar chart's bars from the top of the chart down: [category, the text written on the bar].
BARS_JS = """
(selector) => {
  const gd = document.querySelector(selector + ' .js-plotly-plot');
  const bar = gd._fullData.find(t => t.type === 'bar');
  return bar.y.map((y, i) => [y, bar.text[i]]).reverse();
}
"""


def view_kpis(content) -> list[tuple[str, str]]:
    return [(kpi["label"], kpi["value"]) for kpi in content.kpis]


def view_bars(content) -> list[list[str]]:
    """The ranking the view computed, top bar first (plotly draws a horizontal bar chart's first category lowest)."""
    bar = content.chart_figure.data[0]
    return [[y, text] for y, text in zip(bar.y, bar.text, strict=True)][::-1]


def area_classes(drawn: dict) -> dict[str, int]:
    """The map's area classes that have areas: {legend name: how many provinces}."""
    return {name: count for name, count in drawn["traces"] if count}


def blue_areas(drawn: dict) -> int:
    """How many areas are painted in a blue of the value scale (blue above red and green)."""
    rgb = {colour: [int(v) for v in re.findall(r"\d+", colour)] for colour in drawn["fills"]}
    return sum(n for colour, n in drawn["fills"].items() if rgb[colour][2] > max(rgb[colour][:2]))


# ---------------------------------------------------------------- the overview: coverage, one headline, a listing

def test_overview_coverage_map_of_what_each_province_reported(server, page, view_content):
    content = view_content("/?indicator=coverage")  # one choice away: `/` opens on the widest comparison
    open_page(page, server, "/?indicator=coverage")
    drawn = wait_for_map(page, "overview_map")
    assert area_classes(drawn) == {"Chưa có báo cáo nào": 8, "Số liệu có được": 55}
    assert drawn["rendered_areas"] == 63  # every province polygon actually drawn
    assert drawn["fills"][GREY] == 8 and ORANGE not in drawn["fills"]  # coverage has no "other scope" class
    assert blue_areas(drawn) == 55  # shades of the one value scale, darker with more figures
    assert drawn["colour_bar"] == "Số liệu có được"
    assert drawn["labels"] == ARCHIPELAGOS
    assert drawn["size"][0] > 300 and drawn["size"][1] > 300
    assert legend_entries(page, "overview_map") == ["Chưa có báo cáo nào"]

    wait_for_chart(page, "overview_ranking")
    wait_for_elements(page, '[data-testid="stMetric"]', 3)
    assert metric_texts(page) == view_kpis(content)
    assert metric_texts(page)[:2] == [("Tỉnh có số liệu", "55/63"), ("Báo cáo đã đưa vào", "113")]
    bars = page.evaluate(BARS_JS, ".st-key-overview_ranking")
    assert bars == view_bars(content) and len(bars) == 15  # the 15 provinces with most figures, most first
    assert bars[0][0] == "Tỉnh Nghệ An" and bars[0][1].startswith("33 số liệu · ")
    wait_until_settled(page)
    assert_no_exception(page)
    save_screenshot(page, "overview")
    assert page.blocked_urls == []


def test_honours_of_one_window_kind_share_the_scale_and_the_other_figures_are_listed_apart(server, page, view_content):
    link = f"/?indicator={HONOURS}&window=years_2_3"  # the 2–3-year windows: Tuyên Quang, Yên Bái, Hà Tĩnh, TP HCM
    content = view_content(link)
    open_page(page, server, link)
    drawn = wait_for_map(page, "overview_map")
    legend = "toàn tỉnh · giai đoạn KL 01 · một lễ, hội nghị tuyên dương · số mới nhất của mỗi tỉnh · cửa sổ 2–3 năm"
    assert area_classes(drawn) == {"Chưa có số liệu": 23, "Phạm vi khác": 36, legend: 4}
    assert drawn["fills"][GREY] == 23 and drawn["fills"][ORANGE] == 36 and blue_areas(drawn) == 4
    assert drawn["rendered_areas"] == 63
    assert legend_entries(page, "overview_map") == ["Chưa có số liệu", "Phạm vi khác"]

    wait_for_chart(page, "overview_ranking")
    bars = page.evaluate(BARS_JS, ".st-key-overview_ranking")
    assert bars == view_bars(content)
    assert len(bars) == 4
    assert bars[0] == ["Thành phố Hồ Chí Minh", "hạng 1 · 339 · 01/2022–05/2024"]
    assert ["Tỉnh Hà Tĩnh", "hạng 4 · 42 · 01/2021–05/2024"] in bars
    wait_for_elements(page, '[data-testid="stMetric"]', 3)
    assert metric_texts(page)[:2] == [("Giá trị lớn nhất", "339 tập thể, cá nhân"), ("Tỉnh cùng thang so sánh", "4/63")]

    # The 36 provinces whose figures may not share the scale: each in words, with the reason, never coloured on it.
    rows = table_rows(page, '[data-testid="stTable"]')
    assert rows[0] == ["Tỉnh", "Giá trị", "Vì sao không so cùng thang", "Thời kỳ", "Nguồn"]
    assert len(rows) == 1 + 36
    assert "cửa sổ một sự kiện hoặc một năm, khác loại với thang đang so" in {row[0]: row for row in rows[1:]}[
        "Tỉnh Nam Định"][2]
    by_province = {row[0]: row for row in rows[1:]}
    assert by_province["Tỉnh Điện Biên"][1:3] == ["hơn 1.800 (toàn tỉnh, không rõ thời kỳ)", "không rõ thời kỳ"]
    assert by_province["Tỉnh Quảng Ninh"][1:3] == ["1.020 (Đảng ủy Than Quảng Ninh)", NOT_WHOLE_PROVINCE]
    wait_until_settled(page)
    assert_no_exception(page)
    save_screenshot(page, "overview_honours")


def test_models_built_with_too_few_comparable_provinces_lists_the_figures_in_words_instead_of_a_map(
        server, page, view_content):
    link = "/?indicator=models_built"
    content = view_content(link)
    open_page(page, server, link)
    listing = page.locator(".st-key-overview_listing")
    listing.wait_for(timeout=TIMEOUT_MS)
    wait_for_chart(page, "overview_ranking")
    wait_until_settled(page)
    assert page.locator(".st-key-overview_map").count() == 0
    assert listing.locator('[data-testid="stAlertContentInfo"]').inner_text().startswith(
        "Chỉ 2 tỉnh có số so sánh được (toàn tỉnh · giai đoạn KL 01 · số mới nhất của mỗi tỉnh · cửa sổ 2–3 năm), "
        "chưa đủ để tô bản đồ")  # 05/2021–05/2024 and 01/2022–05/2025: the scale's window kind said in words
    rows = table_rows(page, ".st-key-overview_listing")
    assert rows[0] == ["Tỉnh", "Hạng", "Giá trị", "Phạm vi", "Thời kỳ", "Vì sao không so cùng thang", "Nguồn"]
    by_province = {row[0]: row for row in rows[1:]}
    # the two comparable provinces first, then the seven with other figures (Lạc Thủy's 473 of its English edition)
    assert len(by_province) == 9
    assert [row[0] for row in rows[1:3]] == ["Tỉnh Quảng Ninh", "Tỉnh Điện Biên"]
    # A value in words with its qualifier ("hơn 532" is at least 532), and the police figure of Cao Bằng apart.
    assert by_province["Tỉnh Điện Biên"][1:6] == ["hạng 2", "hơn 532", "toàn tỉnh", "05/2021–05/2024", ""]
    assert by_province["Tỉnh Cao Bằng"][1:6] == ["", "71 (Công an tỉnh)", "Công an tỉnh", "05/2021–05/2023",
                                                 NOT_WHOLE_PROVINCE]  # a rank only on the shared scale
    assert page.evaluate(BARS_JS, ".st-key-overview_ranking") == view_bars(content) == [
        ["Tỉnh Quảng Ninh", "hạng 1 · hơn 7.300 · 01/2022–05/2025"],
        ["Tỉnh Điện Biên", "hạng 2 · hơn 532 · 05/2021–05/2024"]]  # the rank on every bar of a shared scale
    wait_for_elements(page, '[data-testid="stMetric"]', 3)
    assert metric_texts(page) == view_kpis(content)
    assert metric_texts(page)[:2] == [("Giá trị lớn nhất", "hơn 7.300 mô hình"), ("Tỉnh cùng thang so sánh", "2/63")]
    assert_no_exception(page)
    save_screenshot(page, "overview_listing")


# ---------------------------------------------------------------- the other pages draw their content

def test_province_page_draws_the_district_map_and_the_figures_in_words(server, page, view_content):
    link = f"/province?province={DIEN_BIEN}"
    open_page(page, server, link)
    drawn = wait_for_map(page, "province_map")  # the container: the chart's own key changes with the district filter
    assert area_classes(drawn) == {"Chưa có số liệu": 5, "Chỉ có mô hình được nêu tên": 3, "Có số liệu": 2}
    assert drawn["rendered_areas"] == 10  # the ten districts of Điện Biên (gazetteer 2023)
    assert "H. Mường Nhé" in drawn["labels"] and "TP. Điện Biên Phủ" in drawn["labels"]
    assert page.locator("h1").first.inner_text() == "Tỉnh Điện Biên"
    wait_for_elements(page, '[data-testid="stMetric"]', len(view_content(link).kpis))
    assert metric_texts(page) == view_kpis(view_content(link))
    assert metric_texts(page)[0] == ("Số mô hình học tập và làm theo Bác", "hơn 532 mô hình")
    wait_until_settled(page)
    assert_no_exception(page)
    save_screenshot(page, "province_dien_bien")


@pytest.mark.parametrize(("path", "key"), [("/compare", "compare_chart"), ("/trends", "trends_chart")])
def test_chart_pages_draw_every_trace_their_view_computed(server, page, view_content, path, key):
    figure = view_content(path).chart_figure
    expected = [[trace.type, len(trace.x)] for trace in figure.data]
    open_page(page, server, path)
    chart = wait_for_chart(page, key)
    assert chart["traces"] == expected
    assert chart["drawn_traces"] == len(expected)
    assert chart["drawn_marks"] >= len(expected)
    wait_until_settled(page)
    assert_no_exception(page)
    save_screenshot(page, path.strip("/"))


def test_compare_opens_on_the_honours_of_every_reporting_province(server, page):
    open_page(page, server, "/compare")
    chart = wait_for_chart(page, "compare_chart")
    wait_until_settled(page)
    assert multiselect_values(page, "Các chỉ tiêu") == ["Điển hình được tuyên dương, khen thưởng (4 tỉnh)"]
    assert selected_radio_label(page, "Nhóm có sẵn") == "Mọi tỉnh có báo cáo"
    # One bar per province on the shared scale; the others (other scopes, phases, windows) are in the table.
    assert chart["traces"][0] == ["bar", 4]
    assert_no_exception(page)


def test_models_page_lists_the_named_models(server, page, view_content):
    open_page(page, server, "/models")
    page.locator('[data-testid="stDataFrame"]').wait_for(timeout=TIMEOUT_MS)
    count = len(view_content.inputs.store.models())
    assert count == 64  # 4 named models from reports 71 and the Dĩ An edition
    assert page.get_by_text(f"{count} mô hình", exact=True).count() == 1
    wait_until_settled(page)
    assert_no_exception(page)
    save_screenshot(page, "models")


def test_sources_page_lists_every_source_and_offers_csv_downloads(server, page, view_content):
    open_page(page, server, "/sources")
    # The table downloads come after all the source sections, so once they are there every section is drawn.
    page.locator(".st-key-download_models [data-testid='stDownloadButton']").wait_for(timeout=TIMEOUT_MS)
    assert page.locator('[data-testid="stExpander"]').count() == len(view_content.inputs.catalogue.sources) == 113
    assert TABLE_NAMES == ("sources", "indicators", "subtypes", "observations", "models")
    buttons = page.locator("[class*='st-key-download_'] [data-testid='stDownloadButton']")
    assert buttons.evaluate_all("els => els.map(e => e.closest('[class*=st-key-download_]').className"
                                ".match(/st-key-download_(\\w+)/)[1])") == list(TABLE_NAMES)
    wait_until_settled(page)
    assert_no_exception(page)
    save_screenshot(page, "sources")


# ---------------------------------------------------------------- drill-down and links that reopen a view

# Once the map is drawn, the overview loads the code of the province page's data grid and search box (components/
# server.py LATER_CHUNKS), though it draws neither: a click on the map then fetches no element code.
LATER_CHUNKS_LOADED_JS = """() => ['/DataFrame.', '/TextInput.'].every((name) =>
  performance.getEntriesByType('resource').some((entry) => entry.name.includes(name)))"""


def test_clicking_dien_bien_on_the_overview_map_opens_its_province_page(server, page):
    open_page(page, server, "/?indicator=coverage")  # the coverage map, where Điện Biên is coloured
    wait_for_map(page, "overview_map")
    wait_until_settled(page)
    page.wait_for_function(LATER_CHUNKS_LOADED_JS, timeout=TIMEOUT_MS)
    assert page.locator('[data-testid="stDataFrame"], [data-testid="stTextInput"]').count() == 0
    after_click = []
    page.on("request", lambda request: request.url.endswith(".js") and after_click.append(request.url))
    point = page.evaluate(PROJECT_JS, [".st-key-overview_map", list(DIEN_BIEN_INSIDE)])
    page.mouse.move(point["x"], point["y"])
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url(re.compile(rf"/province\?(.*&)?province={DIEN_BIEN}(&|$)"), timeout=TIMEOUT_MS)
    page.locator("h1", has_text="Tỉnh Điện Biên").wait_for(timeout=TIMEOUT_MS)
    wait_for_map(page, "province_map")
    assert urlparse(page.url).path == "/province"
    assert url_params(page)["province"] == DIEN_BIEN
    wait_until_settled(page)
    assert page.locator('[data-testid="stDataFrame"]').count() > 0
    assert [url for url in after_click if "/DataFrame." in url or "/TextInput." in url] == []
    save_screenshot(page, "drilldown_dien_bien")


def test_copied_url_restores_indicator_version_and_language(server, page):
    open_page(page, server, f"/?indicator={HONOURS}&version=vn34&lang=en")
    page.locator(".st-key-overview_listing").wait_for(timeout=TIMEOUT_MS)  # 1 of the 34 on a scale: listed, no map
    wait_until_settled(page)
    # vn34: the 34 new provinces, so fewer of them hold a comparable figure than of the 63.
    assert selectbox_value(page, "Indicator") == "Exemplars honoured (1 province)"
    assert selected_radio_label(page, "Administrative units") == "34 provinces (from 1 July 2025, rolled up)"
    assert selectbox_value(page, "Language") == "English"
    save_screenshot(page, "copied_url_vn34_en")

    # Switching the version in the UI rewrites the URL (vn63 is the default, so the parameter goes away).
    page.locator('[data-testid="stRadio"]').get_by_text("63 provinces (before 1 July 2025, as reported)").click()
    page.wait_for_function("() => !location.search.includes('version=')", timeout=TIMEOUT_MS)
    wait_until_settled(page)
    assert url_params(page) == {"indicator": HONOURS, "lang": "en"}
    copied = page.url

    reopened = page.context.new_page()
    open_page(reopened, copied, "")
    wait_for_map(reopened, "overview_map")
    wait_until_settled(reopened)
    assert selectbox_value(reopened, "Indicator") == "Exemplars honoured (4 provinces)"
    assert selected_radio_label(reopened, "Administrative units") == "63 provinces (before 1 July 2025, as reported)"
    assert url_params(reopened) == {"indicator": HONOURS, "lang": "en"}


def test_deep_link_as_first_request_to_a_fresh_server_renders_the_province(fresh_server, page):
    open_page(page, fresh_server, f"/province?province={DIEN_BIEN}")
    page.locator("h1", has_text="Tỉnh Điện Biên").wait_for(timeout=TIMEOUT_MS)
    nav = page.locator('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"] [data-testid=stMarkdownContainer]')
    nav.filter(has_text="Nhập báo cáo").wait_for(timeout=TIMEOUT_MS)
    assert nav.all_inner_texts() == [translate(spec.title_key, "vi") for spec in PAGES] == [
        "Tổng quan", "So sánh", "Tỉnh", "Xu hướng", "Mô hình", "Nguồn", "Nhập báo cáo"]
    drawn = wait_for_map(page, "province_map")
    assert drawn["rendered_areas"] == 10
    assert page.title() == "Học và làm theo Bác – số liệu các tỉnh"
    wait_until_settled(page)
    assert_no_exception(page)
    save_screenshot(page, "deep_link_fresh_server")


def js_requests(page, base_url: str, path: str) -> list[str]:
    """The JavaScript files the page asked for, in order, until it has settled."""
    requested = []
    page.on("request", lambda request: request.url.endswith(".js") and requested.append(request.url.rsplit("/", 1)[-1]))
    open_page(page, base_url, path)
    wait_until_settled(page)
    return requested


def test_chart_pages_ask_for_the_chart_code_before_any_element_code_and_other_pages_never(server, page):
    """components/server.py: the chart pages' HTML starts the plotly module while the page connects, instead of when
    the map's element arrives behind the sidebar and the controls."""
    requested = js_requests(page, server, f"/province?province={DIEN_BIEN}")
    first = {prefix: next((i for i, name in enumerate(requested) if name.startswith(prefix)), len(requested))
             for prefix in ("PlotlyChart.", "PageLink.")}  # PageLink: the first element, in the sidebar
    assert first["PlotlyChart."] < first["PageLink."], requested
    wait_for_map(page, "province_map")
    assert not any(name.startswith("PlotlyChart.") for name in js_requests(page.context.new_page(), server, "/models"))


PHONE = {"width": 390, "height": 844}
# Boxes (viewport pixels) of the overview's parts on a phone, and how wide the page is.
PHONE_LAYOUT_JS = """
() => {
  const box = (e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const all = (s) => [...document.querySelectorAll(s)].filter(e => e.getBoundingClientRect().width > 0).map(box);
  return {
    page_width: document.querySelector('[data-testid="stMain"]').scrollWidth,
    picker: all('[data-testid="stMain"] .stSelectbox'),
    kpis: all('[data-testid="stMetric"]'),
    exports: all('.st-key-export_bar'),
    map: all('.st-key-overview_map .js-plotly-plot'),
    ranking: all('.st-key-overview_ranking .js-plotly-plot'),
    toolbars: all('.modebar-container'),
  };
}
"""


def test_overview_on_a_phone_is_one_column_with_the_numbers_on_the_first_screen(server, browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="vi-VN")
    try:
        page = context.new_page()
        open_page(page, server, "/?indicator=coverage")  # one picker; the honours view's phone test is its own
        wait_for_map(page, "overview_map")
        wait_for_chart(page, "overview_ranking")
        wait_for_elements(page, '[data-testid="stMetric"]', 3)
        wait_until_settled(page)
        layout = page.evaluate(PHONE_LAYOUT_JS)
        assert layout["page_width"] <= PHONE["width"]  # nothing to scroll sideways
        (picker,), kpis, (exports,), (map_box,), (ranking,) = (layout[k] for k in
                                                               ("picker", "kpis", "exports", "map", "ranking"))
        assert len(kpis) == 3 and len({round(k[0]) for k in kpis}) == 1  # the cards stacked, one column
        assert all(k[2] <= PHONE["width"] for k in kpis + [map_box, ranking])
        # The indicator, then all three numbers on the first screen, then the exports, the map, the ranking.
        assert picker[3] <= kpis[0][1] and kpis[-1][3] <= PHONE["height"]
        assert kpis[-1][3] <= exports[1] <= map_box[1] < ranking[1]
        assert layout["toolbars"] == []  # a touch screen would keep plotly's toolbar over the chart title
        assert_no_exception(page)
        save_screenshot(page, "phone_overview")
    finally:
        context.close()


# ---------------------------------------------------------------- offline and bad links

MAP_KEYS = {"overview": "overview_map", "province": "province_map"}
# No page asks for anything outside this machine (plotly geo never fetches its CDN topojson: see briefing/maps.py).
TOLERATED_HOSTS: set[str] = set()


def test_every_page_renders_with_every_outside_request_blocked(server, page):
    attempted = set()
    for spec in PAGES:
        open_page(page, server, page_link(spec))
        wait_for_content(page, spec)
        if spec.key in MAP_KEYS:
            assert wait_for_map(page, MAP_KEYS[spec.key])["rendered_areas"] > 0
        wait_until_settled(page)
        assert_no_exception(page)
        attempted |= {urlparse(url).hostname for url in page.blocked_urls}
    print(f"outside hosts attempted (all blocked): {sorted(attempted) or 'none'}")
    assert attempted <= TOLERATED_HOSTS


@pytest.mark.parametrize(("path", "param", "expect"), [
    ("/?indicator=bogus", "indicator=bogus", "overview"),
    ("/province?province=zz", "province=zz", "province"),
])
def test_bad_url_parameter_shows_a_warning_and_the_default_view(server, page, path, param, expect):
    open_page(page, server, path)
    warning = page.locator('[data-testid="stAlertContentWarning"]')
    warning.wait_for(timeout=TIMEOUT_MS)
    assert warning.inner_text().strip().endswith(f"Tham số đường dẫn không hợp lệ: {param}. Đã dùng mặc định.")
    if expect == "overview":
        wait_for_map(page, "overview_map")
        # the opening view: the widest comparison the data allows
        assert selectbox_value(page, "Chỉ tiêu") == "Điển hình được tuyên dương, khen thưởng (4 tỉnh)"
    else:
        wait_for_map(page, "province_map")
        assert page.locator("h1").first.inner_text() == "Tỉnh An Giang"  # first reporting province by name
    wait_until_settled(page)
    assert_no_exception(page)
    save_screenshot(page, f"bad_param_{expect}")
