"""Creating, confirming, using and ending delegations. Domain only; every act audited."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.audit.models import AuditEvent
from app.audit.service import record
from app.core import urls
from app.core.config import get_settings
from app.core.crypto import decrypt, encrypt, lookup_hash, secret_hash
from app.core.privacy import mask_phone, redact
from app.delegation.models import CONSENT_METHODS, FAMILY_RELATIONS, KINDS, PROXY_RELATIONS, Delegation, Notification
from app.identity.models import Account, Person
from app.identity.sender import SendFailed, get_sender
from app.identity.service import (
    Actor,
    AuthError,
    bind_identity,
    find_or_create_person,
    name_matches,
    normalize_name,
    normalize_phone,
)

STAFF_ROLES = {"window_staff", "supervisor"}
MAX_DAYS = 3 * 365
CONSENT_CODE_TTL = timedelta(minutes=30)
#: Confirmation links one request may send to the person's phone, ever.
MAX_CONSENT_SENDS = 3


class DelegationError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def now() -> datetime:
    return datetime.now(UTC)


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def effective_status(d: Delegation, at: datetime | None = None) -> str:
    """Status as of now: an active or pending delegation past its end date is expired."""
    at = at or now()
    if d.status in {"active", "pending"} and _aware(d.valid_to) < at:
        return "expired"
    return d.status


def covers(d: Delegation, service_code: str | None) -> bool:
    return d.scope == "all" or (service_code is not None and service_code in (d.scope or []))


def notify(s: Session, person_id: int, text: str) -> None:
    s.add(Notification(person_id=person_id, text=text))


def authority_for(s: Session, actor: Actor, person_id: int | None, service_code: str | None) -> Delegation | None:
    """The delegation that lets ``actor`` act for ``person_id`` on ``service_code`` right now."""
    if person_id is None:
        return None
    at = now()
    for d in s.exec(select(Delegation).where(Delegation.agent_account_id == actor.account_id,
                                             Delegation.principal_person_id == person_id,
                                             Delegation.status == "active")).all():
        if _aware(d.valid_from) <= at <= _aware(d.valid_to) and covers(d, service_code):
            return d
    return None


def _scope(scope: list[str] | str | None) -> list[str] | str:
    if scope in (None, "", "all") or scope == ["all"]:
        return "all"
    codes = sorted({c for c in scope if c})
    if not codes:
        raise DelegationError("请至少选择一个可以代办的事项，或选择“全部事项”。")
    return codes


def _period(days: int) -> timedelta:
    if not 1 <= int(days) <= MAX_DAYS:
        raise DelegationError(f"授权期限请选择1天到{MAX_DAYS // 365}年之间。")
    return timedelta(days=int(days))


def _terms(kind: str, relationship: str, scope, days) -> tuple[list[str] | str, timedelta]:
    """Validate what every delegation states: kind and relationship, scope, period."""
    allowed = FAMILY_RELATIONS if kind == "family" else PROXY_RELATIONS
    if kind not in KINDS or relationship not in allowed:
        raise DelegationError("请从列出的选项中选择双方的关系。")
    return _scope(scope), _period(days)


def _phone_term(phone: str, whose: str) -> str:
    try:
        return normalize_phone(phone)
    except AuthError as exc:
        raise DelegationError(f"{whose}的手机号：" + str(exc)) from exc


def public_base_url() -> str:
    """Where links in messages point: the first configured origin (the public site)."""
    origins = get_settings().origin_list()
    return origins[0] if origins else "http://localhost:3000"


def _send_consent_link(engine: Engine, s: Session, d: Delegation, person: Person, requester: str) -> bool:
    """Send a confirmation link to the person's phone ON RECORD (never a number the requester
    typed). The person opens it on their own phone and decides there; the requester never sees
    it. A new link replaces the old one; sends are capped; the link expires."""
    if not person.phone_enc or d.consent_sends >= MAX_CONSENT_SENDS:
        return False
    secret = secrets.token_urlsafe(24)
    d.consent_code_hash = secret_hash("consent-link|" + secret)
    d.consent_expires_at = now() + CONSENT_CODE_TTL
    d.consent_sends += 1
    s.add(d)
    s.commit()
    body = (f"【民政一键通】{requester} 申请以“{d.relationship}”身份为您{KINDS[d.kind]}。"
            f"是您本人同意的，请在30分钟内打开 {public_base_url()}{urls.consent_url(secret)} 确认；"
            "不认识对方或没有同意，请不要打开，也不要把短信内容告诉任何人。")
    try:
        get_sender().send(engine, decrypt(person.phone_enc), secret[:8], kind="consent", body=body)
    except SendFailed:
        return False
    return True


#: One message for every request, whoever the person is and whatever is on record, so the form
#: tells nobody whether an ID number is known, what name it carries, or whether a phone is on record.
REQUEST_DONE = "申请已提交，需要您的家人本人同意后才生效。"
REQUEST_REFUSED = "没能提交这条代办申请。请核对填写的信息；如有疑问，请带上双方身份证到社区或街道便民服务中心窗口办理。"


def request(engine: Engine, actor: Actor, *, kind: str, relationship: str, principal_name: str,
            principal_id_number: str, scope: list[str] | str = "all", days: int = 365) -> Delegation:
    """An agent asks to act for someone. Pending — no access at all — until the person consents:
    through a link sent to their phone on record, in their own account, or in person. The name
    typed is kept on the request (the person sees it); it never changes or decides the record."""
    if actor.role in STAFF_ROLES:
        raise DelegationError("工作人员请使用帮办模式为群众办理。")
    scope_v, period = _terms(kind, relationship, scope, days)
    name = normalize_name(principal_name)
    if not name:
        raise DelegationError("请填写家人的姓名。")
    with Session(engine) as s:
        try:
            person = find_or_create_person(s, name=name, id_number=principal_id_number)
        except AuthError as exc:
            raise DelegationError("家人的" + str(exc)) from exc
        if actor.person_id is not None and person.id == actor.person_id:
            raise DelegationError(REQUEST_REFUSED)
        existing = s.exec(select(Delegation).where(Delegation.agent_account_id == actor.account_id,
                                                   Delegation.principal_person_id == person.id,
                                                   Delegation.status.in_(("pending", "active")))).all()
        for d in existing:
            if effective_status(d) in {"active", "pending"}:
                raise DelegationError(REQUEST_REFUSED)
        at = now()
        d = Delegation(principal_person_id=person.id, agent_account_id=actor.account_id, kind=kind,
                       relationship=relationship, scope=scope_v, valid_from=at, valid_to=at + period,
                       created_by_account_id=actor.account_id, principal_name=name)
        s.add(d)
        s.flush()
        record(s, action="delegation.request", object_type="delegation", object_id=d.id, channel=actor.channel,
               actor_account_id=actor.account_id, actor_role=actor.role, on_behalf_of_person_id=person.id,
               delegation_id=d.id, detail={"kind": kind, "relationship": relationship, "scope": scope_v})
        notify(s, person.id, f"{actor.phone_masked} 申请以“{relationship}”身份为您{KINDS[kind]}，需要您本人确认。")
        s.commit()
        s.refresh(d)
        if name_matches(person, name):  # a name that does not fit the record sends nothing to the person
            _send_consent_link(engine, s, d, person, actor.phone_masked)
        s.refresh(d)
        s.expunge(d)
        return d


def resend_link(engine: Engine, actor: Actor, delegation_id: int) -> None:
    """The requester asks for the link to be sent again (to the phone on record; capped). Says
    nothing about whether there is a phone on record."""
    with Session(engine) as s:
        d = s.get(Delegation, delegation_id)
        if d is None or d.agent_account_id != actor.account_id or effective_status(d) != "pending":
            raise DelegationError("没有找到待确认的代办申请。")
        if d.consent_sends >= MAX_CONSENT_SENDS:
            raise DelegationError("确认短信已经发过多次，不能再发了。请您的家人登录本平台确认，或一起到窗口当面确认。")
        person = s.get(Person, d.principal_person_id)
        if name_matches(person, d.principal_name or ""):
            _send_consent_link(engine, s, d, person, actor.phone_masked)


def _pending_by_link(s: Session, token: str) -> Delegation:
    token = (token or "").strip()
    d = s.exec(select(Delegation).where(Delegation.consent_code_hash == secret_hash("consent-link|" + token))).first() \
        if 8 <= len(token) <= 64 else None
    if d is None or effective_status(d) != "pending" or d.consent_expires_at is None \
            or _aware(d.consent_expires_at) < now():
        raise DelegationError("这个确认链接已失效（超过30分钟、已经用过，或已经重新发送）。如需授权，请让对方重新申请。")
    return d


@dataclass(frozen=True)
class ConsentView:
    """What the person sees before deciding (masked; nothing they did not already know)."""

    requester: str
    relationship: str
    kind: str
    scope: list[str] | str
    days: int
    name: str


def consent_view(engine: Engine, token: str) -> ConsentView:
    with Session(engine) as s:
        d = _pending_by_link(s, token)
        agent = s.get(Account, d.agent_account_id)
        person = s.get(Person, d.principal_person_id)
        return ConsentView(agent.phone_masked, d.relationship, KINDS[d.kind], d.scope,
                           max(1, (_aware(d.valid_to) - _aware(d.valid_from)).days), person.name)


def answer_link(engine: Engine, token: str, accept: bool, channel: str = "web") -> Delegation:
    """The person, on the phone on record, opened the link and decided. The link is the proof:
    it went only to that phone."""
    with Session(engine) as s:
        d = _pending_by_link(s, token)
        person = s.get(Person, d.principal_person_id)
        who = Actor(0, "citizen", person.id, channel)
        if accept:
            _activate(s, d, "link", f"确认短信发送至委托人登记手机 {person.phone_masked}"
                                    f"（{PHONE_SOURCES.get(person.phone_set_by or '', '已登记')}），由委托人本人打开确认", who)
        else:
            d.status, d.consent_code_hash, d.revoked_at = "declined", None, now()
            s.add(d)
            record(s, action="delegation.decline", object_type="delegation", object_id=d.id, channel=channel,
                   actor_role="citizen", on_behalf_of_person_id=person.id, delegation_id=d.id)
            notify(s, person.id, f"您拒绝了{KINDS[d.kind]}（{d.relationship}）申请。")
        s.commit()
        s.refresh(d)
        s.expunge(d)
        return d


PHONE_SOURCES = {"self": "本人登记", "staff": "窗口核验身份后登记", "provincial": "统一身份认证"}


def confirm_by_principal(engine: Engine, actor: Actor, delegation_id: int) -> Delegation:
    with Session(engine) as s:
        d = s.get(Delegation, delegation_id)
        if d is None or actor.person_id is None or d.principal_person_id != actor.person_id:
            raise DelegationError("没有找到这条代办申请。")
        if effective_status(d) != "pending":
            raise DelegationError("这条代办申请已经不是待确认状态了。")
        _activate(s, d, "own_account", f"委托人在本人账号（{actor.phone_masked}）中确认", actor)
        s.commit()
        s.refresh(d)
        return d


LOOKUP_FRESH = timedelta(minutes=30)


def _looked_up(s: Session, staff: Actor, person_id: int) -> AuditEvent | None:
    """The staff member's own look-up of this person in the last 30 minutes (ID checked), if any."""
    return s.exec(select(AuditEvent).where(AuditEvent.action == "person.lookup",
                                           AuditEvent.actor_account_id == staff.account_id,
                                           AuditEvent.on_behalf_of_person_id == person_id,
                                           AuditEvent.at >= now() - LOOKUP_FRESH)
                  .order_by(AuditEvent.id.desc())).first()


def confirm_in_person(engine: Engine, staff: Actor, delegation_id: int) -> Delegation:
    """当面确认: only for the person the staff member has just looked up (name + ID document)."""
    if staff.role not in STAFF_ROLES:
        raise DelegationError("只有窗口工作人员可以当面确认授权。")
    with Session(engine) as s:
        d = s.get(Delegation, delegation_id)
        if d is None or effective_status(d) != "pending":
            raise DelegationError("没有找到待确认的代办申请。")
        lookup = _looked_up(s, staff, d.principal_person_id)
        if lookup is None:
            raise DelegationError("请先核验本人身份证件并查找到本人，再当面确认。")
        _activate(s, d, "in_person", f"委托人本人到{ {'window': '窗口', 'kiosk': '自助终端'}.get(staff.channel, '窗口') }，"
                                     f"工作人员（账号 {staff.account_id}）核验身份证件后当面确认"
                                     f"（查找记录 {lookup.id}）", staff)
        s.commit()
        s.refresh(d)
        return d


def _activate(s: Session, d: Delegation, method: str, evidence: str, actor: Actor) -> None:
    d.status, d.consent_method, d.consent_evidence = "active", method, evidence
    d.activated_at, d.consent_code_hash = now(), None
    s.add(d)
    record(s, action="delegation.activate", object_type="delegation", object_id=d.id, channel=actor.channel,
           actor_account_id=actor.account_id or None, actor_role=actor.role, on_behalf_of_person_id=d.principal_person_id,
           delegation_id=d.id, detail={"consent": CONSENT_METHODS[method]})
    notify(s, d.principal_person_id, f"您已同意{KINDS[d.kind]}（{d.relationship}），方式：{CONSENT_METHODS[method]}。"
                                     "您可以在“谁可以帮我办”里随时撤销。")


def authorize(engine: Engine, actor: Actor, *, agent_phone: str, relationship: str, scope: list[str] | str,
              days: int, kind: str = "proxy", principal_person_id: int | None = None) -> Delegation:
    """The person themself (signed in) — or staff at a window with the person present —
    authorises an agent by phone number. Active at once: the consent is the act itself."""
    is_staff = actor.role in STAFF_ROLES
    principal = principal_person_id if is_staff else actor.person_id
    if principal is None:
        raise DelegationError("请先在“我的”里确认您本人的身份信息，再授权他人代办。")
    scope_v, period = _terms(kind, relationship, scope, days)
    phone = _phone_term(agent_phone, "代办人")
    with Session(engine) as s:
        if is_staff and _looked_up(s, actor, principal) is None:
            raise DelegationError("请先核验本人身份证件并查找到本人，再代为录入授权。")
        ph = lookup_hash(phone)
        agent = s.exec(select(Account).where(Account.phone_hash == ph)).first()
        if agent is None:  # invited: the account is joined when they first sign in with this phone
            agent = Account(phone_hash=ph, phone_enc=encrypt(phone), phone_masked=mask_phone(phone))
            s.add(agent)
            s.flush()
        if agent.id == actor.account_id:
            raise DelegationError("不能授权给自己。")
        if agent.role != "citizen" and agent.role != "community_agent":
            raise DelegationError("不能授权给工作人员账号。")
        at = now()
        d = Delegation(principal_person_id=principal, agent_account_id=agent.id, kind=kind, relationship=relationship,
                       scope=scope_v, valid_from=at, valid_to=at + period, created_by_account_id=actor.account_id)
        s.add(d)
        s.flush()
        record(s, action="delegation.authorize", object_type="delegation", object_id=d.id, channel=actor.channel,
               actor_account_id=actor.account_id, actor_role=actor.role, on_behalf_of_person_id=principal,
               delegation_id=d.id, detail={"agent": agent.phone_masked, "scope": scope_v, "days": int(days)})
        how = "in_person" if is_staff else "own_account"
        evidence = (f"委托人本人在场，工作人员（账号 {actor.account_id}）核验身份后代为录入" if is_staff
                    else f"委托人在本人账号（{actor.phone_masked}）中授权")
        _activate(s, d, how, evidence, actor)
        s.commit()
        s.refresh(d)
        return d


def revoke(engine: Engine, actor: Actor, delegation_id: int) -> Delegation:
    """The person (or the agent giving it up, or staff) ends it at once."""
    with Session(engine) as s:
        d = s.get(Delegation, delegation_id)
        allowed = d is not None and (
            (actor.person_id is not None and d.principal_person_id == actor.person_id)
            or d.agent_account_id == actor.account_id or actor.role in STAFF_ROLES)
        if not allowed:
            raise DelegationError("没有找到这条授权。")
        if d.status == "revoked":
            return d
        d.status, d.revoked_at, d.revoked_by_account_id = "revoked", now(), actor.account_id
        s.add(d)
        record(s, action="delegation.revoke", object_type="delegation", object_id=d.id, channel=actor.channel,
               actor_account_id=actor.account_id, actor_role=actor.role, on_behalf_of_person_id=d.principal_person_id,
               delegation_id=d.id)
        notify(s, d.principal_person_id, f"{KINDS[d.kind]}（{d.relationship}）已撤销，对方不能再为您办理。")
        s.commit()
        s.refresh(d)
        return d


def as_principal(engine: Engine, actor: Actor) -> list[Delegation]:
    if actor.person_id is None:
        return []
    with Session(engine) as s:
        return list(s.exec(select(Delegation).where(Delegation.principal_person_id == actor.person_id)
                           .order_by(Delegation.id.desc())).all())


def as_agent(engine: Engine, actor: Actor) -> list[Delegation]:
    with Session(engine) as s:
        return list(s.exec(select(Delegation).where(Delegation.agent_account_id == actor.account_id)
                           .order_by(Delegation.id.desc())).all())


def notifications(engine: Engine, actor: Actor, limit: int = 20) -> list[Notification]:
    if actor.person_id is None:
        return []
    with Session(engine) as s:
        return list(s.exec(select(Notification).where(Notification.person_id == actor.person_id)
                           .order_by(Notification.id.desc()).limit(limit)).all())


def people_i_can_help(engine: Engine, actor: Actor, service_code: str | None = None) -> list[tuple[Delegation, Person]]:
    out = []
    with Session(engine) as s:
        for d in s.exec(select(Delegation).where(Delegation.agent_account_id == actor.account_id,
                                                 Delegation.status == "active")).all():
            if effective_status(d) == "active" and covers(d, service_code):
                out.append((d, s.get(Person, d.principal_person_id)))
    return out


def link_own_identity(engine: Engine, actor: Actor, name: str, id_number: str) -> int:
    """Record who the account holder is (本人实名): only when name AND ID number agree with the
    record (``identity.service.bind_identity``). Production takes this from 统一身份认证."""
    with Session(engine) as s:
        acc = s.get(Account, actor.account_id)
        try:
            person = bind_identity(s, acc, name, id_number, channel=actor.channel)
        except AuthError as exc:
            raise DelegationError(str(exc)) from exc
        s.commit()
        return person.id


MIN_REASON_CHARS = 2


def clean_reason(reason: str) -> str:
    """The reason a staff member gives for a look-up, in their own words (no default)."""
    text = redact(" ".join((reason or "").split()))[:100]
    if len(text) < MIN_REASON_CHARS:
        raise DelegationError("请写明查找的原因（例如：本人到窗口申请尊老金）。")
    return text


def find_person_for_staff(engine: Engine, staff: Actor, name: str, id_number: str, reason: str = "") -> Person:
    """帮办: staff look a citizen up by name + ID number, having checked the ID document. The
    look-up is audited with the citizen and the staff member's reason. A record nobody vouched for
    takes the name on the document (verified by staff); a verified one must match it."""
    if staff.role not in STAFF_ROLES:
        raise DelegationError("只有窗口工作人员可以使用帮办模式。")
    why = clean_reason(reason)
    if not normalize_name(name):
        raise DelegationError("请填写群众的姓名。")
    with Session(engine) as s:
        try:
            person = find_or_create_person(s, name=name, id_number=id_number, verified_by="staff")
        except AuthError as exc:
            raise DelegationError(str(exc)) from exc
        if person.verified_by is None:
            person.name, person.verified_by = normalize_name(name), "staff"
            s.add(person)
        elif not name_matches(person, name):
            raise DelegationError("姓名和身份证号与登记信息不一致，请核对证件。")
        record(s, action="person.lookup", object_type="person", object_id=person.id, channel=staff.channel,
               actor_account_id=staff.account_id, actor_role=staff.role, on_behalf_of_person_id=person.id,
               detail={"reason": why, "person": person.id_number_masked})
        s.commit()
        s.refresh(person)
        s.expunge(person)
        return person


def set_phone_on_record(engine: Engine, staff: Actor, person_id: int, phone: str) -> str:
    """Staff, with the person in front of them (just looked up), record the person's own phone:
    consent links go there from now on. Returns the masked phone."""
    if staff.role not in STAFF_ROLES:
        raise DelegationError("只有窗口工作人员可以登记手机号。")
    clean = _phone_term(phone, "本人")
    with Session(engine) as s:
        if _looked_up(s, staff, person_id) is None:
            raise DelegationError("请先核验本人身份证件并查找到本人，再登记手机号。")
        person = s.get(Person, person_id)
        person.phone_enc, person.phone_masked, person.phone_set_by = encrypt(clean), mask_phone(clean), "staff"
        s.add(person)
        record(s, action="person.set_phone", object_type="person", object_id=person.id, channel=staff.channel,
               actor_account_id=staff.account_id, actor_role=staff.role, on_behalf_of_person_id=person.id,
               detail={"phone": person.phone_masked})
        notify(s, person.id, f"窗口工作人员为您登记了手机号 {person.phone_masked}，代办确认短信会发到这个号码。")
        s.commit()
        return person.phone_masked
