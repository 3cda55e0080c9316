"""What agents did with the suggestions (copied, inserted, read aloud; 有用 / 没用 / 改了再用) and
the knowledge base's gap list, which the console and the citizen-facing answer engine both feed."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.core.privacy import redact
from app.hotline.access import HotlineError, audit, own_contact, require_agent
from app.hotline.models import USE_ACTIONS, VERDICTS, KbGap, SuggestionEvent
from app.identity.service import Actor


def record_use(engine: Engine, actor: Actor, contact_id: int, *, entry_id: str, entry_kind: str,
               action: str, query: str = "", confidence: float = 0.0) -> None:
    """An agent copied, inserted or read aloud a suggestion."""
    require_agent(actor)
    if action not in USE_ACTIONS:
        raise HotlineError("未知的操作。")
    with Session(engine) as s:
        own_contact(s, actor, contact_id)
        _add_event(s, actor, contact_id, entry_id, entry_kind, action, query, confidence)
        s.commit()


def _add_event(s: Session, actor: Actor, contact_id: int, entry_id: str, entry_kind: str, action: str,
               query: str, confidence: float) -> None:
    """One suggestion event (a use or a verdict), bounded and with the query redacted."""
    s.add(SuggestionEvent(contact_id=contact_id, entry_id=entry_id[:32], entry_kind=entry_kind[:4],
                          action=action, query=redact(query)[:200], confidence=confidence,
                          by_account_id=actor.account_id))


def add_gap(s: Session, actor: Actor, contact_id: int | None, question: str, reason: str,
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
        own_contact(s, actor, contact_id)
        _add_event(s, actor, contact_id, entry_id, entry_kind, verdict, query, confidence)
        if verdict == "useless":
            add_gap(s, actor, contact_id, query, "rejected", entry_id, confidence, topic)
        audit(s, actor, "suggestion.feedback", "contact", contact_id,
               detail={"entry": entry_id, "verdict": verdict})
        s.commit()


def note_weak_suggestions(engine: Engine, actor: Actor, contact_id: int, *, query: str,
                          best_entry: str | None, best_confidence: float, topic: str | None = None) -> bool:
    """The suggestions for this question were all weak: a gap (noted once per contact and question)."""
    require_agent(actor)
    with Session(engine) as s:
        own_contact(s, actor, contact_id)
        added = add_gap(s, actor, contact_id, query, "low_confidence", best_entry, best_confidence, topic)
        if added:
            s.commit()
        return added


def note_answer_gap(engine: Engine, *, question: str, reason: str, best_entry: str | None = None,
                    best_confidence: float = 0.0, topic: str | None = None) -> bool:
    """The answer engine could not answer the point asked (any channel, no contact, no signed-in
    agent): the same gap list the console keeps, noted once per question and reason."""
    with Session(engine) as s:
        added = add_gap(s, _NoActor(), None, question,
                     reason[:16], best_entry, best_confidence, topic)
        if added:
            s.commit()
        return added


class _NoActor:
    """A citizen-facing channel: nobody signed in stands behind the gap."""

    account_id = None
