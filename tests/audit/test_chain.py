"""The audit hash chain: every row sealed on write; ``verify`` names an edited, deleted or inserted
row by id; concurrent writers keep one chain; rows older than the chain are reported as such."""

from __future__ import annotations

import json
import threading

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text
from sqlmodel import Session, select

from app.audit.chain import derive_audit_key, verify_chain
from app.audit.models import AuditEvent, AuditRowImmutable
from app.audit.service import record
from app.cli import main
from tests.database import clean_postgres


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path):
    """Every table, on SQLite (default) and on the PostgreSQL that `make test` starts."""
    from app.core.db import make_engine
    from app.tables import create_tables

    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'audit.db'}")
    else:
        engine = clean_postgres()
    create_tables(engine)
    yield engine
    engine.dispose()


def write(engine, n: int, per_transaction: int = 1, actor: int = 7) -> None:
    done = 0
    while done < n:
        with Session(engine) as s:
            for _ in range(min(per_transaction, n - done)):
                record(s, action="application.read", object_type="application", object_id=done + 1,
                       channel="web", actor_account_id=actor, actor_role="citizen",
                       detail={"n": done, "note": "已读 查看", "nested": {"list": [1, 2.5, None, True]}})
                done += 1
            s.commit()


def ids(engine) -> list[int]:
    with Session(engine) as s:
        return [e.id for e in s.exec(select(AuditEvent).order_by(AuditEvent.id))]


def sql(engine, statement: str, **params) -> None:
    with engine.begin() as conn:
        conn.execute(text(statement), params)


def kinds(report) -> list[tuple[str, int | None]]:
    return [(f.kind, f.row_id) for f in report.findings]


def test_an_intact_chain_of_many_rows_is_ok(db):
    write(db, 40, per_transaction=1)
    write(db, 160, per_transaction=16)
    report = verify_chain(db)
    assert report.ok, report.findings
    assert (report.chained_count, report.valid_count, report.head_seq, report.unchained_count) == (200, 200, 200, 0)
    with Session(db) as s:
        rows = s.exec(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [r.chain_seq for r in rows] == list(range(1, 201))
    assert rows[0].prev_hash is None
    assert all(b.prev_hash == a.row_hash for a, b in zip(rows, rows[1:], strict=False))


@pytest.mark.parametrize("column, value", [("detail", '{"n": 999}'), ("action", "auth.sign_in"),
                                           ("actor_account_id", 8), ("object_id", "2"),
                                           ("at", "2020-01-01 00:00:00")])
def test_an_edited_row_is_named(db, column, value):
    write(db, 6)
    victim = ids(db)[3]
    sql(db, f"UPDATE audit_event SET {column} = :v WHERE id = :id", v=value, id=victim)
    report = verify_chain(db)
    assert not report.ok
    assert kinds(report) == [("edited", victim)]
    assert f"id 为 {victim} 的记录被修改过" in report.findings[0].message


def test_a_deleted_middle_row_names_the_gap(db):
    write(db, 7)
    rows = ids(db)
    sql(db, "DELETE FROM audit_event WHERE id = :id", id=rows[3])
    report = verify_chain(db)
    assert kinds(report) == [("deleted", rows[4])]
    assert f"id 为 {rows[2]} 与 id 为 {rows[4]} 的记录之间有 1 条记录被删除" in report.findings[0].message


def test_deleted_rows_at_the_start_and_the_end_are_found(db):
    write(db, 6)
    rows = ids(db)
    sql(db, "DELETE FROM audit_event WHERE id IN (:a, :b)", a=rows[0], b=rows[-1])
    report = verify_chain(db)
    assert [f.kind for f in report.findings] == ["deleted", "deleted"]
    assert "链首" in report.findings[0].message and "链尾" in report.findings[1].message


def test_an_inserted_row_without_a_hash_is_found(db):
    write(db, 5)
    sql(db, "INSERT INTO audit_event (at, actor_role, action, object_type, object_id, channel, detail) "
            "VALUES ('2026-01-01 00:00:00', 'citizen', 'auth.sign_in', 'account', '1', 'web', '{}')")
    forged = ids(db)[-1]
    report = verify_chain(db)
    assert kinds(report) == [("inserted", forged)]


def test_a_forged_row_with_a_made_up_hash_in_a_held_place_is_found(db):
    write(db, 5)
    with Session(db) as s:
        third = s.exec(select(AuditEvent).order_by(AuditEvent.id).offset(2)).first()
    sql(db, "INSERT INTO audit_event (at, actor_role, action, object_type, object_id, channel, detail, chain_seq, "
            "prev_hash, row_hash) VALUES ('2026-01-01 00:00:00', 'citizen', 'person.read', 'person', '9', 'web', "
            "'{}', :seq, :prev, :hash)", seq=third.chain_seq, prev=third.prev_hash, hash="0" * 64)
    forged = ids(db)[-1]
    report = verify_chain(db)
    assert kinds(report) == [("inserted", forged)]


def test_a_copied_row_is_found(db):
    write(db, 4)
    with Session(db) as s:
        second = s.exec(select(AuditEvent).order_by(AuditEvent.id).offset(1)).first()
        values = {c: getattr(second, c) for c in ("at", "actor_account_id", "actor_role", "action", "object_type",
                                                  "object_id", "channel", "chain_seq", "prev_hash", "row_hash")}
    sql(db, "INSERT INTO audit_event (at, actor_account_id, actor_role, action, object_type, object_id, channel, "
            "detail, chain_seq, prev_hash, row_hash) VALUES (:at, :actor_account_id, :actor_role, :action, "
            ":object_type, :object_id, :channel, :detail, :chain_seq, :prev_hash, :row_hash)",
        detail=json.dumps(second.detail), **values)
    copy = ids(db)[-1]
    report = verify_chain(db)
    assert kinds(report) == [("inserted", copy)]
    assert "复制" in report.findings[0].message


def test_the_wrong_key_reports_every_row(db):
    write(db, 12, per_transaction=4)
    report = verify_chain(db, key=derive_audit_key(Fernet.generate_key()))
    assert report.findings_total == 12
    assert sorted(f.row_id for f in report.findings) == ids(db)
    assert report.wrong_key_likely and "DATA_KEY" in report.summary()


def test_the_key_comes_from_data_key_and_is_not_the_data_key(db, monkeypatch):
    from app.audit.chain import audit_key
    from app.core.config import get_settings
    from app.core.crypto import reset_key_cache

    write(db, 3)  # under the development key
    other = Fernet.generate_key()
    monkeypatch.setenv("DATA_KEY", other.decode())
    get_settings.cache_clear()
    reset_key_cache()
    try:
        assert audit_key() == derive_audit_key(other)
        assert other not in audit_key() and audit_key() != other
        assert verify_chain(db).findings_total == 3  # the configured key differs from the writer's
    finally:
        monkeypatch.delenv("DATA_KEY")
        get_settings.cache_clear()
        reset_key_cache()
    assert verify_chain(db).ok


def test_rows_older_than_the_chain_are_an_unchained_prefix_not_tampering(db):
    for n in range(3):  # as an older version wrote them: no seq, no hashes
        sql(db, "INSERT INTO audit_event (at, actor_role, action, object_type, object_id, channel, detail) "
                "VALUES ('2025-06-01 08:00:00', 'citizen', 'auth.sign_in', 'account', :n, 'web', '{}')", n=str(n))
    write(db, 4)
    report = verify_chain(db)
    assert report.ok, report.findings
    assert (report.unchained_count, report.chained_count) == (3, 4)
    assert "3 条早期记录" in report.summary() and "无法校验" in report.summary()


def test_a_database_from_before_the_chain_upgrades_and_chains_from_there(tmp_path):
    """Today's columns were added by ``create_tables`` to a table an older version made."""
    from app.core.db import make_engine
    from app.tables import create_tables

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    sql(engine, "CREATE TABLE audit_event (id INTEGER PRIMARY KEY, at DATETIME NOT NULL, actor_account_id INTEGER, "
                "actor_role VARCHAR(16) NOT NULL, on_behalf_of_person_id INTEGER, delegation_id INTEGER, "
                "action VARCHAR(48) NOT NULL, object_type VARCHAR(24) NOT NULL, object_id VARCHAR(48) NOT NULL, "
                "channel VARCHAR(16) NOT NULL, detail JSON NOT NULL)")
    sql(engine, "INSERT INTO audit_event (at, actor_role, action, object_type, object_id, channel, detail) "
                "VALUES ('2025-06-01 08:00:00', 'citizen', 'auth.sign_in', 'account', '1', 'web', '{}')")
    before = verify_chain(engine)  # read-only: the old table is reported, not changed
    assert before.ok and (before.unchained_count, before.chained_count) == (1, 0)
    create_tables(engine)
    write(engine, 3)
    report = verify_chain(engine)
    assert report.ok and (report.unchained_count, report.chained_count, report.head_seq) == (1, 3, 3)
    engine.dispose()


def test_changing_or_deleting_an_audit_row_through_the_code_is_refused(db):
    write(db, 2)
    with Session(db) as s:
        ev = s.exec(select(AuditEvent)).first()
        ev.action = "changed"
        s.add(ev)
        with pytest.raises(AuditRowImmutable):
            s.commit()
    with Session(db) as s:
        s.delete(s.exec(select(AuditEvent)).first())
        with pytest.raises(AuditRowImmutable):
            s.commit()
    assert verify_chain(db).ok


def test_a_change_made_after_record_but_before_commit_is_sealed_as_written(db):
    with Session(db) as s:
        ev = record(s, action="application.answer", object_type="application", object_id=1, channel="web")
        ev.detail = {"field": "income"}
        s.commit()
    assert verify_chain(db).ok


def test_a_rolled_back_act_leaves_no_gap(db):
    write(db, 2)
    with Session(db) as s:
        record(s, action="application.submit", object_type="application", object_id=1, channel="web")
        s.flush()
        s.rollback()
    write(db, 2)
    report = verify_chain(db)
    assert report.ok and report.head_seq == 4


def test_concurrent_writers_keep_one_chain(db):
    errors: list[BaseException] = []
    start = threading.Barrier(6)

    def writer(actor: int) -> None:
        try:
            start.wait()
            for _ in range(15):
                with Session(db) as s:
                    s.exec(select(AuditEvent).limit(1)).all()  # a read first, as the services do
                    record(s, action="person.read", object_type="person", object_id=actor, channel="web",
                           actor_account_id=actor)
                    record(s, action="application.read", object_type="application", object_id=actor,
                           channel="web", actor_account_id=actor)
                    s.commit()
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    report = verify_chain(db)
    assert report.ok, report.findings[:5]
    assert (report.chained_count, report.head_seq) == (180, 180)


def test_the_command_says_ok_with_a_count_or_names_the_row(db, capsys):
    write(db, 5)
    url = db.url.render_as_string(hide_password=False)
    assert main(["audit", "verify", "--database-url", url]) == 0
    out = capsys.readouterr().out
    assert "审计链完整：5 条上链记录全部校验通过" in out
    victim = ids(db)[1]
    sql(db, "UPDATE audit_event SET detail = '{}' WHERE id = :id", id=victim)
    assert main(["audit", "verify", "--database-url", url]) == 1
    out = capsys.readouterr().out
    assert "审计链校验未通过" in out and f"id 为 {victim} 的记录被修改过" in out
    assert main(["audit", "verify", "--database-url", url, "--json"]) == 1
    body = json.loads(capsys.readouterr().out)
    assert body["ok"] is False and body["findings"][0]["row_id"] == victim
