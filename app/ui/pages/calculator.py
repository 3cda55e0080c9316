"""政策计算器 (/calculator) · 我可能能领什么: a few plain questions → the services one may qualify
for, why, what would still decide, what to prepare, and 在线办理 / 帮家人办. Nothing is stored."""

from __future__ import annotations

import reflex as rx

from app.core import urls
from app.ui import forms
from app.ui.calculator_state import FIELD_ID, MatchView
from app.ui.calculator_state import CalculatorState as S
from app.ui.forms import error_summary
from app.ui.layout import page
from app.ui.pages import Page
from app.web import calculator_text as T


def _invalid(name: str):
    return S.error_field == name


def text_field(name: str, label: str, hint: str = "", *, numeric: bool = False, short: bool = False) -> rx.Component:
    """A labelled text input with its hint and inline error (GOV.UK text input)."""
    return forms.text_field(name, label, fid=FIELD_ID[name], hint=hint, invalid=_invalid(name), error=S.error_text,
                            input_mode="numeric" if numeric else "text", auto_complete="off",
                            default_value=S.answers.get(name, ""),
                            class_name="input input-short" if short else "input")


def select_field(name: str, label: str, options: list[tuple[str, str]]) -> rx.Component:
    """A labelled select (the same look as the city picker)."""
    return forms.select_field(name, label, options, fid=FIELD_ID[name], invalid=_invalid(name), error=S.error_text,
                              default_value=S.answers.get(name, ""))


def radio_field(name: str, legend: str, options: list[tuple[str, str]]) -> rx.Component:
    """A fieldset of radios with a legend (as 测一测's questions)."""
    return forms.radio_group(name, legend, options, fid=FIELD_ID[name], invalid=_invalid(name), error=S.error_text,
                             checked=S.answers.get(name, ""))


def questions() -> rx.Component:
    return rx.el.form(
        error_summary(S.errors),
        rx.el.p(T.LEAD),
        rx.el.p(T.NOTHING_STORED, class_name="muted"),
        text_field("birth_date", T.Q_BIRTH, T.Q_BIRTH_HINT),
        text_field("age", T.Q_AGE, T.Q_AGE_HINT, numeric=True, short=True),
        select_field("hukou", T.Q_CITY, T.CITY_OPTIONS),
        text_field("county", T.Q_COUNTY, T.Q_COUNTY_HINT),
        select_field("disability", T.Q_DISABILITY, T.DISABILITY_OPTIONS),
        select_field("grade", T.Q_GRADE, T.GRADE_OPTIONS),
        radio_field("household", T.Q_HOUSEHOLD, T.HOUSEHOLD_OPTIONS),
        *[radio_field(k, q, T.YES_NO) for k, q in T.YES_NO_QUESTIONS],
        rx.el.button(T.SUBMIT, type="submit", class_name="button", id="calc-submit"),
        on_submit=S.submit,
        reset_on_submit=False,
        novalidate=True,
        id="calc-form",
    )


def _li(text) -> rx.Component:
    return rx.el.li(text)


def match_card(m: MatchView) -> rx.Component:
    return rx.el.article(
        rx.el.h3(m.name, class_name=rx.cond(m.verdict == "likely", "result-yes",
                                            rx.cond(m.verdict == "no", "result-no", "result-maybe"))),
        rx.el.p("结论：", m.verdict_label, class_name="verdict"),
        rx.cond(m.automatic, rx.el.div(
            rx.el.p(rx.el.strong(T.AUTO_TITLE)),
            rx.el.p(m.auto_how),
            rx.el.p(rx.el.strong(T.AUTO_PAYMENT, "："), m.auto_payment),
            rx.el.p(rx.el.strong(T.AUTO_CONTACT, "："), m.auto_contact),
            class_name="hint calc-automatic", role="note")),
        rx.cond(m.reasons.length() > 0, rx.el.div(
            rx.el.p(rx.el.strong(T.WHY)), rx.el.ul(rx.foreach(m.reasons, _li)))),
        rx.el.div(  # one button open: 在线办理 where one applies, else the guide
            rx.cond((m.apply_url != "") & ~m.automatic & (m.verdict != "no"),
                    rx.el.a(T.APPLY, rx.el.span(m.name, class_name="visually-hidden"),
                            href=m.apply_url, class_name="button"),
                    rx.el.a(T.GUIDE, rx.el.span("：", m.name, class_name="visually-hidden"), href=m.guide_url,
                            class_name="button button-secondary")),
            class_name="actions",
        ),
        # what still decides it, the local way, what to bring, whom to ask and the other links: folded,
        # so a list of ten services stays a few screens long for an elder (the why and one button stay)
        rx.el.details(
            rx.el.summary(rx.cond(m.missing.length() > 0, T.MORE_DEPENDS, T.MORE)),
            rx.cond(m.missing.length() > 0, rx.el.div(
                rx.el.p(rx.el.strong(T.STILL_DEPENDS)), rx.el.ul(rx.foreach(m.missing, _li)))),
            rx.cond(m.how_to_apply != "", rx.el.p(rx.el.strong(T.HOW_LOCAL, "："), m.how_to_apply)),
            rx.cond(m.verdict != "no", rx.el.div(
                rx.el.p(rx.el.strong(T.PREPARE)), rx.el.ul(rx.foreach(m.materials, _li)))),
            rx.el.p(rx.el.strong(T.ASK, "："), m.contact),
            rx.el.div(
                rx.cond(m.verdict != "no", rx.el.a(T.FAMILY, rx.el.span(m.name, class_name="visually-hidden"),
                                                   href=m.family_url, class_name="button button-secondary")),
                rx.cond((m.apply_url != "") & ~m.automatic & (m.verdict != "no"),
                        rx.el.a(T.GUIDE, rx.el.span("：", m.name, class_name="visually-hidden"), href=m.guide_url,
                                class_name="button button-secondary")),
                class_name="actions",
            ),
            class_name="faq",
        ),
        class_name="result calc-match",
        custom_attrs={"data-code": m.code, "data-verdict": m.verdict},
    )


def results() -> rx.Component:
    return rx.el.section(
        rx.el.h2("结果", id="calc-result", tab_index=-1),
        rx.el.p(S.summary, role="status"),
        rx.el.section(
            rx.el.h2(T.GROUP_LIKELY),
            rx.cond(S.likely.length() > 0, rx.foreach(S.likely, match_card), rx.el.p(T.NONE_LIKELY, class_name="hint")),
            id="calc-likely",
        ),
        rx.cond(S.maybe.length() > 0, rx.el.section(rx.el.h2(T.GROUP_MAYBE), rx.foreach(S.maybe, match_card),
                                                   id="calc-maybe")),
        rx.cond(S.unlikely.length() > 0, rx.el.section(
            rx.el.details(rx.el.summary(T.GROUP_NO, "（", S.unlikely.length(), "项）"),
                          rx.foreach(S.unlikely, match_card), class_name="faq"),
            id="calc-no")),
        rx.el.p(T.DISCLAIMER, class_name="muted"),
        rx.el.div(rx.el.button(T.AGAIN, type="button", on_click=S.again, class_name="button button-secondary"),
                  class_name="actions"),
    )


def calculator() -> rx.Component:
    return page(
        rx.el.h1(T.TITLE),
        rx.cond(S.done, results(), questions()),
    )


PAGES = [Page(urls.CALCULATOR, calculator, T.PAGE_TITLE + " · 民政一键通", on_load=S.load)]
