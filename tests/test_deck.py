"""Decks built from real views (the province's through the CLI), read back with python-pptx: five or six slides — the
answer, the key figures as text, the map with province names, one native ranking chart, what is not comparable and
why, the sources (every one in the speaker notes) — no text below 18 pt, no placeholder or code shown, and the full
tables only in the appendix ("kèm phụ lục bảng", `--appendix`), split evenly with no text box overfull."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches

from briefing.deck import LINE_SPACING, TEXT_INSET, country_map_picture, emu_to_pt, text_width_pt, wrap_text
from briefing.exports import build_export
from briefing.images import map_name
from briefing.inputs import load_view_inputs
from briefing.links import parse_view
from briefing.sources import source_table
from briefing.views import build_view_content

ROOT = Path(__file__).resolve().parent.parent
VIEWS = {"overview": "/", "honours": "/?indicator=exemplars_honoured&phase=ct05", "province": "/province?province=11",
         "compare": "/compare?indicators=exemplars_honoured,models_built"}


MIN_PT = 18


def run_deck_cli(view: str, out: Path, *flags: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "components.deck", "--view", view, "--out", str(out), *flags],
                          cwd=ROOT, capture_output=True, text=True, timeout=180)


@pytest.fixture(scope="module")
def inputs():
    return load_view_inputs()


@pytest.fixture(scope="module")
def contents(inputs):
    return {name: build_view_content(parse_view(view), inputs) for name, view in VIEWS.items()}


@pytest.fixture(scope="module")
def decks(tmp_path_factory, contents, inputs):
    """The province deck through the documented command; the others in this process (one kaleido for all)."""
    out = tmp_path_factory.mktemp("decks") / "province.pptx"
    result = run_deck_cli(VIEWS["province"], out)
    assert result.returncode == 0, result.stderr
    built = {name: Presentation(io.BytesIO(build_export(content, "pptx", inputs))) for name, content in
             contents.items() if name != "province"}
    return built | {"province": Presentation(out)}


@pytest.fixture(scope="module")
def appendix_deck(tmp_path_factory):
    """The province deck with its tables appended, through the CLI flag."""
    out = tmp_path_factory.mktemp("decks") / "province-appendix.pptx"
    result = run_deck_cli(VIEWS["province"], out, "--appendix")
    assert result.returncode == 0, result.stderr
    return Presentation(out)


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
        cover = slide_texts(deck.slides[0])
        content = contents[name]
        answer = content.answer.replace("\n\n", "\n")  # the province's standing, then the answer
        assert cover[:3] == ["Bảng số liệu Học tập và làm theo Bác", content.title, answer]
        assert sum("63 tỉnh (trước 1/7/2025, như báo cáo)" in text for text in cover) == 1


@pytest.mark.parametrize("name", list(VIEWS))
def test_a_deck_is_the_answer_key_figures_map_ranking_what_is_not_comparable_and_sources(decks, name):
    slides = list(decks[name].slides)
    assert 5 <= len(slides) <= 7
    titles = [title(s) for s in slides]
    assert titles[1] == "Các con số chính" and titles[-1] == "Nguồn" and "Chưa so sánh được và vì sao" in titles
    assert sum(len(charts(s)) for s in slides) == 1  # one native ranking chart
    assert sum(tables(s) != [] for s in slides) == 0  # the tables are the appendix's


@pytest.mark.parametrize("name", list(VIEWS))
def test_no_text_is_smaller_than_18_pt(decks, name):
    for slide in decks[name].slides:
        for size in run_sizes(slide):
            assert size >= MIN_PT, (title(slide), size)


def run_sizes(slide) -> list[float]:
    """Every run's size on the slide: text boxes, table cells and the chart's text (font, axes, bar labels)."""
    sizes = [run.font.size.pt for shape in slide.shapes if shape.has_text_frame
             for paragraph in shape.text_frame.paragraphs for run in paragraph.runs]
    sizes += [run.font.size.pt for table in tables(slide) for row in table.rows for cell in row.cells
              for paragraph in cell.text_frame.paragraphs for run in paragraph.runs]
    for chart in charts(slide):
        sizes += [chart.font.size.pt, chart.value_axis.tick_labels.font.size.pt,
                  chart.category_axis.tick_labels.font.size.pt]
        sizes += [point.data_label.text_frame.paragraphs[0].runs[0].font.size.pt
                  for point in chart.plots[0].series[0].points]
    return sizes


@pytest.mark.parametrize("name", list(VIEWS))
def test_a_vietnamese_deck_shows_no_code_and_no_placeholder(decks, name):
    for slide in decks[name].slides:
        for text in slide_texts(slide):
            for part in text.replace("\n", " · ").split(" · "):
                assert part.strip() not in ("–", "-", "?", "nan", "None", ""), (title(slide), text)
            assert not any(code in text for code in ("exemplars_", "models_", "kl01", "ct05", "vn63", "vn34")), text


def test_the_key_figures_are_the_views_results_as_text_with_their_qualifier(decks, contents):
    slide = decks["province"].slides[1]
    assert title(slide) == "Các con số chính" and pictures(slide) == 0
    texts = slide_texts(slide)
    assert "hơn 532 mô hình" in texts and "hơn 94%" in texts and "toàn tỉnh · 05/2021–05/2024" in texts
    overview = slide_texts(decks["overview"].slides[1])
    assert {kpi["value"] for kpi in contents["overview"].kpis} <= set(overview)
    assert "339 tập thể, cá nhân" in overview


def test_the_ranking_is_a_native_bar_chart_whose_bars_are_the_shared_values(decks, contents):
    slides = list(decks["overview"].slides)
    (chart,) = [c for s in slides for c in charts(s)]
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    places = contents["overview"].places
    shared = places[places["status"] == "shared"].sort_values("value", kind="stable")
    plot = chart.plots[0]
    assert set(plot.categories) == set(shared["province_name"].map(map_name)) and len(plot.categories) == 4
    assert "TP. Hồ Chí Minh" in plot.categories and "Hà Tĩnh" in plot.categories  # short names stay legible
    assert sorted(plot.series[0].values) == sorted(shared["value"])
    labels = [point.data_label.text_frame.text for point in plot.series[0].points]
    assert labels[-1] == "hạng 1 · 339 · 01/2022–05/2024" and labels[0] == "hạng 4 · 42 · 01/2021–05/2024"
    assert chart.value_axis.maximum_scale < 4 * 339  # room for the labels, not an axis four times the data


def test_a_province_deck_ranks_the_widest_comparison_and_says_why_the_province_is_not_on_it(decks):
    slides = list(decks["province"].slides)
    (ranking,) = [s for s in slides if charts(s)]
    assert title(ranking) == "Điển hình được tuyên dương, khen thưởng: 4 tỉnh cùng thang so sánh"
    (why,) = [s for s in slides if title(s) == "Chưa so sánh được và vì sao"]
    assert slide_texts(why)[1].startswith("Điện Biên: có số hơn 1.800 (toàn tỉnh, không rõ thời kỳ) nhưng không cùng")


def test_a_province_on_the_scale_gets_its_rank_as_the_title_and_its_bar_highlighted(inputs):
    content = build_view_content(parse_view("/province?province=79"), inputs)
    deck = Presentation(io.BytesIO(build_export(content, "pptx", inputs)))
    (ranking,) = [s for s in deck.slides if charts(s)]
    assert title(ranking) == ("Thành phố Hồ Chí Minh: hạng 1/4 tỉnh cùng thang so sánh, 339 tập thể, cá nhân "
                              "(01/2022–05/2024).")
    plot = charts(ranking)[0].plots[0]
    fills = {name: point.format.fill for name, point in zip(plot.categories, plot.series[0].points, strict=True)}
    assert str(fills["TP. Hồ Chí Minh"].fore_color.rgb) == "D55E00"


def test_what_is_not_comparable_is_one_line_per_reason_with_its_provinces(decks):
    (why,) = [s for s in decks["overview"].slides if title(s) == "Chưa so sánh được và vì sao"]
    lines = slide_texts(why)[1].split("\n")
    assert any(line.startswith("khen thưởng tính ở cấp khác: ") and "Sóc Trăng" in line for line in lines)
    assert all(line.endswith(" tỉnh)") or line.startswith("và ") for line in lines)


def test_a_comparison_gets_one_chart_with_what_is_left_out_in_its_title(decks):
    slides = [s for s in decks["compare"].slides if charts(s)]
    assert [title(s) for s in slides] == [
        "Điển hình được tuyên dương, khen thưởng: 4 tỉnh cùng thang so sánh; 36 tỉnh khác có số phạm vi, kỳ hoặc cấp "
        "khác"]


def test_the_map_is_a_picture_naming_each_province_over_its_value(decks, contents):
    overview = list(decks["overview"].slides)
    assert [pictures(s) for s in overview[:4]] == [0, 0, 1, 0] and len(charts(overview[3])) == 1
    assert pictures(decks["province"].slides[2]) == 1
    content = contents["overview"]
    figure = country_map_picture(content)
    written = {text for trace in figure.data if trace.type == "scattergeo" and trace.mode == "text"
               for text in trace.text}
    # Yên Bái's name and value would overlap Tuyên Quang's, its larger neighbour's: written just below its point
    assert written == {"TP. Hồ Chí Minh<br>339", "Tuyên Quang<br>86", "Yên Bái<br>65", "Hà Tĩnh<br>42"}


@pytest.mark.parametrize("name", list(VIEWS))
def test_sources_close_the_deck_and_fill_the_speaker_notes(decks, contents, name):
    slides = list(decks[name].slides)
    content = contents[name]
    assert title(slides[-1]) == "Nguồn" and all(title(s) != "Nguồn" for s in slides[:-1])
    shown = slide_texts(slides[-1])[1].split("\n")
    assert shown[0].startswith(str(content.sources["title"].iat[0]))
    if len(shown) < len(content.sources):
        assert shown[-1] == f"và {len(content.sources) - len(shown) + 1} nguồn khác (danh sách đủ trong ghi chú của " \
                            "trang chiếu)"
    for slide in slides:
        notes = slide.notes_slide.notes_text_frame.text
        assert all(str(t) in notes for t in content.sources["title"])


def test_the_appendix_adds_the_full_tables_at_18_pt(appendix_deck, contents, decks):
    slides = list(appendix_deck.slides)
    assert [title(s) for s in slides[:len(decks["province"].slides)]] == [title(s) for s in decks["province"].slides]
    appended = slides[len(decks["province"].slides):]
    assert appended and all(title(s).startswith("Phụ lục: ") for s in appended)
    content = contents["province"]
    expected = source_table(content.sources, content.obs, content.models, content.lang)
    listed = [t.cell(r, 0).text for s in appended if "Nguồn" in title(s) for t in tables(s)
              for r in range(1, len(t.rows))]
    assert listed == list(expected.iloc[:, 0])
    for slide in appended:
        assert min(run_sizes(slide)) >= MIN_PT


def test_appendix_tables_split_evenly_and_no_slide_holds_a_single_leftover_row(appendix_deck):
    runs: dict[str, list[int]] = {}
    for slide in appendix_deck.slides:
        for table in tables(slide):
            runs.setdefault(title(slide).rsplit(" (", 1)[0], []).append(len(table.rows) - 1)
    assert runs
    for sizes in runs.values():  # at 18 pt a model's row may take half a slide: only a lone last row is a leftover
        assert len(sizes) == 1 or sizes[-1] >= 2 or max(sizes) <= 2, runs


def test_no_appendix_cell_breaks_a_word_or_a_date(appendix_deck):
    for slide in appendix_deck.slides:
        for table in tables(slide):
            for row in table.rows:
                for cell, column in zip(row.cells, table.columns, strict=True):
                    room = emu_to_pt(column.width - 2 * TEXT_INSET)
                    size = cell.text_frame.paragraphs[0].font.size.pt
                    words = [w for w in cell.text.split() if w]
                    assert all(text_width_pt(w, size, True) <= room for w in words), (cell.text, room)


@pytest.mark.parametrize("name", [*VIEWS, "appendix"])
def test_no_text_box_holds_more_lines_than_it_can_show(decks, appendix_deck, name):
    for slide in (appendix_deck if name == "appendix" else decks[name]).slides:
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


def test_the_deck_is_16_by_9(decks):
    assert {(d.slide_width, d.slide_height) for d in decks.values()} == {(Inches(13.333), Inches(7.5))}


@pytest.mark.parametrize("view", ["/nope", "/province?province=zz"])
def test_deck_cli_refuses_unknown_views_with_status_2(tmp_path, view):
    result = run_deck_cli(view, tmp_path / "deck.pptx")
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and not (tmp_path / "deck.pptx").exists()
