"""定点提醒: the in-app inbox (one row per reminder) and each recipient's opt-outs.

A reminder is for a *recipient*: a person (``p:<person id>``) or, when the one who must act has no
person record yet (a 代办人 who never gave their ID number), an account (``a:<account id>``). One
string column, because a unique constraint over two nullable columns would let NULLs through.

``(recipient, kind, occasion)`` is unique in the database: whatever runs twice, or at the same
time, a reminder exists — and is sent — once. ``occasion`` says which event it is about (the
birthday date, the returning event's id, the delegation and its end date), so a second return of
the same application, or a renewed delegation, is a new reminder.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.core.clock import utcnow

#: Kinds of reminder, and how the inbox and the opt-out page name them.
KINDS = {
    "age_milestone": "年龄到了可以申请的待遇（如尊老金）",
    "returned": "申请被退回补正",
    "delegation_expiring": "代办授权快到期",
}


class Reminder(SQLModel, table=True):
    __tablename__ = "reminder"
    __table_args__ = (UniqueConstraint("recipient", "kind", "occasion", name="uq_reminder_once"),)

    id: int | None = Field(default=None, primary_key=True)
    recipient: str = Field(index=True, max_length=24)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    account_id: int | None = Field(default=None, foreign_key="account.id", index=True)
    kind: str = Field(max_length=24)
    occasion: str = Field(max_length=64)
    service_code: str | None = Field(default=None, max_length=16)
    title: str = Field(max_length=80)
    body: str = Field(sa_column=Column(Text, nullable=False))
    link: str | None = Field(default=None, max_length=120)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    read_at: datetime | None = None
    #: The SMS: pending (to send) | sending (claimed by one run) | sent | failed (retried) |
    #: no_phone (nothing on record) | skipped (opted out since) | gave_up (failed ``MAX_SMS_ATTEMPTS`` times)
    sms_status: str = Field(default="pending", index=True, max_length=8)
    sms_attempts: int = 0
    sms_to_masked: str | None = Field(default=None, max_length=16)
    sms_sent_at: datetime | None = None


class ReminderOptOut(SQLModel, table=True):
    """The recipient does not want reminders of this kind (inbox nor SMS), until they opt in again."""

    __tablename__ = "reminder_opt_out"
    __table_args__ = (UniqueConstraint("recipient", "kind", name="uq_reminder_opt_out"),)

    id: int | None = Field(default=None, primary_key=True)
    recipient: str = Field(index=True, max_length=24)
    kind: str = Field(max_length=24)
    at: datetime = Field(default_factory=utcnow)
