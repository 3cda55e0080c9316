"""The answer engine's Answer as a chat reply, when the app answers without Rasa (degraded mode).

The assistant's action server shapes the same Answer with the same rules
(``bot/actions/replies.py``; it runs in Rasa's venv and imports nothing of the app), so a
question gets the same text, sources and buttons whether Rasa answered or not — one answer on
every channel. ``tests/bot/test_reply_parity.py`` holds the two to it.
"""

from __future__ import annotations

import re
from dataclasses import asdict, is_dataclass
from typing import Any

from app.chat import text as T
from app.chat.guide import service_guide
from app.knowledge.loader import KnowledgeBase

_FAQ_N = re.compile(r"#(?:faq-)?(\d+)$")
HUMAN_BUTTON = {"title": T.ASK_HUMAN, "payload": "/ask_human"}
HOTLINE_BUTTON = {"title": T.CALL_HOTLINE, "url": T.HOTLINE_URL}
#: Unsure answers in a row after which the hotline is offered (as the assistant does).
FAILURES_BEFORE_HOTLINE = 2


def as_dict(answer: Any) -> dict:
    """An Answer (dataclass, pydantic model or dict) as the JSON /api/answer gives."""
    if isinstance(answer, dict):
        return answer
    if hasattr(answer, "to_dict"):
        return answer.to_dict()
    if hasattr(answer, "model_dump"):
        return answer.model_dump()
    if is_dataclass(answer):
        return asdict(answer)
    raise TypeError(f"not an answer: {type(answer).__name__}")


def _faq_number(src: dict) -> int | None:
    for v in (src.get("url") or "", src.get("code") or ""):
        m = _FAQ_N.search(v)
        if m:
            return int(m.group(1))
    return None


def service_buttons(guide: dict) -> list[dict]:
    out = []
    if guide.get("apply_url"):
        out.append({"title": T.APPLY_ONLINE, "url": guide["apply_url"]})
    out.append({"title": T.SEE_GUIDE, "url": guide["url"]})
    if guide.get("check_url"):
        out.append({"title": T.CHECK, "url": guide["check_url"]})
    out.append(HUMAN_BUTTON)
    return out


def answer_sources(answer: dict, topic: str | None) -> list[dict]:
    out: list[dict] = []
    for src in [answer.get("source")] + [p.get("source") for p in answer.get("parts") or [] if isinstance(p, dict)]:
        if isinstance(src, dict) and src.get("url") and all(s["url"] != src["url"] for s in out):
            out.append({"title": str(src.get("title") or ""), "url": str(src["url"]), "topic": topic,
                        "kind": src.get("kind")})
    return out


def answer_reply(kb: KnowledgeBase, answer: Any, failures: int = 1) -> dict:
    """The chat reply for one Answer (the first unsure answer of a conversation by default:
    without Rasa there is no conversation state to count repeats)."""
    a = as_dict(answer)
    code = a.get("service_code")
    guide = service_guide(kb, code) if code else None
    topic = kb.service_topic.get(code) if code else None
    sure = a.get("status") in ("answered", "partial")
    text = str(a.get("text") or "").strip()
    src = a.get("source") if isinstance(a.get("source"), dict) else {}
    base = {"sources": answer_sources(a, topic), "topic": topic,
            "entry": {"kind": src.get("kind"), "code": code, "n": _faq_number(src)},
            "confident": sure,
            "answer": {"status": a.get("status"), "facet": a.get("facet"), "confidence": a.get("confidence"),
                       "missing": list(a.get("missing") or [])}}
    if sure:
        return {"text": text, "buttons": service_buttons(guide) if guide else [HUMAN_BUTTON], **base}
    guide_button = [{"title": T.SEE_GUIDE, "url": guide["url"]}] if guide else []
    if failures >= FAILURES_BEFORE_HOTLINE:
        return {"text": (text + T.NOT_SURE_AGAIN) if text else T.NOT_SURE_AGAIN.strip(),
                "buttons": guide_button + [HOTLINE_BUTTON, HUMAN_BUTTON], **base}
    return {"text": text or T.NOT_SURE, "buttons": guide_button + [HUMAN_BUTTON], **base}
