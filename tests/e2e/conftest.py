"""Browser fixtures: a fresh Streamlit server on a free loopback port, headless system Chromium, offline pages.

The helpers they use (and the waits the tests use) are in tests/e2e/helpers.py.
"""

from collections.abc import Iterator

import pytest

from tests.e2e.helpers import (
    PROJECT_ROOT,  # noqa: F401 - tests/test_interactive_map.py imports it from here
    OfflineContext,
    streamlit_server,
)

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """One server shared by the tests of a module."""
    with streamlit_server() as base_url:
        yield base_url


@pytest.fixture
def fresh_server() -> Iterator[str]:
    """A server no session has visited yet (for deep links opened as the very first request)."""
    with streamlit_server() as base_url:
        yield base_url


@pytest.fixture
def offline(browser) -> Iterator[OfflineContext]:
    context = OfflineContext(browser)
    yield context
    context.context.close()


@pytest.fixture
def page(offline):
    """A page whose every non-local request is blocked; `page.blocked_urls` lists what was attempted."""
    return offline.new_page()


@pytest.fixture(scope="session")
def view_content():
    """The content a link's view computes (briefing.views, the function the page renders), from the same store the
    servers read (DATABASE_URL of the session): what the browser shows is checked against it, to the value."""
    from briefing.inputs import load_view_inputs
    from briefing.links import parse_view
    from briefing.views import build_view_content

    inputs = load_view_inputs()
    built = {}

    def content(link: str):
        if link not in built:
            built[link] = build_view_content(parse_view(link), inputs)
        return built[link]

    content.inputs = inputs
    return content
