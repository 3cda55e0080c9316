"""定点提醒: age milestones from the rules (镇江 at 79), 补正, expiring delegations; once; opt-out."""

from __future__ import annotations

import logging
import threading
from datetime import date, timedelta

from sqlmodel import Session, select

from app.applications.models import Application, ApplicationEvent
from app.audit.models import AuditEvent
from app.delegation.models import Delegation
from app.identity.service import Actor
from app.reminders import service as rs
from app.reminders.models import Reminder
from app.reminders.sender import DevNotificationSender
from tests.reminders.conftest import beijing_noon

ZLJ = "MZ-ZLJ-01"


def _age_reminders(database, kb, now):
    return [d for d in rs.compute_due(database, now, kb) if d.kind == "age_milestone"]


def test_month_before_handles_short_months():
    assert rs.month_before(date(2026, 3, 31)) == date(2026, 2, 28)
    assert rs.month_before(date(2026, 1, 15)) == date(2025, 12, 15)


def test_age_reminder_starts_the_day_a_month_before_the_80th_birthday(database, kb, make_person):
    pid = make_person("19460315", "南京市")  # 80 on 2026-03-15
    assert _age_reminders(database, kb, beijing_noon(2026, 2, 14)) == []
    due = _age_reminders(database, kb, beijing_noon(2026, 2, 15))
    assert [(d.person_id, d.occasion) for d in due] == [(pid, f"{ZLJ}:2026-03-15")]
    assert "2026年3月15日" in due[0].body and "80周岁" in due[0].body


def test_zhenjiang_starts_at_79_from_its_local_fact(database, kb, make_person):
    zj = make_person("19470315", "镇江市")  # 79 on 2026-03-15
    nj = make_person("19470316", "南京市")  # 79 on 2026-03-16: nothing in 南京 until 80
    assert _age_reminders(database, kb, beijing_noon(2026, 2, 14)) == []
    due = _age_reminders(database, kb, beijing_noon(2026, 2, 16))
    assert [d.person_id for d in due] == [zj]
    assert "79周岁" in due[0].body and nj not in [d.person_id for d in due]
    # 镇江 is 免申即享 in the KB: the text says so instead of sending to a form
    assert "自动发放" in due[0].title


def test_no_age_reminder_without_a_city_or_after_applying(database, kb, make_person, make_account):
    make_person("19460315", None)
    applied = make_person("19460316", "南京市")
    acc = make_account("13800000001", applied)
    with Session(database) as s:
        s.add(Application(service_code=ZLJ, beneficiary_person_id=applied, submitted_by_account_id=acc.account_id,
                          status="submitted"))
        s.commit()
    assert _age_reminders(database, kb, beijing_noon(2026, 2, 20)) == []


def test_sent_once_under_two_runs_and_sms_masked_in_log(database, kb, make_person, recorder, caplog):
    pid = make_person("19460315", "南京市", phone="13912345678")
    now = beijing_noon(2026, 2, 20)
    first = rs.send_due(database, now, kb, sender=recorder)
    second = rs.send_due(database, now + timedelta(days=1), kb, sender=recorder)
    assert (first.created, second.created) == (1, 0)
    assert len(recorder.sent) == 1 and recorder.sent[0][0] == "13912345678"
    with Session(database) as s:
        rows = s.exec(select(Reminder)).all()
    assert len(rows) == 1 and rows[0].person_id == pid and rows[0].sms_status == "sent"
    assert rows[0].sms_to_masked == "139****5678"
    caplog.set_level(logging.WARNING, "minzheng.reminders")
    DevNotificationSender().send("13912345678", rows[0].body, kind="age_milestone")
    assert "139****5678" in caplog.text and "13912345678" not in caplog.text and "尊老金" not in caplog.text


def test_database_refuses_a_second_row_for_the_same_occasion(database, make_person):
    import pytest
    from sqlalchemy.exc import IntegrityError

    pid = make_person("19460315", "南京市")
    with Session(database) as s:
        for _ in range(2):
            s.add(Reminder(recipient=rs.person_key(pid), person_id=pid, kind="age_milestone", occasion="x",
                           title="t", body="b"))
        with pytest.raises(IntegrityError):
            s.commit()


def test_concurrent_runs_send_once(database, kb, make_person, recorder):
    make_person("19460315", "南京市", phone="13912345678")
    now = beijing_noon(2026, 2, 20)
    errors = []

    def run():
        try:
            rs.send_due(database, now, kb, sender=recorder)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(recorder.sent) == 1
    with Session(database) as s:
        assert len(s.exec(select(Reminder)).all()) == 1


def test_opt_out_is_respected_and_opt_in_restores(database, kb, make_person, make_account, recorder):
    pid = make_person("19460315", "南京市", phone="13912345678")
    actor = make_account("13912345678", pid)
    rs.opt_out(database, actor, "age_milestone")
    assert rs.preferences(database, actor)["age_milestone"] is False
    now = beijing_noon(2026, 2, 20)
    assert rs.send_due(database, now, kb, sender=recorder).created == 0
    assert recorder.sent == [] and rs.inbox_for(database, actor) == []
    rs.opt_in(database, actor, "age_milestone")
    assert rs.send_due(database, now, kb, sender=recorder).created == 1


def test_returned_application_reminds_the_submitter_once_per_return(database, kb, make_person, make_account,
                                                                    recorder):
    pid = make_person("19500101", "南京市")
    actor = make_account("13700000002", pid)
    with Session(database) as s:
        app = Application(service_code=ZLJ, beneficiary_person_id=pid, submitted_by_account_id=actor.account_id,
                          status="returned", ref="MZ2026000001")
        s.add(app)
        s.flush()
        s.add(ApplicationEvent(application_id=app.id, status="returned", reason="户口簿复印件不清楚"))
        s.commit()
        app_id = app.id
    now = beijing_noon(2026, 2, 20)
    assert rs.send_due(database, now, kb, sender=recorder).created == 1
    inbox = rs.inbox_for(database, actor)
    assert len(inbox) == 1 and "户口簿复印件不清楚" in inbox[0].body and "MZ2026000001" in inbox[0].body
    assert "户口簿" not in recorder.sent[0][1]  # the SMS says where to look, not the case details
    assert rs.send_due(database, now, kb, sender=recorder).created == 0
    with Session(database) as s:  # resubmitted and returned again: a new occasion
        s.add(ApplicationEvent(application_id=app_id, status="returned", reason="缺少银行卡复印件"))
        s.commit()
    assert rs.send_due(database, now, kb, sender=recorder).created == 1


def test_expiring_delegation_reminds_agent_and_person(database, kb, make_person, make_account, recorder):
    principal = make_person("19400101", "南京市", phone="13600000003")
    agent = make_account("13600000004")
    now = beijing_noon(2026, 2, 20)
    with Session(database) as s:
        for days, status in ((10, "active"), (40, "active"), (5, "revoked")):
            s.add(Delegation(principal_person_id=principal, agent_account_id=agent.account_id, kind="family",
                             relationship="子女", valid_to=now + timedelta(days=days), status=status,
                             created_by_account_id=agent.account_id))
        s.commit()
    due = [d for d in rs.compute_due(database, now, kb) if d.kind == "delegation_expiring"]
    assert sorted(d.recipient for d in due) == sorted([rs.account_key(agent.account_id), rs.person_key(principal)])
    assert all("2026年3月2日" in d.body for d in due)
    rs.send_due(database, now, kb, sender=recorder)
    assert sorted(p for p, _b, _k in recorder.sent) == ["13600000003", "13600000004"]


def test_inbox_mark_read_only_own(database, kb, make_person, make_account, recorder):
    pid = make_person("19460315", "南京市")
    owner = make_account("13500000005", pid)
    other = make_account("13500000006")
    rs.send_due(database, beijing_noon(2026, 2, 20), kb, sender=recorder)
    [r] = rs.inbox_for(database, owner)
    assert rs.inbox_for(database, other) == []
    import pytest

    with pytest.raises(rs.ReminderError):
        rs.mark_read(database, other, r.id)
    assert rs.mark_read(database, owner, r.id).read_at is not None
    assert rs.inbox_for(database, owner, unread_only=True) == []


def test_no_phone_on_record_is_counted_not_sent(database, kb, make_person, recorder):
    make_person("19460315", "南京市")
    report = rs.send_due(database, beijing_noon(2026, 2, 20), kb, sender=recorder)
    assert (report.created, report.no_phone, report.sms_sent) == (1, 1, 0) and recorder.sent == []
    with Session(database) as s:
        assert s.exec(select(AuditEvent).where(AuditEvent.action == "reminder.create")).first() is not None


def test_failed_sms_is_retried_then_given_up(database, kb, make_person):
    from app.identity.sender import SendFailed

    class Down:
        calls = 0

        def send(self, phone, body, *, kind):
            Down.calls += 1
            raise SendFailed("down")
    make_person("19460315", "南京市", phone="13912345678")
    now = beijing_noon(2026, 2, 20)
    for _ in range(rs.MAX_SMS_ATTEMPTS + 2):
        rs.send_due(database, now, kb, sender=Down())
    assert Down.calls == rs.MAX_SMS_ATTEMPTS
    with Session(database) as s:
        assert s.exec(select(Reminder)).one().sms_status == "gave_up"


def test_unknown_kind_refused(database):
    import pytest

    with pytest.raises(rs.ReminderError):
        rs.opt_out(database, Actor(account_id=1, role="citizen", person_id=None), "nonsense")
