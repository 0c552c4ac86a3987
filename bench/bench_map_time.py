"""Benchmark the overview map's time to appear against a bare Streamlit page holding one plotly chart."""

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, streamlit_server  # noqa: E402

ROUNDS = 5
TARGET_RATIO = 1.3
TIMEOUT_MS = 60_000
BARE_PAGE = """import plotly.graph_objects as go
import streamlit as st

st.plotly_chart(go.Figure(go.Scatter(y=[1, 3, 2])), key="bare")
"""
# Drawn = plotly drew every province of the overview map (SVG areas with a size).
OVERVIEW_DRAWN_JS = """() => {
  const gd = document.querySelector('.st-key-overview_map .js-plotly-plot');
  if (!gd) return false;
  return [...gd.querySelectorAll('path.choroplethlocation')].filter(p => p.getBBox().width > 0).length >= 63;
}"""
BARE_DRAWN_JS = """() => {
  const gd = document.querySelector('.st-key-bare .js-plotly-plot');
  return !!(gd && gd._fullLayout && gd.querySelector('.main-svg g.trace path.js-line'));
}"""


def time_to_drawn(browser, url: str, drawn_js: str) -> float:
    """Seconds from the start of page.goto until the chart is drawn, in a fresh browser context."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url)
        page.wait_for_function(drawn_js, timeout=TIMEOUT_MS)
        return time.perf_counter() - start
    finally:
        context.close()


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def time_first_visit(playwright, url: str, drawn_js: str) -> float:
    """The first visit of a server, in a browser of its own (a browser's first page pays its own start-up)."""
    browser = launch(playwright)
    try:
        return time_to_drawn(browser, url, drawn_js)
    finally:
        browser.close()


def describe(name: str, seconds: list[float]) -> str:
    rounds = " ".join(f"{s:.2f}" for s in seconds)
    return f"{name:<9} median {statistics.median(seconds):.2f} s  rounds: {rounds}"


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "bare.py").write_text(BARE_PAGE, encoding="utf-8")
        with streamlit_server() as app_url, streamlit_server("bare.py", cwd=Path(folder)) as bare_url, \
                sync_playwright() as playwright:
            targets = {"overview": (app_url + "/", OVERVIEW_DRAWN_JS), "bare": (bare_url + "/", BARE_DRAWN_JS)}
            first = {name: time_first_visit(playwright, *target) for name, target in targets.items()}
            browser = launch(playwright)
            print("first visit after the servers started (not counted below): "
                  + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in first.items())
                  + f", ratio {first['overview'] / first['bare']:.2f}×")
            times: dict[str, list[float]] = {name: [] for name in targets}
            for round_index in range(ROUNDS):
                order = list(targets) if round_index % 2 == 0 else list(reversed(targets))
                for name in order:
                    times[name].append(time_to_drawn(browser, *targets[name]))
            browser.close()
    for name, seconds in times.items():
        print(describe(name, seconds))
    ratio = statistics.median(times["overview"]) / statistics.median(times["bare"])
    verdict = "within" if ratio <= TARGET_RATIO else "OVER"
    print(f"ratio overview/bare {ratio:.2f}× ({verdict} the {TARGET_RATIO}× target)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
