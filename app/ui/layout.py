"""The page shell every page shares: skip link, header, <main>, and help in the same place
on every page (WCAG 3.2.6 consistent help)."""

from __future__ import annotations

import reflex as rx

from app.ui import text


def header() -> rx.Component:
    return rx.el.header(
        rx.el.a(text.SITE_NAME, href="/", class_name="brand"),
        rx.el.p(text.SITE_TAGLINE, class_name="tagline"),
        class_name="site-header",
    )


def help_footer() -> rx.Component:
    return rx.el.footer(
        rx.el.h2(text.HELP_TITLE, class_name="help-title"),
        rx.el.p(text.HELP_TEXT),
        rx.el.a(text.HELP_CALL, href="tel:12345", class_name="button button-secondary"),
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
