"""预约 (/booking) · 预约结婚登记: office → day and half-day → one's details → 预约号; my bookings with
改约 and 取消. Mobile first, one question group per screen (GOV.UK), every control a real labelled
form control, errors in a summary that takes focus and links to the field."""

from __future__ import annotations

import reflex as rx

from app.core import urls
from app.ui import booking_text as T
from app.ui.booking_state import FIELD_ID, BookingRow, DayView, OfficeView
from app.ui.booking_state import BookingState as S
from app.ui.components import error_summary
from app.ui.layout import page
from app.ui.pages import Page

# Field ids are given as Vars (rx.Var.create) so Reflex attaches no React ref to them: the form then
# sends what the field shows (FormData, by ``name``), not a ref's value that may have gone null
# when the error line above the field appeared (see app/ui/pages/apply.py ANSWER_ID).


def _error(name: str) -> rx.Component:
    return rx.cond(S.error_field == name, rx.el.p(rx.el.span("错误：", class_name="visually-hidden"), S.error_text,
                                                  id=f"{FIELD_ID[name]}-error", class_name="field-error"))


def _field_class(name: str):
    return rx.cond(S.error_field == name, "field field-has-error", "field")


def _described(name: str, hint: bool):
    base = f"{FIELD_ID[name]}-hint" if hint else ""
    return rx.cond(S.error_field == name, (base + f" {FIELD_ID[name]}-error").strip(), base or None)


def _invalid(name: str):
    return rx.cond(S.error_field == name, "true", "false")


def _alternatives() -> rx.Component:
    return rx.cond(S.alternatives.length() > 0, rx.el.div(
        rx.el.p(rx.el.strong(T.ALTERNATIVES)),
        rx.el.ul(rx.foreach(S.alternatives, lambda a: rx.el.li(a))),
        class_name="hint", id="b-alternatives"))


def _booking_row(b: BookingRow) -> rx.Component:
    return rx.el.li(
        rx.el.p(rx.el.strong(T.REF, "：", rx.el.span(b.ref, class_name="booking-ref")), "（", b.status_label, "）"),
        rx.el.p(b.when, "　", b.office),
        rx.cond(b.active, rx.el.div(
            rx.el.button(T.CHANGE, rx.el.span(" ", b.ref, class_name="visually-hidden"), type="button",
                         on_click=S.start_change(b.ref, b.office_id), class_name="button button-secondary"),
            rx.el.button(T.CANCEL, rx.el.span(" ", b.ref, class_name="visually-hidden"), type="button",
                         on_click=S.ask_cancel(b.ref), class_name="button button-secondary"),
            class_name="actions")),
        rx.cond(S.confirm_ref == b.ref, rx.el.div(
            rx.el.p(T.CANCEL_Q_BEFORE, rx.el.strong(b.ref), "（", b.when, "）", T.CANCEL_Q_AFTER,
                    id="b-cancel-q", tab_index=-1),
            rx.el.div(
                rx.el.button(T.CANCEL_YES, type="button", on_click=S.do_cancel, class_name="button"),
                rx.el.button(T.CANCEL_NO, type="button", on_click=S.keep, class_name="button button-secondary"),
                class_name="actions"),
            role="group", aria_labelledby="b-cancel-q", class_name="hint")),
        class_name="result",
        custom_attrs={"data-ref": b.ref},
    )


def mine() -> rx.Component:
    return rx.el.section(
        rx.el.h2(T.MINE, id="b-mine-title", tab_index=-1),
        rx.el.p(S.status_msg, id="b-status", role="status", tab_index=-1),
        rx.cond(S.bookings.length() > 0,
                rx.el.ul(rx.foreach(S.bookings, _booking_row), class_name="results"),
                rx.el.p(T.MINE_NONE, class_name="muted")),
        id="b-mine",
    )


def _office_choice(o: OfficeView) -> rx.Component:
    oid = "b-office-" + o.id
    return rx.el.div(
        rx.el.input(type="radio", name="office", value=o.id, id=oid, class_name="radio",
                    default_checked=S.office_id == o.id, aria_describedby=oid + "-more"),
        rx.el.label(o.name, html_for=oid),
        rx.el.div(
            rx.el.p(o.place, class_name="muted"),
            rx.cond(o.modelled, rx.el.p(o.note, class_name="hint-text")),
            rx.el.details(
                rx.el.summary(T.CHANNEL),
                rx.el.p(o.channel),
                rx.el.p(T.SOURCE, "：", rx.cond(o.source_url != "", rx.el.a(o.source, href=o.source_url), o.source),
                        class_name="small"),
                class_name="faq"),
            id=oid + "-more"),
        class_name="choice",
    )


def office_step() -> rx.Component:
    return rx.el.form(
        rx.el.p(T.STEP.format(n=1), class_name="muted"),
        rx.el.div(
            rx.el.label(T.Q_CITY, html_for="b-city", class_name="question"),
            rx.el.p(T.Q_CITY_HINT, id="b-city-hint", class_name="hint-text"),
            _error("city"),
            rx.el.select(*[rx.el.option(text, value=value) for value, text in T.CITY_OPTIONS],
                         id=rx.Var.create("b-city"), name="city", value=S.city, on_change=S.pick_city,
                         aria_describedby=_described("city", True), aria_invalid=_invalid("city"), class_name="input"),
            class_name=_field_class("city"),
        ),
        rx.cond(S.offices.length() > 0, rx.el.fieldset(
            rx.el.legend(T.Q_OFFICE, class_name="question"),
            _error("office"),
            rx.foreach(S.offices, _office_choice),
            id="b-office", class_name=_field_class("office"))),
        rx.el.button(T.NEXT, type="submit", class_name="button", id="b-office-next"),
        on_submit=S.choose_office, reset_on_submit=False, novalidate=True, id="b-office-form",
    )


def _day_option(d: DayView) -> rx.Component:
    return rx.el.option(d.label, value=d.value)


def slot_step() -> rx.Component:
    return rx.el.div(
        rx.el.button(T.BACK, type="button", on_click=S.back, class_name="button button-secondary back-link"),
        rx.el.p(rx.cond(S.changing_ref != "", T.CHANGE + " · " + S.changing_ref, T.STEP.format(n=2)),
                class_name="muted"),
        rx.el.p(rx.el.strong(S.office_name)),
        rx.cond(S.days.length() > 0, rx.el.form(
            rx.el.div(
                rx.el.label(T.Q_DAY, html_for="b-day", class_name="question"),
                rx.el.p(T.Q_DAY_HINT, id="b-day-hint", class_name="hint-text"),
                rx.cond((S.error_field == "day") | (S.error_field == "slot") | (S.error_field == ""),
                        rx.cond(S.error_text != "", rx.el.p(rx.el.span("错误：", class_name="visually-hidden"),
                                                             S.error_text, id="b-day-error", class_name="field-error"))),
                rx.el.select(rx.el.option("请选择", value=""), rx.foreach(S.days, _day_option),
                             id=rx.Var.create("b-day"), name="day", default_value=S.day,
                             aria_describedby=rx.cond(S.error_text != "", "b-day-hint b-day-error", "b-day-hint"),
                             aria_invalid=rx.cond((S.error_field == "day") | (S.error_field == "slot"), "true", "false"),
                             class_name="input"),
                class_name=rx.cond((S.error_field == "day") | (S.error_field == "slot"), "field field-has-error",
                                   "field"),
            ),
            _alternatives(),
            rx.el.fieldset(
                rx.el.legend(T.Q_HALF, class_name="question"),
                _error("half"),
                *[rx.el.div(rx.el.input(type="radio", name="half", value=v, id=f"b-half-{v}", class_name="radio",
                                        default_checked=S.half == v),
                            rx.el.label(label, html_for=f"b-half-{v}"), class_name="choice")
                  for v, label in (("am", "上午"), ("pm", "下午"))],
                id="b-half", class_name=_field_class("half")),
            rx.el.button(rx.cond(S.changing_ref != "", T.CONFIRM_CHANGE, T.NEXT), type="submit", class_name="button",
                         id="b-slot-next"),
            on_submit=S.choose_slot, reset_on_submit=False, novalidate=True, id="b-slot-form",
        ), rx.el.p(T.NO_DAYS, class_name="hint", role="status")),
        rx.el.p(T.EXAMPLE_SETTINGS, class_name="muted"),
    )


def _text(name: str, label: str, hint: str = "", *, cls: str = "input", value=None) -> rx.Component:
    fid = FIELD_ID[name]
    return rx.el.div(
        rx.el.label(label, html_for=fid, class_name="question"),
        rx.el.p(hint, id=f"{fid}-hint", class_name="hint-text") if hint else rx.fragment(),
        _error(name),
        rx.el.input(id=rx.Var.create(fid), name=name, type="text", auto_complete="off", spell_check=False,
                    default_value=value if value is not None else "",
                    aria_describedby=_described(name, bool(hint)), aria_invalid=_invalid(name), class_name=cls),
        class_name=_field_class(name),
    )


def details_step() -> rx.Component:
    return rx.el.div(
        rx.el.button(T.BACK, type="button", on_click=S.back, class_name="button button-secondary back-link"),
        rx.el.p(T.STEP.format(n=3), class_name="muted"),
        rx.el.p(rx.el.strong(S.office_name)),
        rx.el.form(
            _text("name", T.Q_NAME, T.Q_NAME_HINT, value=S.name),
            _text("id_number", T.Q_ID, T.Q_ID_HINT, cls="input input-id"),
            _text("partner_name", T.Q_PARTNER, value=S.partner_name),
            rx.el.p(T.PHONE_NOTE, rx.el.strong(S.phone_masked), "。", class_name="hint-text"),
            rx.el.p(T.TOGETHER, class_name="hint-text"),
            rx.el.button(T.CONFIRM, type="submit", class_name="button", id="b-confirm"),
            on_submit=S.confirm, reset_on_submit=False, novalidate=True, id="b-details-form",
        ),
    )


def done_step() -> rx.Component:
    return rx.el.section(
        rx.el.div(
            rx.el.h1(S.done_title),
            rx.el.p(T.REF, class_name="panel-label"),
            rx.el.p(S.done_ref, id="b-done-ref", class_name="panel-ref"),
            class_name="panel-confirm", role="status",
        ),
        rx.el.p(T.REF_HINT),
        rx.el.dl(
            rx.el.div(rx.el.dt(T.WHEN), rx.el.dd(S.done_when), class_name="fact"),
            rx.el.div(rx.el.dt(T.WHERE), rx.el.dd(S.done_where), class_name="fact"),
            rx.el.div(rx.el.dt(T.WHO), rx.el.dd(S.done_who), class_name="fact"),
        ),
        rx.el.h2(T.BRING),
        rx.el.ul(rx.foreach(S.done_materials, lambda m: rx.el.li(m))),
        rx.el.p(T.TOGETHER, " ", T.REMIND),
        rx.el.div(rx.el.button(T.NEW, type="button", on_click=S.start_over, class_name="button button-secondary"),
                  class_name="actions"),
        id="b-done",
    )


def booking() -> rx.Component:
    return page(
        rx.cond(S.step != "done", rx.el.h1(T.TITLE)),
        rx.cond(S.signed_in, rx.fragment(
            error_summary(S.errors),
            rx.match(
                S.step,
                ("slot", slot_step()),
                ("details", details_step()),
                ("done", done_step()),
                rx.fragment(rx.el.p(T.LEAD), rx.el.p(T.TOGETHER, class_name="hint-text"), office_step()),
            ),
            mine(),
        ), rx.el.p("请先登录。", class_name="muted")),
    )


PAGES = [Page(urls.BOOKING, booking, T.PAGE_TITLE + " · 民政一键通", on_load=S.load)]
