"""Alembic environment: runs on the connection the Store hands over (no alembic.ini needed)."""

from __future__ import annotations

from alembic import context

from watchfloor.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when alembic is run by hand
    raise RuntimeError("run migrations through watchfloor (Store.open), not the alembic CLI")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
