"""Eligibility check before applying: a few plain questions, then a result that explains."""

from __future__ import annotations

import reflex as rx

from app.ui.eligibility_state import EligibilityState, EQView
from app.ui.forms import error_summary, radio_group
from app.ui.layout import page
from app.ui.pages import Page
from app.ui.pages.guide import _bullet, _link_item, not_found


def _question(q: EQView) -> rx.Component:
    return radio_group(q.key, q.label, q.options, fid="q-" + q.key, invalid=q.error != "", error=q.error)


def result() -> rx.Component:
    return rx.el.section(
        rx.el.h2(EligibilityState.headline, id="result-heading", tab_index=-1,
                 class_name=rx.cond(EligibilityState.verdict == "yes", "result-yes",
                                    rx.cond(EligibilityState.verdict == "no", "result-no", "result-maybe"))),
        rx.el.p(rx.cond(EligibilityState.verdict == "yes", "结论：符合条件。",
                        rx.cond(EligibilityState.verdict == "no", "结论：暂不符合。", "结论：可能符合，要看具体情况。")),
                class_name="verdict"),
        rx.el.h3("为什么"),
        rx.el.ul(rx.foreach(EligibilityState.reasons, _bullet)),
        rx.cond(EligibilityState.prepare.length() > 0, rx.el.div(
            rx.el.h3("要准备什么"), rx.el.ul(rx.foreach(EligibilityState.prepare, _bullet)))),
        rx.el.h3(rx.cond(EligibilityState.verdict == "no", "接下来可以怎么办", "接下来")),
        rx.el.ul(rx.foreach(EligibilityState.next_steps, _bullet)),
        rx.cond(EligibilityState.related.length() > 0, rx.el.div(
            rx.el.h3("也可以看看"), rx.el.ul(rx.foreach(EligibilityState.related, _link_item)))),
        rx.el.div(
            rx.cond(EligibilityState.apply_code != "",
                    rx.el.a("开始在线申请", href="/apply/" + EligibilityState.apply_code, class_name="button")),
            rx.el.button("重新回答", type="button", on_click=EligibilityState.again, class_name="button button-secondary"),
            class_name="actions",
        ),
        rx.el.p("这是根据您的回答给出的参考，最终以审核结果为准；各地标准不同的，以当地公布为准。", class_name="muted"),
        class_name="result",
    )


def eligibility() -> rx.Component:
    return page(rx.cond(
        EligibilityState.found,
        rx.el.div(
            rx.el.h1("测一测：能不能申请", EligibilityState.title),
            rx.cond(
                EligibilityState.done,
                result(),
                rx.el.form(
                    error_summary(EligibilityState.errors),
                    rx.el.p("回答几个简单的问题，马上告诉您能不能办、要准备什么。不记录您的回答。", class_name="muted"),
                    rx.foreach(EligibilityState.questions, _question),
                    rx.el.button("看结果", type="submit", class_name="button"),
                    on_submit=EligibilityState.submit,
                    reset_on_submit=False,
                    novalidate=True,
                ),
            ),
        ),
        not_found("测一测"),
    ))


PAGES = [Page("/eligibility/[check_code]", eligibility, "测一测 · 民政一键通", on_load=EligibilityState.load)]
