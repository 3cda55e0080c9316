"""People, accounts, applications and delegations for the reminder tests (fictitious)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session

from app.core.crypto import encrypt, lookup_hash
from app.core.privacy import mask_phone
from app.identity.models import Account
from app.identity.service import Actor, find_or_create_person
from tests.idnumbers import make_id


def beijing_noon(y: int, m: int, d: int) -> datetime:
    """12:00 in Beijing (04:00 UTC), so the Beijing date is the one written."""
    return datetime(y, m, d, 4, 0, tzinfo=UTC)


class Recorder:
    """A sender that keeps what it was asked to send (the production seam's shape)."""

    def __init__(self):
        self.sent: list[tuple[str, str, str]] = []

    def send(self, phone: str, body: str, *, kind: str) -> None:
        self.sent.append((phone, body, kind))


@pytest.fixture()
def recorder():
    return Recorder()


@pytest.fixture()
def make_person(database):
    counter = iter(range(100, 999))

    def make(birth: str, hukou: str | None, phone: str | None = None) -> int:
        with Session(database) as s:
            p = find_or_create_person(s, name="测试", id_number=make_id("320102", birth, str(next(counter))),
                                      hukou_region=hukou, verified_by="self")
            if phone:
                p.phone_enc, p.phone_masked, p.phone_set_by = encrypt(phone), mask_phone(phone), "self"
                s.add(p)
            s.commit()
            return p.id
    return make


@pytest.fixture()
def make_account(database):
    def make(phone: str, person_id: int | None = None, role: str = "citizen") -> Actor:
        with Session(database) as s:
            acc = Account(phone_hash=lookup_hash(phone), phone_enc=encrypt(phone), phone_masked=mask_phone(phone),
                          person_id=person_id, role=role)
            s.add(acc)
            s.commit()
            return Actor(account_id=acc.id, role=role, person_id=person_id)
    return make
