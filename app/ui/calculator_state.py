"""State of the 政策计算器 page (/calculator): the form's answers → the matcher's results.

A thin adapter: facts are read by ``app.eligibility.parse_facts`` (the same reader as
``GET /api/eligibility/preview``), matched by ``app.eligibility.match``. Nothing is stored: the
answers live in this browser tab's state only, and are dropped with it.
"""

from __future__ import annotations

import dataclasses

import reflex as rx

from app.eligibility import FactError, match, parse_facts
from app.ui import calculator_text as T
from app.ui.guide_state import Link
from app.ui.session import kb

#: Form fields → the matcher's parameter names (the same as the API's query parameters).
FIELDS = ("birth_date", "age", "hukou", "county", "disability", "grade", "household",
          *(k for k, _q in T.YES_NO_QUESTIONS))
#: Which field an error points to (the county's error points to the county field, and so on).
FIELD_ID = {f: f"f-{f}" for f in FIELDS}


@dataclasses.dataclass
class MatchView:
    code: str = ""
    name: str = ""
    verdict: str = ""
    verdict_label: str = ""
    reasons: list[str] = dataclasses.field(default_factory=list)
    missing: list[str] = dataclasses.field(default_factory=list)
    materials: list[str] = dataclasses.field(default_factory=list)
    automatic: bool = False
    auto_how: str = ""
    auto_payment: str = ""
    auto_contact: str = ""
    how_to_apply: str = ""
    contact: str = ""
    guide_url: str = ""
    apply_url: str = ""
    family_url: str = ""


def _view(m) -> MatchView:
    a = m.automatic
    return MatchView(
        code=m.service_code, name=m.name, verdict=m.verdict, verdict_label=T.VERDICT_LABEL[m.verdict],
        reasons=m.reasons, missing=m.missing, materials=m.materials, automatic=a is not None,
        auto_how=a.how if a else "", auto_payment=a.payment if a else "", auto_contact=a.contact if a else "",
        how_to_apply=(m.how_to_apply or "") if a is None else "", contact=m.contact,
        guide_url=m.guide_url, apply_url=m.apply_url or "", family_url=m.family_url)


class CalculatorState(rx.State):
    done: bool = False
    errors: list[Link] = []
    error_field: str = ""
    error_text: str = ""
    likely: list[MatchView] = []
    maybe: list[MatchView] = []
    unlikely: list[MatchView] = []
    summary: str = ""
    #: what was answered, so 改一改回答 shows it again (this tab only; never stored)
    answers: dict[str, str] = {}

    @rx.event
    def load(self):
        self.done, self.errors, self.error_field, self.error_text = False, [], "", ""
        from app.ui.page_effects import announce

        return announce(T.PAGE_TITLE, focus=False)

    @rx.event
    def submit(self, form: dict):
        raw = {k: str(form.get(k, "") or "").strip()[:80] for k in FIELDS}
        self.answers = raw
        params = {k: ("" if v == T.UNKNOWN else v) for k, v in raw.items()}
        try:
            facts = parse_facts(params)
        except FactError as err:
            field = err.field if err.field in FIELD_ID else "birth_date"
            self.errors = [Link(err.message, "#" + FIELD_ID[field])]
            self.error_field, self.error_text = field, err.message
            return rx.call_script("document.getElementById('error-summary')?.focus()")
        self.errors, self.error_field, self.error_text = [], "", ""
        results = match(kb(), facts)
        self.likely = [_view(m) for m in results if m.verdict == "likely"]
        self.maybe = [_view(m) for m in results if m.verdict == "maybe"]
        self.unlikely = [_view(m) for m in results if m.verdict == "no"]
        self.summary = T.RESULT_COUNT.format(likely=len(self.likely), maybe=len(self.maybe))
        self.done = True
        return rx.call_script("window.scrollTo(0,0); document.getElementById('calc-result')?.focus()")

    @rx.event
    def again(self):
        self.done = False
        return rx.call_script("setTimeout(function(){document.getElementById('f-birth_date')?.focus()},50)")
