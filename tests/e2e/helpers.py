"""What the browser tests share: a Streamlit server on a free port, an offline browser context, and waits for the
exact thing a test is about to measure (a drawn map, a chart, the KPI cards, a settled page) instead of fixed sleeps.

Every wait here is for a state of the page (Streamlit's script state, plotly's own bookkeeping, the fonts), polled
by Playwright, so a slow machine waits longer and a fast one not at all.
"""

import collections
import contextlib
import os
import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from briefing.pages import PageSpec

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts" / "e2e"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
VIEWPORT = {"width": 1440, "height": 900}
SERVER_START_TIMEOUT_S = 90
TIMEOUT_MS = 45_000
MAX_SCREENSHOT_HEIGHT = 6000
# The output of every running server, by base URL: a failing check shows the server's side of the story.
_SERVERS: dict[str, "ServerOutput"] = {}


# ---------------------------------------------------------------- the server

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerOutput:
    """Reads a server's combined output on a thread: the pipe never fills (a full pipe would stall the server), the
    last lines are kept for error messages, and `wait_for` blocks until a line contains a text or the server exits."""

    def __init__(self, process: subprocess.Popen):
        self.lines: collections.deque[str] = collections.deque(maxlen=200)
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, args=(process,), daemon=True).start()

    def _read(self, process: subprocess.Popen) -> None:
        for line in process.stdout:
            self.lines.append(line.rstrip())
            self._queue.put(line)
        self._queue.put(None)  # end of output: the process has exited

    def wait_for(self, text: str, timeout_s: float) -> bool:
        """True once a line contains text; False when the output ends first. TimeoutError after timeout_s."""
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                line = self._queue.get(timeout=max(deadline - time.monotonic(), 0.001))
            except queue.Empty:
                raise TimeoutError(f"no '{text}' from the server after {timeout_s} s:\n{self.tail()}") from None
            if line is None:
                return False
            if text in line:
                return True

    def tail(self) -> str:
        return "\n".join(self.lines)


def wait_until_healthy(base_url: str, output: ServerOutput, timeout_s: float) -> None:
    """The server prints its URL once it listens; its health answer then waits for the start-up work (the lifespan
    that builds the default overview), so one request with a long timeout replaces a polling loop."""
    if not output.wait_for(base_url, timeout_s):
        raise RuntimeError(f"streamlit exited before listening on {base_url}:\n{output.tail()}")
    with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=timeout_s) as response:
        if response.status != 200:
            raise RuntimeError(f"streamlit at {base_url} answered its health check with {response.status}")


@contextlib.contextmanager
def streamlit_server(
    script: str = "app.py", cwd: Path = PROJECT_ROOT, env: dict[str, str] | None = None, attempts: int = 3,
) -> Iterator[str]:
    """Start `streamlit run <script>` on a free loopback port; yield its base URL; stop it afterwards.

    `env` adds to (or overrides) this process's environment, e.g. DATABASE_URL for a store of the test's own. A port
    taken between choosing it and the server binding it (another process was quicker) is retried on a new port.
    """
    for attempt in range(attempts):
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        command = [
            sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
            "--server.address", "127.0.0.1", "--server.headless", "true",
            "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
        ]
        process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace")
        output = ServerOutput(process)
        try:
            try:
                wait_until_healthy(base_url, output, SERVER_START_TIMEOUT_S)
            except RuntimeError:
                if attempt + 1 < attempts and "already in use" in output.tail():
                    continue
                raise
            _SERVERS[base_url] = output
            try:
                yield base_url
            finally:
                _SERVERS.pop(base_url, None)
            return
        finally:
            stop(process)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def fetch(url: str) -> tuple[int, str]:
    """The status and the decoded body of a GET."""
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.read().decode("utf-8")


# ---------------------------------------------------------------- the browser

class OfflineContext:
    """A browser context that lets only loopback requests through and records every blocked URL."""

    def __init__(self, browser, viewport: dict[str, int] | None = None, **options):
        self.blocked: list[str] = []
        self.context = browser.new_context(viewport=viewport or VIEWPORT, locale="vi-VN", **options)
        self.context.set_default_timeout(30_000)
        self.context.route("**/*", self._route)

    def _route(self, route) -> None:
        if urlparse(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort("blockedbyclient")

    def new_page(self):
        """A page whose `blocked_urls` lists what it tried to fetch from outside this machine."""
        page = self.context.new_page()
        page.blocked_urls = self.blocked
        return page


# ---------------------------------------------------------------- the pages (briefing.pages.PAGES)

# The parameters a page cannot open without: the province page shows one province (Điện Biên).
REQUIRED_PARAMS = {"province": "province=11"}
# What each page of the registry shows once it has loaded: for a chart page the keyed element holding its plotly
# graph, for the others the element itself. A page added to the registry needs its line here (a test says so).
PAGE_CONTENT = {
    "overview": ".st-key-overview_map", "compare": ".st-key-compare_chart", "province": ".st-key-province_map",
    "trends": ".st-key-trends_chart", "models": '[data-testid="stDataFrame"]', "sources": '[data-testid="stExpander"]',
    "ingest": '[data-testid="stForm"]:has(input[type="password"])',
}


def page_link(spec: PageSpec, *extra: str) -> str:
    """The page's path with its required parameters and any `extra` ones ('present=true')."""
    query = "&".join(q for q in (REQUIRED_PARAMS.get(spec.key, ""), *extra) if q)
    return spec.path + (f"?{query}" if query else "")


def content_selector(spec: PageSpec) -> str:
    """The element a page's content is measured by: a chart page's plotly graph, another page's own element."""
    return PAGE_CONTENT[spec.key] + (" .js-plotly-plot" if spec.chart_page else "")


# ---------------------------------------------------------------- waits

# Streamlit has connected and drawn the page's first block (the sidebar may be hidden: presentation mode).
FIRST_BLOCK = '[data-testid="stMain"] [data-testid="stVerticalBlock"]'

# Streamlit is idle (connected, no script run, nothing stale, no running-status widget); every plotly graph has
# drawn (a full layout, no transition or pending promise, not mid-replot) at the width of its container; the page's
# fonts are loaded. `signature` describes the layout, so a caller can ask that it holds still between looks.
SETTLED_JS = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.dataset.testConnectionState !== 'CONNECTED' || app.dataset.testScriptState !== 'notRunning')
    return null;
  if (document.querySelector('[data-testid="stStatusWidget"], [data-stale="true"], [data-testid="stSkeleton"], '
                             + '[data-testid="stAppSkeleton"]'))
    return null;
  if (document.fonts.status !== 'loaded') return null;
  const graphs = [...document.querySelectorAll('.js-plotly-plot')];
  for (const gd of graphs) {
    const full = gd._fullLayout;
    if (!full || gd._transitioning || (gd._promises || []).length || full._replotting) return null;
    const visible = gd.getClientRects().length > 0;
    if (visible && Math.abs(full.width - gd.clientWidth) > 1) return null;
  }
  return JSON.stringify([graphs.map(gd => [gd.clientWidth, gd.clientHeight]),
                         document.querySelectorAll('[data-testid="stElementContainer"]').length,
                         document.querySelector('[data-testid="stMain"]')?.scrollHeight]);
}
"""
# The settled state, held for `frames` consecutive animation frames (Playwright polls once a frame): a page still
# appearing changes its signature between frames.
SETTLED_FOR_FRAMES_JS = f"""
(frames) => {{
  const signature = ({SETTLED_JS})();
  const seen = window.__e2eSettled || (window.__e2eSettled = {{signature: null, count: 0}});
  if (signature === null || signature !== seen.signature) {{
    seen.signature = signature; seen.count = 0; return false;
  }}
  seen.count += 1;
  return seen.count >= frames;
}}
"""
SETTLED_FRAMES = 3

# What plotly drew inside a map element (SVG geo): its area traces (name, number of areas), the names written on
# the map, the plot size, the areas actually drawn, how many areas each fill colour paints, the colour bar's title.
MAP_STATE_JS = """
(selector) => {
  const gd = document.querySelector(selector + ' .js-plotly-plot');
  if (!gd || !gd._fullData || !gd._fullLayout) return null;
  const paths = [...gd.querySelectorAll('path.choroplethlocation')].filter(p => p.getBBox().width > 0);
  return {
    traces: gd._fullData.filter(t => t.type === 'choropleth').map(t => [t.name, t.locations.length]),
    labels: [...gd.querySelectorAll('g.trace.scattergeo text')].map(t => t.textContent).filter(t => t),
    size: [gd.clientWidth, gd.clientHeight],
    rendered_areas: new Set(paths.map(p => p.__data__.loc)).size,
    fills: paths.reduce((n, p) => { const c = getComputedStyle(p).fill; n[c] = (n[c] || 0) + 1; return n; }, {}),
    colour_bar: [...gd.querySelectorAll('.cbtitle text')].map(t => t.textContent).join(' '),
  };
}
"""
MAP_READY_JS = f"(selector) => {{ const m = ({MAP_STATE_JS})(selector); return m && m.rendered_areas > 0 && m; }}"

CHART_STATE_JS = """
(selector) => {
  const gd = document.querySelector(selector + ' .js-plotly-plot');
  if (!gd || !gd._fullLayout || !gd._fullData) return null;
  return {
    traces: gd._fullData.map(t => [t.type, (t.x || []).length]),
    drawn_traces: gd.querySelectorAll('g.trace').length,
    drawn_marks: gd.querySelectorAll('g.trace .point, g.trace path.js-line').length,
  };
}
"""
CHART_READY_JS = f"(selector) => {{ const c = ({CHART_STATE_JS})(selector); return c && c.drawn_traces > 0 && c; }}"

# At least `count` elements match and each has a computed size (and, for text, a font size): what a test measures.
ELEMENTS_READY_JS = """
([selector, count]) => {
  const found = [...document.querySelectorAll(selector)].filter(e => e.getBoundingClientRect().width > 0);
  return found.length >= count && found.every(e => parseFloat(getComputedStyle(e).fontSize) > 0) && found.length;
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


def open_page(page, base_url: str, path: str, first: str = FIRST_BLOCK) -> None:
    """Go to the path and wait until Streamlit has drawn `first` (by default the main area's first block)."""
    page.goto(base_url + path)
    page.locator(first).first.wait_for(timeout=TIMEOUT_MS)


def wait_for_map(page, key: str) -> dict:
    """The map in the element keyed `key`, once plotly has drawn its areas (see MAP_STATE_JS)."""
    return page.wait_for_function(MAP_READY_JS, arg=f".st-key-{key}", timeout=TIMEOUT_MS).json_value()


def wait_for_chart(page, key: str) -> dict:
    """The chart in the element keyed `key`, once plotly has drawn at least one trace (see CHART_STATE_JS)."""
    return page.wait_for_function(CHART_READY_JS, arg=f".st-key-{key}", timeout=TIMEOUT_MS).json_value()


def wait_for_content(page, spec: PageSpec) -> None:
    """The page's content has appeared: a chart page's graph drawn by plotly, another page's element visible."""
    if spec.chart_page:
        page.wait_for_function(CHART_READY_JS, arg=PAGE_CONTENT[spec.key], timeout=TIMEOUT_MS)
    else:
        page.locator(PAGE_CONTENT[spec.key]).first.wait_for(state="visible", timeout=TIMEOUT_MS)


def wait_until_settled(page) -> None:
    """Streamlit has finished its run and every chart and font has been drawn, and the page holds still."""
    page.evaluate("() => { delete window.__e2eSettled; }")
    page.wait_for_function(SETTLED_FOR_FRAMES_JS, arg=SETTLED_FRAMES, polling="raf", timeout=TIMEOUT_MS)


# The element's box, once it has held still for `frames` animation frames (elements above it may still be appearing).
STILL_JS = """
([selector, frames]) => {
  const element = document.querySelector(selector);
  if (!element) return false;
  const r = element.getBoundingClientRect();
  const box = {x: r.x, y: r.y, width: r.width, height: r.height};
  const key = JSON.stringify(box), seen = window.__e2eStill || (window.__e2eStill = {key: null, count: 0});
  if (key !== seen.key) { seen.key = key; seen.count = 0; return false; }
  seen.count += 1;
  return seen.count >= frames && box;
}
"""


def wait_until_still(page, selector: str) -> dict:
    """The box (x, y, width, height) of the first element matching `selector`, once it has stopped moving."""
    page.evaluate("() => { delete window.__e2eStill; }")
    return page.wait_for_function(STILL_JS, arg=[selector, SETTLED_FRAMES], polling="raf",
                                  timeout=TIMEOUT_MS).json_value()


def wait_for_elements(page, selector: str, count: int = 1) -> int:
    """At least `count` visible elements match `selector`, laid out and styled; how many there are."""
    return page.wait_for_function(ELEMENTS_READY_JS, arg=[selector, count], timeout=TIMEOUT_MS).json_value()


# ---------------------------------------------------------------- reading the page

def server_log(page) -> str:
    """The last lines the server of this page wrote (tracebacks of the exceptions the browser shows redacted)."""
    origin = "{0.scheme}://{0.netloc}".format(urlparse(page.url))
    output = _SERVERS.get(origin)
    return output.tail() if output else ""


def assert_no_exception(page) -> None:
    """No Streamlit exception box on the page (a page that raised still draws what came before the error)."""
    shown = page.locator('[data-testid="stException"]').all_inner_texts()
    assert shown == [], f"{shown}\nserver log:\n{server_log(page)}"


def url_params(page) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlparse(page.url).query).items()}


def legend_entries(page, key: str) -> list[str]:
    return page.locator(f".st-key-{key} .legendtext").evaluate_all("els => els.map(e => e.textContent)")


def selected_radio_label(page, label: str) -> str:
    group = page.locator('[data-testid="stRadio"]').filter(has_text=label)
    return group.locator('[data-testid="stRadioOption"]:has(input:checked)').inner_text().strip()


def selectbox_value(page, label: str) -> str:
    return page.get_by_role("combobox", name=label, exact=True).input_value()


def multiselect_values(page, label: str) -> list[str]:
    """The chosen options of a multiselect, as its tags show them."""
    box = page.locator('[data-testid="stMultiSelect"]').filter(has=page.get_by_role("combobox", name=label, exact=True))
    return box.locator("[data-tag]").evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")


def metric_texts(page) -> list[tuple[str, str]]:
    """(label, value) of every KPI card, in order."""
    cards = page.locator('[data-testid="stMetric"]')
    return list(zip(cards.locator('[data-testid="stMetricLabel"]').all_inner_texts(),
                    cards.locator('[data-testid="stMetricValue"]').all_inner_texts(), strict=True))


def table_rows(page, selector: str) -> list[list[str]]:
    """The rows of a plain table (st.table), header first, each cell's text; waits for the table to be drawn (it may
    come after the charts above it)."""
    page.locator(f"{selector} tr").first.wait_for(timeout=TIMEOUT_MS)
    return page.locator(f"{selector} tr").evaluate_all(
        "rows => rows.map(r => [...r.querySelectorAll('th, td')].map(c => c.innerText.trim()))")


# ---------------------------------------------------------------- screenshots

# Every visible plotly graph has relaid out to its container's width (Streamlit resizes a chart after its container
# changes; until then plotly draws at the old width).
RELAYOUT_DONE_JS = """
() => [...document.querySelectorAll('.js-plotly-plot')].filter(gd => gd.getClientRects().length > 0)
      .every(gd => gd._fullLayout && !(gd._promises || []).length
                   && Math.abs(gd._fullLayout.width - gd.clientWidth) <= 1)
"""


def save_screenshot(page, name: str, full_page: bool = True) -> Path:
    """A screenshot in tests/artifacts/e2e/<name>.png: the whole page, or the first screen (`full_page=False`).

    Streamlit scrolls inside its main container, so for the whole page the viewport is grown to the content height
    first, and the picture is taken once every chart has relaid out to the new width (a scroll bar comes or goes).
    """
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    if not full_page:
        page.screenshot(path=str(path))
        return path
    height = page.evaluate(
        "() => Math.max(...['[data-testid=stMain]', '[data-testid=stSidebarContent]']"
        ".map(s => document.querySelector(s)?.scrollHeight || 0), window.innerHeight)"
    )
    original = page.viewport_size
    page.set_viewport_size({"width": original["width"], "height": min(int(height) + 40, MAX_SCREENSHOT_HEIGHT)})
    page.wait_for_function(RELAYOUT_DONE_JS, timeout=TIMEOUT_MS)
    wait_until_settled(page)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(original)
    page.wait_for_function(RELAYOUT_DONE_JS, timeout=TIMEOUT_MS)
    return path
