"""The last seat booked by several people at the same instant: exactly one wins, on SQLite and on
PostgreSQL. Threads with separate connections, released together by a barrier; the database's
conditional UPDATE decides, no Python lock."""

from __future__ import annotations

import threading

from sqlmodel import Session, select

from app.appointments import service as ap
from app.appointments import settings as cfg
from app.appointments.models import Appointment, AppointmentSlot
from tests.appointments.conftest import MONDAY_7AM, person, sign_in

RACERS = 6


def _race(engine, kb, office, actors, first_n):
    barrier = threading.Barrier(len(actors))
    results: list = [None] * len(actors)

    def go(i):
        name, idn = person(first_n + i)
        barrier.wait()
        try:
            results[i] = ap.book(engine, kb, actors[i], office.id, "2026-12-08", "am", name=name, id_number=idn,
                                 now=MONDAY_7AM)
        except Exception as exc:  # noqa: BLE001  (anything but a kind AppointmentError fails the test)
            results[i] = exc

    threads = [threading.Thread(target=go, args=(i,)) for i in range(len(actors))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_the_last_seat_goes_to_exactly_one(any_db, kb, monkeypatch):
    from app.appointments.offices import list_offices

    monkeypatch.setattr(cfg, "CAPACITY", {"am": 2, "pm": 2})
    office = list_offices(kb, city="南京市")[0]
    first = sign_in(any_db, "13700000000")
    name, idn = person(50)
    ap.book(any_db, kb, first, office.id, "2026-12-08", "am", name=name, id_number=idn, now=MONDAY_7AM)
    actors = [sign_in(any_db, f"137000000{i + 10}") for i in range(RACERS)]
    results = _race(any_db, kb, office, actors, 1)
    won = [r for r in results if isinstance(r, ap.BookingView)]
    lost = [r for r in results if isinstance(r, ap.AppointmentError)]
    assert len(won) == 1 and len(lost) == RACERS - 1, results
    for err in lost:  # a kind message and other free slots, not an error page
        assert err.field == "slot" and "约满" in err.message and err.alternatives
    with Session(any_db) as s:
        slot = s.exec(select(AppointmentSlot)).one()
        assert slot.booked == slot.capacity == 2
        assert len(s.exec(select(Appointment).where(Appointment.status == "booked")).all()) == 2


def test_the_same_person_twice_at_once_books_once(any_db, kb):
    from app.appointments.offices import list_offices

    office = list_offices(kb, city="南京市")[0]
    me = sign_in(any_db, "13700000001")
    name, idn = person(7)
    barrier = threading.Barrier(2)
    out = []

    def go(half):
        barrier.wait()
        try:
            out.append(ap.book(any_db, kb, me, office.id, "2026-12-08", half, name=name, id_number=idn,
                               now=MONDAY_7AM))
        except Exception as exc:  # noqa: BLE001
            out.append(exc)

    threads = [threading.Thread(target=go, args=(h,)) for h in ("am", "pm")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(isinstance(r, ap.BookingView) for r in out) == 1
    loser = next(r for r in out if not isinstance(r, ap.BookingView))
    assert isinstance(loser, ap.AppointmentError) and loser.field == "duplicate", repr(loser)
    with Session(any_db) as s:
        assert sum(r.booked for r in s.exec(select(AppointmentSlot)).all()) == 1
