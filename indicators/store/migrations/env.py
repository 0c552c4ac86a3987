"""Alembic environment: migrates the connection handed over by indicators.store.database.upgrade (no alembic.ini)."""

from alembic import context

from indicators.store.database import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
