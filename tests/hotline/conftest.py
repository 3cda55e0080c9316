"""Fixtures for the hotline console's domain: a fresh database, staff and citizens."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from app.core.crypto import encrypt, lookup_hash
from app.core.privacy import mask_phone
from app.identity.models import Account
from app.identity.service import Actor, find_or_create_person
from tests.idnumbers import make_id

CITIZEN_PHONE = "13812345678"
CITIZEN_ID = make_id("320102", "19350305", "031")


@pytest.fixture()
def db(database):
    """The fresh database (tests/conftest.py ``database``), by this folder's name for it."""
    return database


def make_account(engine, phone: str, role: str, *, name: str | None = None, id_number: str | None = None,
                 channel: str = "hotline") -> Actor:
    with Session(engine) as s:
        person_id = None
        if id_number:
            person = find_or_create_person(s, name=name or "王秀英", id_number=id_number, hukou_region="南京市")
            person_id = person.id
        acc = Account(phone_hash=lookup_hash(phone), phone_enc=encrypt(phone), phone_masked=mask_phone(phone),
                      role=role, person_id=person_id)
        s.add(acc)
        s.commit()
        s.refresh(acc)
        return Actor(acc.id, role, person_id, channel, acc.phone_masked)


@pytest.fixture()
def agent(db):
    return make_account(db, "13900000001", "hotline_agent")


@pytest.fixture()
def agent2(db):
    return make_account(db, "13900000002", "hotline_agent")


@pytest.fixture()
def supervisor(db):
    return make_account(db, "13900000003", "supervisor")


@pytest.fixture()
def window_staff(db):
    return make_account(db, "13900000004", "window_staff", channel="window")


@pytest.fixture()
def citizen(db):
    return make_account(db, CITIZEN_PHONE, "citizen", name="王秀英", id_number=CITIZEN_ID, channel="web")


@pytest.fixture()
def other_citizen(db):
    return make_account(db, "13700000009", "citizen", name="李四", id_number=make_id("320102", "19600101", "015"),
                        channel="web")
