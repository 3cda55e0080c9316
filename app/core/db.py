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
