"""The KB lands in the database the same way on SQLite (default) and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from app.core.db import make_engine
from app.knowledge.models import FaqRow, ServiceRow
from app.knowledge.store import count_rows, sync_kb
from tests.database import clean_postgres


@pytest.fixture(params=["sqlite", "postgresql"])
def db_engine(request, tmp_path):
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
        yield engine
        engine.dispose()
        return
    engine = clean_postgres()  # a clean schema for each test
    yield engine
    engine.dispose()


def test_sync_loads_everything_then_is_a_no_op(db_engine, kb):
    assert sync_kb(db_engine, kb) is True
    counts = count_rows(db_engine)
    assert counts == {"services": len(kb.services), "faqs": len(kb.faqs),
                      "policies": len(kb.policies), "bundles": len(kb.bundles)}
    assert sync_kb(db_engine, kb) is False  # same content hash: nothing written


def test_rows_round_trip_chinese_and_nested_content(db_engine, kb):
    sync_kb(db_engine, kb)
    with Session(db_engine) as s:
        row = s.get(ServiceRow, "MZ-ZLJ-01")
        assert row.topic == "尊老金"
        assert row.data["materials"][0]["name"] == kb.services["MZ-ZLJ-01"].materials[0].name
        faqs = s.exec(select(FaqRow).where(FaqRow.service_code == "MZ-ZLJ-01")).all()
        assert len(faqs) == len(kb.services["MZ-ZLJ-01"].faqs)


def test_changed_kb_replaces_rows(db_engine, kb):
    import dataclasses

    sync_kb(db_engine, kb)
    smaller = dataclasses.replace(kb, faqs=kb.faqs[:10], content_hash="different")
    assert sync_kb(db_engine, smaller) is True
    assert count_rows(db_engine)["faqs"] == 10


def test_sqlite_uses_wal(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'wal.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
