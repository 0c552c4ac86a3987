"""The test suite reads the frozen fixture dataset (tests/fixtures/frozen_data/), not data/: the session's store is
filled from it, the views count exactly its rows, and it still holds what its README says it holds."""

import os

import pandas as pd
import pytest
import sqlalchemy as sa

from briefing.inputs import load_view_inputs
from indicators.domain.duplicates import load_duplicates
from indicators.domain.tables import TABLE_NAMES, load_dataset
from indicators.paths import DataLocationError, seed_data_dir
from indicators.store.database import changesets
from indicators.store.published import open_store
from tests.frozen_data import FROZEN_DATA_DIR

# What tests/fixtures/frozen_data/README.md says the folder holds: refreezing changes both, and the pinned counts.
FROZEN_ROWS = {"sources": 113, "indicators": 13, "subtypes": 68, "observations": 402, "models": 64}
FROZEN_DUPLICATES = 15


def test_the_frozen_folder_holds_what_its_readme_says(dataset):
    assert {name: len(getattr(dataset, name)) for name in TABLE_NAMES} == FROZEN_ROWS
    assert dataset.observations["admin_version"].value_counts().to_dict() == {"vn63": 387, "vn34": 15}
    assert len(load_duplicates(FROZEN_DATA_DIR / "duplicates.csv")) == FROZEN_DUPLICATES
    readme = (FROZEN_DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert all(f"{count} {name}" in readme for name, count in FROZEN_ROWS.items())
    assert f"{FROZEN_DUPLICATES} duplicate links" in readme and "never edited when `data/` changes" in readme


def test_the_session_seeds_every_store_and_server_from_the_frozen_folder():
    """The setting the app and the servers the browser tests start inherit (tests/conftest.py)."""
    assert os.environ["VN_SEED_DATA_DIR"] == str(FROZEN_DATA_DIR) and seed_data_dir() == FROZEN_DATA_DIR


def test_the_session_store_was_filled_from_the_frozen_folder_and_from_nothing_else():
    with open_store().connect() as conn:
        imports = conn.execute(sa.select(changesets.c.kind, changesets.c.origin)
                               .where(changesets.c.kind == "import")).all()
    assert [tuple(row) for row in imports] == [("import", str(FROZEN_DATA_DIR))]


def test_the_views_count_exactly_the_frozen_observations_sources_and_repeats():
    frozen, store = load_dataset(FROZEN_DATA_DIR), load_view_inputs().store
    catalogue = store.catalogue()
    published = {"sources": catalogue.sources, "indicators": catalogue.indicators, "subtypes": catalogue.subtypes,
                 "observations": store.observations(), "models": store.models()}
    for name in TABLE_NAMES:
        assert sorted(published[name].iloc[:, 0]) == sorted(getattr(frozen, name).iloc[:, 0]), name
    pd.testing.assert_frame_equal(load_duplicates(), load_duplicates(FROZEN_DATA_DIR / "duplicates.csv"))


def test_a_seed_folder_that_is_not_there_is_named_with_its_setting(tmp_path, monkeypatch):
    monkeypatch.setenv("VN_SEED_DATA_DIR", str(tmp_path / "missing"))
    with pytest.raises(DataLocationError, match="Set VN_SEED_DATA_DIR to the directory that holds them"):
        open_store(f"sqlite:///{tmp_path / 'store.sqlite'}")
