"""Reply payloads the app understands: ``{"text", "sources": [{title, url, topic}],
"buttons": [{title, payload} | {title, url}]}`` sent as a custom JSON message."""

from __future__ import annotations

from actions import wording as W


def source(title: str, url: str, topic: str | None) -> dict:
    return {"title": title, "url": url, "topic": topic}


def button_url(title: str, url: str) -> dict:
    return {"title": title, "url": url}


def button_say(title: str, payload: str) -> dict:
    return {"title": title, "payload": payload}


HUMAN = button_say(W.ASK_HUMAN, W.ASK_HUMAN_PAYLOAD)
HOTLINE = button_url(W.CALL_HOTLINE, W.HOTLINE_URL)


def reply(text: str, sources: list[dict] | None = None, buttons: list[dict] | None = None, **extra) -> dict:
    return {"text": text, "sources": sources or [], "buttons": buttons or [], **extra}


def service_buttons(guide: dict) -> list[dict]:
    """Next steps for an item: apply online (when possible), read the guide, check, a person."""
    out = []
    if guide.get("apply_url"):
        out.append(button_url(W.APPLY_ONLINE, guide["apply_url"]))
    out.append(button_url(W.SEE_GUIDE, guide["url"]))
    if guide.get("check_url"):
        out.append(button_url(W.CHECK, guide["check_url"]))
    out.append(HUMAN)
    return out
