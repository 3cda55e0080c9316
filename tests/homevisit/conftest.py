"""Fixtures for the 上门代办 tests: a fresh database, signed-in citizens, a father who consented
to his daughter acting for him, and staff accounts (made the way ``minzheng staff add`` makes them)."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from app.core.crypto import encrypt, lookup_hash
from app.core.privacy import mask_phone
from app.delegation import service as dg
from app.identity.models import Account
from app.identity.service import Actor
from tests.applications.conftest import sign_in
from tests.idnumbers import make_id

FATHER_ID = make_id("320102", "19400101", "051")
FATHER_PHONE = "13500135000"
DAUGHTER_PHONE = "13812345678"
ADDRESS = "南京市玄武区梅园新村街道长江路292号3幢501室"
PHONE = "13912340000"


def refreshed(engine, actor: Actor) -> Actor:
    with Session(engine) as s:
        acc = s.get(Account, actor.account_id)
        return Actor(acc.id, acc.role, acc.person_id, actor.channel, acc.phone_masked)


def staff_account(engine, phone: str, role: str) -> Actor:
    with Session(engine) as s:
        acc = Account(phone_hash=lookup_hash(phone), phone_enc=encrypt(phone), phone_masked=mask_phone(phone), role=role)
        s.add(acc)
        s.commit()
        s.refresh(acc)
        return Actor(acc.id, acc.role, None, "cli", acc.phone_masked)


@pytest.fixture()
def db(database):
    return database


@pytest.fixture()
def daughter(db):
    return sign_in(db, DAUGHTER_PHONE)


@pytest.fixture()
def father(db):
    f = sign_in(db, FATHER_PHONE)
    dg.link_own_identity(db, f, "王德海", FATHER_ID)
    return refreshed(db, f)


@pytest.fixture()
def delegation(db, daughter, father):
    """The daughter asked to act for her father (亲友代办, all services); he agreed in his account."""
    d = dg.request(db, daughter, kind="family", relationship="子女", principal_name="王德海",
                   principal_id_number=FATHER_ID)
    return dg.confirm_by_principal(db, father, d.id)


@pytest.fixture()
def stranger(db):
    return sign_in(db, "13700007777")


@pytest.fixture()
def agent(db):
    return staff_account(db, "13300133000", "community_agent")


@pytest.fixture()
def other_agent(db):
    return staff_account(db, "13300133001", "community_agent")


@pytest.fixture()
def window(db):
    return staff_account(db, "13300133002", "window_staff")


@pytest.fixture()
def supervisor(db):
    return staff_account(db, "13300133003", "supervisor")


@pytest.fixture()
def hotline(db):
    return staff_account(db, "13300133004", "hotline_agent")


@pytest.fixture(autouse=True)
def _fresh_visit_limit():
    """Account ids repeat from one fresh database to the next: each test starts with no acts counted."""
    from app.homevisit.service import ACTS_PER_ACCOUNT

    ACTS_PER_ACCOUNT.reset()
    yield
