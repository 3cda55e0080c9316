"""One turn of a conversation through POST /api/chat (the ``client`` fixture of tests/bot/conftest.py)."""

from __future__ import annotations


def say(client, text: str, session: str | None = None) -> dict:
    """Send ``text`` (in ``session``); the reply must be the assistant's, not the search fallback."""
    r = client.post("/api/chat", json={"session": session, "text": text})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["degraded"] is False, body  # the assistant answered, not the fallback
    return body
