"""为您推荐 (/for-you): with the person's consent, the services they may qualify for from what the
product knows of them (and what they chose to add); for a family member under an active
delegation, from the record only. Sign-in required; every control a labelled form control
(``app.ui.forms``), errors in the summary that takes focus."""

from __future__ import annotations

import reflex as rx

from app.core import urls
from app.ui import forms
from app.ui import recommend_text as T
from app.ui.components import error_summary
from app.ui.layout import page
from app.ui.pages import Page
from app.ui.recommend_state import FACT_QUESTIONS, FIELD_ID, RecView
from app.ui.recommend_state import RecommendState as S


def _li(text) -> rx.Component:
    return rx.el.li(text)


def _invalid(name: str):
    return S.error_field == name


def for_whom() -> rx.Component:
    """为谁看: only when the account acts for someone under an active delegation."""
    return rx.cond(S.helpees.length() > 0, rx.el.form(
        forms.radio_group("for_whom", T.FOR_WHOM, S.who_options, fid=rx.Var.create(FIELD_ID["for_whom"]),
                          hint=T.FOR_WHOM_HINT, checked=S.who_checked, invalid=_invalid("for_whom"),
                          error=S.error_text),
        rx.el.button(T.SHOW, type="submit", class_name="button button-secondary"),
        on_submit=S.choose, reset_on_submit=False, id="r-who-form",
    ))


def ask() -> rx.Component:
    return rx.el.section(
        rx.el.h2(T.ASK_TITLE),
        rx.el.p(T.ASK_LEAD),
        rx.el.ul(*[rx.el.li(t) for t in T.ASK_USES]),
        rx.el.p(T.ASK_AGENTS),
        rx.el.p(T.ASK_REVOKE, class_name="hint-text"),
        rx.el.div(
            rx.el.button(T.AGREE, type="button", on_click=S.agree, class_name="button", id="r-agree"),
            rx.el.a(T.CALCULATOR, href=urls.CALCULATOR, class_name="button button-secondary"),
            class_name="actions"),
        id="r-ask",
    )


def no_identity() -> rx.Component:
    return rx.el.div(
        rx.el.p(T.NO_IDENTITY),
        rx.el.div(rx.el.a(T.CONFIRM_IDENTITY, href=urls.FAMILY_ME, class_name="button"),
                  rx.el.a(T.CALCULATOR, href=urls.CALCULATOR, class_name="button button-secondary"),
                  class_name="actions"),
    )


def rec_card(m: RecView) -> rx.Component:
    """One service: the verdict in words, why, then one way on — 无需申请 (免申即享: when it is paid and
    whom to ask), 在线办理, 测一测 — and what still decides it."""
    return rx.el.article(
        rx.el.h3(m.name, class_name=rx.cond(m.verdict == "likely", "result-yes", "result-maybe")),
        rx.el.p(T.VERDICT, "：", m.verdict_label, class_name="verdict"),
        rx.cond(m.automatic, rx.el.div(
            rx.el.p(rx.el.strong(T.NO_APPLICATION)),
            rx.el.p(m.auto_how),
            rx.el.p(rx.el.strong(T.AUTO_PAYMENT, "："), m.auto_payment),
            rx.el.p(rx.el.strong(T.AUTO_CONTACT, "："), m.auto_contact),
            class_name="hint calc-automatic", role="note")),
        rx.cond(m.reasons.length() > 0, rx.el.div(
            rx.el.p(rx.el.strong(T.WHY)), rx.el.ul(rx.foreach(m.reasons, _li)))),
        rx.el.div(
            rx.cond((m.apply_url != "") & ~m.automatic,
                    rx.el.a(T.APPLY, rx.el.span(m.name, class_name="visually-hidden"), href=m.apply_url,
                            class_name="button")),
            rx.cond((m.check_url != "") & ~m.automatic,
                    rx.el.a(T.CHECK, rx.el.span(m.name, class_name="visually-hidden"), href=m.check_url,
                            class_name="button button-secondary")),
            rx.el.a(T.GUIDE, rx.el.span("：", m.name, class_name="visually-hidden"), href=m.guide_url,
                    class_name="button button-secondary"),
            class_name="actions",
        ),
        # what still decides it and whom to ask: folded, so ten services stay a few screens long
        rx.el.details(
            rx.el.summary(rx.cond(m.missing.length() > 0, T.MORE_DEPENDS, T.MORE)),
            rx.cond(m.missing.length() > 0, rx.el.div(
                rx.el.p(rx.el.strong(T.STILL_DEPENDS)), rx.el.ul(rx.foreach(m.missing, _li)))),
            rx.el.p(rx.el.strong(T.ASK, "："), m.contact),
            class_name="faq",
        ),
        class_name="result calc-match",
        custom_attrs={"data-code": m.code, "data-verdict": m.verdict},
    )


def maybe_line(m: RecView) -> rx.Component:
    """One 也许符合 service in the fold: its name as the one link on (测一测 where the product can
    check it, else the guide) and the one line that says what still decides it."""
    return rx.el.li(
        rx.el.a(m.name, href=rx.cond(m.check_url != "", m.check_url, m.guide_url)),
        rx.el.p(m.line, class_name="muted"),
        custom_attrs={"data-code": m.code, "data-verdict": m.verdict},
    )


def maybe_fold() -> rx.Component:
    """也许符合 kept out of the way: folded under the 可能符合 ones, so an elder's page stays a few
    screens long; shown open when there is nothing more likely to read first."""
    return rx.cond(S.maybe.length() > 0, rx.el.details(
        rx.el.summary(S.maybe_summary),
        rx.el.ul(rx.foreach(S.maybe, maybe_line), class_name="maybe-list"),
        open=S.likely.length() == 0,
        class_name="faq", id="r-maybe",
    ))


def facts_form() -> rx.Component:
    """补充情况: the calculator's questions for what the record cannot say; stored encrypted."""
    def select(name: str, label: str, options) -> rx.Component:
        return forms.select_field(name, label, options, fid=FIELD_ID[name], invalid=_invalid(name),
                                  error=S.error_text, default_value=S.saved.get(name, ""))

    def radios(name: str, legend: str, options) -> rx.Component:
        return forms.radio_group(name, legend, options, fid=FIELD_ID[name], invalid=_invalid(name),
                                 error=S.error_text, checked=S.saved.get(name, ""))

    return rx.el.section(
        rx.el.h2(T.FACTS_TITLE, id="r-facts", tab_index=-1),
        rx.el.p(T.FACTS_LEAD, class_name="hint-text"),
        rx.el.form(
            select("disability", T.Q_DISABILITY, T.DISABILITY_OPTIONS),
            select("grade", T.Q_GRADE, T.GRADE_OPTIONS),
            radios("household", T.Q_HOUSEHOLD, T.HOUSEHOLD_OPTIONS),
            *[radios(k, q, T.YES_NO) for k, q in FACT_QUESTIONS],
            rx.el.button(T.SAVE, type="submit", class_name="button", id="r-save"),
            on_submit=S.save, reset_on_submit=False, novalidate=True, id="r-facts-form",
        ),
    )


def revoke() -> rx.Component:
    return rx.el.section(
        rx.el.h2(T.REVOKE_TITLE),
        rx.el.p(T.REVOKE_LEAD),
        rx.el.div(rx.el.button(T.REVOKE, type="button", on_click=S.revoke, class_name="button button-secondary",
                               id="r-revoke"), class_name="actions"),
    )


def results() -> rx.Component:
    return rx.el.div(
        rx.el.section(
            rx.el.h2(rx.cond(S.for_self, T.RESULT_TITLE, S.name + T.RESULT_TITLE_OTHER), id="r-result", tab_index=-1),
            rx.el.p(T.BASED_ON),
            rx.el.ul(rx.foreach(S.known, _li), id="r-known"),
            rx.cond(S.added.length() > 0, rx.fragment(rx.el.p(T.ADDED), rx.el.ul(rx.foreach(S.added, _li)))),
            rx.cond(S.for_self, rx.el.p(rx.el.a(T.TO_FACTS, href="#r-facts"))),
            rx.cond(S.left_out.length() > 0, rx.fragment(
                rx.el.p(T.LEFT_OUT), rx.el.ul(rx.foreach(S.left_out, _li), id="r-left-out"))),
            rx.cond(S.scope_limited & ~S.for_self, rx.el.p(T.SCOPE_LIMITED, class_name="hint")),
            rx.foreach(S.likely, rec_card),
            rx.cond(S.no_likely_text != "", rx.el.p(S.no_likely_text, class_name="hint", id="r-no-likely")),
            rx.cond((S.likely.length() == 0) & (S.maybe.length() == 0),
                    rx.el.p(rx.cond(S.for_self, T.NONE_FOUND, T.NONE_FOUND_OTHER), class_name="hint")),
            maybe_fold(),
            rx.el.p(T.DISCLAIMER, class_name="muted"),
            id="r-list",
        ),
        rx.cond(S.for_self, rx.fragment(facts_form(), revoke()),
                rx.el.p(T.OTHER_FACTS, " ", rx.el.a(T.CALCULATOR, href=urls.CALCULATOR), class_name="hint",
                        id="r-other-facts")),
    )


def for_you() -> rx.Component:
    return page(
        rx.el.h1(T.TITLE),
        rx.cond(S.signed_in, rx.fragment(
            error_summary(S.errors),
            rx.el.p(S.status_msg, role="status", id="r-status", tab_index=-1),
            for_whom(),
            rx.match(S.view, ("no_identity", no_identity()), ("list", results()), ask()),
        ), rx.el.p(T.SIGN_IN, class_name="muted")),
    )


PAGES = [Page(urls.FOR_YOU, for_you, T.PAGE_TITLE + " · 民政一键通", on_load=S.load)]
