"""First revision: changesets, the four versioned curated tables, users and login attempts.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Frozen copies of the CSV columns at this revision (later revisions add their own changes).
CONTENT_COLUMNS = {
    "sources": ("source_id", [
        "source_id", "title", "publisher", "url", "date_published", "date_note", "date_accessed", "language", "path",
        "licence_note",
    ]),
    "indicators": ("indicator", [
        "indicator", "title_vi", "title_en", "unit", "aggregation", "description", "comparable_scopes", "annualisable",
    ]),
    "observations": ("obs_id", [
        "obs_id", "source_id", "admin_version", "province_code", "district_code", "commune_code", "place_name",
        "organisation", "org_type", "indicator", "value", "denominator", "unit", "qualifier", "period_start",
        "period_end", "period_note", "evidence",
    ]),
    "models": ("model_id", [
        "model_id", "name", "source_id", "admin_version", "province_code", "district_code", "organisation",
        "org_type", "field", "summary", "evidence",
    ]),
}
NUMERIC = {"value", "denominator"}


def upgrade() -> None:
    op.create_table(
        "changesets",
        sa.Column("changeset_id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("origin", sa.Text),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
    )
    for name, (key, columns) in CONTENT_COLUMNS.items():
        create_versioned_table(name, key, columns)
    op.create_table(
        "users",
        sa.Column("user_id", sa.Integer, primary_key=True),
        sa.Column("username", sa.Text, nullable=False, unique=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("locked_until", sa.DateTime),
        sa.CheckConstraint("role IN ('viewer', 'editor', 'admin')", name="ck_users_role"),
    )
    op.create_table(
        "login_attempts",
        sa.Column("attempt_id", sa.Integer, primary_key=True),
        sa.Column("username", sa.Text, nullable=False),
        sa.Column("attempted_at", sa.DateTime, nullable=False),
        sa.Column("outcome", sa.Text, nullable=False),
    )
    op.create_index("ix_login_attempts_username_time", "login_attempts", ["username", "attempted_at"])


def create_versioned_table(name: str, key: str, columns: list[str]) -> None:
    content = [
        sa.Column(column, sa.Double if column in NUMERIC else sa.Text, nullable=column != key) for column in columns
    ]
    op.create_table(
        name,
        sa.Column("row_id", sa.Integer, primary_key=True),
        *content,
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("is_current", sa.Boolean, nullable=False),
        sa.Column("superseded_by", sa.Integer, sa.ForeignKey(f"{name}.row_id")),
        sa.Column("superseded_in", sa.Integer, sa.ForeignKey("changesets.changeset_id")),
        sa.Column("changeset_id", sa.Integer, sa.ForeignKey("changesets.changeset_id"), nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("change_note", sa.Text, nullable=False),
        sa.UniqueConstraint(key, "version", name=f"uq_{name}_{key}_version"),
    )
    op.create_index(f"uq_{name}_current_{key}", name, [key], unique=True,
                    sqlite_where=sa.text("is_current"), postgresql_where=sa.text("is_current"))


def downgrade() -> None:
    for name in ["login_attempts", "users", *reversed(CONTENT_COLUMNS), "changesets"]:
        op.drop_table(name)
