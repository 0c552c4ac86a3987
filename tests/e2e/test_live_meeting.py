"""Real-browser checks of the state a live meeting must not break: a language switch, district clicks, drill-down in
presentation mode, a tap on a phone, place pickers that match with or without diacritics (issue 13).

The map, the pickers and the URL are one state: each test acts in the browser as a user would and then reads all
three (the URL's codes, the widgets' shown labels, what the page draws), and the server's log for exceptions.
"""

import re
from urllib.parse import parse_qsl, urlparse

import pytest

from briefing.i18n import translate
from geo import layers
from tests.e2e.helpers import (
    PROJECT_JS,
    TIMEOUT_MS,
    assert_no_exception,
    multiselect_values,
    open_page,
    save_screenshot,
    selectbox_value,
    selected_radio_label,
    server_log,
    url_params,
    wait_for_map,
    wait_until_settled,
)

pytestmark = pytest.mark.browser

DIEN_BIEN, QUANG_NGAI, CAO_BANG = "11", "51", "04"
MUONG_NHE, MUONG_CHA = "096", "097"
HONOURS = "exemplars_honoured"
PHONE = {"width": 390, "height": 844}
WARNING = '[data-testid="stAlertContentWarning"]'
# The areas drawn under a page point, by location code (plotly's area paths take no pointer events, so each path is
# asked whether its fill holds the point, in its own coordinates).
AREAS_AT_JS = """
([x, y]) => [...document.querySelectorAll('path.choroplethlocation')].filter(path => {
  const local = new DOMPoint(x, y).matrixTransform(path.getScreenCTM().inverse());
  return path.isPointInFill(local);
}).map(path => path.__data__.loc)
"""
# The map takes clicks: its click selection is on (briefing/maps.py sets clickmode). With plotly's default `clickmode`
# ("event") a click shows a hover label, selects nothing and reruns nothing; a map stuck so makes this wait fail.
CLICKABLE_JS = """
(selector) => {
  const gd = document.querySelector(selector + ' .js-plotly-plot');
  return !!(gd && gd._fullLayout && gd._fullLayout.clickmode.includes('select'));
}
"""
# Scroll Streamlit's main area so that a page point comes to the middle of the screen (a phone shows the map below
# the numbers, out of reach of a tap).
SCROLL_TO_JS = """
(y) => { document.querySelector('[data-testid="stMain"]').scrollBy(0, y - window.innerHeight / 2); }
"""


def inside_point(level: str, code: str) -> tuple[float, float]:
    """(lon, lat) of a point surely inside a province or a district of Điện Biên: the representative point of its
    real boundary (on the polygon, away from its edge)."""
    if level == "province":
        gdf = layers.load_layer("province", "vn63").set_index("province_code")
    else:
        gdf = layers.districts_of_province(DIEN_BIEN).set_index("district_code")
    point = gdf.geometry[code].representative_point()
    return point.x, point.y


def map_point(page, key: str, level: str, code: str) -> dict:
    """The page point of the area on the map keyed `key`, once the map has drawn, settled and takes clicks."""
    wait_for_map(page, key)
    page.wait_for_function(CLICKABLE_JS, arg=f".st-key-{key}", timeout=TIMEOUT_MS)
    wait_until_settled(page)
    lonlat = list(inside_point(level, code))
    point = page.evaluate(PROJECT_JS, [f".st-key-{key}", lonlat])
    if not 0 < point["y"] < page.viewport_size["height"]:
        page.evaluate(SCROLL_TO_JS, point["y"])
        wait_until_settled(page)
        point = page.evaluate(PROJECT_JS, [f".st-key-{key}", lonlat])
    return point


def click_area(page, key: str, level: str, code: str) -> None:
    point = map_point(page, key, level, code)
    page.mouse.move(point["x"], point["y"])
    page.mouse.click(point["x"], point["y"])


def query_pairs(page) -> list[tuple[str, str]]:
    return parse_qsl(urlparse(page.url).query)


def choose_option(page, label: str, option: str) -> None:
    """Open the selectbox labelled `label` and pick the option shown as `option`."""
    page.get_by_role("combobox", name=label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def warnings(page) -> list[str]:
    return page.locator(WARNING).all_inner_texts()


# ---------------------------------------------------------------- 1. language switch, then the admin version

def test_switching_language_then_admin_version_keeps_codes_in_the_url_and_english_labels(server, page):
    open_page(page, server, f"/?indicator={HONOURS}")
    wait_for_map(page, "overview_map")
    wait_until_settled(page)
    choose_option(page, translate("language", "vi"), "English")
    page.wait_for_function("() => location.search.includes('lang=en')", timeout=TIMEOUT_MS)
    page.get_by_role("combobox", name="Indicator", exact=True).wait_for(timeout=TIMEOUT_MS)
    wait_until_settled(page)
    assert selectbox_value(page, "Indicator") == "Exemplars honoured (4 provinces)"  # the 2–3-year kind

    page.locator('[data-testid="stRadio"]').get_by_text(translate("version_vn34", "en"), exact=True).click()
    page.wait_for_function("() => location.search.includes('version=vn34')", timeout=TIMEOUT_MS)
    page.locator(".st-key-overview_listing").wait_for(timeout=TIMEOUT_MS)  # 1 of the 34 on a scale: listed, no map
    wait_until_settled(page)
    assert warnings(page) == []  # no "Invalid link parameter": a display label never went into the URL
    assert sorted(query_pairs(page)) == [("indicator", HONOURS), ("lang", "en"), ("version", "vn34")]
    assert selectbox_value(page, "Indicator") == "Exemplars honoured (1 province)"
    assert selected_radio_label(page, "Administrative units") == translate("version_vn34", "en")
    assert selectbox_value(page, "Language") == "English"
    assert_no_exception(page)
    save_screenshot(page, "live_language_then_vn34")


# ---------------------------------------------------------------- 2. district clicks: map, picker and URL agree

def test_clicking_districts_on_the_province_map_sets_the_picker_and_the_url_and_switches_between_them(
        server, page, view_content):
    open_page(page, server, f"/province?province={DIEN_BIEN}")
    district_filter = translate("district_filter", "vi")

    def assert_one_state(code: str, name: str) -> None:
        """The URL, the picker and the page (title, the models' count of the filtered view) show the district."""
        page.wait_for_function(f"() => new URLSearchParams(location.search).get('district') === '{code}'",
                               timeout=TIMEOUT_MS)
        content = view_content(f"/province?province={DIEN_BIEN}&district={code}")
        page.locator("h1", has_text=content.title).wait_for(timeout=TIMEOUT_MS)
        wait_for_map(page, "province_map")
        wait_until_settled(page)
        assert url_params(page) == {"province": DIEN_BIEN, "district": code}
        assert selectbox_value(page, district_filter) == name
        assert page.locator("h1").first.inner_text() == content.title == f"Tỉnh Điện Biên – {name}"
        models = translate("models_count", "vi", count=len(content.models))
        assert page.get_by_text(models, exact=True).count() == 1 and len(content.models) == 1
        assert_no_exception(page)

    click_area(page, "province_map", "district", MUONG_NHE)
    assert_one_state(MUONG_NHE, "Huyện Mường Nhé")
    click_area(page, "province_map", "district", MUONG_CHA)  # a second district switches, never clears
    assert_one_state(MUONG_CHA, "Huyện Mường Chà")
    click_area(page, "province_map", "district", MUONG_NHE)  # and back: every click is a new selection
    assert_one_state(MUONG_NHE, "Huyện Mường Nhé")
    save_screenshot(page, "live_district_clicks")

    # The picker writes the same state back: "Tất cả huyện" clears the district from the URL and the title.
    choose_option(page, district_filter, "Tất cả huyện")
    page.wait_for_function("() => !location.search.includes('district=')", timeout=TIMEOUT_MS)
    page.locator("h1", has_text="Tỉnh Điện Biên").wait_for(timeout=TIMEOUT_MS)
    wait_until_settled(page)
    assert url_params(page) == {"province": DIEN_BIEN}
    assert selectbox_value(page, district_filter) == "Tất cả huyện"
    assert page.locator("h1").first.inner_text() == "Tỉnh Điện Biên"


# ---------------------------------------------------------------- 3. drill-down in presentation mode

def test_clicking_a_province_in_presentation_mode_opens_it_in_presentation_mode(server, page):
    open_page(page, server, "/?present=true")
    page.locator(".st-key-present_exit button:visible").wait_for(timeout=TIMEOUT_MS)
    click_area(page, "overview_map", "province", DIEN_BIEN)
    page.wait_for_url(re.compile(r"/province\?"), timeout=TIMEOUT_MS)
    page.locator("h1", has_text="Tỉnh Điện Biên").wait_for(timeout=TIMEOUT_MS)
    wait_for_map(page, "province_map")
    wait_until_settled(page)
    assert url_params(page) == {"province": DIEN_BIEN, "present": "true"}
    page.locator(".st-key-present_exit button:visible").wait_for(timeout=TIMEOUT_MS)
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert "StreamlitAPIException" not in server_log(page)
    assert_no_exception(page)
    save_screenshot(page, "live_present_drilldown", full_page=False)

    # Esc leaves presentation mode on the page on screen, the same province.
    page.keyboard.press("Escape")
    page.wait_for_function("() => !location.search.includes('present')", timeout=TIMEOUT_MS)
    # The same page runs again: while it does, the title it showed and the new one may both be in the page.
    page.locator("h1", has_text="Tỉnh Điện Biên").first.wait_for(timeout=TIMEOUT_MS)
    wait_until_settled(page)
    assert urlparse(page.url).path == "/province"
    assert url_params(page) == {"province": DIEN_BIEN}
    assert "StreamlitAPIException" not in server_log(page)

    # Back to the country map: it stays there (the click that drilled down is not taken again).
    page.locator('[data-testid="stMain"] [data-testid="stPageLink-NavLink"]').first.click()
    page.wait_for_url(re.compile(r"/(\?.*)?$"), timeout=TIMEOUT_MS)
    wait_for_map(page, "overview_map")
    wait_until_settled(page)
    assert urlparse(page.url).path == "/"
    assert page.locator(".st-key-overview_map").count() == 1


# ---------------------------------------------------------------- 4. a tap on a phone

def test_tapping_dien_bien_on_a_phone_opens_dien_bien(server, browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="vi-VN")
    try:
        page = context.new_page()
        open_page(page, server, "/")
        point = map_point(page, "overview_map", "province", DIEN_BIEN)
        assert page.evaluate(AREAS_AT_JS, [point["x"], point["y"]]) == [DIEN_BIEN]  # the map draws Điện Biên there
        page.touchscreen.tap(point["x"], point["y"])
        page.wait_for_url(re.compile(r"/province\?"), timeout=TIMEOUT_MS)
        page.locator("h1").first.wait_for(timeout=TIMEOUT_MS)
        assert url_params(page)["province"] == DIEN_BIEN
        assert page.locator("h1").first.inner_text() == "Tỉnh Điện Biên"
        save_screenshot(page, "live_phone_tap_dien_bien", full_page=False)
    finally:
        context.close()


# ---------------------------------------------------------------- 5. place pickers with or without diacritics

def search_place(page, text: str) -> None:
    """Type into the place picker's search box and press Enter."""
    box = page.get_by_role("textbox", name=translate("place_search", "vi"), exact=True)
    box.fill(text)
    box.press("Enter")


def listed_options(page, label: str) -> list[str]:
    """The options a selectbox lists when opened (closed again afterwards)."""
    page.get_by_role("combobox", name=label, exact=True).click()
    options = page.get_by_role("option")
    options.first.wait_for(timeout=TIMEOUT_MS)
    shown = options.all_inner_texts()
    page.keyboard.press("Escape")
    return shown


def test_province_box_finds_a_province_typed_without_diacritics(server, page):
    open_page(page, server, f"/province?province={DIEN_BIEN}")
    wait_for_map(page, "province_map")
    wait_until_settled(page)
    picker = translate("choose_province", "vi")
    search_place(page, "quang ngai")
    page.wait_for_function(f"() => new URLSearchParams(location.search).get('province') === '{QUANG_NGAI}'",
                           timeout=TIMEOUT_MS)
    page.locator("h1", has_text="Tỉnh Quảng Ngãi").wait_for(timeout=TIMEOUT_MS)
    wait_until_settled(page)
    assert url_params(page) == {"province": QUANG_NGAI}
    assert selectbox_value(page, picker) == "Tỉnh Quảng Ngãi (Quang Ngai)"
    assert page.get_by_role("textbox", name=translate("place_search", "vi"), exact=True).input_value() == ""

    # Several matches narrow the picker's list to them (the province on screen is one), names only; typed with
    # diacritics, the diacritics count ("quảng" is not Tuyên Quang), typed without, they do not.
    search_place(page, "QUANG")
    page.get_by_text("6 tên khớp «QUANG»", exact=False).wait_for(timeout=TIMEOUT_MS)
    wait_until_settled(page)
    quang = ["Tỉnh Quảng Bình (Quang Binh)", "Tỉnh Quảng Nam (Quang Nam)", "Tỉnh Quảng Ngãi (Quang Ngai)",
             "Tỉnh Quảng Ninh (Quang Ninh)", "Tỉnh Quảng Trị (Quang Tri)"]
    assert listed_options(page, picker) == [*quang, "Tỉnh Tuyên Quang (Tuyen Quang)"]
    search_place(page, "Quảng")
    page.get_by_text("5 tên khớp «Quảng»", exact=False).wait_for(timeout=TIMEOUT_MS)
    wait_until_settled(page)
    assert listed_options(page, picker) == quang
    choose_option(page, picker, "Tỉnh Quảng Trị (Quang Tri)")
    page.locator("h1", has_text="Tỉnh Quảng Trị").wait_for(timeout=TIMEOUT_MS)
    wait_until_settled(page)
    assert url_params(page) == {"province": "45"}
    assert_no_exception(page)


def test_compare_provinces_found_without_diacritics_show_their_names_only(server, page):
    open_page(page, server, f"/compare?preset=custom&provinces={CAO_BANG}")
    page.locator(".st-key-table_grid_compare_table").wait_for(timeout=TIMEOUT_MS)  # no chart: no shared value
    wait_until_settled(page)
    label = translate("compare_provinces", "vi")
    assert multiselect_values(page, label) == ["Tỉnh Cao Bằng (Cao Bang)"]  # the name, then without diacritics
    search_place(page, "quang ngai")
    page.wait_for_function(f"() => location.search.includes('{QUANG_NGAI}')", timeout=TIMEOUT_MS)
    wait_until_settled(page)
    assert multiselect_values(page, label) == ["Tỉnh Cao Bằng (Cao Bang)", "Tỉnh Quảng Ngãi (Quang Ngai)"]
    assert url_params(page) == {"preset": "custom", "provinces": f"{CAO_BANG},{QUANG_NGAI}"}
    assert_no_exception(page)
    save_screenshot(page, "live_compare_without_diacritics")
