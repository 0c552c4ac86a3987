"""Ranks on the real data: equal values share a rank (1, 2, 2, 4) on the page's bars, in the answer sentence, in the
data download and in the deck, with the third of the scale where it holds 9 provinces or more."""

import csv
import io

import pytest

from briefing.exports import build_export
from briefing.inputs import load_view_inputs
from briefing.links import parse_view
from briefing.views import build_view_content
from indicators.domain.ranking import competition_ranks, third_of


@pytest.fixture(scope="module")
def inputs():
    return load_view_inputs()


@pytest.fixture(scope="module")
def coverage(inputs):
    return build_view_content(parse_view("/?indicator=coverage"), inputs)


PROVINCES = ["Tỉnh Yên Bái", "Tỉnh Hà Tĩnh", "Tỉnh Lạng Sơn", "Tỉnh Điện Biên", "Tỉnh Bình Thuận", "Tỉnh Bình Định"]


def test_equal_counts_share_a_rank_and_the_next_rank_counts_them(coverage):
    """Hà Tĩnh, Lạng Sơn, Điện Biên and Bình Thuận (report 75) all have 12 figures: all four are 7th, after Yên Bái's
    13 (6th), and Bình Định's 10 is 11th."""
    places = coverage.places.set_index("province_name")
    assert places.loc[PROVINCES, "figures"].tolist() == [13, 12, 12, 12, 12, 10]
    assert places.loc[PROVINCES, "rank"].tolist() == [6, 7, 7, 7, 7, 11]
    assert places.at["Tỉnh Lạng Sơn", "rank_words"] == "đồng hạng 7 · nhóm đầu"
    assert places.at["Tỉnh Yên Bái", "rank_words"] == "hạng 6 · nhóm đầu"
    reached = coverage.places[coverage.places["status"] == "shared"]
    assert len(reached) == 55 and set(reached["rank_group"]) == {"top", "middle", "bottom"}
    assert (coverage.places.loc[coverage.places["status"] != "shared", "rank_words"] == "").all()


def test_the_bars_the_answer_and_the_deck_read_the_same_rank(inputs, coverage, monkeypatch):
    honours = build_view_content(parse_view("/?indicator=exemplars_honoured&window=years_2_3"), inputs)
    bars = dict(zip(honours.chart_figure.data[0].y, honours.chart_figure.data[0].text, strict=True))
    assert bars == {"Thành phố Hồ Chí Minh": "hạng 1 · 339 · 01/2022–05/2024",
                    "Tỉnh Tuyên Quang": "hạng 2 · 86 · 2021–2023",
                    "Tỉnh Yên Bái": "hạng 3 · 65 · 01/2021–09/2023", "Tỉnh Hà Tĩnh": "hạng 4 · 42 · 01/2021–05/2024"}
    (ranking,) = honours.rankings  # the rows the deck's ranking slide and the data download read
    assert dict(zip(ranking.rows["name"], ranking.rows["label"], strict=True)) == bars
    assert list(ranking.rows["rank"]) == [1, 2, 3, 4]
    import briefing.answers

    monkeypatch.setattr(briefing.answers, "NAMED", 4)  # the answer names every province of a rank tied at its edge
    answer = briefing.answers.coverage_answer(coverage.places, 93, "vi")
    assert answer.endswith("Thành phố Hồ Chí Minh (16); Hà Giang (15, đồng hạng 4); Hoà Bình (15, đồng hạng 4).")


def test_the_data_download_carries_each_figure_s_province_rank(inputs):
    content = build_view_content(parse_view("/?indicator=exemplars_honoured&window=years_2_3&lang=en"), inputs)
    rows = list(csv.DictReader(io.StringIO(build_export(content, "csv_view", inputs).decode("utf-8-sig"))))
    ranks = {row["province_code"]: (row["rank"], row["rank_group"]) for row in rows if row["on_shared_scale"] == "true"}
    # 339, 86, 65, 42: four, too few for thirds
    assert ranks == {"79": ("1", ""), "08": ("2", ""), "15": ("3", ""), "42": ("4", "")}
    assert all(row["rank"] == "" for row in rows if row["on_shared_scale"] == "false")
    assert content.answer.startswith("4 provinces compare (")
    assert "Highest: Thành phố Hồ Chí Minh 339 " in content.answer


def test_thirds_of_a_scale_of_nine_and_ranks_of_ties():
    assert [third_of(rank, 9) for rank in range(1, 10)] == ["top"] * 3 + ["middle"] * 3 + ["bottom"] * 3
    assert third_of(1, 8) == ""
    import pandas as pd

    assert competition_ranks(pd.Series([30, 25, 18, 18, 13])).tolist() == [1, 2, 3, 3, 5]


def ha_tinh_page(inputs):
    return build_view_content(parse_view("/province?province=42"), inputs)


def test_a_province_value_is_shown_beside_its_scale_s_median_and_highest_only_from_five_values(inputs, monkeypatch):
    """Hà Tĩnh's 42 stands on the 2–3-year scale of KL 01 honours with Yên Bái's 65, Tuyên Quang's 86 and TP HCM's
    339: four values, too few for a median worth saying, so its card says nothing more; on a scale long enough it
    would read '42 · trung vị 75,5 · cao nhất 339, Thành phố Hồ Chí Minh · n = 4' on the page, in the CSV and in the
    deck."""
    card = ha_tinh_page(inputs).kpis[0]
    assert (card["value"], card["detail"]) == ("42 tập thể, cá nhân", "toàn tỉnh · 01/2021–05/2024")
    import indicators.domain.ranking

    monkeypatch.setattr(indicators.domain.ranking, "MIN_FOR_PROFILE", 4)
    content = ha_tinh_page(inputs)
    profile = "trung vị 75,5 · cao nhất 339, Thành phố Hồ Chí Minh · n = 4"  # (65 + 86) / 2
    assert content.kpis[0]["detail"] == f"toàn tỉnh · 01/2021–05/2024 · {profile}"
    rows = list(csv.DictReader(io.StringIO(build_export(content, "csv_view", inputs).decode("utf-8-sig"))))
    profiles = {row["obs_id"]: row["scale_profile"] for row in rows if row["scale_profile"]}
    assert profiles == {"46_ha-tinh-so-ket-3-nam-ket-luan-01-2024-001": profile}
    assert content.kpis[1]["detail"] == "toàn tỉnh · 05/2016–08/2019"  # a share on no shared scale: nothing beside it
