"""One figure, one count (on the frozen dataset; the first test checks data/ itself on purpose): Long An's report
35 and its English edition give the same nine figures; each is counted and drawn once, with both sources in its
provenance (table, tooltip words, data download, deck)."""

import csv
import io

import pytest

from briefing.exports import build_export
from briefing.inputs import load_view_inputs
from briefing.links import parse_view
from briefing.views import build_view_content
from indicators.domain.duplicates import load_duplicates
from indicators.domain.queries import observations_with_titles
from indicators.domain.tables import load_dataset
from indicators.paths import DATA_DIR

VIETNAMESE, ENGLISH = "35_long-an-mo-hinh-hoc-va-lam-theo-bac", "long-an-nhieu-mo-hinh-hoc-bac-en"


@pytest.fixture(scope="module")
def inputs():
    return load_view_inputs()


def test_every_link_joins_one_figure_from_two_sources():
    """Same province, indicator, value and period, from different sources: every repeat of the real data (data/, on
    purpose: a report brought in with a repeat must be linked) is linked, and every link is a repeat (15 when frozen:
    13, and the 2 of Đắk Nông's report 76, the Đảng ủy Khối's own article on report 28's ceremony of 2020-05-19)."""
    dataset, links = load_dataset(DATA_DIR), load_duplicates(DATA_DIR / "duplicates.csv")
    obs = dataset.observations.set_index("obs_id")
    same = ["province_code", "indicator", "subtype", "value", "period_start", "period_end"]
    assert len(links) == len(set(links["obs_id"])) >= 15 and not set(links["obs_id"]) & set(links["same_as"])
    for repeat, figure in zip(links["obs_id"], links["same_as"], strict=True):
        assert obs.loc[repeat, same].tolist() == obs.loc[figure, same].tolist()
        assert obs.at[repeat, "source_id"] != obs.at[figure, "source_id"]
    everything = dataset.observations
    keys = everything.groupby(same)["source_id"].nunique()
    assert int((keys > 1).sum()) == len(links)  # no repeat left unlinked


def test_dak_nong_s_youth_union_ceremony_of_2020_counts_once_with_both_articles(dataset):
    """Report 76 (the Đảng ủy Khối's site) and report 28 (Báo Đắk Nông) give the same 10 collectives and 20
    individuals of the Đoàn Khối's ceremony of 2020-05-19: two figures, not four, each with the other source."""
    report_28 = "28_dak-nong-doan-khoi-tuyen-duong-2020"
    report_76 = "76_dak-nong-doan-khoi-tuyen-duong-10-tap-the-20-ca-nhan"
    obs = observations_with_titles(dataset)
    ceremony = obs[obs["source_id"].isin([report_28, report_76])].set_index("obs_id")
    assert list(ceremony.index) == [f"{report_28}-001", f"{report_28}-002"]
    assert ceremony["value"].tolist() == [10, 20] and ceremony["also_source_ids"].tolist() == [[report_76]] * 2


def test_long_an_s_figures_count_once_with_both_sources(dataset, inputs):
    obs = observations_with_titles(dataset)
    long_an = obs[obs["province_code"] == "80"]
    assert set(long_an["source_id"]) == {VIETNAMESE} and len(long_an) == 9
    seventeen = long_an.set_index("obs_id").loc[f"{VIETNAMESE}-003"]
    assert (seventeen["value"], seventeen["also_source_ids"]) == (7_000_000_000_000, [ENGLISH])
    every_source = observations_with_titles(dataset, once=False)  # the sources page shows each with all its figures
    assert len(every_source[every_source["province_code"] == "80"]) == 18
    coverage = build_view_content(parse_view("/?indicator=coverage"), inputs).places.set_index("province_code")
    coverage = coverage.loc["80"]
    assert (coverage["figures"], coverage["source_count"]) == (9, 2)  # 18 figures before, of which 9 repeats


def test_the_province_page_csv_and_deck_list_both_sources(inputs):
    content = build_view_content(parse_view("/province?province=80"), inputs)
    assert len(content.obs) == 9 and list(content.sources["source_id"]) == [VIETNAMESE, ENGLISH]
    titles = dict(zip(content.sources["source_id"], content.sources["title"], strict=True))
    assert set(content.table["Nguồn"]) == {f"{titles[VIETNAMESE]}; {titles[ENGLISH]}"}
    rows = list(csv.DictReader(io.StringIO(build_export(content, "csv_view", inputs).decode("utf-8-sig"))))
    assert len(rows) == 9 and {(r["source_id"], r["also_sources"]) for r in rows} == {(VIETNAMESE, titles[ENGLISH])}
    from briefing.provenance import provenance_lines

    sources_line = provenance_lines(content)[0]
    assert titles[VIETNAMESE] in sources_line and titles[ENGLISH] in sources_line


def test_a_link_whose_figure_is_not_published_is_ignored(dataset):
    """The English edition alone (its Vietnamese report not published): its figures are counted, not dropped."""
    from indicators.domain.duplicates import count_once

    obs = observations_with_titles(dataset, once=False)
    kept = count_once(obs[obs["source_id"] == ENGLISH], dataset.sources, load_duplicates())
    assert len(kept) == 9 and (kept["also_source_ids"].map(len) == 0).all()
