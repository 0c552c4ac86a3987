"""The opening screen answers a leader's question: `/` opens on the widest comparison the comparability rule allows
(not on coverage), its answer names the top provinces with their values and windows, a chosen province's first line
says where it stands, and links that name an indicator (or coverage) still reopen exactly that view."""

import pytest

from briefing.catalogue import subtype_titles
from briefing.inputs import load_view_inputs
from briefing.links import parse_view
from briefing.overview import widest_class
from briefing.views import build_view_content
from indicators.domain.codes import AWARD_LEVELS, PHASES
from indicators.domain.comparability import ComparisonClass, compare_provinces


@pytest.fixture(scope="module")
def inputs():
    return load_view_inputs()


def content_of(inputs, link: str):
    return build_view_content(parse_view(link), inputs)


def shared_count(inputs, cls: ComparisonClass, version: str = "vn63") -> int:
    return len(compare_provinces(inputs.observations(), inputs.frame(version), cls).shared)


def test_the_opening_view_is_the_widest_comparison_of_every_headline_subtype_phase_level_and_window(inputs):
    widest = widest_class(inputs, "vn63")
    assert widest == ComparisonClass("exemplars_honoured", "honours_total", "kl01", "event")
    comparison = compare_provinces(inputs.observations(), inputs.frame("vn63"), widest)
    # The rule takes the 2–3-year windows (4 provinces) over the one-ceremony-or-year ones (3).
    assert comparison.comparison_class.window == "years_2_3"
    assert comparison.window_counts == {"single": 3, "years_2_3": 4}
    assert dict(zip(comparison.shared["province_name"], comparison.shared["value"], strict=True)) == {
        "Thành phố Hồ Chí Minh": 339, "Tỉnh Tuyên Quang": 86, "Tỉnh Yên Bái": 65, "Tỉnh Hà Tĩnh": 42}
    # CT 05's honours also hold 4 provinces: the tie goes to the later phase.
    assert shared_count(inputs, ComparisonClass("exemplars_honoured", "honours_total", "ct05", "event")) == 4
    # No other class the picker can show puts more provinces on one scale, whatever its window kind (checked class
    # by class and kind by kind, no shortcut).
    dataset = inputs.catalogue
    for sub in dataset.subtypes[dataset.subtypes["subtype"].isin(subtype_titles(dataset, "vi"))].itertuples():
        if sub.indicator == "other_results":
            continue
        levels = AWARD_LEVELS if sub.indicator == "exemplars_honoured" else ("",)
        for phase in PHASES:
            for level in levels:
                cls = ComparisonClass(sub.indicator, sub.subtype, phase, level)
                each_kind = compare_provinces(inputs.observations(), inputs.frame("vn63"), cls).window_counts
                assert max(each_kind.values(), default=0) <= 4, (cls, each_kind)


def test_slash_opens_on_the_headline_map_and_ranking_not_coverage(inputs):
    content = content_of(inputs, "/")
    assert content.choices["indicator"].value == "exemplars_honoured"
    assert (content.choices["phase"].value, content.choices["level"].value) == ("kl01", "event")
    assert content.choices["window"].value == "years_2_3"  # the window kind the rule takes, not the one-event kind
    assert content.map_figure is not None and content.chart_figure is not None
    assert content.choices["indicator"].options[0] == "coverage"  # coverage stays one choice away
    assert content.answer.startswith("4 tỉnh so sánh được (toàn tỉnh · giai đoạn KL 01 · một lễ, hội nghị tuyên "
                                     "dương · số mới nhất của mỗi tỉnh · cửa sổ 2–3 năm). ")
    assert "Cao nhất: Thành phố Hồ Chí Minh 339 tập thể, cá nhân (01/2022–05/2024); " in content.answer


def test_the_answer_names_the_top_three_with_their_windows(inputs):
    answer = content_of(inputs, "/").answer
    top = answer.split("Cao nhất: ")[1].split(". Thấp nhất")[0].split("; ")
    assert top == ["Thành phố Hồ Chí Minh 339 tập thể, cá nhân (01/2022–05/2024)",
                   "Tuyên Quang 86 tập thể, cá nhân (2021–2023)", "Yên Bái 65 tập thể, cá nhân (01/2021–09/2023)"]
    assert "Thấp nhất: Hà Tĩnh 42 tập thể, cá nhân (01/2021–05/2024)." in answer


def test_links_that_name_a_view_reopen_exactly_that_view(inputs):
    assert content_of(inputs, "/?indicator=coverage").title == "Đã có gì về mỗi tỉnh"
    models = content_of(inputs, "/?indicator=models_built")
    assert (models.choices["phase"].value, models.choices["subtype"].value) == ("kl01", "models_total")
    assert content_of(inputs, "/?indicator=bogus").choices["indicator"].value == "exemplars_honoured"


def test_a_phase_without_an_indicator_opens_on_that_phase_widest(inputs):
    content = content_of(inputs, "/?phase=ct05")
    assert content.choices["phase"].value == "ct05"
    # honours_collective of CT 05 also holds 4: the tie goes to the headline's default subtype
    assert widest_class(inputs, "vn63", "ct05") == ComparisonClass("exemplars_honoured", "honours_total", "ct05",
                                                                   "event")
    assert content.answer.startswith("4 tỉnh so sánh được (toàn tỉnh · giai đoạn CT 05 · một lễ, hội nghị tuyên "
                                     "dương · số mới nhất của mỗi tỉnh · cửa sổ 2–3 năm). ")


@pytest.mark.parametrize(("link", "first"), [
    ("/?province=79", "Thành phố Hồ Chí Minh: hạng 1/4 tỉnh cùng thang so sánh, 339 tập thể, cá nhân "
                      "(01/2022–05/2024)."),
    ("/?province=11", "Điện Biên: có số hơn 1.800 (toàn tỉnh, không rõ thời kỳ) nhưng không cùng thang so sánh: "
                      "không rõ thời kỳ."),
    ("/?province=01", "Thành phố Hà Nội: có số 858 (toàn tỉnh, khen thưởng tính ở cấp khác) nhưng không cùng thang "
                      "so sánh: khen thưởng tính ở cấp khác; số của một tổ chức, huyện hoặc xã, không phải toàn tỉnh."),
    ("/?province=27", "Bắc Ninh: chưa có số liệu của chỉ tiêu này."),
    ("/?indicator=coverage&province=02", "Hà Giang: hạng 4/55 tỉnh có số liệu, 15 số liệu · 3 mô hình · 3 nguồn."),
])
def test_a_chosen_province_first_line_says_where_it_stands(inputs, link, first):
    assert content_of(inputs, link).answer.split("\n\n")[0] == first


def test_an_unknown_province_is_a_notice_and_no_standing(inputs):
    content = content_of(inputs, "/?province=zz")
    assert [n.name for n in content.notices] == ["province"]
    assert content.answer.startswith("4 tỉnh so sánh được")


def test_today_s_structure_opens_on_coverage_while_no_comparison_holds_enough_provinces_for_a_map(inputs):
    """No headline puts 3 of the 34 provinces on one scale yet: /?version=vn34 opens on what each province reported,
    which has a map, instead of a list of two provinces."""
    content = content_of(inputs, "/?version=vn34")
    assert content.choices["indicator"].value == "coverage" and content.map_figure is not None
    assert content.answer.startswith("33/34 tỉnh đã có số liệu")
