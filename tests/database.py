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
