"""Alembic environment: the connection comes from :mod:`app.core.db` (``config.attributes``), or
from ``sqlalchemy.url``; the models are every table of the product (``app.tables``)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from app.migrations.ops import make_idempotent


def _target_metadata():
    """Every table of the product: autogenerate compares the database with these models."""
    from sqlmodel import SQLModel

    import app.tables  # noqa: F401 - registers every package's tables

    return SQLModel.metadata


def _configure_and_run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=_target_metadata(),
        process_revision_directives=make_idempotent,
        render_as_batch=True,  # SQLite alters a table by copying it: batch mode does that
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


config = context.config
connection = config.attributes.get("connection")
if connection is not None:
    _configure_and_run(connection)
else:
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as conn:
        _configure_and_run(conn)
    engine.dispose()
