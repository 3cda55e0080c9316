"""Delivery of reminders by SMS: the seam where a gateway plugs in (the style of ``app.identity.sender``).

The in-app inbox always has the reminder; the SMS is a second way to reach the person. In
development the "SMS" is a log line with the masked phone, the kind and the length only — never the
text (it may say what a person applied for) nor the number in clear. Production without a gateway
refuses (the reminder stays ``failed`` and is retried), rather than pretending it was sent.
"""

from __future__ import annotations

import logging
from typing import Protocol

from app.core.config import get_settings
from app.core.privacy import mask_phone
from app.identity.sender import SendFailed

log = logging.getLogger("minzheng.reminders")


class NotificationSender(Protocol):
    def send(self, phone: str, body: str, *, kind: str) -> None: ...


class DevNotificationSender:
    """Development: a log line (masked phone, kind, length); nothing leaves the machine."""

    def send(self, phone: str, body: str, *, kind: str) -> None:
        log.warning("DEV reminder %s for %s (%d characters) not sent: development has no SMS gateway",
                    kind, mask_phone(phone), len(body))


class NoNotificationSender:
    """Production without a configured gateway."""

    def send(self, phone: str, body: str, *, kind: str) -> None:
        raise SendFailed("未配置短信通道，无法发送提醒短信")


def get_notification_sender() -> NotificationSender:
    return DevNotificationSender() if get_settings().is_development else NoNotificationSender()


__all__ = ["DevNotificationSender", "NoNotificationSender", "NotificationSender", "SendFailed",
           "get_notification_sender"]
