"""The console's domain: access, the queue, the citizen's record (masked; full read audited),
transcript lines, suggestion feedback, gaps and wrap-up."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from app.applications import service as apps
from app.applications.models import Application
from app.audit.models import AuditEvent
from app.contacts.models import Contact
from app.contacts.service import create_contact
from app.contacts.service import get_contact as raw_contact
from app.hotline import service as hs
from app.hotline.models import ContactWrapUp, KbGap, SuggestionEvent
from tests.hotline.conftest import CITIZEN_ID, CITIZEN_PHONE


def audit(db, action: str) -> list[AuditEvent]:
    with Session(db) as s:
        return list(s.exec(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all())


def handoff(db, person_id=None, transcript=None, topic=None) -> Contact:
    return create_contact(db, kind="handoff", channel="web", session_id="chat-1", summary="用户要求转人工",
                          transcript=transcript or [
                              {"from": "user", "text": "我奶奶今年九十岁了，尊老金怎么领"},
                              {"from": "bot", "text": "尊老金按年龄段发放……"},
                              {"from": "user", "text": "转人工"}],
                          topic=topic, person_id=person_id)


# ------------------------------------------------------------------------------ access ---
@pytest.mark.parametrize("who", ["citizen", "window_staff", None])
def test_only_hotline_agents_and_supervisors_get_in(db, request, who):
    actor = request.getfixturevalue(who) if who else None
    c = handoff(db)
    calls = [
        lambda: hs.queue(db, actor),
        lambda: hs.claim(db, actor, c.id),
        lambda: hs.open_call(db, actor),
        lambda: hs.get_contact(db, actor, c.id),
        lambda: hs.citizen_card(db, actor, c.id),
        lambda: hs.reveal_citizen(db, actor, c.id),
        lambda: hs.add_line(db, actor, c.id, "你好"),
        lambda: hs.list_orders(db, actor),
        lambda: hs.suggestion_stats(db, actor),
        lambda: hs.gaps(db, actor),
        lambda: hs.dashboard(db, actor),
    ]
    for call in calls:
        with pytest.raises(hs.AccessDenied):
            call()
    assert raw_contact(db, c.id).status == "waiting"
    assert audit(db, "contact.claim") == [] and audit(db, "person.read") == []


def test_dashboard_is_for_supervisors(db, agent, supervisor):
    with pytest.raises(hs.AccessDenied):
        hs.dashboard(db, agent)
    assert hs.dashboard(db, supervisor).total == 0


# ------------------------------------------------------------------------------- queue ---
def test_claim_takes_a_contact_off_the_queue_once(db, agent, agent2, citizen):
    kiosk = create_contact(db, kind="kiosk_help", channel="kiosk", session_id="kiosk-7", summary="呼叫工作人员")
    c = handoff(db, person_id=citizen.person_id)
    assert [x.id for x in hs.queue(db, agent)] == [kiosk.id, c.id]  # oldest first

    claimed = hs.claim(db, agent, c.id)
    assert claimed.status == "claimed" and claimed.claimed_by == str(agent.account_id)
    assert hs.claim(db, agent, c.id).id == c.id  # a second click is harmless
    assert [x.id for x in hs.queue(db, agent2)] == [kiosk.id]
    with pytest.raises(hs.HotlineError):
        hs.claim(db, agent2, c.id)
    with pytest.raises(hs.AccessDenied):  # not theirs
        hs.get_contact(db, agent2, c.id)
    with pytest.raises(hs.AccessDenied):  # not claimed yet
        hs.get_contact(db, agent, kiosk.id)
    [row] = audit(db, "contact.claim")
    assert (row.actor_account_id, row.on_behalf_of_person_id, row.channel) == (agent.account_id, citizen.person_id,
                                                                             "hotline")
    assert [x.id for x in hs.my_open_contacts(db, agent)] == [c.id]


def test_open_call_links_a_known_caller(db, agent, citizen):
    # a typed number is a look-up by phone: refused without the agent's reason (was: any number, no reason)
    with pytest.raises(hs.HotlineError, match="原因"):
        hs.open_call(db, agent, caller_phone=CITIZEN_PHONE)
    call = hs.open_call(db, agent, caller_phone=CITIZEN_PHONE, reason="来电人本人询问办理进度")
    assert (call.kind, call.channel, call.status, call.person_id) == ("call", "hotline", "claimed", citizen.person_id)
    assert CITIZEN_PHONE not in call.summary and "138****5678" in call.summary
    [row] = audit(db, "contact.open_call")
    assert row.on_behalf_of_person_id == citizen.person_id and CITIZEN_PHONE not in str(row.detail)
    anonymous = hs.open_call(db, agent)
    assert anonymous.person_id is None and anonymous.summary == "来电"
    with pytest.raises(hs.HotlineError):
        hs.open_call(db, agent, caller_phone="12345", reason="来电人本人询问")


def test_transcript_lines_are_redacted_checked_and_audited(db, agent):
    call = hs.open_call(db, agent)
    c = hs.add_line(db, agent, call.id, f"我的身份证是{CITIZEN_ID}，电话{CITIZEN_PHONE}", "caller")
    c = hs.add_line(db, agent, call.id, "来电人想问尊老金", "note")
    assert [x["from"] for x in c.transcript] == ["caller", "note"]
    assert CITIZEN_ID not in str(c.transcript) and CITIZEN_PHONE not in str(c.transcript)
    assert len(audit(db, "contact.line")) == 2
    with pytest.raises(hs.HotlineError):
        hs.add_line(db, agent, call.id, "   ")
    with pytest.raises(hs.HotlineError):
        hs.add_line(db, agent, call.id, "x", "bot")


# ----------------------------------------------------------------------------- citizen ---
def test_citizen_is_shown_masked_and_the_full_record_is_audited(db, agent, citizen):
    c = handoff(db, person_id=citizen.person_id)
    hs.claim(db, agent, c.id)
    card = hs.citizen_card(db, agent, c.id)
    assert (card.name, card.phone, card.full) == ("王*英", "138****5678", False)
    assert card.id_number == CITIZEN_ID[:4] + "*" * 10 + CITIZEN_ID[-4:]
    assert audit(db, "person.read") == []  # masked data only so far

    with pytest.raises(hs.HotlineError, match="原因"):  # no default reason any more (was "核实身份")
        hs.reveal_citizen(db, agent, c.id)
    full = hs.reveal_citizen(db, agent, c.id, "来电人要求核对身份证号")
    assert (full.name, full.id_number, full.phone, full.full) == ("王秀英", CITIZEN_ID, CITIZEN_PHONE, True)
    [row] = audit(db, "person.read")
    assert (row.actor_account_id, row.actor_role, row.on_behalf_of_person_id) == (
        agent.account_id, "hotline_agent", citizen.person_id)
    assert row.detail["contact_id"] == c.id and CITIZEN_ID not in str(row.detail)


def test_anonymous_contact_has_no_citizen(db, agent):
    call = hs.open_call(db, agent)
    assert hs.citizen_card(db, agent, call.id) is None
    assert hs.citizen_applications(db, agent, call.id) == []
    with pytest.raises(hs.HotlineError):
        hs.reveal_citizen(db, agent, call.id, "核对来电人信息")


def test_citizens_applications_are_read_only_and_audited(db, agent, agent2, citizen, other_citizen, window_staff):
    with Session(db) as s:
        s.add(Application(ref="MZ20250101000001", service_code="MZ-ZLJ-01", beneficiary_person_id=citizen.person_id,
                          submitted_by_account_id=citizen.account_id, status="submitted"))
        s.add(Application(ref="MZ20250101000002", service_code="MZ-ZLJ-01",
                          beneficiary_person_id=other_citizen.person_id,
                          submitted_by_account_id=other_citizen.account_id, status="submitted"))
        s.commit()
    c = handoff(db, person_id=citizen.person_id)
    hs.claim(db, agent, c.id)
    rows = hs.citizen_applications(db, agent, c.id)
    assert [(r.ref, r.status) for r in rows] == [("MZ20250101000001", "submitted")]
    [row] = audit(db, "application.list")
    assert (row.actor_account_id, row.on_behalf_of_person_id, row.detail["purpose"]) == (
        agent.account_id, citizen.person_id, "hotline")
    with pytest.raises(hs.AccessDenied):  # another agent, not their contact
        hs.citizen_applications(db, agent2, c.id)
    with pytest.raises(apps.AccessDenied):  # the new look-up is for staff only
        apps.list_for_person_as_staff(db, citizen, other_citizen.person_id, purpose="x")
    assert len(apps.list_for_person_as_staff(db, window_staff, citizen.person_id, purpose="window")) == 1


# ------------------------------------------------------------------- suggestions, gaps ---
def test_feedback_gives_rates_per_entry_and_gaps(db, agent, supervisor):
    c1, c2 = handoff(db), handoff(db)
    for c in (c1, c2):
        hs.claim(db, agent, c.id)
    q = "尊老金怎么领"
    hs.feedback(db, agent, c1.id, entry_id="MZ-ZLJ-01#1", entry_kind="问题", verdict="useful", query=q)
    hs.feedback(db, agent, c2.id, entry_id="MZ-ZLJ-01#1", entry_kind="问题", verdict="edited", query=q)
    hs.feedback(db, agent, c2.id, entry_id="MZ-ZLJ-01#2", entry_kind="问题", verdict="useless", query=q)
    with pytest.raises(hs.HotlineError):
        hs.feedback(db, agent, c2.id, entry_id="x", entry_kind="问题", verdict="great")
    stats = {x.entry_id: x for x in hs.suggestion_stats(db, agent)}
    e1, e2 = stats["MZ-ZLJ-01#1"], stats["MZ-ZLJ-01#2"]
    assert (e1.useful, e1.edited, e1.acceptance_rate, e1.edit_rate) == (1, 1, 1.0, 0.5)
    assert (e2.useless, e2.acceptance_rate, e2.edit_rate) == (1, 0.0, None)
    assert hs.acceptance_rate(list(stats.values())) == pytest.approx(2 / 3)
    [gap] = hs.gaps(db, agent)
    assert (gap.reason, gap.question, gap.best_entry_id) == ("rejected", q, "MZ-ZLJ-01#2")
    assert len(audit(db, "suggestion.feedback")) == 3
    # a weak-suggestion gap is noted once per contact and question
    assert hs.note_weak_suggestions(db, agent, c1.id, query="公积金怎么提取", best_entry="X", best_confidence=0.2)
    assert not hs.note_weak_suggestions(db, agent, c1.id, query="公积金怎么提取", best_entry="X", best_confidence=0.2)
    assert not hs.note_weak_suggestions(db, agent, c1.id, query="公积金怎么提取。在苏州", best_entry="X",
                                        best_confidence=0.2)  # one weak-suggestion gap per contact
    d = hs.dashboard(db, supervisor)
    assert d.acceptance_rate == pytest.approx(2 / 3) and d.edit_rate == pytest.approx(0.5)
    assert {g.reason for g in d.gaps} == {"rejected", "low_confidence"}


def test_record_use_checks_the_action(db, agent):
    c = handoff(db)
    hs.claim(db, agent, c.id)
    hs.record_use(db, agent, c.id, entry_id="MZ-ZLJ-01#1", entry_kind="问题", action="insert", query="尊老金")
    with pytest.raises(hs.HotlineError):
        hs.record_use(db, agent, c.id, entry_id="MZ-ZLJ-01#1", entry_kind="问题", action="send")
    [st] = hs.suggestion_stats(db, agent)
    assert st.used == 1


# ------------------------------------------------------------------------------ wrap-up ---
def test_wrap_up_draft_comes_from_the_transcript_and_suggestions(db, agent, kb):
    c = handoff(db)
    used = [{"entry_id": "MZ-ZLJ-01#1", "title": "尊老金在哪里申请？", "topic": "尊老金", "service_code": "MZ-ZLJ-01"}]
    d = hs.draft_wrap_up(kb, c, used, reply="带户口本到社区申请")
    assert (d.topic, d.service_code, d.outcome) == ("尊老金", "MZ-ZLJ-01", "answered")
    assert "我奶奶今年九十岁了" in d.summary and "尊老金在哪里申请" in d.summary and "带户口本" in d.summary
    assert hs.draft_wrap_up(kb, c, used, has_work_order=True).outcome == "work_order"
    nothing = hs.draft_wrap_up(kb, c, [])
    assert nothing.outcome == "unresolved" and nothing.topic == "尊老金"  # topic from the search


def test_wrap_up_closes_settles_statistics_and_audits(db, agent, citizen):
    c = handoff(db, person_id=citizen.person_id)
    hs.claim(db, agent, c.id)
    answer = "尊老金由户籍所在地社区受理。"
    hs.record_use(db, agent, c.id, entry_id="MZ-ZLJ-01#1", entry_kind="问题", action="insert", query="尊老金")
    hs.record_use(db, agent, c.id, entry_id="MZ-ZLJ-01#2", entry_kind="问题", action="insert", query="尊老金")
    shown = [{"entry_id": "MZ-ZLJ-01#1", "kind": "问题", "answer": answer, "confidence": 0.9, "query": "尊老金"},
             {"entry_id": "MZ-ZLJ-01#2", "kind": "问题", "answer": "别的答案原文", "confidence": 0.6, "query": "尊老金"},
             {"entry_id": "MZ-ZLJ-01", "kind": "服务", "answer": "…", "confidence": 0.5, "query": "尊老金"}]
    with pytest.raises(hs.HotlineError):
        hs.wrap_up(db, agent, c.id, topic="尊老金", service_code="MZ-ZLJ-01", outcome="answered", summary=" ")
    with pytest.raises(hs.HotlineError):
        hs.wrap_up(db, agent, c.id, topic="尊老金", service_code="", outcome="gone", summary="x")
    w = hs.wrap_up(db, agent, c.id, topic="尊老金", service_code="MZ-ZLJ-01", outcome="answered",
                   summary="来电人询问尊老金。", reply=f"您好，{answer}请带好材料。", shown=shown)
    assert (w.outcome, w.used_entries) == ("answered", ["MZ-ZLJ-01#1", "MZ-ZLJ-01#2"])
    after = raw_contact(db, c.id)
    assert after.status == "closed" and after.note == "来电人询问尊老金。"
    assert w.reply == f"您好，{answer}请带好材料。"
    with Session(db) as s:
        ev = s.exec(select(SuggestionEvent).where(SuggestionEvent.implicit == True)).all()  # noqa: E712
    assert {(e.entry_id, e.action) for e in ev} == {("MZ-ZLJ-01#1", "useful"), ("MZ-ZLJ-01#2", "edited")}
    stats = {x.entry_id: x for x in hs.suggestion_stats(db, agent)}
    assert stats["MZ-ZLJ-01"].shown == 1 and stats["MZ-ZLJ-01#1"].shown == 1
    [row] = audit(db, "contact.wrap_up")
    assert row.on_behalf_of_person_id == citizen.person_id and row.detail["outcome"] == "answered"
    with pytest.raises(hs.HotlineError):
        hs.wrap_up(db, agent, c.id, topic="尊老金", service_code="", outcome="answered", summary="again")
    with pytest.raises(hs.HotlineError):
        hs.add_line(db, agent, c.id, "too late")


def test_a_contact_where_nothing_helped_is_a_gap(db, agent):
    c = create_contact(db, kind="handoff", channel="web", session_id="s", summary="转人工",
                       transcript=[{"from": "user", "text": "公积金怎么提取"}])
    hs.claim(db, agent, c.id)
    hs.wrap_up(db, agent, c.id, topic="", service_code="", outcome="referred", summary="告知公积金中心电话",
               shown=[{"entry_id": "MZ-ZLJ-01#3", "kind": "问题", "confidence": 0.3, "query": "公积金怎么提取"}])
    with Session(db) as s:
        [gap] = s.exec(select(KbGap)).all()
        assert (gap.reason, gap.question, gap.best_entry_id) == ("unanswered", "公积金怎么提取", "MZ-ZLJ-01#3")
        assert s.get(ContactWrapUp, c.id).outcome == "referred"


# ------------------------------------------------------------------ 政策找人 for the caller ---
def test_the_callers_matches_come_from_the_rules_and_are_audited(db, agent, agent2, citizen):
    """The caller (born 1935, 户籍 南京) is shown 尊老金 as likely, with the matcher's reasons; the
    read is audited on their behalf with verdicts only; another agent's call and non-agents are refused."""
    from datetime import date

    from app.search.engine import get_engine

    kb = get_engine().kb
    c = handoff(db, person_id=citizen.person_id)
    hs.claim(db, agent, c.id)
    rows = hs.citizen_matches(db, kb, agent, c.id, today=date(2026, 12, 1))
    zlj = [r for r in rows if r.service_code == "MZ-ZLJ-01"]
    assert zlj and zlj[0].verdict == "likely" and zlj[0].reasons
    assert all(r.verdict in ("likely", "maybe") for r in rows)
    [row] = audit(db, "eligibility.match")
    assert row.on_behalf_of_person_id == citizen.person_id and "MZ-ZLJ-01" in row.detail["likely"]
    assert CITIZEN_ID not in str(row.detail) and "1935" not in str(row.detail)
    with pytest.raises(hs.AccessDenied):  # another agent's call
        hs.citizen_matches(db, kb, agent2, c.id)
    with pytest.raises(hs.AccessDenied):  # not an agent
        hs.citizen_matches(db, kb, citizen, c.id)


def test_the_day_before_the_80th_birthday_the_caller_is_not_yet_likely(db, agent, citizen):
    from datetime import date

    from app.search.engine import get_engine

    c = handoff(db, person_id=citizen.person_id)
    hs.claim(db, agent, c.id)
    rows = hs.citizen_matches(db, get_engine().kb, agent, c.id, today=date(2015, 3, 4))
    assert not [r for r in rows if r.service_code == "MZ-ZLJ-01" and r.verdict == "likely"]


def test_an_anonymous_call_has_no_matches(db, agent):
    from app.search.engine import get_engine

    call = hs.open_call(db, agent)
    assert hs.citizen_matches(db, get_engine().kb, agent, call.id) == []
