"""Schema migrations: a database made by the code before migrations (frozen DDL in tests/data, not
the live models) upgrades to head without losing a row; a new one is created at head; running the
upgrade again changes nothing; an older revision upgrades; on SQLite and on PostgreSQL."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

import app.core.db as db
from app.core.db import SchemaMismatch, current_revision, head_revision, make_engine, upgrade_to_head
from app.tables import create_tables
from tests.database import clean_postgres

DATA = Path(__file__).resolve().parents[1] / "data"
NOW = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    if request.param == "sqlite":
        e = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
        yield e
        e.dispose()
        return
    e = clean_postgres()
    yield e
    e.dispose()


def frozen_ddl(dialect: str) -> list[str]:
    """The statements of tests/data/schema_<dialect>.sql (comment lines dropped)."""
    ddl = (DATA / f"schema_{dialect}.sql").read_text(encoding="utf-8")
    ddl = "\n".join(line for line in ddl.splitlines() if not line.startswith("--"))
    return [s.strip() for s in ddl.split(";\n") if s.strip()]


def make_old_database(engine) -> dict[str, int]:
    """The schema of commit d4b8151 from its frozen DDL, with rows; returns the row counts."""
    with engine.begin() as conn:
        for stmt in frozen_ddl(engine.dialect.name):
            conn.execute(text(stmt))
        conn.execute(text("INSERT INTO kb_meta (key, value) VALUES ('content_hash', 'abc123')"))
        conn.execute(text(
            "INSERT INTO person (id, name, id_number_enc, id_number_hash, id_number_masked, created_at) "
            "VALUES (1, '张桂英', 'enc', :h, '3201**********0021', :now)"), {"h": "f" * 64, "now": NOW})
        conn.execute(text(
            "INSERT INTO account (id, phone_hash, phone_enc, phone_masked, person_id, role, created_at) "
            "VALUES (1, :h, 'enc', '138****0000', 1, 'citizen', :now)"), {"h": "a" * 64, "now": NOW})
        for i in range(1, 4):
            conn.execute(text(
                "INSERT INTO application (id, ref, service_code, beneficiary_person_id, submitted_by_account_id,"
                " for_whom, channel, status, answers, current_step, created_at, updated_at) VALUES"
                " (:i, :ref, 'MZ-ZLJ-01', 1, 1, 'self', 'web', 'submitted', :answers, 2, :now, :now)"),
                {"i": i, "ref": f"MZ2026{i:06d}", "answers": '{"居住地": "南京市玄武区"}', "now": NOW})
        for i in range(1, 6):
            conn.execute(text(
                "INSERT INTO audit_event (id, at, actor_role, action, object_type, object_id, channel, detail)"
                " VALUES (:i, :now, 'citizen', 'application.submit', 'application', :o, 'web', '{}')"),
                {"i": i, "now": NOW, "o": str(i)})
    return row_counts(engine)


def row_counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        names = [t for t in inspect(conn).get_table_names() if t != "alembic_version"]
        return {t: conn.execute(text(f'SELECT COUNT(*) FROM "{t}"')).scalar() for t in names}


def missing_model_tables(engine) -> set[str]:
    return set(SQLModel.metadata.tables) - set(inspect(engine).get_table_names())


def test_a_database_made_before_migrations_upgrades_to_head_without_losing_rows(engine):
    before = make_old_database(engine)
    assert current_revision(engine) is None
    assert sum(before.values()) == 11

    create_tables(engine)  # what every entry point does at start-up

    assert current_revision(engine) == head_revision()
    after = row_counts(engine)
    assert {t: after[t] for t in before} == before
    assert missing_model_tables(engine) == set()
    with engine.connect() as conn:
        refs = conn.execute(text("SELECT ref, answers FROM application ORDER BY id")).all()
    assert [r[0] for r in refs] == ["MZ2026000001", "MZ2026000002", "MZ2026000003"]
    assert "南京市玄武区" in str(refs[0][1])


def test_a_new_database_is_created_at_head(engine):
    assert upgrade_to_head(engine) == "created"
    assert current_revision(engine) == head_revision()
    create_tables(engine)
    assert missing_model_tables(engine) == set()


def test_the_upgrade_is_idempotent(engine):
    make_old_database(engine)
    assert upgrade_to_head(engine) == "stamped-baseline+upgraded"
    assert upgrade_to_head(engine) == "at-head"
    create_tables(engine)
    counts = row_counts(engine)
    create_tables(engine)
    assert upgrade_to_head(engine) == "at-head"
    assert row_counts(engine) == counts
    assert current_revision(engine) == head_revision()


def test_a_database_at_an_older_revision_is_upgraded(engine, tmp_path, monkeypatch):
    """A copy of the scripts plus one revision after head, written the way autogenerate writes
    them (``add_column_if_missing``): a database at the old head is upgraded to it, also when the
    fallback of ``create_tables`` had added the column already."""
    scripts = tmp_path / "migrations"
    shutil.copytree(db.MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    old_head = head_revision()
    (scripts / "versions" / "9999_test.py").write_text(
        '"""test revision"""\nimport sqlalchemy as sa\nfrom alembic import op\n\n'
        f"revision = '9999_test'\ndown_revision = {old_head!r}\nbranch_labels = None\ndepends_on = None\n\n\n"
        "def upgrade():\n    op.add_column_if_missing('kb_meta', sa.Column('note', sa.String(40), nullable=True))\n"
        "    op.create_table('test_extra', sa.Column('id', sa.Integer(), primary_key=True), if_not_exists=True)\n\n\n"
        "def downgrade():\n    op.drop_table('test_extra')\n", encoding="utf-8")
    make_old_database(engine)
    upgrade_to_head(engine)
    assert current_revision(engine) == old_head

    monkeypatch.setattr(db, "MIGRATIONS_DIR", scripts)
    db.head_revision.cache_clear()
    try:
        assert head_revision() == "9999_test"
        assert upgrade_to_head(engine) == "upgraded"
        assert current_revision(engine) == "9999_test"
        cols = {c["name"] for c in inspect(engine).get_columns("kb_meta")}
        assert "note" in cols and "test_extra" in inspect(engine).get_table_names()
        assert row_counts(engine)["kb_meta"] == 1
    finally:
        db.head_revision.cache_clear()


def test_the_idempotent_column_op_skips_a_column_that_is_there(engine):
    from alembic.operations import Operations
    from sqlalchemy import Column, String

    import app.migrations.ops  # noqa: F401 - registers add_column_if_missing

    upgrade_to_head(engine)
    with engine.begin() as conn:
        ops = Operations(MigrationContext.configure(conn))
        ops.add_column_if_missing("kb_meta", Column("note", String(40), nullable=True))
        ops.add_column_if_missing("kb_meta", Column("note", String(40), nullable=True))  # no error
    assert "note" in {c["name"] for c in inspect(engine).get_columns("kb_meta")}


def test_a_database_that_is_not_ours_is_not_stamped(engine):
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE customers (id INTEGER PRIMARY KEY, name VARCHAR(20))"))
    with pytest.raises(SchemaMismatch, match="不是本系统的表"):
        upgrade_to_head(engine)
    assert current_revision(engine) is None


def test_a_database_missing_a_baseline_table_it_cannot_get_is_refused(engine):
    """Only the knowledge tables are created from the DDL: the others cannot be added from the
    models imported here when they are removed from the metadata, so the check must refuse."""
    make_old_database(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE kb_gap"))
    kb_gap = SQLModel.metadata.tables["kb_gap"]
    SQLModel.metadata.remove(kb_gap)
    try:
        with pytest.raises(SchemaMismatch, match="缺少表 kb_gap"):
            upgrade_to_head(engine)
    finally:
        SQLModel.metadata._add_table(kb_gap.name, kb_gap.schema, kb_gap)
    assert current_revision(engine) is None


def test_baseline_equals_the_frozen_schema_of_before():
    """The baseline revision creates exactly the tables and columns of tests/data/schema_sqlite.sql."""
    e = make_engine("sqlite://")
    with e.begin() as conn:
        for stmt in frozen_ddl("sqlite"):
            conn.execute(text(stmt))
        insp = inspect(conn)
        frozen = {t: frozenset(c["name"] for c in insp.get_columns(t)) for t in insp.get_table_names()}
    assert frozen == db.baseline_schema()
    assert len(frozen) == 21


def test_models_match_migrations(tmp_path):
    """The models equal the schema the migrations build. When a model changes, write its revision:

        minzheng db revision --autogenerate -m "what changed"

    (then read the file in app/migrations/versions and commit it with the model)."""
    e = make_engine(f"sqlite:///{tmp_path / 'head.db'}")
    upgrade_to_head(e)  # the migrations only, not create_tables' fallback
    with e.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata)
    e.dispose()
    assert diff == [], ("the models differ from the migrations' head — run "
                        "`minzheng db revision --autogenerate -m \"…\"` and commit the new revision:\n"
                        + "\n".join(map(str, diff)))


def test_a_database_older_than_the_baseline_gets_its_missing_columns_then_is_stamped(engine):
    """A database made before a column of the baseline existed is completed as the product did
    before migrations (the column added, rows kept), then stamped and upgraded."""
    make_old_database(engine)
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE application DROP COLUMN rating_comment"))
    create_tables(engine)
    assert current_revision(engine) == head_revision()
    assert "rating_comment" in {c["name"] for c in inspect(engine).get_columns("application")}
    assert row_counts(engine)["application"] == 3


def test_the_db_commands_report_and_upgrade(tmp_path, capsys):
    from app.cli import main

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert main(["db", "current", "--database-url", url]) == 1
    assert "需要升级" in capsys.readouterr().out
    assert main(["db", "upgrade", "--database-url", url]) == 0
    assert f"→ {head_revision()}" in capsys.readouterr().out
    assert main(["db", "current", "--database-url", url]) == 0
    assert main(["db", "upgrade", "--database-url", url]) == 0
    assert "已是最新版本" in capsys.readouterr().out
