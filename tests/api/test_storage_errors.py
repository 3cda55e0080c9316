"""Storage failures told in Chinese (issue 14, part 5 — the disk-full and PostgreSQL drills found
Starlette's "Internal Server Error" and Reflex's "An error occurred." in English). A real SQLite
"database or disk is full" (SQLITE_FULL through ``PRAGMA max_page_count``) is recognised and
leaves the database intact; the REST API answers 503 in Chinese with Retry-After; a page action
gets a Chinese toast; the log has no exception text."""

from __future__ import annotations

import errno
import logging
import sqlite3

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy import exc as sa_exc

from app.api.routes import inbox as routes
from app.core.storage_errors import DOWN, FULL, storage_problem, user_message
from tests.api.test_inbox import browser
from tests.security.conftest import SITE


def full_sqlite(tmp_path):
    """A file database that cannot grow: every new connection is capped at its current size."""
    url = f"sqlite:///{tmp_path / 'small.db'}"
    e = create_engine(url)
    with e.begin() as c:
        c.execute(text("CREATE TABLE answers (id INTEGER PRIMARY KEY, value TEXT)"))
        c.execute(text("INSERT INTO answers (value) VALUES ('王秀英')"))

    @event.listens_for(e, "connect")
    def _cap(dbapi_conn, _record):
        cur = dbapi_conn.cursor()
        pages = cur.execute("PRAGMA page_count").fetchone()[0]
        cur.execute(f"PRAGMA max_page_count = {pages}")
        cur.close()

    e.dispose()
    return e


def test_a_full_sqlite_disk_is_recognised_and_nothing_is_corrupted(tmp_path):
    e = full_sqlite(tmp_path)
    with pytest.raises(sa_exc.OperationalError) as caught, e.begin() as c:
        for _ in range(50):
            c.execute(text("INSERT INTO answers (value) VALUES (:v)"), {"v": "x" * 4000})
    assert storage_problem(caught.value) == FULL
    assert "存储空间已满" in user_message(caught.value) and "之前保存的内容都还在" in user_message(caught.value)
    with e.connect() as c:  # the failed transaction left nothing behind
        assert c.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert c.execute(text("SELECT value FROM answers")).scalars().all() == ["王秀英"]


def test_storage_failures_are_told_apart():
    refused = sa_exc.OperationalError("SELECT 1", {}, Exception("connection refused: is the server running?"))
    assert storage_problem(refused) == DOWN and "连不上数据库" in user_message(refused)
    gone = sa_exc.OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))
    assert storage_problem(gone) == DOWN
    assert storage_problem(sa_exc.InterfaceError("SELECT 1", {}, Exception("connection is closed"))) == DOWN
    assert storage_problem(OSError(errno.ENOSPC, "No space left on device")) == FULL
    assert storage_problem(sqlite3.OperationalError("database or disk is full")) == FULL
    assert storage_problem(ValueError("bad")) is None
    assert user_message(ValueError("bad")).startswith("系统出了点问题")


@pytest.fixture()
def api_db(database, monkeypatch):
    monkeypatch.setattr(routes, "engine", lambda: database)
    return database


def test_the_api_answers_503_in_chinese_when_the_disk_is_full(api_db, monkeypatch, caplog):
    me, _acc = browser(api_db, "13911120001")

    params = {"person": "王秀英 " + "320102" + "19350105001X"}  # what SQLAlchemy's message would carry

    def disk_full(*_a, **_k):
        raise sa_exc.OperationalError("INSERT INTO preference", params, sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(routes.rs, "opt_out", disk_full)
    with caplog.at_level(logging.ERROR, logger="app.api.errors"):
        r = me.post("/api/inbox/preferences", json={"kind": "returned", "wanted": False}, headers={"Origin": SITE})
    assert r.status_code == 503, r.text
    assert "存储空间已满" in r.json()["error"] and r.headers["retry-after"] == "5"
    assert "王秀英" not in caplog.text and "320102" not in caplog.text and "OperationalError" in caplog.text


def test_a_page_action_that_fails_gets_a_chinese_toast(caplog):
    from app.ui.errors import backend_exception_handler

    exc = sa_exc.OperationalError("UPDATE application …", {"answers": "王秀英"},
                                  Exception("terminating connection due to administrator command"))
    with caplog.at_level(logging.ERROR, logger="app.ui.errors"):
        spec = backend_exception_handler(exc)
    shown = str(spec)
    assert "连不上数据库" in shown and "An error occurred" not in shown
    assert "王秀英" not in caplog.text and "storage: down" in caplog.text


def test_the_sign_in_form_says_it_in_chinese_on_the_form(monkeypatch):
    from urllib.parse import parse_qs, urlsplit

    from app.api.routes import auth
    from tests.security.conftest import http

    def down(*_a, **_k):
        raise sa_exc.OperationalError("INSERT INTO otpchallenge", {}, Exception("connection refused"))

    monkeypatch.setattr(auth, "start_sign_in", down)
    monkeypatch.setattr(auth, "verify_challenge", down)
    browser_ = http()
    r = browser_.post("/api/auth/request-code", data={"phone": "13911120002"}, headers={"Origin": SITE})
    assert r.status_code == 303 and r.headers["location"].startswith("/login?")
    assert "连不上数据库" in parse_qs(urlsplit(r.headers["location"]).query)["error"][0]
    browser_.cookies.set("mz_pending", "1.x")
    r = browser_.post("/api/auth/verify", data={"code": "123456"}, headers={"Origin": SITE})
    assert r.status_code == 303 and "连不上数据库" in parse_qs(urlsplit(r.headers["location"]).query)["error"][0]
