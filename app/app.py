"""Reflex entry point: composes pages and mounts the REST API. No domain logic here."""

from __future__ import annotations

import reflex as rx

from app.api.guard import guard
from app.api.main import build_api
from app.api.prerender import prerender
from app.core.config import require_safe
from app.core.web import host_allowed, origin_allowed
from app.ui.a11y_components import mode_script
from app.ui.errors import backend_exception_handler
from app.ui.pages import collect_pages

# Refuse to start on unsafe settings (unknown ENV; production without its keys and origins).
require_safe()

app = rx.App(
    stylesheets=["/app.css", "/chat.css", "/kiosk.css", "/elder.css", "/agent.css"],
    head_components=[
        rx.el.meta(name="viewport", content="width=device-width, initial-scale=1, viewport-fit=cover"),
        rx.el.meta(name="theme-color", content="#0b3d91"),
        # Never let the browser submit an app form itself before hydration (assets/js/forms.js)
        rx.el.script(src="/js/forms.js"),
        # PWA (assets/manifest.webmanifest, assets/icons) and 长辈版 before first paint (assets/js/mode.js)
        rx.el.link(rel="manifest", href="/manifest.webmanifest"),
        rx.el.link(rel="icon", href="/icons/favicon-64.png", type="image/png"),
        rx.el.link(rel="apple-touch-icon", href="/icons/apple-touch-icon.png"),
        rx.el.meta(name="description", content="江苏民政服务，一键找到、一键办理：办事指南、在线申请、长辈版大字模式与内容朗读。"),
        mode_script(),
        rx.el.script(src="/js/readaloud.js", defer=True),
        rx.el.script(src="/js/pwa.js", defer=True),
    ],
    # The REST API beside the pages; the knowledge-base pages rendered into the HTML the server
    # sends, and cache headers (app/api/prerender.py); the same-origin guard around everything.
    api_transformer=[build_api(), prerender, guard],
    html_lang="zh-CN",
    # A failed page action says what happened in Chinese (disk full, database down), not Reflex's English.
    backend_exception_handler=backend_exception_handler,
)
if app.sio is not None:
    # The Reflex websocket accepts only this site's own pages (its list from rxconfig is the
    # configured origins; the page's own origin is checked against the request's Host here).
    app.sio.eio.cors_allowed_origins = lambda origin, environ: (
        host_allowed(environ.get("HTTP_HOST")) and origin_allowed(origin, environ.get("HTTP_HOST"),
                                                                   environ.get("wsgi.url_scheme", "http")))
for p in collect_pages():
    app.add_page(p.component, route=p.route, title=p.title, on_load=p.on_load)
