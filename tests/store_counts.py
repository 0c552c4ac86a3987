"""Row counts of the store, shared by the store and ingestion tests: any write changes them."""

import sqlalchemy as sa

from indicators.store_db import VERSIONED_TABLES, changesets


def row_counts(engine) -> dict[str, int]:
    """All row versions per table (current or not) and the number of changesets."""
    with engine.connect() as conn:
        counts = {name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                  for name, table in VERSIONED_TABLES.items()}
        counts["changesets"] = conn.execute(sa.select(sa.func.count()).select_from(changesets)).scalar_one()
    return counts
