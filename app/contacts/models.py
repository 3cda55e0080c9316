"""Contact table: one row per request for a person, with the conversation so far."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

from app.core.clock import utcnow

ContactKind = Literal["handoff", "kiosk_help", "call"]
ContactStatus = Literal["waiting", "claimed", "closed"]


class Contact(SQLModel, table=True):
    __tablename__ = "contact"

    id: int | None = Field(default=None, primary_key=True)
    #: handoff (from the assistant) | kiosk_help (呼叫工作人员) | call (hotline)
    kind: str = Field(index=True, max_length=16)
    #: web | kiosk | hotline | miniprogram
    channel: str = Field(max_length=16)
    #: The channel's own session id (chat session, kiosk id …), for linking back.
    session_id: str = Field(index=True, max_length=64)
    #: Who the contact is about, when signed in (an account / person id); None when anonymous.
    person_id: int | None = Field(default=None, index=True)
    #: One line for the queue ("尊老金 · 用户要求转人工").
    summary: str = Field(max_length=200)
    #: The conversation so far: [{"from": "user"|"bot"|"agent"|"system", "text": str, "at": iso}],
    #: with ID and phone numbers already redacted.
    transcript: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    topic: str | None = Field(default=None, max_length=16)
    status: str = Field(default="waiting", index=True, max_length=16)
    claimed_by: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    updated_at: datetime = Field(default_factory=utcnow)
    note: str | None = Field(default=None, sa_column=Column(Text))
