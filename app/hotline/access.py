"""Who may use the hotline console and on which contact: the roles, the errors every console
function raises (their messages are safe to show), the audit row every state change writes, and the
one check that an agent acts only on a contact they claimed. Every other module of the package
calls these, so no function can forget the access check.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session

from app.audit.service import record
from app.contacts.models import Contact
from app.core.clock import utcnow
from app.core.privacy import redact
from app.identity.service import Actor

AGENT_ROLES = {"hotline_agent", "supervisor"}
SUPERVISOR_ROLES = {"supervisor"}
LINE_SOURCES = {"caller", "note", "agent"}
MAX_LINE_CHARS = 500


class AccessDenied(Exception):
    """The actor may not use the console or this record. The message is safe to show."""

    def __init__(self, message: str = "此功能仅限热线坐席和值班长使用。"):
        super().__init__(message)
        self.message = message


class HotlineError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def now() -> datetime:
    """The console's clock (the one of ``app.core.clock``): timezone-aware UTC."""
    return utcnow()


def aware(dt: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes; everything here is UTC."""
    if dt is None:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def require_agent(actor: Actor | None) -> Actor:
    if actor is None or actor.role not in AGENT_ROLES:
        raise AccessDenied()
    return actor


def require_supervisor(actor: Actor | None) -> Actor:
    if actor is None or actor.role not in SUPERVISOR_ROLES:
        raise AccessDenied("此页面仅限值班长（班长）使用。")
    return actor


def audit(s: Session, actor: Actor, action: str, object_type: str, object_id, *,
          person_id: int | None = None, detail: dict | None = None) -> None:
    """An audit row in the caller's transaction (so the change and its record commit together)."""
    record(s, action=action, object_type=object_type, object_id=object_id, channel=actor.channel,
           actor_account_id=actor.account_id, actor_role=actor.role, on_behalf_of_person_id=person_id,
           detail=detail)


def account_key(actor: Actor) -> str:
    """How a contact records who claimed it (``Contact.claimed_by``)."""
    return str(actor.account_id)


def own_contact(s: Session, actor: Actor, contact_id: int) -> Contact:
    """A contact the actor has claimed (a supervisor may open any claimed or closed one)."""
    c = s.get(Contact, contact_id)
    if c is None:
        raise HotlineError("没有找到这条来电/转接记录。")
    if actor.role in SUPERVISOR_ROLES and c.status != "waiting":
        return c
    if c.status == "waiting" or c.claimed_by != account_key(actor):
        raise AccessDenied("请先接起这条来电/转接，才能查看和处理。")
    return c


MIN_REASON_CHARS = 2
MSG_REASON = "请写明查询原因（例如：来电人本人要求查询尊老金办理进度），会记入审计日志。"


def agent_reason(reason: str) -> str:
    """The agent's own words for why they look someone up (redacted, bounded; no default)."""
    text = redact(" ".join((reason or "").split()))[:100]
    if len(text) < MIN_REASON_CHARS:
        raise HotlineError(MSG_REASON)
    return text
