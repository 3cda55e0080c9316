"""Home and search pages (the full PWA home comes with the citizen-PWA issue)."""

from __future__ import annotations

import reflex as rx

from app.ui import text
from app.ui.components import search_form, search_results
from app.ui.layout import page
from app.ui.pages import Page
from app.ui.state import SearchState


def home() -> rx.Component:
    return page(
        rx.el.h1(text.SITE_NAME),
        search_form(),
        search_results(),
    )


def search() -> rx.Component:
    return page(
        rx.el.h1("搜索结果"),
        search_form(),
        search_results(),
    )


PAGES = [
    Page("/", home, "民政一键通"),
    Page("/search", search, "搜索 · 民政一键通", on_load=SearchState.load_from_url),
]
