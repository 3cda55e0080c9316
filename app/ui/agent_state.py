"""State of the hotline console (/agent): a thin adapter over ``app.hotline``.

Every handler re-establishes the actor from the http-only session cookie and passes it to the
domain service, which checks the role and the contact's owner itself; the page only shows what
the service returned. The citizen's clear personal data reaches the browser only after
查看完整信息 (audited by the service), and is dropped when the contact changes.

Suggestions are recomputed whenever a transcript line or note is added (``_refresh_suggestions``);
nothing is sent to the citizen by the page: the agent copies, inserts into the reply box, or reads
aloud, and decides.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import time
from datetime import UTC, datetime

import reflex as rx

from app.applications.models import STATUS_LABELS as APP_STATUS_LABELS
from app.core import urls
from app.hotline import service as hs
from app.hotline import suggest as sg
from app.hotline.models import (
    CATEGORIES,
    DEPARTMENTS,
    DISTRICTS,
    OUTCOMES,
    STATUS_LABELS,
    VERDICTS,
)
from app.ui import agent_text as t
from app.ui.apply_state import local_time
from app.ui.session import current_actor, engine, kb


@dataclasses.dataclass
class QueueRow:
    id: int = 0
    kind: str = ""
    kind_label: str = ""
    summary: str = ""
    topic: str = ""
    waited: str = ""
    lines: int = 0


@dataclasses.dataclass
class LineRow:
    who: str = ""
    source: str = ""
    text: str = ""
    at: str = ""


@dataclasses.dataclass
class SuggestionRow:
    entry_id: str = ""
    kind: str = ""
    title: str = ""
    answer: str = ""
    source: str = ""
    url: str = ""
    topic: str = ""
    service_code: str = ""
    confidence: float = 0.0
    confidence_text: str = ""
    level: str = ""
    verdict: str = ""
    verdict_label: str = ""


@dataclasses.dataclass
class AppRow:
    ref: str = ""
    service: str = ""
    status: str = ""
    updated: str = ""


@dataclasses.dataclass
class MatchItem:
    """A service the caller may qualify for (政策找人 on the phone), as the console lists it."""

    name: str = ""
    verdict: str = ""
    reasons: str = ""
    missing: str = ""
    url: str = ""


@dataclasses.dataclass
class OrderLink:
    id: int = 0
    ref: str = ""
    title: str = ""
    status_label: str = ""
    due: str = ""
    overdue: bool = False


@dataclasses.dataclass
class Option:
    value: str = ""
    label: str = ""


def _waited(created: datetime) -> str:
    created = hs.aware(created)
    minutes = int((datetime.now(UTC) - created).total_seconds() // 60)
    return t.JUST_NOW if minutes < 1 else t.MINUTES.format(n=minutes) if minutes < 60 else \
        t.HOURS.format(n=minutes // 60)


def queue_row(c) -> QueueRow:
    return QueueRow(c.id, c.kind, t.KIND_LABELS.get(c.kind, c.kind), c.summary, c.topic or "",
                    _waited(c.created_at), len(c.transcript or []))


def line_row(line: dict) -> LineRow:
    src = str(line.get("from", ""))
    at = str(line.get("at", "") or "")
    try:
        at = local_time(datetime.fromisoformat(at))[-5:] if at else ""
    except ValueError:
        at = ""
    return LineRow(t.LINE_LABELS.get(src, src), src, str(line.get("text", "")), at)


def suggestion_row(s: sg.Suggestion) -> SuggestionRow:
    level = s.confidence_label
    return SuggestionRow(s.entry_id, s.kind, s.title, s.answer, s.source, s.url, s.topic, s.service_code,
                         s.confidence, t.CONFIDENCE.format(pct=round(s.confidence * 100), level=level),
                         {"高": "high", "中": "medium"}.get(level, "low"))


def order_link(w) -> OrderLink:
    return OrderLink(w.id, w.ref or "", w.title, STATUS_LABELS[w.status], local_time(w.due_at), hs.is_overdue(w))


def topic_options() -> list[Option]:
    return [Option("", t.CHOOSE)] + [Option(x, x) for x in kb().topics]


def service_options() -> list[Option]:
    return [Option("", t.CHOOSE)] + [Option(code, f"{svc.name}（{kb().service_topic[code]}）")
                                     for code, svc in kb().services.items()]


def outcome_options() -> list[Option]:
    return [Option(k, v) for k, v in OUTCOMES.items()]


def category_options() -> list[Option]:
    return [Option(k, t.CATEGORY_LABEL.format(name=k, hours=h)) for k, h in CATEGORIES.items()]


def district_options() -> list[Option]:
    return [Option(d, d) for d in DISTRICTS]


def department_options() -> list[Option]:
    return [Option(d, d) for d in DEPARTMENTS]


def _focus(element_id: str):
    return rx.call_script(f"setTimeout(()=>document.getElementById({json.dumps(element_id)})?.focus(),40)")


def _errors_shown(focus: str = "agent-error"):
    """Run an event handler; a refusal or a domain error (``AccessDenied``, ``HotlineError``)
    becomes the page's error message, focused at ``focus``. Why: every handler asks the service,
    which checks again, and each of them must show its plain-language refusal the same way, never
    a crash; one wrapper keeps the handlers to their happy path."""

    def wrap(handler):
        @functools.wraps(handler)
        def guarded(self, *args, **kwargs):
            try:
                return handler(self, *args, **kwargs)
            except (hs.AccessDenied, hs.HotlineError) as exc:
                return self._fail(exc, focus)

        return guarded

    return wrap


class AgentState(rx.State):
    signed_in: bool = False
    allowed: bool = False
    is_supervisor: bool = False
    me: str = ""
    queue: list[QueueRow] = []
    mine: list[QueueRow] = []
    refreshed_at: str = ""
    message: str = ""
    error: str = ""
    # the contact being handled
    contact_id: int = 0
    contact_kind: str = ""
    contact_summary: str = ""
    lines: list[LineRow] = []
    # the citizen
    has_citizen: bool = False
    citizen_name: str = ""
    citizen_id_number: str = ""
    citizen_phone: str = ""
    citizen_region: str = ""
    citizen_age: str = ""
    citizen_full: bool = False
    apps_loaded: bool = False
    apps: list[AppRow] = []
    matches_loaded: bool = False
    matches: list[MatchItem] = []
    # suggestions
    suggestions: list[SuggestionRow] = []
    suggest_query: str = ""
    suggest_ms: str = ""
    suggest_seq: int = 0
    weak: bool = False
    reply: str = ""
    # wrap-up and work orders
    wrap_open: bool = False
    wrap_version: int = 0
    wrap_topic: str = ""
    wrap_service: str = ""
    wrap_outcome: str = "answered"
    wrap_summary: str = ""
    order_open: bool = False
    order_description: str = ""
    orders: list[OrderLink] = []

    #: Everything shown to the agent for this contact, by entry id (for the statistics at wrap-up).
    _shown: dict[str, dict] = {}
    _used: list[dict] = []

    # ------------------------------------------------------------------ helpers ------------
    def _actor(self):
        return current_actor(self, channel="hotline")

    def _agent(self):
        a = self._actor()
        if a is None or a.role not in hs.AGENT_ROLES:
            self.allowed = False
            self._forget_contact()
            raise hs.AccessDenied()
        return a

    def _fail(self, exc: Exception, focus: str = "agent-error"):
        self.error, self.message = getattr(exc, "message", str(exc)), ""
        return _focus(focus)

    def _ok(self, text: str):
        self.message, self.error = text, ""

    def _forget_contact(self) -> None:
        self.contact_id, self.contact_kind, self.contact_summary, self.lines = 0, "", "", []
        self.has_citizen, self.citizen_full, self.apps_loaded, self.apps = False, False, False, []
        self.matches_loaded, self.matches = False, []
        self.citizen_name = self.citizen_id_number = self.citizen_phone = self.citizen_region = self.citizen_age = ""
        self.suggestions, self.suggest_query, self.weak, self.reply = [], "", False, ""
        self.wrap_open, self.order_open, self.orders, self.order_description = False, False, [], ""
        self._shown, self._used = {}, []

    def _refresh_queue(self, actor) -> None:
        self.queue = [queue_row(c) for c in hs.queue(engine(), actor)]
        self.mine = [queue_row(c) for c in hs.my_open_contacts(engine(), actor)]
        self.refreshed_at = local_time(datetime.now(UTC))[-5:]

    def _show_contact(self, actor, contact) -> None:
        self.contact_id, self.contact_kind = contact.id, t.KIND_LABELS.get(contact.kind, contact.kind)
        self.contact_summary = contact.summary
        self.lines = [line_row(x) for x in contact.transcript or []]
        card = hs.citizen_card(engine(), actor, contact.id)
        self.has_citizen = card is not None
        if card is not None:
            self.citizen_name, self.citizen_id_number, self.citizen_phone = card.name, card.id_number, card.phone
            self.citizen_region, self.citizen_age, self.citizen_full = card.region, card.age, False
        self.orders = [order_link(w) for w in hs.list_orders(engine(), actor, contact_id=contact.id)]
        self._refresh_suggestions(actor, contact.transcript or [])

    def _refresh_suggestions(self, actor, transcript: list[dict]) -> None:
        t0 = time.perf_counter()
        result = sg.suggest(transcript)
        verdicts = {s.entry_id: (s.verdict, s.verdict_label) for s in self.suggestions}
        rows = []
        for s in result.suggestions:
            row = suggestion_row(s)
            row.verdict, row.verdict_label = verdicts.get(s.entry_id, ("", ""))
            rows.append(row)
            self._shown = {**self._shown, s.entry_id: {"entry_id": s.entry_id, "kind": s.kind, "answer": s.answer,
                                                        "confidence": s.confidence, "query": result.query}}
        self.suggestions = rows
        self.suggest_query = result.query
        self.suggest_ms = f"{(time.perf_counter() - t0) * 1000:.0f}"
        self.suggest_seq += 1
        self.weak = bool(result.query) and not result.good
        if self.weak and self.contact_id:
            best = result.suggestions[0] if result.suggestions else None
            hs.note_weak_suggestions(engine(), actor, self.contact_id, query=result.query,
                                     best_entry=best.entry_id if best else None,
                                     best_confidence=best.confidence if best else 0.0,
                                     topic=best.topic if best else None)

    def _suggestion(self, entry_id: str) -> SuggestionRow | None:
        return next((s for s in self.suggestions if s.entry_id == entry_id), None)

    def _use(self, actor, s: SuggestionRow, action: str) -> None:
        hs.record_use(engine(), actor, self.contact_id, entry_id=s.entry_id, entry_kind=s.kind, action=action,
                      query=self.suggest_query, confidence=s.confidence)
        if all(u["entry_id"] != s.entry_id for u in self._used):
            self._used = [*self._used, {"entry_id": s.entry_id, "title": s.title, "topic": s.topic,
                                        "service_code": s.service_code}]

    # ------------------------------------------------------------------ page load ----------
    @rx.event
    def load(self):
        actor = self._actor()
        self.signed_in = actor is not None
        self.message, self.error = "", ""
        if actor is None:
            return rx.redirect(urls.login_url(urls.AGENT))
        self.allowed = actor.role in hs.AGENT_ROLES
        self.is_supervisor = actor.role in hs.SUPERVISOR_ROLES
        if not self.allowed:
            self._forget_contact()
            self.queue, self.mine = [], []
            return
        self.me = actor.phone_masked
        self._refresh_queue(actor)
        if self.contact_id:
            try:
                self._show_contact(actor, hs.get_contact(engine(), actor, self.contact_id))
            except (hs.AccessDenied, hs.HotlineError):
                self._forget_contact()

    @rx.event
    @_errors_shown()
    def refresh(self):
        self._refresh_queue(self._agent())

    # ------------------------------------------------------------------ contacts -----------
    @rx.event
    @_errors_shown()
    def claim(self, contact_id: int):
        actor = self._agent()
        try:
            contact = hs.claim(engine(), actor, int(contact_id))
        except hs.HotlineError:
            self._refresh_queue(actor)  # someone else was quicker: show the queue as it is now
            raise
        self._forget_contact()
        self._show_contact(actor, contact)
        self._refresh_queue(actor)
        self._ok(t.CLAIMED.format(id=contact.id))
        return _focus("contact-heading")

    @rx.event
    @_errors_shown()
    def resume(self, contact_id: int):
        actor = self._agent()
        contact = hs.get_contact(engine(), actor, int(contact_id))
        self._forget_contact()
        self._show_contact(actor, contact)
        self.message, self.error = "", ""
        return _focus("contact-heading")

    @rx.event
    @_errors_shown()
    def new_call(self, form: dict):
        actor = self._agent()
        contact = hs.open_call(engine(), actor, caller_phone=str(form.get("caller_phone", ""))[:40],
                               reason=str(form.get("reason", ""))[:200])
        self._forget_contact()
        self._show_contact(actor, contact)
        self._refresh_queue(actor)
        self._ok(t.CALL_OPENED.format(id=contact.id))
        return _focus("line-text")

    @_errors_shown()
    def _add(self, text: str, source: str):
        actor = self._agent()
        contact = hs.add_line(engine(), actor, self.contact_id, text, source)
        self.lines = [line_row(x) for x in contact.transcript]
        self.error = ""
        self._refresh_suggestions(actor, contact.transcript)
        return None

    @rx.event
    def add_line(self, form: dict):
        source = str(form.get("source", "caller"))
        return self._add(str(form.get("text", "")), source if source in ("caller", "note") else "caller")

    @rx.event
    def heard(self, form: dict):
        """A final result of the live speech recognition (assets/agent.js)."""
        text = str(form.get("text", "")).strip()
        if text and self.contact_id:
            return self._add(text, "caller")

    # ------------------------------------------------------------------ the citizen --------
    @rx.event
    @_errors_shown()
    def reveal(self, form: dict):
        card = hs.reveal_citizen(engine(), self._agent(), self.contact_id, str(form.get("reason", ""))[:200])
        self.citizen_name, self.citizen_id_number, self.citizen_phone = card.name, card.id_number, card.phone
        self.citizen_full = True
        self._ok(t.REVEALED)

    @rx.event
    @_errors_shown()
    def hide_citizen(self):
        card = hs.citizen_card(engine(), self._agent(), self.contact_id)
        if card is not None:
            self.citizen_name, self.citizen_id_number, self.citizen_phone = card.name, card.id_number, card.phone
        self.citizen_full = False

    @rx.event
    @_errors_shown()
    def load_apps(self):
        rows = hs.citizen_applications(engine(), self._agent(), self.contact_id)
        names = {c: s.name for c, s in kb().services.items()}
        self.apps = [AppRow(r.ref or t.NOT_SUBMITTED, names.get(r.service_code, r.service_code),
                            APP_STATUS_LABELS.get(r.status, r.status), local_time(r.updated_at)) for r in rows]
        self.apps_loaded = True

    @rx.event
    @_errors_shown()
    def load_matches(self):
        """可能符合的政策: computed on request (the read is audited on the caller's behalf)."""
        rows = hs.citizen_matches(engine(), kb(), self._agent(), self.contact_id)
        self.matches = [MatchItem(r.name, t.VERDICT_LABELS.get(r.verdict, r.verdict), "；".join(r.reasons),
                                  "；".join(r.missing), r.guide_url) for r in rows]
        self.matches_loaded = True

    # ------------------------------------------------------------------ suggestions --------
    @rx.event
    def set_reply(self, value: str):
        self.reply = str(value)[:4000]

    @rx.event
    @_errors_shown()
    def insert(self, entry_id: str):
        s = self._suggestion(entry_id)
        if s is None:
            return
        self._use(self._agent(), s, "insert")
        self.reply = (self.reply.rstrip() + "\n" if self.reply.strip() else "") + s.answer
        self._ok(t.INSERTED.format(title=s.title))
        return _focus("reply")

    @rx.event
    @_errors_shown()
    def copy(self, entry_id: str):
        s = self._suggestion(entry_id)
        if s is None:
            return
        self._use(self._agent(), s, "copy")
        self._ok(t.COPIED)
        return rx.set_clipboard(s.answer)

    @rx.event
    @_errors_shown()
    def read_aloud(self, entry_id: str):
        s = self._suggestion(entry_id)
        if s is None:
            return
        self._use(self._agent(), s, "read_aloud")
        self._ok(t.READING)
        return rx.call_script(f"window.minzhengAgent && window.minzhengAgent.speak({json.dumps(s.answer)})")

    @rx.event
    @_errors_shown()
    def judge(self, entry_id: str, verdict: str):
        s = self._suggestion(entry_id)
        if s is None or verdict not in VERDICTS:
            return
        hs.feedback(engine(), self._agent(), self.contact_id, entry_id=s.entry_id, entry_kind=s.kind,
                    verdict=verdict, query=self.suggest_query, confidence=s.confidence, topic=s.topic)
        self.suggestions = [dataclasses.replace(x, verdict=verdict, verdict_label=VERDICTS[verdict])
                            if x.entry_id == entry_id else x for x in self.suggestions]
        if verdict in ("useful", "edited") and all(u["entry_id"] != s.entry_id for u in self._used):
            self._used = [*self._used, {"entry_id": s.entry_id, "title": s.title, "topic": s.topic,
                                        "service_code": s.service_code}]
        self._ok(t.JUDGED.format(verdict=VERDICTS[verdict]))

    @rx.event
    def record_reply(self):
        """记入通话记录: what the agent told the caller becomes a line of the transcript."""
        if not self.reply.strip():
            self.error = t.REPLY_EMPTY
            return _focus("agent-error")
        return self._add(self.reply, "agent")

    # ------------------------------------------------------------------ wrap-up ------------
    def _replies(self) -> str:
        said = [ln.text for ln in self.lines if ln.source == "agent"]
        if self.reply.strip() and self.reply.strip() not in said:
            said.append(self.reply.strip())
        return "\n".join(said)

    @rx.event
    @_errors_shown()
    def open_wrap_up(self):
        contact = hs.get_contact(engine(), self._agent(), self.contact_id)
        d = hs.draft_wrap_up(kb(), contact, self._used, reply=self._replies(), has_work_order=bool(self.orders))
        self.wrap_topic, self.wrap_service, self.wrap_outcome, self.wrap_summary = (
            d.topic, d.service_code, d.outcome, d.summary)
        self.wrap_open, self.wrap_version = True, self.wrap_version + 1
        return _focus("wrap-heading")

    @rx.event
    def close_wrap_up(self):
        self.wrap_open = False

    @rx.event
    @_errors_shown("wrap-error")
    def save_wrap_up(self, form: dict):
        actor = self._agent()
        hs.wrap_up(engine(), actor, self.contact_id, topic=str(form.get("topic", "")),
                   service_code=str(form.get("service", "")), outcome=str(form.get("outcome", "")),
                   summary=str(form.get("summary", "")), reply=self._replies(),
                   shown=list(self._shown.values()))
        done = self.contact_id
        self._forget_contact()
        self._refresh_queue(actor)
        self._ok(t.WRAPPED.format(id=done))
        return _focus("agent-message")

    # ------------------------------------------------------------------ work orders --------
    @rx.event
    @_errors_shown()
    def open_order_form(self):
        contact = hs.get_contact(engine(), self._agent(), self.contact_id)
        question = hs.first_question(contact.transcript) or contact.summary
        notes = [x.get("text", "") for x in contact.transcript or [] if x.get("from") == "note"]
        self.order_description = "；".join([question, *notes])[:500]
        self.order_open = True
        return _focus("order-heading")

    @rx.event
    def close_order_form(self):
        self.order_open = False

    @rx.event
    @_errors_shown("order-error")
    def create_order(self, form: dict):
        top = self.suggestions[0] if self.suggestions else None
        good = top is not None and top.confidence >= sg.GOOD_CONFIDENCE
        wo = hs.create_work_order(engine(), self._agent(), self.contact_id, category=str(form.get("category", "")),
                                  district=str(form.get("district", "")),
                                  department=str(form.get("department", "")),
                                  description=str(form.get("description", "")),
                                  title=str(form.get("title", "")),
                                  topic=top.topic if good else "",
                                  service_code=top.service_code if good else "")
        self.orders = [*self.orders, order_link(wo)]
        self.order_open = False
        self._ok(t.ORDER_CREATED.format(ref=wo.ref))
        return _focus("agent-message")
