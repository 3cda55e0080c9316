"""Fixtures for the attacks of issue 12: a fresh database, the real REST API behind the real
same-origin guard (HTTP requests as a browser or an attacker would send them), and people."""

from __future__ import annotations

import pytest
from sqlmodel import Session
from starlette.testclient import TestClient

from app.api.guard import SameOriginGuard
from app.api.main import build_api
from app.api.routes import agent as agent_routes
from app.api.routes import auth as auth_routes
from app.identity.models import Account
from app.identity.service import Actor, dev_last_code, request_code, verify_code

SITE = "http://127.0.0.1:3000"


@pytest.fixture()
def db(database, monkeypatch):
    """The fresh database (tests/conftest.py ``database``), also the one the API routes use."""
    for mod in (auth_routes, agent_routes):
        monkeypatch.setattr(mod, "engine", lambda: database)
    return database


def http(client_ip: str = "127.0.0.1") -> TestClient:
    """The product's API as served (guard in front), reached from ``client_ip``."""
    return TestClient(SameOriginGuard(build_api()), base_url=SITE, client=(client_ip, 50000),
                      follow_redirects=False)


def sign_in(engine, phone: str, role: str | None = None) -> Actor:
    request_code(engine, phone)
    _token, acc = verify_code(engine, phone, dev_last_code(engine, phone))
    if role:
        with Session(engine) as s:
            row = s.get(Account, acc.id)
            row.role = role
            s.add(row)
            s.commit()
    return Actor(acc.id, role or acc.role, acc.person_id, "window" if role == "window_staff" else
                 "hotline" if role == "hotline_agent" else "web", acc.phone_masked)


def refreshed(engine, actor: Actor) -> Actor:
    with Session(engine) as s:
        acc = s.get(Account, actor.account_id)
        return Actor(acc.id, acc.role, acc.person_id, actor.channel, acc.phone_masked)
