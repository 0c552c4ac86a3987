"""Real-browser checks of issue 20's opening screen and projector: `/` opens on a headline ranking with its answer
(coverage one choice away), and presentation mode at 1280×720, 1366×768 and 1920×1080 draws chart text of at least
18 px, a map at least half the screen high, whole archipelago names, colour-bar ticks apart, captions apart, no cut
line, bar labels in WCAG AA contrast, and a ranking axis that fits its data."""

import pytest

from tests.e2e.helpers import (
    assert_no_exception,
    open_page,
    save_screenshot,
    selectbox_value,
    wait_until_settled,
)
from tests.e2e.test_projector_and_phone import (
    CHART_TEXTS_JS,
    overlap,
    wait_for_fitted,
    wait_for_overview,
    wait_for_presentation,
)

pytestmark = pytest.mark.browser

SCREENS = [(1280, 720), (1366, 768), (1920, 1080)]
SCREEN_IDS = [f"{w}x{h}" for w, h in SCREENS]

# Boxes ([left, top, right, bottom], viewport pixels) of what a projector must show whole: the map's plot, each
# archipelago name (its lines' spans), the colour bar's tick labels, the notes under the map, the ranking's x axis
# range and its largest bar value, and every bar label with its colour and the colour behind it.
PROJECTOR_JS = """
() => {
  const box = (e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const map = document.querySelector('.st-key-overview_map .js-plotly-plot');
  const bars = document.querySelector('.st-key-overview_ranking .js-plotly-plot');
  const names = [...map.querySelectorAll('.geo .scatterlayer text')].filter(t => t.textContent.trim());
  const full = bars._fullLayout, trace = bars._fullData[0];
  return {
    map: box(map), screen: [innerWidth, innerHeight],
    svg: box(map.querySelector('svg.main-svg')),
    archipelagos: names.map(t => [[...t.querySelectorAll('tspan.line')].map(s => s.textContent.trim()).join(' ')
                                  || t.textContent.trim(), ...box(t)]),
    ticks: [...map.querySelectorAll('.colorbar .cbaxis text, .colorbar [class*="cb"] .tick text')]
      .filter(t => t.textContent.trim()).map(t => [t.textContent, ...box(t)]),
    notes: [...map.querySelectorAll('.infolayer .annotation')].filter(a => a.textContent.trim()
                                                                     && a.getBoundingClientRect().height > 0)
      .map(a => [a.textContent, ...box(a)]),
    legend: [...map.querySelectorAll('.legend .traces')].map(t => [t.textContent, ...box(t)]),
    range: full.xaxis.range, largest: Math.max(...trace.x),
    labels: [...bars.querySelectorAll('.barlayer .point')].filter(p => p.querySelector('text.bartext')).map(p => {
      const t = p.querySelector('text.bartext');
      return {text: t.textContent, fill: getComputedStyle(t).fill, box: box(t), bar: box(p.querySelector('path'))};
    }),
    bar_colour: trace.marker.color,
    main: box(document.querySelector('[data-testid="stMain"]')),
  };
}
"""


def luminance(colour: str) -> float:
    """WCAG relative luminance of 'rgb(r, g, b)' or '#rrggbb'."""
    if colour.startswith("#"):
        channels = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    else:
        channels = [int(float(v)) for v in colour[colour.index("(") + 1:colour.index(")")].split(",")[:3]]
    linear = [c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def open_presentation(page, server, path: str, width: int, height: int) -> dict:
    page.set_viewport_size({"width": width, "height": height})
    open_page(page, server, path + ("&" if "?" in path else "?") + "present=true")
    wait_for_presentation(page)
    wait_for_overview(page)
    # The web fonts may arrive after the first fit: the map is fitted again to the type it finally drew.
    wait_until_settled(page)
    wait_for_fitted(page, "overview_map")
    return page.evaluate(PROJECTOR_JS)


def test_the_opening_screen_is_a_headline_ranking_with_its_answer(server, page):
    open_page(page, server, "/")
    wait_for_overview(page)
    answer = page.locator(".st-key-answer").inner_text()
    assert answer.startswith("4 tỉnh so sánh được") and "Cao nhất: Thành phố Hồ Chí Minh 339" in answer
    assert selectbox_value(page, "Chỉ tiêu").startswith("Điển hình được tuyên dương, khen thưởng")
    assert page.locator(".st-key-overview_ranking .js-plotly-plot").count() == 1
    # the map starts on the first screen of a 1440×900 laptop (the phase, level and window choices are folded)
    map_top = page.locator(".st-key-overview_map").bounding_box()["y"]
    assert map_top < page.viewport_size["height"] - 200, map_top
    assert_no_exception(page)
    save_screenshot(page, "opening_screen", full_page=False)


@pytest.mark.parametrize(("width", "height"), SCREENS, ids=SCREEN_IDS)
def test_presentation_chart_text_is_at_least_18_px_and_the_map_half_the_screen(server, page, width, height):
    state = open_presentation(page, server, "/", width, height)
    save_screenshot(page, f"projector_opening_{width}x{height}", full_page=False)
    texts = page.evaluate(CHART_TEXTS_JS, ".st-key-overview_map") + page.evaluate(
        CHART_TEXTS_JS, ".st-key-overview_ranking")
    assert len(texts) >= 20, texts
    assert [(text, size) for text, size in texts if size < 18] == []
    left, top, right, bottom = state["map"]
    assert bottom - top >= 0.5 * height and bottom <= height + 0.5, state["map"]
    assert_no_exception(page)


@pytest.mark.parametrize(("width", "height"), SCREENS, ids=SCREEN_IDS)
def test_presentation_map_names_ticks_and_notes_are_whole_and_apart(server, page, width, height):
    state = open_presentation(page, server, "/", width, height)
    left, top, right, bottom = state["svg"]
    # Both archipelago names whole, each inside the map's drawing ("Quần đả…" was cut by the map's edge).
    names = {"".join(name.split()): box for name, *box in state["archipelagos"]}
    assert set(names) == {"QuầnđảoHoàngSa(ĐàNẵng)", "QuầnđảoTrườngSa(KhánhHòa)"}, names
    geo = page.evaluate("""() => { const r = document.querySelector('.st-key-overview_map .geo .bglayer rect, '
      + '.st-key-overview_map .geolayer .bg rect, .st-key-overview_map .geo rect')?.getBoundingClientRect();
      return r ? [r.left, r.top, r.right, r.bottom] : null; }""")
    for box in names.values():
        assert left <= box[0] and box[2] <= right and top <= box[1] and box[3] <= bottom, (box, state["svg"])
        if geo:
            assert geo[0] - 0.5 <= box[0] and box[2] <= geo[2] + 0.5, (box, geo)
    # The colour bar's ticks apart, and the notes under the map apart and inside the drawing (no cut line).
    # Their letters apart: a text box holds some leading, so boxes may touch by 3 px.
    ticks = [[left, top + 3, right, bottom - 3] for _, left, top, right, bottom in state["ticks"]]
    assert len(ticks) >= 2 and not any(overlap(a, b) for i, a in enumerate(ticks) for b in ticks[i + 1:]), ticks
    notes = [box for _, *box in state["notes"]]  # the credit always; the caption where it has room
    assert notes and not any(overlap(a, b) for i, a in enumerate(notes) for b in notes[i + 1:]), state["notes"]
    assert any(text.startswith("Ranh giới") for text, *_ in state["notes"]), state["notes"]
    assert all(box[3] <= bottom + 0.5 for box in notes), (state["notes"], state["svg"])
    assert_no_exception(page)


@pytest.mark.parametrize(("width", "height"), SCREENS, ids=SCREEN_IDS)
def test_presentation_bar_labels_keep_aa_contrast_and_the_axis_fits_the_data(server, page, width, height):
    state = open_presentation(page, server, "/", width, height)
    assert state["largest"] == 339
    assert state["range"][0] == 0 and 339 < state["range"][1] <= 1.25 * 339, state["range"]  # not 0–800
    labels = state["labels"]
    assert len(labels) == 4  # the 2–3-year honours windows of KL 01: TP HCM, Tuyên Quang, Yên Bái, Hà Tĩnh
    for label in labels:
        white = label["fill"].replace(" ", "") == "rgb(255,255,255)"
        if white:  # white only inside its bar, whole
            assert label["bar"][0] <= label["box"][0] and label["box"][2] <= label["bar"][2] + 0.5, label
        assert contrast(label["fill"], state["bar_colour"] if white else "#ffffff") >= 4.5, label
    assert max(label["box"][2] for label in labels) <= state["main"][2]
    assert_no_exception(page)


def test_honours_view_captions_do_not_overlap_at_1920x1080(server, page):
    state = open_presentation(page, server, "/?indicator=exemplars_honoured", 1920, 1080)
    notes = [box for _, *box in state["notes"]]
    assert len(notes) == 2 and not overlap(*notes), state["notes"]
    legend = [box for _, *box in state["legend"]]
    assert not any(overlap(a, b) for a in legend for b in notes)
    save_screenshot(page, "projector_honours_1920x1080", full_page=False)
