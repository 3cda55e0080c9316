"""预约 REST API behind the real same-origin guard: book, see, change, cancel — and the abuse a
stranger or another citizen might try: booking in someone else's name or for another account,
cancelling or reading another's booking, a foreign site's POST, a flood, junk bodies."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from app.api.routes import appointments as routes
from app.appointments import service as ap
from app.appointments.models import Appointment, AppointmentSlot
from app.appointments.offices import list_offices
from app.core.web import SESSION_COOKIE
from app.identity.service import dev_last_code, request_code, verify_code
from tests.idnumbers import make_id
from tests.security.conftest import SITE, http

ME_ID = make_id(birth="19920304", seq="111")
OTHER_ID = make_id(birth="19930405", seq="222")


@pytest.fixture()
def api_db(database, kb, monkeypatch):
    monkeypatch.setattr(routes, "engine", lambda: database)
    monkeypatch.setattr(routes, "_kb", lambda: kb)
    ap.ACTS_PER_ACCOUNT.reset()
    yield database
    ap.ACTS_PER_ACCOUNT.reset()


def browser(db, phone: str):
    request_code(db, phone)
    token, _acc = verify_code(db, phone, dev_last_code(db, phone))
    client = http()
    client.cookies.set(SESSION_COOKIE, token)
    return client


@pytest.fixture()
def office(kb):
    return list_offices(kb, city="南京市")[0]


def _first_slot(db, kb, office, skip: int = 0):
    return ap.free_slots(db, kb, office.id)[skip]


def _book(client, office, slot, idn=ME_ID, name="王小明", **extra):
    return client.post("/api/appointments", json={"office_id": office.id, "day": slot.day.isoformat(),
                                                  "half": slot.half, "name": name, "id_number": idn, **extra},
                       headers={"Origin": SITE})


def test_offices_and_slots_are_public(api_db, office):
    r = http().get("/api/appointments/offices?city=南京市")
    assert r.status_code == 200 and r.json()["offices"][0]["name"] == "南京市婚姻登记处"
    assert r.json()["offices"][0]["sources"]
    r = http().get(f"/api/appointments/offices/{office.id}/slots")
    assert r.status_code == 200 and r.json()["slots"]
    bad = http().get("/api/appointments/offices?city=火星市")
    assert bad.status_code == 400 and "江苏省" in bad.json()["error"]
    unknown = http().get("/api/appointments/offices/nope/slots")
    assert unknown.status_code == 400 and "没有找到这个登记处" in unknown.json()["error"]


def test_book_see_change_cancel(api_db, kb, office):
    me = browser(api_db, "13812345678")
    slot = _first_slot(api_db, kb, office)
    r = _book(me, office, slot, partner_name="李小红")
    assert r.status_code == 200, r.text
    ref = r.json()["ref"]
    assert r.json()["name"] == "王**" and ME_ID not in r.text
    assert [a["ref"] for a in me.get("/api/appointments").json()["appointments"]] == [ref]
    assert me.get(f"/api/appointments/{ref}").json()["status"] == "booked"
    other = _first_slot(api_db, kb, office, skip=1)
    r = me.post(f"/api/appointments/{ref}/change", json={"day": other.day.isoformat(), "half": other.half},
                headers={"Origin": SITE})
    assert r.status_code == 200 and r.json()["half"] == other.half and r.json()["day"] == other.day.isoformat()
    r = me.post(f"/api/appointments/{ref}/cancel", headers={"Origin": SITE})
    assert r.status_code == 200 and r.json()["status"] == "cancelled"


def test_not_signed_in_cannot_book_or_list(api_db, kb, office):
    slot = _first_slot(api_db, kb, office)
    assert _book(http(), office, slot).status_code == 401
    assert http().get("/api/appointments").status_code == 401


def test_booking_for_someone_else_is_refused(api_db, kb, office):
    me = browser(api_db, "13812345678")
    other = browser(api_db, "13900001111")
    slot = _first_slot(api_db, kb, office)
    assert _book(other, office, slot, idn=OTHER_ID, name="赵六").status_code == 200  # binds OTHER_ID to other
    # me, typing the other person's ID number: refused, nothing booked in their name
    r = _book(me, office, slot, idn=OTHER_ID, name="赵六")
    assert r.status_code == 400 and r.json()["field"] in {"id_number", "duplicate"}
    # an account id in the body decides nothing: the booking is the cookie's account's
    r = _book(me, office, slot, account_id="1", person_id="1")
    assert r.status_code == 200
    with Session(api_db) as s:
        rows = s.exec(select(Appointment)).all()
    assert len({r.account_id for r in rows}) == 2 and len(rows) == 2


def test_another_citizens_booking_cannot_be_read_changed_or_cancelled(api_db, kb, office):
    me = browser(api_db, "13812345678")
    stranger = browser(api_db, "13900001111")
    slot = _first_slot(api_db, kb, office)
    ref = _book(me, office, slot).json()["ref"]
    assert stranger.get(f"/api/appointments/{ref}").status_code == 404
    assert stranger.post(f"/api/appointments/{ref}/cancel", headers={"Origin": SITE}).status_code == 404
    r = stranger.post(f"/api/appointments/{ref}/change", json={"day": slot.day.isoformat(), "half": "pm"},
                      headers={"Origin": SITE})
    assert r.status_code == 404 and "不是用您的账号" in r.json()["error"]
    assert stranger.get("/api/appointments").json()["appointments"] == []
    assert me.get(f"/api/appointments/{ref}").json()["status"] == "booked"


def test_a_foreign_site_cannot_book_with_the_cookie(api_db, kb, office):
    me = browser(api_db, "13812345678")
    slot = _first_slot(api_db, kb, office)
    r = me.post("/api/appointments", json={"office_id": office.id, "day": slot.day.isoformat(), "half": slot.half,
                                           "name": "王小明", "id_number": ME_ID},
                headers={"Origin": "https://evil.example"})
    assert r.status_code == 403
    with Session(api_db) as s:
        assert s.exec(select(Appointment)).all() == []


def test_bad_input_gets_a_plain_message(api_db, kb, office):
    me = browser(api_db, "13812345678")
    cases = [({"office_id": office.id, "day": "2026-02-30", "half": "am"}, "day", "没有30日"),
             ({"office_id": "nope", "day": "2026-12-08", "half": "am"}, "office", "登记处"),
             ({"office_id": office.id, "day": "2026-12-08", "half": "evening"}, "half", "上午或者下午")]
    for body, field, words in cases:
        r = me.post("/api/appointments", json={**body, "name": "王小明", "id_number": ME_ID}, headers={"Origin": SITE})
        assert r.status_code == 400 and r.json()["field"] == field and words in r.json()["error"]
    for junk in (b"not json", b"[1,2]", b"{" * 5000):
        r = me.post("/api/appointments", content=junk, headers={"Origin": SITE, "content-type": "application/json"})
        assert r.status_code == 400 and r.json()["error"] == "请求格式不对。"


def test_a_full_slot_answers_with_other_free_slots(api_db, kb, office, monkeypatch):
    from app.appointments import settings as cfg

    monkeypatch.setattr(cfg, "CAPACITY", {"am": 1, "pm": 1})
    slot = _first_slot(api_db, kb, office)
    assert _book(browser(api_db, "13812345678"), office, slot).status_code == 200
    r = _book(browser(api_db, "13900001111"), office, slot, idn=OTHER_ID, name="赵六")
    assert r.status_code == 400 and r.json()["field"] == "slot" and "约满" in r.json()["error"]
    assert r.json()["alternatives"] and all(a["free"] > 0 for a in r.json()["alternatives"])


def test_a_flood_is_refused_and_books_nothing_more(api_db, kb, office):
    me = browser(api_db, "13812345678")
    slot = _first_slot(api_db, kb, office)
    codes = [_book(me, office, slot).status_code for _ in range(40)]
    assert codes[0] == 200 and 429 in codes
    with Session(api_db) as s:
        assert len(s.exec(select(Appointment)).all()) == 1
        assert sum(r.booked for r in s.exec(select(AppointmentSlot)).all()) == 1
    r = _book(me, office, slot)
    assert r.status_code == 429 and "太频繁" in r.json()["error"]
