"""The page shell every page shares: skip link, header (mode switch, read-aloud), <main>,
and help in the same place on every page (WCAG 3.2.6 consistent help)."""

from __future__ import annotations

import reflex as rx

from app.core import urls
from app.ui import text


def _a11y_controls() -> list[rx.Component]:
    """The 长辈版 switch and read-aloud bar, when their module exists."""
    try:
        from app.ui.a11y_components import mode_switch, read_aloud_bar
    except ImportError:
        return []
    return [mode_switch(), read_aloud_bar()]


def header() -> rx.Component:
    return rx.el.header(
        rx.el.div(
            rx.el.a(text.SITE_NAME, href="/", class_name="brand"),
            rx.el.nav(
                rx.el.a("我的办件", href=urls.ME, class_name="nav-link"),
                aria_label="主要导航",
                class_name="nav",
            ),
            class_name="header-row",
        ),
        rx.el.p(text.SITE_TAGLINE, class_name="tagline elder-hide"),
        *_a11y_controls(),
        class_name="site-header",
    )


def help_footer() -> rx.Component:
    return rx.el.footer(
        rx.el.h2(text.HELP_TITLE, class_name="help-title"),
        rx.el.p(text.HELP_TEXT),
        rx.el.div(
            rx.el.a(text.HELP_CALL, href=text.HELP_TEL, class_name="button button-secondary"),
            rx.el.a("问智能助手", href=urls.CHAT, class_name="button button-secondary"),
            class_name="actions",
        ),
        rx.el.p(text.SOURCE_NOTE, class_name="small"),
        class_name="site-footer",
        aria_label="帮助与联系",
    )


def page(*children: rx.Component) -> rx.Component:
    return rx.el.div(
        rx.el.a(text.SKIP_LINK, href="#main", class_name="skip-link"),
        header(),
        rx.el.main(*children, id="main", tab_index=-1, class_name="site-main"),
        help_footer(),
        class_name="site",
    )
