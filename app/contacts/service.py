"""Putting contacts on the queue and taking them off (the only writers of Contact rows)."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.contacts.models import Contact
from app.core.clock import utcnow
from app.core.limits import CONTACTS_PER_CLIENT, MAX_WAITING_ANONYMOUS
from app.core.privacy import redact

VALID_KINDS = {"handoff", "kiosk_help", "call"}


def build_contact(*, kind: str, channel: str, session_id: str, summary: str,
                  transcript: list[dict] | None = None, topic: str | None = None,
                  person_id: int | None = None) -> Contact:
    """A new, unsaved Contact with its text redacted (for callers that save it in their own
    transaction, with its audit row)."""
    if kind not in VALID_KINDS:
        raise ValueError(f"unknown contact kind {kind!r}")
    clean = [{**m, "text": redact(str(m.get("text", "")))} for m in (transcript or [])]
    return Contact(kind=kind, channel=channel, session_id=session_id[:64],
                   summary=redact(summary)[:200], transcript=clean, topic=topic, person_id=person_id)


class QueueFull(Exception):
    """Too many requests for a person from one client, or too many anonymous ones waiting."""


#: Kinds a stranger can create without signing in (转人工, 呼叫工作人员): limited here.
LIMITED_KINDS = {"handoff", "kiosk_help"}


def create_contact(engine: Engine, *, kind: str, channel: str, session_id: str, summary: str,
                   transcript: list[dict] | None = None, topic: str | None = None,
                   person_id: int | None = None, client_key: str | None = None) -> Contact:
    """Queue a request for a person. Text is redacted here, so no caller can forget to.

    Limits that hold whoever calls: each chat session / kiosk / client (``client_key``) may queue
    ``CONTACTS_PER_CLIENT``; and at most ``MAX_WAITING_ANONYMOUS`` anonymous requests of a kind wait
    at once, so a flood of new sessions cannot bury the signed-in citizens' requests."""
    contact = build_contact(kind=kind, channel=channel, session_id=session_id, summary=summary,
                            transcript=(transcript or [])[-50:], topic=topic, person_id=person_id)
    if kind in LIMITED_KINDS:
        keys = [f"{kind}:session:{session_id[:64]}"] + ([f"{kind}:{client_key}"] if client_key else [])
        if not all(CONTACTS_PER_CLIENT.allow(k) for k in keys):
            raise QueueFull("too many requests from this client")
        if person_id is None:
            with Session(engine) as s:
                waiting = len(s.exec(select(Contact.id).where(Contact.kind == kind, Contact.status == "waiting",
                                                              Contact.person_id.is_(None))).all())
            if waiting >= MAX_WAITING_ANONYMOUS:
                raise QueueFull("too many anonymous requests waiting")
    with Session(engine) as s:
        s.add(contact)
        s.commit()
        s.refresh(contact)
    return contact


def waiting_contacts(engine: Engine, limit: int = 50) -> list[Contact]:
    with Session(engine) as s:
        return list(s.exec(select(Contact).where(Contact.status == "waiting")
                           .order_by(Contact.created_at).limit(limit)).all())


def get_contact(engine: Engine, contact_id: int) -> Contact | None:
    with Session(engine) as s:
        return s.get(Contact, contact_id)


def set_status(engine: Engine, contact_id: int, status: str, by: str | None = None) -> Contact:
    if status not in {"waiting", "claimed", "closed"}:
        raise ValueError(f"unknown status {status!r}")
    with Session(engine) as s:
        c = s.get(Contact, contact_id)
        if c is None:
            raise LookupError(contact_id)
        c.status, c.updated_at = status, utcnow()
        if by:
            c.claimed_by = by
        s.add(c)
        s.commit()
        s.refresh(c)
        return c


# ---- within the caller's transaction (the hotline console writes its audit row beside these) ----

def claim_in(s: Session, contact_id: int, by: str) -> Contact | None:
    """Take a waiting contact off the queue. None when it is gone or someone else was quicker:
    the update only matches a row that is still waiting, so two agents cannot both claim it."""
    done = s.execute(update(Contact).where(Contact.id == contact_id, Contact.status == "waiting")
                     .values(status="claimed", claimed_by=by, updated_at=utcnow()))
    if done.rowcount != 1:
        return None
    c = s.get(Contact, contact_id)
    s.refresh(c)
    return c


def append_in(s: Session, contact: Contact, lines: list[dict]) -> Contact:
    """Add lines to the transcript (redacted here, like every transcript text)."""
    clean = [{**m, "text": redact(str(m.get("text", "")))} for m in lines]
    contact.transcript = [*(contact.transcript or []), *clean]
    contact.updated_at = utcnow()
    s.add(contact)
    return contact


def close_in(s: Session, contact: Contact, *, topic: str | None = None, note: str | None = None) -> Contact:
    contact.status, contact.updated_at = "closed", utcnow()
    if topic:
        contact.topic = topic
    if note is not None:
        contact.note = redact(note)
    s.add(contact)
    return contact
