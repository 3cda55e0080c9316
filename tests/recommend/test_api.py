"""GET /api/recommendations: sign-in required, consent first, someone else's only under an active delegation."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from app.api.routes import recommendations as routes
from app.core.web import SESSION_COOKIE
from app.identity.models import Account
from app.identity.service import Actor, dev_last_code, find_or_create_person, request_code, verify_code
from app.recommend import service as rs
from tests.idnumbers import make_id
from tests.security.conftest import http


@pytest.fixture()
def api_db(database, monkeypatch):
    monkeypatch.setattr(routes, "engine", lambda: database)
    return database


def browser(db, phone: str, birth: str | None = None):
    """A signed-in client; with ``birth``, the account is a person (户籍 南京市)."""
    request_code(db, phone)
    token, acc = verify_code(db, phone, dev_last_code(db, phone))
    client = http()
    client.cookies.set(SESSION_COOKIE, token)
    person_id = None
    if birth:
        with Session(db) as s:
            p = find_or_create_person(s, name="王桂英", id_number=make_id(birth=birth, seq="301"),
                                      hukou_region="南京市", verified_by="self")
            a = s.get(Account, acc.id)
            a.person_id = person_id = p.id
            s.add(a)
            s.commit()
    return client, Actor(account_id=acc.id, role="citizen", person_id=person_id)


def test_sign_in_required(api_db):
    assert http().get("/api/recommendations").status_code == 401


def test_consent_first_then_results(api_db):
    client, actor = browser(api_db, "13911120001", "19400301")
    r = client.get("/api/recommendations")
    assert r.status_code == 403 and r.json()["consent"] is False
    rs.give_consent(api_db, actor)
    r = client.get("/api/recommendations")
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    zlj = next(x for x in r.json()["recommendations"] if x["service_code"] == "MZ-ZLJ-01")
    assert zlj["verdict"] == "likely" and r.json()["for_self"] is True


def test_someone_else_refused_without_a_delegation(api_db):
    _owner, owner = browser(api_db, "13911120002", "19400301")
    stranger, _ = browser(api_db, "13911120003")
    for who in (str(owner.person_id), "99999", "abc"):
        r = stranger.get(f"/api/recommendations?for={who}")
        assert r.status_code == 403 and r.json()["error"] == rs.MSG_NOT_ALLOWED
