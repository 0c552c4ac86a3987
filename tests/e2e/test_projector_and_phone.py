"""Real-browser checks of the briefing on a projector and on a phone (issue 13): chart text large enough to read from
the back of a room, the overview's answer (map, KPI cards, ranking) whole on the first screen, labels and values never
cut, and tables and the map that fit a phone's width."""

import pytest

from tests.e2e.helpers import (
    TIMEOUT_MS,
    assert_no_exception,
    open_page,
    save_screenshot,
    wait_for_chart,
    wait_for_elements,
    wait_for_map,
    wait_until_settled,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PRESENTATION_RULE = ".st-key-present_exit {"
KPI_VALUES = '[data-testid="stMetricValue"]'

# Every visible text plotly drew in the main area's charts (hover labels aside), with its rendered font size (the
# largest of the text element and its spans: a title may be drawn as spans).
CHART_TEXTS_JS = """
(selector) => [...document.querySelectorAll(selector + ' .js-plotly-plot svg text')]
  .filter(t => !t.closest('.hoverlayer') && t.textContent.trim() && t.getBoundingClientRect().width > 0)
  .map(t => [t.textContent.trim(), Math.min(...[t, ...t.querySelectorAll('tspan')]
                                           .map(e => parseFloat(getComputedStyle(e).fontSize)))])
"""

# Boxes of the overview's first-screen parts, the direct children of its grid, and instruction texts on show.
FIRST_SCREEN_JS = """
() => {
  const box = (e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const shown = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const grid = document.querySelector('.st-key-overview_map').closest('[data-testid="stMainBlockContainer"] > div');
  return {
    viewport: [innerWidth, innerHeight],
    map: box(document.querySelector('.st-key-overview_map .js-plotly-plot')),
    ranking: box(document.querySelector('.st-key-overview_ranking .js-plotly-plot')),
    kpis: [...document.querySelectorAll('[data-testid="stMetric"]')].map(box),
    parts: [...grid.querySelectorAll('[data-testid="stElementContainer"]')].filter(shown)
             .filter(e => !e.matches('.st-key-present_exit')).map(e => [e.innerText.slice(0, 40), ...box(e)]),
    hints: [...document.querySelectorAll('[data-testid="stMain"] *')].filter(shown)
             .filter(e => e.children.length === 0 && e.textContent.includes('Bấm vào')).map(e => e.textContent),
  };
}
"""

# Each outside bar label of a chart: its box, the box of its bar and the plot's right edge (all in viewport pixels).
BAR_LABELS_JS = """
(selector) => {
  const gd = document.querySelector(selector + ' .js-plotly-plot');
  const right = gd.getBoundingClientRect().left + gd._fullLayout.width;
  return [...gd.querySelectorAll('.barlayer .point')].filter(p => p.querySelector('text.bartext')).map(p => {
    const text = p.querySelector('text.bartext').getBoundingClientRect(), bar = p.querySelector('path')
      .getBoundingClientRect();
    return {text: p.querySelector('text.bartext').textContent, text_left: text.left, text_right: text.right,
            bar_right: bar.right, chart_right: right};
  });
}
"""

# KPI value elements whose text is wider than their box (cut, drawn with "…" by text-overflow) or ends in "…".
CUT_KPI_VALUES_JS = """
(selector) => [...document.querySelectorAll(selector + ', ' + selector + ' *')]
  .filter(e => e.scrollWidth > e.clientWidth + 1 || e.textContent.trim().endsWith('…')
               || getComputedStyle(e).textOverflow === 'ellipsis' && getComputedStyle(e).overflow !== 'visible')
  .map(e => e.textContent)
"""

# The union box of the areas a map drew, and the map title's box, in viewport pixels.
MAP_EXTENT_JS = """
(selector) => {
  const gd = document.querySelector(selector + ' .js-plotly-plot');
  const boxes = [...gd.querySelectorAll('path.choroplethlocation')].map(p => p.getBoundingClientRect())
    .filter(r => r.width > 0);
  const title = gd.querySelector('.gtitle').getBoundingClientRect(), chart = gd.getBoundingClientRect();
  return {areas: [Math.min(...boxes.map(r => r.left)), Math.max(...boxes.map(r => r.right))],
          title: [title.left, title.right], chart: [chart.left, chart.right]};
}
"""

# The country map's plot area (below the title and legend row, above the notes), the union box of the provinces it
# drew (the archipelagos' islands belong to Đà Nẵng and Khánh Hòa), the box of its colour bar, and the boxes of the
# provinces and of the archipelagos' names; all [left, top, right, bottom] in viewport pixels.
MAP_FILL_JS = """
(selector) => {
  const gd = document.querySelector(selector + ' .js-plotly-plot'), size = gd._fullLayout._size;
  const chart = gd.getBoundingClientRect();
  const box = (e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const areas = [...gd.querySelectorAll('path.choroplethlocation')].map(box).filter(([l, , r]) => r > l);
  return {
    frame: [chart.left + size.l, chart.top + size.t, chart.left + size.l + size.w, chart.top + size.t + size.h],
    country: [Math.min(...areas.map(b => b[0])), Math.min(...areas.map(b => b[1])),
              Math.max(...areas.map(b => b[2])), Math.max(...areas.map(b => b[3]))],
    colour_bar: box(gd.querySelector('.colorbar')),
    areas,
    names: [...gd.querySelectorAll('.geo text')].filter(t => t.textContent.trim()).map(box),
  };
}
"""


def overlap(a: list[float], b: list[float]) -> bool:
    """Two [left, top, right, bottom] boxes share some area."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def wait_for_presentation(page) -> None:
    """The presentation style sheet in the page and the sidebar hidden (elements drawn once their code loaded)."""
    page.wait_for_function("(rule) => [...document.querySelectorAll('style')].some(s => s.textContent.includes(rule))",
                           arg=PRESENTATION_RULE, timeout=TIMEOUT_MS)
    page.locator(".st-key-present_exit button:visible").wait_for(state="visible", timeout=TIMEOUT_MS)


def wait_for_fitted(page, key: str) -> None:
    """The chart in the element keyed `key` drawn and fitted to its place (components/layout.py CHART_FIT_JS marks a
    chart it found nothing more to change on)."""
    page.wait_for_function("(key) => !!document.querySelector(`.st-key-${key} .js-plotly-plot[data-fitted]`)",
                           arg=key, timeout=TIMEOUT_MS)


def wait_for_overview(page) -> None:
    wait_for_map(page, "overview_map")
    wait_for_chart(page, "overview_ranking")
    wait_for_elements(page, KPI_VALUES, 3)
    wait_until_settled(page)
    for key in ("overview_map", "overview_ranking"):
        wait_for_fitted(page, key)
    wait_until_settled(page)


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="vi-VN")
    yield context.new_page()
    context.close()


# ---------------------------------------------------------------- projector

@pytest.mark.parametrize(("path", "key"), [("/", "overview_map"), ("/", "overview_ranking"),
                                           ("/?indicator=exemplars_honoured", "overview_map"),
                                           ("/trends", "trends_chart"), ("/compare", "compare_chart")])
def test_presentation_chart_text_is_at_least_18_px_on_a_1920x1080_projector(server, page, path, key):
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_page(page, server, path + ("&" if "?" in path else "?") + "present=true")
    wait_for_presentation(page)
    wait_for_chart(page, key)
    wait_until_settled(page)
    wait_for_fitted(page, key)
    texts = page.evaluate(CHART_TEXTS_JS, f".st-key-{key}")
    assert len(texts) >= 5, texts
    small = [(text, size) for text, size in texts if size < 18]
    assert small == [], small
    if key == "overview_map":  # the island names are chart text too
        assert any(text.startswith("Quần đảo Trường Sa") for text, _ in texts)
    assert_no_exception(page)


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)], ids=["1920x1080", "1280x720"])
def test_presentation_overview_holds_kpis_map_and_ranking_whole_on_the_first_screen(server, page, width, height):
    page.set_viewport_size({"width": width, "height": height})
    open_page(page, server, "/?present=true")
    wait_for_presentation(page)
    wait_for_overview(page)
    state = page.evaluate(FIRST_SCREEN_JS)
    for name in ("map", "ranking"):
        left, top, right, bottom = state[name]
        assert left >= 0 and top >= 0 and right <= width and bottom <= height, (name, state[name])
    assert len(state["kpis"]) == 3 and all(box[3] <= height for box in state["kpis"]), state["kpis"]
    assert state["ranking"][3] - state["ranking"][1] >= 0.4 * height  # a ranking, not a sliver
    # Nothing half on the screen: each part ends on it or starts below it; no "Bấm vào một tỉnh…" instruction.
    cut = [part for part in state["parts"] if part[2] < height < part[4]]
    assert cut == [], cut
    assert state["hints"] == []
    assert_no_exception(page)
    save_screenshot(page, f"projector_overview_{width}x{height}", full_page=False)


def test_presentation_trends_legend_stays_clear_of_the_years(server, page):
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_page(page, server, "/trends?present=true")
    wait_for_presentation(page)
    wait_for_chart(page, "trends_chart")
    wait_until_settled(page)
    wait_for_fitted(page, "trends_chart")
    boxes = page.evaluate("""() => {
      const gd = document.querySelector('.st-key-trends_chart .js-plotly-plot');
      const box = (e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
      return {legend: box(gd.querySelector('.legend')),
              years: [...gd.querySelectorAll('.xaxislayer-above text')].map(box),
              axes: Object.keys(gd._fullLayout).filter(k => /^yaxis\\d*$/.test(k)).length};
    }""")
    assert boxes["years"], boxes
    assert boxes["legend"][1] >= max(year[3] for year in boxes["years"])  # the legend below the years, not on them
    assert boxes["axes"] >= 2  # 52.000 and 49 on panels of their own
    save_screenshot(page, "projector_trends", full_page=False)


# ---------------------------------------------------------------- labels and values never cut

@pytest.mark.parametrize(("path", "key", "bars"), [("/?indicator=coverage", "overview_ranking", 15),
                                                   ("/?indicator=exemplars_honoured", "overview_ranking", 4),
                                                   ("/compare", "compare_chart", 4)])
def test_bar_labels_are_whole_and_outside_their_bars_or_inside_whole(server, page, path, key, bars):
    open_page(page, server, path)
    wait_for_chart(page, key)
    wait_until_settled(page)
    wait_for_fitted(page, key)
    labels = page.evaluate(BAR_LABELS_JS, f".st-key-{key}")
    assert len(labels) >= bars, labels
    cut = [label["text"] for label in labels if label["text_right"] > label["chart_right"] + 0.5]
    assert cut == [], cut
    # A label stands after its bar, or (issue 20: an axis of 0–800 for 339) inside a bar long enough to hold it whole.
    inside = [label for label in labels if label["text_left"] < label["bar_right"] - 0.5]
    assert all(label["text_right"] <= label["bar_right"] + 0.5 for label in inside), inside


def test_kpi_values_and_labels_wrap_instead_of_being_cut(server, page, view_content):
    link = "/province?province=11"
    open_page(page, server, link)
    count = len(view_content(link).kpis)
    wait_for_elements(page, KPI_VALUES, count)
    wait_until_settled(page)
    values = page.locator(KPI_VALUES).all_inner_texts()
    assert [value.strip() for value in values] == [kpi["value"] for kpi in view_content(link).kpis]
    assert "hơn 532 mô hình" in [value.strip() for value in values]
    assert page.evaluate(CUT_KPI_VALUES_JS, KPI_VALUES) == []
    assert page.evaluate(CUT_KPI_VALUES_JS, '[data-testid="stMetricLabel"]') == []



# Lines a card value takes: its height over its line height.
VALUE_LINES_JS = """(selector) => [...document.querySelectorAll(selector)].map((value) => {
  const style = getComputedStyle(value.querySelector('p') || value);
  return [value.innerText.trim(), Math.round(value.getBoundingClientRect().height / parseFloat(style.lineHeight))];
})"""


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_presentation_province_card_values_take_two_lines_at_most_and_the_map_starts_on_the_first_screen(
        server, page, view_content, width, height):
    """Four cards share the row on the province page: a value sized to the screen's width ('hơn 1.800 tập thể, cá
    nhân') took three lines and pushed the district map down; sized to its card it takes two."""
    link = "/province?province=11"
    page.set_viewport_size({"width": width, "height": height})
    open_page(page, server, link + "&present=true")
    wait_for_presentation(page)
    wait_for_elements(page, KPI_VALUES, len(view_content(link).kpis))
    wait_for_map(page, "province_map")
    wait_until_settled(page)
    lines = page.evaluate(VALUE_LINES_JS, KPI_VALUES)
    assert "hơn 1.800 tập thể, cá nhân" in [text for text, _ in lines]
    assert [text for text, count in lines if count > 2] == [], lines
    assert page.locator(".st-key-province_map").bounding_box()["y"] < 0.75 * height


# ---------------------------------------------------------------- phone

def test_phone_overview_map_title_ranking_labels_and_tables_stay_within_the_screen(server, phone):
    open_page(phone, server, "/?indicator=exemplars_honoured")
    wait_for_overview(phone)
    extent = phone.evaluate(MAP_EXTENT_JS, ".st-key-overview_map")
    assert extent["title"][1] <= extent["chart"][1] + 0.5, extent  # the title whole (wrapped)
    assert extent["areas"][0] >= extent["chart"][0] and extent["areas"][1] <= extent["chart"][1], extent
    labels = phone.evaluate(BAR_LABELS_JS, ".st-key-overview_ranking")
    assert [label["text"] for label in labels if label["text_right"] > label["chart_right"] + 0.5] == []
    assert phone.evaluate("() => document.querySelector('[data-testid=stMain]').scrollWidth") <= PHONE["width"]
    # The other-scope table's rows are cards within the screen, not columns running off it.
    rows = phone.locator('[data-testid="stTable"] tbody tr')
    assert rows.count() >= 20
    boxes = rows.evaluate_all("rows => rows.map(r => r.getBoundingClientRect().right)")
    assert max(boxes) <= PHONE["width"], boxes
    assert_no_exception(phone)
    save_screenshot(phone, "phone_overview_honours")


def test_phone_province_tables_are_cards(server, phone):
    open_page(phone, server, "/province?province=11")
    wait_for_map(phone, "province_map")
    wait_until_settled(phone)
    assert phone.locator(".table-card").count() >= 10
    cards = phone.locator(".table-card").evaluate_all("cards => cards.map(c => c.getBoundingClientRect().right)")
    assert max(cards) <= PHONE["width"]
    assert phone.locator('[data-testid="stDataFrame"]:visible').count() == 0


@pytest.mark.parametrize(("path", "name"), [("/", "phone_overview_map"),
                                            ("/?indicator=exemplars_honoured", "phone_overview_honours_map")])
def test_phone_country_map_uses_the_screen_width_and_is_as_tall_as_the_country(server, phone, path, name):
    open_page(phone, server, path)
    wait_for_overview(phone)
    fill = phone.evaluate(MAP_FILL_JS, ".st-key-overview_map")
    (frame_left, frame_top, frame_right, frame_bottom), country = fill["frame"], fill["country"]
    boxes = {key: fill[key] for key in ("frame", "country", "colour_bar")}
    frame_height = frame_bottom - frame_top
    # The country fills the frame's height: no blank band above or below it (the figure's own 522 px high plot
    # left 24% above and 29% below), and spans most of the screen's width (53% beside an upright colour bar).
    assert frame_top - 0.5 <= country[1] and country[3] <= frame_bottom + 0.5, boxes
    assert country[1] - frame_top <= 0.15 * frame_height and frame_bottom - country[3] <= 0.15 * frame_height, boxes
    assert country[2] - country[0] >= 0.7 * PHONE["width"] and frame_right - frame_left >= 0.9 * PHONE["width"], boxes
    # Both archipelagos' names whole on the map, and the colour bar over empty sea: on no province and no name.
    assert len(fill["names"]) == 2 and len(fill["areas"]) == 63, fill["names"]
    assert all(frame_left <= box[0] and box[2] <= frame_right for box in fill["names"]), (boxes, fill["names"])
    bar = fill["colour_bar"]
    assert frame_top <= bar[1] and bar[2] <= frame_right + 1, boxes
    covered = [box for box in fill["areas"] + fill["names"] if overlap(box, bar)]
    assert covered == [], (bar, covered)
    assert_no_exception(phone)
    phone.locator(".st-key-overview_map").scroll_into_view_if_needed()
    wait_until_settled(phone)
    save_screenshot(phone, name, full_page=False)
