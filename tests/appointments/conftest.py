"""Fixtures for the booking tests: a fresh database (SQLite, or PostgreSQL for the tests that ask
for ``any_db``), signed-in citizens, the real knowledge base, and a fixed Beijing morning."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.identity.service import Actor, dev_last_code, request_code, verify_code
from tests.database import clean_postgres
from tests.idnumbers import make_id

#: Monday 7 December 2026, 07:00 Beijing time (before the same-day cut-off).
MONDAY_7AM = datetime(2026, 12, 6, 23, 0, tzinfo=UTC)


def sign_in(engine, phone: str) -> Actor:
    request_code(engine, phone)
    _token, acc = verify_code(engine, phone, dev_last_code(engine, phone))
    return Actor(acc.id, acc.role, acc.person_id, "web", acc.phone_masked)


def person(n: int) -> tuple[str, str]:
    """A fictitious person: (name, valid ID number), distinct for each n."""
    return f"测试{chr(0x4E00 + n)}", make_id(birth="19900101", seq=f"{n:03d}")


@pytest.fixture()
def db(database):
    return database


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request, tmp_path):
    """The same test on SQLite and on a real PostgreSQL (``TEST_POSTGRES_URL``, set by .ci/test.sh)."""
    if request.param == "sqlite":
        from tests.database import fresh_database

        engine = fresh_database(tmp_path)
        yield engine
        engine.dispose()
        return
    from app.tables import create_tables

    engine = clean_postgres()
    create_tables(engine)
    yield engine
    engine.dispose()


@pytest.fixture()
def citizen(db):
    return sign_in(db, "13812345678")


@pytest.fixture()
def other(db):
    return sign_in(db, "13900001111")


@pytest.fixture()
def nanjing(kb):
    from app.appointments.offices import list_offices

    return list_offices(kb, city="南京市")[0]


@pytest.fixture(autouse=True)
def _fresh_booking_limit():
    """Account ids repeat from one fresh database to the next: each test starts with no acts counted."""
    from app.appointments.service import ACTS_PER_ACCOUNT

    ACTS_PER_ACCOUNT.reset()
    yield
