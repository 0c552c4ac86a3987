"""Ninth revision: an index of the current figures by source, for the sources page (how many figures each source
gives; one source's figures).

Revision ID: 0009
Revises: 0008

Without it, the GROUP BY source_id and the figures of one source walk every current row (0.65 s and 0.28 s at 671,000
rows); with it, the covering index alone and the source's own rows.
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

INDEX = ("ix_observations_current_source", "observations", ["is_current", "source_id"])


def upgrade() -> None:
    name, table_name, columns = INDEX
    op.create_index(name, table_name, columns)
    op.execute("ANALYZE")


def downgrade() -> None:
    name, table_name, _ = INDEX
    op.drop_index(name, table_name=table_name)
