"""The interactive map download (briefing/interactive.py): one self-contained HTML page of the real overview and
district maps, with nothing to fetch, the 63 provinces inlined, both archipelagos named, and the CLI writing it."""

import dataclasses
import hashlib
import json
import re
import subprocess
import sys

import pytest

from briefing.colours import NO_DATA_COLOUR, OTHER_SCOPE_COLOUR
from briefing.exports import build_export
from briefing.i18n import translate
from briefing.inputs import load_view_inputs
from briefing.interactive import LEAFLET_DIR, LEAFLET_VERSION, build_interactive_map
from briefing.links import ViewError, parse_view
from briefing.views import build_view_content
from tests.e2e.conftest import PROJECT_ROOT

OVERVIEW_LINK = "/?indicator=exemplars_honoured&window=years_2_3"  # Tuyên Quang, Yên Bái, Hà Tĩnh, TP HCM
URL = re.compile(r"https?://[^\s\"'<>)`]+")
# Every absolute URL in the vendored Leaflet files, none of them fetched: the SVG namespace (code), Leaflet's home
# page (licence comment; the attribution control that would link it is off) and two bug reports (CSS comments).
LEAFLET_URLS = {"http://www.w3.org/2000/svg", "https://leafletjs.com",
                "https://bugs.chromium.org/p/chromium/issues/detail?id=600120",
                "https://bugzilla.mozilla.org/show_bug.cgi?id=888319"}


@pytest.fixture(scope="module")
def inputs():
    return load_view_inputs()


@pytest.fixture(scope="module")
def overview(inputs):
    return build_view_content(parse_view(OVERVIEW_LINK), inputs)


@pytest.fixture(scope="module")
def page(overview, inputs) -> str:
    return build_interactive_map(overview, inputs).decode("utf-8")


def leaflet_files() -> tuple[str, str]:
    return ((LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8"),
            (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8"))


def inlined_collections(page: str) -> list[dict]:
    """The GeoJSON FeatureCollections the page hands to Leaflet (`geo_json_…_add({...})`), decoded."""
    decoder = json.JSONDecoder()
    return [decoder.raw_decode(page, match.end())[0] for match in re.finditer(r"geo_json_\w+_add\(", page)
            if page[match.end()] == "{"]


def properties_by_code(page: str, key: str) -> dict[str, dict]:
    return {f["properties"][key]: f["properties"] for c in inlined_collections(page) for f in c["features"]}


def style_of(page: str, code: str, layer: int = 0) -> dict:
    """The style the page's `layer`-th style function gives one area (folium writes a `switch` over the area codes,
    the most common style, or the one it happens to pick, as its default)."""
    styler = re.findall(r"_styler\(feature\) \{(.*?)\n        \}", page, re.S)[layer]
    for cases, style in re.findall(r"((?:case \"\w+\": )+)\s*return (\{[^}]*\});", styler):
        if f'case "{code}":' in cases:
            return json.loads(style)
    return json.loads(re.search(r"default:\s*return (\{[^}]*\});", styler).group(1))


def fill_of(page: str, code: str, layer: int = 0) -> str:
    return style_of(page, code, layer)["fillColor"]


def test_page_loads_nothing_from_the_network(page, inputs):
    leaflet_js, leaflet_css = leaflet_files()
    assert page.startswith("<!DOCTYPE html>") and '<html lang="vi">' in page
    assert leaflet_js in page and leaflet_css in page  # inlined whole
    assert re.findall(r"<script\b[^>]*\bsrc\s*=", page, re.I) == []
    assert re.findall(r"<link\b[^>]*\bhref\s*=", page, re.I) == []
    assert re.findall(r"@import|url\(\s*['\"]?(?:https?:)?//", page, re.I) == []
    for dropped in ("cdn.jsdelivr.net", "code.jquery.com", "cdnjs.cloudflare.com", "bootstrap", "tile.openstreetmap"):
        assert dropped not in page.lower()
    assert set(URL.findall(leaflet_js + leaflet_css)) == LEAFLET_URLS
    ours = page.replace(leaflet_js, "").replace(leaflet_css, "")
    source_urls = set(inputs.catalogue.sources["url"])
    assert [url for url in URL.findall(ours) if url not in source_urls] == []


def test_all_63_provinces_are_inlined_with_name_and_tooltip(page, inputs):
    provinces = properties_by_code(page, "province_code")
    assert set(provinces) == set(inputs.frame("vn63").names)
    assert {code: p["name"] for code, p in provinces.items()} == inputs.frame("vn63").names
    assert all(p["tooltip"].startswith(f"<b>{p['name']}</b>") for p in provinces.values())


def test_a_shared_province_shows_its_value_scope_period_source_and_evidence(page, overview):
    ha_tinh = properties_by_code(page, "province_code")["42"]
    row = overview.places.set_index("province_code").loc["42"]
    assert row["status"] == "shared" and row["label"] == "42"
    assert ha_tinh["tooltip"] == (  # every value says its scope, whole province included
        '<b>Tỉnh Hà Tĩnh</b><br><span class="vn-value">42</span><br>'
        '<span class="vn-key">Phạm vi:</span> toàn tỉnh<br>'
        '<span class="vn-key">Thời kỳ:</span> 01/2021–05/2024<br>'
        '<span class="vn-key">Nguồn:</span> Hà Tĩnh vinh danh 42 điển hình học và làm theo Bác<br>giai đoạn 2021-2024'
        '<br>'  # wrapped between words: the tooltip stays narrow enough to fit inside the map
        '<span class="vn-evidence">«vinh danh 42 điển hình học và làm theo Bác»</span>')


def test_areas_are_coloured_as_on_the_dashboard(page, overview):
    places = overview.places.set_index("province_code")
    top = places.loc[places["status"] == "shared", "value"].idxmax()
    assert fill_of(page, top) == "rgb(8, 48, 107)"  # the top of VALUE_SCALE, #08306b
    assert fill_of(page, "42") not in {"rgb(8, 48, 107)", OTHER_SCOPE_COLOUR, NO_DATA_COLOUR}
    assert fill_of(page, "42").startswith("rgb(")
    other = places.index[places["status"] == "other"][0]
    none = places.index[places["status"] == "none"][0]
    assert (fill_of(page, other), fill_of(page, none)) == (OTHER_SCOPE_COLOUR, NO_DATA_COLOUR)


def map_labels(page: str) -> list[str]:
    """The HTML of every text label the page places on its maps (`L.divIcon({...})`), decoded."""
    decoder = json.JSONDecoder()
    return [decoder.raw_decode(page, match.end())[0]["html"] for match in re.finditer(r"L\.divIcon\(", page)]


def test_both_archipelagos_are_framed_and_named(page):
    assert map_labels(page) == [
        '<span class="vn-label" data-testid="archipelago-hoang-sa">Quần đảo Hoàng Sa<br>(Đà Nẵng)</span>',
        '<span class="vn-label" data-testid="archipelago-truong-sa">Quần đảo Trường Sa<br>(Khánh Hòa)</span>',
    ]
    for key in ("hoang_sa", "truong_sa"):
        assert f"{translate(f'archipelago_{key}', 'vi')}\n" in page  # the frame's tooltip
    assert page.count("L.rectangle(") == 2


def test_legend_title_credit_and_provenance_are_on_the_page(page, overview):
    assert "<title>Điển hình được tuyên dương, khen thưởng – 63 tỉnh (trước 1/7/2025, như báo cáo)</title>" in page
    assert "Ranh giới: dvhcvn / Cổng TTĐT Chính phủ. 63 tỉnh (trước 1/7/2025, như báo cáo)" in page
    assert "Phạm vi khác <span class=\"vn-count\">(36 tỉnh)</span>" in page  # the 2–3-year scale; 26 before windows
    assert "Chưa có số liệu <span class=\"vn-count\">(23 tỉnh)</span>" in page
    assert '<div class="vn-ticks"><span>0</span><span>339</span></div>' in page
    assert overview.filters[2] in page  # what the shared scale compares
    assert "<p>Nguồn: Hà Tĩnh vinh danh 42 điển hình học và làm theo Bác" in page


def test_texts_from_sources_are_escaped(overview, inputs):
    places = overview.places.copy()
    index = places.index[places["province_code"] == "42"][0]
    places.at[index, "evidence"] = ["<img src=x onerror=alert(1)>"]
    places.at[index, "sources"] = ["</script><script>alert(2)</script>"]
    page = build_interactive_map(dataclasses.replace(overview, places=places), inputs).decode("utf-8")
    tooltip = properties_by_code(page, "province_code")["42"]["tooltip"]
    assert "«&lt;img src=x onerror=alert(1)&gt;»" in tooltip
    assert "&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in tooltip
    assert "<img src=x" not in page and "</script><script>alert(2)" not in page


def test_english_vn34_view(inputs):
    """No headline puts 3 of the 34 provinces on one scale since windows are judged: the vn34 map is coverage's."""
    content = build_view_content(parse_view("/?version=vn34&lang=en"), inputs)
    page = build_export(content, "html_map", inputs).decode("utf-8")
    assert '<html lang="en">' in page
    assert set(properties_by_code(page, "province_code")) == set(inputs.frame("vn34").names)
    assert '<span class="vn-label" data-testid="archipelago-hoang-sa">Hoàng Sa archipelago<br>(Đà Nẵng)</span>' \
        in map_labels(page)
    assert '<div class="vn-ticks"><span>0</span><span>33</span></div>' in page  # Nghệ An's 33 figures


def test_da_nang_district_map_has_hoang_sa_in_an_inset(inputs):
    content = build_view_content(parse_view("/province?province=48&district=492"), inputs)
    page = build_interactive_map(content, inputs).decode("utf-8")
    mainland, inset = inlined_collections(page)
    codes = {f["properties"]["district_code"] for f in mainland["features"]}
    assert codes == set(content.places["district_code"]) - {"498"} and len(codes) == 7
    assert [f["properties"]["district_code"] for f in inset["features"]] == ["498"]
    assert page.count("L.map(") == 2
    assert fill_of(page, "492") == "#6baed6" and fill_of(page, "490") == "#f4f4f4"  # reported, no data
    assert (style_of(page, "492")["color"], style_of(page, "490")["color"]) == ("#b3261e", "#8c8c8c")  # chosen: red
    assert style_of(page, "498", layer=1) == {"color": "#8c8c8c", "fillColor": "#f4f4f4", "fillOpacity": 1.0,
                                              "opacity": 1.0, "weight": 2.0}  # islets outlined thick
    assert "Thành phố Đà Nẵng – Quận Hải Châu – Bản đồ huyện" in page


@pytest.mark.parametrize(("link", "message"), [
    ("/trends", "/trends has no map; the interactive map"),
    ("/models", "/models has no map"),
    ("/sources", "/sources has no map"),
    ("/compare", "/compare has no map"),
    ("/?indicator=models_built", "fewer than 3 provinces share the colour scale"),
    ("/province?province=22", "this province has no district polygons"),
])
def test_views_without_a_map_are_refused(link, message, inputs):
    content = build_view_content(parse_view(link), inputs)
    with pytest.raises(ViewError, match=re.escape(message)):
        build_interactive_map(content, inputs)


def test_vendored_leaflet_is_the_pinned_release_unchanged():
    readme = (LEAFLET_DIR / "README.md").read_text(encoding="utf-8")
    for name in ("leaflet.js", "leaflet.css", "LICENSE"):
        digest = hashlib.sha256((LEAFLET_DIR / name).read_bytes()).hexdigest()
        assert f"| {name} | {digest} |" in readme
    assert leaflet_files()[0].startswith(f"/* @preserve\n * Leaflet {LEAFLET_VERSION}, a JS library")
    assert "BSD 2-Clause License" in (LEAFLET_DIR / "LICENSE").read_text(encoding="utf-8")


def run_snapshot(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "components.snapshot", *args], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=300)


def test_cli_writes_the_interactive_map_of_a_link(tmp_path, inputs):
    out = tmp_path / "map.html"
    result = run_snapshot("--view", "/?indicator=coverage", "--out", str(out))
    assert (result.returncode, result.stdout, result.stderr) == (0, f"wrote {out}\n", "")
    page = out.read_text(encoding="utf-8")
    assert "<title>Đã có gì về mỗi tỉnh – 63 tỉnh (trước 1/7/2025, như báo cáo)</title>" in page
    assert set(properties_by_code(page, "province_code")) == set(inputs.frame("vn63").names)
    assert len(map_labels(page)) == 2 and "Quần đảo Trường Sa<br>(Khánh Hòa)" in map_labels(page)[1]
    assert re.findall(r"<script\b[^>]*\bsrc\s*=", page, re.I) == []


def test_cli_refuses_a_view_without_a_map_in_one_line(tmp_path):
    out = tmp_path / "map.html"
    result = run_snapshot("--view", "/trends", "--out", str(out))
    assert result.returncode == 2 and not out.exists()
    assert result.stderr == ("error: /trends has no map; the interactive map (.html) is written for / and /province\n")
