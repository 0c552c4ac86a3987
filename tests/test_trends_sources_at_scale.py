"""/trends and /sources read from the store only what they show (briefing/trends.py, briefing/sources.py): the
trends' opening is chosen from a GROUP BY of the series' windows, and the sources page counts each source's rows in
SQL and reads the figures of the sources it lists. A store with 50,000 more commune figures builds both pages from
the same rows, to the same content; a province's trend draws its communes' series."""

import pandas as pd
import pytest
from store_helpers import seeded_sqlite_store
from test_app_pages import run_page
from test_store_reads import PROVINCE_VN34, YEARS, add_commune_rows, built, commune_rows

from briefing import sources
from briefing.inputs import load_view_inputs
from briefing.sources import MAX_LISTED_ROWS
from briefing.trends import MAX_COMMUNE_FIGURES, comparable_windows, read_histories, series_labels
from components import cached

pytest_plugins = ["store_fixtures"]

MODELS = "/trends?indicator=models_built&subtype=models_total"
TRENDS = ("/trends", MODELS)
SOURCES = "/sources"
HANOI_VN34 = "01"  # 126 communes, each with a simulated figure of models_total for each year of YEARS


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    """Today's store, and the same with 50,000 simulated commune figures (of every vn34 province but HCMC)."""
    folder = tmp_path_factory.mktemp("scale")
    today, larger = (seeded_sqlite_store(folder / f"{name}.sqlite") for name in ("today", "larger"))
    return today, larger, add_commune_rows(larger)


def test_the_opening_s_histories_from_a_group_by_count_each_series_windows_as_its_figures_do():
    """The GROUP BY of places, scopes and windows gives each series the comparable windows its figures give (the
    frozen data: a ceremony inside a longer window, parts beside their total, one figure in two reports)."""
    inputs = load_view_inputs()
    names = inputs.province_names()
    obs = inputs.observations(placed=True)
    obs = obs[obs["commune_code"] == ""]  # a commune's series is drawn on its province's trend only
    obs = obs.assign(series=series_labels(obs, names, "vi"))
    expected = {key: len(comparable_windows(rows)) for key, rows in obs.groupby(["indicator", "subtype", "series"])}
    history = read_histories(inputs, names, "vi")
    counted = {(i, s, series): n for i, s, series, n in history.itertuples(index=False)}
    assert {key: n for key, n in counted.items() if n} == {key: n for key, n in expected.items() if n}
    assert sorted(key for key, n in counted.items() if n >= 2) == [
        ("exemplars_honoured", "honours_total", "Thành phố Hồ Chí Minh"),
        ("exemplars_honoured", "honours_total", "Tỉnh Yên Bái"),
        ("models_built", "models_total", "Tỉnh Quảng Ninh"),
        ("money_raised", "money_total", "Tỉnh Hà Tĩnh – Đảng bộ Cơ quan UBND huyện Hương Khê"),  # a district's body
        ("money_raised", "money_total", "Tỉnh Nghệ An – Ủy ban Mặt trận Tổ quốc tỉnh")]


def test_a_store_with_50000_more_commune_figures_builds_the_trends_from_the_same_rows(stores):
    today, larger, added = stores
    before, read_today = built(today, TRENDS)
    after, read_larger = built(larger, TRENDS)
    # no simulated figure read: the opening counts windows in SQL; the subtype's figures are the provinces' own
    assert read_larger == read_today
    for link in TRENDS:
        old, new = before[link], after[link]
        assert (new.title, new.kpis, new.answer, new.filters) == (old.title, old.kpis, old.answer, old.filters), link
        assert new.choices["provinces"].value == old.choices["provinces"].value, link
        for name in ("table", "obs"):
            pd.testing.assert_frame_equal(getattr(new, name), getattr(old, name), obj=f"{link} {name}")
    # the provinces whose communes report are offered; a province's trend draws them
    models = after[MODELS].choices["provinces"]
    assert f"vn34-{HANOI_VN34}" in models.options and f"vn34-{PROVINCE_VN34}" not in models.value
    assert added > 50_000


def test_a_trend_of_one_province_draws_each_commune_and_of_several_counts_them_in_a_note(stores):
    _, larger, _ = stores
    one, several = f"{MODELS}&provinces=vn34-{HANOI_VN34}", f"{MODELS}&provinces=vn34-{HANOI_VN34},vn34-04"
    contents, _ = built(larger, (one, several))
    communes = commune_rows()
    hanoi = communes[(communes["province_code"] == HANOI_VN34) & (communes["subtype"] == "models_total")]
    assert len(hanoi) == 126 * len(YEARS)
    drawn = contents[one].obs[contents[one].obs["commune_code"] != ""]
    assert set(drawn["obs_id"]) == set(hanoi["obs_id"])
    assert len(contents[one].chart_figure.data) == 126  # a line per commune: eight yearly windows each
    # of two provinces: their communes' figures are more than a trend of several draws, so they are counted
    both = communes[communes["province_code"].isin([HANOI_VN34, "04"]) & (communes["subtype"] == "models_total")]
    assert len(both) > MAX_COMMUNE_FIGURES
    assert (contents[several].obs["commune_code"] == "").all()
    count = f"{len(both):,}".replace(",", ".")
    assert f"{count} số liệu của các xã, phường ở 2 tỉnh đã chọn không vẽ ở đây" in " ".join(contents[several].notes)


def test_a_store_with_50000_more_figures_of_one_source_lists_the_same_sources_figures(stores):
    today, larger, added = stores
    before, read_today = built(today, (SOURCES,))
    after, read_larger = built(larger, (SOURCES,))
    old, new = before[SOURCES], after[SOURCES]
    assert read_larger == read_today  # counted, not read: the simulated source is listed past MAX_LISTED_ROWS
    assert read_today["observations"] + read_today["models"] <= MAX_LISTED_ROWS
    assert new.source_tables.keys() == old.source_tables.keys()
    for source_id, tables in old.source_tables.items():
        for name, table in tables.items():
            pd.testing.assert_frame_equal(new.source_tables[source_id][name], table, obj=f"{source_id} {name}")
    # every source is in the list, with its count: the one not read opens by its own link
    assert len(new.places) == len(old.places) + 1 and "scale_simulated" not in new.source_tables
    assert new.places.set_index("source_id").at["scale_simulated", "figures"] == added
    assert int(new.kpis[1]["value"]) == int(old.kpis[1]["value"]) + added
    chosen, read_chosen = built(larger, (f"{SOURCES}?source=scale_simulated",))
    content = next(iter(chosen.values()))
    assert read_chosen["observations"] == len(content.obs) == added
    assert len(content.source_tables["scale_simulated"]["figures"]) == added


def test_the_sources_page_opens_a_source_whose_figures_it_does_not_list_by_its_button(monkeypatch):
    """Listing every source of a large store, the page lists the figures of the first ones (here: up to 20 rows);
    every other source keeps its expander, with its count and a button that opens it (`source=`)."""
    monkeypatch.setattr(sources, "MAX_LISTED_ROWS", 20)
    cached.get_view_content.clear()
    try:
        at = run_page("sources")
        buttons = [button for button in at.button if button.key.startswith("open_")]
        assert len(at.expander) == 113 and 100 < len(buttons) < 113
        assert len(at.dataframe) <= 20  # the listed sources' figure tables (and model tables), no other
        source_id = buttons[0].key.removeprefix("open_")
        at = buttons[0].click().run()
        assert at.query_params["source"] == source_id
        assert len(at.expander) == 1 and at.dataframe and not [b for b in at.button if b.key.startswith("open_")]
    finally:
        cached.get_view_content.clear()
