"""Who is signed in, read on the server from the http-only session cookie.

The cookie travels with the websocket handshake, so Reflex handlers see it in
``router.headers.cookie``; the browser's JavaScript never can. Every handler that touches
personal data calls :func:`current_actor` and passes the result to the domain services,
which check access themselves.
"""

from __future__ import annotations

import dataclasses
from http.cookies import SimpleCookie
from functools import lru_cache

from sqlalchemy.engine import Engine

from app.identity.service import Actor, actor_for_token

SESSION_COOKIE = "mz_session"
PENDING_PHONE_COOKIE = "mz_pending_phone"


@lru_cache(maxsize=1)
def engine() -> Engine:
    """The app's database engine (one per process), tables created on first use."""
    from app.core.db import create_tables, make_engine

    e = make_engine()
    create_tables(e)
    return e


def cookie_value(header: str, name: str) -> str | None:
    if not header:
        return None
    jar = SimpleCookie()
    try:
        jar.load(header)
    except Exception:  # noqa: BLE001 - a malformed cookie header means "no such cookie"
        return None
    morsel = jar.get(name)
    return morsel.value if morsel else None


def token_from_cookie_header(header: str) -> str | None:
    return cookie_value(header, SESSION_COOKIE)


def current_actor(state, channel: str = "web") -> Actor | None:
    """The signed-in actor. Staff acting through the web app are at a window (帮办), so their
    acts are recorded with that channel."""
    actor = actor_for_token(engine(), token_from_cookie_header(state.router.headers.cookie), channel)
    if actor is not None and actor.is_staff and channel == "web":
        actor = dataclasses.replace(actor, channel="window")
    return actor


def kb():
    from app.search.engine import get_engine

    return get_engine().kb
