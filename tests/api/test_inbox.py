"""The citizen's reminder inbox over HTTP: sign-in required, only one's own messages, opt-out."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from app.api.routes import inbox as routes
from app.core.web import SESSION_COOKIE
from app.identity.models import Account
from app.identity.service import dev_last_code, find_or_create_person, request_code, verify_code
from app.reminders.models import Reminder
from app.reminders.service import person_key
from tests.idnumbers import make_id
from tests.security.conftest import SITE, http


@pytest.fixture()
def api_db(database, monkeypatch):
    monkeypatch.setattr(routes, "engine", lambda: database)
    return database


def browser(db, phone: str):
    request_code(db, phone)
    token, acc = verify_code(db, phone, dev_last_code(db, phone))
    client = http()
    client.cookies.set(SESSION_COOKIE, token)
    return client, acc


def _with_person_and_reminder(db, acc_id: int) -> int:
    with Session(db) as s:
        p = find_or_create_person(s, name="王小明", id_number=make_id(birth="19460315", seq="101"),
                                  hukou_region="南京市", verified_by="self")
        acc = s.get(Account, acc_id)
        acc.person_id = p.id
        s.add(acc)
        r = Reminder(recipient=person_key(p.id), person_id=p.id, kind="age_milestone", occasion="MZ-ZLJ-01:2026-03-15",
                     title="尊老金：2026年3月15日满80周岁，可以申请了", body="您将于2026年3月15日年满80周岁。")
        s.add(r)
        s.commit()
        return r.id


def test_sign_in_required(api_db):
    assert http().get("/api/inbox").status_code == 401
    assert http().post("/api/inbox/1/read", headers={"Origin": SITE}).status_code == 401


def test_own_inbox_read_and_someone_elses_is_not_found(api_db):
    me, acc = browser(api_db, "13911110001")
    rid = _with_person_and_reminder(api_db, acc.id)
    other, _ = browser(api_db, "13911110002")
    r = me.get("/api/inbox")
    assert r.status_code == 200 and [m["id"] for m in r.json()["messages"]] == [rid]
    assert r.json()["messages"][0]["read"] is False and r.headers["cache-control"] == "no-store"
    assert other.get("/api/inbox").json()["messages"] == []
    assert other.post(f"/api/inbox/{rid}/read", headers={"Origin": SITE}).status_code == 404
    assert me.post(f"/api/inbox/{rid}/read", headers={"Origin": SITE}).json()["read"] is True
    assert me.get("/api/inbox?unread=1").json()["messages"] == []


def test_opt_out_and_back_in(api_db):
    me, _acc = browser(api_db, "13911110003")
    r = me.post("/api/inbox/preferences", json={"kind": "returned", "wanted": False}, headers={"Origin": SITE})
    assert r.status_code == 200 and r.json()["preferences"]["returned"]["wanted"] is False
    assert me.get("/api/inbox/preferences").json()["preferences"]["returned"]["wanted"] is False
    r = me.post("/api/inbox/preferences", json={"kind": "returned", "wanted": True}, headers={"Origin": SITE})
    assert r.json()["preferences"]["returned"]["wanted"] is True
    assert me.post("/api/inbox/preferences", json={"kind": "nonsense", "wanted": False},
                   headers={"Origin": SITE}).status_code == 400
    assert me.post("/api/inbox/preferences", content=b"[1]", headers={"Origin": SITE}).status_code == 400


def test_foreign_origin_refused(api_db):
    me, _acc = browser(api_db, "13911110004")
    r = me.post("/api/inbox/preferences", json={"kind": "returned", "wanted": False},
                headers={"Origin": "https://evil.example"})
    assert r.status_code == 403
