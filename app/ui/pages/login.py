"""Sign-in: phone number, then a one-time code. No passwords, no puzzles (WCAG 3.3.8)."""

from __future__ import annotations

import reflex as rx

from app.core import urls
from app.ui.components import native_form
from app.ui.forms import error_summary_box, text_field
from app.ui.layout import page
from app.ui.login_state import LoginState
from app.ui.pages import Page


def _error_summary() -> rx.Component:
    return error_summary_box(LoginState.error != "", rx.el.ul(rx.el.li(rx.el.a(LoginState.error,
                                                                               href="#" + LoginState.field))))


def _phone_form() -> rx.Component:
    return native_form(
        text_field("phone", "手机号码", hint="我们会发一条6位数字的验证码到这个手机。第一次使用会自动开通账号。",
                   invalid=LoginState.field == "phone", error=LoginState.error, kind="tel", input_mode="numeric",
                   auto_complete="tel", class_name="input input-phone"),
        rx.el.input(type="hidden", name="next", value=LoginState.next_path),
        rx.el.button("获取验证码", type="submit", class_name="button"),
        action="/api/auth/request-code", method="post",
    )


def _code_form() -> rx.Component:
    return rx.el.div(
        rx.el.p("验证码已发送到 ", rx.el.strong(LoginState.sent), "，5分钟内有效。", role="status"),
        rx.cond(LoginState.dev_code != "", rx.el.p(
            "开发环境没有短信通道，验证码是：", rx.el.strong(LoginState.dev_code, id="dev-code"),
            class_name="dev-banner")),
        native_form(
            text_field("code", "短信验证码", invalid=LoginState.field == "code", error=LoginState.error,
                       input_mode="numeric", auto_complete="one-time-code", max_length=6,
                       class_name="input input-code"),
            rx.el.input(type="hidden", name="next", value=LoginState.next_path),
            rx.el.button("登录", type="submit", class_name="button"),
            action="/api/auth/verify", method="post",
        ),
        native_form(
            rx.el.input(type="hidden", name="next", value=LoginState.next_path),
            rx.el.button("没收到？重新获取验证码", type="submit", class_name="button button-secondary"),
            action="/api/auth/request-code", method="post",
        ),
        rx.el.p(rx.el.a("换一个手机号", href=urls.login_url(LoginState.next_path))),
    )


def login() -> rx.Component:
    return page(
        rx.el.h1("登录"),
        rx.cond(LoginState.signed_in_as != "",
                rx.el.p("您已登录（", LoginState.signed_in_as, "）。", rx.el.a("去我的办件", href=urls.ME), class_name="hint")),
        _error_summary(),
        rx.cond(LoginState.sent != "", _code_form(), _phone_form()),
        rx.el.p("不方便用手机的，可以请家人帮忙办理，或到社区（村）、乡镇（街道）便民服务中心窗口办理。", class_name="muted"),
    )


PAGES = [Page(urls.LOGIN, login, "登录 · 民政一键通", on_load=LoginState.load)]
