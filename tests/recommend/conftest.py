"""People, accounts and delegations for the 为您推荐 tests (fictitious)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session

from app.core.clock import utcnow
from app.core.crypto import encrypt, lookup_hash
from app.core.privacy import mask_phone
from app.delegation.models import Delegation
from app.identity.models import Account
from app.identity.service import Actor, find_or_create_person
from tests.idnumbers import make_id


@pytest.fixture()
def make_person(database):
    counter = iter(range(100, 999))

    def make(birth: str, hukou: str | None, name: str = "测试") -> int:
        with Session(database) as s:
            p = find_or_create_person(s, name=name, id_number=make_id("320102", birth, str(next(counter))),
                                      hukou_region=hukou, verified_by="self")
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


@pytest.fixture()
def delegate(database):
    """A delegation from ``principal`` to ``agent`` in a given state (active, pending, revoked, expired)."""

    def make(principal: int, agent: Actor, status: str = "active", scope="all") -> int:
        now = utcnow()
        ends = now - timedelta(days=1) if status == "expired" else now + timedelta(days=90)
        with Session(database) as s:
            d = Delegation(principal_person_id=principal, agent_account_id=agent.account_id, kind="family",
                           relationship="子女", scope=scope, valid_from=now - timedelta(days=30), valid_to=ends,
                           status="active" if status == "expired" else status,
                           created_by_account_id=agent.account_id)
            s.add(d)
            s.commit()
            return d.id
    return make
