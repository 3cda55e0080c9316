"""Reusable components; each carries its own accessibility behaviour (labels, roles)."""

from __future__ import annotations

import reflex as rx

from app.ui import text
from app.ui.forms import error_summary as error_summary  # re-exported: pages import it from here too
from app.ui.state import GroupView, ResultView, SearchState, Segment


def search_form() -> rx.Component:
    return rx.el.form(
        rx.el.label(text.SEARCH_LABEL, html_for="q", class_name="search-label"),
        rx.el.div(
            rx.el.input(
                id="q", name="q", type="search", default_value=SearchState.query,
                placeholder=text.SEARCH_PLACEHOLDER, auto_complete="off", enter_key_hint="search",
                class_name="search-input",
            ),
            rx.el.button(text.SEARCH_BUTTON, type="submit", class_name="button"),
            class_name="search-row",
        ),
        on_submit=SearchState.submit,
        reset_on_submit=False,
        role="search",
        class_name="search-form",
    )


def _segment(seg: Segment) -> rx.Component:
    return rx.cond(seg.h, rx.el.mark(seg.t), rx.el.span(seg.t))


def result_item(r: ResultView) -> rx.Component:
    return rx.el.li(
        rx.el.a(r.title, href=r.url, class_name="result-title"),
        rx.el.span(r.topic, class_name="tag"),
        rx.el.p(rx.foreach(r.segments, _segment), class_name="snippet"),
        class_name="result",
    )


def result_group(g: GroupView) -> rx.Component:
    return rx.el.section(
        rx.el.h2(g.kind, class_name="group-title"),
        rx.cond(
            g.hits.length() > 0,
            rx.el.ul(rx.foreach(g.hits, result_item), class_name="results"),
            rx.el.p("没有找到这一类的内容。", class_name="muted"),
        ),
        class_name="group",
    )


def search_results() -> rx.Component:
    return rx.el.div(
        rx.cond(SearchState.hint != "", rx.el.p(SearchState.hint, class_name="hint", role="status")),
        rx.cond(
            SearchState.total > 0,
            rx.el.div(
                rx.el.p("找到 ", SearchState.total, " 条相关内容", class_name="count"),
                rx.foreach(SearchState.groups, result_group),
            ),
            rx.cond(
                SearchState.searched,
                rx.el.section(
                    rx.el.h2("您可以看看这些常办事项", class_name="group-title"),
                    rx.el.ul(rx.foreach(SearchState.suggestions, result_item), class_name="results"),
                ),
            ),
        ),
        aria_live="polite",
        id="search-results",
    )


from reflex.vars.base import Var  # noqa: E402
from reflex_components_core.el.elements.base import BaseHTML  # noqa: E402


class NativeForm(BaseHTML):
    """A plain HTML <form> that the browser submits itself (Reflex's form always prevents it).

    Used where the server must answer with a redirect and a cookie (sign-in): it works
    without JavaScript and the session token never passes through page scripts.
    """

    tag = "form"
    action: Var[str]
    method: Var[str]


native_form = NativeForm.create
