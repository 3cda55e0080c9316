"""Writing audit rows. ``record`` adds to the caller's session, so the row commits (or rolls
back) in the same transaction as the act it records."""

from __future__ import annotations

from sqlmodel import Session, select

from app.audit.models import AuditEvent
from app.core.privacy import redact


def _clean(value):
    """Every string in an audit detail is redacted here, whichever caller wrote it: audit rows are
    kept for years and must never hold an ID, phone or card number in clear."""
    if isinstance(value, str):
        return redact(value)[:500]
    if isinstance(value, dict):
        return {str(k)[:48]: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def record(session: Session, *, action: str, object_type: str, object_id: str | int,
           channel: str, actor_account_id: int | None = None, actor_role: str = "citizen",
           on_behalf_of_person_id: int | None = None, delegation_id: int | None = None,
           detail: dict | None = None) -> AuditEvent:
    ev = AuditEvent(action=action, object_type=object_type, object_id=str(object_id), channel=channel,
                    actor_account_id=actor_account_id, actor_role=actor_role,
                    on_behalf_of_person_id=on_behalf_of_person_id, delegation_id=delegation_id,
                    detail=_clean(detail or {}))
    session.add(ev)
    return ev


def events_for(session: Session, *, object_type: str | None = None, object_id: str | None = None,
               action: str | None = None) -> list[AuditEvent]:
    q = select(AuditEvent)
    if object_type:
        q = q.where(AuditEvent.object_type == object_type)
    if object_id is not None:
        q = q.where(AuditEvent.object_id == str(object_id))
    if action:
        q = q.where(AuditEvent.action == action)
    return list(session.exec(q.order_by(AuditEvent.id)).all())
