"""Real-browser checks: every page draws its map or chart offline, links reopen views, a map click drills down."""

import re
from urllib.parse import parse_qs, urlparse

import pytest

from indicators.tables import load_dataset
from tests.e2e.conftest import save_screenshot

pytestmark = pytest.mark.browser

TIMEOUT_MS = 45_000
DIEN_BIEN = "11"
DIEN_BIEN_INSIDE = (103.0, 21.7)  # lon, lat: inside the Điện Biên polygon (checked against provinces_vn63)
COPIED_INDICATOR = "commendations_collective_count"

# What plotly drew inside a map element (SVG geo): its area traces, the names written on the map, the plot size,
# the areas actually drawn and their fill colours.
MAP_STATE_JS = """
(selector) => {
  const gd = document.querySelector(selector + ' .js-plotly-plot');
  if (!gd || !gd._fullData) return null;
  const paths = [...gd.querySelectorAll('path.choroplethlocation')].filter(p => p.getBBox().width > 0);
  return {
    traces: gd._fullData.filter(t => t.type === 'choropleth').map(t => [t.type, t.name, t.locations.length]),
    labels: [...gd.querySelectorAll('g.trace.scattergeo text')].map(t => t.textContent).filter(t => t),
    size: [gd.clientWidth, gd.clientHeight],
    rendered_areas: new Set(paths.map(p => p.__data__.loc)).size,
    rendered_colours: [...new Set(paths.map(p => getComputedStyle(p).fill))].sort(),
  };
}
"""
MAP_READY_JS = f"(selector) => {{ const m = ({MAP_STATE_JS})(selector); return m && m.rendered_areas > 0 && m; }}"

CHART_STATE_JS = """
(selector) => {
  const gd = document.querySelector(selector + ' .js-plotly-plot');
  if (!gd || !gd._fullLayout) return null;
  return {
    traces: gd._fullData.map(t => [t.type, (t.x || []).length]),
    drawn_traces: gd.querySelectorAll('g.trace').length,
    drawn_marks: gd.querySelectorAll('g.trace .point, g.trace path.js-line').length,
  };
}
"""

# Page coordinates of a (lon, lat) through the geo subplot's own projection (it maps into the plot's SVG space).
PROJECT_JS = """
([selector, lonlat]) => {
  const gd = document.querySelector(selector + ' .js-plotly-plot');
  const [x, y] = gd._fullLayout.geo._subplot.projection(lonlat);
  const box = gd.querySelector('.main-svg').getBoundingClientRect();
  return {x: box.left + x, y: box.top + y};
}
"""


def open_page(page, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    page.locator('[data-testid="stPageLink"]').first.wait_for(timeout=TIMEOUT_MS)


def wait_for_map(page, key: str) -> dict:
    handle = page.wait_for_function(MAP_READY_JS, arg=f".st-key-{key}", timeout=TIMEOUT_MS)
    return handle.json_value()


def wait_for_chart(page, key: str) -> dict:
    ready = f"(s) => {{ const c = ({CHART_STATE_JS})(s); return c && c.drawn_traces > 0 && c; }}"
    handle = page.wait_for_function(ready, arg=f".st-key-{key}", timeout=TIMEOUT_MS)
    return handle.json_value()


def wait_until_settled(page) -> None:
    """Streamlit has finished the run: no running-status widget, no stale elements."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]') "
        "&& !document.querySelector('[data-stale=true]')", timeout=TIMEOUT_MS,
    )


def assert_no_exception(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0


def url_params(page) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlparse(page.url).query).items()}


def legend_entries(page, key: str) -> list[str]:
    return page.locator(f".st-key-{key} .legendtext").evaluate_all("els => els.map(e => e.textContent)")


def selected_radio_label(page, label: str) -> str:
    group = page.locator('[data-testid="stRadio"]').filter(has_text=label)
    return group.locator('[data-testid="stRadioOption"]:has(input:checked)').inner_text().strip()


def selectbox_value(page, label: str) -> str:
    return page.get_by_role("combobox", name=label, exact=True).input_value()


# ---------------------------------------------------------------- every page draws its map or chart, offline

def test_overview_draws_the_province_map_and_ranking(server, page):
    open_page(page, server, "/")
    drawn = wait_for_map(page, "overview_map")
    assert drawn["traces"] == [
        ["choropleth", "Chưa có số liệu", 58],
        ["choropleth", "Phạm vi khác", 4],
        ["choropleth", "Cùng phạm vi (toàn tỉnh)", 1],
    ]
    assert drawn["labels"] == ["Quần đảo Hoàng Sa (Đà Nẵng)", "Quần đảo Trường Sa (Khánh Hòa)"]
    assert drawn["size"][0] > 300 and drawn["size"][1] > 300
    assert drawn["rendered_areas"] == 63  # every province polygon actually drawn
    assert drawn["rendered_colours"] == ["rgb(230, 159, 0)", "rgb(244, 244, 244)", "rgb(8, 48, 107)"]
    ranking = wait_for_chart(page, "overview_ranking")
    assert ranking == {"traces": [["bar", 1]], "drawn_traces": 1, "drawn_marks": 1}
    wait_until_settled(page)
    assert_no_exception(page)
    save_screenshot(page, "overview")
    assert page.blocked_urls == []


def test_overview_shows_dien_bien_value_in_words_and_cao_bang_police_figure_apart(server, page):
    open_page(page, server, "/")
    wait_for_map(page, "overview_map")
    metrics = page.locator('[data-testid="stMetric"]').all_inner_texts()
    assert [re.sub(r"\s+", " ", m) for m in metrics] == [
        "Giá trị lớn nhất hơn 532", "Số tỉnh có số liệu 5/63", "Thời kỳ báo cáo 2016–2024",
    ]
    bar_labels = page.locator(".st-key-overview_ranking text.bartext").all_text_contents()
    assert bar_labels == ["hơn 532"]
    row = page.locator('[data-testid="stTable"] tr', has_text="Tỉnh Cao Bằng")
    row.wait_for(timeout=TIMEOUT_MS)
    cells = [cell.strip() for cell in row.locator("th, td").all_inner_texts()]
    assert cells[:2] == ["Tỉnh Cao Bằng", "71 (Công an tỉnh)"]
    assert legend_entries(page, "overview_map") == ["Chưa có số liệu", "Phạm vi khác"]


def test_province_page_draws_the_district_map(server, page):
    open_page(page, server, f"/province?province={DIEN_BIEN}")
    drawn = wait_for_map(page, "province_map")
    assert [t[:2] for t in drawn["traces"]] == [
        ["choropleth", "Chưa có số liệu"], ["choropleth", "Có số liệu hoặc mô hình"],
    ]
    assert sum(t[2] for t in drawn["traces"]) == 10  # the ten districts of Điện Biên (gazetteer 2023)
    assert drawn["rendered_areas"] == 10
    assert "H. Mường Nhé" in drawn["labels"] and "TP. Điện Biên Phủ" in drawn["labels"]
    assert page.locator("h1").first.inner_text() == "Tỉnh Điện Biên"
    wait_until_settled(page)
    assert_no_exception(page)
    save_screenshot(page, "province_dien_bien")


DATASET = load_dataset()
MODELS_OBS = DATASET.observations[(DATASET.observations["indicator"] == "models_built_count")
                                  & (DATASET.observations["admin_version"] == "vn63")]
# Compare: one bar per reporting province, and Hậu Giang's two district figures written where its bar would be;
# trends: one two-point segment per dated figure.
REPORTING_PROVINCES = MODELS_OBS["province_code"].nunique()
DATED_FIGURES = int(((MODELS_OBS["period_start"] != "") & (MODELS_OBS["period_end"] != "")).sum())


@pytest.mark.parametrize(("path", "key", "expected_traces"), [
    ("/compare", "compare_chart", [["bar", REPORTING_PROVINCES], ["scatter", 1]]),
    ("/trends", "trends_chart", [["scatter", 2]] * DATED_FIGURES),
])
def test_chart_pages_draw_their_chart(server, page, path, key, expected_traces):
    open_page(page, server, path)
    chart = wait_for_chart(page, key)
    assert chart["traces"] == expected_traces
    assert chart["drawn_traces"] == len(expected_traces)
    assert chart["drawn_marks"] >= len(expected_traces)
    wait_until_settled(page)
    assert_no_exception(page)
    save_screenshot(page, path.strip("/"))


def test_models_page_lists_the_named_models(server, page):
    open_page(page, server, "/models")
    page.get_by_text(re.compile(r"^\d+ mô hình$")).first.wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_text(f"{len(DATASET.models)} mô hình", exact=True).count() == 1
    wait_until_settled(page)
    assert_no_exception(page)
    save_screenshot(page, "models")


def test_sources_page_lists_every_source_and_offers_csv_downloads(server, page):
    open_page(page, server, "/sources")
    # The table downloads come after all the source sections, so once they are there every section is drawn.
    page.locator(".st-key-download_models [data-testid='stDownloadButton']").wait_for(timeout=TIMEOUT_MS)
    assert page.locator('[data-testid="stExpander"]').count() == len(DATASET.sources) == 47
    tables = [f".st-key-download_{name} [data-testid='stDownloadButton']" for name in (
        "sources", "indicators", "observations", "models")]
    assert [page.locator(selector).count() for selector in tables] == [1, 1, 1, 1]
    wait_until_settled(page)
    assert_no_exception(page)
    save_screenshot(page, "sources")


# ---------------------------------------------------------------- drill-down and links that reopen a view

def test_clicking_dien_bien_on_the_overview_map_opens_its_province_page(server, page):
    open_page(page, server, "/")
    wait_for_map(page, "overview_map")
    wait_until_settled(page)
    point = page.evaluate(PROJECT_JS, [".st-key-overview_map", list(DIEN_BIEN_INSIDE)])
    page.mouse.move(point["x"], point["y"])
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url(re.compile(rf"/province\?(.*&)?province={DIEN_BIEN}(&|$)"), timeout=TIMEOUT_MS)
    page.locator("h1", has_text="Tỉnh Điện Biên").wait_for(timeout=TIMEOUT_MS)
    wait_for_map(page, "province_map")
    assert urlparse(page.url).path == "/province"
    assert url_params(page)["province"] == DIEN_BIEN
    save_screenshot(page, "drilldown_dien_bien")


def test_copied_url_restores_indicator_version_and_language(server, browser, page):
    open_page(page, server, f"/?indicator={COPIED_INDICATOR}&version=vn34&lang=en")
    wait_for_map(page, "overview_map")
    wait_until_settled(page)
    assert selectbox_value(page, "Indicator") == "Collectives commended"
    assert selected_radio_label(page, "Administrative units") == "34 provinces (from 1 July 2025, rolled up)"
    assert selectbox_value(page, "Language") == "English"
    save_screenshot(page, "copied_url_vn34_en")

    # Switching the version in the UI rewrites the URL (vn63 is the default, so the parameter goes away).
    page.locator('[data-testid="stRadio"]').get_by_text("63 provinces (before 1 July 2025, as reported)").click()
    page.wait_for_function("() => !location.search.includes('version=')", timeout=TIMEOUT_MS)
    wait_until_settled(page)
    assert url_params(page) == {"indicator": COPIED_INDICATOR, "lang": "en"}
    copied = page.url

    reopened = page.context.new_page()
    open_page(reopened, copied, "")
    wait_for_map(reopened, "overview_map")
    wait_until_settled(reopened)
    assert selectbox_value(reopened, "Indicator") == "Collectives commended"
    assert selected_radio_label(reopened, "Administrative units") == "63 provinces (before 1 July 2025, as reported)"
    assert url_params(reopened) == {"indicator": COPIED_INDICATOR, "lang": "en"}


def test_deep_link_as_first_request_to_a_fresh_server_renders_the_province(fresh_server, page):
    open_page(page, fresh_server, f"/province?province={DIEN_BIEN}")
    page.locator("h1", has_text="Tỉnh Điện Biên").wait_for(timeout=TIMEOUT_MS)
    nav = page.locator('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"] [data-testid=stMarkdownContainer]')
    nav.filter(has_text="Nhập báo cáo").wait_for(timeout=TIMEOUT_MS)
    assert nav.all_inner_texts() == ["Tổng quan", "So sánh", "Tỉnh", "Xu hướng", "Mô hình", "Nguồn", "Nhập báo cáo"]
    drawn = wait_for_map(page, "province_map")
    assert sum(t[2] for t in drawn["traces"]) == 10
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
    requested = js_requests(page, server, "/province?province=11")
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
        open_page(page, server, "/")
        wait_for_map(page, "overview_map")
        wait_for_chart(page, "overview_ranking")
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

ALL_PAGES = [
    ("/", "overview_map", "map"), ("/province?province=11", "province_map", "map"),
    ("/compare", "compare_chart", "chart"), ("/trends", "trends_chart", "chart"),
    ("/models", None, None), ("/sources", None, None),
]
# No page asks for anything outside this machine (plotly geo never fetches its CDN topojson: see components/maps.py).
TOLERATED_HOSTS: set[str] = set()


def test_pages_render_with_every_outside_request_blocked(server, page):
    attempted = set()
    for path, key, kind in ALL_PAGES:
        open_page(page, server, path)
        if kind == "map":
            assert wait_for_map(page, key)["rendered_areas"] > 0
        elif kind == "chart":
            assert wait_for_chart(page, key)["drawn_traces"] > 0
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
        assert selectbox_value(page, "Chỉ tiêu") == "Số mô hình học tập và làm theo Bác"
    else:
        wait_for_map(page, "province_map")
        assert page.locator("h1").first.inner_text() == "Tỉnh An Giang"  # first reporting province by name
    wait_until_settled(page)
    assert_no_exception(page)
    save_screenshot(page, f"bad_param_{expect}")
