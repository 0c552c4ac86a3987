"""Decks built by the CLI from real views, read back with python-pptx: order, 16:9, pictures, footers, text."""

import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches

from briefing.links import parse_view
from briefing.sources import source_table
from briefing.views import build_view_content, load_view_inputs

ROOT = Path(__file__).resolve().parent.parent


def run_deck_cli(view: str, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "components.deck", "--view", view, "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    folder = tmp_path_factory.mktemp("decks")
    built = {}
    for name, view in (("overview", "/"), ("province", "/province?province=11")):
        result = run_deck_cli(view, folder / f"{name}.pptx")
        assert result.returncode == 0, result.stderr
        built[name] = Presentation(folder / f"{name}.pptx")
    return built


def slide_texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame and shape.text_frame.text]


def pictures(slide) -> int:
    return sum(shape.shape_type == MSO_SHAPE_TYPE.PICTURE for shape in slide.shapes)


def tables(slide) -> list:
    return [shape.table for shape in slide.shapes if shape.has_table]


def test_overview_deck_has_cover_kpis_map_chart_table_and_sources(decks):
    deck = decks["overview"]
    assert (deck.slide_width, deck.slide_height) == (Inches(13.333), Inches(7.5))
    slides = list(deck.slides)
    assert [slide_texts(s)[0] for s in slides] == [
        "Bảng số liệu Học tập và làm theo Bác", "Các con số chính", "Số mô hình học tập và làm theo Bác",
        "Số mô hình học tập và làm theo Bác", "Số mô hình học tập và làm theo Bác", "Các nguồn đã dùng"]
    assert "Số mô hình học tập và làm theo Bác" in slide_texts(slides[0])
    assert [pictures(s) for s in slides] == [0, 0, 1, 1, 0, 0]
    content = build_view_content(parse_view("/"), load_view_inputs())
    assert {k["value"] for k in content.kpis} <= set(slide_texts(slides[1]))
    assert tables(slides[4])[0].cell(1, 0).text == "Tỉnh Điện Biên"
    sources = tables(slides[5])[0]
    expected = source_table(content.sources, content.obs, content.models, content.lang)
    assert [(sources.cell(r, 0).text, sources.cell(r, 3).text) for r in range(1, len(sources.rows))] == [
        (title, str(count)) for title, count in zip(expected.iloc[:, 0], expected.iloc[:, 3], strict=True)]
    assert "Lan tỏa mô hình hay, sáng tạo trong học và làm theo Bác" in set(expected.iloc[:, 0])


@pytest.mark.parametrize("name", ["overview", "province"])
def test_every_slide_has_a_footer_that_names_its_sources(decks, name):
    footers = [[t for t in slide_texts(s) if t.startswith("Nguồn:")] for s in decks[name].slides]
    assert len(footers) >= 4 and all(len(f) == 1 for f in footers)
    assert all("Lan tỏa mô hình hay, sáng tạo trong học và làm theo Bác" in f[0] for f in footers)


def test_province_deck_shows_the_district_map_and_paginated_figures(decks):
    slides = list(decks["province"].slides)
    assert [slide_texts(s)[0] for s in slides] == [
        "Bảng số liệu Học tập và làm theo Bác", "Các con số chính", "Tỉnh Điện Biên", "Tỉnh Điện Biên (1/2)",
        "Tỉnh Điện Biên (2/2)", "Các nguồn đã dùng"]
    assert "Tỉnh Điện Biên" in slide_texts(slides[0])
    assert [pictures(s) for s in slides] == [0, 0, 1, 0, 0, 0]
    assert sum(len(t.rows) - 1 for s in slides[3:5] for t in tables(s)) == 7


@pytest.mark.parametrize("view", ["/nope", "/province?province=zz"])
def test_deck_cli_refuses_unknown_views_with_status_2(tmp_path, view):
    result = run_deck_cli(view, tmp_path / "deck.pptx")
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and not (tmp_path / "deck.pptx").exists()
