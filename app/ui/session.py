"""Who is signed in, read on the server from the http-only session cookie.

The cookie travels with the websocket handshake, so Reflex handlers see it in
``router.headers.cookie``; the browser's JavaScript never can. Every handler that touches
personal data calls :func:`current_actor` and passes the result to the domain services,
which check access themselves. Engine and cookie names live in ``app.core.web`` (the REST API
uses them too, without importing the UI).
"""

from __future__ import annotations

import dataclasses

from app.core.config import is_loopback
from app.core.web import PENDING_COOKIE, SESSION_COOKIE, cookie_value, engine, token_from_cookie_header  # noqa: F401
from app.identity.service import Actor, actor_for_token


def current_actor(state, channel: str = "web") -> Actor | None:
    """The signed-in actor. Staff acting through the web app are at a window (帮办), so their
    acts are recorded with that channel."""
    actor = actor_for_token(engine(), token_from_cookie_header(state.router.headers.cookie), channel)
    if actor is not None and actor.is_staff and channel == "web":
        actor = dataclasses.replace(actor, channel="window")
    return actor


def client_key(state) -> str:
    """The client's address as the server saw it (the socket's peer; X-Forwarded-For only through
    the configured trusted proxies), for per-client limits."""
    return "ip:" + (state.router.session.client_ip or "unknown")


def client_is_loopback(state) -> bool:
    return is_loopback(state.router.session.client_ip)


def kb():
    from app.search.engine import get_engine

    return get_engine().kb
