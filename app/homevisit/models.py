"""上门代办: one request for a community agent to visit a person at home.

The person visited (``person_id``) is the requester themself or someone they act for under an
active delegation (``delegation_id``). The address, the contact phone and the name are personal
data: stored encrypted (Fernet, ``app.core.crypto``) with a masked copy for lists, never in clear.
The status flow is submitted → assigned → visited, or cancelled (by the requester or the person)
before the visit; every step is an audit row (``app.audit``), so no event table is kept here.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

from app.core.clock import utcnow

STATUS_LABELS = {"submitted": "已提交", "assigned": "已派给社区工作人员", "visited": "已上门", "cancelled": "已取消"}
#: Statuses in which the visit is still to come (may be cancelled, assigned, recorded).
OPEN_STATUSES = ("submitted", "assigned")
#: Preferred half-days a requester may tick (weekdays; a visit is arranged by phone within them).
HALF_DAYS = {f"{d}-{h}": f"{dl}{hl}"
             for d, dl in (("mon", "周一"), ("tue", "周二"), ("wed", "周三"), ("thu", "周四"), ("fri", "周五"))
             for h, hl in (("am", "上午"), ("pm", "下午"))}
#: What came of a visit (the agent picks one; details go in the note).
OUTCOMES = ("已上门·已帮助提交申请", "已上门·已讲解并约定再来", "已上门·本人不需要", "上门未遇·已电话联系",
            "其他")


class HomeVisit(SQLModel, table=True):
    __tablename__ = "home_visit"

    id: int | None = Field(default=None, primary_key=True)
    #: 申请编号, shown in full to the requester and quoted on the phone.
    ref: str = Field(unique=True, index=True, max_length=20)
    service_code: str = Field(max_length=16, index=True)
    #: The person to be visited (the requester themself, or the principal of ``delegation_id``).
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    requested_by_account_id: int = Field(foreign_key="account.id", index=True)
    #: The delegation the request was made under (None: for oneself).
    delegation_id: int | None = Field(default=None, foreign_key="delegation.id", index=True)
    name_enc: str
    name_masked: str = Field(max_length=16)
    address_enc: str
    address_masked: str = Field(max_length=40)
    phone_enc: str
    phone_masked: str = Field(max_length=16)
    half_days: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    #: The requester's note, redacted (``app.core.privacy.redact``) before it is stored.
    note: str | None = Field(default=None, sa_column=Column(Text))
    status: str = Field(default="submitted", max_length=12, index=True)
    channel: str = Field(default="web", max_length=16)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    assigned_to_account_id: int | None = Field(default=None, foreign_key="account.id", index=True)
    assigned_by_account_id: int | None = Field(default=None, foreign_key="account.id")
    assigned_at: datetime | None = None
    visited_at: datetime | None = None
    outcome: str | None = Field(default=None, max_length=24)
    #: The agent's note on the visit, redacted like the requester's.
    outcome_note: str | None = Field(default=None, sa_column=Column(Text))
    cancelled_at: datetime | None = None
    cancelled_by_account_id: int | None = Field(default=None, foreign_key="account.id")
