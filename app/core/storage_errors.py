"""What to tell a person when the storage under the product fails: the disk is full, or the
database cannot be reached (PostgreSQL restarting, a broken connection). Recognised from the
exception and its causes (SQLAlchemy wraps the driver's error; SQLite says "database or disk is
full" as SQLITE_FULL, an ENOSPC write says "No space left on device"). The adapters (the Reflex
handler, the REST API) turn it into a Chinese message; nothing is half-written — every write is
one transaction, rolled back when it fails — so the message can say that what was saved is kept.
"""

from __future__ import annotations

import errno

from app.core.config import hotline_number

FULL = "full"
DOWN = "down"

MESSAGES = {
    FULL: "服务器存储空间已满，这一步没有保存成功；之前保存的内容都还在。请稍后再试，急事请拨打{hotline}。",
    DOWN: "系统暂时连不上数据库，这一步没有完成；之前保存的内容都还在。请稍后再试，急事请拨打{hotline}。",
}
#: Any other unexpected failure of a page action.
GENERIC = "系统出了点问题，这一步没有完成。请稍后再试，急事请拨打{hotline}。"

_FULL_WORDS = ("database or disk is full", "no space left on device", "disk full", "could not extend file")
_DOWN_WORDS = ("connection refused", "server closed the connection", "terminating connection",
               "could not connect", "connection is closed", "the database system is starting up",
               "the database system is shutting down", "connection timeout", "consuming input failed",
               "unable to open database file", "disk i/o error", "connection to server")


def _chain(exc: BaseException):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = getattr(exc, "orig", None) or exc.__cause__ or exc.__context__


def storage_problem(exc: BaseException) -> str | None:
    """``FULL``, ``DOWN`` or None (not a storage failure)."""
    from sqlalchemy import exc as sa_exc

    for e in _chain(exc):
        if isinstance(e, OSError) and e.errno == errno.ENOSPC:
            return FULL
        text = str(e).lower()
        if any(w in text for w in _FULL_WORDS):
            return FULL
        if isinstance(e, sa_exc.DisconnectionError | sa_exc.InterfaceError) or (
                isinstance(e, sa_exc.OperationalError) and any(w in text for w in _DOWN_WORDS)):
            return DOWN
        if type(e).__module__.startswith(("psycopg", "sqlite3")) and any(w in text for w in _DOWN_WORDS):
            return DOWN
    return None


def user_message(exc: BaseException) -> str:
    """The Chinese sentence for a person whose action failed with ``exc``."""
    kind = storage_problem(exc)
    return (MESSAGES[kind] if kind else GENERIC).format(hotline=hotline_number())
