"""AuditEvent rows are only ever inserted (no update or delete path exists in the code).

Each row is sealed into a hash chain when it is flushed (``app/audit/chain.py``): ``chain_seq`` is
its place, ``prev_hash`` the previous row's ``row_hash``, ``row_hash`` a keyed hash (HMAC-SHA256)
of its fields and ``prev_hash``. Rows written before the chain existed have all three empty.
``AuditChainHead`` is the one row writers lock to append, so concurrent writers cannot fork it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, event
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Field, SQLModel

from app.core.clock import utcnow


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    #: The account that acted (None for the system itself).
    actor_account_id: int | None = Field(default=None, index=True)
    actor_role: str = Field(max_length=16)
    #: The person whose data or case it was, when not the actor themself.
    on_behalf_of_person_id: int | None = Field(default=None, index=True)
    delegation_id: int | None = Field(default=None, index=True)
    #: e.g. auth.sign_in, application.start, application.answer, application.submit, person.read
    action: str = Field(max_length=48, index=True)
    object_type: str = Field(max_length=24)
    object_id: str = Field(max_length=48)
    #: 手机 web | 自助终端 kiosk | 窗口 window | 热线 hotline | system
    channel: str = Field(max_length=16)
    #: Never personal data in clear: masked values only.
    detail: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    #: Place in the hash chain (1, 2, 3 … without gaps); None on rows older than the chain.
    chain_seq: int | None = Field(default=None, index=True)
    #: ``row_hash`` of the row before (None for the first chained row).
    prev_hash: str | None = Field(default=None, max_length=64)
    #: HMAC-SHA256 (hex) of this row's fields and ``prev_hash``, keyed by the audit key.
    row_hash: str | None = Field(default=None, max_length=64)


class AuditChainHead(SQLModel, table=True):
    """The end of the chain: one row (id 1), locked by every writer that appends (FOR UPDATE on
    PostgreSQL; SQLite has one writer at a time anyway). Also lets verify notice rows cut off the
    end, which the rows alone cannot show."""

    __tablename__ = "audit_chain_head"

    id: int = Field(default=1, primary_key=True)
    seq: int = Field(default=0)
    last_hash: str | None = Field(default=None, max_length=64)


class AuditRowImmutable(RuntimeError):
    """Raised when code tries to change or delete an audit row through the ORM."""


@event.listens_for(OrmSession, "before_flush")
def _seal_new_audit_events(session, _flush_context, _instances) -> None:
    """Chain every new AuditEvent in the flush that inserts it, whoever added it (``record`` or
    not): the lock on the head is taken as late as possible (at the flush, not at ``record``) and
    the hash covers the row exactly as it is written, even if the caller changed it after
    ``record``."""
    for o in list(session.deleted) + list(session.dirty):
        if isinstance(o, AuditEvent) and (o in session.deleted or session.is_modified(o)):
            raise AuditRowImmutable("审计记录只能追加，不能修改或删除。")
    if not any(isinstance(o, AuditEvent) for o in session.new):
        return
    from app.audit.chain import seal

    seal(session, [o for o in session.new if isinstance(o, AuditEvent)])
