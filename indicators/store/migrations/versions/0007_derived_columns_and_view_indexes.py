"""Seventh revision: each observation version carries what is derived from it (scope level and kind, the window's
years and kind), and the indexes the views read by.

Revision ID: 0007
Revises: 0006

The derived columns are written with every version from now on (indicators.store.published); here every version
already stored gets them, by the same function (indicators.domain.derived.derived_columns). The indexes serve the
views' reads of one headline or one place's current rows, a province's models, the parts of a total and the
published order.
"""

import pandas as pd
import sqlalchemy as sa
from alembic import op

from indicators.domain.derived import PLACE_COLUMNS, derived_columns

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

DERIVED = {"scope_level": sa.Text, "scope_kind": sa.Text, "years": sa.Double, "window_kind": sa.Text}
INDEXES = [
    ("ix_observations_current_indicator", "observations", ["is_current", "indicator", "admin_version",
                                                           "province_code"]),
    ("ix_observations_current_place", "observations", ["is_current", "admin_version", "province_code",
                                                       "commune_code"]),
    ("ix_observations_part_of", "observations", ["part_of"]),
    ("ix_observations_position", "observations", ["position"]),
    ("ix_models_current_place", "models", ["is_current", "admin_version", "province_code"]),
]
SOURCE_COLUMNS = ["row_id", *PLACE_COLUMNS, "period_start", "period_end"]
CHUNK = 50_000


def upgrade() -> None:
    with op.batch_alter_table("observations") as table:
        for column, kind in DERIVED.items():
            table.add_column(sa.Column(column, kind))
    fill_derived_columns(op.get_bind())
    for name, table_name, columns in INDEXES:
        op.create_index(name, table_name, columns)


def fill_derived_columns(conn) -> None:
    """Every stored observation version (current or not) gets its derived columns, CHUNK versions at a time."""
    select = sa.text(f"SELECT {', '.join(SOURCE_COLUMNS)} FROM observations WHERE row_id > :after "
                     f"ORDER BY row_id LIMIT {CHUNK}")
    update = sa.text(f"UPDATE observations SET {', '.join(f'{c} = :{c}' for c in DERIVED)} WHERE row_id = :row_id")
    after = -1
    while rows := conn.execute(select, {"after": after}).all():
        after = rows[-1][0]
        stored = pd.DataFrame(rows, columns=SOURCE_COLUMNS, dtype=object)
        text = stored.drop(columns="row_id").fillna("")  # NULL is the store's empty cell
        derived = derived_columns(text).assign(row_id=stored["row_id"])
        conn.execute(update, derived.to_dict("records"))


def downgrade() -> None:
    for name, table_name, _columns in INDEXES:
        op.drop_index(name, table_name=table_name)
    with op.batch_alter_table("observations") as table:
        for column in DERIVED:
            table.drop_column(column)
