"""State of 帮家人办 / 谁可以帮我办 (/family and its one-task pages), the consent page (/consent)
and the staff 帮办 page (/staff).

One task per page: /family lists (who I help, who helps me, what was done in my name);
/family/request asks to help someone; /family/authorize lets me authorise a helper;
/family/me records who I am. Every form shows all its errors at once in the error summary,
each linked to its field, and marks the fields aria-invalid. Nothing typed (ID numbers) is
kept in state: forms are read on submit and cleared once accepted.
"""

from __future__ import annotations

import dataclasses

import reflex as rx
from sqlmodel import Session, select

from app.core import urls
from app.core.identifiers import normalize_id_number
from app.core.privacy import id_number_valid
from app.delegation import service as dg
from app.delegation.models import CONSENT_METHODS, FAMILY_RELATIONS, KINDS, PROXY_RELATIONS, STATUS_LABELS, Delegation
from app.identity.models import Account, Person
from app.identity.service import normalize_name
from app.ui.apply_state import local_time
from app.ui.session import current_actor, engine, kb

PERIODS = (("365", "1年"), ("182", "半年"), ("30", "30天"), ("1095", "3年"))
MAX_FIELD = 64


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


@dataclasses.dataclass
class FormError:
    """One entry of the error summary: the message, and the link to its field."""

    title: str = ""
    url: str = ""


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
            # The name the requester typed (the record's name is not theirs to learn from a request).
            who = f"{d.principal_name or p.name}（{p.id_number_masked}）"
        else:
            a = s.get(Account, d.agent_account_id)
            who = a.display_name or a.phone_masked
        rows.append(DelegationRow(d.id, who, KINDS[d.kind], d.relationship, st, STATUS_LABELS.get(st, st),
                                  _scope_text(d.scope), local_time(d.valid_to),
                                  CONSENT_METHODS.get(d.consent_method or "", "尚未确认"), d.principal_person_id))
    return rows


def _text(form: dict, key: str) -> str:
    v = form.get(key, "")
    return v[:MAX_FIELD] if isinstance(v, str) else ""


def _days(form: dict) -> int:
    v = _text(form, "days")
    return int(v) if v in {p for p, _ in PERIODS} else 0


def _scope(form: dict) -> list[str] | str | None:
    v = _text(form, "scope") or "all"
    if v == "all":
        return "all"
    return [v] if v in kb().services else None


def _relationship(form: dict) -> tuple[str, str]:
    rel = _text(form, "relationship")
    return rel, ("family" if rel in FAMILY_RELATIONS else "proxy" if rel in PROXY_RELATIONS else "")


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
    errors: list[FormError] = []
    invalid: dict[str, bool] = {}
    act_for: str = ""

    @rx.event
    def load_act(self):
        raw = self.router.url.query_parameters.get("for", "")
        self.act_for = raw if raw.isdigit() and len(raw) < 12 else ""

    @rx.event
    def load(self):
        actor = current_actor(self)
        self.signed_in = actor is not None
        self.error, self.errors, self.invalid = "", [], {}
        flash = self.router.url.query_parameters.get("done", "")
        self.message = DONE_MESSAGES.get(flash, "")
        code = self.router.url.query_parameters.get("service", "")[:20]
        svc = kb().services.get(code)
        self.for_service, self.for_service_name = (code, svc.name) if svc else ("", "")
        if actor is None:
            return
        self._refresh(actor)
        if self.message:
            return rx.call_script("setTimeout(()=>document.getElementById('family-message')?.focus(),30)")

    def _refresh(self, actor) -> None:
        self.has_identity, self.me_phone = actor.person_id is not None, actor.phone_masked
        with Session(engine()) as s:
            self.helping = _rows(dg.as_agent(engine(), actor), s, as_agent=True)
            self.helpers = _rows(dg.as_principal(engine(), actor), s, as_agent=False)
        self.notes = [f"{local_time(n.created_at)}　{n.text}" for n in dg.notifications(engine(), actor)]

    def _show_errors(self, errors: list[tuple[str, str]]):
        """All errors at once: the summary (links to fields) and aria-invalid on each field."""
        self.errors = [FormError(msg, "#" + fid) for fid, msg in errors]
        self.invalid = {fid: True for fid, _ in errors}
        self.message, self.error = "", errors[0][1] if errors else ""
        return rx.call_script("setTimeout(()=>document.getElementById('error-summary')?.focus(),30)")

    def _run(self, fn, ok: str, *, go_to: str = "", field: str = "", login_next: str = urls.FAMILY):
        actor = current_actor(self)
        if actor is None:
            return rx.redirect(urls.login_url(login_next))
        try:
            fn(actor)
        except dg.DelegationError as exc:
            return self._show_errors([(field or "family-form", exc.message)])
        self.errors, self.invalid, self.error = [], {}, ""
        if go_to:
            return rx.redirect(go_to)
        self.message = ok
        self._refresh(current_actor(self))
        return rx.call_script("setTimeout(()=>document.getElementById('family-message')?.focus(),30)")

    # ---------------------------------------------------------------- one task per page ---
    @rx.event
    def link_identity(self, form: dict):
        errors = []
        if not normalize_name(_text(form, "name")):
            errors.append(("me-name", "请填写您的姓名。"))
        if not id_number_valid(normalize_id_number(_text(form, "id_number"))):
            errors.append(("me-id_number", "请填写正确的18位身份证号码，最后一位可能是X。"))
        if errors:
            return self._show_errors(errors)
        return self._run(lambda a: dg.link_own_identity(engine(), a, _text(form, "name"), _text(form, "id_number")),
                         "", go_to=urls.family_url(done="identity"), field="me-name", login_next=urls.FAMILY_ME)

    @rx.event
    def request_help(self, form: dict):
        rel, kind = _relationship(form)
        scope, days = _scope(form), _days(form)
        errors = []
        if not kind:
            errors.append(("rq-relationship", "请选择您是这位家人的什么人。"))
        if not normalize_name(_text(form, "name")):
            errors.append(("rq-name", "请填写家人的姓名。"))
        if not id_number_valid(normalize_id_number(_text(form, "id_number"))):
            errors.append(("rq-id_number", "请填写家人正确的18位身份证号码，最后一位可能是X。"))
        if scope is None:
            errors.append(("rq-scope", "请选择可以代办的事项。"))
        if not days:
            errors.append(("rq-days", "请选择代办期限。"))
        if errors:
            return self._show_errors(errors)
        return self._run(lambda a: dg.request(engine(), a, kind=kind, relationship=rel,
                                              principal_name=_text(form, "name"),
                                              principal_id_number=_text(form, "id_number"), scope=scope, days=days),
                         "", go_to=urls.family_url(done="requested", service=self.for_service or None),
                         field="rq-name", login_next=urls.FAMILY_REQUEST)

    @rx.event
    def resend(self, delegation_id: int):
        return self._run(lambda a: dg.resend_link(engine(), a, int(delegation_id)), RESENT)

    @rx.event
    def approve(self, delegation_id: int):
        return self._run(lambda a: dg.confirm_by_principal(engine(), a, int(delegation_id)), "您已同意。")

    @rx.event
    def revoke(self, delegation_id: int):
        return self._run(lambda a: dg.revoke(engine(), a, int(delegation_id)), "已撤销，对方不能再为您办理。")

    @rx.event
    def authorize(self, form: dict):
        rel, kind = _relationship(form)
        scope, days = _scope(form), _days(form)
        errors = []
        from app.core.identifiers import normalize_phone_digits
        from app.identity.service import PHONE_RE

        if not PHONE_RE.match(normalize_phone_digits(_text(form, "agent_phone"))):
            errors.append(("au-agent_phone", "请填写代办人的11位手机号码，例如 13812345678。"))
        if not kind:
            errors.append(("au-relationship", "请选择代办人是您的什么人。"))
        if scope is None:
            errors.append(("au-scope", "请选择可以代办的事项。"))
        if not days:
            errors.append(("au-days", "请选择授权期限。"))
        if errors:
            return self._show_errors(errors)
        return self._run(lambda a: dg.authorize(engine(), a, agent_phone=_text(form, "agent_phone"), relationship=rel,
                                                scope=scope, kind=kind, days=days),
                         "", go_to=urls.family_url(done="authorized"), field="au-agent_phone", login_next=urls.FAMILY_AUTHORIZE)


RESENT = "如果家人在本平台登记过手机号，确认短信已重新发送。也可以请家人登录后在“谁可以帮我办”里同意，或一起到窗口当面确认。"
DONE_MESSAGES = {
    "requested": "申请已提交。需要您的家人本人同意后才生效：家人登录本平台后在“谁可以帮我办”里同意；"
                 "如果家人登记过手机号，会收到一条确认短信，由家人自己打开确认；"
                 "也可以带上双方身份证一起到社区或街道便民服务中心窗口当面确认。"
                 "请不要向家人索要短信内容——我们的工作人员也从不会这样要求。",
    "authorized": "授权已生效。对方用这个手机号登录后，就可以在授权范围内为您办理。",
    "identity": "已记录您的本人信息。",
}


class ConsentState(rx.State):
    """/consent?t=…: the person, on the phone the message went to, decides. Only masked facts
    are kept in state; the secret in the link is read from the URL when needed, never stored."""

    ok: bool = False
    requester: str = ""
    relationship: str = ""
    kind: str = ""
    scope: str = ""
    days: str = ""
    done: str = ""
    error: str = ""

    def _token(self) -> str:
        return self.router.url.query_parameters.get("t", "")[:64]

    @rx.event
    def load(self):
        self.done, self.error = "", ""
        try:
            v = dg.consent_view(engine(), self._token())
        except dg.DelegationError as exc:
            self.ok, self.error = False, exc.message
            return
        self.ok, self.requester, self.relationship, self.kind = True, v.requester, v.relationship, v.kind
        self.scope, self.days = _scope_text(v.scope), f"{v.days}天"

    @rx.event
    def answer(self, accept: bool):
        try:
            dg.answer_link(engine(), self._token(), bool(accept))
        except dg.DelegationError as exc:
            self.ok, self.error = False, exc.message
            return
        self.ok = False
        self.done = ("您已同意。对方现在可以在授权范围内为您办理；您随时可以登录后在“谁可以帮我办”里撤销。" if accept
                     else "您已拒绝，对方不能为您办理。")


class StaffState(rx.State):
    allowed: bool = False
    signed_in: bool = False
    person_id: int = 0
    person_label: str = ""
    person_phone: str = ""
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
        self.person_id, self.person_label, self.person_phone, self.pending = 0, "", "", []
        self.error, self.message = "", ""

    def _fail(self, message: str):
        self.error, self.message = message, ""
        return rx.call_script("setTimeout(()=>document.getElementById('staff-error')?.focus(),30)")

    @rx.event
    def find(self, form: dict):
        staff = self._staff()
        if staff is None:
            self.allowed = False
            return self._fail("此功能仅限窗口工作人员使用。")
        try:
            p = dg.find_person_for_staff(engine(), staff, _text(form, "name"), _text(form, "id_number"),
                                         str(form.get("reason", ""))[:200])
        except dg.DelegationError as exc:
            return self._fail(exc.message)
        self.error, self.message = "", ""
        self.person_id, self.person_label, self.person_phone = p.id, f"{p.name}（{p.id_number_masked}）", p.phone_masked or ""
        self._load_pending()

    def _load_pending(self) -> None:
        with Session(engine()) as s:
            ds = s.exec(select(Delegation).where(Delegation.principal_person_id == self.person_id,
                                                 Delegation.status == "pending")).all()
            self.pending = [r for r in _rows(ds, s, as_agent=False) if r.status == "pending"]

    @rx.event
    def set_phone(self, form: dict):
        staff = self._staff()
        if staff is None or not self.person_id:
            return self._fail("请先核验身份证件并查找到本人。")
        try:
            self.person_phone = dg.set_phone_on_record(engine(), staff, self.person_id, _text(form, "phone"))
        except dg.DelegationError as exc:
            return self._fail(exc.message)
        self.error, self.message = "", f"已登记本人手机号 {self.person_phone}。"

    @rx.event
    def confirm_in_person(self, delegation_id: int):
        staff = self._staff()
        if staff is None:
            return self._fail("此功能仅限窗口工作人员使用。")
        try:
            dg.confirm_in_person(engine(), staff, int(delegation_id))
        except dg.DelegationError as exc:
            return self._fail(exc.message)
        self.pending = [r for r in self.pending if r.id != int(delegation_id)]
        self.error, self.message = "", "已当面确认，授权生效。"


#: Who is whose, said in full (issue 13: "您和TA的关系：子女" did not say who is whose child).
_I_AM = {"子女": "我是他（她）的儿子或女儿", "配偶": "我是他（她）的丈夫或妻子", "父母": "我是他（她）的父亲或母亲",
         "孙子女": "我是他（她）的孙子女或外孙子女", "兄弟姐妹": "我是他（她）的兄弟姐妹", "其他亲属": "我是他（她）的其他亲属",
         "社区代办员": "我是社区代办员", "社会工作者": "我是社会工作者", "村（居）委会工作人员": "我是村（居）委会工作人员",
         "其他受托人": "我受他（她）委托"}
_THEY_ARE = {"子女": "代办人是我的儿子或女儿", "配偶": "代办人是我的丈夫或妻子", "父母": "代办人是我的父亲或母亲",
             "孙子女": "代办人是我的孙子女或外孙子女", "兄弟姐妹": "代办人是我的兄弟姐妹", "其他亲属": "代办人是我的其他亲属",
             "社区代办员": "代办人是社区代办员", "社会工作者": "代办人是社会工作者",
             "村（居）委会工作人员": "代办人是村（居）委会工作人员", "其他受托人": "代办人是我委托的其他人"}


def relationship_choices(side: str = "helper") -> list[Choice]:
    """The relationship options, worded from the side of whoever fills the form in."""
    words = _I_AM if side == "helper" else _THEY_ARE
    return [Choice(r, words[r]) for r in (*FAMILY_RELATIONS, *PROXY_RELATIONS)]


def period_choices() -> list[Choice]:
    return [Choice(v, label) for v, label in PERIODS]
