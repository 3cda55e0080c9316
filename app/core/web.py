"""What the web channels (Reflex pages and the REST API) share, so neither imports the other:
the database engine of the process, the cookie names, cookie parsing and the same-origin rule.
"""

from __future__ import annotations

from functools import lru_cache
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

from sqlalchemy.engine import Engine

from app.core.config import get_settings, is_loopback

SESSION_COOKIE = "mz_session"
#: The sign-in challenge this browser asked for (a reference, never the phone number).
PENDING_COOKIE = "mz_pending"


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


def _hostname(netloc: str) -> str:
    return (urlsplit("//" + netloc).hostname or "").lower()


def host_allowed(host_header: str | None) -> bool:
    """The Host header names this app: a loopback name, or a host of ALLOWED_ORIGINS. Why: a page
    on evil.example whose DNS name is re-pointed at this machine (DNS rebinding) arrives with
    Host: evil.example and is refused, so it can neither read pages nor pass the Origin check."""
    if not host_header:
        return False
    name = _hostname(host_header)
    if is_loopback(name):
        return True
    return name in {_hostname(urlsplit(o).netloc) for o in get_settings().origin_list()}


def origin_allowed(origin: str | None, host_header: str | None, scheme: str = "http") -> bool:
    """A browser's Origin may act here: the page's own origin (same scheme, host and port as the
    request, Host itself allowed) or one of ALLOWED_ORIGINS. ``null`` and anything else: no."""
    if not origin or origin == "null":
        return False
    parts = urlsplit(origin.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return False
    normal = f"{parts.scheme}://{parts.netloc.lower()}"
    if normal in get_settings().origin_list():
        return True
    if not host_allowed(host_header):
        return False
    own_schemes = {scheme, {"ws": "http", "wss": "https"}.get(scheme, scheme)}
    return parts.scheme in own_schemes and parts.netloc.lower() == (host_header or "").lower()
