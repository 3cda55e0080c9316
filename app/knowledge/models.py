"""Database tables for the knowledge base: a projection of the YAML files.

The rows are never edited by hand: ``store.sync_kb`` rewrites them whenever the files'
content hash changes, so the database cannot drift from the source of truth. Full nested
content is kept as JSON (``data``) so pages can render an item from one row.
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel


class ServiceRow(SQLModel, table=True):
    __tablename__ = "kb_service"

    code: str = Field(primary_key=True, max_length=16)
    name: str = Field(index=True, max_length=80)
    topic: str = Field(index=True, max_length=16)
    item_type: str = Field(max_length=16)
    summary: str = Field(sa_column=Column(Text, nullable=False))
    data: dict = Field(sa_column=Column(JSON, nullable=False))


class FaqRow(SQLModel, table=True):
    __tablename__ = "kb_faq"

    id: str = Field(primary_key=True, max_length=24)
    service_code: str = Field(foreign_key="kb_service.code", index=True, max_length=16)
    topic: str = Field(index=True, max_length=16)
    q: str = Field(sa_column=Column(Text, nullable=False))
    a: str = Field(sa_column=Column(Text, nullable=False))


class PolicyRow(SQLModel, table=True):
    __tablename__ = "kb_policy"

    id: str = Field(primary_key=True, max_length=16)
    title: str = Field(max_length=200)
    topic: str = Field(index=True, max_length=16)
    issuer: str = Field(max_length=120)
    date: str = Field(max_length=10)
    data: dict = Field(sa_column=Column(JSON, nullable=False))


class BundleRow(SQLModel, table=True):
    __tablename__ = "kb_bundle"

    code: str = Field(primary_key=True, max_length=24)
    name: str = Field(max_length=80)
    topic: str = Field(max_length=16)
    data: dict = Field(sa_column=Column(JSON, nullable=False))


class KbMeta(SQLModel, table=True):
    """Key/value facts about the loaded KB (e.g. its content hash)."""

    __tablename__ = "kb_meta"

    key: str = Field(primary_key=True, max_length=32)
    value: str = Field(max_length=200)
