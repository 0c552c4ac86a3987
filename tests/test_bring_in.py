"""Replaying the recorded review (python -m indicators.intake.bring_in) on a store holding the other curated rows gives
back exactly the rows of data/: every figure, its period note included, and every source and model. (The real data
on purpose, not the frozen copy the other tests read.)"""

import shutil

import pandas as pd
import pytest

from indicators.intake.bring_in import bring_in, load_review
from indicators.paths import DATA_DIR
from indicators.store.accounts import User, create_user
from indicators.store.database import connect_store
from indicators.store.published import export_published, import_tables, load_published_dataset, write_csv_table

EDITOR = User("an", "editor")


def read_table(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def tables_before_the_review(folder, review_files: set[str]):
    """data/ without the sources the review brings in (and their figures and models): the store bring_in starts on."""
    for path in DATA_DIR.glob("*.csv"):
        shutil.copy(path, folder / path.name)
    sources = read_table(folder / "sources.csv")
    reviewed = set(sources.loc[sources["path"].isin(review_files), "source_id"])
    write_csv_table(sources[~sources["source_id"].isin(reviewed)], folder / "sources.csv")
    for name in ("observations", "models"):
        table = read_table(folder / f"{name}.csv")
        write_csv_table(table[~table["source_id"].isin(reviewed)], folder / f"{name}.csv")
    return folder


@pytest.fixture(scope="module")
def replay(tmp_path_factory):
    """The review replayed on a new store and exported: (tallies per file, folder of the exported tables)."""
    review = load_review()
    before = tables_before_the_review(tmp_path_factory.mktemp("before"), set(review.files()))
    engine = connect_store(f"sqlite:///{tmp_path_factory.mktemp('store') / 'store.sqlite'}")
    import_tables(engine, before, by="curator", note="the curated rows before the review")
    create_user(engine, EDITOR.username, "mật khẩu đủ dài", EDITOR.role)
    tallies = bring_in(engine, EDITOR, review, load_published_dataset(engine).subtypes)
    out = tmp_path_factory.mktemp("exported")
    export_published(engine, out)
    return tallies, out


@pytest.mark.parametrize("name", ["sources", "observations", "models"])
def test_a_replay_of_the_review_gives_back_the_curated_tables(replay, name):
    _, out = replay
    assert read_table(out / f"{name}.csv").equals(read_table(DATA_DIR / f"{name}.csv"))


def test_a_replay_keeps_the_period_notes_of_figures_entered_by_hand(replay):
    """A figure the extractor did not read is typed by the editor; its recorded period note is stored, not replaced
    by the generic 'set by the editor; reviewed on upload' (53 notes were lost so before)."""
    tallies, out = replay
    observations = read_table(out / "observations.csv").set_index("obs_id")
    assert not observations["period_note"].str.contains("reviewed on upload").any()
    hanoi = "ha-noi-liendoan-lao-dong-quan-10-nam-chi-thi-05"
    assert tallies[f"reports/other-languages/{hanoi}.txt"].manual == 9
    recorded = load_review().figures
    recorded_notes = set(recorded.loc[recorded["file"].str.contains(hanoi), "period_note"])
    assert set(observations.loc[observations["source_id"] == hanoi, "period_note"]) == recorded_notes
