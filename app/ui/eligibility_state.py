"""State of the eligibility check page (/eligibility/[check_code])."""

from __future__ import annotations

import dataclasses

import reflex as rx

from app.applications.eligibility import CHECKS, evaluate, materials_for
from app.ui.guide_state import Link, _page_param
from app.ui.session import kb


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
        check = CHECKS[self.code]
        answers = {q.key: str(form.get(q.key, "")) for q in check.questions}
        errors = [Link(f"请回答：{q.label}", f"#q-{q.key}") for q in check.questions
                  if answers[q.key] not in q.options]
        self.errors = errors
        self.questions = [dataclasses.replace(v, error="请选择一项。" if answers[v.key] not in
                                              check.questions[i].options else "")
                          for i, v in enumerate(self.questions)]
        if errors:
            return rx.call_script("document.getElementById('error-summary')?.focus()")
        r = evaluate(self.code, answers)
        self.done, self.verdict, self.headline = True, r.verdict, r.headline
        self.reasons, self.next_steps = r.reasons, r.next_steps
        self.apply_code = r.apply_code or ""
        self.prepare = materials_for(kb(), r.apply_code) if r.apply_code else []
        self.related = [Link(kb().services[c].name, f"/services/{c}") for c in r.related_codes if c in kb().services]
        return rx.call_script("window.scrollTo(0,0); document.getElementById('result-heading')?.focus()")

    @rx.event
    def again(self):
        self.done = False
