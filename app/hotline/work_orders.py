"""Work orders (工单) with their closed loop 分派 → 处置 → 反馈 → 评价: every move is checked against
the allowed transitions and leaves an event and an audit row; free text is redacted first."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.core.privacy import redact
from app.hotline.access import AGENT_ROLES, AccessDenied, HotlineError, audit, aware, now, own_contact, require_agent
from app.hotline.models import (
    CATEGORIES,
    DEPARTMENTS,
    DISTRICTS,
    OPEN_STATUSES,
    STATUS_LABELS,
    TRANSITIONS,
    WorkOrder,
    WorkOrderEvent,
)
from app.identity.service import Actor


def is_overdue(wo: WorkOrder, at: datetime | None = None) -> bool:
    """Still open (not yet answered by the department) after its due time."""
    return wo.status in OPEN_STATUSES and aware(wo.due_at) < (at or now())


def answered_late(wo: WorkOrder) -> bool:
    return wo.fed_back_at is not None and aware(wo.fed_back_at) > aware(wo.due_at)


def _event(s: Session, actor: Actor, wo: WorkOrder, from_status: str | None, note: str | None) -> None:
    s.add(WorkOrderEvent(work_order_id=wo.id, from_status=from_status, status=wo.status,
                         by_account_id=actor.account_id, by_role=actor.role, note=note))
    audit(s, actor, f"work_order.{wo.status}" if from_status else "work_order.create", "work_order", wo.id,
           person_id=wo.person_id,
           detail={"ref": wo.ref, "from": from_status, "to": wo.status, **({"note": note[:100]} if note else {})})


def create_work_order(engine: Engine, actor: Actor, contact_id: int, *, category: str, district: str,
                      department: str, description: str, title: str = "", topic: str = "",
                      service_code: str = "") -> WorkOrder:
    """生成工单 from a contact the agent holds: 待分派, due by the category's time limit."""
    require_agent(actor)
    if category not in CATEGORIES:
        raise HotlineError("请选择工单类别。")
    if district not in DISTRICTS:
        raise HotlineError("请选择所属地区（江苏省内的设区市）。")
    if department not in DEPARTMENTS:
        raise HotlineError("请选择承办部门。")
    description = redact(" ".join((description or "").split()))
    if len(description) < 4:
        raise HotlineError("请写明诉求内容（至少4个字）。")
    with Session(engine) as s:
        c = own_contact(s, actor, contact_id)
        created = now()
        wo = WorkOrder(contact_id=c.id, person_id=c.person_id, topic=topic or c.topic or None,
                       service_code=service_code or None, category=category, district=district,
                       department=department, title=redact(title.strip() or description)[:80],
                       description=description[:4000], created_by_account_id=actor.account_id,
                       created_at=created, updated_at=created, due_at=created + timedelta(hours=CATEGORIES[category]))
        s.add(wo)
        s.flush()
        wo.ref = f"GD{created:%Y%m%d}{wo.id:06d}"
        _event(s, actor, wo, None, None)
        s.commit()
        s.refresh(wo)
        return wo


def _move(engine: Engine, actor: Actor, wo_id: int, to: str, note: str | None, **changes) -> WorkOrder:
    # Every free-text note is redacted here, before it is stored or audited, whichever step wrote it.
    note = redact(" ".join(note.split()))[:500] or None if note else None
    with Session(engine) as s:
        wo = s.get(WorkOrder, wo_id)
        if wo is None:
            raise HotlineError("没有找到这张工单。")
        if to not in TRANSITIONS.get(wo.status, set()):
            raise HotlineError(f"工单现在是“{STATUS_LABELS[wo.status]}”，不能变为“{STATUS_LABELS.get(to, to)}”。")
        before = wo.status
        for k, v in changes.items():
            setattr(wo, k, v)
        wo.status, wo.updated_at = to, now()
        s.add(wo)
        _event(s, actor, wo, before, note)
        s.commit()
        s.refresh(wo)
        return wo


def assign(engine: Engine, actor: Actor, wo_id: int, *, department: str = "", handler: str = "",
           note: str = "") -> WorkOrder:
    """分派 to a department (again, after a return — possibly to another one)."""
    require_agent(actor)
    changes: dict = {}
    if department:
        if department not in DEPARTMENTS:
            raise HotlineError("请选择承办部门。")
        changes["department"] = department
    if handler.strip():
        changes["handler"] = handler.strip()[:40]
    return _move(engine, actor, wo_id, "assigned", note.strip() or None, **changes)


def start_handling(engine: Engine, actor: Actor, wo_id: int, note: str = "") -> WorkOrder:
    """处置: the department has taken it on."""
    require_agent(actor)
    return _move(engine, actor, wo_id, "handling", note.strip() or None)


def return_order(engine: Engine, actor: Actor, wo_id: int, reason: str) -> WorkOrder:
    """退回: not this department's matter (the reason is required); it goes back to dispatch."""
    require_agent(actor)
    if not (reason or "").strip():
        raise HotlineError("退回时必须写明原因。")
    return _move(engine, actor, wo_id, "returned", redact(reason.strip())[:500])


def feed_back(engine: Engine, actor: Actor, wo_id: int, result: str) -> WorkOrder:
    """反馈: the department's answer to the citizen's request."""
    require_agent(actor)
    result = redact(" ".join((result or "").split()))
    if len(result) < 4:
        raise HotlineError("请填写办理结果（至少4个字）。")
    return _move(engine, actor, wo_id, "fed_back", None, feedback=result[:4000], fed_back_at=now())


def rate(engine: Engine, actor: Actor, wo_id: int, stars: int, comment: str = "") -> WorkOrder:
    """评价: the citizen's satisfaction (1–5), recorded by the agent on the callback or given by
    the citizen themself (only for their own order)."""
    if actor is None:
        raise AccessDenied()
    try:
        stars = int(stars)
    except (TypeError, ValueError, OverflowError):  # "abc", None, 1e400 (inf) → a plain message
        stars = 0
    if not 1 <= stars <= 5:
        raise HotlineError("请选择1到5的满意度。")
    if actor.role in AGENT_ROLES:
        via = "callback"
    else:
        with Session(engine) as s:
            wo = s.get(WorkOrder, wo_id)
            if wo is None or wo.person_id is None or wo.person_id != actor.person_id:
                raise AccessDenied("只有提出诉求的本人可以评价这张工单。")
        via = "citizen"
    clean = redact(" ".join(str(comment or "").split()))[:500] or None  # redacted before storage AND audit
    return _move(engine, actor, wo_id, "rated", clean, rating=stars, rating_comment=clean, rated_via=via)


def get_order(engine: Engine, actor: Actor, wo_id: int) -> WorkOrder:
    require_agent(actor)
    with Session(engine) as s:
        wo = s.get(WorkOrder, wo_id)
        if wo is None:
            raise HotlineError("没有找到这张工单。")
        return wo


def list_orders(engine: Engine, actor: Actor, *, status: str | None = None, contact_id: int | None = None,
                overdue_only: bool = False, limit: int = 200) -> list[WorkOrder]:
    require_agent(actor)
    with Session(engine) as s:
        q = select(WorkOrder)
        if status:
            q = q.where(WorkOrder.status == status)
        if contact_id is not None:
            q = q.where(WorkOrder.contact_id == contact_id)
        rows = list(s.exec(q.order_by(WorkOrder.due_at, WorkOrder.id).limit(limit)).all())
    if overdue_only:
        at = now()
        rows = [w for w in rows if is_overdue(w, at)]
    return rows


def timeline(engine: Engine, actor: Actor, wo_id: int) -> list[WorkOrderEvent]:
    require_agent(actor)
    with Session(engine) as s:
        return list(s.exec(select(WorkOrderEvent).where(WorkOrderEvent.work_order_id == wo_id)
                           .order_by(WorkOrderEvent.id)).all())


def orders_of_citizen(engine: Engine, actor: Actor) -> list[WorkOrder]:
    """A citizen's own work orders (to follow them and rate them)."""
    if actor is None or actor.person_id is None:
        return []
    with Session(engine) as s:
        return list(s.exec(select(WorkOrder).where(WorkOrder.person_id == actor.person_id)
                           .order_by(WorkOrder.created_at.desc())).all())
