"""Maps in slides and PNGs: as tall as the picture allows, values written on the provinces, a legend read from the
back of a room; and district maps small enough to send (each area trace carries only its own outlines)."""

import re

import pytest
from shapely.geometry import Point, shape

from briefing.images import SIDE_GAP, SIZES, make_snapshot_figure, render_image
from briefing.inputs import load_view_inputs
from briefing.links import parse_view
from briefing.maps import MAP_CAPTION, MAP_CREDIT
from briefing.province import district_map, district_rows
from briefing.views import build_view_content

HONOURS = "/?indicator=exemplars_honoured&window=years_2_3"  # Yên Bái, Hà Tĩnh, TP HCM


@pytest.fixture(scope="module")
def inputs():
    return load_view_inputs()


def district_figure(inputs, province: str):
    return district_map(inputs, province, district_rows(inputs, province, "vi"), "", "vi")


@pytest.mark.parametrize("province", ["38", "40"])  # Thanh Hóa and Nghệ An, the most districts
def test_the_largest_district_maps_weigh_at_most_150_kb(inputs, province):
    content = build_view_content(parse_view(f"/province?province={province}"), inputs)
    fig = content.map_figure or district_figure(inputs, province)  # Nghệ An's page lists its figures instead
    assert len(fig.to_json()) <= 150_000


def test_each_district_area_trace_carries_only_the_outlines_it_colours(inputs):
    fig = district_figure(inputs, "48")
    areas = [trace for trace in fig.data if trace.type == "choropleth"]
    for trace in areas:
        assert sorted(f["properties"]["district_code"] for f in trace.geojson["features"]) == sorted(trace.locations)
    assert sum(len(trace.locations) for trace in areas) == len(district_rows(inputs, "48", "vi"))



def test_a_district_maps_boundary_credit_names_its_version_in_words(inputs):
    """The district boundaries are those of the 63 provinces; the credit says so as the country map does, not 'vn63'."""
    credit = next(a.text for a in district_figure(inputs, "11").layout.annotations if a.name == MAP_CREDIT)
    assert credit.replace("<br>", " ") == ("Ranh giới: dvhcvn / Cổng TTĐT Chính phủ. 63 tỉnh (trước 1/7/2025, "
                                          "như báo cáo)")


def snapshot_frame(fig) -> tuple[float, float, float, float]:
    """(x, y, width, height) of the main map's clip frame in the rendered SVG (what plotly fitted the map into)."""
    svg = render_image(fig, "svg").decode("utf-8")
    found = re.search(r'<clipPath id="clip\w*?geo"><rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" '
                      r'height="([\d.]+)"', svg)
    return tuple(float(value) for value in found.groups())


@pytest.mark.parametrize("name", ["country", "khanh_hoa", "da_nang"])
@pytest.mark.parametrize("size", ["16:9", "slide"])
def test_a_snapshot_map_takes_the_height_of_the_picture(inputs, name, size):
    link, province = {"country": (HONOURS, ""), "khanh_hoa": ("/province?province=56", "56"),
                      "da_nang": ("/province?province=48", "48")}[name]
    content = build_view_content(parse_view(link), inputs)
    figure = district_figure(inputs, province) if province else None  # Khánh Hòa's page lists figures instead
    fig = make_snapshot_figure(content, size, figure=figure, captions=size != "slide")
    plot_height = SIZES[size][1] - fig.layout.margin.t - fig.layout.margin.b
    plot_width = SIZES[size][0] - fig.layout.margin.l - fig.layout.margin.r
    left, _, width, height = snapshot_frame(fig)
    assert height >= 0.9 * plot_height
    # The side panel (colour bar, legend, notes) stands right beside the map, not at the far edge of the picture.
    panel = fig.layout.legend.x * plot_width + fig.layout.margin.l
    assert 0 <= panel - (left + width) <= SIDE_GAP + 1


def test_honours_snapshot_writes_each_shared_value_on_its_province_and_keeps_the_legend_short(inputs):
    content = build_view_content(parse_view(HONOURS), inputs)
    fig = make_snapshot_figure(content, "16:9")
    shared = [trace for trace in fig.data if trace.type == "choropleth" and trace.showscale][0]
    labels = fig.data[-1]
    assert (labels.type, labels.mode) == ("scattergeo", "text")
    places = content.places.set_index("province_code")
    outlines = {f["properties"]["province_code"]: shape(f["geometry"]) for f in shared.geojson["features"]}
    written = dict(zip(labels.text, zip(labels.lon, labels.lat, strict=True), strict=True))
    assert set(written) <= set(places.loc[list(shared.locations), "label"])
    assert len(written) >= len(shared.locations) - 2  # only labels that would overlap another are left out
    ha_tinh = written["42"]  # Hà Tĩnh: 42 exemplars honoured
    assert places.at["42", "label"] == "42" and outlines["42"].contains(Point(ha_tinh))
    assert shared.colorbar.title.text == "tập thể, cá nhân"  # what it counts on the bar; the sentence is the caption
    notes = {annotation.name: annotation.text.replace("<br>", " ") for annotation in fig.layout.annotations
             if annotation.name}
    assert notes[MAP_CAPTION] == ("Thang màu: toàn tỉnh · giai đoạn KL 01 · một lễ, hội nghị tuyên dương · "
                                  "số mới nhất của mỗi tỉnh · cửa sổ 2–3 năm")
    assert notes[MAP_CREDIT].startswith("Ranh giới: dvhcvn")
    assert fig.layout.legend.font.size >= 22 and shared.colorbar.tickfont.size >= 22
