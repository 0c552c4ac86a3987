"""Shared by the store and ingestion tests: a seeded SQLite store, row counts of the store (any write changes them),
concurrent writers, and a store another writer holds."""

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from indicators.paths import DATA_DIR
from indicators.store.accounts import create_user
from indicators.store.database import VERSIONED_TABLES, changesets, connect_store, documents
from indicators.store.published import import_tables

PASSWORD = "mật khẩu đủ dài"


def seeded_sqlite_store(path: Path):
    """A SQLite store at `path` holding data/ (the real data on purpose, as seeded_store) and one editor, 'an'
    (PASSWORD); its engine."""
    engine = connect_store(f"sqlite:///{path}")
    import_tables(engine, DATA_DIR, by="curator", note="seed for tests")
    create_user(engine, "an", PASSWORD, "editor")
    return engine


@contextmanager
def held_by_another_writer(path: Path) -> Iterator[None]:
    """The SQLite store at `path` locked for writing by another connection meanwhile (as a second editor would)."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def row_counts(engine) -> dict[str, int]:
    """All row versions per table (current or not), the number of changesets and of kept report texts."""
    with engine.connect() as conn:
        counts = {name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                  for name, table in {**VERSIONED_TABLES, "changesets": changesets, "documents": documents}.items()}
    return counts


def run_together(workers: list) -> None:
    """Start every worker at the same moment and re-raise the first error any of them met."""
    start, errors = threading.Barrier(len(workers)), []

    def run(work):
        start.wait()
        try:
            work()
        except Exception as error:  # re-raised in the test thread below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(work,)) for work in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []


def fill_old_store(engine, folder: Path,
                   names: tuple[str, ...] = ("sources", "indicators", "observations", "models")) -> None:
    """Rows of the CSVs `names` of an older revision, written as that revision's tables hold them (one import)."""
    with engine.begin() as conn:
        changeset = conn.execute(sa.text(
            "INSERT INTO changesets (kind, created_by, created_at, note) VALUES ('import', 'curator', :at, 'old') "
            "RETURNING changeset_id"), {"at": datetime(2025, 1, 1)}).scalar_one()
        for name in names:
            frame = pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
            rows = [{k: (None if v == "" else float(v) if k in ("value", "denominator") else v) for k, v in row.items()}
                    | {"position": i, "version": 1, "is_current": True, "changeset_id": changeset,
                       "created_by": "curator", "created_at": datetime(2025, 1, 1), "change_note": "old"}
                    for i, row in enumerate(frame.to_dict("records"))]
            columns = list(rows[0])
            conn.execute(sa.text(f"INSERT INTO {name} ({', '.join(columns)}) "
                                 f"VALUES ({', '.join(':' + c for c in columns)})"), rows)
