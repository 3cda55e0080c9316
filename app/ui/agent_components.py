"""Components of the hotline console: the staff page shell, the queue, the contact (citizen,
transcript, reply), the suggestions panel, wrap-up and work-order forms. Plain functions
returning components; each carries its labels, headings and live regions."""

from __future__ import annotations

import reflex as rx

from app.core import urls
from app.ui import agent_text as t
from app.ui.agent_state import (
    AgentState as A,
)
from app.ui.agent_state import (
    AppRow,
    LineRow,
    MatchItem,
    Option,
    OrderLink,
    QueueRow,
    SuggestionRow,
    category_options,
    department_options,
    district_options,
    outcome_options,
    service_options,
    topic_options,
)
from app.ui.components import native_form


# ------------------------------------------------------------------------------ shell ---
def shell(*children: rx.Component, is_supervisor=False) -> rx.Component:
    return rx.el.div(
        rx.el.a(t.SKIP, href="#main", class_name="skip-link"),
        rx.el.header(
            rx.el.a(t.SITE, href=urls.AGENT, class_name="agent-brand"),
            rx.el.nav(
                rx.el.a(t.NAV_CONSOLE, href=urls.AGENT, class_name="agent-nav-link"),
                rx.el.a(t.NAV_ORDERS, href=urls.AGENT_ORDERS, class_name="agent-nav-link"),
                rx.cond(is_supervisor, rx.el.a(t.NAV_SUPERVISOR, href=urls.AGENT_SUPERVISOR,
                                               class_name="agent-nav-link")),
                # 主动发现 (/agent/outreach) is for window staff, community agents and supervisors
                # (``app.outreach.service.OUTREACH_ROLES``): of the console's users, the supervisors.
                rx.cond(is_supervisor, rx.el.a(t.NAV_OUTREACH, href=urls.AGENT_OUTREACH,
                                               class_name="agent-nav-link")),
                native_form(rx.el.button(t.SIGN_OUT, type="submit", class_name="agent-nav-button"),
                            action="/api/auth/sign-out", method="post"),
                aria_label="坐席导航", class_name="agent-nav",
            ),
            class_name="agent-header",
        ),
        rx.el.main(*children, id="main", tab_index=-1, class_name="agent-main"),
        class_name="agent-site",
    )


def denied(title: str = t.DENIED_TITLE, text: str = t.DENIED_TEXT, next_path: str = urls.AGENT) -> rx.Component:
    return rx.el.section(
        rx.el.h1(title),
        rx.el.p(text),
        rx.el.div(
            rx.el.a(t.TO_HOME, href="/", class_name="button button-secondary"),
            rx.el.a(t.STAFF_SIGN_IN, href=urls.login_url(next_path), class_name="button button-secondary"),
            class_name="actions",
        ),
        class_name="agent-denied", id="agent-denied",
    )


def messages() -> rx.Component:
    return rx.fragment(
        rx.el.div(
            rx.cond(A.error != "", rx.el.p(A.error)),
            id="agent-error", role="alert", tab_index=-1,
            class_name=rx.cond(A.error != "", "error-summary agent-alert", "agent-alert-empty"),
        ),
        rx.el.div(
            rx.cond(A.message != "", rx.el.p(A.message)),
            id="agent-message", role="status", tab_index=-1,
            class_name=rx.cond(A.message != "", "agent-message", "agent-alert-empty"),
        ),
    )


def _select(name: str, label: str, options: list[Option], value=None, **props) -> rx.Component:
    sel_id = props.pop("id", name)
    return rx.el.div(
        rx.el.label(label, html_for=sel_id, class_name="agent-label"),
        rx.el.select(*[rx.el.option(o.label, value=o.value) for o in options], name=name, id=sel_id,
                     class_name="input agent-select", **({"default_value": value} if value is not None else {}),
                     **props),
        class_name="agent-field",
    )


# ------------------------------------------------------------------------------ queue ---
def _queue_item(r: QueueRow) -> rx.Component:
    return rx.el.li(
        rx.el.div(
            rx.el.span(r.kind_label, class_name="tag agent-kind", custom_attrs={"data-kind": r.kind}),
            rx.cond(r.topic != "", rx.el.span(r.topic, class_name="tag")),
            class_name="agent-tags",
        ),
        rx.el.p(r.summary, class_name="agent-summary"),
        rx.el.p(t.WAITED, " ", r.waited, " · #", r.id.to_string(), class_name="small"),
        rx.el.button(t.CLAIM, type="button", class_name="button agent-claim", on_click=A.claim(r.id),
                     aria_label=t.CLAIM + " #" + r.id.to_string() + " " + r.summary),
        class_name="agent-queue-item", custom_attrs={"data-contact": r.id.to_string()},
    )


def _mine_item(r: QueueRow) -> rx.Component:
    return rx.el.li(
        rx.el.span(r.kind_label, " #", r.id.to_string(), " ", r.summary),
        rx.el.button(t.RESUME, type="button", class_name="button button-secondary agent-small-button",
                     on_click=A.resume(r.id), aria_label=t.RESUME + " #" + r.id.to_string()),
        class_name="agent-mine-item",
    )


def queue_panel() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t.QUEUE_TITLE, " (", A.queue.length().to_string(), ")", id="queue-heading"),
        rx.el.div(
            rx.el.button(t.QUEUE_REFRESH, type="button", id="agent-refresh", class_name="button button-secondary",
                         on_click=A.refresh),
            rx.el.span(t.QUEUE_REFRESHED.format(at=""), A.refreshed_at, class_name="small"),
            class_name="agent-row",
        ),
        rx.cond(A.queue.length() > 0,
                rx.el.ul(rx.foreach(A.queue, _queue_item), class_name="agent-queue", id="agent-queue"),
                rx.el.p(t.QUEUE_EMPTY, class_name="muted")),
        rx.cond(A.mine.length() > 0, rx.el.div(
            rx.el.h2(t.MINE_TITLE),
            rx.el.ul(rx.foreach(A.mine, _mine_item), class_name="agent-mine"),
        )),
        rx.el.h2(t.NEW_CALL_TITLE),
        rx.el.form(
            rx.el.label(t.NEW_CALL_PHONE, html_for="caller-phone", class_name="agent-label"),
            rx.el.p(t.NEW_CALL_HINT, class_name="small", id="caller-phone-hint"),
            rx.el.input(id="caller-phone", name="caller_phone", type="tel", input_mode="numeric",
                        auto_complete="off", class_name="input", aria_describedby="caller-phone-hint"),
            rx.el.label(t.LOOKUP_REASON, html_for="call-reason", class_name="agent-label"),
            rx.el.input(id="call-reason", name="reason", type="text", auto_complete="off", max_length=100,
                        class_name="input"),
            rx.el.button(t.NEW_CALL, type="submit", class_name="button"),
            on_submit=A.new_call, reset_on_submit=True, class_name="agent-form",
        ),
        class_name="agent-panel agent-queue-panel", aria_labelledby="queue-heading",
    )


# ---------------------------------------------------------------------------- citizen ---
def _fact(label: str, value) -> rx.Component:
    return rx.fragment(rx.el.dt(label), rx.el.dd(rx.cond(value != "", value, t.NONE)))


def _app_item(a: AppRow) -> rx.Component:
    return rx.el.li(rx.el.strong(a.service), " · ", a.ref, " · ", a.status, " · ", a.updated)


def _match_item(m: MatchItem) -> rx.Component:
    return rx.el.li(
        rx.el.a(rx.el.strong(m.name), href=m.url, target="_blank"), " · ", m.verdict,
        rx.cond(m.reasons != "", rx.el.span("：", m.reasons)),
        rx.cond(m.missing != "", rx.el.span("。", t.MATCHES_STILL, m.missing)),
    )


def citizen_panel() -> rx.Component:
    return rx.el.section(
        rx.el.h3(t.CITIZEN_TITLE, id="citizen-heading"),
        rx.cond(
            A.has_citizen,
            rx.el.div(
                rx.el.dl(
                    _fact(t.NAME, A.citizen_name), _fact(t.ID_NUMBER, A.citizen_id_number),
                    _fact(t.PHONE, A.citizen_phone), _fact(t.REGION, A.citizen_region), _fact(t.AGE, A.citizen_age),
                    class_name="agent-facts", id="citizen-facts",
                ),
                rx.el.div(
                    rx.cond(A.citizen_full,
                            rx.el.button(t.HIDE, type="button", class_name="button button-secondary",
                                         on_click=A.hide_citizen),
                            rx.el.form(
                                rx.el.label(t.REVEAL_REASON, html_for="reveal-reason", class_name="agent-label"),
                                rx.el.input(id="reveal-reason", name="reason", type="text", auto_complete="off",
                                            max_length=100, class_name="input"),
                                rx.el.button(t.REVEAL, type="submit", class_name="button button-secondary",
                                             aria_describedby="reveal-note"),
                                on_submit=A.reveal, reset_on_submit=True, class_name="agent-form")),
                    rx.el.button(t.APPS, type="button", class_name="button button-secondary", on_click=A.load_apps),
                    rx.el.button(t.MATCHES, type="button", class_name="button button-secondary", on_click=A.load_matches,
                                 id="load-matches"),
                    class_name="agent-row",
                ),
                rx.el.p(t.REVEAL_NOTE, class_name="small", id="reveal-note"),
                rx.cond(A.matches_loaded, rx.el.div(
                    rx.el.h4(t.MATCHES_TITLE),
                    rx.cond(A.matches.length() > 0, rx.el.ul(rx.foreach(A.matches, _match_item), id="citizen-matches"),
                            rx.el.p(t.MATCHES_NONE, class_name="muted")),
                )),
                rx.cond(A.apps_loaded, rx.el.div(
                    rx.el.h4(t.APPS_TITLE),
                    rx.cond(A.apps.length() > 0, rx.el.ul(rx.foreach(A.apps, _app_item), id="citizen-apps"),
                            rx.el.p(t.APPS_NONE, class_name="muted")),
                )),
            ),
            rx.el.p(t.NO_CITIZEN, class_name="muted"),
        ),
        class_name="agent-citizen", aria_labelledby="citizen-heading",
    )


# ------------------------------------------------------------------------- transcript ---
def _line(line: LineRow) -> rx.Component:
    return rx.el.li(
        rx.el.span(line.who, class_name="agent-who"),
        rx.el.span(line.text, class_name="agent-text"),
        rx.cond(line.at != "", rx.el.span(line.at, class_name="small agent-at")),
        class_name="agent-line", custom_attrs={"data-from": line.source},
    )


def transcript_panel() -> rx.Component:
    return rx.el.section(
        rx.el.h3(t.TRANSCRIPT_TITLE, id="transcript-heading"),
        rx.cond(A.lines.length() > 0,
                # It scrolls once a call is long: keyboard users must be able to reach and scroll it
                # (WCAG 2.1.1; axe scrollable-region-focusable), so it takes focus and is named.
                rx.el.ol(rx.foreach(A.lines, _line), class_name="agent-transcript", id="agent-transcript",
                         aria_live="polite", tab_index=0, aria_labelledby="transcript-heading"),
                rx.el.p(t.TRANSCRIPT_EMPTY, class_name="muted")),
        rx.el.form(
            rx.el.fieldset(
                rx.el.legend(t.LINE_SOURCE, class_name="agent-label"),
                rx.el.div(
                    rx.el.input(type="radio", name="source", value="caller", id="source-caller", default_checked=True),
                    rx.el.label(t.LINE_CALLER, html_for="source-caller"),
                    rx.el.input(type="radio", name="source", value="note", id="source-note"),
                    rx.el.label(t.LINE_NOTE, html_for="source-note"),
                    class_name="agent-radios",
                ),
                class_name="agent-fieldset",
            ),
            rx.el.label(t.LINE_LABEL, html_for="line-text", class_name="agent-label"),
            rx.el.div(
                rx.el.input(id="line-text", name="text", type="text", auto_complete="off", class_name="input",
                            max_length=500),
                rx.el.button(t.LINE_ADD, type="submit", class_name="button"),
                class_name="agent-row agent-line-row",
            ),
            on_submit=A.add_line, reset_on_submit=True, class_name="agent-form", id="line-form",
        ),
        live_transcription(),
        class_name="agent-transcript-panel", aria_labelledby="transcript-heading",
    )


def live_transcription() -> rx.Component:
    """Microphone → /api/voice/asr (assets/agent.js); finals come back through the hidden form."""
    return rx.el.div(
        rx.el.button(t.LIVE_START, type="button", id="agent-live-toggle", class_name="button button-secondary",
                     custom_attrs={"data-agent": "live", "data-start": t.LIVE_START, "data-stop": t.LIVE_STOP,
                                   "aria-pressed": "false", "aria-describedby": "agent-live-hint"}),
        rx.el.p(t.LIVE_HINT, id="agent-live-hint", class_name="small"),
        rx.el.p(id="agent-live", class_name="agent-live", aria_live="polite"),
        rx.el.form(
            rx.el.input(name="text", id="agent-heard-text", type="hidden"),
            id="agent-heard-form", hidden=True, on_submit=A.heard, reset_on_submit=True,
        ),
        class_name="agent-live-box",
    )


# ------------------------------------------------------------------------ suggestions ---
def _verdict_button(s: SuggestionRow, value: str, label: str) -> rx.Component:
    return rx.el.button(label, type="button", class_name="agent-verdict",
                        on_click=A.judge(s.entry_id, value),
                        custom_attrs={"aria-pressed": rx.cond(s.verdict == value, "true", "false")})


def _suggestion(s: SuggestionRow) -> rx.Component:
    return rx.el.li(
        rx.el.article(
            rx.el.h3(s.title, class_name="agent-suggestion-title"),
            rx.el.p(
                rx.el.span(s.kind, class_name="tag"),
                rx.el.span(s.confidence_text, class_name="agent-confidence",
                           custom_attrs={"data-level": s.level}),
                class_name="agent-tags",
            ),
            rx.el.p(t.SOURCE, rx.el.a(s.source, href=s.url, target="_blank", class_name="agent-source"),
                    class_name="small"),
            rx.el.p(s.answer, class_name="agent-answer"),
            rx.el.div(
                rx.el.button(t.INSERT, type="button", class_name="button agent-insert", on_click=A.insert(s.entry_id)),
                rx.el.button(t.COPY, type="button", class_name="button button-secondary", on_click=A.copy(s.entry_id)),
                rx.el.button(t.READ, type="button", class_name="button button-secondary",
                             on_click=A.read_aloud(s.entry_id)),
                class_name="agent-row",
            ),
            rx.el.div(
                rx.el.span(t.FEEDBACK, class_name="small"),
                *[_verdict_button(s, v, label) for v, label in t.VERDICT_BUTTONS],
                rx.cond(s.verdict_label != "", rx.el.span(t.VERDICT_GIVEN.format(label=""), s.verdict_label,
                                                          class_name="small agent-verdict-given")),
                role="group", aria_label=t.FEEDBACK, class_name="agent-row agent-verdicts",
            ),
            class_name="agent-suggestion", custom_attrs={"data-entry": s.entry_id},
        ),
    )


def suggestions_panel() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t.SUGGEST_TITLE, id="suggest-heading"),
        rx.el.p(t.SUGGEST_HINT, class_name="small"),
        rx.el.div(
            rx.cond(A.suggest_query != "", rx.el.p(t.SUGGEST_FOR, rx.el.q(A.suggest_query), class_name="small",
                                                   id="suggest-query")),
            rx.cond(A.weak, rx.el.p(t.SUGGEST_WEAK, class_name="hint", id="suggest-weak")),
            rx.cond(A.suggestions.length() > 0,
                    rx.el.ol(rx.foreach(A.suggestions, _suggestion), class_name="agent-suggestions",
                             id="agent-suggestions"),
                    rx.el.p(t.SUGGEST_EMPTY, class_name="muted")),
            aria_live="polite", id="suggest-region",
            custom_attrs={"data-seq": A.suggest_seq.to_string()},
        ),
        class_name="agent-panel agent-suggest-panel", aria_labelledby="suggest-heading",
    )


# ------------------------------------------------------------------- reply and wrap-up ---
def reply_box() -> rx.Component:
    return rx.el.section(
        rx.el.h3(t.REPLY_TITLE, id="reply-heading"),
        rx.el.label(t.REPLY_TITLE, html_for="reply", class_name="visually-hidden"),
        rx.el.p(t.REPLY_HINT, class_name="small", id="reply-hint"),
        rx.debounce_input(
            rx.el.textarea(id="reply", value=A.reply, on_change=A.set_reply, rows=5, class_name="input agent-reply",
                           aria_describedby="reply-hint"),
            debounce_timeout=200,
        ),
        rx.el.div(
            rx.el.button(t.REPLY_RECORD, type="button", class_name="button button-secondary", on_click=A.record_reply),
            class_name="agent-row",
        ),
        aria_labelledby="reply-heading",
    )


def wrap_up_form() -> rx.Component:
    return rx.el.section(
        rx.el.h3(t.WRAP_TITLE, id="wrap-heading", tab_index=-1),
        rx.el.p(t.WRAP_HINT, class_name="small"),
        rx.el.div(id="wrap-error", tab_index=-1),
        rx.el.form(
            _select("topic", t.WRAP_TOPIC, topic_options(), A.wrap_topic, id="wrap-topic"),
            _select("service", t.WRAP_SERVICE, service_options(), A.wrap_service, id="wrap-service"),
            _select("outcome", t.WRAP_OUTCOME, outcome_options(), A.wrap_outcome, id="wrap-outcome"),
            rx.el.div(
                rx.el.label(t.WRAP_SUMMARY, html_for="wrap-summary", class_name="agent-label"),
                rx.el.textarea(id="wrap-summary", name="summary", default_value=A.wrap_summary, rows=4,
                               class_name="input"),
                class_name="agent-field",
            ),
            rx.el.div(
                rx.el.button(t.WRAP_SAVE, type="submit", class_name="button"),
                rx.el.button(t.CANCEL, type="button", class_name="button button-secondary", on_click=A.close_wrap_up),
                class_name="agent-row",
            ),
            on_submit=A.save_wrap_up, reset_on_submit=False, class_name="agent-form",
            key=A.wrap_version.to_string(),
        ),
        class_name="agent-subpanel", aria_labelledby="wrap-heading",
    )


def order_form() -> rx.Component:
    return rx.el.section(
        rx.el.h3(t.ORDER_TITLE, id="order-heading", tab_index=-1),
        rx.el.div(id="order-error", tab_index=-1),
        rx.el.form(
            _select("category", t.ORDER_CATEGORY, category_options(), id="order-category"),
            _select("district", t.ORDER_DISTRICT, district_options(), id="order-district"),
            _select("department", t.ORDER_DEPARTMENT, department_options(), id="order-department"),
            rx.el.div(
                rx.el.label(t.ORDER_TITLE_FIELD, html_for="order-title", class_name="agent-label"),
                rx.el.input(id="order-title", name="title", type="text", max_length=80, class_name="input"),
                class_name="agent-field",
            ),
            rx.el.div(
                rx.el.label(t.ORDER_DESCRIPTION, html_for="order-description", class_name="agent-label"),
                rx.el.textarea(id="order-description", name="description", default_value=A.order_description, rows=4,
                               class_name="input"),
                class_name="agent-field",
            ),
            rx.el.div(
                rx.el.button(t.ORDER_SAVE, type="submit", class_name="button"),
                rx.el.button(t.CANCEL, type="button", class_name="button button-secondary",
                             on_click=A.close_order_form),
                class_name="agent-row",
            ),
            on_submit=A.create_order, reset_on_submit=False, class_name="agent-form",
        ),
        class_name="agent-subpanel", aria_labelledby="order-heading",
    )


def _order_link(o: OrderLink) -> rx.Component:
    return rx.el.li(
        rx.el.a(o.ref, href=urls.agent_order_url(o.id.to_string()), class_name="agent-order-ref"),
        " ", o.title, " · ", o.status_label, " · ", o.due,
        rx.cond(o.overdue, rx.el.span(t.OVERDUE, class_name="tag agent-overdue")),
    )


def contact_panel() -> rx.Component:
    return rx.el.section(
        rx.cond(
            A.contact_id > 0,
            rx.el.div(
                rx.el.h2(t.CONTACT_TITLE, " #", A.contact_id.to_string(), " · ", A.contact_kind,
                         id="contact-heading", tab_index=-1),
                rx.el.p(A.contact_summary, class_name="agent-summary"),
                citizen_panel(),
                transcript_panel(),
                reply_box(),
                rx.cond(A.orders.length() > 0, rx.el.div(
                    rx.el.h3(t.ORDERS_OF_CONTACT),
                    rx.el.ul(rx.foreach(A.orders, _order_link), id="contact-orders"),
                )),
                rx.cond(A.order_open, order_form()),
                rx.cond(A.wrap_open, wrap_up_form()),
                rx.el.div(
                    rx.cond(~A.order_open, rx.el.button(t.ORDER_OPEN, type="button", class_name="button button-secondary",
                                                        on_click=A.open_order_form)),
                    rx.cond(~A.wrap_open, rx.el.button(t.WRAP_OPEN, type="button", class_name="button",
                                                       on_click=A.open_wrap_up)),
                    class_name="agent-row agent-contact-actions",
                ),
            ),
            rx.el.div(
                rx.el.h2(t.CONTACT_TITLE, id="contact-heading", tab_index=-1),
                rx.el.p(t.NO_CONTACT, class_name="muted"),
            ),
        ),
        class_name="agent-panel agent-contact-panel", aria_labelledby="contact-heading",
    )


def console() -> rx.Component:
    return rx.el.div(
        rx.el.h1(t.TITLE, class_name="agent-h1"),
        messages(),
        rx.el.div(
            queue_panel(),
            contact_panel(),
            suggestions_panel(),
            class_name="agent-grid",
        ),
        rx.script(src="/agent.js"),
    )
