"""Home and search pages."""

from __future__ import annotations

import reflex as rx

from app.core import urls
from app.ui import text
from app.ui.answer_components import answer_box
from app.ui.components import search_form, search_results
from app.ui.layout import page
from app.ui.pages import Page
from app.ui.session import kb
from app.ui.state import SearchState

#: High-frequency services on the home page: (label, link, one-line hint).
TILES = (
    ("尊老金", urls.service_url("MZ-ZLJ-01"), "80岁以上老人"),
    ("低保", urls.service_url("MZ-DB-01"), "最低生活保障"),
    ("婚姻登记预约", urls.service_url("MZ-HY-01"), "结婚、离婚登记"),
    ("残疾人两项补贴", urls.bundle_url("YJS-CJRBT"), "生活补贴、护理补贴"),
    ("丧葬/身后事", urls.bundle_url("YJS-BZSHS"), "火化、减免、安葬"),
    ("养老服务", urls.service_url("MZ-YL-02"), "居家上门、助餐、评估"),
)
BUNDLES = ("YJS-HYHKSY", "YJS-BZSHS", "YJS-CJRBT", "YJS-YLJGKB", "YJS-DMSPSY")


def tile(label: str, href: str, hint: str) -> rx.Component:
    return rx.el.li(rx.el.a(rx.el.span(label, class_name="tile-label"), rx.el.span(hint, class_name="tile-hint"),
                            href=href, class_name="tile"))


def bundle_list() -> rx.Component:
    items = []
    for code in BUNDLES:
        b = kb().bundles.get(code)
        if b:
            items.append(rx.el.li(rx.el.a(b.name, href=urls.bundle_url(code), class_name="list-link")))
    return rx.el.ul(*items, class_name="link-list")


def home() -> rx.Component:
    return page(
        rx.el.h1("民政服务，一键找到"),
        search_form(),
        search_results(),
        rx.el.section(
            rx.el.h2(text.HOT_TITLE),
            rx.el.ul(*[tile(*t) for t in TILES], class_name="tiles"),
            aria_labelledby="hot",
        ),
        rx.el.section(
            rx.el.h2("一件事 一次办"),
            rx.el.p("几件相关的事，一次申请，部门联办。", class_name="muted elder-hide"),
            bundle_list(),
        ),
        rx.el.section(
            rx.el.h2("我的"),
            rx.el.ul(
                rx.el.li(rx.el.a("我可能能领什么（政策计算器）", href=urls.CALCULATOR, class_name="list-link")),
                rx.el.li(rx.el.a("我的办件", href=urls.ME, class_name="list-link")),
                rx.el.li(rx.el.a("帮家人办、授权代办", href=urls.FAMILY, class_name="list-link")),
                rx.el.li(rx.el.a("不方便出门？请工作人员上门代办", href=urls.VISIT, class_name="list-link")),
                rx.el.li(rx.el.a("问智能助手", href=urls.CHAT, class_name="list-link")),
                class_name="link-list",
            ),
        ),
    )


def search() -> rx.Component:
    return page(
        rx.el.h1("搜索结果"),
        search_form(),
        answer_box(),
        search_results(),
    )


PAGES = [
    Page(urls.HOME, home, "民政一键通"),
    Page(urls.SEARCH, search, "搜索 · 民政一键通", on_load=SearchState.load_from_url),
]
