"""The queue and the live call: contacts waiting for a person, 接起, a typed 来电, and the lines of
the transcript (redacted before they are stored)."""

from __future__ import annotations

import uuid

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.contacts.models import Contact
from app.contacts.service import append_in, build_contact, claim_in
from app.core.crypto import lookup_hash
from app.core.privacy import redact
from app.hotline.access import (
    LINE_SOURCES,
    MAX_LINE_CHARS,
    HotlineError,
    account_key,
    agent_reason,
    audit,
    now,
    own_contact,
    require_agent,
)
from app.identity.models import Account
from app.identity.service import Actor, AuthError, normalize_phone


def queue(engine: Engine, actor: Actor, limit: int = 50) -> list[Contact]:
    """Contacts waiting for a person, oldest first."""
    require_agent(actor)
    with Session(engine) as s:
        return list(s.exec(select(Contact).where(Contact.status == "waiting")
                           .order_by(Contact.created_at, Contact.id).limit(limit)).all())


def my_open_contacts(engine: Engine, actor: Actor) -> list[Contact]:
    require_agent(actor)
    with Session(engine) as s:
        return list(s.exec(select(Contact).where(Contact.status == "claimed", Contact.claimed_by == account_key(actor))
                           .order_by(Contact.updated_at.desc())).all())


def claim(engine: Engine, actor: Actor, contact_id: int) -> Contact:
    """接起: take a contact off the queue; the audit row names the citizen when known."""
    require_agent(actor)
    with Session(engine) as s:
        c = claim_in(s, contact_id, account_key(actor))
        if c is None:
            existing = s.get(Contact, contact_id)
            if existing is not None and existing.status == "claimed" and existing.claimed_by == account_key(actor):
                return existing  # a second click on 接起
            raise HotlineError("这条已被其他坐席接起或已结束。")
        audit(s, actor, "contact.claim", "contact", c.id, person_id=c.person_id, detail={"kind": c.kind})
        s.commit()
        s.refresh(c)
        return c


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
        why = agent_reason(reason)
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
        c.status, c.claimed_by = "claimed", account_key(actor)
        s.add(c)
        s.flush()
        audit(s, actor, "contact.open_call", "contact", c.id, person_id=person_id,
               detail={"caller": masked, "lookup": "typed", "reason": why} if masked else {})
        s.commit()
        s.refresh(c)
        return c


def get_contact(engine: Engine, actor: Actor, contact_id: int) -> Contact:
    require_agent(actor)
    with Session(engine) as s:
        return own_contact(s, actor, contact_id)


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
        c = own_contact(s, actor, contact_id)
        if c.status != "claimed":
            raise HotlineError("这条记录已经结束，不能再添加。")
        append_in(s, c, [{"from": source, "text": text, "at": now().isoformat(timespec="seconds"),
                          "by": actor.account_id}])
        audit(s, actor, "contact.line", "contact", c.id, detail={"from": source, "chars": len(text)})
        s.commit()
        s.refresh(c)
        return c
