"""State of the 政策计算器 page (/calculator): the form's answers → the matcher's results.

A thin adapter: the answers are read by ``app.web.checks.read_calculator`` (``app.eligibility.parse_facts``, the same reader as
``GET /api/eligibility/preview``), matched by ``app.eligibility.match``. Nothing is stored: the
answers live in this browser tab's state only, and are dropped with it.
"""

from __future__ import annotations

import dataclasses

import reflex as rx

from app.eligibility import match
from app.ui.guide_state import Link
from app.ui.session import kb
from app.web import calculator_text as T
from app.web.checks import CALC_FIELD_ID as FIELD_ID
from app.web.checks import CALC_FIELDS as FIELDS  # noqa: F401 - the form's fields (the matcher's parameters)
from app.web.checks import read_calculator


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
        read = read_calculator(form)  # the same reader as the page without JavaScript (app/web/checks.py)
        self.answers = read.answers
        if read.error is not None:
            field = read.error_field
            self.errors = [Link(read.error.message, "#" + FIELD_ID[field])]
            self.error_field, self.error_text = field, read.error.message
            return rx.call_script("document.getElementById('error-summary')?.focus()")
        self.errors, self.error_field, self.error_text = [], "", ""
        results = match(kb(), read.facts)
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
