"""The interactive map file opened from disk in Chromium with every request but file:// aborted: Leaflet draws all
provinces, both archipelagos are named inside the first view, tooltips carry the provenance, nothing is fetched."""

from urllib.parse import urlparse

import pytest
from shapely.geometry import shape

from briefing.i18n import translate
from briefing.inputs import load_view_inputs
from briefing.interactive import build_interactive_map
from briefing.links import parse_view
from briefing.views import build_view_content
from tests.e2e.helpers import ARTIFACTS

pytestmark = pytest.mark.browser

OVERVIEW_LINK = "/?indicator=exemplars_honoured&window=years_2_3"  # Yên Bái, Hà Tĩnh, TP HCM
SIZES = {"desktop": (1440, 900), "phone": (390, 844)}
# Box of an element and of the Leaflet map holding it (viewport pixels), and whether it is drawn.
LABEL_BOXES_JS = """
(testid) => {
  const label = document.querySelector(`[data-testid="${testid}"]`);
  const box = (e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  return {label: box(label), map: box(label.closest('.folium-map')), text: label.innerText,
          visible: getComputedStyle(label).visibility === 'visible' && label.getClientRects().length > 0};
}
"""
# The viewport point of a lat/lon on the first Leaflet map of the page (folium names it map_<id>, a global).
POINT_JS = """
([lat, lon]) => {
  const element = document.querySelector('.folium-map');
  const point = window[element.id].latLngToContainerPoint([lat, lon]);
  const r = element.getBoundingClientRect();
  return [r.left + point.x, r.top + point.y];
}
"""


@pytest.fixture(scope="module")
def inputs():
    return load_view_inputs()


@pytest.fixture(scope="module")
def overview_file(inputs, tmp_path_factory):
    path = tmp_path_factory.mktemp("interactive") / "ban-do.html"
    path.write_bytes(build_interactive_map(build_view_content(parse_view(OVERVIEW_LINK), inputs), inputs))
    return path


class FileOnlyContext:
    """A browser context that lets only file:// requests through and records every request it sees."""

    def __init__(self, browser, size: tuple[int, int]):
        self.requests: list[str] = []
        self.context = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="vi-VN")
        self.context.set_default_timeout(30_000)
        self.context.route("**/*", self._route)

    def _route(self, route) -> None:
        self.requests.append(route.request.url)
        if urlparse(route.request.url).scheme == "file":
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def open(self, path):
        page = self.context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.goto(path.as_uri())
        page.wait_for_selector(".folium-map.leaflet-container")
        return page


@pytest.fixture
def file_only(browser, request):
    context = FileOnlyContext(browser, SIZES[getattr(request, "param", "desktop")])
    yield context
    context.context.close()


def representative_point(inputs, code: str) -> tuple[float, float]:
    """A (lat, lon) surely inside a province of the vn63 layer."""
    feature = next(f for f in inputs.province_geojson("vn63")["features"] if f["properties"]["province_code"] == code)
    point = shape(feature["geometry"]).representative_point()
    return point.y, point.x


@pytest.mark.parametrize("file_only", list(SIZES), indirect=True)
def test_map_draws_every_province_and_names_both_archipelagos_offline(file_only, overview_file, request):
    page = file_only.open(overview_file)
    page.wait_for_function("() => document.querySelectorAll('path.vn-province').length === 63")
    assert page.locator("path.leaflet-interactive").count() >= 63
    for key in ("hoang_sa", "truong_sa"):
        state = page.evaluate(LABEL_BOXES_JS, f"archipelago-{key.replace('_', '-')}")
        assert state["visible"] and state["text"].replace("\n", " ") == translate(f"archipelago_{key}", "vi")
        left, top, right, bottom = state["label"]
        map_left, map_top, map_right, map_bottom = state["map"]
        assert map_left <= left < right <= map_right and map_top <= top < bottom <= map_bottom, state
    assert page.get_by_test_id("map-credit").inner_text().startswith("Ranh giới: dvhcvn / Cổng TTĐT Chính phủ.")
    assert page.get_by_test_id("map-title").is_visible() and page.get_by_test_id("map-legend").is_visible()
    assert file_only.requests == [overview_file.as_uri()] and page.errors == []
    name = "interactive_map" if request.node.callspec.id == "desktop" else "interactive_map_phone"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_hovering_a_province_shows_its_value_and_provenance(file_only, overview_file, inputs):
    page = file_only.open(overview_file)
    page.wait_for_function("() => document.querySelectorAll('path.vn-province').length === 63")
    page.mouse.move(*page.evaluate(POINT_JS, list(representative_point(inputs, "42"))))
    tooltip = page.locator(".leaflet-tooltip.vn-tooltip")
    tooltip.wait_for()
    assert tooltip.inner_text().split("\n") == [
        "Tỉnh Hà Tĩnh", "42", "Phạm vi: toàn tỉnh", "Thời kỳ: 01/2021–05/2024",
        "Nguồn: Hà Tĩnh vinh danh 42 điển hình học và làm theo Bác", "giai đoạn 2021-2024",  # wrapped at whole words
        "«vinh danh 42 điển hình học và làm theo Bác»",
    ]
    assert file_only.requests == [overview_file.as_uri()] and page.errors == []
    page.screenshot(path=str(ARTIFACTS / "interactive_map_tooltip.png"))


def test_da_nang_district_map_shows_hoang_sa_in_its_inset(file_only, inputs, tmp_path):
    path = tmp_path / "da-nang.html"
    content = build_view_content(parse_view("/province?province=48"), inputs)
    path.write_bytes(build_interactive_map(content, inputs))
    page = file_only.open(path)
    page.wait_for_function("() => document.querySelectorAll('path.vn-district').length === 8")
    maps = page.locator(".folium-map")
    assert maps.count() == 2
    main_box, inset_box = maps.nth(0).bounding_box(), maps.nth(1).bounding_box()
    assert inset_box["x"] >= main_box["x"] + main_box["width"]  # beside the mainland map, never over it
    assert maps.nth(0).locator("path.vn-district").count() == 7
    assert maps.nth(1).locator("path.vn-district").count() == 1
    assert maps.nth(1).get_by_text("H. Hoàng Sa").is_visible()
    assert file_only.requests == [path.as_uri()] and page.errors == []
    page.screenshot(path=str(ARTIFACTS / "interactive_map_da_nang.png"))
