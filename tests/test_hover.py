"""Tooltips: each evidence quote once, whole words on narrow lines (a wide tooltip was cut at the chart's edge)."""

from briefing.hover import HOVER_FIELDS, HOVER_LINE_CHARS, evidence_lines, wrapped
from briefing.inputs import load_view_inputs
from briefing.links import parse_view
from briefing.views import build_view_content


def test_a_quote_shared_by_the_parts_of_a_sum_is_shown_once():
    quote = "23 tập thể, 14 cá nhân đã được nhận Bằng khen"
    assert evidence_lines([quote, quote]) == f"«{quote}»"


def test_long_text_wraps_between_words_and_keeps_every_word_whole():
    title = "Hà Tĩnh vinh danh 42 điển hình học và làm theo Bác giai đoạn 2021-2024 <b>"
    lines = wrapped(title).split("<br>")
    assert all(len(line) <= HOVER_LINE_CHARS + 6 for line in lines) and len(lines) == 2
    assert " ".join(lines).replace("&lt;b&gt;", "<b>") == title


def test_no_tooltip_of_the_comparison_repeats_a_line_or_runs_wide():
    content = build_view_content(parse_view("/compare"), load_view_inputs())
    evidence = HOVER_FIELDS.index("evidence")
    for trace in content.chart_figure.data:
        for fields in trace.customdata:
            lines = fields[evidence].split("<br>")
            assert len(lines) == len(set(lines)), lines
            assert all(len(line) <= HOVER_LINE_CHARS + 2 for field in fields for line in str(field).split("<br>")
                       if "<" not in line)
