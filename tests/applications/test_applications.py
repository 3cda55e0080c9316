"""The application service: validation, drafts, submission, access, audit."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from app.applications import service as apps
from app.applications.models import Application
from app.audit.models import AuditEvent
from app.identity.models import Person
from tests.idnumbers import make_id

ID = make_id()


def fill(engine, actor, app_id, **extra):
    answers = {"name": "张三", "id_number": ID, "hukou_city": "南京市", "phone": "13812345678",
               "bank_card": "6222021234567890123", **extra}
    for k, v in answers.items():
        assert apps.save_answer(engine, actor, app_id, k, v) is None, k


def test_validation_messages_are_plain_chinese(engine, kb, citizen):
    app = apps.start(engine, kb, citizen, "MZ-ZLJ-01")
    assert "请填写" in apps.save_answer(engine, citizen, app.id, "name", "")
    assert "汉字" in apps.save_answer(engine, citizen, app.id, "name", "x1")
    assert "校验不通过" in apps.save_answer(engine, citizen, app.id, "id_number", ID[:-1] + ("0" if ID[-1] != "0" else "1"))
    assert "18位" in apps.save_answer(engine, citizen, app.id, "id_number", "12345")
    assert "选项" in apps.save_answer(engine, citizen, app.id, "hukou_city", "火星")
    assert "16到19位" in apps.save_answer(engine, citizen, app.id, "bank_card", "1234")


def test_draft_is_resumed_not_duplicated(engine, kb, citizen):
    a = apps.start(engine, kb, citizen, "MZ-ZLJ-01")
    apps.save_answer(engine, citizen, a.id, "name", "张三")
    b = apps.start(engine, kb, citizen, "MZ-ZLJ-01")
    assert a.id == b.id and b.answers["name"] == "张三" and b.current_step == 1


def test_sensitive_answers_are_encrypted_and_masked(engine, kb, citizen):
    app = apps.start(engine, kb, citizen, "MZ-ZLJ-01")
    fill(engine, citizen, app.id)
    with Session(engine) as s:
        raw = s.get(Application, app.id).answers
    assert ID not in str(raw) and "13812345678" not in str(raw)
    shown = dict((k, v) for k, _l, v in apps.shown_answers(apps.get(engine, citizen, app.id)))
    assert shown["id_number"] == ID[:4] + "*" * 10 + ID[-4:]


def test_submit_is_idempotent_and_gives_a_reference(engine, kb, citizen):
    app = apps.start(engine, kb, citizen, "MZ-ZLJ-01")
    fill(engine, citizen, app.id)
    first = apps.submit(engine, citizen, app.id, "key-1")
    again = apps.submit(engine, citizen, app.id, "key-1")
    other_key = apps.submit(engine, citizen, app.id, "key-2")
    assert first.ref and first.ref == again.ref == other_key.ref
    with Session(engine) as s:
        assert len(s.exec(select(Application)).all()) == 1
        assert len(s.exec(select(Person)).all()) == 1
        person = s.exec(select(Person)).one()
        assert ID not in person.id_number_enc and person.id_number_masked.startswith(ID[:4])


def test_incomplete_application_cannot_be_submitted(engine, kb, citizen):
    app = apps.start(engine, kb, citizen, "MZ-ZLJ-01")
    apps.save_answer(engine, citizen, app.id, "name", "张三")
    with pytest.raises(apps.ApplicationError, match="没有填写"):
        apps.submit(engine, citizen, app.id, "k")


def test_another_citizen_cannot_read_or_change_it(engine, kb, citizen, other_citizen):
    app = apps.start(engine, kb, citizen, "MZ-ZLJ-01")
    for call in (lambda: apps.get(engine, other_citizen, app.id),
                 lambda: apps.save_answer(engine, other_citizen, app.id, "name", "李四"),
                 lambda: apps.submit(engine, other_citizen, app.id, "x"),
                 lambda: apps.timeline(engine, other_citizen, app.id)):
        with pytest.raises(apps.AccessDenied) as err:
            call()
        assert "张三" not in err.value.message
    with pytest.raises(apps.AccessDenied):
        apps.get(engine, other_citizen, 999999)  # same answer for "does not exist"
    assert apps.list_for(engine, other_citizen) == []


def test_status_flow_timeline_and_rating(engine, kb, citizen, staff):
    app = apps.start(engine, kb, citizen, "MZ-ZLJ-01")
    fill(engine, citizen, app.id)
    apps.submit(engine, citizen, app.id, "k")
    with pytest.raises(apps.AccessDenied):
        apps.advance(engine, citizen, app.id, "accepted")
    with pytest.raises(apps.ApplicationError, match="原因"):
        apps.advance(engine, staff, app.id, "returned", "")
    apps.advance(engine, staff, app.id, "returned", "银行卡号看不清，请重新填写")
    assert apps.save_answer(engine, citizen, app.id, "bank_card", "6222021234567890999") is None
    apps.submit(engine, citizen, app.id, "k2")
    for st in ("accepted", "reviewing"):
        apps.advance(engine, staff, app.id, st)
    with pytest.raises(apps.ApplicationError, match="办结以后"):
        apps.rate(engine, citizen, app.id, 5)
    apps.advance(engine, staff, app.id, "completed")
    with pytest.raises(apps.ApplicationError):
        apps.advance(engine, staff, app.id, "accepted")
    assert apps.rate(engine, citizen, app.id, 5, "很方便").rating == 5
    with pytest.raises(apps.ApplicationError, match="评价过"):
        apps.rate(engine, citizen, app.id, 1)
    labels = [e.status for e in apps.timeline(engine, citizen, app.id)]
    assert labels == ["submitted", "returned", "submitted", "accepted", "reviewing", "completed"]


def test_every_state_change_writes_its_audit_row(engine, kb, citizen, staff):
    app = apps.start(engine, kb, citizen, "MZ-ZLJ-01")
    fill(engine, citizen, app.id)
    apps.submit(engine, citizen, app.id, "k")
    apps.get(engine, staff, app.id)  # staff reading someone's case
    for st in ("accepted", "reviewing", "completed"):
        apps.advance(engine, staff, app.id, st)
    apps.rate(engine, citizen, app.id, 4)
    with Session(engine) as s:
        actions = [e.action for e in s.exec(select(AuditEvent).where(AuditEvent.object_type == "application"))]
        texts = str([e.detail for e in s.exec(select(AuditEvent))])
    assert actions.count("application.answer") == 5
    for a in ("application.start", "application.submit", "application.read", "application.accepted",
              "application.reviewing", "application.completed", "application.rate"):
        assert a in actions, a
    assert ID not in texts and "13812345678" not in texts


def test_someone_elses_id_as_self_is_refused(engine, kb, citizen, other_citizen):
    a = apps.start(engine, kb, citizen, "MZ-ZLJ-01")
    fill(engine, citizen, a.id)
    apps.submit(engine, citizen, a.id, "k")
    b = apps.start(engine, kb, other_citizen, "MZ-ZLJ-01")
    fill(engine, other_citizen, b.id, phone="13900001111")
    with pytest.raises(apps.ApplicationError, match="帮家人办"):
        apps.submit(engine, other_citizen, b.id, "k3")


def test_offline_only_service_cannot_be_started(engine, kb, citizen):
    code = next(c for c, s in kb.services.items() if not s.channels.online)
    with pytest.raises(apps.ApplicationError, match="暂不支持在线办理"):
        apps.start(engine, kb, citizen, code)
