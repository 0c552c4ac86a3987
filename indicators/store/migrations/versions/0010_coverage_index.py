"""Tenth revision: a covering index of the current figures by place, source, phase and window, for the coverage view
(what each province reported: one GROUP BY over every current placed figure).

Revision ID: 0010
Revises: 0009

Without it, the coverage's GROUP BY reads every current row from the table (1.7 s at 671,000 rows on SQLite); with it,
the index alone, in the order of its groups (0.27 s), for about 15 % more store. Partial (`WHERE is_current`, as the
query says it) and with every column the query reads, so neither engine visits the table.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

NAME, TABLE = "ix_observations_current_coverage", "observations"
COLUMNS = ["is_current", "admin_version", "province_code", "source_id", "phase", "period_start", "period_end",
           "position", "obs_id", "district_code", "commune_code", "organisation"]


def upgrade() -> None:
    op.create_index(NAME, TABLE, COLUMNS, sqlite_where=sa.text("is_current"), postgresql_where=sa.text("is_current"))
    op.execute("ANALYZE")


def downgrade() -> None:
    op.drop_index(NAME, table_name=TABLE)
