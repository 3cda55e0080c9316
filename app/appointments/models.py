"""Slots (one office, one day, one half-day, a capacity) and the bookings that take them.

Why a counter with a conditional UPDATE: ``UPDATE … SET booked = booked + 1 WHERE booked <
capacity`` is atomic in the database itself, so two requests for the last seat — two threads, two
processes, two machines on one PostgreSQL — cannot both win; no Python lock is involved. One
active booking per person per service is a unique ``active_key`` (NULL once cancelled or done, and
NULLs never collide), also held by the database.

Personal data (names, ID number, phone) are stored encrypted with a masked copy for display and a
keyed hash for look-up, like ``person`` and ``application``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from app.core.clock import utcnow

HALF_LABELS = {"am": "上午", "pm": "下午"}
STATUS_LABELS = {"booked": "已预约", "cancelled": "已取消"}


class AppointmentSlot(SQLModel, table=True):
    __tablename__ = "appointment_slot"
    __table_args__ = (UniqueConstraint("service_code", "office_id", "day", "half", name="uq_appointment_slot"),)

    id: int | None = Field(default=None, primary_key=True)
    service_code: str = Field(max_length=16, index=True)
    #: Stable id of a knowledge-base office (see ``offices.office_id``).
    office_id: str = Field(max_length=16, index=True)
    day: date = Field(index=True)
    half: str = Field(max_length=2)  # am | pm
    capacity: int
    booked: int = 0


class Appointment(SQLModel, table=True):
    __tablename__ = "appointment"

    id: int | None = Field(default=None, primary_key=True)
    #: 预约号, shown in full to the booker and quoted at the window.
    ref: str = Field(unique=True, index=True, max_length=20)
    service_code: str = Field(max_length=16, index=True)
    office_id: str = Field(max_length=16)
    slot_id: int = Field(foreign_key="appointment_slot.id", index=True)
    day: date = Field(index=True)
    half: str = Field(max_length=2)
    status: str = Field(default="booked", max_length=12, index=True)
    #: The account that booked (only it may see, change or cancel the booking).
    account_id: int = Field(foreign_key="account.id", index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    name_enc: str
    name_masked: str = Field(max_length=16)
    id_number_enc: str
    id_number_hash: str = Field(max_length=64, index=True)
    id_number_masked: str = Field(max_length=24)
    partner_name_enc: str | None = None
    partner_name_masked: str | None = Field(default=None, max_length=16)
    phone_enc: str
    phone_masked: str = Field(max_length=16)
    #: "<service>|<id hash>" while booked, NULL otherwise: one active booking per person per service.
    active_key: str | None = Field(default=None, unique=True, max_length=96)
    channel: str = Field(default="web", max_length=16)
    created_at: datetime = Field(default_factory=utcnow)
    changed_at: datetime | None = None
    cancelled_at: datetime | None = None
    #: Set once, by a conditional UPDATE, when the day-before reminder is sent.
    reminder_sent_at: datetime | None = None
