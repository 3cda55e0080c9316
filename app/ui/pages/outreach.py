"""主动发现 for staff (/agent/outreach): run a discovery over the people in the database or an
imported residents CSV, see the leads per service (masked), open one to reveal its phone with a
reason (audited) and record each 电话 / 上门 contact with its outcome; download the leads as CSV.

Staff only: the domain (``app.outreach.service``) checks the role on every call; a citizen gets
a kind refusal, a signed-out visitor is sent to sign in. Built from the shared page shell, form
fields and error summary (``app.ui.layout``, ``app.ui.forms``), so it works in 长辈版 as every page.
"""

from __future__ import annotations

import reflex as rx

from app.core import urls
from app.ui import forms
from app.ui import outreach_text as T
from app.ui.forms import error_summary
from app.ui.guide_state import Link
from app.ui.layout import page
from app.ui.outreach_state import (
    FIELD_ID,
    LOGIN,
    PAGE_SIZE,
    ROUTE,
    UPLOAD_ID,
    ContactRow,
    LeadRow,
    ServiceGroup,
    method_options,
    outcome_options,
    service_options,
)
from app.ui.outreach_state import OutreachState as S
from app.ui.pages import Page


def _checked(name: str) -> dict:
    """The field's error state: invalid while the last error was about it, with its words."""
    return {"invalid": S.error_field == name, "error": S.error_text}


def _fact(label: str, value) -> rx.Component:
    return rx.cond(value != "", rx.el.div(rx.el.dt(label), rx.el.dd(value), class_name="fact"))


# ------------------------------------------------------------------ 1. what and over whom ---
def _service_choice(code: str, name: str) -> rx.Component:
    oid = f"o-svc-{code}"
    return rx.el.div(
        # uncontrolled (ticks at once, the state follows); redrawn from the state when it sets the choice
        rx.el.input(type="checkbox", id=oid, name="services", value=code, class_name="check",
                    default_checked=S.chosen.contains(code), on_change=S.toggle_service(code),
                    key=S.choice_version.to_string() + code),
        rx.el.label(name, html_for=oid),
        class_name="choice",
    )


def services_group() -> rx.Component:
    fid, invalid = FIELD_ID["services"], S.error_field == "services"
    return rx.el.fieldset(
        rx.el.legend(T.SERVICES, class_name="question"),
        forms.hint_text(fid, T.SERVICES_HINT),
        forms.error_message(fid, invalid, S.error_text),
        *[_service_choice(code, name) for code, name in service_options()],
        rx.el.div(rx.el.button(T.ALL_SERVICES, type="button", on_click=S.choose_all,
                               class_name="button button-secondary"), class_name="actions"),
        id=fid, tab_index=-1, class_name=forms.field_class(invalid),
        aria_describedby=forms.described_by(fid, hint=True, invalid=invalid),
    )


def _chosen_file(name) -> rx.Component:
    return rx.el.span(name, translate="no")


def _file_picker(button: rx.Component) -> rx.Component:
    """``rx.upload`` (react-dropzone) around the button that opens it. Its hidden file input (not
    focusable; the button is the control) gets a name too, as Reflex gives it none (axe: label)."""
    upload = rx.upload(button, id=UPLOAD_ID, multiple=False, no_keyboard=True, class_name="o-upload",
                       border="0", padding="0")  # not rx.upload's 5em dashed box
    file_input = upload.children[0].children[0]
    file_input.custom_attrs = {**file_input.custom_attrs, "aria-label": T.CSV_LABEL, "id": "o-csv-input"}
    return upload


def csv_block() -> rx.Component:
    fid, invalid = "o-csv", S.error_field == "file"
    chosen = rx.selected_files(UPLOAD_ID)
    return rx.el.section(
        rx.el.h3(T.CSV_TITLE, id="o-csv-title", class_name="o-h3"),
        rx.el.div(
            forms.hint_text(fid, T.CSV_HINT),
            forms.error_message(fid, invalid, S.error_text),
            _file_picker(rx.el.button(T.CSV_CHOOSE, type="button", id="o-csv-choose",
                                      class_name="button button-secondary",
                                      aria_describedby=forms.described_by(fid, hint=True, invalid=invalid))),
            rx.el.p(rx.cond(chosen.length() > 0, rx.fragment(T.CSV_CHOSEN, rx.foreach(chosen, _chosen_file)),
                            T.CSV_NONE),
                    id="o-csv-chosen", aria_live="polite", class_name="muted"),
            class_name=forms.field_class(invalid),
        ),
        rx.el.div(rx.el.button(T.RUN_CSV, type="button", id="o-run-csv", class_name="button",
                               on_click=S.run_csv(rx.upload_files(upload_id=UPLOAD_ID))),
                  class_name="actions"),
        aria_labelledby="o-csv-title",
    )


def run_panel() -> rx.Component:
    return rx.el.div(
        services_group(),
        rx.el.h2(T.SOURCE_TITLE),
        rx.el.section(
            rx.el.h3(T.DATABASE_TITLE, id="o-db-title", class_name="o-h3"),
            rx.el.p(T.DATABASE_HINT, class_name="hint-text"),
            rx.el.div(rx.el.button(T.RUN_DATABASE, type="button", id="o-run-db", class_name="button",
                                   on_click=S.run_database), class_name="actions"),
            aria_labelledby="o-db-title",
        ),
        csv_block(),
    )


# ------------------------------------------------------------------ 3. one lead, opened -----
def _contact(c: ContactRow) -> rx.Component:
    return rx.el.li(rx.el.strong(c.method, " · ", c.outcome), " ", rx.el.span(c.at, class_name="small"),
                    rx.cond(c.note != "", rx.el.p(c.note, class_name="muted")))


def reveal_part() -> rx.Component:
    return rx.fragment(
        rx.el.h5(T.REVEAL_TITLE, id="o-detail-title", tab_index=-1),
        rx.cond(
            S.revealed,
            rx.el.div(
                rx.el.dl(
                    rx.el.div(rx.el.dt(T.REVEALED_NAME), rx.el.dd(S.revealed_name, translate="no"), class_name="fact"),
                    rx.el.div(rx.el.dt(T.REVEALED_PHONE), rx.el.dd(rx.cond(
                        S.revealed_phone != "",
                        rx.el.a(S.revealed_phone, href="tel:" + S.revealed_phone, translate="no",
                                id="o-revealed-phone"),
                        T.REVEALED_NO_PHONE)), class_name="fact"),
                    class_name="facts",
                ),
                rx.el.p(T.REVEALED, class_name="small"),
                id="o-revealed", tab_index=-1,
            ),
            rx.el.form(
                forms.text_field("reason", T.REVEAL_REASON, fid=FIELD_ID["reason"], hint=T.REVEAL_HINT, max_length=100,
                                 auto_complete="off", **_checked("reason")),
                rx.el.button(T.REVEAL, type="submit", class_name="button", id="o-reveal"),
                on_submit=S.reveal, reset_on_submit=False, novalidate=True, id="o-reveal-form",
            ),
        ),
    )


def record_part() -> rx.Component:
    return rx.fragment(
        rx.el.h5(T.RECORD_TITLE),
        rx.el.form(
            forms.radio_group("method", T.METHOD, method_options(), fid=FIELD_ID["method"], **_checked("method")),
            forms.select_field("outcome", T.OUTCOME, outcome_options(), fid=FIELD_ID["outcome"], first=("", T.CHOOSE),
                               **_checked("outcome")),
            forms.text_field("note", T.NOTE, fid=FIELD_ID["note"], hint=T.NOTE_HINT, rows=3, max_length=500,
                             **_checked("note")),
            rx.el.button(T.RECORD, type="submit", class_name="button", id="o-record"),
            on_submit=S.record, reset_on_submit=False, novalidate=True, id="o-record-form",
            key=S.form_version.to_string(),
        ),
        rx.el.h5(T.HISTORY_TITLE, id="o-history-title", tab_index=-1),
        rx.cond(S.contacts.length() > 0,
                rx.el.ol(rx.foreach(S.contacts, _contact), class_name="timeline", id="o-history"),
                rx.el.p(T.HISTORY_NONE, class_name="muted", id="o-history")),
    )


def lead_detail() -> rx.Component:
    return rx.el.div(reveal_part(), record_part(), id="o-detail", class_name="o-detail")


# ------------------------------------------------------------------ 2. the run's leads ------
def _item(text) -> rx.Component:
    return rx.el.li(text)


def lead_card(r: LeadRow) -> rx.Component:
    is_open = S.open_id == r.id
    return rx.el.li(
        rx.el.h4(rx.el.span(r.name, translate="no"), id="o-lead-" + r.id.to_string(), tab_index=-1),
        rx.el.p(rx.el.span(r.verdict_label, class_name="tag o-verdict")),
        rx.el.dl(_fact(T.ID_NUMBER, r.id_number), _fact(T.PHONE, r.phone), _fact(T.COMMUNITY, r.community),
                 _fact(T.STATUS, r.status_label), class_name="facts"),
        rx.cond(r.source != "", rx.el.p(r.source, class_name="small")),
        rx.el.p(rx.el.strong(T.REASONS)),
        rx.el.ul(rx.foreach(r.reasons, _item)),
        rx.el.p(rx.el.strong(T.TO_ASK)),
        rx.cond(r.to_ask.length() > 0, rx.el.ul(rx.foreach(r.to_ask, _item)), rx.el.p(T.NOTHING_TO_ASK)),
        rx.el.div(
            rx.el.button(rx.cond(is_open, T.CLOSE, T.OPEN), rx.el.span(" ", r.name, class_name="visually-hidden"),
                         type="button", class_name="button button-secondary", on_click=S.open_lead(r.id),
                         aria_expanded=rx.cond(is_open, "true", "false")),
            class_name="actions",
        ),
        rx.cond(is_open, lead_detail()),
        class_name="result o-lead", custom_attrs={"data-lead": r.id.to_string(), "data-status": r.status,
                                                  "data-service": r.service_code},
    )


def service_group(g: ServiceGroup) -> rx.Component:
    return rx.el.section(
        rx.el.h3(g.name, "（", g.count, " 条）", id="o-group-" + g.code, tab_index=-1, class_name="o-h3"),
        rx.el.p(g.shown_text, class_name="small"),
        rx.el.ul(rx.foreach(g.leads, lead_card), class_name="results"),
        rx.cond(g.more, rx.el.div(rx.el.button(T.MORE.format(n=PAGE_SIZE), rx.el.span(" ", g.name, class_name="visually-hidden"),
                                               type="button", class_name="button button-secondary",
                                               on_click=S.show_more(g.code)), class_name="actions")),
        class_name="o-group", custom_attrs={"data-service": g.code},
    )


def _count(c: Link) -> rx.Component:
    return rx.el.li(rx.el.a(c.title, "：", c.note, " 条", href=c.url, class_name="list-link"))


def results() -> rx.Component:
    return rx.cond(S.run_id > 0, rx.el.section(
        rx.el.h2(T.RESULT_TITLE, id="o-result-title", tab_index=-1),
        rx.el.p(S.summary, id="o-summary"),
        rx.cond(S.warnings.length() > 0, rx.el.div(rx.el.p(rx.el.strong(T.WARNINGS)),
                                                   rx.el.ul(rx.foreach(S.warnings, _item)), class_name="warning")),
        rx.cond(S.bad_rows.length() > 0, rx.el.div(
            rx.el.p(S.bad_rows_title),
            rx.el.ul(rx.foreach(S.bad_rows, _item), id="o-bad-rows"),
            rx.cond(S.bad_rows_more != "", rx.el.p(S.bad_rows_more)),
            class_name="warning")),
        rx.cond(S.groups.length() > 0, rx.fragment(
            rx.el.nav(rx.el.p(rx.el.strong(T.PER_SERVICE), id="o-counts-title"),
                      rx.el.ul(rx.foreach(S.per_service, _count), class_name="link-list", id="o-counts"),
                      aria_labelledby="o-counts-title"),
            rx.el.div(rx.el.button(T.DOWNLOAD, type="button", id="o-download", class_name="button button-secondary",
                                   on_click=S.download), class_name="actions"),
            rx.foreach(S.groups, service_group),
        ), rx.el.p(T.NO_LEADS, class_name="muted")),
        id="o-results",
    ))


# ------------------------------------------------------------------ the page -----------------
def refusal() -> rx.Component:
    return rx.el.section(
        rx.el.p(T.DENIED_TEXT),
        rx.el.div(rx.el.a(T.TO_HOME, href="/", class_name="button"),
                  rx.el.a(T.STAFF_SIGN_IN, href=LOGIN, class_name="button button-secondary"),
                  class_name="actions"),
        id="o-denied",
    )


def outreach() -> rx.Component:
    return page(
        rx.el.h1(rx.cond(S.allowed | ~S.signed_in, T.TITLE, T.DENIED_TITLE)),
        rx.cond(
            S.allowed,
            rx.fragment(
                rx.cond(S.is_agent, rx.el.nav(rx.el.a(T.TO_CONSOLE, href=urls.AGENT, class_name="back-link"),
                                              aria_label=T.STAFF_NAV)),
                rx.el.p(T.LEAD, class_name="lead"),
                error_summary(S.errors),
                # said to a screen reader; what changed is also shown where it happened (focus moves there)
                rx.el.p(S.status_msg, id="o-status", role="status", class_name="visually-hidden"),
                run_panel(),
                results(),
            ),
            rx.cond(S.signed_in, refusal(),
                    rx.el.div(rx.el.p(T.SIGNED_OUT),
                              rx.el.a(T.STAFF_SIGN_IN, href=LOGIN, class_name="button"), id="o-signed-out")),
        ),
    )


PAGES = [Page(ROUTE, outreach, T.PAGE_TITLE + " · 民政一键通", on_load=S.load)]
