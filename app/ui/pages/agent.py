"""Hotline console pages: /agent (queue, live transcript, suggestions, wrap-up, work orders),
/agent/orders and /agent/orders/[order_id] (the work-order loop), /agent/supervisor (班长看板).

Only hotline agents and supervisors get in: the pages show a refusal to anyone else, and every
handler goes through ``app.hotline.service``, which checks again. Pages only compose components.
"""

from __future__ import annotations

import reflex as rx

from app.core import urls
from app.ui import agent_text as t
from app.ui.agent_components import console, denied, shell
from app.ui.agent_orders_state import (
    EntryRow,
    Filter,
    GapRow,
    OrderRow,
    Stat,
    StepRow,
    TopicRow,
    rating_choices,
)
from app.ui.agent_orders_state import (
    OrdersState as L,
)
from app.ui.agent_orders_state import (
    OrderState as O,
)
from app.ui.agent_orders_state import (
    SupervisorState as S,
)
from app.ui.agent_state import AgentState as A
from app.ui.agent_state import department_options
from app.ui.pages import Page


def agent() -> rx.Component:
    return shell(
        rx.cond(A.allowed, console(), rx.cond(A.signed_in, denied())),
        is_supervisor=A.is_supervisor,
    )


# ---------------------------------------------------------------------------- orders ---
def _filter(f: Filter) -> rx.Component:
    return rx.el.li(rx.el.a(f.label, href=f.href, class_name="agent-filter",
                            custom_attrs={"aria-current": rx.cond(f.current, "page", "false")}))


def _overdue_tag(flag) -> rx.Component:
    return rx.cond(flag, rx.el.span(t.OVERDUE, class_name="tag agent-overdue"))


def _order_row(r: OrderRow) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.el.a(r.ref, href=urls.agent_order_url(r.id.to_string()))),
        rx.el.td(r.title),
        rx.el.td(r.category),
        rx.el.td(r.district),
        rx.el.td(r.department),
        rx.el.td(rx.el.span(r.status_label, class_name="agent-status", custom_attrs={"data-status": r.status})),
        rx.el.td(r.due, _overdue_tag(r.overdue)),
        custom_attrs={"data-overdue": rx.cond(r.overdue, "true", "false")},
    )


def orders_table(rows) -> rx.Component:
    heads = (t.COL_REF, t.COL_TITLE, t.COL_CATEGORY, t.COL_DISTRICT, t.COL_DEPARTMENT, t.COL_STATUS, t.COL_DUE)
    return rx.el.div(
        rx.el.table(
            rx.el.thead(rx.el.tr(*[rx.el.th(h, scope="col") for h in heads])),
            rx.el.tbody(rx.foreach(rows, _order_row)),
            class_name="agent-table",
        ),
        class_name="agent-table-wrap", tab_index=0, role="region", aria_label=t.ORDERS_TITLE,
    )


def orders() -> rx.Component:
    return shell(
        rx.cond(
            L.allowed,
            rx.el.div(
                rx.el.h1(t.ORDERS_TITLE),
                rx.el.nav(rx.el.ul(rx.foreach(L.filters, _filter), class_name="agent-filters"),
                          aria_label=t.ORDERS_FILTER),
                rx.cond(L.rows.length() > 0, orders_table(L.rows), rx.el.p(t.ORDERS_EMPTY, class_name="muted")),
            ),
            rx.cond(L.signed_in, denied(next_path=urls.AGENT_ORDERS)),
        ),
        is_supervisor=L.is_supervisor,
    )


def _step(s: StepRow) -> rx.Component:
    return rx.el.li(
        rx.el.strong(s.label), " ", rx.el.span(s.at, class_name="muted"),
        rx.cond(s.by != "", rx.el.span(" · ", s.by)),
        rx.cond(s.note != "", rx.el.p(s.note, class_name="agent-note")),
    )


def _field(label: str, control: rx.Component, field_id: str) -> rx.Component:
    return rx.el.div(rx.el.label(label, html_for=field_id, class_name="agent-label"), control, class_name="agent-field")


def _assign_form() -> rx.Component:
    return rx.el.form(
        rx.el.h3(t.ASSIGN),
        _field(t.ORDER_DEPARTMENT, rx.el.select(*[rx.el.option(o.label, value=o.value) for o in department_options()],
                                                name="department", id="assign-department", class_name="input",
                                                default_value=O.department, key=O.department), "assign-department"),
        _field(t.ASSIGN_HANDLER, rx.el.input(id="assign-handler", name="handler", type="text", class_name="input",
                                             max_length=40), "assign-handler"),
        _field(t.ASSIGN_NOTE, rx.el.input(id="assign-note", name="note", type="text", class_name="input",
                                          max_length=200), "assign-note"),
        rx.el.button(t.ASSIGN, type="submit", class_name="button"),
        on_submit=O.assign, reset_on_submit=True, class_name="agent-form agent-step-form",
    )


def _start_form() -> rx.Component:
    return rx.el.form(
        rx.el.h3(t.START),
        _field(t.START_NOTE, rx.el.input(id="start-note", name="note", type="text", class_name="input",
                                         max_length=200), "start-note"),
        rx.el.button(t.START, type="submit", class_name="button"),
        on_submit=O.start, reset_on_submit=True, class_name="agent-form agent-step-form",
    )


def _return_form() -> rx.Component:
    return rx.el.form(
        rx.el.h3(t.RETURN),
        _field(t.RETURN_REASON, rx.el.input(id="return-reason", name="reason", type="text", class_name="input",
                                            max_length=200), "return-reason"),
        rx.el.button(t.RETURN, type="submit", class_name="button button-secondary"),
        on_submit=O.give_back, reset_on_submit=True, class_name="agent-form agent-step-form",
    )


def _feedback_form() -> rx.Component:
    return rx.el.form(
        rx.el.h3(t.FEED_BACK),
        _field(t.FEED_BACK_TEXT, rx.el.textarea(id="feedback-text", name="result", rows=4, class_name="input"),
               "feedback-text"),
        rx.el.button(t.FEED_BACK, type="submit", class_name="button"),
        on_submit=O.feed_back, reset_on_submit=True, class_name="agent-form agent-step-form",
    )


def _rate_form() -> rx.Component:
    return rx.el.form(
        rx.el.h3(t.RATE),
        rx.el.fieldset(
            rx.el.legend(t.RATE_LEGEND, class_name="agent-label"),
            *[rx.el.div(rx.el.input(type="radio", name="stars", value=v, id=f"stars-{v}"),
                        rx.el.label(label, html_for=f"stars-{v}"), class_name="agent-choice")
              for v, label in rating_choices()],
            class_name="agent-fieldset",
        ),
        _field(t.RATE_COMMENT, rx.el.input(id="rate-comment", name="comment", type="text", class_name="input",
                                           max_length=200), "rate-comment"),
        rx.el.button(t.RATE, type="submit", class_name="button"),
        on_submit=O.rate, reset_on_submit=True, class_name="agent-form agent-step-form",
    )


def _next_step() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t.ORDER_NEXT),
        rx.match(
            O.status,
            ("pending", _assign_form()),
            ("returned", _assign_form()),
            ("assigned", rx.el.div(_start_form(), _return_form(), class_name="agent-steps")),
            ("handling", rx.el.div(_feedback_form(), _return_form(), class_name="agent-steps")),
            ("fed_back", _rate_form()),
            rx.el.p(t.DONE),
        ),
        class_name="agent-panel",
    )


def order() -> rx.Component:
    facts = ((t.COL_STATUS, O.status_label), (t.COL_CATEGORY, O.category), (t.COL_DISTRICT, O.district),
             (t.COL_DEPARTMENT, O.department), ("承办人", O.handler), ("创建时间", O.created), (t.COL_DUE, O.due))
    return shell(
        rx.cond(
            O.allowed,
            rx.cond(
                O.found,
                rx.el.div(
                    rx.el.p(rx.el.a(t.ORDER_BACK, href=urls.AGENT_ORDERS)),
                    rx.el.h1(t.ORDERS_TITLE, " ", rx.el.span(O.ref, id="order-ref"), " ", _overdue_tag(O.overdue)),
                    rx.el.div(rx.cond(O.error != "", rx.el.p(O.error)), id="order-error", role="alert", tab_index=-1,
                              class_name=rx.cond(O.error != "", "error-summary agent-alert", "agent-alert-empty")),
                    rx.el.div(rx.cond(O.message != "", rx.el.p(O.message)), id="order-message", role="status",
                              tab_index=-1,
                              class_name=rx.cond(O.message != "", "agent-message", "agent-alert-empty")),
                    rx.el.div(
                        rx.el.section(
                            rx.el.h2(t.ORDER_FACTS),
                            rx.el.p(rx.el.strong(O.title)),
                            rx.el.p(O.description, class_name="agent-note"),
                            rx.el.dl(*[rx.fragment(rx.el.dt(k), rx.el.dd(rx.cond(v != "", v, t.NONE)))
                                       for k, v in facts],
                                     class_name="agent-facts", id="order-facts"),
                            rx.cond(O.feedback != "", rx.el.div(rx.el.h3(t.ORDER_FEEDBACK),
                                                                rx.el.p(O.feedback, id="order-feedback"))),
                            rx.cond(O.rating_text != "", rx.el.div(rx.el.h3(t.ORDER_RATING),
                                                                   rx.el.p(O.rating_text, id="order-rating"))),
                            class_name="agent-panel",
                        ),
                        rx.el.section(
                            rx.el.h2(t.ORDER_TIMELINE),
                            rx.el.ol(rx.foreach(O.steps, _step), class_name="timeline agent-timeline",
                                     id="order-timeline"),
                            class_name="agent-panel",
                        ),
                        _next_step(),
                        class_name="agent-order-grid",
                    ),
                ),
                rx.el.div(rx.el.h1(t.ORDER_NOT_FOUND), rx.el.p(rx.el.a(t.ORDER_BACK, href=urls.AGENT_ORDERS))),
            ),
            rx.cond(O.signed_in, denied(next_path=urls.AGENT_ORDERS)),
        ),
        is_supervisor=O.is_supervisor,
    )


# ------------------------------------------------------------------------ supervisor ---
def _stat(s: Stat) -> rx.Component:
    return rx.el.div(rx.el.dt(s.label), rx.el.dd(s.value), class_name="agent-stat")


def _cell(v) -> rx.Component:
    return rx.el.td(v)


def _topic_row(r: TopicRow) -> rx.Component:
    return rx.el.tr(rx.el.th(r.topic, scope="row"), rx.foreach(r.counts, _cell), rx.el.td(rx.el.strong(r.total)))


def _entry_row(e: EntryRow) -> rx.Component:
    return rx.el.tr(
        rx.el.th(rx.cond(e.url != "", rx.el.a(e.title, href=e.url), e.title), rx.el.br(),
                 rx.el.span(e.entry_id, class_name="small"), scope="row"),
        rx.el.td(e.shown), rx.el.td(e.used), rx.el.td(e.useful), rx.el.td(e.useless), rx.el.td(e.edited),
        rx.el.td(e.rate), rx.el.td(e.edit_rate),
    )


def _gap_row(g: GapRow) -> rx.Component:
    return rx.el.tr(rx.el.td(g.question), rx.el.td(g.reason), rx.el.td(g.best), rx.el.td(g.at))


def _table(caption: str, heads: list[str], body: rx.Component, region: str) -> rx.Component:
    return rx.el.div(
        rx.el.table(
            rx.el.caption(caption, class_name="visually-hidden"),
            rx.el.thead(rx.el.tr(*[rx.el.th(h, scope="col") for h in heads])),
            body,
            class_name="agent-table",
        ),
        class_name="agent-table-wrap", tab_index=0, role="region", aria_label=region,
    )


def supervisor() -> rx.Component:
    return shell(
        rx.cond(
            S.allowed,
            rx.el.div(
                rx.el.h1(t.SUP_TITLE),
                rx.el.dl(rx.foreach(S.stats, _stat), class_name="agent-stats", id="sup-stats"),
                rx.el.section(
                    rx.el.h2(t.SUP_BY_TOPIC, id="sup-topics"),
                    rx.el.div(
                        rx.el.table(
                            rx.el.thead(rx.el.tr(rx.el.th(t.SUP_TOPIC, scope="col"),
                                                 rx.foreach(S.statuses, lambda s: rx.el.th(s, scope="col")),
                                                 rx.el.th(t.SUP_SUM, scope="col"))),
                            rx.el.tbody(rx.foreach(S.topics, _topic_row)),
                            rx.el.tfoot(rx.el.tr(rx.el.th(t.SUP_SUM, scope="row"), rx.foreach(S.status_totals, _cell),
                                                 rx.el.td(""))),
                            class_name="agent-table",
                        ),
                        class_name="agent-table-wrap", tab_index=0, role="region", aria_label=t.SUP_BY_TOPIC,
                    ),
                    class_name="agent-panel",
                ),
                rx.el.section(
                    rx.el.h2(t.SUP_OVERDUE_LIST),
                    rx.cond(S.overdue.length() > 0, orders_table(S.overdue),
                            rx.el.p(t.SUP_NO_OVERDUE, class_name="muted")),
                    class_name="agent-panel",
                ),
                rx.el.section(
                    rx.el.h2(t.SUP_ENTRIES),
                    _table(t.SUP_ENTRIES, [t.SUP_ENTRY, t.SUP_SHOWN, t.SUP_USED, t.SUP_USEFUL, t.SUP_USELESS,
                                           t.SUP_EDITED, t.SUP_RATE, t.SUP_EDIT_RATE],
                           rx.el.tbody(rx.foreach(S.entries, _entry_row)), t.SUP_ENTRIES),
                    class_name="agent-panel",
                ),
                rx.el.section(
                    rx.el.h2(t.SUP_GAPS),
                    rx.el.p(t.SUP_GAPS_HINT, class_name="small"),
                    rx.cond(S.gaps.length() > 0,
                            _table(t.SUP_GAPS, [t.SUP_GAP_Q, t.SUP_GAP_REASON, t.SUP_GAP_BEST, t.SUP_GAP_AT],
                                   rx.el.tbody(rx.foreach(S.gaps, _gap_row)), t.SUP_GAPS),
                            rx.el.p(t.SUP_NO_GAPS, class_name="muted")),
                    class_name="agent-panel",
                ),
                rx.el.section(
                    rx.el.h2(t.SUP_OUTCOMES),
                    rx.el.dl(rx.foreach(S.outcomes, _stat), class_name="agent-stats"),
                    class_name="agent-panel",
                ),
            ),
            rx.cond(S.signed_in, denied(t.DENIED_SUPERVISOR_TITLE, t.DENIED_SUPERVISOR_TEXT, urls.AGENT_SUPERVISOR)),
        ),
        is_supervisor=S.is_supervisor,
    )


PAGES = [
    Page(urls.AGENT, agent, "坐席工作台 · 民政一键通", on_load=A.load),
    Page(urls.AGENT_ORDERS, orders, "工单 · 坐席工作台", on_load=L.load),
    Page(urls.AGENT_ORDER_ROUTE, order, "工单详情 · 坐席工作台", on_load=O.load),
    Page(urls.AGENT_SUPERVISOR, supervisor, "班长看板 · 坐席工作台", on_load=S.load),
]
