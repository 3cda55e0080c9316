"""Backup and restore (seed 三(五)2 "定期进行应急演练和恢复检测"): a round trip with a row in every
table the product has, on SQLite and on a real PostgreSQL; a tampered, cut-off or wrongly keyed
file is refused with nothing written; a non-empty target is refused; the drill checks the counts
and the audit trail."""

from __future__ import annotations

import base64
import json
import os
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import JSON, TypeDecorator, create_engine, inspect, text
from sqlmodel import SQLModel

import app.core.backup as bk
from app.core.backup import BackupError, backup, database_summary, drill, restore
from app.core.db import make_engine
from app.tables import create_tables
from tests.conftest import in_ci

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
ROWS_PER_TABLE = 3


def value_for(column, i: int):
    """A valid value for ``column`` in row ``i`` (1-based); foreign keys point at row ``i`` of the
    parent, which is filled first."""
    if column.foreign_keys:
        return value_for(next(iter(column.foreign_keys)).column, i)
    t = column.type
    t = t.impl_instance if isinstance(t, TypeDecorator) else t  # sqlmodel's AutoString, UTCDateTime
    py = dict if isinstance(t, JSON) else t.python_type
    if py is bool:
        return i % 2 == 0
    if py is int:
        return i
    if py is float:
        return i + 0.5
    if py is datetime:
        return NOW
    if py is date:
        return date(2026, 3, i)
    if py in (dict, list):
        return {"行": i, "说明": "测试"}
    if py is str and "hash" in column.name:  # hex, as the product writes them
        return f"{i:064x}"[: getattr(t, "length", None) or 64]
    if py is str:
        length = getattr(t, "length", None) or 40
        return f"{column.name[:3]}{i}张"[:length]
    raise AssertionError(f"no test value for {column.table.name}.{column.name} ({t!r})")


def fill_every_table(engine) -> None:
    with engine.begin() as conn:
        for table in SQLModel.metadata.sorted_tables:  # parents before children
            rows = [{c.name: value_for(c, i) for c in table.columns} for i in range(1, ROWS_PER_TABLE + 1)]
            conn.execute(table.insert(), rows)


def contents(engine) -> dict[str, list]:
    """Every row of every model table, in primary-key order (what a restore must give back)."""
    out = {}
    with engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            order = list(table.primary_key.columns)
            out[table.name] = [tuple(r) for r in conn.execute(table.select().order_by(*order)).all()]
    return out


def sqlite_engine(path):
    return make_engine(f"sqlite:///{path}")


@pytest.fixture
def source(tmp_path):
    e = sqlite_engine(tmp_path / "source.db")
    create_tables(e)
    fill_every_table(e)
    yield e
    e.dispose()


def test_sqlite_round_trip_restores_every_row_of_every_table(source, tmp_path):
    summary_before = database_summary(source.connect())
    assert all(n == ROWS_PER_TABLE for t, n in summary_before["tables"].items() if t in SQLModel.metadata.tables)
    assert set(SQLModel.metadata.tables) <= set(summary_before["tables"])

    result = backup(source, tmp_path / "b.mzb", KEY)
    # no text value of any row is in clear (whole values of ≥ 7 bytes: "张" alone, 3 bytes, turns up
    # by chance in 600 KB of ciphertext now and then)
    blob = (tmp_path / "b.mzb").read_bytes()
    texts = {v.encode() for t in SQLModel.metadata.sorted_tables for c in t.columns
             for v in [value_for(c, 1)] if isinstance(v, str) and "张" in v and len(v.encode()) >= 7}
    assert texts and not [v for v in texts if v in blob]
    audit = result.header["audit"]
    assert (audit["count"], audit["first_id"], audit["last_id"]) == (3, 1, 3)
    assert audit == summary_before["audit"]

    target = sqlite_engine(tmp_path / "restored.db")
    outcome = restore(tmp_path / "b.mzb", target, KEY)
    assert outcome.ok, outcome.problems
    assert outcome.warnings == []
    assert contents(target) == contents(source)
    with target.connect() as conn:
        assert database_summary(conn) == summary_before
    target.dispose()


def test_the_backup_is_consistent_while_the_app_writes_under_wal(source, tmp_path):
    """Rows written by an open WAL writer after the backup are not in it; committed ones are."""
    with source.begin() as conn:
        conn.execute(text("INSERT INTO kb_meta (key, value) VALUES ('committed', 'yes')"))
    result = backup(source, tmp_path / "b.mzb", KEY)
    assert result.header["tables"]["kb_meta"] == ROWS_PER_TABLE + 1
    target = sqlite_engine(tmp_path / "r.db")
    assert restore(tmp_path / "b.mzb", target, KEY).ok
    with target.connect() as conn:
        assert conn.execute(text("SELECT value FROM kb_meta WHERE key = 'committed'")).scalar() == "yes"
    target.dispose()


def corrupt(path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("where", ["middle", "last byte", "header"])
def test_a_tampered_file_is_refused_and_nothing_is_written(source, tmp_path, where):
    f = tmp_path / "b.mzb"
    backup(source, f, KEY)
    size = f.stat().st_size
    if where == "header":  # the counts in the clear header are authenticated too
        raw = f.read_bytes()
        f.write_bytes(raw.replace(b'"kb_meta": 3', b'"kb_meta": 4', 1))
        assert f.read_bytes() != raw
    else:
        corrupt(f, size // 2 if where == "middle" else size - 1)
    target_path = tmp_path / "target.db"
    target = sqlite_engine(target_path)
    with pytest.raises(BackupError, match="已损坏或被篡改"):
        restore(f, target, KEY)
    assert not target_path.exists() or inspect(target).get_table_names() == []
    target.dispose()


def test_a_truncated_file_is_refused(source, tmp_path):
    f = tmp_path / "b.mzb"
    backup(source, f, KEY)
    f.write_bytes(f.read_bytes()[: f.stat().st_size - 100])
    target = sqlite_engine(tmp_path / "target.db")
    with pytest.raises(BackupError, match="被截断"):
        restore(f, target, KEY)
    assert inspect(target).get_table_names() == []


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    f = tmp_path / "x.mzb"
    f.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    with pytest.raises(BackupError, match="不是民政一键通的备份文件"):
        restore(f, sqlite_engine(tmp_path / "t.db"), KEY)


def test_the_wrong_key_is_refused(source, tmp_path):
    f = tmp_path / "b.mzb"
    backup(source, f, KEY)
    target = sqlite_engine(tmp_path / "target.db")
    with pytest.raises(BackupError, match="备份密钥不对"):
        restore(f, target, OTHER_KEY)
    assert inspect(target).get_table_names() == []


def test_a_non_empty_target_is_refused_unless_forced(source, tmp_path):
    f = tmp_path / "b.mzb"
    backup(source, f, KEY)
    target = sqlite_engine(tmp_path / "busy.db")
    with target.begin() as conn:
        conn.execute(text("CREATE TABLE keep_me (id INTEGER PRIMARY KEY)"))
        conn.execute(text("INSERT INTO keep_me VALUES (7)"))
    with pytest.raises(BackupError, match="目标数据库不是空的"):
        restore(f, target, KEY)
    with target.connect() as conn:
        assert conn.execute(text("SELECT id FROM keep_me")).scalar() == 7
    outcome = restore(f, target, KEY, force=True)
    assert outcome.ok and "keep_me" not in inspect(target).get_table_names()
    assert contents(target) == contents(source)
    target.dispose()


def test_a_backup_under_another_data_key_warns(source, tmp_path, monkeypatch):
    f = tmp_path / "b.mzb"
    backup(source, f, KEY)
    monkeypatch.setattr(bk, "data_key_id", lambda: "0000000000000000")
    outcome = restore(f, sqlite_engine(tmp_path / "t.db"), KEY)
    assert outcome.ok and "DATA_KEY" in outcome.warnings[0]


def test_the_drill_finds_a_restore_that_does_not_match(source, tmp_path, monkeypatch):
    """The drill compares counts and the audit trail: a restore that lost audit rows is caught."""
    f = tmp_path / "b.mzb"
    backup(source, f, KEY)
    good = drill(f, KEY, source=source)
    assert good.ok and good.since_backup == []
    with source.begin() as conn:
        conn.execute(text("DELETE FROM audit_event WHERE id = 3"))
    assert any("audit_event" in d for d in drill(f, KEY, source=source).since_backup)

    real_summary = bk.database_summary

    def lossy(conn):
        s = real_summary(conn)
        if s["audit"] and s["audit"]["count"] == 3 and "restored" in str(conn.engine.url):
            s["audit"] = {**s["audit"], "count": 2, "last_id": 2}
        return s

    monkeypatch.setattr(bk, "database_summary", lossy)
    outcome = restore(f, sqlite_engine(tmp_path / "restored.db"), KEY)
    assert not outcome.ok and any("审计记录" in p for p in outcome.problems)


def test_the_commands_back_up_and_drill(source, tmp_path, monkeypatch, capsys):
    from app.cli import main

    monkeypatch.setenv("BACKUP_KEY", base64.urlsafe_b64encode(KEY).decode())
    url = str(source.url)
    f = tmp_path / "cli.mzb"
    assert main(["backup", str(f), "--database-url", url]) == 0
    assert main(["restore", str(f), "--check", "--database-url", url]) == 0
    out = capsys.readouterr().out
    assert "恢复演练核对通过" in out and "审计记录 3 条（编号 1–3）" in out
    assert main(["restore", str(f), "--database-url", url]) == 1  # the source is not empty
    assert "目标数据库不是空的" in capsys.readouterr().err
    monkeypatch.setenv("BACKUP_KEY", base64.urlsafe_b64encode(OTHER_KEY).decode())
    assert main(["restore", str(f), "--database-url", f"sqlite:///{tmp_path / 'new.db'}"]) == 1
    assert "备份密钥不对" in capsys.readouterr().err


def test_a_key_that_is_not_32_bytes_is_refused(monkeypatch):
    monkeypatch.setenv("BACKUP_KEY", base64.urlsafe_b64encode(b"short").decode())
    with pytest.raises(BackupError, match="32 字节"):
        bk.load_backup_key()


# ---------------------------------------------------------------- PostgreSQL


@pytest.fixture
def pg_urls():
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        if in_ci():
            pytest.fail("TEST_POSTGRES_URL is not set: `make test` starts a PostgreSQL for CI")
        pytest.skip("no PostgreSQL (run through `make test` to get one)")
    base = make_engine(url)
    with base.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    admin = create_engine(base.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS minzheng_restore_test WITH (FORCE)"))
        conn.execute(text("CREATE DATABASE minzheng_restore_test"))
    target_url = base.url.set(database="minzheng_restore_test").render_as_string(hide_password=False)
    base.dispose()
    yield url, target_url
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS minzheng_restore_test WITH (FORCE)"))
    admin.dispose()


def test_postgresql_round_trip_and_drill(pg_urls, tmp_path):
    url, target_url = pg_urls
    src = make_engine(url)
    create_tables(src)
    fill_every_table(src)
    with src.begin() as conn:  # the rows came with explicit ids: move the sequence past them
        conn.execute(text("SELECT setval(pg_get_serial_sequence('audit_event', 'id'), 3)"))
        before = database_summary(conn)
    result = backup(src, tmp_path / "pg.mzb", KEY)
    assert result.header["dialect"] == "postgresql" and result.header["method"].startswith("pg_dump")
    assert result.header["tables"] == before["tables"]

    target = make_engine(target_url)
    outcome = restore(tmp_path / "pg.mzb", target, KEY)
    assert outcome.ok, outcome.problems
    assert contents(target) == contents(src)
    with target.connect() as conn:  # sequences came back too: the next audit row gets id 4
        assert conn.execute(text("SELECT nextval(pg_get_serial_sequence('audit_event', 'id'))")).scalar() == 4
    with pytest.raises(BackupError, match="目标数据库不是空的"):
        restore(tmp_path / "pg.mzb", target, KEY)
    assert restore(tmp_path / "pg.mzb", target, KEY, force=True).ok
    target.dispose()

    d = drill(tmp_path / "pg.mzb", KEY, source=src)
    assert d.ok and d.since_backup == []
    with pytest.raises(BackupError, match="不能恢复到 sqlite"):
        restore(tmp_path / "pg.mzb", sqlite_engine(tmp_path / "x.db"), KEY)
    src.dispose()


def test_postgresql_tampered_file_writes_nothing(pg_urls, tmp_path):
    url, target_url = pg_urls
    src = make_engine(url)
    create_tables(src)
    fill_every_table(src)
    f = tmp_path / "pg.mzb"
    backup(src, f, KEY)
    corrupt(f, f.stat().st_size // 2)
    target = make_engine(target_url)
    with pytest.raises(BackupError, match="已损坏或被篡改"):
        restore(f, target, KEY)
    assert inspect(target).get_table_names() == []
    target.dispose()
    src.dispose()


def test_header_is_json_with_no_personal_data(source, tmp_path):
    f = tmp_path / "b.mzb"
    backup(source, f, KEY)
    header = bk.read_header(f)
    assert set(header) >= {"tables", "audit", "revision", "backup_key_id", "data_key_id", "method"}
    assert "张" not in json.dumps(header, ensure_ascii=False)
