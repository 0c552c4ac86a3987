"""A publish reads and writes only its batch: the current versions of the keys it names, the references it makes
(looked up by key), the rows that name what it changes; the derived columns are written with each version; every
write moves the data version the replicas watch."""

import functools

import pandas as pd
import pytest
import sqlalchemy as sa

from indicators.domain.derived import DERIVED_COLUMNS, derived_columns
from indicators.domain.schema import TableError
from indicators.domain.tables import load_dataset
from indicators.paths import DATA_DIR
from indicators.store.accounts import create_user
from indicators.store.database import VERSIONED_TABLES, connect_store, create_store_engine, upgrade
from indicators.store.published import correct, data_version, export_published, import_tables, publish

pytest_plugins = ["store_fixtures"]

from store_helpers import fill_old_store, row_counts  # noqa: E402

TOTAL = "01_ha-giang-dong-van-mo-hinh-2021-001"  # Đồng Văn's models, with two parts (…-002, …-003)
PART = "01_ha-giang-dong-van-mo-hinh-2021-002"
MANY = 6_000  # observations published before the measured publish


@functools.cache
def curated_observations() -> pd.DataFrame:
    return load_dataset().observations


def new_observations(prefix: str, count: int, **cells) -> pd.DataFrame:
    """`count` rows shaped like the first curated observation, with new obs_ids '<prefix>-00001'…"""
    template = curated_observations().iloc[0].to_dict() | cells
    return pd.DataFrame([template | {"obs_id": f"{prefix}-{n:05d}", "value": float(n)} for n in range(1, count + 1)])


def stored_derived(engine, obs_ids: list[str]) -> list[list]:
    table = VERSIONED_TABLES["observations"]
    query = (sa.select(*(table.c[c] for c in DERIVED_COLUMNS)).where(table.c.obs_id.in_(obs_ids), table.c.is_current)
             .order_by(table.c.obs_id))
    with engine.connect() as conn:
        return [list(row) for row in conn.execute(query)]


class RowsFetched:
    """Every SELECT the engine runs, with the number of rows it returns (run again on the same connection, in the same
    transaction, so the count is what the statement itself read back)."""

    def __init__(self, engine):
        self.selects: list[tuple[str, int]] = []
        sa.event.listen(engine, "after_cursor_execute", self.count)

    def count(self, _conn, cursor, statement, parameters, _context, executemany) -> None:
        if statement.lstrip().upper().startswith("SELECT") and not executemany:
            self.selects.append((statement, len(cursor.connection.execute(statement, parameters).fetchall())))


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_a_small_publish_into_a_large_store_reads_only_the_rows_it_names(seeded_store, editor):
    publish(seeded_store, editor, observations=new_observations("bulk", MANY), note="many rows")
    published_before = row_counts(seeded_store)["observations"]
    assert published_before > MANY
    fetched = RowsFetched(seeded_store)
    batch = pd.concat([new_observations("small", 3), curated_observations().iloc[[1]].assign(value=15.0)])
    counts = publish(seeded_store, editor, observations=batch.reset_index(drop=True), note="three and a change")
    assert counts == {"observations": {"added": 3, "changed": 1, "unchanged": 0, "withdrawn": 0}}
    biggest = max(fetched.selects, key=lambda select: select[1])
    # The largest read is the catalogue of subtypes (the small table an observation's subtype is checked against).
    assert biggest[1] <= len(load_dataset().subtypes), biggest
    assert sum(rows for _, rows in fetched.selects) < 200


def test_new_versions_carry_their_derived_columns_and_a_correction_writes_them_again(seeded_store, editor):
    batch = new_observations("derived", 2)
    batch.loc[1, ["commune_code", "organisation", "org_type", "period_start", "period_end", "period_basis",
                  "phase"]] = ["00004", "Đoàn xã", "youth_union", "", "", "", ""]
    publish(seeded_store, editor, observations=batch, note="derived")
    assert stored_derived(seeded_store, list(batch["obs_id"])) == [
        ["province", "whole", pytest.approx(3.003, abs=1e-3), "years_2_3"], ["commune", "youth_union", None, None]]
    correct(seeded_store, "derived-00001", {"period_start": "2023-01-01", "period_end": "2023-12-31"}, user=editor,
            note="one year")
    assert stored_derived(seeded_store, ["derived-00001"]) == [["province", "whole", pytest.approx(1.0, abs=1e-2),
                                                                "single"]]


def test_an_import_writes_the_derived_columns_of_every_row_and_the_export_leaves_them_out(seeded_store, tmp_path):
    obs = curated_observations()
    expected = derived_columns(obs).assign(obs_id=obs["obs_id"]).sort_values("obs_id")
    stored = stored_derived(seeded_store, list(obs["obs_id"]))
    assert stored == expected[list(DERIVED_COLUMNS)].values.tolist()
    export_published(seeded_store, tmp_path)
    assert (tmp_path / "observations.csv").read_bytes() == (DATA_DIR / "observations.csv").read_bytes()


def test_a_part_may_name_a_stored_total_of_its_source_but_not_one_of_another_source_nor_a_loop(seeded_store, editor):
    source = curated_observations().set_index("obs_id").at[TOTAL, "source_id"]
    part = new_observations("part", 1, source_id=source, part_of=TOTAL)
    assert publish(seeded_store, editor, observations=part)["observations"]["added"] == 1
    before = row_counts(seeded_store)
    other = new_observations("other", 2, part_of=TOTAL)
    with pytest.raises(TableError, match=f"^publish/observations.csv line 2, column 'part_of': '{TOTAL}' is of "
                                         "another source$"):
        publish(seeded_store, editor, observations=other)
    total = curated_observations().set_index("obs_id").loc[[TOTAL]].reset_index().assign(part_of=PART)
    with pytest.raises(TableError, match=f"^publish/observations.csv line 2, column 'part_of': '{PART}' leads back "
                                         "to this row$"):
        publish(seeded_store, editor, observations=total)
    assert row_counts(seeded_store) == before


def test_withdrawing_a_total_its_parts_still_name_is_refused_naming_the_part_s_line(seeded_store, editor, tmp_path):
    export_published(seeded_store, tmp_path)
    lines = (tmp_path / "observations.csv").read_text(encoding="utf-8").splitlines()
    # The line the part would have in the published state without the total, as the old whole-state check named it.
    after = [line for line in lines if not line.startswith(TOTAL + ",")]
    part_line = next(number for number, line in enumerate(after, 1) if line.startswith(PART + ","))
    before = row_counts(seeded_store)
    with pytest.raises(TableError, match=f"^store/observations.csv line {part_line}, column 'part_of': '{TOTAL}' is "
                                         "not defined$"):
        publish(seeded_store, editor, observations=new_observations("w", 1), withdraw={"observations": [TOTAL]})
    assert row_counts(seeded_store) == before


def test_every_write_moves_the_data_version_and_an_account_change_does_not(seeded_store, editor):
    first = data_version(seeded_store)
    create_user(seeded_store, "another_editor", "một mật khẩu đủ dài", "editor")
    assert data_version(seeded_store) == first
    publish(seeded_store, editor, observations=new_observations("v", 1))
    correct(seeded_store, "v-00001", {"value": 7}, user=editor, note="recount")
    import_tables(seeded_store, DATA_DIR, by="curator")  # withdraws the two versions above
    assert data_version(seeded_store) == first + 3


def test_migration_0007_fills_the_derived_columns_of_a_store_that_holds_rows(store_url):
    engine = create_store_engine(store_url)
    upgrade(engine, "0006")
    fill_old_store(engine, DATA_DIR, ("sources", "observations"))  # as the 0006 tables hold them
    upgraded = connect_store(store_url)  # what the dashboard does on start
    obs = curated_observations()
    expected = derived_columns(obs).assign(obs_id=obs["obs_id"]).sort_values("obs_id")
    assert stored_derived(upgraded, list(obs["obs_id"])) == expected[list(DERIVED_COLUMNS)].values.tolist()
    with upgraded.connect() as conn:
        indexes = {index["name"] for index in sa.inspect(conn).get_indexes("observations")}
    assert {"ix_observations_current_indicator", "ix_observations_current_place"} <= indexes
    engine.dispose()
    upgraded.dispose()
