"""上门代办 (/visit): ask a community agent to come to the home of someone who cannot come to a
service hall — for oneself or a family member one acts for — then the 申请编号, what happens
next, and one's requests with their status and 取消. Sign-in required (as /booking); every field
from ``app.ui.forms``, errors in the shared summary that takes focus and links to the field."""

from __future__ import annotations

import reflex as rx

from app.core import urls
from app.ui import forms
from app.ui import visit_text as T
from app.ui.forms import error_summary, step_list
from app.ui.layout import page
from app.ui.pages import Page
from app.ui.visit_state import FIELD_ID, Choice, VisitRow, half_day_options, service_options
from app.ui.visit_state import VisitState as S


def _checked(name: str) -> dict:
    """The field's error state: invalid while the last error was about it, with its words."""
    return {"invalid": S.error_field == name, "error": S.error_text}


def _group(name: str, legend: str, choices: list[rx.Component], hint: str = "") -> rx.Component:
    """A fieldset of radios or checkboxes built from the shared form primitives (the legend is the
    question; hint and error on the fieldset's aria-describedby, as ``forms.radio_group``)."""
    fid = FIELD_ID[name]
    invalid = S.error_field == name
    return rx.el.fieldset(
        rx.el.legend(legend, class_name="question"),
        forms.hint_text(fid, hint),
        forms.error_message(fid, invalid, S.error_text),
        *choices,
        id=fid, class_name=forms.field_class(invalid),
        aria_describedby=forms.described_by(fid, hint=bool(hint), invalid=invalid),
    )


def _choice(kind: str, name: str, value, label, oid, checked) -> rx.Component:
    # ids as Vars: Reflex gives these controls no React ref, so the form sends what is ticked (FormData)
    return rx.el.div(
        rx.el.input(type=kind, name=name, value=value, id=oid, class_name="radio" if kind == "radio" else "check",
                    default_checked=checked),
        rx.el.label(label, html_for=oid),
        class_name="choice",
    )


def _person(p: Choice) -> rx.Component:
    return _choice("radio", "for_whom", p.value, p.label, "v-for-" + p.value, S.for_whom == p.value)


def _for_whom() -> rx.Component:
    return rx.cond(
        S.people.length() > 0,
        _group("for_whom", T.FOR_WHOM, [
            _choice("radio", "for_whom", "self", T.FOR_ME, rx.Var.create("v-for-self"), S.for_whom == "self"),
            rx.foreach(S.people, _person),
        ]),
        rx.el.p(T.NO_FAMILY, " ", rx.el.a(T.FAMILY_LINK, href=urls.FAMILY), class_name="hint-text"),
    )


def form_step() -> rx.Component:
    return rx.el.form(
        _for_whom(),
        rx.cond(~S.has_identity, forms.text_field("name", T.Q_NAME, fid="v-name", hint=T.Q_NAME_HINT,
                                                  auto_complete="name", max_length=40, **_checked("name"))),
        forms.select_field("service", T.Q_SERVICE, service_options(), fid="v-service", first=("", "请选择"),
                           default_value=S.service, key=S.service, **_checked("service")),
        forms.text_field("address", T.Q_ADDRESS, fid="v-address", hint=T.Q_ADDRESS_HINT, rows=2,
                         auto_complete="street-address", max_length=120, **_checked("address")),
        forms.text_field("phone", T.Q_PHONE, fid="v-phone", hint=T.Q_PHONE_HINT, kind="tel", input_mode="tel",
                         auto_complete="tel", max_length=20, **_checked("phone")),
        _group("half_days", T.Q_HALF, [
            _choice("checkbox", "half_" + code, "on", label, rx.Var.create(f"v-half-{code}"),
                    S.half_days.contains(code))
            for code, label in half_day_options()], hint=T.Q_HALF_HINT),
        forms.text_field("note", T.Q_NOTE, fid="v-note", hint=T.Q_NOTE_HINT, rows=3, max_length=200,
                         **_checked("note")),
        rx.el.button(T.SUBMIT, type="submit", class_name="button", id="v-submit"),
        on_submit=S.submit, reset_on_submit=False, novalidate=True, id="v-form",
    )


def done_step() -> rx.Component:
    return rx.el.section(
        rx.el.div(
            rx.el.h1(T.DONE_TITLE),
            rx.el.p(T.REF, class_name="panel-label"),
            rx.el.p(S.done_ref, id="v-done-ref", class_name="panel-ref", translate="no"),
            class_name="panel-confirm", role="status",
        ),
        rx.el.p(T.REF_HINT),
        rx.el.dl(
            rx.el.div(rx.el.dt(T.SERVICE), rx.el.dd(S.done_service), class_name="fact"),
            rx.el.div(rx.el.dt(T.WHO), rx.el.dd(S.done_who), class_name="fact"),
            rx.el.div(rx.el.dt(T.WHERE), rx.el.dd(S.done_where), class_name="fact"),
            rx.el.div(rx.el.dt(T.WHEN), rx.el.dd(S.done_when), class_name="fact"),
        ),
        rx.el.h2(T.NEXT_TITLE),
        step_list(list(T.NEXT_STEPS), class_name=None),
        rx.el.p(T.WARN, class_name="hint"),
        rx.el.div(rx.el.button(T.NEW, type="button", on_click=S.start_over, class_name="button button-secondary"),
                  class_name="actions"),
        id="v-done",
    )


def _visit_row(v: VisitRow) -> rx.Component:
    return rx.el.li(
        rx.el.p(rx.el.strong(T.REF, "：", rx.el.span(v.ref, translate="no")), "（", v.status_label, "）"),
        rx.el.p(v.service, rx.cond(v.for_other, T.FOR_OTHER_TAG, "")),
        rx.el.p(T.WHO, "：", v.who, "　", T.WHERE, "：", v.where, class_name="muted"),
        rx.el.p(T.WHEN, "：", v.when, class_name="muted"),
        rx.cond(v.outcome != "", rx.el.p(T.OUTCOME, "：", v.outcome)),
        rx.cond(v.can_cancel, rx.el.div(
            rx.el.button(T.CANCEL, rx.el.span(" ", v.ref, class_name="visually-hidden"), type="button",
                         on_click=S.ask_cancel(v.ref), class_name="button button-secondary"),
            class_name="actions")),
        rx.cond(S.confirm_ref == v.ref, rx.el.div(
            rx.el.p(T.CANCEL_Q_BEFORE, rx.el.strong(v.ref), T.CANCEL_Q_AFTER, id="v-cancel-q", tab_index=-1),
            rx.el.div(
                rx.el.button(T.CANCEL_YES, type="button", on_click=S.do_cancel, class_name="button"),
                rx.el.button(T.CANCEL_NO, type="button", on_click=S.keep, class_name="button button-secondary"),
                class_name="actions"),
            role="group", aria_labelledby="v-cancel-q", class_name="hint")),
        class_name="result",
        custom_attrs={"data-ref": v.ref},
    )


def mine() -> rx.Component:
    return rx.el.section(
        rx.el.h2(T.MINE, id="v-mine-title", tab_index=-1),
        rx.el.p(S.status_msg, id="v-status", role="status", tab_index=-1),
        rx.cond(S.visits.length() > 0,
                rx.el.ul(rx.foreach(S.visits, _visit_row), class_name="results"),
                rx.el.p(T.MINE_NONE, class_name="muted")),
        id="v-mine",
    )


def visit() -> rx.Component:
    return page(
        rx.cond(S.step != "done", rx.el.h1(T.TITLE)),
        rx.cond(S.signed_in, rx.fragment(
            error_summary(S.errors),
            rx.cond(S.step == "done", done_step(), rx.fragment(rx.el.p(T.LEAD), form_step())),
            mine(),
        ), rx.el.p("请先登录。", class_name="muted")),
    )


PAGES = [Page(urls.VISIT, visit, T.PAGE_TITLE + " · 民政一键通", on_load=S.load)]
