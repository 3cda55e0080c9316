"""Application and its status timeline."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

from app.core.clock import utcnow

#: Status flow: draft → submitted (已提交) → accepted (受理) → reviewing (审核) → completed (办结);
#: returned (退回补正) goes back to the applicant, who can resubmit.
STATUS_LABELS = {
    "draft": "草稿",
    "submitted": "已提交",
    "accepted": "已受理",
    "reviewing": "审核中",
    "completed": "已办结",
    "returned": "退回补正",
}
TRANSITIONS = {
    "submitted": {"accepted", "returned"},
    "accepted": {"reviewing", "returned"},
    "reviewing": {"completed", "returned"},
    "returned": {"submitted"},
}


class Application(SQLModel, table=True):
    __tablename__ = "application"

    id: int | None = Field(default=None, primary_key=True)
    #: 受理编号, given on submission.
    ref: str | None = Field(default=None, unique=True, index=True, max_length=24)
    service_code: str = Field(index=True, max_length=16)
    bundle_code: str | None = Field(default=None, max_length=24)
    #: The person the application is for (set once their ID number is given).
    beneficiary_person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    #: The account that filled it in (the applicant or their agent).
    submitted_by_account_id: int = Field(foreign_key="account.id", index=True)
    #: The authority used when acting for someone else (delegation issue); None when for oneself.
    delegation_id: int | None = Field(default=None, index=True)
    #: 为谁办理: self | other
    for_whom: str = Field(default="self", max_length=8)
    channel: str = Field(default="web", max_length=16)
    status: str = Field(default="draft", index=True, max_length=16)
    #: Answers by question key. Sensitive answers are stored as {"enc": …, "masked": …}.
    answers: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    current_step: int = 0
    #: Makes submission idempotent: a retried or doubled submit finds this key.
    idempotency_key: str | None = Field(default=None, unique=True, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    submitted_at: datetime | None = None
    rating: int | None = None
    rating_comment: str | None = Field(default=None, sa_column=Column(Text))


class ApplicationEvent(SQLModel, table=True):
    __tablename__ = "application_event"

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True)
    status: str = Field(max_length=16)
    at: datetime = Field(default_factory=utcnow)
    by_account_id: int | None = None
    reason: str | None = Field(default=None, sa_column=Column(Text))
