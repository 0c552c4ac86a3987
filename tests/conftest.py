"""Shared fixtures: the real gazetteer and the frozen curated dataset (tests/fixtures/frozen_data/), loaded once per
test session; a throw-away store filled from the frozen dataset."""

import os

import pytest

from indicators.domain.gazetteer import load_gazetteer
from indicators.domain.tables import load_dataset
from tests.frozen_data import FROZEN_DATA_DIR


@pytest.fixture(scope="session", autouse=True)
def temporary_store_url(tmp_path_factory):
    """Point DATABASE_URL at a SQLite file in a temporary folder for the whole session (AppTest and the servers
    the browser tests start inherit it), so no test writes data/store.sqlite; it fills on first use from the frozen
    dataset (VN_SEED_DATA_DIR, which duplicates.csv is read from too), so data/ may grow without moving a count."""
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'store.sqlite'}"
    settings = {"DATABASE_URL": url, "VN_SEED_DATA_DIR": str(FROZEN_DATA_DIR)}
    previous = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    yield url
    for name, value in previous.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session")
def gazetteer():
    return load_gazetteer()


@pytest.fixture(scope="session")
def dataset():
    """The frozen curated tables (tests that check data/ itself load it on purpose)."""
    return load_dataset(FROZEN_DATA_DIR)


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
