"""Person (自然人), Account (a sign-in identity), one-time codes and sessions.

Personal identifiers are stored encrypted with a keyed hash for look-up and a masked copy
for display; the clear value never reaches the UI, logs or other channels.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from app.core.clock import utcnow

ROLES = ("citizen", "community_agent", "window_staff", "hotline_agent", "supervisor")


class Person(SQLModel, table=True):
    __tablename__ = "person"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=40)
    id_number_enc: str
    id_number_hash: str = Field(unique=True, index=True, max_length=64)
    id_number_masked: str = Field(max_length=24)
    birth_date: date | None = None
    phone_enc: str | None = None
    phone_masked: str | None = Field(default=None, max_length=16)
    hukou_region: str | None = Field(default=None, max_length=40)
    #: Who vouched for name + ID number: None (typed by someone else, e.g. a relative's request —
    #: carries no weight and never locks out the real person), "self" (the person in their own
    #: account), "staff" (checked against the ID document at a window), "provincial" (统一身份认证).
    verified_by: str | None = Field(default=None, max_length=12)
    #: ``phone_enc`` is the phone ON RECORD: set only by the person (their own signed-in phone), by
    #: staff in person, or by provincial identity — never by someone asking to act for them.
    phone_set_by: str | None = Field(default=None, max_length=12)
    created_at: datetime = Field(default_factory=utcnow)


class Account(SQLModel, table=True):
    __tablename__ = "account"

    id: int | None = Field(default=None, primary_key=True)
    phone_hash: str = Field(unique=True, index=True, max_length=64)
    phone_enc: str
    phone_masked: str = Field(max_length=16)
    #: The account holder's own Person, once they have given their identity.
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    role: str = Field(default="citizen", max_length=16)
    display_name: str | None = Field(default=None, max_length=40)
    created_at: datetime = Field(default_factory=utcnow)


class OtpChallenge(SQLModel, table=True):
    __tablename__ = "otp_challenge"

    id: int | None = Field(default=None, primary_key=True)
    phone_hash: str = Field(index=True, max_length=64)
    #: The phone, encrypted, so the account can be created when the code is right.
    phone_enc: str | None = None
    code_hash: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    attempts: int = 0
    used: bool = False
    #: Keyed hash of the secret half of the reference the requesting browser holds (cookie), so
    #: only that browser can complete (or, in development, see) this challenge.
    ref_hash: str | None = Field(default=None, max_length=64)


class AuthSession(SQLModel, table=True):
    __tablename__ = "auth_session"

    token_hash: str = Field(primary_key=True, max_length=64)
    account_id: int = Field(foreign_key="account.id", index=True)
    channel: str = Field(default="web", max_length=16)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    revoked: bool = False


class DevOutbox(SQLModel, table=True):
    """Development only: messages the dev sender 'sent', shown in a banner (no SMS here)."""

    __tablename__ = "dev_outbox"

    id: int | None = Field(default=None, primary_key=True)
    phone_hash: str = Field(index=True, max_length=64)
    phone_masked: str = Field(max_length=16)
    code: str = Field(max_length=8)
    #: signin (a sign-in code, shown to the browser that asked for it) | consent (a message to a
    #: person about a delegation, never shown on any page)
    kind: str = Field(default="signin", max_length=8)
    challenge_id: int | None = Field(default=None, index=True)
    body: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
