"""Delegation (who may act for whom) and Notification (what was done in a person's name)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

from app.core.clock import utcnow

KINDS = {"family": "亲友代办", "proxy": "授权代理"}
FAMILY_RELATIONS = ("子女", "配偶", "父母", "孙子女", "兄弟姐妹", "其他亲属")
PROXY_RELATIONS = ("社区代办员", "社会工作者", "村（居）委会工作人员", "其他受托人")
CONSENT_METHODS = {"code": "本人在登记手机上打开确认短信同意", "link": "本人在登记手机上打开确认短信同意",
                   "own_account": "本人在自己的账号里确认", "in_person": "本人到窗口/自助终端当面确认"}
STATUS_LABELS = {"pending": "待本人确认", "active": "有效", "revoked": "已撤销", "expired": "已过期",
                 "declined": "本人已拒绝"}


class Delegation(SQLModel, table=True):
    __tablename__ = "delegation"

    id: int | None = Field(default=None, primary_key=True)
    #: The person being helped (委托人).
    principal_person_id: int = Field(foreign_key="person.id", index=True)
    #: The account that may act (代办人); for a proxy named by phone before they sign up, the
    #: account is created at invitation and joined on their first sign-in.
    agent_account_id: int = Field(foreign_key="account.id", index=True)
    kind: str = Field(max_length=8)  # family | proxy
    relationship: str = Field(max_length=16)
    #: "all" or a list of service codes.
    scope: list | str = Field(default="all", sa_column=Column(JSON, nullable=False))
    valid_from: datetime = Field(default_factory=utcnow)
    valid_to: datetime
    status: str = Field(default="pending", index=True, max_length=8)
    consent_method: str | None = Field(default=None, max_length=16)
    #: How consent was given, in words a reviewer can check (no personal data in clear).
    consent_evidence: str | None = Field(default=None, sa_column=Column(Text))
    #: Keyed hash of the secret in the confirmation link sent to the person's phone ON RECORD.
    consent_code_hash: str | None = Field(default=None, max_length=64, index=True)
    consent_attempts: int = 0
    #: When the current link stops working, and how many links were sent (capped).
    consent_expires_at: datetime | None = None
    consent_sends: int = 0
    #: The name the requester typed for the person (shown to the person and to staff; decides nothing).
    principal_name: str | None = Field(default=None, max_length=40)
    created_by_account_id: int = Field(foreign_key="account.id")
    created_at: datetime = Field(default_factory=utcnow)
    activated_at: datetime | None = None
    revoked_at: datetime | None = None
    revoked_by_account_id: int | None = None


class Notification(SQLModel, table=True):
    __tablename__ = "notification"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, index=True)
    read: bool = False
