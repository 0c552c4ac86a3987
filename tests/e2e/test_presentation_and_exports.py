"""Real-browser checks of the briefing features: presentation mode at projector sizes, the printed overview on one A4
landscape sheet, and the overview's download buttons giving files that open."""

import csv
import io
import re
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pytest
from openpyxl import load_workbook
from PIL import Image
from pptx import Presentation

from briefing.pages import view_pages
from tests.e2e.helpers import (
    ARTIFACTS,
    TIMEOUT_MS,
    assert_no_exception,
    content_selector,
    open_page,
    page_link,
    save_screenshot,
    url_params,
    wait_for_chart,
    wait_for_content,
    wait_for_elements,
    wait_for_map,
    wait_until_settled,
)

pytestmark = pytest.mark.browser

EXPORT_TIMEOUT_MS = 120_000  # a cold PNG or deck starts kaleido's Chromium
PROJECTOR_SIZES = [(1920, 1080), (1280, 720), (1024, 768)]
SCREENSHOT_SIZES = {(1920, 1080), (1280, 720)}
# briefing/maps.py colours: the top and the bottom of the value scale, another scope.
DARK_BLUE, LIGHT_BLUE, OTHER_SCOPE_ORANGE = (8, 48, 107), (158, 202, 225), (230, 159, 0)
HONOURS_VIEW = "/?indicator=exemplars_honoured&window=years_2_3"  # Tuyên Quang, Yên Bái, Hà Tĩnh, TP HCM
PROVENANCE_COLUMNS = ["qualifier", "value_text", "scope", "period", "admin_version", "on_shared_scale", "why_not",
                      "source_id", "source_title", "source_publisher", "source_date", "evidence"]
A4_LANDSCAPE_PT = (842.0, 595.0)
KPI_VALUES = '[data-testid="stMetricValue"] p'

# Bounding boxes (viewport pixels) of what must be on the first screen, and the visible view controls.
SCREEN_STATE_JS = """
() => {
  const box = (e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const visible = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0
                           && getComputedStyle(e).visibility !== 'hidden'; };
  const inMain = (s) => [...document.querySelectorAll('[data-testid="stMain"] ' + s)].filter(visible);
  const scroller = document.querySelector('[data-testid="stMain"]');
  const first = inMain('[data-testid="stElementContainer"]').filter(e => !e.matches('.st-key-present_exit'))
    .map(box).sort((a, b) => a[1] - b[1])[0];
  return {
    viewport: [innerWidth, innerHeight],
    scrolled: scroller.scrollTop,
    first_element_top: first ? first[1] : null,
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


# A rule of components/layout.py's base style sheet and of its presentation style sheet: once the sheet is in the
# page, its sizes apply (st.html elements draw once their code has loaded, possibly after the content).
BASE_STYLE_RULE, PRESENTATION_STYLE_RULE = ".st-key-answer p {", ".st-key-present_exit {"
STYLE_LOADED_JS = "(rule) => [...document.querySelectorAll('style')].some(s => s.textContent.includes(rule))"


def wait_for_style(page, rule: str) -> None:
    page.wait_for_function(STYLE_LOADED_JS, arg=rule, timeout=TIMEOUT_MS)


def wait_for_overview_drawn(page) -> dict:
    """The overview complete: the map first (by design), then the ranking and the three KPI cards with their type
    computed (reading the cards' font sizes before they exist was the flake of a fresh machine), then settled."""
    wait_for_style(page, BASE_STYLE_RULE)
    drawn = wait_for_map(page, "overview_map")
    wait_for_chart(page, "overview_ranking")
    wait_for_elements(page, KPI_VALUES, 3)
    wait_until_settled(page)
    return drawn


def wait_for_presentation_chrome(page) -> None:
    """The style sheet and the exit button are elements drawn once their code chunks have loaded: on a long page
    that can be after the content. Presentation mode must then hide the sidebar (drawn, not displayed) and show the
    button."""
    wait_for_style(page, PRESENTATION_STYLE_RULE)
    page.wait_for_function("() => { const bar = document.querySelector('[data-testid=stSidebar]');"
                           " return bar && getComputedStyle(bar).display === 'none'; }", timeout=TIMEOUT_MS)
    page.locator(".st-key-present_exit button:visible").wait_for(state="visible", timeout=TIMEOUT_MS)


def inside(box: list[float], width: int, height: int) -> bool:
    left, top, right, bottom = box
    return left >= 0 and top >= 0 and right <= width and bottom <= height


# ---------------------------------------------------------------- presentation mode

@pytest.mark.parametrize(("width", "height"), PROJECTOR_SIZES, ids=[f"{w}x{h}" for w, h in PROJECTOR_SIZES])
def test_presentation_mode_fits_map_and_kpi_cards_on_the_first_screen(server, page, width, height):
    page.set_viewport_size({"width": width, "height": height})
    open_page(page, server, "/")
    wait_for_overview_drawn(page)
    normal = page.evaluate(SCREEN_STATE_JS)

    open_page(page, server, "/?present=true")
    wait_for_presentation_chrome(page)
    drawn = wait_for_overview_drawn(page)
    state = page.evaluate(SCREEN_STATE_JS)
    assert drawn["rendered_areas"] == 63
    assert not state["sidebar_visible"] and not state["header_visible"]
    assert state["controls"] == []  # no selects, radios, toggles, export popovers or download buttons
    assert state["scrolled"] == 0
    assert len(state["map"]) == 1 and inside(state["map"][0], width, height), state["map"]
    assert len(state["kpis"]) == 3 and all(inside(box, width, height) for box in state["kpis"]), state["kpis"]
    assert len(state["exit"]) == 1 and inside(state["exit"][0], width, height)
    # Larger type: the numbers at least 1.35 times their normal size, the body text larger too.
    assert len(normal["value_font_px"]) == len(state["value_font_px"]) == 3
    assert min(state["value_font_px"]) >= 1.35 * max(normal["value_font_px"])
    assert state["root_font_px"] > normal["root_font_px"]
    assert_no_exception(page)
    if (width, height) in SCREENSHOT_SIZES:
        save_screenshot(page, f"presentation_{width}x{height}", full_page=False)  # the first screen only


def test_leaving_presentation_mode_by_button_or_escape_restores_sidebar_controls_and_link(server, page):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_page(page, server, f"{HONOURS_VIEW}&present=true")
    wait_for_presentation_chrome(page)
    wait_for_overview_drawn(page)
    page.locator(".st-key-present_exit button:visible").click()
    page.wait_for_function("() => !location.search.includes('present')", timeout=TIMEOUT_MS)
    page.locator('[data-testid="stSidebar"]').wait_for(state="visible", timeout=TIMEOUT_MS)
    page.locator('[data-testid="stMain"] [data-testid="stPopover"]').first.wait_for(timeout=TIMEOUT_MS)
    wait_until_settled(page)
    state = page.evaluate(SCREEN_STATE_JS)
    assert url_params(page) == {"indicator": "exemplars_honoured", "window": "years_2_3"}
    assert state["sidebar_visible"] and state["exit"] == []
    assert "stSelectbox" in state["controls"] and "stPopover" in state["controls"]

    open_page(page, server, "/compare?present=true")
    wait_for_presentation_chrome(page)
    wait_until_settled(page)
    page.keyboard.press("Escape")
    page.wait_for_function("() => !location.search.includes('present')", timeout=TIMEOUT_MS)
    page.locator('[data-testid="stSidebar"]').wait_for(state="visible", timeout=TIMEOUT_MS)
    assert urlparse(page.url).path == "/compare"


@pytest.mark.parametrize("spec", view_pages(), ids=[spec.key for spec in view_pages()])
def test_every_page_in_presentation_mode_shows_its_content_without_controls(server, page, spec):
    """No controls, and none of the room they took: the page starts right below the exit button and its content
    (map, chart, grid, source sections) begins on the first screen."""
    width, height = 1280, 720
    page.set_viewport_size({"width": width, "height": height})
    open_page(page, server, page_link(spec, "present=true"))
    wait_for_presentation_chrome(page)
    wait_for_content(page, spec)
    wait_until_settled(page)
    state = page.evaluate(SCREEN_STATE_JS)
    assert not state["sidebar_visible"]
    assert state["controls"] == []
    assert len(state["exit"]) == 1
    assert state["first_element_top"] < 0.1 * height, state["first_element_top"]
    content = page.locator(content_selector(spec)).first.bounding_box()
    assert content["y"] < height - 100, content  # at least its first 100 px on the first screen
    assert_no_exception(page)
    save_screenshot(page, f"presentation_page_{spec.key}", full_page=False)


# ---------------------------------------------------------------- print

def pdf_page_count(pdf: Path) -> int:
    try:
        from pypdf import PdfReader
    except ImportError:
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1))
    return len(PdfReader(pdf).pages)


def footer_only(pdf: Path, page: int) -> bool:
    """The sheet holds nothing but the provenance footer (which the print style repeats on every sheet)."""
    text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return bool(lines) and lines[0].startswith("Nguồn:") and all(
        line.startswith(("Nguồn:", "Thời kỳ:", "Đơn vị hành chính:")) for line in lines)


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
def test_printing_the_overview_gives_one_a4_landscape_sheet_with_map_kpis_ranking_and_sources(server, page, tmp_path,
                                                                                              view_content):
    kpis = view_content("/?indicator=coverage").kpis
    open_page(page, server, "/?indicator=coverage")
    wait_for_overview_drawn(page)
    page.emulate_media(media="print")
    wait_for_overview_drawn(page)  # the print layout redraws the charts at their new widths
    pdf = tmp_path / "overview.pdf"
    page.pdf(path=str(pdf), format="A4", landscape=True, print_background=True)

    assert pdf_page_count(pdf) == 1, [footer_only(pdf, page=n) for n in range(2, pdf_page_count(pdf) + 1)]
    assert pdf_page_size_pt(pdf) == pytest.approx(A4_LANDSCAPE_PT, abs=2)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for shown in ("Đã có gì về mỗi tỉnh", *(kpi["label"] for kpi in kpis), "55/63", "113", kpis[2]["value"],
                  "Số liệu theo tỉnh", "Tỉnh Nghệ An", "Nguồn:", "Xuất ngày"):
        assert shown in text, shown
    for hidden in ("Mức độ có số liệu (mọi chỉ tiêu)", "Tải ảnh", "Tải dữ liệu", "Tạo slide", "Chế độ trình chiếu",
                   "Bấm vào một tỉnh", "Tổng quan"):
        assert hidden not in text, hidden

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf), str(ARTIFACTS / "print_overview")],
                   check=True)
    sheet = Image.open(ARTIFACTS / "print_overview.png")
    width, height = sheet.size
    map_area = (0, 0, int(width * 0.6), int(height * 0.85))
    assert colour_pixels(sheet, DARK_BLUE, map_area) >= 20  # Nghệ An (most figures) and the colour bar's top
    assert colour_pixels(sheet, LIGHT_BLUE, map_area) >= 20  # the provinces with few figures


# ---------------------------------------------------------------- download buttons

def download(page, open_menu: str | None, button_key: str, target: Path) -> tuple[bytes, float]:
    """Click a real download button (after opening its popover); the file's bytes and the seconds it took."""
    if open_menu:
        page.locator('.st-key-export_bar [data-testid="stPopover"] button', has_text=open_menu).click()
    button = page.locator(f".st-key-{button_key} button")
    button.wait_for(state="visible", timeout=TIMEOUT_MS)
    started = time.perf_counter()  # measured on purpose: the timings are printed for the README's notes
    with page.expect_download(timeout=EXPORT_TIMEOUT_MS) as info:
        button.click()
    info.value.save_as(target)
    elapsed = time.perf_counter() - started
    if open_menu:
        page.keyboard.press("Escape")  # close the popover
        page.locator(f".st-key-{button_key} button").wait_for(state="hidden", timeout=TIMEOUT_MS)
    return target.read_bytes(), elapsed


def test_overview_download_buttons_give_csv_xlsx_png_and_deck_that_open(server, page, tmp_path, view_content):
    content = view_content(HONOURS_VIEW)
    open_page(page, server, HONOURS_VIEW)
    wait_for_overview_drawn(page)

    data, _ = download(page, "Tải dữ liệu", "export_csv_view", tmp_path / "view.csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert set(PROVENANCE_COLUMNS) <= set(rows[0])
    assert len(rows) == len(content.obs)  # every figure the view weighed, on the scale or not
    assert all(r["indicator"] == "exemplars_honoured" and r["source_id"] and r["evidence"] for r in rows)
    shared = {(r["province_code"], r["subtype"], float(r["value"]), r["qualifier"], r["scope"]) for r in rows
              if r["on_shared_scale"] == "true"}
    assert ("42", "honours_total", 42.0, "exact", "toàn tỉnh") in shared  # Hà Tĩnh
    assert ("79", "honours_total", 339.0, "exact", "toàn tỉnh") in shared  # Thành phố Hồ Chí Minh
    assert {code for code, *_ in shared} == set(content.places.query("status == 'shared'")["province_code"])
    assert all(r["why_not"] for r in rows if r["on_shared_scale"] == "false")  # each left out with its reason

    data, _ = download(page, "Tải dữ liệu", "export_xlsx_view", tmp_path / "view.xlsx")
    book = load_workbook(io.BytesIO(data), read_only=True)
    assert book.sheetnames == ["Số liệu", "Mô hình", "Mô tả"]
    assert [c.value for c in next(book["Số liệu"].iter_rows(max_row=1))][:3] == ["Mã số liệu", "Mã chỉ tiêu",
                                                                                 "Chỉ tiêu"]

    timings = {}
    for attempt in ("cold", "warm"):
        data, timings[("png", attempt)] = download(page, "Tải ảnh", "export_png", tmp_path / f"{attempt}.png")
    image = Image.open(io.BytesIO(data))
    assert image.size == (1920, 1080)
    assert len(image.convert("RGB").getcolors(maxcolors=1 << 20)) > 50  # drawn, not a blank canvas
    assert colour_pixels(image, DARK_BLUE, (0, 0, 1920, 1080), tolerance=10) > 100  # Thành phố Hồ Chí Minh
    assert colour_pixels(image, OTHER_SCOPE_ORANGE, (0, 0, 1920, 1080), tolerance=10) > 100

    for attempt in ("cold", "warm"):
        data, timings[("pptx", attempt)] = download(page, None, "export_pptx", tmp_path / f"{attempt}.pptx")
    deck = Presentation(io.BytesIO(data))
    assert len(deck.slides) >= 4
    # The sources close the deck and every slide's speaker notes list them (the deck has no footer line).
    assert next(s.text_frame.text for s in deck.slides[-1].shapes if s.has_text_frame) == "Nguồn"
    assert all(slide.notes_slide.notes_text_frame.text.startswith("Nguồn: ") for slide in deck.slides)

    # Another view: nothing cached for it, but kaleido's Chromium is already running. (The 34 provinces' widest
    # comparison holds 2 provinces, too few for a map: their coverage map is drawn.)
    open_page(page, server, "/?version=vn34&indicator=coverage")
    wait_for_overview_drawn(page)
    _, timings[("png", "new view")] = download(page, "Tải ảnh", "export_png", tmp_path / "vn34.png")
    _, timings[("pptx", "new view")] = download(page, None, "export_pptx", tmp_path / "vn34.pptx")
    # Figures for the note, not a timed assertion (timings belong in bench/).
    print("export button timings (s): " + ", ".join(f"{kind} {attempt} {seconds:.2f}"
                                                   for (kind, attempt), seconds in timings.items()))
    assert_no_exception(page)
