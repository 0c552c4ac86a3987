"""Each built layer drawn offline with plotly (Choroplethmap, white-bg) and exported to tests/artifacts/."""

import math
import os
from pathlib import Path

import plotly.graph_objects as go
import pytest
from geo_fixtures import ROOT, real_build
from PIL import Image

from geo import layers

os.environ.setdefault("BROWSER_PATH", "/usr/bin/chromium")
import kaleido  # noqa: E402  (reads BROWSER_PATH when imported)

ARTIFACTS = ROOT / "tests" / "artifacts"
WIDTH, HEIGHT, CENTER, ZOOM = 900, 1100, {"lon": 109.6, "lat": 15.8}, 5.3
BACKGROUND = (255, 255, 255)
ARCHIPELAGO_BOXES = {"Hoàng Sa": (111.2, 15.78, 112.74, 16.99), "Trường Sa": (111.9, 7.89, 115.84, 11.46)}


@pytest.fixture(scope="module")
def exporter():
    kaleido.start_sync_server(silence_warnings=True)
    yield
    kaleido.stop_sync_server(silence_warnings=True)


def lonlat_to_pixel(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator pixel of a point in the exported image (512-px tiles, no margins)."""
    world = 512 * 2**ZOOM

    def project(lo, la):
        y = math.log(math.tan(math.pi / 4 + math.radians(la) / 2))
        return (lo + 180) / 360 * world, (1 - y / math.pi) / 2 * world

    x, y = project(lon, lat)
    cx, cy = project(CENTER["lon"], CENTER["lat"])
    return x - cx + WIDTH / 2, y - cy + HEIGHT / 2


def coloured_pixels_in(image: Image.Image, box: tuple[float, float, float, float]) -> int:
    """Pixels that are not background inside a lon/lat box (padded by 3 px)."""
    left, top = lonlat_to_pixel(box[0], box[3])
    right, bottom = lonlat_to_pixel(box[2], box[1])
    crop = image.crop((int(left) - 3, int(top) - 3, int(right) + 4, int(bottom) + 4)).convert("RGB")
    return sum(1 for pixel in crop.get_flattened_data() if pixel != BACKGROUND)


def make_layer_figure(level: str, version: str, build_dir: Path) -> go.Figure:
    """The layer coloured by area, with provinces lacking a district map drawn grey under the district layer."""
    gdf = layers.load_layer(level, version, build_dir)
    code = f"{level}_code"
    fig = go.Figure()
    if level == "district":
        outlines = layers.load_provinces_without_districts(build_dir)
        fig.add_trace(go.Choroplethmap(
            geojson=layers.layer_geojson(outlines), featureidkey=layers.feature_id_key("province"),
            locations=outlines.province_code, z=[0] * len(outlines), colorscale=[[0, "#bbbbbb"], [1, "#bbbbbb"]],
            showscale=False, marker_line_width=0.4))
    fig.add_trace(go.Choroplethmap(
        geojson=layers.layer_geojson(gdf), featureidkey=layers.feature_id_key(level), locations=gdf[code],
        z=gdf.area_km2, colorscale="Viridis", marker_line_width=0.6, marker_line_color="#333333", showscale=False))
    islands = layers.load_archipelago_islands(build_dir)
    fig.add_trace(go.Scattermap(lon=islands.geometry.x, lat=islands.geometry.y, mode="markers",
                                marker={"size": 4, "color": "#333333"}, hovertext=islands.name, showlegend=False))
    fig.update_layout(map_style="white-bg", map_center=CENTER, map_zoom=ZOOM, width=WIDTH, height=HEIGHT,
                      margin={"l": 0, "r": 0, "t": 0, "b": 0})
    return fig


@pytest.mark.parametrize(("level", "version"), list(layers.LAYER_NAMES))
def test_each_layer_draws_the_whole_country_with_both_archipelagos(exporter, level, version):
    built = real_build()[0]
    path = ARTIFACTS / f"geo_{layers.layer_name(level, version)}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(kaleido.calc_fig_sync(make_layer_figure(level, version, built), opts={"format": "png"}))
    image = Image.open(path)
    assert image.size == (WIDTH, HEIGHT)
    assert {name: coloured_pixels_in(image, box) > 10 for name, box in ARCHIPELAGO_BOXES.items()} == {
        "Hoàng Sa": True, "Trường Sa": True}
    hanoi, ha_long, ca_mau = lonlat_to_pixel(105.85, 21.03), lonlat_to_pixel(107.08, 20.95), lonlat_to_pixel(105.1, 9.1)
    assert [image.convert("RGB").getpixel((int(x), int(y))) != BACKGROUND for x, y in (hanoi, ha_long, ca_mau)] == [
        True, True, True]
    sea = lonlat_to_pixel(110.0, 13.0)
    assert image.convert("RGB").getpixel((int(sea[0]), int(sea[1]))) == BACKGROUND
