"""Views read from the store only the rows they show (indicators/store/reads.py, briefing/inputs.py): the reads keep
the published tables' types on SQLite and PostgreSQL, and a store with 50,000 more commune figures elsewhere builds
the overview and a province page of the 34 from the same rows, to the same content."""

from functools import cache

import pandas as pd
import sqlalchemy as sa
from store_helpers import seeded_sqlite_store

from briefing.inputs import ViewInputs, load_view_inputs
from briefing.links import parse_view
from briefing.views import build_view_content
from indicators.domain.schema import SCHEMAS
from indicators.store.database import VERSIONED_TABLES
from indicators.store.published import load_published_dataset
from indicators.store.reads import StoreReader

pytest_plugins = ["store_fixtures"]

PROVINCE_VN34 = "79"  # Thành phố Hồ Chí Minh: its commune map is the page checked
YEARS = range(2018, 2026)
VIEWS = ("/", f"/province?province={PROVINCE_VN34}&version=vn34")


def test_the_reads_hold_the_published_rows_in_the_schema_s_types(seeded_store):
    published = load_published_dataset(seeded_store)  # every table, validated: the reference
    reader = StoreReader(seeded_store)
    catalogue = reader.catalogue()
    for name in ("sources", "indicators", "subtypes"):
        pd.testing.assert_frame_equal(getattr(catalogue, name), getattr(published, name))
    pd.testing.assert_frame_equal(reader.observations(), published.observations)
    pd.testing.assert_frame_equal(reader.models(), published.models)
    obs = published.observations
    assert catalogue.used_subtypes() == set(obs["subtype"]) and catalogue.used_indicators() == set(obs["indicator"])
    # each filter in SQL gives the rows the same filter gives in memory, in published order
    expected = {
        "province": obs[(obs["admin_version"] == "vn63") & (obs["province_code"] == "11")],
        "commune": obs[(obs["commune_code"] != "") & (obs["indicator"] == "models_built")],
        "whole": obs[(obs["province_code"] != "") & (obs["district_code"] == "") & (obs["commune_code"] == "")
                     & (obs["organisation"] == "")],
        "national": obs[obs["province_code"] == ""],
    }
    read = {
        "province": reader.observations(admin_versions=["vn63"], provinces=["11"]),
        "commune": reader.observations(level="commune", indicators=["models_built"]),
        "whole": reader.observations(level="whole_province"),
        "national": reader.observations(placed=False),
    }
    for name, rows in expected.items():
        assert len(rows), name  # each filter is checked on rows the data has
        pd.testing.assert_frame_equal(read[name], rows.reset_index(drop=True), obj=name)
    assert reader.observations(obs_ids=[]).empty and list(reader.observations(obs_ids=[]).columns) == list(obs.columns)


@cache
def commune_rows() -> pd.DataFrame:
    """50,000 commune figures of the 34 provinces outside the one checked: two subtypes the data already uses, eight
    years (what the national reporting form brings in), as the store holds them."""
    return simulated_commune_rows(lambda province: province != PROVINCE_VN34, ["models_total", "houses_total"])


def simulated_commune_rows(in_province, subtypes: list[str]) -> pd.DataFrame:
    """A figure of each subtype for each year of YEARS in every vn34 commune of the provinces `in_province` keeps."""
    inputs = load_view_inputs()
    communes = [p for p in inputs.gazetteer.places if p.admin_version == "vn34" and p.level == "commune"
                and in_province(p.province_code)]
    subtypes = inputs.catalogue.subtypes.set_index("subtype").loc[subtypes]
    rows = [{"obs_id": f"scale_{place.code}_{code}_{year}", "source_id": "scale_simulated", "admin_version": "vn34",
             "province_code": place.province_code, "commune_code": place.code, "place_name": place.name,
             "indicator": entry["indicator"], "subtype": code, "value": float(year - 2000), "unit": entry["unit"],
             "qualifier": "exact", "period_start": f"{year}-01-01", "period_end": f"{year}-12-31",
             "period_basis": "stated", "period_note": f"năm {year}", "phase": "kl01" if year > 2021 else "ct05",
             "evidence": f"số liệu mô phỏng {year}"}
            for place in communes for code, entry in subtypes.iterrows() for year in YEARS]
    return pd.DataFrame(rows).reindex(columns=list(SCHEMAS["observations"].columns)).astype(object)


def add_commune_rows(engine, rows: pd.DataFrame | None = None) -> int:
    """Write the simulated rows (commune_rows() unless given) straight into the versioned table (a bulk load, as
    bench/simulation.py does)."""
    table, rows = VERSIONED_TABLES["observations"], commune_rows() if rows is None else rows
    records = [{column: value for column, value in record.items() if not pd.isna(value)}
               for record in rows.to_dict("records")]
    with engine.begin() as conn:
        changeset = conn.execute(sa.select(table.c.changeset_id).limit(1)).scalar_one()
        first = conn.execute(sa.select(sa.func.max(table.c.position))).scalar_one() + 1
        bookkeeping = {"version": 1, "is_current": True, "changeset_id": changeset, "created_by": "test",
                       "created_at": pd.Timestamp.now(tz="UTC").to_pydatetime(), "change_note": "simulated"}
        conn.execute(sa.insert(table), [{**dict.fromkeys(SCHEMAS["observations"].columns), **record, **bookkeeping,
                                         "position": first + index} for index, record in enumerate(records)])
        sources = VERSIONED_TABLES["sources"]
        conn.execute(sa.insert(sources).values(
            source_id="scale_simulated", title="Báo cáo mô phỏng", date_note="mô phỏng", date_accessed="2026-01-01",
            language="vi", path="sim/scale.txt", licence_note="mô phỏng", position=first, **bookkeeping))
    return len(records)


def current_figures(engine) -> int:
    table = VERSIONED_TABLES["observations"]
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table).where(table.c.is_current)).scalar_one()


class CountingReader(StoreReader):
    """A store reader that counts the observation and model rows it hands out."""

    def __init__(self, engine):
        super().__init__(engine)
        self.rows = {"observations": 0, "models": 0}

    def _frame(self, name, where):
        frame = super()._frame(name, where)
        if name in self.rows:
            self.rows[name] += len(frame)
        return frame


def built(engine, links: tuple[str, ...] = VIEWS) -> tuple[dict, dict[str, int]]:
    """The content of the views on a store, and the rows read to build it."""
    base = load_view_inputs()
    reader = CountingReader(engine)
    inputs = ViewInputs(reader, base.crosswalk, base.gazetteer, base.province_geojson, base.district_layer,
                        base.commune_geojson, base.commune_table)
    contents = {link: build_view_content(parse_view(link), inputs) for link in links}
    return contents, dict(reader.rows)


def test_a_store_with_50000_more_commune_figures_builds_the_overview_and_a_province_page_from_the_same_rows(
        tmp_path):
    today = seeded_sqlite_store(tmp_path / "today.sqlite")
    larger = seeded_sqlite_store(tmp_path / "larger.sqlite")
    added = add_commune_rows(larger)
    assert added > 50_000
    stored = {"today": current_figures(today), "larger": current_figures(larger)}
    assert stored["larger"] == stored["today"] + added
    before, read_today = built(today)
    after, read_larger = built(larger)
    print(f"rows read for {' and '.join(VIEWS)}: {read_today} with {stored['today']:,} figures in the store, "
          f"{read_larger} with {stored['larger']:,}")
    # the rows each view shows, not the store: the same rows whether or not the other communes reported
    assert read_larger == read_today
    for link in VIEWS:
        old, new = before[link], after[link]
        assert (new.title, new.kpis, new.answer, new.filters) == (old.title, old.kpis, old.answer, old.filters), link
        assert new.notices == old.notices == [], link  # the simulated communes are places: none set aside
        for name in ("table", "obs", "models", "places", "verdicts", "sources"):
            pd.testing.assert_frame_equal(getattr(new, name), getattr(old, name), obj=f"{link} {name}")
    assert len(before[VIEWS[1]].places) == 168  # every commune of Thành phố Hồ Chí Minh on its map


def test_a_province_page_of_the_34_reads_only_its_communes_figures_of_the_headline_its_map_shows(tmp_path):
    """A province reporting every commune on many headlines for years holds tens of thousands of figures: its page
    reads its own figures and its communes' figures of the map's headline; the others are counted, not read."""
    engine = seeded_sqlite_store(tmp_path / "store.sqlite")
    link = f"/province?province={PROVINCE_VN34}&version=vn34&indicator=models_built"
    before, read_before = built(engine, (link,))
    houses = simulated_commune_rows(lambda province: province == PROVINCE_VN34, ["houses_total"])
    assert add_commune_rows(engine, houses) == 168 * len(YEARS)
    after, read_after = built(engine, (link,))
    assert read_after == read_before  # the houses of HCMC's communes are not read for its models map
    pd.testing.assert_frame_equal(after[link].table, before[link].table)
    assert after[link].kpis == before[link].kpis
    # without `indicator=`, the map shows the headline most of the province's commune figures count: now the houses,
    # whose figures (one per commune and year) fill the table
    default, _ = built(engine, (f"/province?province={PROVINCE_VN34}&version=vn34",))
    content = next(iter(default.values()))
    assert content.choices["indicator"].value == houses["indicator"].iloc[0]
    assert len(content.table) >= len(houses)


def test_the_overview_of_a_headline_on_the_34_reads_commune_figures_only_of_provinces_without_their_own(tmp_path):
    """A commune's figure never stands on the provinces' scale: the overview reads the communes' figures of a province
    that gave none of its own (they stand for it in the list) and counts the others in a note, unread."""
    engine = seeded_sqlite_store(tmp_path / "store.sqlite")
    link = "/?indicator=models_built&version=vn34&subtype=models_total"
    before, read_before = built(engine, (link,))
    communes = commune_rows()
    models = communes[communes["subtype"] == "models_total"]
    reporting = sorted(set(models["province_code"]))[:20]  # these provinces give their own figure for 2025 too
    own = models[models["province_code"].isin(reporting)].drop_duplicates("province_code").assign(
        obs_id=lambda df: "own_" + df["province_code"], commune_code=None, value=1000.0,
        period_start="2025-01-01", period_end="2025-12-31", phase="kl01")
    standing_for = ~models["province_code"].isin(reporting)
    add_commune_rows(engine, pd.concat([communes, own], ignore_index=True))
    after, read_after = built(engine, (link,))
    # the province figures (read for the headlines' counts and for the map) and the communes' of the provinces
    # without one; none of the other commune figures
    assert read_after["observations"] - read_before["observations"] == 2 * len(own) + standing_for.sum()
    # the figures of districts and communes of provinces with their own the view read before (the reports'), and the
    # simulated communes' of the provinces that now give their own
    unread_before = sum(int(note.split(" ")[0].replace(".", "")) for note in before[link].notes
                        if "cấp huyện, cấp xã" in note)
    unread_count = unread_before + int((~standing_for).sum())
    unread = f"{unread_count:,}".replace(",", ".")
    assert any(note.startswith(unread) for note in after[link].notes), after[link].notes
    places = after[link].places.set_index("province_code")
    assert (places.loc[reporting, "status"] == "shared").all()
    assert (places.loc[reporting, "value"] == 1000.0).all()


def test_the_coverage_view_counts_50000_more_commune_figures_without_reading_them(tmp_path):
    """Coverage counts every figure of every province (a GROUP BY): with 50,000 more commune figures it reads the same
    rows as before, and each province of the 34 counts its new figures and their source; the 63 provinces' coverage
    (vn63 rows only) is unchanged."""
    today = seeded_sqlite_store(tmp_path / "today.sqlite")
    larger = seeded_sqlite_store(tmp_path / "larger.sqlite")
    added = add_commune_rows(larger)
    links = ("/?indicator=coverage&version=vn34", "/?indicator=coverage")
    before, read_today = built(today, links)
    after, read_larger = built(larger, links)
    assert read_larger == read_today
    old, new = (content[links[0]].places.set_index("province_code") for content in (before, after))
    per_province = commune_rows().groupby("province_code").size().reindex(old.index, fill_value=0)
    assert (new["figures"] - old["figures"]).to_dict() == per_province.to_dict() and per_province.sum() == added
    assert (new["source_count"] - old["source_count"]).to_dict() == (per_province > 0).astype(int).to_dict()
    assert new["whole"].equals(old["whole"])  # a commune's figure is not a whole province's
    pd.testing.assert_frame_equal(after[links[1]].places, before[links[1]].places)
    assert after[links[1]].kpis[1]["value"] != before[links[1]].kpis[1]["value"]  # one source more
