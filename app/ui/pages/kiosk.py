"""/kiosk — the voice kiosk for older people in service halls: speak, hear, tap.

Full screen, text ≥ 32 px, six huge tiles, one huge 点我说话 button, no typing anywhere. The page
only composes components; behaviour lives in ``app/ui/kiosk_state.py`` (Reflex state: search,
knowledge base, help requests) and ``assets/kiosk/kiosk.js`` (microphone → /api/voice/asr,
read-aloud from /api/tts, volume, replay, idle warning and privacy reset).

Elements the page script fills in (ids ``kiosk-live``, ``kiosk-volume``, ``kiosk-idle-text``,
``kiosk-mic-state``) are rendered empty and outside any conditional, so React never replaces
them; buttons the script handles carry ``data-kiosk="…"``.
"""

from __future__ import annotations

import reflex as rx

from app.core import urls
from app.search.engine import HOT_TOPICS
from app.ui import kiosk_text as t
from app.ui.kiosk_state import Choice, KioskState, Section
from app.ui.pages import Page


def _js_button(label: str, action: str, **props) -> rx.Component:
    return rx.el.button(label, type="button", custom_attrs={"data-kiosk": action}, **props)


def tools() -> rx.Component:
    return rx.el.div(
        _js_button(t.REPLAY, "replay", class_name="kiosk-tool"),
        rx.el.div(
            _js_button(t.SOFTER, "softer", class_name="kiosk-tool"),
            rx.el.span(id="kiosk-volume", class_name="kiosk-volume", aria_live="polite"),
            _js_button(t.LOUDER, "louder", class_name="kiosk-tool"),
            role="group", aria_label=t.VOLUME_GROUP, class_name="kiosk-volume-group",
        ),
        rx.el.button(t.STAFF, type="button", on_click=KioskState.call_staff, class_name="kiosk-tool kiosk-staff",
                     id="kiosk-staff"),
        class_name="kiosk-tools",
    )


def mic_icon() -> rx.Component:
    """A microphone drawn in SVG (emoji fonts are not on every kiosk); decorative."""
    return rx.el.svg(
        rx.el.path(d="M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3z"),
        rx.el.path(d="M19 11a7 7 0 0 1-14 0M12 18v3M8 21h8", fill="none", stroke="currentColor",
                   stroke_width="2", stroke_linecap="round"),
        view_box="0 0 24 24", fill="currentColor", class_name="kiosk-mic-icon",
        custom_attrs={"aria-hidden": "true", "focusable": "false"},
    )


def mic() -> rx.Component:
    return rx.el.section(
        rx.el.button(
            rx.cond(KioskState.asr_ok, mic_icon()),
            rx.el.span(rx.cond(KioskState.asr_ok, t.MIC, t.ASR_UNAVAILABLE), class_name="kiosk-mic-label"),
            rx.el.span(id="kiosk-mic-state", class_name="kiosk-mic-state"),
            type="button", id="kiosk-mic", class_name="kiosk-mic",
            # no dead button: without recognition the microphone is not shown; touch is the way
            hidden=~KioskState.asr_ok,
            custom_attrs={"data-kiosk": "listen",
                          "aria-disabled": rx.cond(KioskState.asr_ok, "false", "true")},
        ),
        rx.el.p(id="kiosk-live", class_name="kiosk-live", aria_live="polite"),
        class_name="kiosk-voice", aria_label=t.MIC,
    )


def tiles() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t.TILES_TITLE, class_name="kiosk-h2"),
        rx.el.div(
            *[rx.el.button(
                rx.el.span(topic, class_name="kiosk-tile-name"),
                rx.el.span(t.TILE_HINTS.get(topic, ""), class_name="kiosk-tile-hint"),
                type="button", class_name="kiosk-tile", on_click=KioskState.choose_topic(topic),
            ) for topic in HOT_TOPICS],
            class_name="kiosk-tiles",
        ),
        # 政策找人 by touch: the calculator's few questions, for someone who does not know what to ask for
        rx.el.a(rx.el.span(t.CALC_NAME, class_name="kiosk-tile-name"),
                rx.el.span(t.CALC_HINT, class_name="kiosk-tile-hint"),
                href=urls.calculator_url(mode="elder"), class_name="kiosk-calc"),
        aria_label=t.TILES_TITLE,
    )


def confirm() -> rx.Component:
    return rx.el.section(
        rx.el.p(KioskState.heard, class_name="kiosk-heard", id="kiosk-heard"),
        rx.el.div(
            rx.el.button(t.YES, type="button", class_name="kiosk-choice kiosk-yes", on_click=KioskState.confirm),
            # 重说: the state forgets the text, the page script (data-kiosk=listen) listens again
            rx.el.button(t.RETRY, type="button", class_name="kiosk-choice kiosk-retry", on_click=KioskState.retry,
                         custom_attrs={"data-kiosk": "listen"}),
            class_name="kiosk-row",
        ),
        aria_label=t.CONFIRM_TITLE,
    )


def _choice(c: Choice) -> rx.Component:
    return rx.el.li(
        rx.el.button(
            rx.el.span(c.title, class_name="kiosk-choice-title"),
            rx.cond(c.note != "", rx.el.span(c.note, class_name="kiosk-choice-note")),
            type="button", class_name="kiosk-choice", on_click=KioskState.open_choice(c.kind, c.ref),
        ),
    )


def choice_list() -> rx.Component:
    return rx.el.section(
        rx.el.h2(KioskState.list_title, class_name="kiosk-h2"),
        rx.el.ol(rx.foreach(KioskState.choices, _choice), class_name="kiosk-choices"),
        nav_row(),
    )


def _line(text) -> rx.Component:
    return rx.el.li(text)


def _section(s: Section) -> rx.Component:
    return rx.el.section(
        rx.el.div(
            rx.el.h3(s.title, class_name="kiosk-h3"),
            rx.el.button(t.REPLAY_PART, type="button", class_name="kiosk-tool kiosk-part-replay",
                         aria_label=t.REPLAY_PART + "：" + s.title,
                         custom_attrs={"data-kiosk": "say-part", "data-say": s.speech}),
            class_name="kiosk-section-head"),
        rx.el.ul(rx.foreach(s.lines, _line), class_name="kiosk-lines"),
        class_name="kiosk-section",
    )


def detail() -> rx.Component:
    return rx.el.article(
        rx.el.h2(KioskState.detail_title, class_name="kiosk-h2"),
        rx.foreach(KioskState.sections, _section),
        rx.cond(KioskState.detail_service != "",
                rx.el.button(t.SEE_SERVICE, type="button", class_name="kiosk-choice",
                             on_click=KioskState.open_detail_service)),
        nav_row(),
    )


def help_screen() -> rx.Component:
    return rx.el.section(
        rx.cond(KioskState.help_ref != "",
                rx.el.p("求助编号：", rx.el.strong(KioskState.help_ref), class_name="kiosk-ref", id="kiosk-help-ref")),
        rx.cond(KioskState.help_ref != "",
                rx.el.button(t.STAFF_CANCEL, type="button", class_name="kiosk-choice", id="kiosk-staff-cancel",
                             on_click=KioskState.cancel_staff)),
        nav_row(back=False),
        aria_label=t.STAFF,
    )


def nav_row(back: bool = True) -> rx.Component:
    return rx.el.div(
        *([rx.el.button(t.BACK, type="button", class_name="kiosk-nav", on_click=KioskState.back)] if back else []),
        rx.el.button(t.HOME, type="button", class_name="kiosk-nav", on_click=KioskState.home),
        class_name="kiosk-row",
    )


def idle_warning() -> rx.Component:
    return rx.el.div(
        rx.el.h2(t.IDLE_TITLE, class_name="kiosk-h2", id="kiosk-idle-title"),
        rx.el.p(id="kiosk-idle-text", class_name="kiosk-idle-text"),
        _js_button(t.IDLE_STAY, "stay", class_name="kiosk-choice kiosk-yes"),
        id="kiosk-idle", class_name="kiosk-idle", role="alertdialog", hidden=True,
        custom_attrs={"aria-labelledby": "kiosk-idle-title", "aria-describedby": "kiosk-idle-text"},
    )


def bridge() -> rx.Component:
    """Hidden plumbing between the page script and the state (not in the accessibility tree)."""
    return rx.fragment(
        rx.el.form(
            rx.el.input(name="text", id="kiosk-heard-text", type="hidden"),
            id="kiosk-heard-form", hidden=True, on_submit=KioskState.heard_text, reset_on_submit=True,
        ),
        rx.el.button(id="kiosk-reset", type="button", hidden=True, on_click=KioskState.reset_session,
                     tab_index=-1, aria_hidden="true"),
        rx.el.div(KioskState.speech, id="kiosk-say", hidden=True,
                  custom_attrs={"data-seq": KioskState.say_seq.to_string()}),
    )


def kiosk() -> rx.Component:
    return rx.el.div(
        rx.el.header(
            rx.el.h1(t.TITLE, class_name="kiosk-title"),
            tools(),
            class_name="kiosk-header",
        ),
        rx.el.main(
            rx.el.p(KioskState.prompt, id="kiosk-prompt", class_name="kiosk-prompt", role="status"),
            mic(),
            rx.match(
                KioskState.screen,
                ("confirm", confirm()),
                ("list", choice_list()),
                ("detail", detail()),
                ("help", help_screen()),
                tiles(),
            ),
            idle_warning(),
            id="main", class_name="kiosk-main",
        ),
        rx.el.footer(rx.el.p(t.FOOTER), class_name="kiosk-footer"),
        bridge(),
        rx.script(src="/kiosk/kiosk.js"),
        id="kiosk", class_name="kiosk",
        custom_attrs={"data-screen": KioskState.screen,
                      "data-active": rx.cond(KioskState.active, "true", "false")},
    )


PAGES = [Page(urls.KIOSK, kiosk, t.PAGE_TITLE, on_load=KioskState.start)]
