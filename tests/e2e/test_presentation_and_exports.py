"""Real-browser checks of the briefing features: presentation mode at projector sizes, the printed overview on one A4
landscape sheet, and the overview's download buttons giving files that open."""

import csv
import io
import re
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest
from openpyxl import load_workbook
from PIL import Image
from pptx import Presentation

from tests.e2e.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

TIMEOUT_MS = 45_000
EXPORT_TIMEOUT_MS = 120_000  # a cold PNG or deck starts kaleido's Chromium
PROJECTOR_SIZES = [(1920, 1080), (1280, 720), (1024, 768)]
SCREENSHOT_SIZES = {(1920, 1080), (1280, 720)}
DIEN_BIEN_BLUE, OTHER_SCOPE_ORANGE = (8, 48, 107), (230, 159, 0)  # components/maps.py colours
PROVENANCE_COLUMNS = ["qualifier", "value_text", "scope", "period", "admin_version", "source_id", "source_title",
                      "source_publisher", "source_date", "evidence"]
A4_LANDSCAPE_PT = (842.0, 595.0)

# The map is drawn: plotly's SVG geo areas, counted.
MAP_DRAWN_JS = """
(selector) => {
  const gd = document.querySelector(selector + ' .js-plotly-plot');
  if (!gd || !gd._fullLayout) return false;
  const areas = gd.querySelectorAll('path.choroplethlocation').length;
  return areas > 0 && {areas};
}
"""
CHART_DRAWN_JS = """
(selector) => {
  const gd = document.querySelector(selector + ' .js-plotly-plot');
  return !!gd && gd.querySelectorAll('g.trace').length > 0;
}
"""
# Bounding boxes (viewport pixels) of what must be on the first screen, and the visible view controls.
SCREEN_STATE_JS = """
() => {
  const box = (e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const visible = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0
                           && getComputedStyle(e).visibility !== 'hidden'; };
  const inMain = (s) => [...document.querySelectorAll('[data-testid="stMain"] ' + s)].filter(visible);
  const scroller = document.querySelector('[data-testid="stMain"]');
  return {
    viewport: [innerWidth, innerHeight],
    scrolled: scroller.scrollTop,
    map: [...document.querySelectorAll('.st-key-overview_map')].map(box),
    kpis: [...document.querySelectorAll('[data-testid="stMetric"]')].map(box),
    exit: [...document.querySelectorAll('.st-key-present_exit button')].filter(visible).map(box),
    sidebar_visible: [...document.querySelectorAll('[data-testid="stSidebar"]')].some(visible),
    header_visible: [...document.querySelectorAll('header[data-testid="stHeader"]')].some(visible),
    controls: inMain('[data-testid="stSelectbox"], [data-testid="stMultiSelect"], [data-testid="stRadio"], '
                     + '[data-testid="stTextInput"], [data-testid="stCheckbox"], [data-testid="stPopover"], '
                     + '[data-testid="stDownloadButton"]').map(e => e.getAttribute('data-testid')),
    value_font_px: [...document.querySelectorAll('[data-testid="stMetricValue"] p')]
                   .map(e => parseFloat(getComputedStyle(e).fontSize)),
    root_font_px: parseFloat(getComputedStyle(document.documentElement).fontSize),
  };
}
"""
PAGE_CONTENT = {  # what each page shows in presentation mode, besides the exit button
    "/": ".st-key-overview_map .js-plotly-plot", "/province?province=11": ".st-key-province_map .js-plotly-plot",
    "/compare": ".st-key-compare_chart .js-plotly-plot", "/trends": ".st-key-trends_chart .js-plotly-plot",
    "/models": '[data-testid="stDataFrame"]', "/sources": '[data-testid="stExpander"]',
}


def open_view(page, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    page.locator('[data-testid="stMain"] [data-testid="stVerticalBlock"]').first.wait_for(timeout=TIMEOUT_MS)


def wait_for_overview_drawn(page) -> dict:
    drawn = page.wait_for_function(MAP_DRAWN_JS, arg=".st-key-overview_map", timeout=TIMEOUT_MS).json_value()
    page.wait_for_function(CHART_DRAWN_JS, arg=".st-key-overview_ranking", timeout=TIMEOUT_MS)
    wait_until_settled(page)
    return drawn


def wait_until_settled(page) -> None:
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]') "
        "&& !document.querySelector('[data-stale=true]')", timeout=TIMEOUT_MS,
    )
    page.wait_for_timeout(300)  # let a last layout pass (fonts, plotly relayout) finish


def wait_for_presentation_chrome(page) -> None:
    """The style sheet and the exit button are elements drawn once their code chunks have loaded: on a long page
    that can be after the content. Presentation mode must then hide the sidebar and show the button."""
    page.locator('[data-testid="stSidebar"]').wait_for(state="hidden", timeout=TIMEOUT_MS)
    page.locator(".st-key-present_exit button:visible").wait_for(state="visible", timeout=TIMEOUT_MS)


def url_params(page) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlparse(page.url).query).items()}


def inside(box: list[float], width: int, height: int) -> bool:
    left, top, right, bottom = box
    return left >= 0 and top >= 0 and right <= width and bottom <= height


def assert_no_exception(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0


# ---------------------------------------------------------------- presentation mode

@pytest.mark.parametrize(("width", "height"), PROJECTOR_SIZES, ids=[f"{w}x{h}" for w, h in PROJECTOR_SIZES])
def test_presentation_mode_fits_map_and_kpi_cards_on_the_first_screen(server, page, width, height):
    page.set_viewport_size({"width": width, "height": height})
    open_view(page, server, "/")
    wait_for_overview_drawn(page)
    normal = page.evaluate(SCREEN_STATE_JS)

    open_view(page, server, "/?present=true")
    drawn = wait_for_overview_drawn(page)
    wait_for_presentation_chrome(page)
    state = page.evaluate(SCREEN_STATE_JS)
    assert drawn["areas"] >= 63
    assert not state["sidebar_visible"] and not state["header_visible"]
    assert state["controls"] == []  # no selects, radios, toggles, export popovers or download buttons
    assert state["scrolled"] == 0
    assert len(state["map"]) == 1 and inside(state["map"][0], width, height), state["map"]
    assert len(state["kpis"]) == 3 and all(inside(box, width, height) for box in state["kpis"]), state["kpis"]
    assert len(state["exit"]) == 1 and inside(state["exit"][0], width, height)
    # Larger type: the numbers at least 1.35 times their normal size, the body text larger too.
    assert min(state["value_font_px"]) >= 1.35 * max(normal["value_font_px"])
    assert state["root_font_px"] > normal["root_font_px"]
    assert_no_exception(page)
    if (width, height) in SCREENSHOT_SIZES:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"presentation_{width}x{height}.png"))  # the first screen only


def test_leaving_presentation_mode_by_button_or_escape_restores_sidebar_controls_and_link(server, page):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_view(page, server, "/?indicator=commendations_collective_count&present=true")
    wait_for_overview_drawn(page)
    page.locator(".st-key-present_exit button:visible").click()
    page.wait_for_function("() => !location.search.includes('present')", timeout=TIMEOUT_MS)
    page.locator('[data-testid="stSidebar"]').wait_for(state="visible", timeout=TIMEOUT_MS)
    wait_until_settled(page)
    state = page.evaluate(SCREEN_STATE_JS)
    assert url_params(page) == {"indicator": "commendations_collective_count"}
    assert state["sidebar_visible"] and state["exit"] == []
    assert "stSelectbox" in state["controls"] and "stPopover" in state["controls"]

    open_view(page, server, "/compare?present=true")
    page.locator(".st-key-present_exit button:visible").wait_for(state="visible", timeout=TIMEOUT_MS)
    wait_until_settled(page)
    page.keyboard.press("Escape")
    page.wait_for_function("() => !location.search.includes('present')", timeout=TIMEOUT_MS)
    page.locator('[data-testid="stSidebar"]').wait_for(state="visible", timeout=TIMEOUT_MS)
    assert urlparse(page.url).path == "/compare"


@pytest.mark.parametrize("path", list(PAGE_CONTENT))
def test_every_page_in_presentation_mode_shows_its_content_without_controls(server, page, path):
    page.set_viewport_size({"width": 1280, "height": 720})
    joiner = "&" if "?" in path else "?"
    open_view(page, server, f"{path}{joiner}present=true")
    page.locator(PAGE_CONTENT[path]).first.wait_for(state="visible", timeout=TIMEOUT_MS)
    wait_until_settled(page)
    wait_for_presentation_chrome(page)
    state = page.evaluate(SCREEN_STATE_JS)
    assert not state["sidebar_visible"]
    assert state["controls"] == []
    assert len(state["exit"]) == 1
    content_top = page.locator(PAGE_CONTENT[path]).first.bounding_box()["y"]
    assert content_top < 720 / 2  # the page's content starts in the upper half, not below hidden controls
    assert_no_exception(page)
    name = path.split("?")[0].strip("/") or "overview"
    page.screenshot(path=str(ARTIFACTS / f"presentation_page_{name}.png"))


# ---------------------------------------------------------------- print

def pdf_page_count(pdf: Path) -> int:
    try:
        from pypdf import PdfReader
    except ImportError:
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1))
    return len(PdfReader(pdf).pages)


def pdf_page_size_pt(pdf: Path) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    width, height = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M).groups()
    return float(width), float(height)


def colour_pixels(image: Image.Image, colour: tuple[int, int, int], box: tuple[int, int, int, int],
                  tolerance: int = 24) -> int:
    """How many pixels inside box are within tolerance of colour (the map's fills, anti-aliased edges aside)."""
    region = np.asarray(image.convert("RGB").crop(box), dtype=int)
    return int((np.abs(region - np.array(colour)) <= tolerance).all(axis=2).sum())


@pytest.mark.skipif(not shutil.which("pdftoppm") or not shutil.which("pdftotext"), reason="poppler-utils missing")
def test_printing_the_overview_gives_one_a4_landscape_sheet_with_map_kpis_ranking_and_sources(server, page, tmp_path):
    open_view(page, server, "/")
    wait_for_overview_drawn(page)
    page.emulate_media(media="print")
    wait_for_overview_drawn(page)  # the print layout redraws the charts at their new widths
    pdf = tmp_path / "overview.pdf"
    page.pdf(path=str(pdf), format="A4", landscape=True, print_background=True)

    assert pdf_page_count(pdf) == 1
    assert pdf_page_size_pt(pdf) == pytest.approx(A4_LANDSCAPE_PT, abs=2)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for shown in ("Số mô hình học tập và làm theo Bác", "Giá trị lớn nhất", "hơn 532", "5/63", "2016–2024",
                  "Xếp hạng (chỉ số liệu toàn tỉnh)", "Nguồn: Lan tỏa mô hình hay", "Xuất ngày"):
        assert shown in text, shown
    for hidden in ("Chỉ tiêu", "Tải ảnh", "Tải dữ liệu", "Tạo slide", "Chế độ trình chiếu",
                   "Bấm vào một tỉnh", "Số liệu phạm vi khác"):
        assert hidden not in text, hidden

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf), str(ARTIFACTS / "print_overview")],
                   check=True)
    sheet = Image.open(ARTIFACTS / "print_overview.png")
    width, height = sheet.size
    map_area = (0, 0, int(width * 0.6), int(height * 0.85))
    assert colour_pixels(sheet, DIEN_BIEN_BLUE, map_area) >= 20  # Điện Biên (and the colour bar) painted
    assert colour_pixels(sheet, OTHER_SCOPE_ORANGE, map_area) >= 20  # the other-scope provinces painted


# ---------------------------------------------------------------- download buttons

def download(page, open_menu: str | None, button_key: str, target: Path) -> tuple[bytes, float]:
    """Click a real download button (after opening its popover); the file's bytes and the seconds it took."""
    if open_menu:
        page.locator('.st-key-export_bar [data-testid="stPopover"] button', has_text=open_menu).click()
    button = page.locator(f".st-key-{button_key} button")
    button.wait_for(state="visible", timeout=TIMEOUT_MS)
    started = time.perf_counter()
    with page.expect_download(timeout=EXPORT_TIMEOUT_MS) as info:
        button.click()
    info.value.save_as(target)
    elapsed = time.perf_counter() - started
    if open_menu:
        page.keyboard.press("Escape")  # close the popover
        page.locator(f".st-key-{button_key} button").wait_for(state="hidden", timeout=TIMEOUT_MS)
    return target.read_bytes(), elapsed


def test_overview_download_buttons_give_csv_xlsx_png_and_deck_that_open(server, page, tmp_path):
    open_view(page, server, "/")
    wait_for_overview_drawn(page)

    data, _ = download(page, "Tải dữ liệu", "export_csv_view", tmp_path / "view.csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert set(PROVENANCE_COLUMNS) <= set(rows[0])
    dien_bien = [r for r in rows if r["province_code"] == "11" and r["indicator"] == "models_built_count"]
    assert [(float(r["value"]), r["qualifier"], r["scope"]) for r in dien_bien] == [(532, "at_least", "toàn tỉnh")]
    assert len(rows) == 6  # the five reporting provinces' figures (Hậu Giang has two districts)
    assert all(r["source_id"] and r["evidence"] for r in rows)

    data, _ = download(page, "Tải dữ liệu", "export_xlsx_view", tmp_path / "view.xlsx")
    book = load_workbook(io.BytesIO(data), read_only=True)
    assert book.sheetnames == ["Dữ liệu", "Mô tả"]
    assert [c.value for c in next(book["Dữ liệu"].iter_rows(max_row=1))][:2] == ["record_type", "record_id"]

    timings = {}
    for attempt in ("cold", "warm"):
        data, timings[("png", attempt)] = download(page, "Tải ảnh", "export_png", tmp_path / f"{attempt}.png")
    image = Image.open(io.BytesIO(data))
    assert image.size == (1920, 1080)
    assert len(image.convert("RGB").getcolors(maxcolors=1 << 20)) > 50  # drawn, not a blank canvas
    assert colour_pixels(image, DIEN_BIEN_BLUE, (0, 0, 1920, 1080), tolerance=10) > 100

    for attempt in ("cold", "warm"):
        data, timings[("pptx", attempt)] = download(page, None, "export_pptx", tmp_path / f"{attempt}.pptx")
    deck = Presentation(io.BytesIO(data))
    assert len(deck.slides) >= 4
    footers = [next(shape.text_frame.text for shape in slide.shapes if shape.name == "Footer") for slide in deck.slides]
    assert all(footer.startswith("Nguồn:") for footer in footers)

    # Another view: nothing cached for it, but kaleido's Chromium is already running.
    open_view(page, server, "/?version=vn34")
    wait_for_overview_drawn(page)
    _, timings[("png", "new view")] = download(page, "Tải ảnh", "export_png", tmp_path / "vn34.png")
    _, timings[("pptx", "new view")] = download(page, None, "export_pptx", tmp_path / "vn34.pptx")
    # Figures for the note, not a timed assertion (timings belong in bench/).
    print("export button timings (s): " + ", ".join(f"{kind} {attempt} {seconds:.2f}"
                                                   for (kind, attempt), seconds in timings.items()))
    assert_no_exception(page)
