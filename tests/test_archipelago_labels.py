"""Hoàng Sa and Trường Sa are named whole on every map at every size: measured in Chromium, not estimated.

Each map is rendered to SVG by kaleido (the renderer of the PNG/SVG downloads and the deck) at the page's usual
widths (a phone is 390 px wide) and at every snapshot size; the SVG is opened in Chromium, and the box of every
text naming an archipelago must lie inside the frame its map subplot clips to (plotly cuts what overflows).
"""

import pytest

from briefing.images import SIZES, make_snapshot_figure, render_image
from briefing.inputs import load_view_inputs
from briefing.links import parse_view
from briefing.province import district_map, district_rows
from briefing.views import build_view_content

PAGE_SIZES = [(390, 500), (800, 600), (1280, 720), (1920, 1080)]
MAPS = {  # the link of the content and, for a district map, its province
    "country_vn63": ("/?indicator=exemplars_honoured&window=years_2_3", ""),
    "country_vn34": ("/?version=vn34", ""),  # no headline scale of the 34 holds the 3 provinces a map needs
    "khanh_hoa_districts": ("/province?province=56", "56"),
    "da_nang_districts": ("/province?province=48", "48"),
}
ARCHIPELAGO_WORDS = ("Hoàng Sa", "Trường Sa")

# For every <text> naming an archipelago: its box, the box of the clip frame it is drawn in, and the SVG's size.
MEASURE = """(words) => {
  const svg = document.querySelector('svg');
  const found = [];
  for (const text of document.querySelectorAll('text')) {
    if (!words.some(w => text.textContent.includes(w))) continue;
    let frame = null;  // the clip rectangle, in the coordinates of the element it clips
    for (let node = text; node && node !== svg; node = node.parentElement) {
      const ref = node.getAttribute('clip-path');
      if (!ref) continue;
      const rect = document.getElementById(ref.match(/#([^)'"]+)/)[1]).querySelector('rect');
      const ctm = node.getScreenCTM();
      const corner = (x, y) => new DOMPoint(x, y).matrixTransform(ctm);
      const [x, y, w, h] = ['x', 'y', 'width', 'height'].map(a => rect[a].baseVal.value);
      const a = corner(x, y), b = corner(x + w, y + h);
      frame = [a.x, a.y, b.x, b.y];
      break;
    }
    const box = text.getBoundingClientRect();
    found.push({text: text.textContent, box: [box.left, box.top, box.right, box.bottom],
                frame});
  }
  const size = svg.getBoundingClientRect();
  return {labels: found, svg: [size.left, size.top, size.right, size.bottom]};
}"""


@pytest.fixture(scope="module")
def svg_page(browser):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    yield page
    page.close()


@pytest.fixture(scope="module")
def inputs():
    return load_view_inputs()


def map_and_content(inputs, name: str):
    """The page's map of the view (a district map is built even when the page lists figures instead)."""
    link, province = MAPS[name]
    content = build_view_content(parse_view(link), inputs)
    if province:
        return district_map(inputs, province, district_rows(inputs, province, "vi"), "", "vi"), content
    return content.map_figure, content


def renderings(fig, content):
    """(size name, SVG text) of the page map at every page size and of every snapshot (the deck's 'slide' picture
    has no captions, as on a slide)."""
    for width, height in PAGE_SIZES:
        yield f"page {width}×{height}", render_image(fig, "svg", width, height).decode("utf-8")
    for size in SIZES:
        snapshot = make_snapshot_figure(content, size, figure=fig, captions=size != "slide")
        yield f"snapshot {size}", render_image(snapshot, "svg").decode("utf-8")


def outside(box, frame, tolerance: float = 0.5) -> bool:
    left, top, right, bottom = box
    return (left < frame[0] - tolerance or top < frame[1] - tolerance or right > frame[2] + tolerance
            or bottom > frame[3] + tolerance)


@pytest.mark.parametrize("name", list(MAPS))
def test_archipelago_names_lie_whole_inside_their_map_frame_at_every_size(svg_page, inputs, name):
    fig, content = map_and_content(inputs, name)
    expected = 2 if name.startswith("country") else 1
    cut = []
    for size, svg in renderings(fig, content):
        svg_page.set_content(f"<html><body style='margin:0'>{svg}</body></html>")
        measured = svg_page.evaluate(MEASURE, list(ARCHIPELAGO_WORDS))
        on_map = [label for label in measured["labels"] if label["frame"] is not None]
        assert len(on_map) == expected, (size, measured["labels"])
        cut += [(size, label["text"], label["box"], label["frame"]) for label in on_map
                if outside(label["box"], label["frame"]) or outside(label["box"], measured["svg"])]
    assert cut == []


TITLE_BOX = """() => {
  const box = document.querySelector('.gtitle').getBoundingClientRect();
  const svg = document.querySelector('svg').getBoundingClientRect();
  return {title: [box.left, box.top, box.right, box.bottom], svg: [svg.left, svg.top, svg.right, svg.bottom]};
}"""


@pytest.mark.parametrize("width", [390, 800])
def test_page_map_titles_are_whole_from_a_phone_up(svg_page, inputs, width):
    """'Điển hình được tuyên dương, khen thưởng – 63 tỉnh (trước 1/7/2025, như báo cáo)' was cut on a phone."""
    cut = []
    for name in MAPS:
        fig, _ = map_and_content(inputs, name)
        svg_page.set_content(f"<html><body style='margin:0'>{render_image(fig, 'svg', width, 600).decode()}</body>"
                             "</html>")
        measured = svg_page.evaluate(TITLE_BOX)
        if outside(measured["title"], measured["svg"]):
            cut.append((name, measured))
    assert cut == []
