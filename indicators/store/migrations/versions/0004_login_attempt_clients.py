"""Fourth revision: sign-in attempts keep the client address, and the attempt that starts a lock its end.

Revision ID: 0004
Revises: 0003

Locks become per account and client address (indicators.store.accounts). Attempts kept before this revision have no address
(NULL) and start no lock; users.locked_until is no longer read.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("login_attempts") as table:
        table.add_column(sa.Column("client", sa.Text))
        table.add_column(sa.Column("locked_until", sa.DateTime))
    op.create_index("ix_login_attempts_client_time", "login_attempts", ["client", "attempted_at"])


def downgrade() -> None:
    op.drop_index("ix_login_attempts_client_time", table_name="login_attempts")
    with op.batch_alter_table("login_attempts") as table:
        table.drop_column("locked_until")
        table.drop_column("client")
