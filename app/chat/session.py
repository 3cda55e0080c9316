"""Chat session ids: made by the server, signed, so a client can only continue its own chat.

The id the browser holds is ``<random>.<signature>``; anything else (missing, edited, made
up) starts a new conversation. The random part is what Rasa sees as the sender; who the
user is (when signed in) is attached on the server from the session cookie, never from the
request body.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from app.core.config import get_settings

_PROCESS_SECRET = secrets.token_bytes(32)


def _key() -> bytes:
    """CHAT_SECRET when set; else derived from the Rasa token (shared by every app worker of one
    installation, random per installation); else random per process (sessions end on restart)."""
    s = get_settings()
    if s.chat_secret:
        return s.chat_secret.encode()
    if s.rasa_token:
        return hashlib.sha256(b"minzheng-chat-session:" + s.rasa_token.encode()).digest()
    return _PROCESS_SECRET


def _sign(sid: str) -> str:
    return hmac.new(_key(), sid.encode(), hashlib.sha256).hexdigest()[:20]


def new_session() -> tuple[str, str]:
    """(sender id for Rasa, token for the client)."""
    sid = secrets.token_hex(12)
    return sid, f"{sid}.{_sign(sid)}"


def resolve(token: str | None) -> tuple[str, str, bool]:
    """(sender id, token, is_new): the client's session when its signature holds, else a new one."""
    if token and isinstance(token, str) and token.count(".") == 1 and len(token) <= 64:
        sid, sig = token.split(".")
        if sid and hmac.compare_digest(sig, _sign(sid)):
            return sid, token, False
    sid, tok = new_session()
    return sid, tok, True
