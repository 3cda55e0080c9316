"""Reflex entry point: composes pages and mounts the REST API. No domain logic here."""

from __future__ import annotations

import reflex as rx

from app.api.main import build_api
from app.ui.pages.home import home, search
from app.ui.state import SearchState

app = rx.App(
    stylesheets=["/app.css"],
    head_components=[
        rx.el.meta(name="viewport", content="width=device-width, initial-scale=1, viewport-fit=cover"),
        rx.el.meta(name="theme-color", content="#0b5394"),
    ],
    api_transformer=build_api(),
    html_lang="zh-CN",
)
app.add_page(home, route="/", title="民政一键通")
app.add_page(search, route="/search", title="搜索 · 民政一键通", on_load=SearchState.load_from_url)
