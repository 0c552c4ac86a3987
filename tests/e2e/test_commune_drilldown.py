"""Drill-down in today's structure, in a real browser: a click on the 34-province overview opens the province's
commune map; a click on a commune filters to it (`commune=CODE` in the URL), a second click to another.

The server reads a store of its own: the frozen dataset plus a few commune figures (tests/commune_fixtures.py)."""

import re

import pytest

from geo import layers
from indicators.store.published import open_store
from tests.commune_fixtures import COMMUNE_VALUES, HCMC, data_with_commune_figures
from tests.e2e.helpers import (
    PROJECT_JS,
    TIMEOUT_MS,
    assert_no_exception,
    open_page,
    save_screenshot,
    streamlit_server,
    url_params,
    wait_for_map,
    wait_until_settled,
)

pytestmark = pytest.mark.browser

HCMC_INSIDE = (106.62, 10.95)  # lon, lat: inside TP HCM of the 34 provinces (former Bình Dương), on land
FIRST, SECOND = "27592", "25942"  # Xã Bà Điểm (20 models) and Phường Dĩ An (12): two communes with a figure


@pytest.fixture(scope="module")
def commune_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("commune_store")
    url = f"sqlite:///{folder / 'store.sqlite'}"
    open_store(url, seed_dir=data_with_commune_figures(folder / "seed")).dispose()
    with streamlit_server(env={"DATABASE_URL": url}) as base_url:
        yield base_url


def inside(code: str) -> list[float]:
    """A point inside a commune (lon, lat) of the built layer."""
    communes = layers.load_communes().set_index("commune_code")
    point = communes.geometry[code].representative_point()
    return [point.x, point.y]


def click_map(page, key: str, lonlat) -> None:
    """A click at a lon/lat of the map keyed `key`, brought on screen first (it may stand below the first screen)."""
    page.locator(f".st-key-{key} .js-plotly-plot").scroll_into_view_if_needed()
    wait_until_settled(page)
    point = page.evaluate(PROJECT_JS, [f".st-key-{key}", list(lonlat)])
    page.mouse.move(point["x"], point["y"])
    page.mouse.click(point["x"], point["y"])


def test_clicking_a_province_on_the_34_province_overview_opens_its_commune_map(commune_server, page):
    open_page(page, commune_server, "/?version=vn34")  # what each province reported (too few share a headline's scale)
    wait_for_map(page, "overview_map")
    wait_until_settled(page)
    click_map(page, "overview_map", HCMC_INSIDE)
    page.wait_for_url(re.compile(rf"/province\?(.*&)?province={HCMC}(&|$)"), timeout=TIMEOUT_MS)
    drawn = wait_for_map(page, "commune_map")
    assert url_params(page)["version"] == "vn34"
    page.locator("h1", has_text="Thành phố Hồ Chí Minh").wait_for(timeout=TIMEOUT_MS)
    assert drawn["rendered_areas"] == 168
    assert dict(drawn["traces"])["Chưa có số liệu"] == 168 - len(COMMUNE_VALUES) - 1
    assert_no_exception(page)
    save_screenshot(page, "commune_map_hcmc")


def test_a_click_on_a_commune_filters_to_it_and_a_second_click_to_another(commune_server, page):
    open_page(page, commune_server, f"/province?province={HCMC}&version=vn34")
    wait_for_map(page, "commune_map")
    wait_until_settled(page)
    click_map(page, "commune_map", inside(FIRST))
    page.wait_for_url(re.compile(rf"commune={FIRST}(&|$)"), timeout=TIMEOUT_MS)
    page.locator("h1", has_text="Xã Bà Điểm").wait_for(timeout=TIMEOUT_MS)
    wait_for_map(page, "commune_map")
    wait_until_settled(page)
    click_map(page, "commune_map", inside(SECOND))
    page.wait_for_url(re.compile(rf"commune={SECOND}(&|$)"), timeout=TIMEOUT_MS)
    page.locator("h1", has_text="Phường Dĩ An").wait_for(timeout=TIMEOUT_MS)
    assert url_params(page)["commune"] == SECOND
    wait_until_settled(page)
    assert_no_exception(page)
    save_screenshot(page, "commune_map_hcmc_di_an")


def test_presentation_hides_the_controls_and_keeps_the_commune_map_on_the_first_screen(commune_server, page):
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_page(page, commune_server, f"/province?province={HCMC}&version=vn34&present=true")
    page.locator(".st-key-present_exit button:visible").wait_for(state="visible", timeout=TIMEOUT_MS)
    wait_for_map(page, "commune_map")
    wait_until_settled(page)
    assert page.locator('[data-testid="stSelectbox"]:visible').count() == 0
    assert page.locator(".st-key-export_bar:visible").count() == 0
    assert page.locator(".st-key-commune_map").bounding_box()["y"] < 0.75 * 1080
    save_screenshot(page, "commune_map_hcmc_presentation", full_page=False)


def test_phone_commune_page_tables_are_cards_within_the_screen(commune_server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    try:
        open_page(phone, commune_server, f"/province?province={HCMC}&version=vn34")
        wait_for_map(phone, "commune_map")
        wait_until_settled(phone)
        assert phone.locator(".table-card").count() >= 10
        cards = phone.locator(".table-card").evaluate_all("cards => cards.map(c => c.getBoundingClientRect().right)")
        assert max(cards) <= 390
        assert phone.evaluate("() => document.querySelector('[data-testid=stMain]').scrollWidth") <= 390
        save_screenshot(phone, "commune_page_hcmc_phone")
    finally:
        context.close()
