"""Delivery of one-time codes: the seam where an SMS gateway (or 统一身份认证) plugs in."""

from __future__ import annotations

import logging
from typing import Protocol

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.core.config import get_settings
from app.core.crypto import lookup_hash
from app.core.privacy import mask_phone
from app.identity.models import DevOutbox

log = logging.getLogger("minzheng.identity")


class CodeSender(Protocol):
    def send(self, engine: Engine, phone: str, code: str, *, kind: str = "signin",
             challenge_id: int | None = None, body: str | None = None) -> None: ...


class DevCodeSender:
    """Development: the message goes to the dev outbox (the sign-in page shows a sign-in code only
    to the loopback browser that asked for it); the log gets the masked phone and the kind only,
    never the code or a consent link."""

    def send(self, engine: Engine, phone: str, code: str, *, kind: str = "signin",
             challenge_id: int | None = None, body: str | None = None) -> None:
        log.warning("DEV %s message for %s written to the development outbox", kind, mask_phone(phone))
        with Session(engine) as s:
            s.add(DevOutbox(phone_hash=lookup_hash(phone), phone_masked=mask_phone(phone), code=code[:8], kind=kind,
                            challenge_id=challenge_id, body=body))
            s.commit()


class NoSender:
    """Production without a configured gateway: refuse rather than pretend."""

    def send(self, engine: Engine, phone: str, code: str, *, kind: str = "signin",
             challenge_id: int | None = None, body: str | None = None) -> None:
        raise SendFailed("未配置短信通道，无法发送验证码")


class SendFailed(RuntimeError):
    """The message could not be sent (shown to the user as a plain message)."""


def get_sender() -> CodeSender:
    """The development outbox only in development; anything else (production) needs a gateway."""
    return DevCodeSender() if get_settings().is_development else NoSender()
