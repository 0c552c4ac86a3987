"""Trends open on the lines a leader can read: one per province with two or more comparable windows; no figure
twice; the answer sets side by side only windows that may be compared."""

import pytest

from briefing.inputs import load_view_inputs
from briefing.links import parse_view
from briefing.trends import comparable_windows
from briefing.views import build_view_content


@pytest.fixture(scope="module")
def opening():
    return build_view_content(parse_view("/trends"), load_view_inputs())


def test_a_ceremony_inside_a_longer_window_and_parts_beside_their_total_are_not_compared(opening):
    hcm = opening.obs[opening.obs["series"] == "Thành phố Hồ Chí Minh"]
    assert {397.0, 155.0, 242.0} <= set(hcm["value"])  # the 2018 ceremony, its collectives and individuals
    windows = comparable_windows(hcm)
    assert list(zip(windows["value"], windows["period_start"], windows["period_end"], strict=True)) == [
        (392.0, "2016-01-01", "2019-05-14"), (339.0, "2022-01-01", "2024-05-15")]


def test_opens_on_one_line_per_province_with_two_comparable_windows(opening):
    assert opening.choices["provinces"].value == ["79", "15"]
    assert [trace.name for trace in opening.chart_figure.data] == ["Thành phố Hồ Chí Minh", "Tỉnh Yên Bái"]
    assert opening.answer == (
        "Số tập thể, cá nhân điển hình được tuyên dương, khen thưởng: 2 nơi có từ hai kỳ báo cáo so sánh được trở lên; "
        "ví dụ Thành phố Hồ Chí Minh: 392 (01/2016–05/2019) → 339 (01/2022–05/2024).")


def test_a_figure_given_by_two_reports_is_one_row():
    content = build_view_content(parse_view("/trends?provinces=79"), load_view_inputs())
    shown = content.table.drop(columns=[c for c in content.table.columns if c in ("Nguồn", "Trích dẫn")])
    assert not shown.duplicated().any()
    assert (content.obs["value"] == 16979.0).sum() == 1  # "16.979" in two reports of the same window
