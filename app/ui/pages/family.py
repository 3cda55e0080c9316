"""帮家人办 · 谁可以帮我办 (/family, one task per page under it), 确认代办 (/consent) and the
window staff 帮办 page (/staff).

The consent step never asks anyone to pass on a code: the person agrees on their own phone (a
link sent to the phone on record), in their own account, or in person at a window.
"""

from __future__ import annotations

import reflex as rx

from app.core import urls
from app.ui import forms
from app.ui.family_state import (
    Choice,
    DelegationRow,
    online_services,
    period_choices,
    relationship_choices,
)
from app.ui.family_state import (
    ConsentState as CS,
)
from app.ui.family_state import (
    FamilyState as F,
)
from app.ui.family_state import (
    StaffState as ST,
)
from app.ui.forms import error_summary, error_summary_box
from app.ui.layout import page
from app.ui.pages import Page


def _message(state, prefix: str) -> rx.Component:
    return rx.cond(state.message != "", rx.el.p(state.message, id=f"{prefix}-message", role="status", tab_index=-1,
                                                class_name="hint"))


def _staff_messages() -> rx.Component:
    return rx.fragment(
        error_summary_box(ST.error != "", rx.el.p(ST.error), box_id="staff-error"),
        _message(ST, "staff"),
    )


def _checked(fid: str) -> dict:
    """The field's error state from the page's error list (one entry per field, ``url`` = ``#id``)."""
    return {"invalid": F.invalid.contains(fid),
            "error": rx.foreach(F.errors, lambda e: rx.cond(e.url == "#" + fid, rx.fragment(e.title)))}


def _field(label: str, name: str, *, hint: str = "", kind: str = "text", id_prefix: str = "",
           state=None, auto: str = "off") -> rx.Component:
    """A text field; checked (error shown, marked invalid) when ``state`` is the family state."""
    fid = f"{id_prefix}{name}"
    extra = {"input_mode": "numeric"} if kind == "tel" else {}
    return forms.text_field(name, label, fid=fid, hint=hint, kind=kind, auto_complete=auto, max_length=64,
                            **(_checked(fid) if state is F else {}), **extra)


def _select(label: str, name: str, choices: list[Choice], id_prefix: str = "", first: tuple[str, str] | None = None,
            default=None) -> rx.Component:
    fid = f"{id_prefix}{name}"
    return forms.select_field(name, label, [(c.value, c.label) for c in choices], fid=fid, first=first,
                              **_checked(fid),
                              **({"default_value": default, "key": default} if default is not None else {}))


def _sign_in_first(next_path: str) -> rx.Component:
    return rx.el.div(
        rx.el.p("家里老人不方便用手机的，可以由家人代为申请（亲友代办），也可以授权社区代办员等人代为办理（授权代理）。"
                "都需要本人同意，本人可以随时撤销。"),
        rx.el.a("用手机号登录", href=urls.login_url(next_path), class_name="button"),
        rx.el.p("也可以带上老人的身份证件、户口簿和代办人本人的身份证，到社区（村）或乡镇（街道）便民服务中心窗口代办。",
                class_name="muted"),
    )


def _back() -> rx.Component:
    return rx.el.p(rx.el.a("返回帮家人办", href=urls.FAMILY, class_name="back-link"))


# ------------------------------------------------------------------------------ /family ---
def _helping_row(r: DelegationRow) -> rx.Component:
    return rx.el.li(
        rx.el.p(rx.el.strong(r.who), "　", r.kind, "（", r.relationship, "）"),
        rx.el.p("状态：", rx.el.strong(r.status_label), "　范围：", r.scope, "　有效期至：", r.until),
        rx.match(
            r.status,
            ("pending", rx.el.div(
                rx.el.p("等家人本人同意：家人登录后在“谁可以帮我办”里同意、打开发给家人登记手机的确认短信，"
                        "或一起到窗口当面确认。", class_name="hint-text"),
                rx.el.button("重新发送确认短信", type="button", on_click=F.resend(r.id),
                             class_name="button button-secondary"),
                class_name="actions")),
            ("active", rx.el.div(
                rx.cond(F.for_service != "",
                        rx.el.a("为家人办理：", F.for_service_name,
                                href=urls.apply_url(F.for_service, for_person=r.person_id.to_string()), class_name="button"),
                        rx.el.a("为家人办理", href=urls.family_act_url(r.person_id.to_string()), class_name="button")),
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


def family() -> rx.Component:
    return page(
        rx.el.h1("帮家人办"),
        rx.cond(
            F.signed_in,
            rx.el.div(
                error_summary(F.errors),
                _message(F, "family"),
                rx.cond(F.for_service != "", rx.el.p("您要办理：", rx.el.strong(F.for_service_name),
                                                     "。选择要帮助的家人，或先申请代办。", class_name="hint")),
                rx.el.section(
                    rx.el.h2("我可以帮谁办"),
                    rx.cond(F.helping.length() > 0, rx.el.ul(rx.foreach(F.helping, _helping_row), class_name="results"),
                            rx.el.p("还没有。", class_name="muted")),
                    rx.el.a("申请为家人代办", href=rx.cond(F.for_service != "", urls.family_request_url(F.for_service),
                                                      urls.FAMILY_REQUEST), class_name="button", id="family-form"),
                    rx.el.p(rx.el.a("家人不方便出门？请社区工作人员上门代办", href=urls.VISIT, id="family-visit")),
                ),
                rx.el.section(
                    rx.el.h2("谁可以帮我办"),
                    rx.cond(F.helpers.length() > 0, rx.el.ul(rx.foreach(F.helpers, _helper_row), class_name="results"),
                            rx.el.p("目前没有人可以代您办理。", class_name="muted")),
                    rx.cond(F.has_identity,
                            rx.el.a("授权别人为我办理", href=urls.FAMILY_AUTHORIZE, class_name="button button-secondary"),
                            rx.el.a("先确认我的本人信息", href=urls.FAMILY_ME, class_name="button button-secondary")),
                ),
                rx.el.section(
                    rx.el.h2("在我名下办理的事"),
                    rx.cond(F.notes.length() > 0, rx.el.ul(rx.foreach(F.notes, lambda n: rx.el.li(n)), class_name="notes"),
                            rx.el.p("还没有记录。", class_name="muted")),
                ),
            ),
            _sign_in_first(urls.FAMILY),
        ),
    )


# ---------------------------------------------------------------------- /family/request ---
def family_request() -> rx.Component:
    return page(
        _back(),
        rx.el.h1("申请为家人代办"),
        rx.cond(
            F.signed_in,
            rx.el.div(
                error_summary(F.errors),
                rx.el.p("申请提交后，需要家人本人同意才生效：家人在自己的手机或账号上确认，或一起到窗口当面确认。"
                        "您不需要、也不应该向家人索要任何验证码。", class_name="hint-text"),
                rx.el.form(
                    _select("您是这位家人的什么人", "relationship", relationship_choices("helper"), "rq-",
                            first=("", "请选择")),
                    _field("家人的姓名", "name", id_prefix="rq-", state=F),
                    _field("家人的身份证号码", "id_number", hint="18位，最后一位可能是X。我们会加密保存，只显示前4位和后4位。",
                           id_prefix="rq-", state=F),
                    _select("可以代办哪些事", "scope", [Choice(c.value, c.label) for c in online_services()], "rq-",
                            first=("all", "全部事项"), default=rx.cond(F.for_service != "", F.for_service, "all")),
                    _select("代办期限", "days", period_choices(), "rq-"),
                    rx.el.button("提交申请", type="submit", class_name="button"),
                    on_submit=F.request_help, reset_on_submit=False, id="request-form"),
            ),
            _sign_in_first(urls.FAMILY_REQUEST),
        ),
    )


# -------------------------------------------------------------------- /family/authorize ---
def family_authorize() -> rx.Component:
    return page(
        _back(),
        rx.el.h1("授权别人为我办理"),
        rx.cond(
            F.signed_in,
            rx.cond(
                F.has_identity,
                rx.el.div(
                    error_summary(F.errors),
                    rx.el.p("您本人授权别人（家人、社区代办员、社工）为您办理。授权马上生效，您可以随时撤销。",
                            class_name="hint-text"),
                    rx.el.form(
                        _field("代办人的手机号码", "agent_phone", kind="tel", id_prefix="au-", state=F),
                        _select("代办人是您的什么人", "relationship", relationship_choices("principal"), "au-", first=("", "请选择")),
                        _select("可以代办哪些事", "scope", [Choice(c.value, c.label) for c in online_services()], "au-",
                                first=("all", "全部事项")),
                        _select("授权期限", "days", period_choices(), "au-"),
                        rx.el.button("确认授权", type="submit", class_name="button"),
                        on_submit=F.authorize, reset_on_submit=False),
                ),
                rx.el.div(rx.el.p("授权别人为您办理前，请先确认您本人的信息。"),
                          rx.el.a("确认我的本人信息", href=urls.FAMILY_ME, class_name="button")),
            ),
            _sign_in_first(urls.FAMILY_AUTHORIZE),
        ),
    )


# --------------------------------------------------------------------------- /family/me ---
def family_me() -> rx.Component:
    return page(
        _back(),
        rx.el.h1("确认我的本人信息"),
        rx.cond(
            F.signed_in,
            rx.el.div(
                error_summary(F.errors),
                rx.el.p("填写您本人的姓名和身份证号码。它们要和登记信息一致；您登录用的手机号会作为您的登记手机，"
                        "以后别人申请为您代办时，确认短信只发到这个手机。", class_name="hint-text"),
                rx.el.form(
                    _field("您的姓名", "name", id_prefix="me-", state=F, auto="name"),
                    _field("您的身份证号码", "id_number", hint="18位，最后一位可能是X。", id_prefix="me-", state=F),
                    rx.el.button("确认本人信息", type="submit", class_name="button"),
                    on_submit=F.link_identity, reset_on_submit=False),
            ),
            _sign_in_first(urls.FAMILY_ME),
        ),
    )


def family_act() -> rx.Component:
    return page(
        _back(),
        rx.el.h1("为家人办理"),
        rx.el.p("选择要办的事："),
        rx.el.ul(*[rx.el.li(rx.el.a(c.label, href=urls.apply_url(c.value, for_person=F.act_for),
                                    class_name="list-link")) for c in online_services()], class_name="link-list"),
    )


# ----------------------------------------------------------------------------- /consent ---
def consent() -> rx.Component:
    return page(
        rx.el.h1("确认代办授权"),
        rx.cond(
            CS.ok,
            rx.el.div(
                rx.el.p(rx.el.strong(CS.requester), " 申请以“", CS.relationship, "”身份为您", CS.kind, "。"),
                rx.el.p("可以代办：", CS.scope, "　期限：", CS.days),
                rx.el.p("只有您本人认识对方并且愿意时才点“同意”。不要把这条短信或本页面转给任何人。", class_name="hint-text"),
                rx.el.div(rx.el.button("同意", type="button", on_click=CS.answer(True), class_name="button"),
                          rx.el.button("不同意", type="button", on_click=CS.answer(False),
                                       class_name="button button-secondary"), class_name="actions"),
            ),
            rx.fragment(
                rx.cond(CS.done != "", rx.el.p(CS.done, role="status", id="consent-done", class_name="hint")),
                rx.cond(CS.error != "", rx.el.p(CS.error, role="alert", id="consent-error", class_name="error-summary")),
            ),
        ),
    )


# ------------------------------------------------------------------------------- /staff ---
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
                _staff_messages(),
                rx.el.p("请先当面核验群众的身份证件，再查找。查找和之后的每一步都会连同您写的原因记录为“工作人员为该群众办理”。",
                        class_name="hint"),
                rx.el.form(_field("群众姓名", "name", id_prefix="st-"), _field("身份证号码", "id_number", id_prefix="st-"),
                           _field("查找原因（必填）", "reason", hint="例如：本人到窗口申请尊老金", id_prefix="st-"),
                           rx.el.button("查找", type="submit", class_name="button"), on_submit=ST.find,
                           reset_on_submit=False),
                rx.cond(ST.person_id > 0, rx.el.section(
                    rx.el.h2("正在为 ", ST.person_label, " 办理"),
                    rx.el.h3("本人登记手机"),
                    rx.el.p(rx.cond(ST.person_phone != "", ST.person_phone, "还没有登记"),
                            "。代办确认短信只发到登记手机。", class_name="muted"),
                    rx.el.form(_field("本人手机号码（本人在场时登记）", "phone", kind="tel", id_prefix="st-"),
                               rx.el.button("登记手机号", type="submit", class_name="button button-secondary"),
                               on_submit=ST.set_phone, reset_on_submit=True),
                    rx.el.h3("待本人确认的代办授权"),
                    rx.cond(ST.pending.length() > 0, rx.el.ul(rx.foreach(ST.pending, _pending_row), class_name="results"),
                            rx.el.p("没有待确认的授权。", class_name="muted")),
                    rx.el.h3("为这位群众办理"),
                    rx.el.ul(*[rx.el.li(rx.el.a(c.label, href=urls.apply_url(c.value, for_person=ST.person_id.to_string()),
                                                class_name="list-link")) for c in online_services()],
                             class_name="link-list"),
                )),
            ),
            rx.cond(ST.signed_in,
                    rx.el.div(rx.el.p("此页面仅限窗口工作人员使用。", role="alert", class_name="error-summary"),
                              rx.el.a("回到首页", href="/", class_name="button")),
                    rx.el.a("工作人员登录", href=urls.login_url(urls.STAFF), class_name="button")),
        ),
    )


PAGES = [
    Page(urls.FAMILY, family, "帮家人办 · 民政一键通", on_load=F.load),
    Page(urls.FAMILY_REQUEST, family_request, "申请为家人代办 · 民政一键通", on_load=F.load),
    Page(urls.FAMILY_AUTHORIZE, family_authorize, "授权别人为我办理 · 民政一键通", on_load=F.load),
    Page(urls.FAMILY_ME, family_me, "确认我的本人信息 · 民政一键通", on_load=F.load),
    Page(urls.FAMILY_ACT, family_act, "为家人办理 · 民政一键通", on_load=F.load_act),
    Page(urls.CONSENT, consent, "确认代办授权 · 民政一键通", on_load=CS.load),
    Page(urls.STAFF, staff, "窗口帮办 · 民政一键通", on_load=ST.load),
]
