"""The comparison's content: a custom comparison starts empty with a prompt and still exports; an indicator without a
value on the shared scale is said in words, not drawn as an empty panel."""

import io

import pytest
from pptx import Presentation

from briefing.exports import build_export
from briefing.i18n import translate
from briefing.inputs import load_view_inputs
from briefing.links import parse_view
from briefing.views import build_view_content


@pytest.fixture(scope="module")
def inputs():
    return load_view_inputs()


def test_custom_comparison_starts_empty_with_a_prompt_and_every_export_still_works(inputs):
    content = build_view_content(parse_view("/compare?preset=custom"), inputs)
    assert content.choices["provinces"].value == [] and content.choices["provinces"].default == []
    assert content.answer == translate("compare_choose_prompt", "vi") and content.chart_figure is None
    for kind in ("csv_view", "xlsx_view", "pptx"):
        assert build_export(content, kind, inputs)
    deck = Presentation(io.BytesIO(build_export(content, "pptx", inputs)))
    assert any(translate("compare_choose_prompt", "vi") in shape.text_frame.text
               for slide in deck.slides for shape in slide.shapes if shape.has_text_frame)


def test_an_indicator_without_shared_values_is_said_in_words_not_drawn(inputs):
    content = build_view_content(parse_view("/compare?indicators=exemplars_honoured,money_raised"), inputs)
    assert [a.text.split("<br>")[0] for a in content.chart_figure.layout.annotations] == [
        "<b>Điển hình được tuyên dương, khen thưởng</b>"]
    assert content.notes == [translate("compare_no_shared", "vi", title="Tiền vận động, đóng góp", phase="KL 01")]
