"""The opening screen answers a leader's question: `/` opens on the widest comparison the comparability rule allows
(not on coverage), its answer names the top provinces with their values and windows, a chosen province's first line
says where it stands, and links that name an indicator (or coverage) still reopen exactly that view."""

import pytest

from briefing.links import parse_view
from briefing.overview import widest_class
from briefing.views import build_view_content, load_view_inputs
from indicators.comparability import ComparisonClass, compare_provinces


@pytest.fixture(scope="module")
def inputs():
    return load_view_inputs()


def content_of(inputs, link: str):
    return build_view_content(parse_view(link), inputs)


def shared_count(inputs, cls: ComparisonClass, version: str = "vn63") -> int:
    return len(compare_provinces(inputs.observations(), inputs.frame(version), cls).shared)


def test_the_opening_view_is_the_widest_comparison_of_every_headline_subtype_phase_and_level(inputs):
    widest = widest_class(inputs, "vn63")
    assert widest == ComparisonClass("exemplars_honoured", "honours_total", "kl01", "event")
    assert shared_count(inputs, widest) == 9
    # No other class the picker can show puts more provinces on one scale (checked class by class, no shortcut).
    dataset = inputs.dataset
    for sub in dataset.subtypes.itertuples():
        if sub.indicator == "other_results":
            continue
        levels = ("event", "own_level", "lower_levels", "all_levels", "higher_level") \
            if sub.indicator == "exemplars_honoured" else ("",)
        for phase in ("ct06", "ct03", "ct05", "kl01"):
            for level in levels:
                assert shared_count(inputs, ComparisonClass(sub.indicator, sub.subtype, phase, level)) <= 9


def test_slash_opens_on_the_headline_map_and_ranking_not_coverage(inputs):
    content = content_of(inputs, "/")
    assert content.choices["indicator"].value == "exemplars_honoured"
    assert (content.choices["phase"].value, content.choices["level"].value) == ("kl01", "event")
    assert content.map_figure is not None and content.chart_figure is not None
    assert content.choices["indicator"].options[0] == "coverage"  # coverage stays one choice away
    assert content.answer.startswith("9 tỉnh so sánh được (toàn tỉnh · giai đoạn KL 01")
    assert "Cao nhất: Thành phố Hồ Chí Minh 339 tập thể, cá nhân (01/2022–05/2024); " in content.answer


def test_the_answer_names_the_top_three_with_their_windows(inputs):
    answer = content_of(inputs, "/").answer
    top = answer.split("Cao nhất: ")[1].split(". Thấp nhất")[0].split("; ")
    assert len(top) == 3 and all(part.endswith(")") and "/" in part for part in top)


def test_links_that_name_a_view_reopen_exactly_that_view(inputs):
    assert content_of(inputs, "/?indicator=coverage").title == "Đã có gì về mỗi tỉnh"
    models = content_of(inputs, "/?indicator=models_built")
    assert (models.choices["phase"].value, models.choices["subtype"].value) == ("kl01", "models_total")
    assert content_of(inputs, "/?indicator=bogus").choices["indicator"].value == "exemplars_honoured"


def test_a_phase_without_an_indicator_opens_on_that_phase_widest(inputs):
    content = content_of(inputs, "/?phase=ct05")
    assert content.choices["phase"].value == "ct05"
    assert content.answer.startswith("6 tỉnh so sánh được")


@pytest.mark.parametrize(("link", "first"), [
    ("/?province=79", "Thành phố Hồ Chí Minh: hạng 1/9 tỉnh cùng thang so sánh, 339 tập thể, cá nhân "
                      "(01/2022–05/2024)."),
    ("/?province=11", "Điện Biên: có số hơn 1.800 (toàn tỉnh, không rõ thời kỳ) nhưng không cùng thang so sánh: "
                      "không rõ thời kỳ."),
    ("/?province=01", "Thành phố Hà Nội: chưa có số liệu của chỉ tiêu này."),
    ("/?indicator=coverage&province=02", "Hà Giang: hạng 9/52 tỉnh có số liệu, 9 số liệu · 0 mô hình · 2 nguồn."),
])
def test_a_chosen_province_first_line_says_where_it_stands(inputs, link, first):
    assert content_of(inputs, link).answer.split("\n\n")[0] == first


def test_an_unknown_province_is_a_notice_and_no_standing(inputs):
    content = content_of(inputs, "/?province=zz")
    assert [n.name for n in content.notices] == ["province"]
    assert content.answer.startswith("9 tỉnh so sánh được")
