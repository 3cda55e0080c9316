"""Work orders (工单): the closed loop 分派 → 处置 → 反馈 → 评价, returns, invalid steps,
due times and overdue marking, ratings by callback or by the citizen, audit rows, the supervisor view."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from app.audit.models import AuditEvent
from app.contacts.service import create_contact
from app.hotline import service as hs
from app.hotline.models import WorkOrder


def new_order(db, agent, person_id=None, category="求助", topic="尊老金"):
    c = create_contact(db, kind="handoff", channel="web", session_id="s", summary="转人工", person_id=person_id,
                       transcript=[{"from": "user", "text": "尊老金三个月没到账"}], topic=topic)
    hs.claim(db, agent, c.id)
    return hs.create_work_order(db, agent, c.id, category=category, district="南京市", department="社区（村）居委会",
                                description="老人尊老金三个月没有到账，请社区核实。", topic=topic,
                                service_code="MZ-ZLJ-01")


def audit_actions(db, wo_id: int) -> list[str]:
    with Session(db) as s:
        return [e.action for e in s.exec(select(AuditEvent).where(AuditEvent.object_type == "work_order",
                                                                  AuditEvent.object_id == str(wo_id))
                                         .order_by(AuditEvent.id)).all()]


def test_the_closed_loop_with_who_and_when(db, agent, supervisor, citizen):
    wo = new_order(db, agent, person_id=citizen.person_id)
    assert wo.status == "pending" and wo.ref.startswith("GD") and len(wo.ref) == 16
    assert hs.aware(wo.due_at) - hs.aware(wo.created_at) == timedelta(hours=72)  # 求助: 72 hours
    wo = hs.assign(db, supervisor, wo.id, department="乡镇（街道）社会事务办", handler="张科长")
    assert (wo.status, wo.department, wo.handler) == ("assigned", "乡镇（街道）社会事务办", "张科长")
    wo = hs.start_handling(db, agent, wo.id, note="已联系老人家属")
    wo = hs.feed_back(db, agent, wo.id, "已核实：银行卡号变更，已补发三个月尊老金。")
    assert wo.status == "fed_back" and wo.fed_back_at is not None and not hs.answered_late(wo)
    wo = hs.rate(db, agent, wo.id, 5, "很满意")
    assert (wo.status, wo.rating, wo.rated_via) == ("rated", 5, "callback")

    events = hs.timeline(db, agent, wo.id)
    assert [(e.from_status, e.status) for e in events] == [
        (None, "pending"), ("pending", "assigned"), ("assigned", "handling"), ("handling", "fed_back"),
        ("fed_back", "rated")]
    assert [e.by_account_id for e in events] == [agent.account_id, supervisor.account_id, agent.account_id,
                                                 agent.account_id, agent.account_id]
    assert all(e.at is not None for e in events)
    assert audit_actions(db, wo.id) == ["work_order.create", "work_order.assigned", "work_order.handling",
                                        "work_order.fed_back", "work_order.rated"]
    with Session(db) as s:
        rows = s.exec(select(AuditEvent).where(AuditEvent.object_type == "work_order")).all()
        assert {r.on_behalf_of_person_id for r in rows} == {citizen.person_id}


def test_invalid_transitions_are_refused(db, agent):
    wo = new_order(db, agent)
    with pytest.raises(hs.HotlineError, match="待分派"):
        hs.start_handling(db, agent, wo.id)
    with pytest.raises(hs.HotlineError):
        hs.feed_back(db, agent, wo.id, "办好了办好了")
    with pytest.raises(hs.HotlineError):
        hs.rate(db, agent, wo.id, 5)
    with pytest.raises(hs.HotlineError):
        hs.return_order(db, agent, wo.id, "不归我们管")  # not dispatched yet
    hs.assign(db, agent, wo.id)
    with pytest.raises(hs.HotlineError):
        hs.assign(db, agent, wo.id)  # already assigned
    with pytest.raises(hs.HotlineError, match="原因"):
        hs.return_order(db, agent, wo.id, "  ")
    hs.start_handling(db, agent, wo.id)
    with pytest.raises(hs.HotlineError, match="办理结果"):
        hs.feed_back(db, agent, wo.id, "好")
    hs.feed_back(db, agent, wo.id, "已经处理完毕")
    for bad in (0, 6, "x"):
        with pytest.raises(hs.HotlineError):
            hs.rate(db, agent, wo.id, bad)
    hs.rate(db, agent, wo.id, 3)
    for step in (lambda: hs.assign(db, agent, wo.id), lambda: hs.start_handling(db, agent, wo.id),
                 lambda: hs.rate(db, agent, wo.id, 4), lambda: hs.return_order(db, agent, wo.id, "重新办")):
        with pytest.raises(hs.HotlineError):
            step()
    assert len(hs.timeline(db, agent, wo.id)) == 5  # refused steps leave no trace


def test_a_returned_order_is_dispatched_again(db, agent, supervisor):
    wo = new_order(db, agent)
    hs.assign(db, agent, wo.id, department="婚姻登记处")
    wo = hs.return_order(db, agent, wo.id, "不属于婚姻登记处职责")
    assert wo.status == "returned"
    with pytest.raises(hs.HotlineError):
        hs.start_handling(db, agent, wo.id)
    wo = hs.assign(db, supervisor, wo.id, department="社区（村）居委会")
    assert (wo.status, wo.department) == ("assigned", "社区（村）居委会")
    hs.start_handling(db, agent, wo.id)
    wo = hs.return_order(db, agent, wo.id, "需市局协调")
    assert [e.status for e in hs.timeline(db, agent, wo.id)] == [
        "pending", "assigned", "returned", "assigned", "handling", "returned"]
    assert hs.timeline(db, agent, wo.id)[2].note == "不属于婚姻登记处职责"


def test_creating_an_order_checks_its_fields(db, agent, agent2):
    c = create_contact(db, kind="call", channel="hotline", session_id="c", summary="来电")
    hs.claim(db, agent, c.id)
    ok = dict(category="咨询", district="苏州市", department="市民政局", description="咨询低保申请条件")
    for bad in ({"category": "闲聊"}, {"district": "上海市"}, {"department": "公安局"}, {"description": "低保"}):
        with pytest.raises(hs.HotlineError):
            hs.create_work_order(db, agent, c.id, **{**ok, **bad})
    with pytest.raises(hs.AccessDenied):  # not their contact
        hs.create_work_order(db, agent2, c.id, **ok)
    wo = hs.create_work_order(db, agent, c.id, **ok, title="")
    assert wo.title == "咨询低保申请条件"
    assert hs.aware(wo.due_at) - hs.aware(wo.created_at) == timedelta(hours=24)
    assert [w.id for w in hs.list_orders(db, agent, contact_id=c.id)] == [wo.id]


def test_overdue_marking(db, agent, supervisor):
    wo = new_order(db, agent, category="咨询")
    due = hs.aware(wo.due_at)
    assert not hs.is_overdue(wo, due - timedelta(minutes=1))
    assert hs.is_overdue(wo, due + timedelta(minutes=1))
    later = due + timedelta(hours=1)
    d = hs.dashboard(db, supervisor, at=later)
    assert [w.id for w in d.overdue] == [wo.id]
    # answered (fed back) orders are no longer overdue, but a late answer is counted
    hs.assign(db, agent, wo.id)
    hs.start_handling(db, agent, wo.id)
    with Session(db) as s:
        row = s.get(WorkOrder, wo.id)
        row.due_at = hs.now() - timedelta(hours=2)
        s.add(row)
        s.commit()
    wo = hs.feed_back(db, agent, wo.id, "已答复来电人")
    assert not hs.is_overdue(wo, later) and hs.answered_late(wo)
    d = hs.dashboard(db, supervisor, at=later)
    assert d.overdue == [] and d.answered_late == 1
    assert hs.list_orders(db, agent, overdue_only=True) == []


def test_the_citizen_may_rate_their_own_order_only(db, agent, citizen, other_citizen, window_staff):
    wo = new_order(db, agent, person_id=citizen.person_id)
    hs.assign(db, agent, wo.id)
    hs.start_handling(db, agent, wo.id)
    hs.feed_back(db, agent, wo.id, "已补发尊老金")
    for someone in (other_citizen, window_staff, None):
        with pytest.raises(hs.AccessDenied):
            hs.rate(db, someone, wo.id, 1)
    assert [w.id for w in hs.orders_of_citizen(db, citizen)] == [wo.id]
    assert hs.orders_of_citizen(db, other_citizen) == []
    wo = hs.rate(db, citizen, wo.id, 4, "谢谢")
    assert (wo.rating, wo.rated_via, wo.rating_comment) == (4, "citizen", "谢谢")
    for someone in (citizen, window_staff):  # the rest of the console stays closed to them
        with pytest.raises(hs.AccessDenied):
            hs.list_orders(db, someone)
        with pytest.raises(hs.AccessDenied):
            hs.assign(db, someone, wo.id)


def test_supervisor_counts_by_topic_and_status(db, agent, supervisor):
    a = new_order(db, agent, topic="尊老金")
    new_order(db, agent, topic="尊老金")
    c = new_order(db, agent, topic="低保")
    hs.assign(db, agent, a.id)
    hs.assign(db, agent, c.id)
    d = hs.dashboard(db, supervisor)
    assert d.total == 3
    assert dict(d.by_topic) == {"尊老金": {"pending": 1, "assigned": 1}, "低保": {"assigned": 1}}
    assert d.by_status == {"pending": 1, "assigned": 2}
    assert d.by_topic[0][0] == "尊老金"  # busiest first
