"""Sixth revision: a named model keeps the source's own name beside its Vietnamese name (`name_in_source`).

Revision ID: 0006
Revises: 0005

A model from an English, French or Czech edition is named in Vietnamese (`name`) and keeps the edition's words in
`name_in_source`; empty for a Vietnamese source, whose `name` is the source's own. Rows stored before have none.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("models") as table:
        table.add_column(sa.Column("name_in_source", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("models") as table:
        table.drop_column("name_in_source")
