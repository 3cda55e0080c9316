"""Online application pages (GOV.UK pattern) and 我的办件."""

from __future__ import annotations

import reflex as rx

from app.core import urls
from app.ui import text
from app.ui.apply_state import (
    RATING_LABELS,
    AnswerRow,
    ApplyStartState,
    AppRow,
    EventRow,
    MeState,
)
from app.ui.apply_state import (
    ApplicationState as S,
)
from app.ui.components import native_form
from app.ui.forms import error_message, error_summary, field_class, radio_group, step_list, text_field
from app.ui.layout import page
from app.ui.pages import Page

#: The field's id as a Var: Reflex then gives it no React ref. Why: every branch of the question
#: (text, number, phone, ID …) has id="answer"; one shared ref went null when a branch unmounted,
#: and the form then sent ``answer: null`` instead of what was typed (the "None" name). Without the
#: ref the value comes from the form itself (FormData, by ``name``), which is always what is shown.
ANSWER_ID = rx.Var.create("answer")


def _input() -> rx.Component:
    described = rx.cond(S.error != "", "answer-whose answer-hint answer-error", "answer-whose answer-hint")
    common = dict(id=ANSWER_ID, name="answer", aria_describedby=described,
                  aria_invalid=rx.cond(S.error != "", "true", "false"))
    return rx.match(
        S.q_kind,
        ("select", rx.el.div(rx.foreach(S.q_options, lambda o: rx.el.div(
            rx.el.input(type="radio", name="answer", value=o, id="answer-" + o, class_name="radio",
                        default_checked=S.q_value == o),
            rx.el.label(o, html_for="answer-" + o), class_name="choice")), id=ANSWER_ID, role="radiogroup",
            aria_labelledby="q-label")),
        ("textarea", rx.el.textarea(default_value=S.q_value, rows=5, class_name="input", **common)),
        ("number", rx.el.input(type="text", input_mode="decimal", default_value=S.q_value,
                               class_name="input input-short", **common)),
        ("phone", rx.el.input(type="tel", input_mode="tel", auto_complete="tel", default_value=S.q_value,
                              class_name="input input-phone", **common)),
        ("id_number", rx.el.input(type="text", auto_complete="off", spell_check=False, max_length=18,
                                  class_name="input input-id", **common)),
        ("bank_card", rx.el.input(type="text", input_mode="numeric", auto_complete="off", class_name="input input-id",
                                  **common)),
        rx.el.input(type="text", default_value=S.q_value, class_name="input", data_autosave="1", **common),
    )


def question() -> rx.Component:
    return rx.el.div(
        rx.el.a("返回上一步", href=S.back_url, class_name="back-link"),
        rx.el.p(S.service_name, "　第 ", S.step + 1, " 步，共 ", S.total, " 步", class_name="muted"),
        error_summary(S.errors),
        rx.el.form(
            rx.el.div(
                rx.el.h1(rx.el.label(S.q_label, html_for="answer", id="q-label"), class_name="question-heading"),
                rx.el.p(S.q_whose, id="answer-whose", class_name="whose"),
                rx.el.p(S.q_hint, id="answer-hint", class_name="hint-text"),
                rx.cond(S.q_saved_masked != "", rx.el.p("已填写：", rx.el.strong(S.q_saved_masked),
                                                         "。不用修改的，直接点“保存并继续”。", class_name="hint")),
                error_message("answer", S.error != "", S.error),
                _input(),
                class_name=field_class(S.error != ""),
                key=S.q_key,
            ),
            rx.el.button("保存并继续", type="submit", class_name="button"),
            on_submit=S.save, reset_on_submit=False, novalidate=True,
        ),
        rx.el.p("每一步都会自动保存。可以随时离开，之后在“", rx.el.a("我的办件", href=urls.ME), "”里接着填。", class_name="muted"),
    )


def _answer_row(r: AnswerRow) -> rx.Component:
    return rx.el.div(
        rx.el.dt(r.label), rx.el.dd(r.value),
        rx.cond(r.change_url != "", rx.el.dd(rx.el.a("修改", rx.el.span(r.label, class_name="visually-hidden"),
                                                     href=r.change_url), class_name="change")),
        class_name="summary-row")


def check_answers() -> rx.Component:
    return rx.el.div(
        rx.el.a("返回上一步", href=S.back_url, class_name="back-link"),
        rx.el.h1("提交前请核对您的回答"),
        error_summary(S.errors),
        rx.el.p(S.service_name, class_name="lead"),
        rx.el.p("号码按您填写的完整显示，只在这一步、只给您本人看，方便逐位核对；其他页面只显示前后几位。",
                class_name="hint-text"),
        rx.el.dl(rx.foreach(S.rows, _answer_row), class_name="summary-list"),
        _eligibility_warning(),
        rx.cond(S.warn_stop, rx.fragment(), rx.fragment(
            rx.el.h2("现在提交申请"),
            rx.el.p("提交即表示您确认以上信息真实准确。提交后会给您一个受理编号，可以在“我的办件”查看进度。"),
            rx.el.button("确认提交", type="button", on_click=S.submit, class_name="button", id="submit-button"),
        )),
    )


def _eligibility_warning() -> rx.Component:
    """The same rule as 测一测, on the answers given: a stop where it is certain, else a warning."""
    return rx.cond(S.warn_headline != "", rx.el.section(
        rx.el.h2(rx.cond(S.warn_stop, "按您填写的信息，现在不能提交：", "提交前请留意："), S.warn_headline,
                 id="eligibility-warning"),
        rx.el.ul(rx.foreach(S.warn_reasons, lambda r: rx.el.li(r))),
        rx.el.ul(rx.foreach(S.warn_next, lambda r: rx.el.li(r))),
        rx.cond(S.warn_stop, rx.el.p("如果是身份证号码或户籍填错了，请点上面的“修改”改正。", class_name="hint-text")),
        class_name=rx.cond(S.warn_stop, "warning warning-stop", "warning"), role="note"))


def _event(e: EventRow) -> rx.Component:
    return rx.el.li(rx.el.strong(e.label), rx.el.span("　", e.at, class_name="muted"),
                    rx.cond(e.reason != "", rx.el.p("说明：", e.reason)))


def _rating() -> rx.Component:
    return rx.cond(
        S.status == "completed",
        rx.cond(
            S.rating > 0,
            rx.el.p("感谢您的评价（", S.rating, " 星）。", class_name="hint"),
            rx.el.form(
                radio_group("stars", "给这次办事打个分（好差评）",
                            [(str(i + 1), f"{i + 1} 星：{label}") for i, label in reversed(list(enumerate(RATING_LABELS)))],
                            invalid=S.rating_error != "", error=S.rating_error),
                text_field("comment", "还想说点什么（可不填）", rows=3),
                rx.el.button("提交评价", type="submit", class_name="button"),
                on_submit=S.rate, reset_on_submit=False,
            ),
        ),
    )


def status_view() -> rx.Component:
    return rx.el.div(
        rx.cond(S.mode == "done", rx.el.div(
            rx.el.h1("申请已提交"),
            rx.el.p("受理编号", class_name="panel-label"),
            rx.el.p(S.ref, class_name="panel-ref", id="ref", translate="no"),
            class_name="panel-confirm", role="status"),
            rx.el.h1(S.service_name)),
        rx.cond(S.mode == "done", rx.el.div(
            rx.el.h2("接下来会怎样"),
            step_list(["工作人员会先受理您的申请，再进行审核。",
                       "有需要补充的材料，会退回补正并写明原因，请留意短信通知。",
                       "办结后可以在“我的办件”查看结果，并给这次办事评价。"], class_name=None),
            rx.el.p(f"请记下受理编号。咨询进度可以拨打 {text.HOTLINE}。"))),
        rx.el.p("当前状态：", rx.el.strong(S.status_label, id="status"), "　受理编号：", S.ref),
        rx.cond(S.status == "returned", rx.el.div(
            rx.el.p("退回原因：", S.return_reason, class_name="hint"),
            rx.el.a("修改后重新提交", href=urls.application_url(S.app_id.to_string(), step=0), class_name="button"))),
        rx.el.h2("办理进度"),
        step_list(S.events, _event, class_name="timeline"),
        _rating(),
        rx.el.h2("申请内容"),
        rx.el.dl(rx.foreach(S.rows, _answer_row), class_name="summary-list"),
        rx.el.p(rx.el.a("回到我的办件", href=urls.ME)),
    )


def application() -> rx.Component:
    return page(rx.cond(
        S.found,
        rx.match(S.mode, ("question", question()), ("check", check_answers()), status_view()),
        rx.el.div(rx.el.h1("无法打开这份申请"), rx.el.p(S.denied), rx.el.a("回到我的办件", href=urls.ME, class_name="button")),
    ))


def apply_start() -> rx.Component:
    return page(rx.cond(ApplyStartState.message != "",
                        rx.el.div(rx.el.h1("暂时不能在线办理"), rx.el.p(ApplyStartState.message),
                                  rx.el.a("回到首页", href="/", class_name="button")),
                        rx.el.p("正在打开申请……", role="status")))


def _app_row(r: AppRow) -> rx.Component:
    return rx.el.li(
        rx.el.a(r.title, href=r.url, class_name="result-title"),
        rx.el.p("受理编号：", r.ref, "　状态：", rx.el.strong(r.status)),
        rx.el.p("更新于 ", r.updated, class_name="muted"),
        rx.el.a(r.action, href=r.url, class_name="button button-secondary"),
        class_name="result")


def me() -> rx.Component:
    return page(
        rx.el.h1("我的办件"),
        rx.cond(
            MeState.signed_in,
            rx.el.div(
                rx.el.p("已登录：", MeState.phone),
                rx.cond(MeState.items.length() > 0,
                        rx.el.ul(rx.foreach(MeState.items, _app_row), class_name="results"),
                        rx.el.p("还没有办件。可以从首页找到要办的事，点“在线办理”。", class_name="hint")),
                rx.el.p(rx.el.a("为您推荐：看看您可能能领的补贴", href=urls.FOR_YOU)),
                native_form(rx.el.button("退出登录", type="submit", class_name="button button-secondary"),
                            action="/api/auth/sign-out", method="post"),
            ),
            rx.el.div(rx.el.p("登录后可以查看和接着填写您的申请。"),
                      rx.el.a("用手机号登录", href=urls.login_url(urls.ME), class_name="button")),
        ),
    )


PAGES = [
    Page(urls.APPLY_ROUTE, apply_start, "在线办理 · 民政一键通", on_load=ApplyStartState.load),
    Page(urls.APPLICATION_ROUTE, application, "我的申请 · 民政一键通", on_load=S.load),
    Page(urls.ME, me, "我的办件 · 民政一键通", on_load=MeState.load),
]
