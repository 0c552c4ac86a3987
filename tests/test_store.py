"""The store keeps the curated tables: byte-identical round trips, all-or-nothing writes, versions, concurrency.

These tests import the real tables of data/ on purpose (the store must hold them exactly), not the frozen copy."""

import functools
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from indicators.domain.schema import TableError
from indicators.domain.tables import TABLE_NAMES, load_dataset
from indicators.paths import DATA_DIR, PROJECT_ROOT
from indicators.store.database import (
    VERSIONED_TABLES,
    connect_store,
    create_store_engine,
    database_url,
    metadata,
    upgrade,
)
from indicators.store.published import (
    correct,
    csv_number_text,
    export_published,
    import_tables,
    load_history,
    load_published_dataset,
    open_store,
    publish,
)

pytest_plugins = ["store_fixtures"]

from store_helpers import fill_old_store, row_counts, run_together  # noqa: E402

CSV_FILES = [f"{name}.csv" for name in TABLE_NAMES]
HEAD = sorted(p.name[:4] for p in (PROJECT_ROOT / "indicators" / "store" / "migrations" / "versions").glob("0*.py"))[-1]
OBS_ID = "000_7d6bc60bc6dc7dcc-002"  # "tham gia học tập đạt trên 94%"


@pytest.fixture(scope="module")
def dataset():
    """data/ itself, the tables seeded_store and these tests import (the session's `dataset` is the frozen copy)."""
    return load_dataset(DATA_DIR)



@functools.cache
def observation_template() -> dict:
    return load_dataset().observations.iloc[0].to_dict()


def new_observations(prefix: str, count: int) -> pd.DataFrame:
    """`count` rows shaped like a real observation, with new obs_ids '<prefix>-001'…"""
    template = observation_template()
    rows = [template | {"obs_id": f"{prefix}-{n:03d}", "value": float(n)} for n in range(1, count + 1)]
    return pd.DataFrame(rows)



def copy_curated_tables(folder: Path) -> None:
    """The curated CSVs only: a local data/store.sqlite must not land on the test's own store in the same folder."""
    for path in DATA_DIR.glob("*.csv"):
        shutil.copy(path, folder / path.name)

def test_migration_creates_every_table_as_the_models_describe_them(empty_store):
    with empty_store.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == HEAD
    assert row_counts(empty_store) == dict.fromkeys([*VERSIONED_TABLES, "changesets", "documents"], 0)



OLD_STORE = Path(__file__).parent / "data" / "store_0002"  # the seeds' rows as the 0002 schema held them


def test_a_store_of_the_old_catalogue_upgrades_to_headlines_and_subtypes_keeping_every_row(store_url):
    engine = create_store_engine(store_url)
    upgrade(engine, "0002")
    fill_old_store(engine, OLD_STORE)
    upgraded = connect_store(store_url)  # what the dashboard does on start
    with upgraded.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == HEAD
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    after = load_published_dataset(upgraded)  # validates every table and reference
    old = pd.read_csv(OLD_STORE / "observations.csv", dtype=str, keep_default_na=False).set_index("obs_id")
    obs = after.observations.set_index("obs_id")
    assert list(obs.index) == list(old.index) and (obs["evidence"] == old["evidence"]).all()
    assert obs.loc["000_7d6bc60bc6dc7dcc-004", ["indicator", "subtype", "phase", "period_basis"]].tolist() == [
        "models_built", "models_total", "kl01", "inferred"]
    assert obs.loc["003_a52b7484e2ca714e-002", ["indicator", "subtype"]].tolist() == [
        "exemplars_honoured", "honours_collective"]
    assert list(after.indicators["indicator"]) == list(load_dataset().indicators["indicator"])
    assert len(after.sources) == 5 and len(after.models) == 25
    engine.dispose()
    upgraded.dispose()


def test_import_then_export_gives_byte_identical_csv_files(seeded_store, tmp_path):
    written = export_published(seeded_store, tmp_path)
    assert [path.name for path in written] == CSV_FILES
    assert [name for name in CSV_FILES if (tmp_path / name).read_bytes() != (DATA_DIR / name).read_bytes()] == []


def test_published_dataset_has_the_shape_and_values_of_the_csv_dataset(seeded_store):
    from_store, from_files = load_published_dataset(seeded_store), load_dataset()
    for name in TABLE_NAMES:
        pd.testing.assert_frame_equal(getattr(from_store, name), getattr(from_files, name))


def test_reimporting_unchanged_files_adds_no_versions(seeded_store, dataset):
    before = row_counts(seeded_store)
    counts = import_tables(seeded_store, DATA_DIR, by="curator")
    assert counts["observations"] == {"added": 0, "changed": 0, "unchanged": len(dataset.observations), "withdrawn": 0}
    assert row_counts(seeded_store) == before | {"changesets": before["changesets"] + 1}


def test_import_of_edited_files_versions_changes_and_withdraws_missing_rows(seeded_store, dataset, tmp_path):
    lines = (DATA_DIR / "observations.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    copy_curated_tables(tmp_path)
    edited = [lines[0], lines[1].replace(",14,14,count,", ",15,15,count,"), *lines[2:-1]]
    (tmp_path / "observations.csv").write_text("".join(edited), encoding="utf-8")
    counts = import_tables(seeded_store, tmp_path, by="curator", note="recount")
    unchanged = len(dataset.observations) - 2
    assert counts["observations"] == {"added": 0, "changed": 1, "unchanged": unchanged, "withdrawn": 1}
    export_published(seeded_store, tmp_path / "out")
    assert (tmp_path / "out" / "observations.csv").read_bytes() == (tmp_path / "observations.csv").read_bytes()
    withdrawn_id = lines[-1].split(",", 1)[0]
    history = load_history(seeded_store, withdrawn_id)
    assert history[["version", "is_current", "superseded_by"]].to_dict("records") == [
        {"version": 1, "is_current": False, "superseded_by": None}
    ]


@pytest.mark.parametrize(("line", "column", "bad", "message"), [
    (5, "unit", "cái", "observations.csv line 5, column 'unit': value 'cái' — not one of"),
    (3, "source_id", "no_such_source", "observations.csv line 3, column 'source_id': 'no_such_source' is not defined"),
])
def test_import_of_a_broken_csv_stores_nothing_and_names_file_line_column(
        seeded_store, tmp_path, line, column, bad, message):
    copy_curated_tables(tmp_path)
    table = pd.read_csv(DATA_DIR / "observations.csv", dtype=str, keep_default_na=False)
    table.loc[line - 2, column] = bad
    table.to_csv(tmp_path / "observations.csv", index=False, lineterminator="\n")
    before = row_counts(seeded_store)
    with pytest.raises(TableError, match=message):
        import_tables(seeded_store, tmp_path, by="curator")
    assert row_counts(seeded_store) == before


def test_store_cli_imports_exports_and_refuses_a_broken_folder(tmp_path, dataset):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite'}", "PATH": "/usr/bin:/bin"}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "indicators.store", *map(str, args)], cwd=PROJECT_ROOT, env=env,
                              capture_output=True, text=True, check=False)

    imported = run("import", DATA_DIR, "--by", "curator")
    observations_line = f"observations: {len(dataset.observations)} added, 0 changed, 0 unchanged, 0 withdrawn"
    assert (imported.returncode, imported.stdout.splitlines()[3]) == (0, observations_line)
    (tmp_path / "broken").mkdir()
    broken = run("import", tmp_path / "broken")
    assert broken.returncode == 1
    assert broken.stderr == f"error: nothing stored or written\n{tmp_path / 'broken' / 'sources.csv'}: file not found\n"
    exported = run("export", tmp_path / "out")
    assert exported.returncode == 0, exported.stderr
    assert [n for n in CSV_FILES if (tmp_path / "out" / n).read_bytes() != (DATA_DIR / n).read_bytes()] == []
    history = load_history(open_store(env["DATABASE_URL"]), OBS_ID)
    assert history[["version", "created_by", "kind", "origin"]].to_dict("records") == [
        {"version": 1, "created_by": "curator", "kind": "import", "origin": str(DATA_DIR)}
    ]


def test_first_open_fills_the_store_from_the_curated_csvs_once(tmp_path, dataset):
    url = f"sqlite:///{tmp_path / 'first.sqlite'}"
    engine = open_store(url, seed_dir=DATA_DIR)  # the session's default seed is the frozen copy (tests/conftest.py)
    counts = row_counts(engine)
    assert counts == {name: len(getattr(dataset, name)) for name in VERSIONED_TABLES} | {"changesets": 1,
                                                                                       "documents": 0}
    assert row_counts(open_store(url)) == counts


def test_publish_adds_rows_with_who_when_and_note(seeded_store, editor):
    before = datetime.now(UTC)
    counts = publish(seeded_store, editor, observations=new_observations("000_7d6bc60bc6dc7dcc-9", 2), note="new")
    assert counts == {"observations": {"added": 2, "changed": 0, "unchanged": 0, "withdrawn": 0}}
    published = load_published_dataset(seeded_store).observations
    assert list(published["obs_id"].tail(2)) == ["000_7d6bc60bc6dc7dcc-9-001", "000_7d6bc60bc6dc7dcc-9-002"]
    history = load_history(seeded_store, "000_7d6bc60bc6dc7dcc-9-002")
    assert history[["version", "is_current", "created_by", "change_note", "kind", "value"]].to_dict("records") == [
        {"version": 1, "is_current": True, "created_by": "editor_an", "change_note": "new", "kind": "publish",
         "value": 2.0}
    ]
    assert before <= history.at[0, "created_at"] <= datetime.now(UTC)


def test_publish_of_a_batch_with_one_invalid_row_stores_nothing(seeded_store, editor):
    batch = new_observations("000_7d6bc60bc6dc7dcc-9", 3)
    batch.loc[2, "qualifier"] = "roughly"
    before = row_counts(seeded_store)
    with pytest.raises(TableError, match=r"^publish/observations.csv line 4, column 'qualifier': value 'roughly'"):
        publish(seeded_store, editor, observations=batch)
    assert row_counts(seeded_store) == before


def test_publish_that_breaks_a_reference_is_rolled_back_after_writing(seeded_store, editor):
    batch = new_observations("000_7d6bc60bc6dc7dcc-9", 2)
    batch.loc[1, "source_id"] = "unknown_source"
    before = row_counts(seeded_store)
    with pytest.raises(TableError, match="^publish/observations.csv line 3, column 'source_id': 'unknown_source'"):
        publish(seeded_store, editor, observations=batch)
    assert row_counts(seeded_store) == before


def test_a_viewer_cannot_publish_or_correct(seeded_store, viewer):
    before = row_counts(seeded_store)
    with pytest.raises(PermissionError, match="user 'viewer_binh' may not publish: editors and admins only"):
        publish(seeded_store, viewer, observations=new_observations("000_7d6bc60bc6dc7dcc-9", 1))
    with pytest.raises(PermissionError):
        correct(seeded_store, OBS_ID, {"value": 95}, user=viewer, note="recount")
    assert row_counts(seeded_store) == before


def test_a_correction_supersedes_the_row_and_keeps_the_old_version(seeded_store, editor, tmp_path):
    new_row_id = correct(seeded_store, OBS_ID, {"value": 95, "qualifier": "exact"}, user=editor, note="recount")
    history = load_history(seeded_store, OBS_ID)
    columns = ["row_id", "version", "is_current", "superseded_by", "created_by", "change_note", "kind", "value",
               "qualifier"]
    old_row_id = int(history.at[0, "row_id"])
    assert history[columns].to_dict("records") == [
        {"row_id": old_row_id, "version": 1, "is_current": False, "superseded_by": new_row_id,
         "created_by": "curator", "change_note": "seed for tests", "kind": "import", "value": 94.0,
         "qualifier": "at_least"},
        {"row_id": new_row_id, "version": 2, "is_current": True, "superseded_by": None, "created_by": "editor_an",
         "change_note": "recount", "kind": "correct", "value": 95.0, "qualifier": "exact"},
    ]
    assert history.at[0, "created_at"] <= history.at[1, "created_at"]
    export_published(seeded_store, tmp_path)
    expected = (DATA_DIR / "observations.csv").read_text(encoding="utf-8").replace(
        ",94,,percent,at_least,", ",95,,percent,exact,")
    assert (tmp_path / "observations.csv").read_text(encoding="utf-8") == expected


@pytest.mark.parametrize(("changes", "error", "message"), [
    ({"value": 94.0}, ValueError, "the correction of 000_7d6bc60bc6dc7dcc-002 changes nothing"),
    ({"obs_id": "x"}, ValueError, "cannot correct column\\(s\\) obs_id of observations"),
    ({"unit": "cái"}, TableError, "^correction/observations.csv line 2, column 'unit': value 'cái'"),
])
def test_a_correction_that_changes_nothing_or_is_invalid_is_refused(seeded_store, editor, changes, error, message):
    before = row_counts(seeded_store)
    with pytest.raises(error, match=message):
        correct(seeded_store, OBS_ID, changes, user=editor, note="try")
    assert row_counts(seeded_store) == before


@pytest.mark.parametrize("writer_count", [2, 4])
def test_concurrent_publishes_of_distinct_rows_all_land(seeded_store, editor, writer_count):
    def writer(number: int):
        return lambda: [publish(seeded_store, editor, observations=new_observations(f"w{number}-{batch}", 3),
                                note=f"writer {number}") for batch in range(3)]

    before, ids_before = row_counts(seeded_store), set(load_published_dataset(seeded_store).observations["obs_id"])
    run_together([writer(number) for number in range(writer_count)])
    published = load_published_dataset(seeded_store).observations
    expected = {f"w{n}-{b}-{i:03d}" for n in range(writer_count) for b in range(3) for i in range(1, 4)}
    assert set(published["obs_id"]) - ids_before == expected
    assert row_counts(seeded_store) == before | {"observations": before["observations"] + 9 * writer_count,
                                                 "changesets": before["changesets"] + 3 * writer_count}


def test_concurrent_corrections_of_one_row_all_stay_in_its_history(seeded_store, editor):
    values = [95, 96, 97, 98]
    run_together([lambda v=v: correct(seeded_store, OBS_ID, {"value": v}, user=editor, note=f"set {v}")
                  for v in values])
    history = load_history(seeded_store, OBS_ID)
    assert list(history["version"]) == [1, 2, 3, 4, 5]
    assert list(history["is_current"]) == [False, False, False, False, True]
    assert sorted(history["change_note"][1:]) == [f"set {v}" for v in values]
    assert list(history["superseded_by"][:-1]) == list(history["row_id"][1:])
    current_value = load_published_dataset(seeded_store).observations.set_index("obs_id").at[OBS_ID, "value"]
    assert current_value == history["value"].iloc[-1]


def test_database_url_defaults_to_sqlite_in_data_and_postgres_uses_psycopg(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert database_url() == f"sqlite:///{DATA_DIR / 'store.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db:5432/vn")
    assert database_url() == "postgresql+psycopg://u:p@db:5432/vn"
    assert database_url("postgresql://u@db/vn") == "postgresql+psycopg://u@db/vn"


def test_numbers_are_written_as_in_the_curated_csvs():
    assert [csv_number_text(x) for x in (14.0, 99.7, 6200000000.0, 0.5)] == ["14", "99.7", "6200000000", "0.5"]


def test_times_are_stored_in_utc_and_read_back_aware(seeded_store):
    history = load_history(seeded_store, OBS_ID)
    assert history.at[0, "created_at"].utcoffset() == timedelta(0)


def test_missing_postgresql_skips_on_a_workstation_and_fails_in_ci(monkeypatch):
    from store_fixtures import skip_or_fail  # loaded by pytest_plugins above, with assertion rewriting

    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="^no server$"):
        skip_or_fail("no server")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"^no server \(CI is set, so this fails instead of skipping\)$"):
        skip_or_fail("no server")
