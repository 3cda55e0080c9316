"""预约 domain: capacity, the desk's rules at their boundaries, change and cancel, someone else's
booking refused, audit rows, personal data encrypted, and the reminder sent once."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from app.appointments import service as ap
from app.appointments import settings as cfg
from app.appointments.models import Appointment, AppointmentSlot
from app.audit.models import AuditEvent
from app.identity.models import DevOutbox
from tests.appointments.conftest import MONDAY_7AM, person, sign_in

TUESDAY = date(2026, 12, 8)


def _book(db, kb, actor, office, day=TUESDAY, half="am", n=1, now=MONDAY_7AM):
    name, idn = person(n)
    return ap.book(db, kb, actor, office.id, day.isoformat() if isinstance(day, date) else day, half,
                   name=name, id_number=idn, partner_name="李四", now=now)


def test_booking_gives_a_full_reference_and_takes_one_seat(db, kb, citizen, nanjing):
    b = _book(db, kb, citizen, nanjing)
    assert b.ref.startswith("HY") and len(b.ref) == 10
    assert b.office_name == "南京市婚姻登记处" and b.when == "2026年12月8日（周二）上午"
    assert b.name_masked == "测**" and "*" in b.id_number_masked
    # what to bring is the knowledge base item's own list
    assert [m.split("（")[0] for m in b.materials] == [m.name for m in kb.services["MZ-HY-01"].materials]
    slots = {(s.day, s.half): s for s in ap.free_slots(db, kb, nanjing.id, now=MONDAY_7AM)}
    assert slots[(TUESDAY, "am")].free == cfg.CAPACITY["am"] - 1
    assert slots[(TUESDAY, "pm")].free == cfg.CAPACITY["pm"]


def test_personal_data_is_encrypted_at_rest(db, kb, citizen, nanjing):
    name, idn = person(1)
    _book(db, kb, citizen, nanjing)
    with Session(db) as s:
        row = s.exec(select(Appointment)).one()
        stored = " ".join(str(v) for v in row.model_dump().values())
    assert idn not in stored and name not in stored and "李四" not in stored and "13812345678" not in stored


def test_capacity_is_never_exceeded(db, kb, nanjing, monkeypatch):
    monkeypatch.setattr(cfg, "CAPACITY", {"am": 2, "pm": 2})
    for n in (1, 2):
        _book(db, kb, sign_in(db, f"1380000000{n}"), nanjing, n=n)
    with pytest.raises(ap.AppointmentError) as err:
        _book(db, kb, sign_in(db, "13800000003"), nanjing, n=3)
    assert err.value.field == "slot" and "约满" in err.value.message
    # the kind message offers other free slots, the full one not among them
    assert err.value.alternatives and (TUESDAY, "am") not in {(a.day, a.half) for a in err.value.alternatives}
    with Session(db) as s:
        assert s.exec(select(AppointmentSlot)).one().booked == 2


@pytest.mark.parametrize(("day", "half", "now_shift", "message"), [
    ("2026-12-06", "am", 0, "已经过去了"),                       # yesterday (Sunday)
    ("2026-12-07", "am", 60, "已经截止"),                        # today 08:00: 上午 closed
    ("2026-12-07", "pm", 5 * 60, "已经截止"),                    # today 12:00: 下午 closed
    ("2027-01-07", "am", 0, "30天以内"),                         # 31 days ahead
    ("2026-12-12", "am", 0, "不办理"),                           # a Saturday in 南京
    ("2026-02-30", "am", 0, "2026年2月没有30日"),
    ("2026-13-01", "am", 0, "没有13月"),
    ("明天", "am", 0, "格式"),
    ("2026-12-08", "晚上", 0, "上午或者下午"),
])
def test_rules_refuse_with_a_plain_message(db, kb, citizen, nanjing, day, half, now_shift, message):
    with pytest.raises(ap.AppointmentError) as err:
        _book(db, kb, citizen, nanjing, day=day, half=half, now=MONDAY_7AM + timedelta(minutes=now_shift))
    assert message in err.value.message


@pytest.mark.parametrize(("day", "half", "now_shift"), [
    ("2026-12-07", "am", 59),        # today 07:59: 上午 still open
    ("2026-12-07", "pm", 5 * 60 - 1),  # today 11:59: 下午 still open
    ("2027-01-06", "pm", 0),         # exactly 30 days ahead
])
def test_rules_allow_the_last_moment(db, kb, citizen, nanjing, day, half, now_shift):
    assert _book(db, kb, citizen, nanjing, day=day, half=half, now=MONDAY_7AM + timedelta(minutes=now_shift)).ref


def test_suzhou_opens_on_saturday_as_its_kb_fact_says(db, kb, citizen):
    from app.appointments.offices import list_offices

    suzhou = list_offices(kb, city="苏州市")[0]
    assert _book(db, kb, citizen, suzhou, day="2026-12-12").when.endswith("（周六）上午")


def test_unknown_office_and_bad_identity(db, kb, citizen, nanjing):
    with pytest.raises(ap.AppointmentError) as err:
        ap.book(db, kb, citizen, "nope", "2026-12-08", "am", name="张三", id_number=person(1)[1], now=MONDAY_7AM)
    assert err.value.field == "office" and "没有找到这个登记处" in err.value.message
    with pytest.raises(ap.AppointmentError) as err:
        ap.book(db, kb, citizen, nanjing.id, "2026-12-08", "am", name="张三", id_number="320102199001011234",
                now=MONDAY_7AM)
    assert err.value.field == "id_number"
    with pytest.raises(ap.AppointmentError) as err:
        ap.book(db, kb, citizen, nanjing.id, "2026-12-08", "am", name="", id_number=person(1)[1], now=MONDAY_7AM)
    assert err.value.field == "name"


def test_not_signed_in_is_refused(db, kb, nanjing):
    with pytest.raises(ap.AccessDenied):
        ap.book(db, kb, None, nanjing.id, "2026-12-08", "am", name="张三", id_number=person(1)[1], now=MONDAY_7AM)


def test_one_active_booking_per_person_per_service(db, kb, citizen, nanjing):
    first = _book(db, kb, citizen, nanjing)
    with pytest.raises(ap.AppointmentError) as err:
        _book(db, kb, citizen, nanjing, half="pm")
    assert err.value.field == "duplicate" and first.ref in err.value.message
    ap.cancel(db, kb, citizen, first.ref, now=MONDAY_7AM)
    assert _book(db, kb, citizen, nanjing, half="pm").ref != first.ref  # after cancelling: again


def test_booking_in_someone_elses_name_is_refused(db, kb, citizen, other, nanjing):
    _book(db, kb, citizen, nanjing, n=1)  # binds person 1 to the citizen's account
    ap.cancel(db, kb, citizen, ap.my_bookings(db, kb, citizen)[0].ref, now=MONDAY_7AM)
    with pytest.raises(ap.AppointmentError) as err:  # another account with person 1's ID number
        _book(db, kb, other, nanjing, n=1)
    assert err.value.field == "id_number"
    with pytest.raises(ap.AppointmentError) as err:  # the citizen with someone else's ID number
        _book(db, kb, citizen, nanjing, n=2)
    assert err.value.field == "id_number" and "本人" in err.value.message


def test_change_moves_the_seat_and_cancel_gives_it_back(db, kb, citizen, nanjing):
    b = _book(db, kb, citizen, nanjing)
    moved = ap.change(db, kb, citizen, b.ref, "2026-12-09", "下午", now=MONDAY_7AM)
    assert moved.ref == b.ref and moved.when == "2026年12月9日（周三）下午"
    with Session(db) as s:
        booked = {(r.day, r.half): r.booked for r in s.exec(select(AppointmentSlot)).all()}
    assert booked == {(TUESDAY, "am"): 0, (date(2026, 12, 9), "pm"): 1}
    with pytest.raises(ap.AppointmentError) as err:
        ap.change(db, kb, citizen, b.ref, "2026-12-09", "pm", now=MONDAY_7AM)
    assert "不用改约" in err.value.message
    assert ap.cancel(db, kb, citizen, b.ref, now=MONDAY_7AM).status == "cancelled"
    with pytest.raises(ap.AppointmentError) as err:  # twice: refused, the seat given back once
        ap.cancel(db, kb, citizen, b.ref, now=MONDAY_7AM)
    assert "已经取消" in err.value.message
    with Session(db) as s:
        assert sum(r.booked for r in s.exec(select(AppointmentSlot)).all()) == 0


def test_change_to_a_full_slot_keeps_the_booking(db, kb, citizen, other, nanjing, monkeypatch):
    monkeypatch.setattr(cfg, "CAPACITY", {"am": 1, "pm": 1})
    mine = _book(db, kb, citizen, nanjing, n=1)
    _book(db, kb, other, nanjing, half="pm", n=2)
    with pytest.raises(ap.AppointmentError) as err:
        ap.change(db, kb, citizen, mine.ref, TUESDAY.isoformat(), "pm", now=MONDAY_7AM)
    assert err.value.field == "slot"
    assert ap.my_bookings(db, kb, citizen)[0].when == mine.when


def test_no_change_or_cancel_once_the_time_has_come(db, kb, citizen, nanjing):
    b = _book(db, kb, citizen, nanjing)
    at_nine = datetime(2026, 12, 8, 1, 0, tzinfo=MONDAY_7AM.tzinfo)  # 09:00 Beijing on the day
    with pytest.raises(ap.AppointmentError) as err:
        ap.cancel(db, kb, citizen, b.ref, now=at_nine)
    assert "已经过了" in err.value.message
    with pytest.raises(ap.AppointmentError):
        ap.change(db, kb, citizen, b.ref, "2026-12-09", "am", now=at_nine)


def test_someone_else_cannot_see_change_or_cancel_and_is_audited(db, kb, citizen, other, nanjing):
    b = _book(db, kb, citizen, nanjing)
    for act in (lambda: ap.cancel(db, kb, other, b.ref, now=MONDAY_7AM),
                lambda: ap.change(db, kb, other, b.ref, "2026-12-09", "am", now=MONDAY_7AM),
                lambda: ap.get_booking(db, kb, other, b.ref)):
        with pytest.raises(ap.AccessDenied) as err:
            act()
        assert "不是用您的账号" in err.value.message
    assert ap.my_bookings(db, kb, other) == []
    assert ap.my_bookings(db, kb, citizen)[0].status == "booked"
    with Session(db) as s:
        denied = s.exec(select(AuditEvent).where(AuditEvent.action == "appointment.denied")).all()
    assert [e.detail["attempted"] for e in denied] == ["cancel", "change", "view"]
    assert {e.actor_account_id for e in denied} == {other.account_id}


def test_every_act_is_audited_without_personal_data(db, kb, citizen, nanjing):
    name, idn = person(1)
    b = _book(db, kb, citizen, nanjing)
    ap.change(db, kb, citizen, b.ref, "2026-12-09", "am", now=MONDAY_7AM)
    ap.cancel(db, kb, citizen, b.ref, now=MONDAY_7AM)
    with Session(db) as s:
        rows = s.exec(select(AuditEvent).where(AuditEvent.action.like("appointment.%"))).all()
    assert [r.action for r in rows] == ["appointment.book", "appointment.change", "appointment.cancel"]
    assert all(r.actor_account_id == citizen.account_id and r.detail["ref"] == b.ref for r in rows)
    dumped = str([r.detail for r in rows])
    assert idn not in dumped and name not in dumped


def test_reminder_the_day_before_once_with_what_to_bring(db, kb, citizen, nanjing, caplog):
    b = _book(db, kb, citizen, nanjing)
    name, idn = person(1)
    assert ap.send_reminders(db, kb, now=MONDAY_7AM - timedelta(days=1)) == 0  # two days before: not yet
    with caplog.at_level("INFO"):
        assert ap.send_reminders(db, kb, now=MONDAY_7AM) == 1
    assert ap.send_reminders(db, kb, now=MONDAY_7AM + timedelta(hours=3)) == 0  # once only
    with Session(db) as s:
        msgs = s.exec(select(DevOutbox).where(DevOutbox.kind == "reminder")).all()
        audit = s.exec(select(AuditEvent).where(AuditEvent.action == "appointment.reminder")).all()
    assert len(msgs) == 1 and len(audit) == 1
    body = msgs[0].body
    assert b.ref in body and "明天上午" in body and "南京市婚姻登记处" in body
    for m in kb.services["MZ-HY-01"].materials:
        assert m.name in body
    assert name not in body and idn not in body
    # the log has the masked phone only: no phone, no name, no ID number, no reference
    logged = caplog.text
    assert "138****5678" in logged
    assert "13812345678" not in logged and name not in logged and idn not in logged and b.ref not in logged


def test_a_cancelled_booking_gets_no_reminder(db, kb, citizen, nanjing):
    b = _book(db, kb, citizen, nanjing)
    ap.cancel(db, kb, citizen, b.ref, now=MONDAY_7AM)
    assert ap.send_reminders(db, kb, now=MONDAY_7AM) == 0


def test_a_failed_send_is_retried_next_run(db, kb, citizen, nanjing):
    from app.identity.sender import NoSender

    _book(db, kb, citizen, nanjing)
    assert ap.send_reminders(db, kb, now=MONDAY_7AM, sender=NoSender()) == 0
    assert len(ap.due_reminders(db, now=MONDAY_7AM)) == 1
    assert ap.send_reminders(db, kb, now=MONDAY_7AM) == 1


def test_offices_come_from_the_knowledge_base(kb):
    from app.appointments.offices import list_offices

    offices = list_offices(kb)
    facts = kb.services["MZ-HY-01"].local
    wheres = "；".join(f.where for f in facts if f.where)
    for o in offices:
        if o.modelled:
            assert o.name == f"{o.city}婚姻登记处" and o.county is None
        else:
            assert o.name in wheres  # named exactly as a sourced fact writes it
        assert o.sources and o.booking_channel
    assert len({o.id for o in offices}) == len(offices)
    assert {o.city for o in offices if o.modelled} == set(__import__("app.knowledge.schema", fromlist=["CITIES"]).CITIES)
