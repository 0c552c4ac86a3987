"""Decks built by the CLI from real views, read back with python-pptx: the cover answers, the key figures are the
view's results as text, rankings are native charts, tables fit and split evenly, sources close the deck and fill the
speaker notes, and no text box holds more text than it can show."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches

from briefing.deck import LINE_SPACING, TEXT_INSET, build_deck, emu_to_pt, text_width_pt, wrap_text
from briefing.links import parse_view
from briefing.sources import source_table
from briefing.views import build_view_content, load_view_inputs

ROOT = Path(__file__).resolve().parent.parent
VIEWS = {"overview": "/", "honours": "/?indicator=exemplars_honoured&window=years_2_3",
         "province": "/province?province=11", "compare": "/compare?indicators=exemplars_honoured,models_built"}


def run_deck_cli(view: str, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "components.deck", "--view", view, "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=180)


@pytest.fixture(scope="module")
def contents():
    inputs = load_view_inputs()
    return {name: build_view_content(parse_view(view), inputs) for name, view in VIEWS.items()}


@pytest.fixture(scope="module")
def decks(tmp_path_factory, contents):
    """The province deck through the documented command; the others in this process (one kaleido for all)."""
    out = tmp_path_factory.mktemp("decks") / "province.pptx"
    result = run_deck_cli(VIEWS["province"], out)
    assert result.returncode == 0, result.stderr
    built = {name: Presentation(io.BytesIO(build_deck(content))) for name, content in contents.items()
             if name != "province"}
    return built | {"province": Presentation(out)}


def slide_texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame and shape.text_frame.text]


def title(slide) -> str:
    return slide_texts(slide)[0]


def pictures(slide) -> int:
    return sum(shape.shape_type == MSO_SHAPE_TYPE.PICTURE for shape in slide.shapes)


def charts(slide) -> list:
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def tables(slide) -> list:
    return [shape.table for shape in slide.shapes if shape.has_table]


def test_the_cover_gives_the_title_the_answer_and_the_version_once(decks, contents):
    for name, deck in decks.items():
        cover = [s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame and s.name != "Footer"]
        content = contents[name]
        assert cover[:3] == ["Bảng số liệu Học tập và làm theo Bác", content.title, content.answer]
        assert sum("63 tỉnh (trước 1/7/2025, như báo cáo)" in text for text in cover) == 1


def test_the_key_figures_are_the_views_results_as_text_with_their_qualifier(decks, contents):
    slide = decks["province"].slides[1]
    assert title(slide) == "Các con số chính" and pictures(slide) == 0
    texts = slide_texts(slide)
    assert "hơn 532 mô hình" in texts and "hơn 94%" in texts and "toàn tỉnh · 05/2021–05/2024" in texts
    honours = slide_texts(decks["honours"].slides[1])
    assert {kpi["value"] for kpi in contents["honours"].kpis} <= set(honours)
    assert "339 tập thể, cá nhân" in honours


def test_the_ranking_is_a_native_bar_chart_whose_bars_are_the_shared_values(decks, contents):
    slides = list(decks["honours"].slides)
    (chart,) = [c for s in slides for c in charts(s)]
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    places = contents["honours"].places
    shared = places[places["status"] == "shared"].sort_values("value")
    plot = chart.plots[0]
    assert list(plot.categories) == list(shared["province_name"])
    assert list(plot.series[0].values) == list(shared["value"])
    labels = [point.data_label.text_frame.text for point in plot.series[0].points]
    assert labels[-1] == "hạng 1 · 339 · 01/2022–05/2024" and labels[0] == "hạng 4 · 42 · 01/2021–05/2024"


def test_a_comparison_gets_one_chart_per_headline_with_what_is_left_out_in_its_title(decks):
    slides = [s for s in decks["compare"].slides if charts(s)]
    assert [title(s) for s in slides] == [
        "Điển hình được tuyên dương, khen thưởng: 4 tỉnh cùng thang so sánh; 36 tỉnh khác có số phạm vi, kỳ hoặc cấp "
        "khác (xem bảng)",
        "Mô hình học tập và làm theo Bác: 2 tỉnh cùng thang so sánh; 7 tỉnh khác có số phạm vi, kỳ hoặc cấp khác "
        "(xem bảng)"]
    labels = [p.data_label.text_frame.text for p in charts(slides[1])[0].plots[0].series[0].points]
    assert labels == ["hơn 532 · 05/2021–05/2024", "hơn 7.300 · 01/2022–05/2025"]


def test_maps_stay_pictures_and_the_overview_ranking_is_a_chart(decks):
    overview = list(decks["overview"].slides)
    assert [pictures(s) for s in overview[:4]] == [0, 0, 1, 0] and len(charts(overview[3])) == 1
    assert pictures(decks["province"].slides[2]) == 1


@pytest.mark.parametrize("name", list(VIEWS))
def test_tables_split_evenly_and_no_slide_holds_a_single_leftover_row(decks, name):
    runs: dict[str, list[int]] = {}
    for slide in decks[name].slides:
        for table in tables(slide):
            runs.setdefault(title(slide).rsplit(" (", 1)[0], []).append(len(table.rows) - 1)
    for sizes in runs.values():
        assert len(sizes) == 1 or min(sizes) >= 2, runs


@pytest.mark.parametrize("name", list(VIEWS))
def test_no_cell_breaks_a_word_or_a_date(decks, name):
    for slide in decks[name].slides:
        for table in tables(slide):
            for row in table.rows:
                for cell, column in zip(row.cells, table.columns, strict=True):
                    room = emu_to_pt(column.width - 2 * TEXT_INSET)
                    size = cell.text_frame.paragraphs[0].font.size.pt
                    words = [w for w in cell.text.split() if w]
                    assert all(text_width_pt(w, size, True) <= room for w in words), (cell.text, room)


@pytest.mark.parametrize("name", list(VIEWS))
def test_no_text_box_holds_more_lines_than_it_can_show(decks, name):
    for slide in decks[name].slides:
        for shape in slide.shapes:
            if not shape.has_text_frame or not shape.text_frame.text:
                continue
            room = emu_to_pt(shape.width - 2 * TEXT_INSET)
            lines = 0
            for paragraph in shape.text_frame.paragraphs:
                run = paragraph.runs[0]
                size, bold = run.font.size.pt, bool(run.font.bold)
                wrapped = wrap_text(paragraph.text, room, size, bold)
                assert all(text_width_pt(line, size, bold) <= room for line in wrapped), paragraph.text
                lines += len(wrapped) * size * LINE_SPACING
            assert lines <= emu_to_pt(shape.height) - 7.2, (shape.text_frame.text, title(slide))


@pytest.mark.parametrize("name", list(VIEWS))
def test_sources_close_the_deck_and_fill_the_speaker_notes_and_every_footer_is_one_line(decks, contents, name):
    slides = list(decks[name].slides)
    content = contents[name]
    expected = source_table(content.sources, content.obs, content.models, content.lang)
    last = [s for s in slides if title(s).startswith("Nguồn")]
    assert slides[-len(last):] == last
    listed = [(t.cell(r, 0).text, t.cell(r, 3).text) for s in last for t in tables(s) for r in range(1, len(t.rows))]
    assert listed == [(t, str(n)) for t, n in zip(expected.iloc[:, 0], expected.iloc[:, 3], strict=True)]
    for slide in slides:
        notes = slide.notes_slide.notes_text_frame.text
        assert all(str(t) in notes for t in content.sources["title"])
        (footer,) = [s for s in slide.shapes if s.name == "Footer"]
        run = footer.text_frame.paragraphs[0].runs[0]
        assert footer.text_frame.text.startswith("Nguồn")
        assert text_width_pt(footer.text_frame.text, run.font.size.pt) <= emu_to_pt(footer.width - 2 * TEXT_INSET)


def test_the_province_deck_footer_names_its_sources(decks):
    footers = {[s for s in slide.shapes if s.name == "Footer"][0].text_frame.text for slide in decks["province"].slides}
    assert footers == {"Nguồn: Lan tỏa mô hình hay, sáng tạo trong học và làm theo Bác; [Điện Biên: đưa việc học tập "
                       "và làm theo Bác đi vào chiều sâu]; [Lan tỏa việc học tập và làm theo tấm gương Bác Hồ]"}


def test_the_deck_is_16_by_9(decks):
    assert {(d.slide_width, d.slide_height) for d in decks.values()} == {(Inches(13.333), Inches(7.5))}


@pytest.mark.parametrize("view", ["/nope", "/province?province=zz"])
def test_deck_cli_refuses_unknown_views_with_status_2(tmp_path, view):
    result = run_deck_cli(view, tmp_path / "deck.pptx")
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and not (tmp_path / "deck.pptx").exists()
