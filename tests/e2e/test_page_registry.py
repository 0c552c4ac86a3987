"""The page registry (briefing.pages.PAGES) against a running server: every registered page answers its path on a
fresh server with its own content, and the chart pages' HTML is Streamlit's own page plus exactly the two tags that
start the chart code early (components/server.py)."""

import difflib
from pathlib import Path
from urllib.parse import urlparse

import pytest
import streamlit

from briefing.i18n import translate
from briefing.pages import PAGES, chart_paths
from components.server import load_later_tag
from tests.e2e.helpers import (
    PAGE_CONTENT,
    assert_no_exception,
    fetch,
    open_page,
    page_link,
    save_screenshot,
    wait_for_content,
    wait_until_settled,
)

pytestmark = pytest.mark.browser

NAV_LINKS = '[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"] [data-testid="stMarkdownContainer"]'
STREAMLIT_JS = Path(streamlit.__file__).parent / "static" / "static" / "js"


def test_every_registered_page_has_its_content_described_here():
    """A page added to the registry must say what it shows (helpers.PAGE_CONTENT), or the tests below skip it."""
    assert sorted(PAGE_CONTENT) == sorted(spec.key for spec in PAGES)


@pytest.mark.parametrize("spec", PAGES, ids=[spec.key for spec in PAGES])
def test_every_registered_page_answers_its_path_on_a_fresh_server(fresh_server, page, spec):
    """The page's link as the very first request after a start: that page's content (a chart page's plotly graph
    drawn, the models' grid, the sources' sections, the sign-in form) under the shared sidebar, no error."""
    link = page_link(spec)
    open_page(page, fresh_server, link)
    wait_for_content(page, spec)
    wait_until_settled(page)
    assert urlparse(page.url).path == spec.path
    assert page.locator(NAV_LINKS).all_inner_texts() == [translate(other.title_key, "vi") for other in PAGES]
    assert (page.locator('[data-testid="stMain"] .js-plotly-plot').count() > 0) == spec.chart_page
    assert_no_exception(page)
    assert page.blocked_urls == []
    save_screenshot(page, f"page_{spec.key}")


def test_chart_page_html_is_streamlits_page_plus_the_chart_code_preload_and_start(server):
    """Fetched as a browser would: every chart page's HTML is the page Streamlit serves for /models (a page without
    charts) with exactly three added lines, the module preload and the import() of Streamlit's plotly chunk, and the
    script that loads the province page's element code after the first chart; that chunk is served at the URL the
    tags name."""
    (chunk,) = [path.name for path in STREAMLIT_JS.glob("PlotlyChart.*.js")]
    status, plain = fetch(f"{server}/models")
    assert status == 200 and "PlotlyChart" not in plain
    href = f"./static/js/{chunk}"
    for path in chart_paths():
        status, html = fetch(f"{server}{path}")
        assert status == 200
        diff = [line for line in difflib.ndiff(plain.splitlines(), html.splitlines()) if line[:2] in ("+ ", "- ")]
        assert [line[:2] + line[2:].strip() for line in diff] == [
            f'+ <link rel="modulepreload" crossorigin href="{href}" fetchpriority="high" />',
            f'+ <script type="module" async>import("{href}");</script>',
            f"+ {load_later_tag()}",
        ], path
    status, _ = fetch(f"{server}/static/js/{chunk}")
    assert status == 200
    for spec in PAGES:
        if not spec.chart_page:
            assert fetch(f"{server}{spec.path}") == (200, plain), spec.path
