"""帮家人办 · 谁可以帮我办 (/family) and the window staff 帮办 page (/staff)."""

from __future__ import annotations

import reflex as rx

from app.ui.family_state import (Choice, DelegationRow, FamilyState as F, StaffState as ST, online_services,
                                 period_choices, relationship_choices)
from app.ui.layout import page
from app.ui.pages import Page


def _messages(state, prefix: str) -> rx.Component:
    return rx.fragment(
        rx.cond(state.error != "", rx.el.div(rx.el.h2("请先改正以下问题", class_name="error-summary-title"),
                                             rx.el.p(state.error), id=f"{prefix}-error", role="alert", tab_index=-1,
                                             class_name="error-summary")),
        rx.cond(state.message != "", rx.el.p(state.message, id=f"{prefix}-message", role="status", tab_index=-1,
                                             class_name="hint")),
    )


def _field(label: str, name: str, *, hint: str = "", kind: str = "text", id_prefix: str = "") -> rx.Component:
    fid = f"{id_prefix}{name}"
    extra = {"input_mode": "numeric"} if kind == "tel" else {}
    return rx.el.div(
        rx.el.label(label, html_for=fid, class_name="question"),
        rx.cond(hint != "", rx.el.p(hint, class_name="hint-text")) if hint else rx.fragment(),
        rx.el.input(id=fid, name=name, type=kind, auto_complete="off", class_name="input", **extra),
        class_name="field")


def _select(label: str, name: str, choices: list[Choice], id_prefix: str = "", first: tuple[str, str] | None = None) -> rx.Component:
    fid = f"{id_prefix}{name}"
    opts = ([rx.el.option(first[1], value=first[0])] if first else []) + [
        rx.el.option(c.label, value=c.value) for c in choices]
    return rx.el.div(rx.el.label(label, html_for=fid, class_name="question"),
                     rx.el.select(*opts, id=fid, name=name, class_name="input"), class_name="field")


def _helping_row(r: DelegationRow) -> rx.Component:
    return rx.el.li(
        rx.el.p(rx.el.strong(r.who), "　", r.kind, "（", r.relationship, "）"),
        rx.el.p("状态：", rx.el.strong(r.status_label), "　范围：", r.scope, "　有效期至：", r.until),
        rx.match(
            r.status,
            ("pending", rx.el.div(
                rx.el.form(
                    rx.el.input(type="hidden", name="delegation_id", value=r.id.to_string()),
                    rx.el.div(rx.el.label("对方手机收到的6位验证码", html_for="code-" + r.id.to_string(), class_name="question"),
                              rx.el.input(id="code-" + r.id.to_string(), name="code", input_mode="numeric",
                                          auto_complete="off", max_length=6, class_name="input input-code"),
                              class_name="field"),
                    rx.el.button("确认", type="submit", class_name="button"),
                    on_submit=F.confirm_code, reset_on_submit=True),
                rx.el.button("重新发送验证码", type="button", on_click=F.resend(r.id), class_name="button button-secondary"),
                class_name="actions")),
            ("active", rx.el.div(
                rx.cond(F.for_service != "",
                        rx.el.a("为TA办理：", F.for_service_name,
                                href="/apply/" + F.for_service + "?for=" + r.person_id.to_string(), class_name="button"),
                        rx.el.a("为TA办理", href="/family/act?for=" + r.person_id.to_string(), class_name="button")),
                rx.el.button("不再代办", type="button", on_click=F.revoke(r.id), class_name="button button-secondary"),
                class_name="actions")),
            rx.fragment(),
        ),
        class_name="result")


def _helper_row(r: DelegationRow) -> rx.Component:
    return rx.el.li(
        rx.el.p(rx.el.strong(r.who), "　", r.kind, "（", r.relationship, "）"),
        rx.el.p("状态：", rx.el.strong(r.status_label), "　范围：", r.scope, "　有效期至：", r.until),
        rx.el.p("确认方式：", r.consent, class_name="muted"),
        rx.match(
            r.status,
            ("pending", rx.el.div(rx.el.button("同意", type="button", on_click=F.approve(r.id), class_name="button"),
                                  rx.el.button("拒绝", type="button", on_click=F.revoke(r.id),
                                               class_name="button button-secondary"), class_name="actions")),
            ("active", rx.el.button("撤销授权", type="button", on_click=F.revoke(r.id),
                                    class_name="button button-secondary")),
            rx.fragment(),
        ),
        class_name="result")


def _request_form() -> rx.Component:
    return rx.el.form(
        rx.el.p("填写家人（或您要帮助的人）的信息。系统会发一条验证码到TA的手机，TA同意后才生效。", class_name="hint-text"),
        _select("您和TA的关系", "relationship", relationship_choices(), "rq-"),
        _field("TA的姓名", "name", id_prefix="rq-"),
        _field("TA的身份证号码", "id_number", hint="我们会加密保存，只显示前4位和后4位。", id_prefix="rq-"),
        _field("TA的手机号码（接收验证码）", "phone", kind="tel", id_prefix="rq-"),
        _select("可以代办哪些事", "scope", [Choice(c.value, c.label) for c in online_services()], "rq-",
                first=("all", "全部事项")),
        _select("代办期限", "days", period_choices(), "rq-"),
        rx.el.button("发送验证码给TA", type="submit", class_name="button"),
        on_submit=F.request_help, reset_on_submit=False, class_name="reset-on-ok")


def _authorize_form() -> rx.Component:
    return rx.el.form(
        rx.el.p("您本人授权别人（家人、社区代办员、社工）为您办理。授权马上生效，您可以随时撤销。", class_name="hint-text"),
        _field("代办人的手机号码", "agent_phone", kind="tel", id_prefix="au-"),
        _select("代办人和您的关系", "relationship", relationship_choices(), "au-"),
        _select("可以代办哪些事", "scope", [Choice(c.value, c.label) for c in online_services()], "au-",
                first=("all", "全部事项")),
        _select("授权期限", "days", period_choices(), "au-"),
        rx.el.button("确认授权", type="submit", class_name="button"),
        on_submit=F.authorize, reset_on_submit=False, class_name="reset-on-ok")


def _identity_form() -> rx.Component:
    return rx.el.form(
        rx.el.p("授权别人为您办理前，请先确认您本人的信息。", class_name="hint-text"),
        _field("您的姓名", "name", id_prefix="me-"),
        _field("您的身份证号码", "id_number", id_prefix="me-"),
        rx.el.button("确认本人信息", type="submit", class_name="button"),
        on_submit=F.link_identity, reset_on_submit=False, class_name="reset-on-ok")


def family() -> rx.Component:
    return page(
        rx.el.h1("帮家人办"),
        rx.cond(
            F.signed_in,
            rx.el.div(
                _messages(F, "family"),
                rx.cond(F.for_service != "", rx.el.p("您要办理：", rx.el.strong(F.for_service_name),
                                                     "。选择要帮助的人，或先申请代办。", class_name="hint")),
                rx.el.section(
                    rx.el.h2("我可以帮谁办"),
                    rx.cond(F.helping.length() > 0, rx.el.ul(rx.foreach(F.helping, _helping_row), class_name="results"),
                            rx.el.p("还没有。请在下面申请为家人代办。", class_name="muted")),
                ),
                rx.el.section(rx.el.h2("申请为家人代办"), _request_form()),
                rx.el.section(
                    rx.el.h2("谁可以帮我办"),
                    rx.cond(F.helpers.length() > 0, rx.el.ul(rx.foreach(F.helpers, _helper_row), class_name="results"),
                            rx.el.p("目前没有人可以代您办理。", class_name="muted")),
                    rx.el.h3("授权别人为我办理"),
                    rx.cond(F.has_identity, _authorize_form(), _identity_form()),
                ),
                rx.el.section(
                    rx.el.h2("在我名下办理的事"),
                    rx.cond(F.notes.length() > 0, rx.el.ul(rx.foreach(F.notes, lambda n: rx.el.li(n)), class_name="notes"),
                            rx.el.p("还没有记录。", class_name="muted")),
                ),
            ),
            rx.el.div(
                rx.el.p("家里老人不方便用手机的，可以由家人代为申请（亲友代办），也可以授权社区代办员等人代为办理（授权代理）。"
                        "都需要本人同意，本人可以随时撤销。"),
                rx.el.a("用手机号登录", href="/login?next=/family", class_name="button"),
                rx.el.p("也可以带上老人的身份证件、户口簿和代办人本人的身份证，到社区（村）或乡镇（街道）便民服务中心窗口代办。",
                        class_name="muted"),
            ),
        ),
    )


def family_act() -> rx.Component:
    return page(
        rx.el.h1("为家人办理"),
        rx.el.p("选择要办的事："),
        rx.el.ul(*[rx.el.li(rx.el.a(c.label, href=f"/apply/{c.value}?for=" + F.act_for,
                                    class_name="list-link")) for c in online_services()], class_name="link-list"),
    )


def _pending_row(r: DelegationRow) -> rx.Component:
    return rx.el.li(
        rx.el.p(r.who, " 申请", r.kind, "（", r.relationship, "），范围：", r.scope),
        rx.el.button("本人在场，当面确认", type="button", on_click=ST.confirm_in_person(r.id), class_name="button"),
        class_name="result")


def staff() -> rx.Component:
    return page(
        rx.el.h1("窗口帮办"),
        rx.cond(
            ST.allowed,
            rx.el.div(
                _messages(ST, "staff"),
                rx.el.p("请先当面核验群众的身份证件，再查找。您在这里的每一步都会记录为“工作人员为该群众办理”。", class_name="hint"),
                rx.el.form(_field("群众姓名", "name", id_prefix="st-"), _field("身份证号码", "id_number", id_prefix="st-"),
                           rx.el.button("查找", type="submit", class_name="button"), on_submit=ST.find,
                           reset_on_submit=False),
                rx.cond(ST.person_id > 0, rx.el.section(
                    rx.el.h2("正在为 ", ST.person_label, " 办理"),
                    rx.el.h3("待本人确认的代办授权"),
                    rx.cond(ST.pending.length() > 0, rx.el.ul(rx.foreach(ST.pending, _pending_row), class_name="results"),
                            rx.el.p("没有待确认的授权。", class_name="muted")),
                    rx.el.h3("为TA办理"),
                    rx.el.ul(*[rx.el.li(rx.el.a(c.label, href=f"/apply/{c.value}?for=" + ST.person_id.to_string(),
                                                class_name="list-link")) for c in online_services()],
                             class_name="link-list"),
                )),
            ),
            rx.cond(ST.signed_in,
                    rx.el.div(rx.el.p("此页面仅限窗口工作人员使用。", role="alert", class_name="error-summary"),
                              rx.el.a("回到首页", href="/", class_name="button")),
                    rx.el.a("工作人员登录", href="/login?next=/staff", class_name="button")),
        ),
    )


PAGES = [
    Page("/family", family, "帮家人办 · 民政一键通", on_load=F.load),
    Page("/family/act", family_act, "为家人办理 · 民政一键通", on_load=F.load_act),
    Page("/staff", staff, "窗口帮办 · 民政一键通", on_load=ST.load),
]
