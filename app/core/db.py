"""Database engine: embedded SQLite by default (WAL), PostgreSQL when DATABASE_URL says so."""

from __future__ import annotations

from functools import lru_cache
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


#: The Alembic scripts (``app/migrations``), found by path: the core must not import the packages
#: whose tables they create (``env.py`` imports ``app.tables``), or the packages would form a cycle.
MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "migrations"
#: The first revision: the schema as it was before migrations existed (tests/data/schema_*.sql).
BASELINE_REVISION = "0001_baseline"


class SchemaMismatch(RuntimeError):
    """The database is neither empty, nor under Alembic, nor the schema the baseline describes."""


def alembic_config(connection=None, url: str | None = None):
    """An Alembic ``Config`` built in code (no alembic.ini): the scripts of ``app/migrations`` and
    either an open connection (run inside the caller's transaction) or a database URL."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("path_separator", "os")
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@lru_cache(maxsize=1)
def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine_or_conn) -> str | None:
    """The revision stamped in the database (None: no ``alembic_version`` table or no row)."""
    from sqlalchemy import inspect, text

    def read(conn):
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()

    if isinstance(engine_or_conn, Engine):
        with engine_or_conn.connect() as conn:
            return read(conn)
    return read(engine_or_conn)


def upgrade_to_head(engine: Engine) -> str:
    """Bring any database of the product to the head revision; returns what was done.

    - at head already: nothing (one SELECT, so calling this at every start costs nothing);
    - empty (a brand-new database): every revision from the start, then stamped head;
    - made before migrations existed (tables, no ``alembic_version``): checked against the
      baseline (tables and columns; an older one gets its missing columns first, as before),
      stamped ``0001_baseline``, then upgraded;
    - at an older revision: upgraded.

    On PostgreSQL it runs in one transaction under an advisory lock, so two workers starting at
    once do not both migrate, and a failed step leaves the database as it was.
    """
    from alembic import command
    from sqlalchemy import inspect, text

    if current_revision(engine) == head_revision():
        return "at-head"
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(4201405)"))  # any fixed number: "migrations"
        tables = set(inspect(conn).get_table_names()) - {"alembic_version"}
        current = current_revision(conn)
        done = "upgraded"
        if current is None and not tables:
            done = "created"
        elif current is None:
            _check_baseline(conn, tables)
            command.stamp(alembic_config(conn), BASELINE_REVISION)
            done = "stamped-baseline+upgraded"
        if current_revision(conn) != head_revision():
            command.upgrade(alembic_config(conn), "head")
        elif done == "upgraded":
            done = "at-head"
    return done


@lru_cache(maxsize=1)
def baseline_schema() -> dict[str, frozenset[str]]:
    """Table → column names of the baseline revision, read by running it on an empty in-memory
    SQLite (so the check needs no second, hand-kept copy of the baseline)."""
    from alembic import command
    from sqlalchemy import inspect

    mem = create_engine("sqlite://")
    with mem.begin() as conn:
        command.upgrade(alembic_config(conn), BASELINE_REVISION)
        insp = inspect(conn)
        schema = {t: frozenset(c["name"] for c in insp.get_columns(t))
                  for t in insp.get_table_names() if t != "alembic_version"}
    mem.dispose()
    return schema


def _baseline_gaps(conn) -> list[str]:
    from sqlalchemy import inspect

    insp = inspect(conn)
    have = set(insp.get_table_names())
    gaps = []
    for table, columns in sorted(baseline_schema().items()):
        if table not in have:
            gaps.append(f"缺少表 {table}")
            continue
        missing = columns - {c["name"] for c in insp.get_columns(table)}
        gaps += [f"表 {table} 缺少列 {c}" for c in sorted(missing)]
    return gaps


def _check_baseline(conn, tables: set[str]) -> None:
    """A database without ``alembic_version`` must hold the baseline's tables and columns before it
    is stamped. One made by an older version lacks some: those are added the way the product did
    before migrations (``create_all`` + :func:`_add_missing_columns`); whatever still misses means
    this is not our database (or a damaged one) and nothing is stamped."""
    if not tables & set(baseline_schema()):
        raise SchemaMismatch(f"数据库中的表（{'、'.join(sorted(tables)[:5])}…）不是本系统的表，未做迁移。")
    if _baseline_gaps(conn):
        SQLModel.metadata.create_all(conn)
        _add_missing_columns(conn)
    gaps = _baseline_gaps(conn)
    if gaps:
        raise SchemaMismatch("数据库结构与基线版本不一致，未做迁移：" + "；".join(gaps[:10]))


def create_tables(engine: Engine) -> None:
    """Bring the database to the head revision, then create what the models have beyond it.

    The product and the tests call :func:`app.tables.create_tables` (every package's tables
    imported first); the entry points import ``app.tables``.

    Beyond head: a model changed in the working tree before its revision was written (``minzheng
    db revision --autogenerate``). Its new tables are created (``create_all``) and its new columns
    added (:func:`_add_missing_columns`), so development and the other packages' tests keep
    working; ``tests/storage/test_migrations.py::test_models_match_migrations`` fails until the
    revision exists, and revisions are written idempotent (``app/migrations/ops.py``) so a
    database that got the change this way upgrades cleanly later.
    """
    upgrade_to_head(engine)
    SQLModel.metadata.create_all(engine)
    _add_missing_columns(engine)


def _add_missing_columns(bind) -> None:
    """Add columns a newer model declares to a table an older version created (nullable or with
    their default), so an existing ``.data/minzheng.db`` keeps working after an update. Only ever
    adds; never drops or changes a column."""
    from sqlalchemy import inspect, text
    from sqlalchemy.schema import CreateColumn

    if isinstance(bind, Engine):
        with bind.begin() as conn:
            _add_missing_columns(conn)
        return
    conn = bind
    insp = inspect(conn)
    existing_tables = set(insp.get_table_names())
    for table in SQLModel.metadata.sorted_tables:
        if table.name not in existing_tables:
            continue
        have = {c["name"] for c in insp.get_columns(table.name)}
        for col in table.columns:
            if col.name in have or col.primary_key:
                continue
            ddl = str(CreateColumn(col).compile(dialect=conn.dialect))
            ddl = ddl.replace(" NOT NULL", "")  # old rows have no value: the model's default applies on write
            default = col.default.arg if col.default is not None and not callable(col.default.arg) else None
            if isinstance(default, bool):
                ddl += f" DEFAULT {'TRUE' if default else 'FALSE'}" if conn.dialect.name != "sqlite" else f" DEFAULT {int(default)}"
            elif isinstance(default, (int, float)):
                ddl += f" DEFAULT {default}"
            conn.execute(text(f'ALTER TABLE "{table.name}" ADD COLUMN {ddl}'))
