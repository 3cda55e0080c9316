"""Database engine: embedded SQLite by default (WAL), PostgreSQL when DATABASE_URL says so."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel, create_engine

from app.core.config import get_settings


def make_engine(url: str | None = None) -> Engine:
    """Create an engine for ``url`` (default: settings). SQLite gets WAL and foreign keys on.

    WAL lets the web app read while a writer (a submission, a knowledge-base reload) works,
    which the default rollback journal would block.
    """
    url = url or get_settings().database_url
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:  # pragma: no cover - exercised by every SQLite test
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=5000")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def create_tables(engine: Engine) -> None:
    """Create the tables of every model imported so far (idempotent).

    The database layer knows no package: importing every package's models here made an import
    cycle (every package uses core). :func:`app.tables.create_tables` imports them all first and
    is what the product and the tests call; the entry points import ``app.tables``.
    """
    SQLModel.metadata.create_all(engine)
    _add_missing_columns(engine)


def _add_missing_columns(engine: Engine) -> None:
    """Add columns a newer model declares to a table an older version created (nullable or with
    their default), so an existing ``.data/minzheng.db`` keeps working after an update. Only ever
    adds; never drops or changes a column."""
    from sqlalchemy import inspect, text
    from sqlalchemy.schema import CreateColumn

    insp = inspect(engine)
    existing_tables = set(insp.get_table_names())
    with engine.begin() as conn:
        for table in SQLModel.metadata.sorted_tables:
            if table.name not in existing_tables:
                continue
            have = {c["name"] for c in insp.get_columns(table.name)}
            for col in table.columns:
                if col.name in have or col.primary_key:
                    continue
                ddl = str(CreateColumn(col).compile(dialect=engine.dialect))
                ddl = ddl.replace(" NOT NULL", "")  # old rows have no value: the model's default applies on write
                default = col.default.arg if col.default is not None and not callable(col.default.arg) else None
                if isinstance(default, bool):
                    ddl += f" DEFAULT {'TRUE' if default else 'FALSE'}" if engine.dialect.name != "sqlite" else f" DEFAULT {int(default)}"
                elif isinstance(default, (int, float)):
                    ddl += f" DEFAULT {default}"
                conn.execute(text(f'ALTER TABLE "{table.name}" ADD COLUMN {ddl}'))
