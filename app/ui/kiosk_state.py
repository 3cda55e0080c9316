"""State of the voice kiosk: a thin adapter over search, the knowledge base and the contact queue.

The page script (assets/kiosk/kiosk.js) owns the microphone, the audio and the idle timer; it
hands recognised text to :meth:`KioskState.heard` through a hidden form and clears the session
through :meth:`KioskState.reset_session`. Everything this state shows is also put in ``speech``
and ``say_seq`` is bumped, which the page script reads aloud (every step spoken).

The conversation kept for a help request lives in a backend-only var (``_transcript``): it never
goes to the browser, and the idle reset wipes it with the rest of the session.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime

import reflex as rx

from app.ui import kiosk_text as t


@dataclasses.dataclass
class Choice:
    kind: str = ""  # service | faq
    ref: str = ""  # service code or FAQ id
    title: str = ""
    note: str = ""


@dataclasses.dataclass
class Section:
    title: str = ""
    lines: list[str] = dataclasses.field(default_factory=list)
    speech: str = ""  # what 再听一遍 of this part says


# ------------------------------------------------------------------ domain → kiosk views -----
def _kb():
    from app.search.engine import get_engine

    return get_engine().kb


def topic_choices(kb, topic: str) -> list[Choice]:
    tf = kb.topics.get(topic)
    return [Choice("service", s.code, s.name, "") for s in tf.services] if tf else []


def search_choices(text: str, limit: int = 4) -> list[Choice]:
    """Services and FAQ answers for what the person said (the same search as typed text)."""
    from app.search.engine import get_engine

    resp = get_engine().search(text, limit=12)
    out: list[Choice] = []
    seen: set[str] = set()
    for r in resp.results:
        if r.kind == "问题":
            choice = Choice("faq", r.id, r.title, r.topic)
        elif r.service_code:
            choice = Choice("service", r.service_code, _kb().services[r.service_code].name
                            if r.service_code in _kb().services else r.title, r.topic)
        else:
            continue
        key = f"{choice.kind}:{choice.ref}"
        if key not in seen:
            seen.add(key)
            out.append(choice)
        if len(out) >= limit:
            break
    return out


def hot_choices() -> list[Choice]:
    from app.search.engine import get_engine

    return [Choice("service", r.service_code or r.id, r.title, r.topic) for r in get_engine().suggestions()]


def list_speech(lead: str, choices: list[Choice]) -> str:
    items = "；".join(t.CHOICE_ITEM.format(i=i + 1, title=c.title) for i, c in enumerate(choices))
    return f"{lead}{items}。"


def service_view(kb, code: str) -> tuple[str, list[Section], str]:
    """(title, sections, speech): one part at a time. The first speech is the title and what it
    is; every part has its own 再听一遍 (its ``speech``), so nobody waits a minute for 要带什么."""
    from app.knowledge.brief import build_brief, phone_words, time_text

    svc = kb.services[code]
    b = build_brief(svc)
    materials = [m.name for m in svc.materials if m.required][:6] or [m.name for m in svc.materials][:6]
    if svc.channels.proxy_allowed:
        materials.append(t.PROXY_ID)
    parts = [
        (t.SEC_WHAT, [svc.summary]),
        (t.SEC_WHO, list(svc.conditions[:3])),
        (t.SEC_BRING, materials),
        (t.SEC_WHERE, [b.where]),
        (t.SEC_TIME, [time_text(svc)]),
        (t.SEC_PHONE, [phone_words(b.phone)]),
    ]
    sections = [Section(title, lines, f"{title}：" + _sentence("；".join(lines))) for title, lines in parts]
    speech = f"{svc.name}。" + sections[0].speech + t.DETAIL_NEXT
    return svc.name, sections, speech


def faq_view(kb, faq_id: str) -> tuple[str, list[Section], str, str] | None:
    f = next((f for f in kb.faqs if f.id == faq_id), None)
    if f is None:
        return None
    return f.q, [Section(t.SEC_ANSWER, [f.a], _sentence(f.a))], _sentence(f.q) + _sentence(f.a), f.service_code


def answer_view(text: str) -> tuple[str, list[Section], str, str] | None:
    """The answer engine's reply to what was said, when it answered the point (app.answers):
    (title, sections, speech, service code). None: fall back to the list of matching entries."""
    from app.answers import answer

    a = answer(text, None)
    if a.status == "unsure" or not a.service_code or a.confidence < 0.5:
        return None
    sections = [Section(t.SEC_ANSWER, [p.text for p in a.parts] or [a.text], _sentence(a.text.replace("\n", "。")))]
    return text, sections, sections[0].speech, a.service_code


def _sentence(s: str) -> str:
    s = s.strip()
    return s if not s or s[-1] in "。！？!?" else s + "。"


def request_help(engine, *, kiosk_id: str, transcript: list[dict], topic: str | None, context: str):
    """Put a 呼叫工作人员 request on the contact queue (text is redacted by the queue)."""
    from app.contacts.service import create_contact

    summary = t.STAFF_SUMMARY.format(kiosk=kiosk_id) + (f" · {context}" if context else "")
    return create_contact(engine, kind="kiosk_help", channel="kiosk", session_id=kiosk_id,
                          summary=summary, transcript=transcript[-30:], topic=topic)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


_KIOSK_ID = re.compile(r"^[\w\-]{1,32}$")


class KioskState(rx.State):
    screen: str = "start"  # start | confirm | list | detail | help
    prompt: str = ""
    speech: str = ""
    say_seq: int = 0
    heard: str = ""
    list_title: str = ""
    choices: list[Choice] = []
    detail_title: str = ""
    sections: list[Section] = []
    detail_service: str = ""  # FAQ answers link to their service
    help_ref: str = ""
    asr_ok: bool = True
    #: Someone has done something since the last reset (the idle timer only runs then).
    active: bool = False

    _transcript: list[dict] = []
    _topic: str = ""
    _back: str = ""
    _kiosk_id: str = ""

    # ------------------------------------------------------------------ helpers --------------
    def _say(self, speech: str, prompt: str | None = None) -> None:
        self.speech = speech
        self.prompt = prompt if prompt is not None else speech
        self.say_seq += 1
        # Bounded: the last lines only, each cut short (a help request sends the last 30).
        self._transcript = [*self._transcript[-59:], {"from": "bot", "text": speech[:500], "at": _now()}]

    def _log_user(self, text: str) -> None:
        self._transcript = [*self._transcript[-59:], {"from": "user", "text": text[:500], "at": _now()}]
        self.active = True

    def _clear(self) -> None:
        self.screen, self.heard, self.list_title, self.choices = "start", "", "", []
        self.detail_title, self.sections, self.detail_service, self.help_ref = "", [], "", ""
        self.prompt, self.speech, self.active = "", "", False
        self._transcript, self._topic, self._back = [], "", ""

    def _welcome(self) -> str:
        return t.WELCOME if self.asr_ok else t.WELCOME_TOUCH

    def _show_list(self, title: str, choices: list[Choice], lead: str) -> None:
        self.screen, self.list_title, self.choices = "list", title, choices
        self._back = "list"
        self._say(list_speech(lead, choices), prompt=lead.rstrip("：:"))

    # ------------------------------------------------------------------ events ---------------
    @rx.event
    def start(self):
        """Page load: a fresh session, and is speech recognition available here?"""
        from app.core.config import get_settings
        from voice.models import model_status

        self._clear()
        self.asr_ok = model_status(get_settings().vosk_model_path).present
        kiosk = str(self.router.url.query_parameters.get("kiosk", "") or "")
        token = (self.router.session.client_token or "")[:8]
        self._kiosk_id = kiosk if _KIOSK_ID.match(kiosk) else f"kiosk-{token}"
        self._say(self._welcome())

    @rx.event
    def reset_session(self):
        """Privacy reset after the idle warning: forget everything, back to the start, silently."""
        self._clear()
        self.prompt = self.speech = self._welcome()

    @rx.event
    def home(self):
        self._log_user(t.HOME)
        self.screen, self.heard, self._back = "start", "", ""
        self._say(self._welcome())

    @rx.event
    def heard_text(self, form_data: dict):
        """Recognised speech from the page script: show it to be confirmed (是 / 重说)."""
        text = re.sub(r"\s+", " ", str(form_data.get("text", ""))).strip()[:120]
        if not text:
            self.screen = "start" if self.screen == "confirm" else self.screen
            self._say(t.NOT_HEARD)
            return
        self._log_user(text)
        self.heard, self.screen = text, "confirm"
        self._say(t.CONFIRM_SAY.format(heard=text), prompt=t.CONFIRM_TITLE)

    @rx.event
    def retry(self):
        """重说: the page script starts listening again; nothing is spoken over the microphone."""
        self._log_user(t.RETRY)
        self.heard, self.screen = "", "start"
        self.prompt = t.RETRY_SAY

    @rx.event
    def confirm(self):
        """是: search what was said, exactly as typed text is searched."""
        self._log_user(t.YES)
        view = answer_view(self.heard)
        if view is not None:  # the answer to the point asked first; 看完整说明 opens the guide
            title, sections, speech, code = view
            self._topic = _kb().service_topic.get(code, self._topic)
            self.screen, self.detail_title, self.sections, self.detail_service = "detail", title, sections, code
            self._say(speech, prompt=t.DETAIL_PROMPT)
            return
        choices = search_choices(self.heard)
        if choices:
            self._show_list(self.heard, choices, t.RESULTS_SAY.format(n=len(choices)))
        else:
            self.screen, self.list_title, self.choices, self._back = "list", t.TILES_TITLE, hot_choices(), "list"
            self._say(t.NO_MATCH_SAY)

    @rx.event
    def choose_topic(self, topic: str):
        self._log_user(topic)
        self._topic = topic
        choices = topic_choices(_kb(), topic)
        if len(choices) == 1:
            return KioskState.open_choice("service", choices[0].ref)
        self._show_list(topic, choices, t.TOPIC_SAY.format(topic=topic, n=len(choices)))

    @rx.event
    def open_choice(self, kind: str, ref: str):
        kb = _kb()
        if kind == "service" and ref in kb.services:
            title, sections, speech = service_view(kb, ref)
            self._topic = kb.service_topic.get(ref, self._topic)
            self.detail_service = ""
        elif kind == "faq" and (view := faq_view(kb, ref)) is not None:
            title, sections, speech, service_code = view
            self._topic = kb.service_topic.get(service_code, self._topic)
            self.detail_service = service_code
        else:
            return
        self._log_user(title)
        self.screen, self.detail_title, self.sections = "detail", title, sections
        # The title is the screen's heading; the prompt says what to do (the title shows once).
        self._say(speech, prompt=t.DETAIL_PROMPT)

    @rx.event
    def open_detail_service(self):
        if self.detail_service:
            return KioskState.open_choice("service", self.detail_service)

    @rx.event
    def back(self):
        self._log_user(t.BACK)
        if self.screen == "detail" and self._back == "list" and self.choices:
            self.screen = "list"
            self._say(list_speech(f"{self.list_title}：", self.choices), prompt=self.list_title)
        else:
            self.screen, self._back = "start", ""
            self._say(self._welcome())

    @rx.event
    def call_staff(self):
        """呼叫工作人员: a Contact(kind="kiosk_help") staff see in their queue."""
        from app.ui.session import engine

        self._log_user(t.STAFF)
        context = self.detail_title or self.heard or self._topic
        try:
            contact = request_help(engine(), kiosk_id=self._kiosk_id or "kiosk", transcript=self._transcript,
                                   topic=self._topic or None, context=context)
        except Exception:  # noqa: BLE001 - the person must still be told where to go
            self.screen, self.help_ref = "help", ""
            self._say(t.STAFF_FAILED)
            return
        self.screen, self.help_ref = "help", str(contact.id)
        self._say(t.STAFF_SAY.format(ref=contact.id))

    @rx.event
    def cancel_staff(self):
        """取消呼叫: the request leaves the staff queue (closed), and the person is told so."""
        from app.contacts.service import set_status
        from app.ui.session import engine

        self._log_user(t.STAFF_CANCEL)
        if self.help_ref.isdigit():
            try:
                set_status(engine(), int(self.help_ref), "closed", by="kiosk-cancelled")
            except (LookupError, ValueError):
                pass
        self.help_ref = ""
        self.screen = "start"
        self._say(t.STAFF_CANCELLED)
