"""Reply payloads the app understands: ``{"text", "sources": [{title, url, topic}],
"buttons": [{title, payload} | {title, url}]}`` sent as a custom JSON message.

``answer_reply`` turns an Answer of the app's answer engine into that reply. The app's degraded
path (``app/chat/replies.py``, used while Rasa is down or loading) does the same with the same
rules, so a question gets one answer on every path; tests/bot/test_reply_parity.py holds the
two to it. Pure: no Rasa, no HTTP.
"""

from __future__ import annotations

import re

from actions import wording as W

_FAQ_N = re.compile(r"#(?:faq-)?(\d+)$")
#: Unsure answers in a row after which the hotline is offered.
FAILURES_BEFORE_HOTLINE = 2


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


def faq_number(src: dict) -> int | None:
    """The FAQ number of a FAQ source (``…#faq-3`` or code ``MZ-ZLJ-01#3``), for follow-ups."""
    for v in (src.get("url") or "", src.get("code") or ""):
        m = _FAQ_N.search(v)
        if m:
            return int(m.group(1))
    return None


def answer_sources(answer: dict, topic: str | None) -> list[dict]:
    """The answer's exact source first, then the sources of its other parts (each once)."""
    out: list[dict] = []
    for src in [answer.get("source")] + [p.get("source") for p in answer.get("parts") or [] if isinstance(p, dict)]:
        if isinstance(src, dict) and src.get("url") and all(s["url"] != src["url"] for s in out):
            out.append({**source(str(src.get("title") or ""), str(src["url"]), topic), "kind": src.get("kind")})
    return out


def answer_reply(answer: dict, guide: dict | None, topic: str | None, failures: int = 0) -> dict:
    """An Answer (text, status, source, service_code …) → the chat reply.

    ``guide``: the answer's service guide (for its buttons); ``failures``: unsure answers in a
    row including this one (from FAILURES_BEFORE_HOTLINE on, the hotline is offered)."""
    sure = answer.get("status") in ("answered", "partial")
    text = str(answer.get("text") or "").strip()
    sources = answer_sources(answer, topic)
    src = answer.get("source") if isinstance(answer.get("source"), dict) else {}
    entry = {"kind": src.get("kind"), "code": answer.get("service_code"), "n": faq_number(src)}
    meta = {"status": answer.get("status"), "facet": answer.get("facet"),
            "confidence": answer.get("confidence"), "missing": list(answer.get("missing") or [])}
    if sure:
        return reply(text, sources, service_buttons(guide) if guide else [HUMAN], topic=topic,
                     entry=entry, confident=True, answer=meta)
    guide_button = [button_url(W.SEE_GUIDE, guide["url"])] if guide else []
    if failures >= FAILURES_BEFORE_HOTLINE:
        return reply((text + W.NOT_SURE_AGAIN) if text else W.NOT_SURE_AGAIN.strip(), sources,
                     guide_button + [HOTLINE, HUMAN], topic=topic, entry=entry, confident=False, answer=meta)
    return reply(text or W.NOT_SURE, sources, guide_button + [HUMAN], topic=topic, entry=entry,
                 confident=False, answer=meta)
