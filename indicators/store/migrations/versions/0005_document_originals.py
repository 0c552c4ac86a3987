"""Fifth revision: a kept document also holds the uploaded file's own bytes (an XLSX form, a .docx/.pdf/.txt report).

Revision ID: 0005
Revises: 0004

Documents kept before this revision have no original (NULL); their sha256 was already the uploaded file's.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as table:
        table.add_column(sa.Column("original", sa.LargeBinary))


def downgrade() -> None:
    with op.batch_alter_table("documents") as table:
        table.drop_column("original")
