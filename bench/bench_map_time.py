"""Page load in a real browser (headless system Chromium, offline): the overview map, the province page's district map,
HCMC's commune map (the province page of the 34 provinces) and a drill-down click, each against a bare Streamlit app
with one plotly chart, measured in the same run.

The bare app (written to a temporary folder) has three hidden pages: `/` one plotly chart (the page-load reference),
`/click` a bar chart whose click switches to `/second`, which draws one chart (the click reference). Each timing is
from `page.goto` (or the mouse click) until plotly has drawn the chart's marks, in a fresh browser context; the
figures are medians of ROUNDS rounds in alternating order.

BENCH_APP_OPTIONS adds options to the app's server for a what-if run (keep its rows apart with BENCH_ROWS_DIR):
    BENCH_APP_OPTIONS="--runner.postScriptGC false" BENCH_ROWS_DIR=/tmp/what_if .venv/bin/python bench/bench_map_time.py
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import record, record_note, start_rows, streamlit_server  # noqa: E402
from playwright.sync_api import Error as PlaywrightError  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

ROUNDS = 5
# As the browser tests start Chromium (tests/e2e): the Debian package, headless, no network of its own.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1440, "height": 900}
TIMEOUT_MS = 60_000
PROVINCE = "38"  # Thanh Hóa: the largest district map
COMMUNE_PROVINCE = "79"  # TP Hồ Chí Minh of the 34 provinces: 168 communes
DIEN_BIEN_INSIDE = (103.0, 21.7)  # lon, lat inside Điện Biên (tests/e2e/test_pages.py clicks the same point)
BARE_APP = """import plotly.graph_objects as go
import streamlit as st


def bare():
    st.plotly_chart(go.Figure(go.Scatter(y=[1, 3, 2])), key="bare")


def click():
    event = st.plotly_chart(go.Figure(go.Bar(x=["a"], y=[1])), key="bare_click", on_select="rerun",
                            selection_mode="points")
    if event.selection.points:
        st.switch_page(second_page)


def second():
    st.plotly_chart(go.Figure(go.Scatter(y=[2, 1, 3])), key="bare_second")


second_page = st.Page(second, title="second", url_path="second")
st.navigation([st.Page(bare, title="bare", default=True), st.Page(click, title="click", url_path="click"),
               second_page], position="hidden").run()
"""
# Drawn = plotly drew the chart's marks: every province of the overview (63 areas), some areas of a district map,
# the line of a scatter, the bar of a bar chart.
AREAS_DRAWN_JS = """([selector, count]) => {
  const gd = document.querySelector(selector + ' .js-plotly-plot');
  if (!gd) return false;
  return [...gd.querySelectorAll('path.choroplethlocation')].filter(p => p.getBBox().width > 0).length >= count;
}"""
LINE_DRAWN_JS = """(selector) => {
  const gd = document.querySelector(selector + ' .js-plotly-plot');
  return !!(gd && gd._fullLayout && gd.querySelector('.main-svg g.trace path.js-line'));
}"""
BAR_DRAWN_JS = """(selector) => {
  const gd = document.querySelector(selector + ' .js-plotly-plot');
  return !!(gd && gd._fullLayout && gd.querySelector('.main-svg g.trace.bars path'));
}"""
SETTLED_JS = ("() => !document.querySelector('[data-testid=stStatusWidget]') "
              "&& !document.querySelector('[data-stale=true]')")
# The chart has not moved for 5 animation frames (the page above it has stopped growing): safe to aim a click.
STILL_JS = """(selector) => {
  const box = document.querySelector(selector + ' .main-svg').getBoundingClientRect();
  const now = [box.left, box.top, box.width, box.height].join();
  const seen = window.__benchStill || (window.__benchStill = {now: '', frames: 0});
  seen.frames = seen.now === now ? seen.frames + 1 : 0;
  seen.now = now;
  return seen.frames >= 5;
}"""
# Page coordinates of a (lon, lat) through the geo subplot's own projection; of the middle of a bar.
PROJECT_JS = """([selector, lonlat]) => {
  const gd = document.querySelector(selector + ' .js-plotly-plot');
  const [x, y] = gd._fullLayout.geo._subplot.projection(lonlat);
  const box = gd.querySelector('.main-svg').getBoundingClientRect();
  return {x: box.left + x, y: box.top + y};
}"""
BAR_MIDDLE_JS = """(selector) => {
  const box = document.querySelector(selector + ' g.trace.bars path').getBoundingClientRect();
  return {x: box.left + box.width / 2, y: box.top + box.height / 2};
}"""


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def time_load(browser, url: str, drawn_js: str, arg) -> float:
    """Seconds from page.goto until the chart is drawn, in a fresh browser context."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        started = time.perf_counter()
        page.goto(url)
        page.wait_for_function(drawn_js, arg=arg, timeout=TIMEOUT_MS)
        return time.perf_counter() - started
    finally:
        context.close()


def time_click(browser, url: str, ready: tuple[str, object], point_js: str, point_arg,
               drawn: tuple[str, object]) -> float:
    """Seconds from a click on the first page's chart until the next page's chart is drawn (fresh context)."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_function(ready[0], arg=ready[1], timeout=TIMEOUT_MS)
        page.wait_for_function(SETTLED_JS, timeout=TIMEOUT_MS)
        page.wait_for_function(STILL_JS, arg=ready[1][0] if isinstance(ready[1], list) else ready[1],
                               timeout=TIMEOUT_MS, polling="raf")
        point = page.evaluate(point_js, point_arg)
        page.mouse.move(point["x"], point["y"])
        started = time.perf_counter()
        page.mouse.click(point["x"], point["y"])
        page.wait_for_function(drawn[0], arg=drawn[1], timeout=TIMEOUT_MS)
        return time.perf_counter() - started
    finally:
        context.close()


def measurements(app_url: str, bare_url: str) -> dict:
    """name → a call that times it once, given a browser."""
    overview = (".st-key-overview_map", 63)
    return {
        "bare": lambda b: time_load(b, bare_url + "/", LINE_DRAWN_JS, ".st-key-bare"),
        "overview": lambda b: time_load(b, app_url + "/", AREAS_DRAWN_JS, list(overview)),
        "province": lambda b: time_load(b, f"{app_url}/province?province={PROVINCE}", AREAS_DRAWN_JS,
                                        [".st-key-province_map", 1]),
        "commune": lambda b: time_load(b, f"{app_url}/province?province={COMMUNE_PROVINCE}&version=vn34",
                                       AREAS_DRAWN_JS, [".st-key-commune_map", 1]),
        "click_bare": lambda b: time_click(b, bare_url + "/click", (BAR_DRAWN_JS, ".st-key-bare_click"),
                                           BAR_MIDDLE_JS, ".st-key-bare_click", (LINE_DRAWN_JS, ".st-key-bare_second")),
        "click_drilldown": lambda b: time_click(b, app_url + "/", (AREAS_DRAWN_JS, list(overview)), PROJECT_JS,
                                                [".st-key-overview_map", list(DIEN_BIEN_INSIDE)],
                                                (AREAS_DRAWN_JS, [".st-key-province_map", 1])),
    }


def main() -> int:
    start_rows()
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "bare.py").write_text(BARE_APP, encoding="utf-8")
        app_options = tuple(os.environ.get("BENCH_APP_OPTIONS", "").split())
        if app_options:
            record_note(f"what-if: the app's server started with {' '.join(app_options)}")
        with streamlit_server(options=app_options) as app, streamlit_server("bare.py", cwd=Path(folder)) as bare, \
                sync_playwright() as playwright:
            steps = measurements(app.url, bare.url)
            first = {}
            for name in ("overview", "bare"):  # each server's first visit, in a browser of its own
                browser = launch(playwright)
                first[name] = steps[name](browser)
                browser.close()
            record_note("first visit after the servers started (not in the medians): "
                        f"overview {first['overview']:.2f} s, bare {first['bare']:.2f} s, "
                        f"ratio {first['overview'] / first['bare']:.2f}×")
            browser = launch(playwright)
            times: dict[str, list[float]] = {name: [] for name in steps}
            failures: dict[str, list[str]] = {name: [] for name in steps}
            for round_index in range(ROUNDS):
                order = list(steps) if round_index % 2 == 0 else list(reversed(steps))
                for name in order:
                    try:
                        times[name].append(steps[name](browser))
                    except PlaywrightError as error:  # a round that never drew is reported, not timed
                        failures[name].append(str(error).splitlines()[0])
            browser.close()
    medians = {name: statistics.median(seconds) if seconds else None for name, seconds in times.items()}
    for name, seconds in times.items():
        failed = f"; {len(failures[name])} round(s) failed: {failures[name][0]}" if failures[name] else ""
        record(f"load_{name}", medians[name], "rounds " + " ".join(f"{s:.2f}" for s in seconds) + failed)
    record("ratio_overview", ratio(medians["overview"], medians["bare"]))
    record("ratio_province", ratio(medians["province"], medians["bare"]))
    record("ratio_commune", ratio(medians["commune"], medians["bare"]))
    against_load = ratio(medians["click_drilldown"], medians["bare"])
    record("ratio_drilldown", ratio(medians["click_drilldown"], medians["click_bare"]),
           f"against a page load of the bare chart: {against_load:.2f}×" if against_load else "")
    return 0


def ratio(value: float | None, reference: float | None) -> float | None:
    return value / reference if value is not None and reference else None


if __name__ == "__main__":
    raise SystemExit(main())
