"""AuditEvent rows are only ever inserted (no update or delete path exists in the code)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column
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
