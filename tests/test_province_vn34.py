"""The province page in today's structure (`/province?province=NN&version=vn34`): the commune map on the real
layers, commune figures on one scale, commune rates, the former units' figures, and every one of the 34 pages."""

import dataclasses
import io

import pytest
from commune_fixtures import COMMUNE_VALUES, HCMC, ORGANISATION_COMMUNE, data_with_commune_figures
from pptx import Presentation

from briefing.colours import NO_DATA_COLOUR, OTHER_SCOPE_COLOUR
from briefing.exports import province_standing
from briefing.inputs import load_view_inputs
from briefing.links import parse_view
from briefing.views import build_view_content
from geo import layers
from indicators.store.database import connect_store
from indicators.store.published import import_tables
from indicators.store.reads import StoreReader


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """The dashboard's inputs with the test's commune figures published beside the frozen dataset."""
    base = load_view_inputs()
    engine = connect_store(f"sqlite:///{tmp_path_factory.mktemp('store') / 'store.sqlite'}")
    import_tables(engine, data_with_commune_figures(tmp_path_factory.mktemp("data")), by="test", note="commune figures")
    return dataclasses.replace(base, store=StoreReader(engine), _frames={}, _memo={})


def content_of(link: str, inputs):
    return build_view_content(parse_view(link), inputs)


def traces_by_name(fig) -> dict:
    return {trace.name: trace for trace in fig.data if trace.type == "choropleth" and trace.geo in (None, "geo")}


def test_hcmc_commune_map_colours_the_five_commune_figures_on_one_scale(inputs):
    content = content_of(f"/province?province={HCMC}&version=vn34", inputs)
    assert content.choices["indicator"].value == "models_built"
    assert content.choices["subtype"].value == "models_total"
    fig = content.map_figure
    value = next(t for t in fig.data if t.type == "choropleth" and t.showscale)
    assert dict(zip(value.locations, value.z, strict=True)) == {c: float(v) for c, v in COMMUNE_VALUES.items()}
    traces = traces_by_name(fig)
    other = next(t for t in traces.values() if t.colorscale[0][1] == OTHER_SCOPE_COLOUR)
    none = next(t for t in traces.values() if t.colorscale[0][1] == NO_DATA_COLOUR)
    assert list(other.locations) == [ORGANISATION_COMMUNE]
    assert len(none.locations) == 168 - 6
    drawn = {f["properties"]["commune_code"] for t in traces.values() for f in t.geojson["features"]}
    inset = {f["properties"]["commune_code"] for t in fig.data if t.type == "choropleth" and t.geo == "geo2"
             for f in t.geojson["features"]}
    assert inset == {"26732"}  # Côn Đảo, 180 km offshore, in the inset
    assert len(drawn | inset) == 168 == len(layers.load_province_communes_geojson(HCMC)["features"])
    assert content.kpis[0]["value"] == "5/168"
    assert content.answer.startswith("Thành phố Hồ Chí Minh: 5/168 xã, phường có số liệu trên cùng thang")


def test_a_commune_filter_outlines_it_and_keeps_only_its_figures(inputs):
    content = content_of(f"/province?province={HCMC}&version=vn34&commune=27316", inputs)
    assert content.title == "Thành phố Hồ Chí Minh – Phường An Đông"
    assert len(content.table) == 1 and content.table.iloc[0, 1] == "45"
    value = next(t for t in content.map_figure.data if t.type == "choropleth" and t.showscale)
    widths = dict(zip(value.locations, value.marker.line.width, strict=True))
    assert widths["27316"] == 3 and widths["25942"] == 0.6
    bad = content_of(f"/province?province={HCMC}&version=vn34&commune=01558", inputs)
    assert [(n.name, n.value) for n in bad.bad_values()] == [("commune", "01558")]
    assert bad.choices["commune"].value == ""


def test_per_10k_divides_by_the_commune_population_of_the_boundary_files(inputs):
    content = content_of(f"/province?province={HCMC}&version=vn34&rate=per10k", inputs)
    population = layers.load_communes().set_index("commune_code")["population"]
    places = content.places.set_index("commune_code")
    assert places.at["27316", "rate_value"] == pytest.approx(45 / population["27316"] * 10_000)
    assert places.at["27316", "rate_value"] == pytest.approx(45 / 81229 * 10_000)
    assert "dân số xã 81.229 người (bản đồ sáp nhập 2025)" in places.at["27316", "note"]
    value = next(t for t in content.map_figure.data if t.type == "choropleth" and t.showscale)
    assert dict(zip(value.locations, value.z, strict=True))["27316"] == pytest.approx(5.5399, abs=1e-3)
    verdicts = content.verdicts.set_index("obs_id")
    assert verdicts.at["test_commune_003", "rate_value"] == pytest.approx(45 / 81229 * 10_000)
    assert verdicts.at["test_commune_006", "why_not"] != ""


def test_former_units_are_named_with_their_old_province_and_their_coverage_counted(inputs):
    content = content_of("/province?province=11&version=vn34", inputs)  # Điện Biên: one old province
    former = content.tables["former"]
    units = set(former["Đơn vị cũ"])
    assert "huyện Mường Nhé cũ, tỉnh Điện Biên" in units or any(u.endswith("cũ, tỉnh Điện Biên") for u in units)
    assert "tỉnh Điện Biên cũ" in units
    obs = content.obs
    reported = obs.loc[obs["admin_version"] == "vn63", "district_code"].replace("", None).dropna().nunique()
    assert content.filters[-1] == f"1/1 tỉnh cũ và {reported}/10 huyện cũ có báo cáo"
    hcmc = content_of(f"/province?province={HCMC}&version=vn34", inputs)
    assert hcmc.kpis[1]["value"].endswith("/3")  # HCMC, Bình Dương and Bà Rịa – Vũng Tàu


def test_the_archipelago_special_zones_are_drawn_in_an_inset_of_their_provinces(inputs):
    for province, code in (("48", "20333"), ("56", "22736")):
        fig = content_of(f"/province?province={province}&version=vn34", inputs).map_figure
        inset = [t for t in fig.data if t.type == "choropleth" and t.geo == "geo2"]
        assert {f["properties"]["commune_code"] for t in inset for f in t.geojson["features"]} == {code}
        assert any(t.type == "scattergeo" and t.geo == "geo2" for t in fig.data)


def test_all_34_province_pages_render_their_commune_map(inputs):
    counts = layers.load_communes().groupby("province_code").size()
    for province in inputs.frame("vn34").names:
        content = content_of(f"/province?province={province}&version=vn34", inputs)
        fig = content.map_figure
        assert fig is not None and not content.figure_errors, province
        drawn = {f["properties"]["commune_code"] for t in fig.data if t.type == "choropleth"
                 for f in t.geojson["features"]}
        assert len(drawn) == counts[province] == len(content.places), province
        assert fig.data[0].type == "scattergeo"


def test_commune_rate_source_is_named_in_the_csv_the_deck_and_the_footer(inputs):
    from briefing.exports import build_export
    from briefing.provenance import provenance_lines

    content = content_of(f"/province?province={HCMC}&version=vn34&rate=per10k", inputs)
    source = "Mẫu số: dân số xã theo bản đồ sáp nhập 2025 (sapnhap.bando.com.vn)"
    assert source in provenance_lines(content, short=True)
    csv = build_export(content, "csv_view", inputs).decode("utf-8-sig")
    assert f"trên 10.000 dân ({source})" in csv
    assert "5.5399" in csv or "5,5399" in csv
    deck = Presentation(io.BytesIO(build_export(content, "pptx", inputs)))
    last = deck.slides[len(deck.slides) - 1]  # the sources slide names the denominator under the sources
    assert [p.text for s in last.shapes if s.has_text_frame for p in s.text_frame.paragraphs][-1] == source
    assert source in deck.slides[0].notes_slide.notes_text_frame.text
    plain = content_of(f"/province?province={HCMC}&version=vn34", inputs)
    assert source not in "\n".join(provenance_lines(plain, short=True))


def test_exports_of_a_commune_view_render_the_same_content(inputs):
    from briefing.exports import build_export

    content = content_of(f"/province?province={HCMC}&version=vn34&commune=27316", inputs)
    html = build_export(content, "html_map", inputs).decode("utf-8")
    assert html.count("\"commune_code\"") == 168 and "Phường An Đông" in html and "\"26732\"" in html  # Côn Đảo, inset
    deck = build_export(content, "pptx", inputs)
    assert deck[:2] == b"PK"
    xlsx = build_export(content, "xlsx_view", inputs)
    assert xlsx[:2] == b"PK"


def test_a_province_deck_of_the_34_ranks_the_province_among_the_34(inputs):
    """Province codes are reused across versions: 44 is Quảng Trị of the 34 and Quảng Bình of the 63. The deck of the
    vn34 province 44 ranks Quảng Trị in the overview of the 34 provinces."""
    content = content_of("/province?province=44&version=vn34", inputs)
    standing = province_standing(content, inputs)
    assert standing.admin_version == "vn34"
    chosen = standing.choices["province"]
    assert chosen.label(chosen.value) == content.title == "Quảng Trị"
