"""Putting contacts on the queue and taking them off (the only writers of Contact rows)."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.contacts.models import Contact, utcnow
from app.core.privacy import redact

VALID_KINDS = {"handoff", "kiosk_help", "call"}


def create_contact(engine: Engine, *, kind: str, channel: str, session_id: str, summary: str,
                   transcript: list[dict] | None = None, topic: str | None = None,
                   person_id: int | None = None) -> Contact:
    """Queue a request for a person. Text is redacted here, so no caller can forget to."""
    if kind not in VALID_KINDS:
        raise ValueError(f"unknown contact kind {kind!r}")
    clean = [{**m, "text": redact(str(m.get("text", "")))} for m in (transcript or [])]
    contact = Contact(kind=kind, channel=channel, session_id=session_id[:64],
                      summary=redact(summary)[:200], transcript=clean, topic=topic, person_id=person_id)
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
