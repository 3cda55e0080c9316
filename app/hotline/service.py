"""The hotline console's domain service: the only code that claims and closes contacts for
agents, shows them the citizen, and moves work orders along.

Every function takes the :class:`Actor` established by the server and checks access here, so no
channel (console page, REST route) can forget to: only ``hotline_agent`` and ``supervisor`` get
in, an agent acts only on contacts they claimed, and the citizen's personal data is shown masked
unless the agent opens the full record — which, like every state change, writes an audit row in
the same transaction.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.audit.service import record
from app.contacts.models import Contact
from app.contacts.service import append_in, build_contact, claim_in, close_in
from app.core.crypto import decrypt, lookup_hash
from app.core.privacy import redact
from app.hotline.models import (
    CATEGORIES, DEPARTMENTS, DISTRICTS, GAP_REASONS, OPEN_STATUSES, OUTCOMES, STATUS_LABELS, TRANSITIONS,
    USE_ACTIONS, VERDICTS, ContactWrapUp, KbGap, SuggestionEvent, WorkOrder, WorkOrderEvent,
)
from app.hotline.suggest import is_action_line
from app.identity.models import Account, Person
from app.identity.service import Actor, AuthError, normalize_phone

AGENT_ROLES = {"hotline_agent", "supervisor"}
SUPERVISOR_ROLES = {"supervisor"}
LINE_SOURCES = {"caller", "note", "agent"}
MAX_LINE_CHARS = 500


class AccessDenied(Exception):
    """The actor may not use the console or this record. The message is safe to show."""

    def __init__(self, message: str = "此功能仅限热线坐席和值班长使用。"):
        super().__init__(message)
        self.message = message


class HotlineError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def now() -> datetime:
    return datetime.now(timezone.utc)


def aware(dt: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes; everything here is UTC."""
    if dt is None:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def require_agent(actor: Actor | None) -> Actor:
    if actor is None or actor.role not in AGENT_ROLES:
        raise AccessDenied()
    return actor


def require_supervisor(actor: Actor | None) -> Actor:
    if actor is None or actor.role not in SUPERVISOR_ROLES:
        raise AccessDenied("此页面仅限值班长（班长）使用。")
    return actor


def _audit(s: Session, actor: Actor, action: str, object_type: str, object_id, *,
           person_id: int | None = None, detail: dict | None = None) -> None:
    record(s, action=action, object_type=object_type, object_id=object_id, channel=actor.channel,
           actor_account_id=actor.account_id, actor_role=actor.role, on_behalf_of_person_id=person_id,
           detail=detail)


def _mine(actor: Actor) -> str:
    return str(actor.account_id)


def _own_contact(s: Session, actor: Actor, contact_id: int) -> Contact:
    """A contact the actor has claimed (a supervisor may open any claimed or closed one)."""
    c = s.get(Contact, contact_id)
    if c is None:
        raise HotlineError("没有找到这条来电/转接记录。")
    if actor.role in SUPERVISOR_ROLES and c.status != "waiting":
        return c
    if c.status == "waiting" or c.claimed_by != _mine(actor):
        raise AccessDenied("请先接起这条来电/转接，才能查看和处理。")
    return c


# ------------------------------------------------------------------------------ the queue ---
def queue(engine: Engine, actor: Actor, limit: int = 50) -> list[Contact]:
    """Contacts waiting for a person, oldest first."""
    require_agent(actor)
    with Session(engine) as s:
        return list(s.exec(select(Contact).where(Contact.status == "waiting")
                           .order_by(Contact.created_at, Contact.id).limit(limit)).all())


def my_open_contacts(engine: Engine, actor: Actor) -> list[Contact]:
    require_agent(actor)
    with Session(engine) as s:
        return list(s.exec(select(Contact).where(Contact.status == "claimed", Contact.claimed_by == _mine(actor))
                           .order_by(Contact.updated_at.desc())).all())


def claim(engine: Engine, actor: Actor, contact_id: int) -> Contact:
    """接起: take a contact off the queue; the audit row names the citizen when known."""
    require_agent(actor)
    with Session(engine) as s:
        c = claim_in(s, contact_id, _mine(actor))
        if c is None:
            existing = s.get(Contact, contact_id)
            if existing is not None and existing.status == "claimed" and existing.claimed_by == _mine(actor):
                return existing  # a second click on 接起
            raise HotlineError("这条已被其他坐席接起或已结束。")
        _audit(s, actor, "contact.claim", "contact", c.id, person_id=c.person_id, detail={"kind": c.kind})
        s.commit()
        s.refresh(c)
        return c


MIN_REASON_CHARS = 2
MSG_REASON = "请写明查询原因（例如：来电人本人要求查询尊老金办理进度），会记入审计日志。"


def _reason(reason: str) -> str:
    """The agent's own words for why they look someone up (redacted, bounded; no default)."""
    text = redact(" ".join((reason or "").split()))[:100]
    if len(text) < MIN_REASON_CHARS:
        raise HotlineError(MSG_REASON)
    return text


def open_call(engine: Engine, actor: Actor, *, caller_phone: str = "", summary: str = "",
              reason: str = "") -> Contact:
    """来电: the phone rings — a new call contact, already claimed by the agent. A number the
    agent TYPES is a look-up by phone (there is no telephony bridge here to vouch for a live
    call), so it needs the agent's reason, recorded in the audit row; when the number belongs to a
    signed-up citizen the contact is linked to them (only a masked number is kept)."""
    require_agent(actor)
    person_id = None
    masked = ""
    why = ""
    if caller_phone.strip():
        why = _reason(reason)
        try:
            phone = normalize_phone(caller_phone)
        except AuthError as exc:
            raise HotlineError(str(exc)) from exc
        masked = redact(phone)
    with Session(engine) as s:
        if masked:
            acc = s.exec(select(Account).where(Account.phone_hash == lookup_hash(phone))).first()
            person_id = acc.person_id if acc else None
        c = build_contact(kind="call", channel="hotline", session_id=f"call-{uuid.uuid4().hex[:12]}",
                          summary=summary.strip() or (f"来电 {masked}" if masked else "来电"), person_id=person_id)
        c.status, c.claimed_by = "claimed", _mine(actor)
        s.add(c)
        s.flush()
        _audit(s, actor, "contact.open_call", "contact", c.id, person_id=person_id,
               detail={"caller": masked, "lookup": "typed", "reason": why} if masked else {})
        s.commit()
        s.refresh(c)
        return c


def get_contact(engine: Engine, actor: Actor, contact_id: int) -> Contact:
    require_agent(actor)
    with Session(engine) as s:
        return _own_contact(s, actor, contact_id)


def add_line(engine: Engine, actor: Actor, contact_id: int, text: str, source: str = "caller") -> Contact:
    """A line of the live transcript: what the caller said (typed or recognised), the agent's
    note, or what the agent answered. Redacted before it is stored."""
    require_agent(actor)
    if source not in LINE_SOURCES:
        raise HotlineError("未知的记录类型。")
    text = " ".join((text or "").split())[:MAX_LINE_CHARS]
    if not text:
        raise HotlineError("请先输入内容。")
    with Session(engine) as s:
        c = _own_contact(s, actor, contact_id)
        if c.status != "claimed":
            raise HotlineError("这条记录已经结束，不能再添加。")
        append_in(s, c, [{"from": source, "text": text, "at": now().isoformat(timespec="seconds"),
                          "by": actor.account_id}])
        _audit(s, actor, "contact.line", "contact", c.id, detail={"from": source, "chars": len(text)})
        s.commit()
        s.refresh(c)
        return c


# ---------------------------------------------------------------------------- the citizen ---
@dataclass
class CitizenCard:
    person_id: int
    name: str
    id_number: str
    phone: str
    region: str
    age: str
    full: bool = False


def mask_name(name: str) -> str:
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def _age(birth: date | None) -> str:
    if birth is None:
        return ""
    today = date.today()
    return str(today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day)))


def _phone_of(s: Session, person: Person) -> tuple[str, str]:
    """(masked, clear) phone: the person's own, or their account's."""
    if person.phone_enc:
        return person.phone_masked or "", decrypt(person.phone_enc)
    acc = s.exec(select(Account).where(Account.person_id == person.id)).first()
    if acc is not None and acc.phone_enc and acc.phone_enc != "-":
        return acc.phone_masked, decrypt(acc.phone_enc)
    return "", ""


def citizen_card(engine: Engine, actor: Actor, contact_id: int) -> CitizenCard | None:
    """The citizen of a claimed contact, masked (the claim's audit row already names them)."""
    require_agent(actor)
    with Session(engine) as s:
        c = _own_contact(s, actor, contact_id)
        if c.person_id is None:
            return None
        p = s.get(Person, c.person_id)
        if p is None:
            return None
        masked_phone, _clear = _phone_of(s, p)
        return CitizenCard(p.id, mask_name(p.name), p.id_number_masked, masked_phone, p.hukou_region or "",
                           _age(p.birth_date))


def reveal_citizen(engine: Engine, actor: Actor, contact_id: int, reason: str = "") -> CitizenCard:
    """查看完整信息: the full record, written to the audit log (person.read on behalf of them)
    with the reason the agent gives in their own words — there is no default reason."""
    require_agent(actor)
    why = _reason(reason)
    with Session(engine) as s:
        c = _own_contact(s, actor, contact_id)
        p = s.get(Person, c.person_id) if c.person_id else None
        if p is None:
            raise HotlineError("这条记录没有关联的市民。")
        masked_phone, phone = _phone_of(s, p)
        card = CitizenCard(p.id, p.name, decrypt(p.id_number_enc), phone, p.hukou_region or "", _age(p.birth_date),
                           full=True)
        _audit(s, actor, "person.read", "person", p.id, person_id=p.id,
               detail={"contact_id": c.id, "reason": why, "fields": ["name", "id_number", "phone"]})
        s.commit()
        return card


@dataclass
class ApplicationRow:
    ref: str
    service_code: str
    status: str
    updated_at: datetime


def citizen_applications(engine: Engine, actor: Actor, contact_id: int) -> list[ApplicationRow]:
    """The citizen's applications, read only; the look-up is audited (application.list)."""
    from app.applications import service as apps

    require_agent(actor)
    with Session(engine) as s:
        c = _own_contact(s, actor, contact_id)
        person_id = c.person_id
    if person_id is None:
        return []
    rows = apps.list_for_person_as_staff(engine, actor, person_id, purpose="hotline",
                                         detail={"contact_id": contact_id})
    return [ApplicationRow(a.ref or "", a.service_code, a.status, a.updated_at) for a in rows]


# ------------------------------------------------------------------------- suggestions ---
def record_use(engine: Engine, actor: Actor, contact_id: int, *, entry_id: str, entry_kind: str,
               action: str, query: str = "", confidence: float = 0.0) -> None:
    """An agent copied, inserted or read aloud a suggestion."""
    require_agent(actor)
    if action not in USE_ACTIONS:
        raise HotlineError("未知的操作。")
    with Session(engine) as s:
        _own_contact(s, actor, contact_id)
        s.add(SuggestionEvent(contact_id=contact_id, entry_id=entry_id[:32], entry_kind=entry_kind[:4],
                              action=action, query=redact(query)[:200], confidence=confidence,
                              by_account_id=actor.account_id))
        s.commit()


def _gap(s: Session, actor: Actor, contact_id: int | None, question: str, reason: str,
         best_entry: str | None = None, best_conf: float = 0.0, topic: str | None = None) -> bool:
    """Note a knowledge-base gap once per contact and question. Weak suggestions are noted once
    per contact (the first question that had none): the query grows with every line of the call,
    and one call should not fill the list with variations of one question."""
    q = redact(" ".join((question or "").split()))[:300]
    if not q:
        return False
    same = select(KbGap).where(KbGap.contact_id == contact_id)
    same = same.where(KbGap.reason == reason) if reason == "low_confidence" else same.where(KbGap.question == q)
    if s.exec(same).first() is not None:
        return False
    s.add(KbGap(contact_id=contact_id, question=q, reason=reason, best_entry_id=best_entry,
                best_confidence=best_conf, topic=topic, by_account_id=actor.account_id))
    return True


def feedback(engine: Engine, actor: Actor, contact_id: int, *, entry_id: str, entry_kind: str, verdict: str,
             query: str = "", confidence: float = 0.0, topic: str | None = None) -> None:
    """有用 / 没用 / 改了再用 on one suggestion. 没用 puts the question on the gap list."""
    require_agent(actor)
    if verdict not in VERDICTS:
        raise HotlineError("未知的评价。")
    with Session(engine) as s:
        _own_contact(s, actor, contact_id)
        s.add(SuggestionEvent(contact_id=contact_id, entry_id=entry_id[:32], entry_kind=entry_kind[:4],
                              action=verdict, query=redact(query)[:200], confidence=confidence,
                              by_account_id=actor.account_id))
        if verdict == "useless":
            _gap(s, actor, contact_id, query, "rejected", entry_id, confidence, topic)
        _audit(s, actor, "suggestion.feedback", "contact", contact_id,
               detail={"entry": entry_id, "verdict": verdict})
        s.commit()


def note_weak_suggestions(engine: Engine, actor: Actor, contact_id: int, *, query: str,
                          best_entry: str | None, best_confidence: float, topic: str | None = None) -> bool:
    """The suggestions for this question were all weak: a gap (noted once per contact and question)."""
    require_agent(actor)
    with Session(engine) as s:
        _own_contact(s, actor, contact_id)
        added = _gap(s, actor, contact_id, query, "low_confidence", best_entry, best_confidence, topic)
        if added:
            s.commit()
        return added



def note_answer_gap(engine: Engine, *, question: str, reason: str, best_entry: str | None = None,
                    best_confidence: float = 0.0, topic: str | None = None) -> bool:
    """The answer engine could not answer the point asked (any channel, no contact, no signed-in
    agent): the same gap list the console keeps, noted once per question and reason."""
    with Session(engine) as s:
        added = _gap(s, _NoActor(), None, question,
                     reason[:16], best_entry, best_confidence, topic)
        if added:
            s.commit()
        return added


class _NoActor:
    """A citizen-facing channel: nobody signed in stands behind the gap."""

    account_id = None

# ----------------------------------------------------------------------------- wrap-up ---
@dataclass
class WrapUpDraft:
    topic: str
    service_code: str
    outcome: str
    summary: str


def first_question(transcript: list[dict]) -> str:
    """The citizen's first words (not a chat button or a kiosk tap)."""
    for line in transcript or []:
        text = str(line.get("text", "")).strip()
        if line.get("from") in {"user", "caller"} and text and not is_action_line(text):
            return text
    return ""


def draft_wrap_up(kb, contact: Contact, used: list[dict], reply: str = "", has_work_order: bool = False) -> WrapUpDraft:
    """Prefill the wrap-up from the transcript and the suggestions used (``used``: dicts with
    entry_id, title, topic, service_code). The agent edits it before saving."""
    question = first_question(contact.transcript)
    if not question:
        question = contact.summary
    topic = contact.topic or (used[0]["topic"] if used else "")
    service = next((u["service_code"] for u in used if u.get("service_code")), "")
    if not topic and service:
        topic = kb.service_topic.get(service, "")
    if not topic and question:
        from app.search.engine import get_engine

        topic = get_engine().search(question, limit=1).topic or ""
    if has_work_order:
        outcome = "work_order"
    elif used or reply.strip():
        outcome = "answered"
    else:
        outcome = "unresolved"
    parts = [f"来电人询问：{question[:80]}"]
    if used:
        parts.append("答复依据：" + "；".join(u["title"][:30] for u in used[:3]))
    if reply.strip():
        parts.append(f"答复要点：{reply.strip()[:80]}")
    if has_work_order:
        parts.append("已转工单办理")
    return WrapUpDraft(topic, service, outcome, "。".join(parts) + "。")


def wrap_up(engine: Engine, actor: Actor, contact_id: int, *, topic: str, service_code: str, outcome: str,
            summary: str, reply: str = "", shown: list[dict] | None = None) -> ContactWrapUp:
    """结束并小结: save the wrap-up (with the reply given), close the contact, and settle the
    suggestion statistics — each suggestion shown counts once; an inserted one without a verdict
    counts as 有用 when the reply still holds its text, else as 改了再用; a contact where nothing
    was used is a gap."""
    require_agent(actor)
    if outcome not in OUTCOMES:
        raise HotlineError("请选择处理结果。")
    summary = redact(" ".join((summary or "").split()))
    if not summary:
        raise HotlineError("请填写小结。")
    with Session(engine) as s:
        c = _own_contact(s, actor, contact_id)
        if c.status != "claimed":
            raise HotlineError("这条记录已经结束。")
        events = list(s.exec(select(SuggestionEvent).where(SuggestionEvent.contact_id == c.id)).all())
        verdicts = {e.entry_id for e in events if e.action in VERDICTS}
        inserted = {e.entry_id: e for e in events if e.action == "insert"}
        used = sorted({e.entry_id for e in events if e.action in USE_ACTIONS}
                      | {e.entry_id for e in events if e.action in {"useful", "edited"}})
        shown_by_id = {str(x.get("entry_id")): x for x in (shown or []) if x.get("entry_id")}
        for entry_id, x in shown_by_id.items():
            s.add(SuggestionEvent(contact_id=c.id, entry_id=entry_id[:32], entry_kind=str(x.get("kind", ""))[:4],
                                  action="shown", query=redact(str(x.get("query", "")))[:200],
                                  confidence=float(x.get("confidence", 0) or 0), by_account_id=actor.account_id))
        for entry_id, ev in inserted.items():
            if entry_id in verdicts:
                continue
            answer = str(shown_by_id.get(entry_id, {}).get("answer", ""))
            kept = bool(answer) and answer.strip() in (reply or "")
            s.add(SuggestionEvent(contact_id=c.id, entry_id=entry_id, entry_kind=ev.entry_kind,
                                  action="useful" if kept else "edited", query=ev.query,
                                  confidence=ev.confidence, implicit=True, by_account_id=actor.account_id))
        if not used and outcome != "answered":
            q = first_question(c.transcript) or c.summary
            best = max(shown_by_id.values(), key=lambda x: float(x.get("confidence", 0) or 0), default=None)
            _gap(s, actor, c.id, q, "unanswered", best.get("entry_id") if best else None,
                 float(best.get("confidence", 0) or 0) if best else 0.0, topic or None)
        w = ContactWrapUp(contact_id=c.id, topic=topic or None, service_code=service_code or None, outcome=outcome,
                          summary=summary[:1000], reply=redact(reply)[:4000] or None, used_entries=used,
                          by_account_id=actor.account_id)
        s.merge(w)
        close_in(s, c, topic=topic or None, note=summary[:1000])
        _audit(s, actor, "contact.wrap_up", "contact", c.id, person_id=c.person_id,
               detail={"outcome": outcome, "topic": topic, "service_code": service_code, "used": used[:10]})
        s.commit()
        return s.get(ContactWrapUp, c.id)


def get_wrap_up(engine: Engine, actor: Actor, contact_id: int) -> ContactWrapUp | None:
    require_agent(actor)
    with Session(engine) as s:
        return s.get(ContactWrapUp, contact_id)


# ------------------------------------------------------------------------- work orders ---
def is_overdue(wo: WorkOrder, at: datetime | None = None) -> bool:
    """Still open (not yet answered by the department) after its due time."""
    return wo.status in OPEN_STATUSES and aware(wo.due_at) < (at or now())


def answered_late(wo: WorkOrder) -> bool:
    return wo.fed_back_at is not None and aware(wo.fed_back_at) > aware(wo.due_at)


def _event(s: Session, actor: Actor, wo: WorkOrder, from_status: str | None, note: str | None) -> None:
    s.add(WorkOrderEvent(work_order_id=wo.id, from_status=from_status, status=wo.status,
                         by_account_id=actor.account_id, by_role=actor.role, note=note))
    _audit(s, actor, f"work_order.{wo.status}" if from_status else "work_order.create", "work_order", wo.id,
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
        c = _own_contact(s, actor, contact_id)
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


# ---------------------------------------------------------------------- supervisor view ---
@dataclass
class EntryStats:
    entry_id: str
    kind: str
    shown: int = 0
    used: int = 0
    useful: int = 0
    useless: int = 0
    edited: int = 0

    @property
    def judged(self) -> int:
        return self.useful + self.useless + self.edited

    @property
    def acceptance_rate(self) -> float | None:
        """Accepted (有用 + 改了再用) of the verdicts given."""
        return (self.useful + self.edited) / self.judged if self.judged else None

    @property
    def edit_rate(self) -> float | None:
        """Of the accepted ones, how many needed editing first."""
        acc = self.useful + self.edited
        return self.edited / acc if acc else None


def suggestion_stats(engine: Engine, actor: Actor) -> list[EntryStats]:
    """Per knowledge-base entry: shown, used, verdicts; acceptance and edit rates."""
    require_agent(actor)
    stats: dict[str, EntryStats] = {}
    with Session(engine) as s:
        for e in s.exec(select(SuggestionEvent)).all():
            st = stats.setdefault(e.entry_id, EntryStats(e.entry_id, e.entry_kind))
            if e.action == "shown":
                st.shown += 1
            elif e.action in USE_ACTIONS:
                st.used += 1
            elif e.action in VERDICTS:
                setattr(st, e.action, getattr(st, e.action) + 1)
    return sorted(stats.values(), key=lambda x: (-x.judged, -x.shown, x.entry_id))


def acceptance_rate(stats: list[EntryStats]) -> float | None:
    judged = sum(x.judged for x in stats)
    return sum(x.useful + x.edited for x in stats) / judged if judged else None


def edit_rate(stats: list[EntryStats]) -> float | None:
    acc = sum(x.useful + x.edited for x in stats)
    return sum(x.edited for x in stats) / acc if acc else None


def gaps(engine: Engine, actor: Actor, limit: int = 200) -> list[KbGap]:
    """Questions with no good suggestion, newest first (for the knowledge-base maintainers)."""
    require_agent(actor)
    with Session(engine) as s:
        return list(s.exec(select(KbGap).order_by(KbGap.at.desc(), KbGap.id.desc()).limit(limit)).all())


@dataclass
class Dashboard:
    #: (topic, {status: count}) for every topic with orders
    by_topic: list[tuple[str, dict[str, int]]] = field(default_factory=list)
    by_status: dict[str, int] = field(default_factory=dict)
    overdue: list[WorkOrder] = field(default_factory=list)
    total: int = 0
    answered_late: int = 0
    avg_rating: float | None = None
    acceptance_rate: float | None = None
    edit_rate: float | None = None
    entries: list[EntryStats] = field(default_factory=list)
    gaps: list[KbGap] = field(default_factory=list)
    contacts_by_outcome: dict[str, int] = field(default_factory=dict)


def dashboard(engine: Engine, actor: Actor, at: datetime | None = None) -> Dashboard:
    """The supervisor's view: orders by topic and status, overdue orders, suggestion rates, gaps."""
    require_supervisor(actor)
    at = at or now()
    with Session(engine) as s:
        orders = list(s.exec(select(WorkOrder)).all())
        outcomes = Counter(w.outcome for w in s.exec(select(ContactWrapUp)).all())
    table: dict[str, Counter] = defaultdict(Counter)
    for w in orders:
        table[w.topic or "未分类"][w.status] += 1
    ratings = [w.rating for w in orders if w.rating]
    entries = suggestion_stats(engine, actor)
    return Dashboard(
        by_topic=sorted(((t, dict(c)) for t, c in table.items()), key=lambda x: -sum(x[1].values())),
        by_status=dict(Counter(w.status for w in orders)),
        overdue=sorted((w for w in orders if is_overdue(w, at)), key=lambda w: aware(w.due_at)),
        total=len(orders),
        answered_late=sum(1 for w in orders if answered_late(w)),
        avg_rating=(sum(ratings) / len(ratings)) if ratings else None,
        acceptance_rate=acceptance_rate(entries),
        edit_rate=edit_rate(entries),
        entries=entries,
        gaps=gaps(engine, actor, limit=100),
        contacts_by_outcome=dict(outcomes),
    )


__all__ = [
    "AGENT_ROLES", "AccessDenied", "HotlineError", "CATEGORIES", "DISTRICTS", "DEPARTMENTS", "OUTCOMES",
    "GAP_REASONS", "STATUS_LABELS",
]
