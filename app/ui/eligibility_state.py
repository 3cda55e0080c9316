"""State of the eligibility check page (/eligibility/[check_code])."""

from __future__ import annotations

import dataclasses

import reflex as rx

from app.applications.eligibility import CHECKS, evaluate, materials_for
from app.core import urls
from app.ui.guide_state import Link, _page_param
from app.ui.session import kb
from app.web import check_text as C
from app.web.checks import read_check


@dataclasses.dataclass
class EQView:
    key: str = ""
    label: str = ""
    options: list[str] = dataclasses.field(default_factory=list)
    error: str = ""


class EligibilityState(rx.State):
    found: bool = True
    code: str = ""
    title: str = ""
    questions: list[EQView] = []
    errors: list[Link] = []
    done: bool = False
    verdict: str = ""
    headline: str = ""
    reasons: list[str] = []
    next_steps: list[str] = []
    prepare: list[str] = []
    apply_code: str = ""
    related: list[Link] = []

    @rx.event
    def load(self):
        code = _page_param(self, "check_code")
        check = CHECKS.get(code)
        self.found, self.done, self.errors = check is not None, False, []
        if check is None:
            return
        self.code, self.title = code, check.title
        self.questions = [EQView(q.key, q.label, list(q.options)) for q in check.questions]
        from app.ui.page_effects import announce

        return announce(f"测一测：能不能申请{check.title}", focus=False)

    @rx.event
    def submit(self, form: dict):
        read = read_check(self.code, form)  # the same reader as the page without JavaScript
        self.errors = [Link(message, href) for message, href in read.errors]
        self.questions = [dataclasses.replace(v, error=C.CHOOSE_ONE if v.key in read.invalid else "")
                          for v in self.questions]
        if read.errors:
            return rx.call_script("document.getElementById('error-summary')?.focus()")
        r = evaluate(self.code, read.answers)
        self.done, self.verdict, self.headline = True, r.verdict, r.headline
        self.reasons, self.next_steps = r.reasons, r.next_steps
        self.apply_code = r.apply_code or ""
        self.prepare = materials_for(kb(), r.apply_code) if r.apply_code else []
        self.related = [Link(kb().services[c].name, urls.service_url(c)) for c in r.related_codes if c in kb().services]
        return rx.call_script("window.scrollTo(0,0); document.getElementById('result-heading')?.focus()")

    @rx.event
    def again(self):
        self.done = False
