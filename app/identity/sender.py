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
    def send(self, engine: Engine, phone: str, code: str) -> None: ...


class DevCodeSender:
    """Writes the code to the server log (phone masked) and to the dev outbox banner."""

    def send(self, engine: Engine, phone: str, code: str) -> None:
        log.warning("DEV one-time code for %s: %s", mask_phone(phone), code)
        with Session(engine) as s:
            s.add(DevOutbox(phone_hash=lookup_hash(phone), phone_masked=mask_phone(phone), code=code))
            s.commit()


class NoSender:
    """Production without a configured gateway: refuse rather than pretend."""

    def send(self, engine: Engine, phone: str, code: str) -> None:
        raise RuntimeError("未配置短信通道，无法发送验证码")


def get_sender() -> CodeSender:
    return DevCodeSender() if get_settings().env == "development" else NoSender()
