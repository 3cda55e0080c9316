"""为您推荐: a person's consent to recommendations from their own data, and the facts they chose to add.

- ``RecommendConsent``: one row per consent given (who, when, by which account, through which
  channel, the scope 为您推荐); ``revoked_at`` ends it. A new consent after a revocation is a new
  row, so the history of yes and no stays readable.
- ``RecommendFacts``: what the person chose to add (disability category and grade, household
  status, living alone …), one row per person, the values **encrypted** (Fernet JSON in
  ``facts_enc``); only the field *names* are in clear, for the audit and the page. Deleted, not
  blanked, when consent is revoked.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from app.core.clock import utcnow

#: The one scope a consent here has (what the person said yes to, in the words they saw).
SCOPE = "为您推荐"


class RecommendConsent(SQLModel, table=True):
    __tablename__ = "recommend_consent"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    #: The signed-in account that said yes (the person's own account: nobody consents for another).
    account_id: int = Field(foreign_key="account.id")
    scope: str = Field(default=SCOPE, max_length=16)
    channel: str = Field(default="web", max_length=16)
    given_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = Field(default=None, index=True)


class RecommendFacts(SQLModel, table=True):
    __tablename__ = "recommend_facts"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", unique=True, index=True)
    consent_id: int = Field(foreign_key="recommend_consent.id")
    #: Fernet token of a JSON object {field: value} (the calculator's field names and words).
    facts_enc: str = Field(sa_column=Column(Text, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by_account_id: int = Field(foreign_key="account.id")
