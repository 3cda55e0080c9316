"""A fresh database for a test: one SQLite file with every table (``app.tables.create_tables``).

Why one helper: the tests wrote this four times and more, some with ``app.core.db.create_tables``,
which creates only the tables of the models imported so far. Fixtures: ``database`` (per test, in
tests/conftest.py); tests/bot/conftest.py's ``chat_db`` (per module, for the real assistant).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine


def fresh_database(folder: Path, name: str = "test.db") -> Engine:
    """An engine on a new SQLite file ``folder/name`` holding every table of the product."""
    from app.core.db import make_engine
    from app.tables import create_tables

    engine = make_engine(f"sqlite:///{folder / name}")
    create_tables(engine)
    return engine


def clean_postgres() -> Engine:
    """An engine on the PostgreSQL that `make test` starts (``TEST_POSTGRES_URL``), its public schema
    emptied. Without one: a failure under CI (a PostgreSQL test must never pass by not running), a
    skip on a developer's machine."""
    import os

    import pytest
    from sqlalchemy import text

    from app.core.db import make_engine
    from tests.conftest import in_ci

    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        if in_ci():
            pytest.fail("TEST_POSTGRES_URL is not set: `make test` starts a PostgreSQL for CI")
        pytest.skip("no PostgreSQL (run through `make test` to get one)")
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    return engine
