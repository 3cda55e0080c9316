"""Eligibility check before applying: a few plain questions, then a result that explains."""

from __future__ import annotations

import reflex as rx

from app.core import urls
from app.ui.eligibility_state import EligibilityState, EQView
from app.ui.forms import error_summary, radio_group
from app.ui.layout import page
from app.ui.pages import Page
from app.ui.pages.guide import _bullet, _link_item, not_found
from app.web import check_text as C


def _question(q: EQView) -> rx.Component:
    return radio_group(q.key, q.label, q.options, fid="q-" + q.key, invalid=q.error != "", error=q.error)


def result() -> rx.Component:
    return rx.el.section(
        rx.el.h2(EligibilityState.headline, id="result-heading", tab_index=-1,
                 class_name=rx.cond(EligibilityState.verdict == "yes", "result-yes",
                                    rx.cond(EligibilityState.verdict == "no", "result-no", "result-maybe"))),
        rx.el.p(rx.cond(EligibilityState.verdict == "yes", C.VERDICT["yes"],
                        rx.cond(EligibilityState.verdict == "no", C.VERDICT["no"], C.VERDICT["maybe"])),
                class_name="verdict"),
        rx.el.h3(C.WHY),
        rx.el.ul(rx.foreach(EligibilityState.reasons, _bullet)),
        rx.cond(EligibilityState.prepare.length() > 0, rx.el.div(
            rx.el.h3(C.PREPARE), rx.el.ul(rx.foreach(EligibilityState.prepare, _bullet)))),
        rx.el.h3(rx.cond(EligibilityState.verdict == "no", C.NEXT_IF_NO, C.NEXT)),
        rx.el.ul(rx.foreach(EligibilityState.next_steps, _bullet)),
        rx.cond(EligibilityState.related.length() > 0, rx.el.div(
            rx.el.h3(C.SEE_ALSO), rx.el.ul(rx.foreach(EligibilityState.related, _link_item)))),
        rx.el.div(
            rx.cond(EligibilityState.apply_code != "",
                    rx.el.a(C.APPLY, href=urls.apply_url(EligibilityState.apply_code), class_name="button")),
            rx.el.button(C.AGAIN, type="button", on_click=EligibilityState.again, class_name="button button-secondary"),
            class_name="actions",
        ),
        rx.el.p(C.DISCLAIMER, class_name="muted"),
        class_name="result",
    )


def eligibility() -> rx.Component:
    return page(rx.cond(
        EligibilityState.found,
        rx.el.div(
            rx.el.h1(C.TITLE, EligibilityState.title),
            rx.cond(
                EligibilityState.done,
                result(),
                rx.el.form(
                    error_summary(EligibilityState.errors),
                    rx.el.p(C.LEAD, class_name="muted"),
                    rx.foreach(EligibilityState.questions, _question),
                    rx.el.button(C.SUBMIT, type="submit", class_name="button"),
                    on_submit=EligibilityState.submit,
                    reset_on_submit=False,
                    novalidate=True,
                ),
            ),
        ),
        not_found(C.NOT_FOUND),
    ))


PAGES = [Page(urls.CHECK_ROUTE, eligibility, "测一测 · 民政一键通", on_load=EligibilityState.load)]
