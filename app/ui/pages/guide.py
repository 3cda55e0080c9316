"""Service guide (办事指南), 一件事 bundle and policy pages."""

from __future__ import annotations

import reflex as rx

from app.core import urls
from app.ui.city_components import city_picker
from app.ui.guide_state import BundleState, BundleStepView, Faq, GuideState, Link, PolicyState, Row
from app.ui.layout import page
from app.ui.pages import Page


def not_found(what: str) -> rx.Component:
    return rx.el.div(
        rx.el.h1(f"没有找到这个{what}"),
        rx.el.p("链接可能有误，或者内容已经调整。您可以搜索，或回到首页看看常办事项。"),
        rx.el.a("回到首页", href="/", class_name="button"),
    )


def section(title: str, *children, id: str = "") -> rx.Component:
    return rx.el.section(rx.el.h2(title), *children, class_name="guide-section", id=id or None)


def _bullet(text) -> rx.Component:
    return rx.el.li(text)


def _link_item(link: Link) -> rx.Component:
    return rx.el.li(
        rx.cond(link.url != "", rx.el.a(link.title, href=link.url), rx.el.span(link.title)),
        rx.cond(link.note != "", rx.el.span(" · ", link.note, class_name="muted")),
    )


def _material(text, i) -> rx.Component:
    box_id = "mat-" + i.to_string()
    return rx.el.li(
        rx.el.input(type="checkbox", id=box_id, class_name="check"),
        rx.el.label(text, html_for=box_id),
        class_name="checklist-item",
    )


def _step(row: Row) -> rx.Component:
    return rx.el.li(rx.el.strong(row.label), rx.el.p(row.value))


def _fact(row: Row) -> rx.Component:
    return rx.el.div(rx.el.dt(row.label), rx.el.dd(row.value), class_name="fact")


def _faq(f: Faq) -> rx.Component:
    return rx.el.details(rx.el.summary(f.q), rx.el.p(f.a), id=f.anchor, class_name="faq")


def guide_actions() -> rx.Component:
    return rx.el.div(
        rx.cond(GuideState.online,
                rx.el.a("在线办理", href=urls.apply_url(GuideState.code), class_name="button"),
                rx.el.p("这个事项暂不支持在线办理，请按下面的地点到窗口办理。", class_name="hint")),
        rx.cond(GuideState.online,
                rx.el.a("帮家人办", href=urls.family_url(service=GuideState.code), class_name="button button-secondary")),
        rx.cond(GuideState.bookable,
                rx.el.a("预约登记时间", href=urls.BOOKING, class_name="button button-secondary")),
        rx.cond(GuideState.has_check,
                rx.el.a("先测一测能不能办", href=urls.check_url(GuideState.code), class_name="button button-secondary")),
        class_name="actions",
    )


def _brief_row(row: Row) -> rx.Component:
    return rx.el.div(rx.el.dt(row.label), rx.el.dd(row.value), class_name="brief-row")


def short_answer() -> rx.Component:
    """The answer first: 能不能领、领多少、怎么领、带什么, for the chosen city."""
    return rx.el.section(
        rx.el.h2("先看这里", id="brief-title", class_name="brief-title"),
        rx.el.dl(rx.foreach(GuideState.brief, _brief_row), class_name="brief"),
        city_picker(GuideState.city, GuideState.choose_city, label=GuideState.city_label),
        rx.el.p(GuideState.brief_city_note, class_name="muted", aria_live="polite"),
        class_name="brief-box", id="brief", aria_labelledby="brief-title",
        data_readaloud_first="1",
    )


def contents_list() -> rx.Component:
    return rx.el.nav(
        rx.el.h2("本页内容", class_name="contents-title", id="contents-title"),
        rx.el.ul(rx.foreach(GuideState.contents, lambda link: rx.el.li(rx.el.a(link.title, href=link.url))),
                 class_name="contents-list"),
        aria_labelledby="contents-title", class_name="contents",
    )


def read_section_button(target: str) -> rx.Component:
    """Read one section aloud (assets/js/readaloud.js reads the element named by data-read)."""
    return rx.el.button("朗读这一段", type="button", class_name="button button-secondary read-section",
                        data_read=target)


def section_r(title: str, sid: str, *children) -> rx.Component:
    """A guide section with its own 朗读这一段."""
    return rx.el.section(rx.el.div(rx.el.h2(title), read_section_button(sid), class_name="section-head"),
                         *children, class_name="guide-section", id=sid)


def more_info() -> rx.Component:
    """依据 / 信息来源 / 编码: for those who want them, closed by default."""
    return rx.el.details(
        rx.el.summary("更多信息：办理依据、信息来源、事项编码"),
        rx.el.h3("办理依据"),
        rx.el.ul(rx.foreach(GuideState.legal_basis, _bullet)),
        rx.el.h3("其他办理信息"),
        rx.el.dl(rx.foreach(GuideState.more_facts, _fact), class_name="facts"),
        rx.el.h3("信息来源"),
        rx.cond(GuideState.sources.length() > 0,
                rx.el.ul(rx.foreach(GuideState.sources, _link_item), class_name="sources"),
                rx.el.p("正式规定以上面列出的文件和当地民政部门公布为准。")),
        rx.cond(GuideState.hidden_sources > 0,
                rx.el.p("本页还参考了 ", GuideState.hidden_sources, " 篇转载报道，只用来核对各地的做法；以官方发布为准。",
                        class_name="muted")),
        id="more", class_name="faq more-info",
    )


def guide() -> rx.Component:
    return page(rx.cond(
        GuideState.found,
        rx.el.article(
            rx.el.h1(GuideState.name),
            short_answer(),
            guide_actions(),
            rx.cond(GuideState.channel_note != "", rx.el.p(GuideState.channel_note, class_name="hint channel-note")),
            contents_list(),
            section_r("谁可以申请", "who", rx.el.ul(rx.foreach(GuideState.conditions, _bullet))),
            rx.cond(GuideState.amounts != "", section_r(
                "标准", "amounts",
                rx.cond(GuideState.amount_rule != "", rx.el.ul(rx.el.li(GuideState.amount_rule))),
                rx.cond(GuideState.amount_city.length() > 0, rx.el.div(
                    rx.el.h3(GuideState.city, "的标准"),
                    rx.el.ul(rx.foreach(GuideState.amount_city, _bullet)))),
                rx.cond(GuideState.amount_others.length() > 0, rx.el.details(
                    rx.el.summary(rx.cond(GuideState.city != "", "其他地方的标准", "各地的标准（举例）")),
                    rx.el.ul(rx.foreach(GuideState.amount_others, _bullet)), class_name="faq")),
            )),
            # the reader's city: its own practice in full; no city: every city's exceptions, closed
            rx.cond(GuideState.local_lines.length() > 0, rx.cond(
                GuideState.city != "",
                section_r("当地的做法", "local", rx.el.ul(rx.foreach(GuideState.local_lines, _bullet))),
                rx.el.details(rx.el.summary("各地的做法（举例）"),
                              rx.el.ul(rx.foreach(GuideState.local_lines, _bullet)), class_name="faq", id="local"))),
            section_r("要准备的材料", "materials",
                      rx.el.p("可以逐项勾选，检查是否带齐（只保存在这个页面上）。", class_name="muted elder-hide"),
                      rx.el.ul(rx.foreach(GuideState.materials, _material), class_name="checklist")),
            section_r("办理流程", "steps", rx.el.ol(rx.foreach(GuideState.steps, _step), class_name="steps")),
            section_r("多久办好、在哪办", "facts", rx.el.dl(rx.foreach(GuideState.facts, _fact), class_name="facts")),
            section("常见问题", rx.foreach(GuideState.faqs, _faq), id="faq"),
            rx.cond(GuideState.policies.length() > 0,
                    section("相关政策", rx.el.ul(rx.foreach(GuideState.policies, _link_item)), id="policies")),
            rx.cond(GuideState.related.length() > 0,
                    section("相关事项", rx.el.ul(rx.foreach(GuideState.related, _link_item)))),
            more_info(),
            class_name="guide",
        ),
        not_found("办事事项"),
    ))


def _bundle_step(s: BundleStepView) -> rx.Component:
    return rx.el.li(
        rx.cond(s.url != "", rx.el.a(s.name, href=s.url), rx.el.strong(s.name)),
        rx.el.p("办理部门：", s.department, class_name="muted"),
    )


def bundle() -> rx.Component:
    return page(rx.cond(
        BundleState.found,
        rx.el.article(
            rx.el.p(rx.el.span("一件事", class_name="tag"), class_name="eyebrow"),
            rx.el.h1(BundleState.name),
            rx.el.p(BundleState.summary, class_name="lead"),
            rx.cond(BundleState.local_note != "", rx.el.p(BundleState.local_note, class_name="hint")),
            section("按顺序要办的事", rx.el.ol(rx.foreach(BundleState.steps, _bundle_step), class_name="steps")),
            section("一次申请",
                    rx.el.p("从第一项开始在线申请；其他部门的事项，会按“一件事”联办的方式一并告知办理。"),
                    rx.cond(BundleState.apply_code != "",
                            rx.el.a("开始一次申请", href=urls.apply_url(BundleState.apply_code, bundle=BundleState.code),
                                    class_name="button"),
                            rx.el.p("这件事目前需要到窗口办理。", class_name="hint"))),
            rx.cond(BundleState.sources.length() > 0,
                    section("信息来源", rx.el.ul(rx.foreach(BundleState.sources, _link_item), class_name="sources"))),
            class_name="guide",
        ),
        not_found("一件事"),
    ))


def policy() -> rx.Component:
    return page(rx.cond(
        PolicyState.found,
        rx.el.article(
            rx.el.p(rx.el.span("政策", class_name="tag"), class_name="eyebrow"),
            rx.el.h1(PolicyState.title),
            rx.el.p(PolicyState.meta, class_name="muted"),
            section("主要内容", rx.el.p(PolicyState.summary)),
            section("适用的办事事项", rx.el.ul(rx.foreach(PolicyState.governs, _link_item))),
            rx.cond(PolicyState.sources.length() > 0,
                    section("信息来源", rx.el.ul(rx.foreach(PolicyState.sources, _link_item), class_name="sources"))),
            class_name="guide",
        ),
        not_found("政策"),
    ))


PAGES = [
    # The title is set to the guide's name on load (app/ui/page_effects.py); this is the first paint's.
    Page(urls.SERVICE_ROUTE, guide, "办事指南 · 民政一键通", on_load=GuideState.load),
    Page(urls.BUNDLE_ROUTE, bundle, "一件事 · 民政一键通", on_load=BundleState.load),
    Page(urls.POLICY_ROUTE, policy, "政策 · 民政一键通", on_load=PolicyState.load),
]
