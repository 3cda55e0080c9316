"""State of the 为您推荐 page (/for-you): consent, the recommendations, the facts one adds, 为谁看.

A thin adapter over ``app.recommend.service``, which decides who may see what, needs the consent
and audits reads on someone's behalf; sign-in is required (as /booking). The recommendations are
the matcher's, shown as the 政策计算器 shows them (``calculator_state._view``), with 测一测 where
the service has one.
"""

from __future__ import annotations

import dataclasses

import reflex as rx

from app.applications.eligibility import CHECKS
from app.core import urls
from app.recommend import service as rs
from app.ui import recommend_text as T
from app.ui.calculator_state import MatchView
from app.ui.calculator_state import _view as match_view
from app.ui.guide_state import Link
from app.ui.page_effects import announce
from app.ui.session import current_actor, engine, kb

#: The yes/no facts one may add, in the calculator's words.
FACT_QUESTIONS = [(k, q) for k, q in T.YES_NO_QUESTIONS if k in rs.EXTRA_FIELDS]
FIELD_ID = {name: f"r-{name}" for name in rs.EXTRA_FIELDS} | {"for_whom": "r-for_whom", "": "r-facts"}


@dataclasses.dataclass
class RecView(MatchView):
    check_url: str = ""
    #: 也许符合: the one line shown in the fold (what is still to check)
    line: str = ""


def _line(m) -> str:
    if not m.missing:
        return "；".join(m.reasons)
    if len(m.missing) == 1:
        return T.STILL_TO_CHECK.format(first=m.missing[0])
    return T.STILL_TO_CHECK_MORE.format(first=m.missing[0], n=len(m.missing))


def _apply_url(m, for_person: int | None) -> str:
    """在线办理 only where /apply/<code> really takes it: the matcher's link is there only when the
    service is online (the rule ``applications.service.start`` enforces); for a family member the
    application must be in their name (``?for=``) and the service must allow 代办 — else none."""
    if not m.apply_url or m.automatic is not None:
        return ""
    if for_person is None:
        return m.apply_url
    svc = kb().services.get(m.service_code)
    return f"{m.apply_url}?for={for_person}" if svc is not None and svc.channels.proxy_allowed else ""


def _rec(m, for_person: int | None = None) -> RecView:
    v = RecView(**dataclasses.asdict(match_view(m)))
    v.verdict_label = T.VERDICT_LABEL[m.verdict]
    v.check_url = urls.check_url(m.service_code) if m.service_code in CHECKS else ""
    v.apply_url = _apply_url(m, for_person)
    v.line = _line(m)
    return v


def _focus(element_id: str):
    return rx.call_script(f"setTimeout(function(){{var e=document.getElementById('{element_id}');"
                          "if(e){e.focus();e.scrollIntoView({block:'start'});}},60)")


class RecommendState(rx.State):
    signed_in: bool = False
    #: no_identity | ask (no consent yet) | list
    view: str = "ask"
    for_self: bool = True
    #: "" = myself, else the label of a person under an active delegation
    for_whom: str = ""
    helpees: list[str] = []
    #: the picker's choices (我自己 first) and the one ticked
    who_options: list[str] = []
    who_checked: str = ""
    helpee_ids: dict[str, int] = {}
    name: str = ""
    #: 可能符合, shown in full; 也许符合, folded (open when there is no 可能符合)
    likely: list[RecView] = []
    maybe: list[RecView] = []
    maybe_summary: str = ""
    no_likely_text: str = ""
    known: list[str] = []
    added: list[str] = []
    left_out: list[str] = []
    scope_limited: bool = False
    saved: dict[str, str] = {}
    errors: list[Link] = []
    error_field: str = ""
    error_text: str = ""
    status_msg: str = ""

    # ---- helpers (not events) --------------------------------------------------------------

    def _clear(self) -> None:
        self.errors, self.error_field, self.error_text, self.status_msg = [], "", "", ""

    def _fail(self, exc: rs.RecommendError):
        field = exc.field if exc.field in FIELD_ID else ""
        self.errors = [Link(exc.message, "#" + FIELD_ID[field])]
        self.error_field, self.error_text = field, exc.message
        return _focus("error-summary")

    def _refresh(self, actor) -> None:
        helpees = rs.people_for(engine(), actor)
        self.helpee_ids = {f"{h.name}（{h.relationship}代办）": h.person_id for h in helpees}
        self.helpees = list(self.helpee_ids)
        if self.for_whom not in self.helpee_ids:
            self.for_whom = ""
        self.who_options = [T.MYSELF, *self.helpees]
        self.who_checked = self.for_whom or T.MYSELF
        self.for_self = self.for_whom == ""
        self.likely, self.maybe, self.known, self.added, self.left_out, self.saved = [], [], [], [], [], {}
        self.maybe_summary, self.no_likely_text = "", ""
        if self.for_self and actor.person_id is None:
            self.view = "no_identity"
            return
        if self.for_self and rs.consent_of(engine(), actor) is None:
            self.view = "ask"
            return
        person_id = None if self.for_self else self.helpee_ids[self.for_whom]
        recs = rs.recommendations(engine(), kb(), actor, person_id)
        self.view = "list"
        self.name = "" if self.for_self else self.for_whom.split("（")[0]
        items = [_rec(m, person_id) for m in recs.matches]
        self.likely = [v for v in items if v.verdict == "likely"]
        self.maybe = [v for v in items if v.verdict == "maybe"]
        n = len(self.maybe)
        self.maybe_summary = (T.MAYBE_SUMMARY if self.likely else T.MAYBE_SUMMARY_ONLY).format(n=n)
        self.no_likely_text = "" if self.likely or not n else (
            T.NO_LIKELY if self.for_self else T.NO_LIKELY_OTHER).format(n=n)
        self.known, self.added, self.left_out = recs.known, recs.added, recs.left_out
        self.scope_limited = recs.scope_limited
        self.saved = rs.my_facts(engine(), actor) if self.for_self else {}

    def _act(self, fn, ok: str, focus: str):
        actor = current_actor(self)
        if actor is None:
            return rx.redirect(urls.login_url(urls.FOR_YOU))
        self._clear()
        try:
            fn(actor)
            self._refresh(actor)
        except rs.RecommendError as exc:
            return self._fail(exc)
        self.status_msg = ok
        return _focus(focus)

    # ---- events ---------------------------------------------------------------------------

    @rx.event
    def load(self):
        actor = current_actor(self)
        if actor is None:
            return rx.redirect(urls.login_url(urls.FOR_YOU))
        self.signed_in = True
        self._clear()
        self.for_whom = ""
        try:
            self._refresh(actor)
        except rs.RecommendError as exc:
            self.view = "ask"
            return self._fail(exc)
        return announce(T.PAGE_TITLE, focus=False)

    @rx.event
    def agree(self):
        return self._act(lambda a: rs.give_consent(engine(), a), T.AGREED, "r-result")

    @rx.event
    def revoke(self):
        return self._act(lambda a: rs.revoke_consent(engine(), a), T.REVOKED, "r-status")

    @rx.event
    def save(self, form: dict):
        values = {k: str(form.get(k, "") or "").strip()[:40] for k in rs.EXTRA_FIELDS}
        return self._act(lambda a: rs.save_facts(engine(), a, values), T.SAVED, "r-result")

    @rx.event
    def choose(self, form: dict):
        who = str(form.get("for_whom", "") or "")
        self.for_whom = "" if who == T.MYSELF else who
        return self._act(lambda a: None, "", "r-result")
