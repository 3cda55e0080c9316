"""结束并小结: the wrap-up drafted from the transcript and the suggestions used, saved with the
reply given, which closes the contact and settles the suggestion statistics."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.contacts.models import Contact
from app.contacts.service import close_in
from app.core.privacy import redact
from app.hotline.access import HotlineError, audit, own_contact, require_agent
from app.hotline.models import OUTCOMES, USE_ACTIONS, VERDICTS, ContactWrapUp, SuggestionEvent
from app.hotline.suggest import is_action_line
from app.hotline.usage import add_gap
from app.identity.service import Actor


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
        c = own_contact(s, actor, contact_id)
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
            add_gap(s, actor, c.id, q, "unanswered", best.get("entry_id") if best else None,
                 float(best.get("confidence", 0) or 0) if best else 0.0, topic or None)
        w = ContactWrapUp(contact_id=c.id, topic=topic or None, service_code=service_code or None, outcome=outcome,
                          summary=summary[:1000], reply=redact(reply)[:4000] or None, used_entries=used,
                          by_account_id=actor.account_id)
        s.merge(w)
        close_in(s, c, topic=topic or None, note=summary[:1000])
        audit(s, actor, "contact.wrap_up", "contact", c.id, person_id=c.person_id,
               detail={"outcome": outcome, "topic": topic, "service_code": service_code, "used": used[:10]})
        s.commit()
        return s.get(ContactWrapUp, c.id)


def get_wrap_up(engine: Engine, actor: Actor, contact_id: int) -> ContactWrapUp | None:
    require_agent(actor)
    with Session(engine) as s:
        return s.get(ContactWrapUp, contact_id)
