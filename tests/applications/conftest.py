import pytest
from sqlmodel import Session

from app.identity.models import Account
from app.identity.service import Actor, dev_last_code, request_code, verify_code


@pytest.fixture()
def engine(database):
    """The fresh database (tests/conftest.py ``database``): here ``engine`` is the database, not
    the root conftest's search engine."""
    return database


def sign_in(engine, phone: str) -> Actor:
    request_code(engine, phone)
    token, acc = verify_code(engine, phone, dev_last_code(engine, phone))
    return Actor(acc.id, acc.role, acc.person_id, "web", acc.phone_masked)


@pytest.fixture()
def citizen(engine):
    return sign_in(engine, "13812345678")


@pytest.fixture()
def other_citizen(engine):
    return sign_in(engine, "13900001111")


@pytest.fixture()
def staff(engine):
    with Session(engine) as s:
        acc = Account(phone_hash="staff-1", phone_enc="-", phone_masked="窗口01", role="window_staff")
        s.add(acc)
        s.commit()
        s.refresh(acc)
        return Actor(acc.id, acc.role, None, "window")
