"""Reflex entry point: composes pages and mounts the REST API. No domain logic here."""

from __future__ import annotations

import reflex as rx

from app.api.main import build_api
from app.ui.pages import collect_pages

app = rx.App(
    stylesheets=["/app.css", "/chat.css", "/kiosk.css"],
    head_components=[
        rx.el.meta(name="viewport", content="width=device-width, initial-scale=1, viewport-fit=cover"),
        rx.el.meta(name="theme-color", content="#0b3d91"),
    ],
    api_transformer=build_api(),
    html_lang="zh-CN",
)
for p in collect_pages():
    app.add_page(p.component, route=p.route, title=p.title, on_load=p.on_load)
