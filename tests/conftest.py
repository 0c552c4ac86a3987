"""Shared fixtures: the real gazetteer and the curated dataset, loaded once per test session; a throw-away store."""

import os

import pytest

from indicators.domain.gazetteer import load_gazetteer
from indicators.domain.tables import load_dataset


@pytest.fixture(scope="session", autouse=True)
def temporary_store_url(tmp_path_factory):
    """Point DATABASE_URL at a SQLite file in a temporary folder for the whole session (AppTest and the servers
    the browser tests start inherit it), so no test writes data/store.sqlite; it fills from data/ on first use."""
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'store.sqlite'}"
    previous = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    yield url
    if previous is None:
        os.environ.pop("DATABASE_URL", None)
    else:
        os.environ["DATABASE_URL"] = previous


@pytest.fixture(scope="session")
def gazetteer():
    return load_gazetteer()


@pytest.fixture(scope="session")
def dataset():
    return load_dataset()


@pytest.fixture(scope="session")
def browser():
    """One headless system Chromium for the session: Playwright's sync API runs one instance per process, so the
    browser tests and the tests that measure rendered SVG (tests/test_archipelago_labels.py) share it."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS

    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
