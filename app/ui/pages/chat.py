"""/chat — the assistant page (a thin composition of the chat components)."""

from __future__ import annotations

import reflex as rx

from app.core import urls
from app.ui.chat_components import ChatState, chat_panel
from app.ui.layout import page
from app.ui.pages import Page

TITLE = "智能助手"
LEAD = "问政策、找服务、问办事问题。回答来自民政办事指南和政策文件，并注明出处。"


def chat() -> rx.Component:
    return page(
        rx.el.h1(TITLE),
        rx.el.p(LEAD, class_name="muted"),
        chat_panel(),
    )


PAGES = [Page(urls.CHAT, chat, "智能助手 · 民政一键通", on_load=ChatState.load)]
