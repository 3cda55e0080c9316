"""One chat turn, for every channel (web page, REST API, kiosk): the only path to Rasa.

1. The session id is the server's (signed); who the user is comes from the server side.
2. The text is redacted (ID and phone numbers masked) *before* it leaves for Rasa, so neither
   Rasa nor its tracker store ever holds them.
3. Rasa answers (NLU → rules → action server → app REST API); its messages are shaped into
   ``{"text", "sources", "buttons"}`` replies.
4. A hand-over (转人工) reply carries the conversation so far: it is queued as a Contact
   (kind="handoff") here, and the user gets the reference number.
5. When Rasa is down, slow or still loading (e.g. training after ``make run``), the turn is
   answered by the answer engine directly (``app.answers``: the same answer, text and sources
   as the assistant's for the same question), marked ``"degraded": true`` with a ``notice``
   that the assistant is not fully ready; 转人工 still works. Nothing raises to the caller.
"""

from __future__ import annotations

import logging
import re
import time
from functools import lru_cache

from starlette.concurrency import run_in_threadpool

from app.chat import session as sessions
from app.chat import text as T
from app.chat.rasa import RasaClient, RasaUnavailable
from app.core.privacy import redact

log = logging.getLogger(__name__)

MAX_CHARS = 500
#: Button payloads a client may send back (intents without entities); other "/…" text is
#: treated as plain text, so nobody can inject intents or entities.
ALLOWED_PAYLOADS = frozenset({"/ask_human", "/greet", "/check_application", "/ask_eligibility", "/thanks",
                              "/goodbye", "/bot_challenge", "/affirm", "/deny"})
_SAFE_URL = re.compile(r"^(/[^\s]*|tel:\d{3,15})$")


@lru_cache(maxsize=1)
def db_engine():
    from app.core.db import make_engine
    from app.tables import create_tables

    e = make_engine()
    create_tables(e)
    return e


def clean_input(text: str) -> tuple[str, str | None]:
    """Trim, cut over-long input (and say so), neutralise made-up payloads."""
    t = " ".join(str(text or "").split())
    note = None
    if len(t) > MAX_CHARS:
        t, note = t[:MAX_CHARS], T.TOO_LONG.format(n=MAX_CHARS)
    if t.startswith("/") and t not in ALLOWED_PAYLOADS:
        t = t.lstrip("/").strip()
    return t, note


def _button(b: dict) -> dict | None:
    title = str(b.get("title") or "").strip()
    if not title:
        return None
    if b.get("url") and _SAFE_URL.match(str(b["url"])):
        return {"title": title, "url": str(b["url"])}
    if b.get("payload"):
        return {"title": title, "payload": str(b["payload"])}
    return None


def shape(messages: list[dict]) -> tuple[list[dict], dict | None]:
    """Rasa's REST messages → replies of our contract; plus the hand-over packet, if any."""
    replies, handoff = [], None
    for m in messages:
        custom = m.get("custom")
        if isinstance(custom, dict):
            r = {k: v for k, v in custom.items() if k != "handoff"}
            if isinstance(custom.get("handoff"), dict):
                handoff = custom["handoff"]
                handoff["_reply"] = len(replies)  # which reply to complete with the reference
        elif m.get("text"):
            r = {"text": m["text"], "buttons": m.get("buttons") or []}
        else:
            continue
        r["text"] = str(r.get("text") or "")
        r["sources"] = [s for s in r.get("sources") or [] if isinstance(s, dict) and s.get("url")]
        r["buttons"] = [b for b in (_button(b) for b in r.get("buttons") or []) if b]
        replies.append(r)
    return replies, handoff


def _reply(text: str, sources: list[dict] | None = None, buttons: list[dict] | None = None, **extra) -> dict:
    return {"text": text, "sources": sources or [], "buttons": buttons or [], **extra}


HUMAN_BUTTON = {"title": T.ASK_HUMAN, "payload": "/ask_human"}
HOTLINE_BUTTON = {"title": T.CALL_HOTLINE, "url": T.HOTLINE_URL}


class ChatService:
    def __init__(self, rasa: RasaClient | None = None, engine=None):
        self.rasa = rasa or RasaClient()
        self._engine = engine

    @property
    def engine(self):
        return self._engine if self._engine is not None else db_engine()

    async def handle(self, session: str | None, text: str, *, channel: str = "web",
                     person_id: int | None = None, city: str | None = None) -> dict:
        """One turn. ``city``: the city remembered on the user's device (web), the context of
        every question that names none; what the conversation or the message says wins."""
        t0 = time.perf_counter()
        sid, token, _new = sessions.resolve(session)
        raw, note = clean_input(text)
        if not raw:
            return {"session": token, "replies": [_reply(T.EMPTY)], "handoff": False, "degraded": False}
        clean = redact(raw)  # before anything leaves the app
        sender = f"{channel}-{sid}"
        try:
            messages = await self.rasa.send(sender, clean, {"city": city} if city else None)
            replies, packet = shape(messages)
            if not replies:
                raise RasaUnavailable("no reply")
            degraded = False
        except RasaUnavailable as exc:
            log.warning("Rasa unavailable, answering from search: %s", exc)
            replies, packet = await self._degraded(clean, city)
            degraded = True
        except Exception:  # noqa: BLE001 - an unexpected answer must not leave the user without one
            log.exception("chat turn failed, answering from search")
            replies, packet = await self._degraded(clean, city)
            degraded = True
        rasa_ms = (time.perf_counter() - t0) * 1000
        handoff = packet is not None
        if handoff:
            await self._hand_over(replies, packet, sid, channel, person_id)
        if note:  # said within the first reply, which keeps its sources first
            replies[0]["text"] = note + replies[0]["text"]
        return {"session": token, "replies": replies, "handoff": handoff, "degraded": degraded,
                "timing": {"rasa_ms": round(rasa_ms, 1), "total_ms": round((time.perf_counter() - t0) * 1000, 1)}}

    async def _degraded(self, clean: str, city: str | None = None) -> tuple[list[dict], dict | None]:
        if clean == "/ask_human" or any(w in clean for w in T.HUMAN_WORDS):
            text = T.BUTTON_CLICKED.format(title=T.ASK_HUMAN) if clean.startswith("/") else clean
            packet = {"summary": T.HANDOFF_SUMMARY, "topic": None,
                      "transcript": [{"from": "user", "text": text}]}
            packet["_reply"] = 0
            return [_reply("", [], [HOTLINE_BUTTON], degraded=True)], packet
        try:
            r = await run_in_threadpool(engine_reply, clean.lstrip("/"), city)
        except Exception:  # noqa: BLE001 - the fallback must not fail either
            log.exception("answer engine failed in degraded chat")
            return [_reply(T.DEGRADED_NOTHING, [], [HUMAN_BUTTON, HOTLINE_BUTTON], degraded=True,
                           confident=False)], None
        return [{**r, "degraded": True, "notice": T.NOT_READY}], None

    async def _hand_over(self, replies: list[dict], packet: dict, sid: str, channel: str,
                         person_id: int | None) -> None:
        from app.contacts.service import create_contact

        target = replies[min(int(packet.get("_reply", len(replies) - 1)), len(replies) - 1)]
        try:
            contact = await run_in_threadpool(
                create_contact, self.engine, kind="handoff", channel=channel, session_id=sid,
                summary=str(packet.get("summary") or T.HANDOFF_SUMMARY),
                transcript=list(packet.get("transcript") or []),
                topic=packet.get("topic") or None, person_id=person_id,
            )
        except Exception:  # noqa: BLE001 - never leave the user without an answer
            log.exception("could not queue the hand-over")
            target.update(text=T.HANDOFF_FAILED, buttons=[HOTLINE_BUTTON])
            return
        target.update(text=T.HANDOFF_DONE.format(id=contact.id), contact_id=contact.id,
                      buttons=[HOTLINE_BUTTON])


def engine_reply(question: str, city: str | None = None) -> dict:
    """The answer engine's answer to one question as a chat reply (no conversation context:
    without Rasa nothing is remembered between turns; only the device's remembered ``city``)."""
    from app.answers import AnswerContext, answer
    from app.chat.replies import answer_reply
    from app.search.engine import get_engine

    return answer_reply(get_engine().kb, answer(question, AnswerContext(channel="chat", city=city or None)))


_SERVICE: ChatService | None = None


def get_chat_service() -> ChatService:
    global _SERVICE
    if _SERVICE is None:
        _SERVICE = ChatService()
    return _SERVICE
