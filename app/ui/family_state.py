"""State of 帮家人办 / 谁可以帮我办 (/family) and the staff 帮办 page (/staff)."""

from __future__ import annotations

import dataclasses

import reflex as rx
from sqlmodel import Session

from app.delegation import service as dg
from app.delegation.models import CONSENT_METHODS, FAMILY_RELATIONS, KINDS, PROXY_RELATIONS, STATUS_LABELS
from app.identity.models import Account, Person
from app.ui.apply_state import local_time
from app.ui.session import current_actor, engine, kb

PERIODS = (("365", "1年"), ("182", "半年"), ("30", "30天"), ("1095", "3年"))


@dataclasses.dataclass
class DelegationRow:
    id: int = 0
    who: str = ""
    kind: str = ""
    relationship: str = ""
    status: str = ""
    status_label: str = ""
    scope: str = ""
    until: str = ""
    consent: str = ""
    person_id: int = 0


@dataclasses.dataclass
class Choice:
    value: str = ""
    label: str = ""


def _scope_text(scope) -> str:
    if scope == "all":
        return "全部事项"
    return "、".join(kb().services[c].name for c in scope if c in kb().services)


def online_services() -> list[Choice]:
    return [Choice(c, s.name) for c, s in kb().services.items() if s.channels.online and s.channels.proxy_allowed]


def _rows(ds, s: Session, as_agent: bool) -> list[DelegationRow]:
    rows = []
    for d in ds:
        st = dg.effective_status(d)
        if as_agent:
            p = s.get(Person, d.principal_person_id)
            who = f"{p.name}（{p.id_number_masked}）"
        else:
            a = s.get(Account, d.agent_account_id)
            who = a.display_name or a.phone_masked
        rows.append(DelegationRow(d.id, who, KINDS[d.kind], d.relationship, st, STATUS_LABELS[st],
                                  _scope_text(d.scope), local_time(d.valid_to),
                                  CONSENT_METHODS.get(d.consent_method or "", "尚未确认"), d.principal_person_id))
    return rows


class FamilyState(rx.State):
    signed_in: bool = False
    has_identity: bool = False
    me_phone: str = ""
    for_service: str = ""
    for_service_name: str = ""
    helping: list[DelegationRow] = []
    helpers: list[DelegationRow] = []
    notes: list[str] = []
    message: str = ""
    error: str = ""
    sent_to: str = ""
    act_for: str = ""

    @rx.event
    def load_act(self):
        raw = self.router.url.query_parameters.get("for", "")
        self.act_for = raw if raw.isdigit() else ""

    @rx.event
    def load(self):
        actor = current_actor(self)
        self.signed_in = actor is not None
        self.message, self.error = "", ""
        code = self.router.url.query_parameters.get("service", "")
        svc = kb().services.get(code)
        self.for_service, self.for_service_name = (code, svc.name) if svc else ("", "")
        if actor is None:
            return
        self._refresh(actor)

    def _refresh(self, actor) -> None:
        self.has_identity, self.me_phone = actor.person_id is not None, actor.phone_masked
        with Session(engine()) as s:
            self.helping = _rows(dg.as_agent(engine(), actor), s, as_agent=True)
            self.helpers = _rows(dg.as_principal(engine(), actor), s, as_agent=False)
        self.notes = [f"{local_time(n.created_at)}　{n.text}" for n in dg.notifications(engine(), actor)]

    def _run(self, fn, ok: str):
        actor = current_actor(self)
        if actor is None:
            return rx.redirect("/login?next=/family")
        try:
            fn(actor)
        except dg.DelegationError as exc:
            self.error, self.message = exc.message, ""
            return rx.call_script("setTimeout(()=>document.getElementById('family-error')?.focus(),30)")
        self.error, self.message = "", ok
        self._refresh(current_actor(self))
        # Clear what was typed (ID and phone numbers) once it has been accepted; on an error the
        # form keeps it so nothing has to be typed again.
        return rx.call_script("document.querySelectorAll('form.reset-on-ok').forEach(f=>f.reset());"
                              "setTimeout(()=>document.getElementById('family-message')?.focus(),30)")

    @rx.event
    def link_identity(self, form: dict):
        return self._run(lambda a: dg.link_own_identity(engine(), a, str(form.get("name", "")),
                                                        str(form.get("id_number", ""))),
                         "已记录您的本人信息。")

    @rx.event
    def request_help(self, form: dict):
        rel = str(form.get("relationship", ""))
        kind = "family" if rel in FAMILY_RELATIONS else "proxy"
        scope = "all" if form.get("scope", "all") == "all" else [str(form.get("scope"))]

        def go(actor):
            _d, masked = dg.request(engine(), actor, kind=kind, relationship=rel,
                                    principal_name=str(form.get("name", "")),
                                    principal_id_number=str(form.get("id_number", "")),
                                    principal_phone=str(form.get("phone", "")), scope=scope,
                                    days=int(form.get("days", 365) or 365))
            self.sent_to = masked
        return self._run(go, "已发送验证码到对方手机。请对方把收到的6位验证码告诉您，填在下面“待确认”一栏。")

    @rx.event
    def confirm_code(self, form: dict):
        return self._run(lambda a: dg.confirm_by_code(engine(), a, int(form.get("delegation_id", 0)),
                                                      str(form.get("code", ""))),
                         "对方已确认，现在可以为TA办理了。")

    @rx.event
    def resend(self, delegation_id: int):
        return self._run(lambda a: dg.resend_code(engine(), a, int(delegation_id)), "已重新发送验证码。")

    @rx.event
    def approve(self, delegation_id: int):
        return self._run(lambda a: dg.confirm_by_principal(engine(), a, int(delegation_id)), "您已同意。")

    @rx.event
    def revoke(self, delegation_id: int):
        return self._run(lambda a: dg.revoke(engine(), a, int(delegation_id)), "已撤销，对方不能再为您办理。")

    @rx.event
    def authorize(self, form: dict):
        rel = str(form.get("relationship", ""))
        kind = "family" if rel in FAMILY_RELATIONS else "proxy"
        scope = "all" if form.get("scope", "all") == "all" else [str(form.get("scope"))]
        return self._run(lambda a: dg.authorize(engine(), a, agent_phone=str(form.get("agent_phone", "")),
                                                relationship=rel, scope=scope, kind=kind,
                                                days=int(form.get("days", 365) or 365)),
                         "授权已生效。对方用这个手机号登录后，就可以在授权范围内为您办理。")


class StaffState(rx.State):
    allowed: bool = False
    signed_in: bool = False
    person_id: int = 0
    person_label: str = ""
    pending: list[DelegationRow] = []
    error: str = ""
    message: str = ""

    def _staff(self):
        a = current_actor(self, channel="window")
        return a if a is not None and a.role in dg.STAFF_ROLES else None

    @rx.event
    def load(self):
        a = current_actor(self, channel="window")
        self.signed_in, self.allowed = a is not None, a is not None and a.role in dg.STAFF_ROLES
        self.person_id, self.person_label, self.pending, self.error, self.message = 0, "", [], "", ""

    @rx.event
    def find(self, form: dict):
        staff = self._staff()
        if staff is None:
            self.allowed, self.error = False, "此功能仅限窗口工作人员使用。"
            return
        try:
            p = dg.find_person_for_staff(engine(), staff, str(form.get("name", "")), str(form.get("id_number", "")))
        except dg.DelegationError as exc:
            self.error = exc.message
            return rx.call_script("setTimeout(()=>document.getElementById('staff-error')?.focus(),30)")
        self.error, self.person_id, self.person_label = "", p.id, f"{p.name}（{p.id_number_masked}）"
        with Session(engine()) as s:
            from sqlmodel import select

            from app.delegation.models import Delegation

            ds = s.exec(select(Delegation).where(Delegation.principal_person_id == p.id,
                                                 Delegation.status == "pending")).all()
            self.pending = [r for r in _rows(ds, s, as_agent=False) if r.status == "pending"]

    @rx.event
    def confirm_in_person(self, delegation_id: int):
        staff = self._staff()
        if staff is None:
            self.error = "此功能仅限窗口工作人员使用。"
            return
        try:
            dg.confirm_in_person(engine(), staff, int(delegation_id))
        except dg.DelegationError as exc:
            self.error = exc.message
            return
        self.pending = [r for r in self.pending if r.id != int(delegation_id)]
        self.message = "已当面确认，授权生效。"


def relationship_choices() -> list[Choice]:
    return [Choice(r, f"{r}（亲友代办）") for r in FAMILY_RELATIONS] + [Choice(r, f"{r}（授权代理）") for r in PROXY_RELATIONS]


def period_choices() -> list[Choice]:
    return [Choice(v, label) for v, label in PERIODS]
