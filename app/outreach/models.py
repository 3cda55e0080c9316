"""主动发现: batch runs, the leads they list, and each contact a community agent makes.

Personal data is stored as everywhere else in the product: a keyed hash to find the same resident
again, a masked copy to show, Fernet for what an agent must be able to read back (a name, a phone)
— never in clear. A lead from the database points at its ``Person``; a lead from an imported CSV
keeps only what the agent needs to find and call the resident.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.core.clock import utcnow

#: How a contact was made, and what came of it (the agent picks one; free text goes in the note).
METHODS = ("电话", "上门")
OUTCOMES = ("联系上·愿意申请", "联系上·已在享受", "联系上·不需要", "联系上·不符合条件", "联系不上",
            "号码或地址有误", "其他")
#: Outcomes after which the lead needs no further contact.
CLOSING_OUTCOMES = {"联系上·愿意申请", "联系上·已在享受", "联系上·不需要", "联系上·不符合条件"}


class OutreachRun(SQLModel, table=True):
    """One batch: who started it, over what (``database`` or ``csv``), and what it found."""

    __tablename__ = "outreach_run"

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=8)  # database | csv
    #: For a CSV: the SHA-256 of the file's bytes (which file it was, without keeping its content).
    file_sha256: str | None = Field(default=None, max_length=64)
    started_by_account_id: int = Field(foreign_key="account.id", index=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    residents: int = 0
    bad_rows: int = 0
    leads: int = 0
    services: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class OutreachLead(SQLModel, table=True):
    """A resident who may qualify for one service, with the matcher's reasons, to be contacted."""

    __tablename__ = "outreach_lead"
    __table_args__ = (UniqueConstraint("run_id", "subject_hash", "service_code", name="uq_lead_run_subject_service"),)

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="outreach_run.id", index=True)
    service_code: str = Field(index=True, max_length=16)
    verdict: str = Field(max_length=8)  # likely | maybe
    reasons: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    #: What the agent should ask (the matcher's ``missing``), in Chinese.
    to_ask: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    #: Keyed hash of the ID number (or, for a CSV row without one, of name + birth date + line).
    subject_hash: str = Field(index=True, max_length=64)
    id_number_masked: str | None = Field(default=None, max_length=24)
    name_masked: str = Field(default="", max_length=40)
    name_enc: str | None = None
    phone_enc: str | None = None
    phone_masked: str | None = Field(default=None, max_length=16)
    #: 社区/村, as the import named it (redacted) — how agents split the list among themselves.
    community: str | None = Field(default=None, max_length=60)
    #: For a CSV lead: the line in the imported file and the office's own 序号, to find the row there.
    source_line: int | None = None
    source_ref: str | None = Field(default=None, max_length=40)
    status: str = Field(default="open", index=True, max_length=8)  # open | closed


class OutreachContact(SQLModel, table=True):
    """One 电话 or 上门 contact with its outcome, by the agent who made it."""

    __tablename__ = "outreach_contact"

    id: int | None = Field(default=None, primary_key=True)
    lead_id: int = Field(foreign_key="outreach_lead.id", index=True)
    by_account_id: int = Field(foreign_key="account.id", index=True)
    method: str = Field(max_length=4)
    outcome: str = Field(max_length=16)
    note: str | None = Field(default=None, sa_column=Column(Text))
    at: datetime = Field(default_factory=utcnow, index=True)
