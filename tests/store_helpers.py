"""Shared by the store and ingestion tests: row counts of the store (any write changes them) and concurrent writers."""

import threading

import sqlalchemy as sa

from indicators.store_db import VERSIONED_TABLES, changesets, documents


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
