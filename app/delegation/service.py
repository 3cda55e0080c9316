"""Creating, confirming, using and ending delegations. Domain only; every act audited."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta, timezone

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.audit.service import record
from app.core.crypto import decrypt, encrypt, lookup_hash, secret_hash
from app.core.privacy import mask_phone
from app.delegation.models import (CONSENT_METHODS, FAMILY_RELATIONS, KINDS, PROXY_RELATIONS, Delegation,
                                   Notification)
from app.identity.models import Account, Person
from app.identity.sender import get_sender
from app.identity.service import Actor, AuthError, find_or_create_person, normalize_phone

STAFF_ROLES = {"window_staff", "supervisor"}
MAX_DAYS = 3 * 365
CONSENT_CODE_TTL = timedelta(minutes=30)


class DelegationError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


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


def _terms(kind: str, relationship: str, phone: str, scope, days: int, whose: str):
    """Validate what every delegation states: kind and relationship, a phone, scope, period."""
    allowed = FAMILY_RELATIONS if kind == "family" else PROXY_RELATIONS
    if kind not in KINDS or relationship not in allowed:
        raise DelegationError("请从列出的选项中选择双方的关系。")
    try:
        clean = normalize_phone(phone)
    except AuthError as exc:
        raise DelegationError(f"{whose}的手机号：" + str(exc)) from exc
    return clean, _scope(scope), _period(days)


def _send_consent_code(engine: Engine, s: Session, d: Delegation, phone: str) -> None:
    code = f"{secrets.randbelow(1_000_000):06d}"
    d.consent_code_hash = secret_hash(f"consent|{d.id}|{code}")
    d.consent_attempts = 0
    s.add(d)
    s.commit()
    get_sender().send(engine, phone, code)


def request(engine: Engine, actor: Actor, *, kind: str, relationship: str, principal_name: str,
            principal_id_number: str, principal_phone: str, scope: list[str] | str = "all",
            days: int = 365) -> tuple[Delegation, str]:
    """An agent asks to act for someone. Pending until the person consents. Returns
    (delegation, the person's masked phone to which the consent code was sent)."""
    if actor.role in STAFF_ROLES:
        raise DelegationError("工作人员请使用帮办模式为群众办理。")
    phone, scope_v, period = _terms(kind, relationship, principal_phone, scope, days, "对方")
    with Session(engine) as s:
        try:
            person = find_or_create_person(s, name=principal_name.strip(), id_number=principal_id_number)
        except AuthError as exc:
            raise DelegationError("对方的" + str(exc)) from exc
        if person.name != principal_name.strip():
            raise DelegationError("姓名和身份证号对不上，请核对。")
        if actor.person_id is not None and person.id == actor.person_id:
            raise DelegationError("这是您本人，不需要代办授权。")
        if person.phone_enc is None:
            person.phone_enc, person.phone_masked = encrypt(phone), mask_phone(phone)
            s.add(person)
        existing = s.exec(select(Delegation).where(Delegation.agent_account_id == actor.account_id,
                                                   Delegation.principal_person_id == person.id,
                                                   Delegation.status.in_(("pending", "active")))).all()
        for d in existing:
            if effective_status(d) == "active":
                raise DelegationError("您已经可以为这位家人办理了，不用重复申请。")
        at = now()
        d = Delegation(principal_person_id=person.id, agent_account_id=actor.account_id, kind=kind,
                       relationship=relationship, scope=scope_v, valid_from=at, valid_to=at + period,
                       created_by_account_id=actor.account_id)
        s.add(d)
        s.flush()
        record(s, action="delegation.request", object_type="delegation", object_id=d.id, channel=actor.channel,
               actor_account_id=actor.account_id, actor_role=actor.role, on_behalf_of_person_id=person.id,
               delegation_id=d.id, detail={"kind": kind, "relationship": relationship, "scope": scope_v})
        notify(s, person.id, f"{actor.phone_masked} 申请以“{relationship}”身份为您{KINDS[kind]}，需要您本人确认。")
        s.commit()
        s.refresh(d)
        masked = mask_phone(phone)
        _send_consent_code(engine, s, d, phone)
        s.refresh(d)
        return d, masked


def confirm_by_code(engine: Engine, actor: Actor, delegation_id: int, code: str) -> Delegation:
    """The person reads out (or types) the code sent to THEIR phone: that is their consent."""
    with Session(engine) as s:
        d = s.get(Delegation, delegation_id)
        if d is None or d.agent_account_id != actor.account_id:
            raise DelegationError("没有找到这条代办申请。")
        if effective_status(d) != "pending":
            raise DelegationError("这条代办申请已经不是待确认状态了。")
        if d.consent_attempts >= 5:
            raise DelegationError("验证码输错次数太多，请重新发送验证码。")
        if d.consent_code_hash != secret_hash(f"consent|{d.id}|{(code or '').strip()}"):
            d.consent_attempts += 1
            s.add(d)
            s.commit()
            raise DelegationError("验证码不正确。请让家人核对发到他（她）手机上的6位验证码。")
        person = s.get(Person, d.principal_person_id)
        _activate(s, d, "code", f"验证码发送至委托人手机 {person.phone_masked}，由代办人录入确认", actor)
        s.commit()
        s.refresh(d)
        return d


def resend_code(engine: Engine, actor: Actor, delegation_id: int) -> str:
    with Session(engine) as s:
        d = s.get(Delegation, delegation_id)
        if d is None or d.agent_account_id != actor.account_id or effective_status(d) != "pending":
            raise DelegationError("没有找到待确认的代办申请。")
        person = s.get(Person, d.principal_person_id)
        _send_consent_code(engine, s, d, decrypt(person.phone_enc))
        return person.phone_masked or ""


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


def confirm_in_person(engine: Engine, staff: Actor, delegation_id: int) -> Delegation:
    if staff.role not in STAFF_ROLES:
        raise DelegationError("只有窗口工作人员可以当面确认授权。")
    with Session(engine) as s:
        d = s.get(Delegation, delegation_id)
        if d is None or effective_status(d) != "pending":
            raise DelegationError("没有找到待确认的代办申请。")
        _activate(s, d, "in_person", f"委托人本人到{ {'window': '窗口', 'kiosk': '自助终端'}.get(staff.channel, '窗口') }，"
                                     f"工作人员（账号 {staff.account_id}）当面核验身份后确认", staff)
        s.commit()
        s.refresh(d)
        return d


def _activate(s: Session, d: Delegation, method: str, evidence: str, actor: Actor) -> None:
    d.status, d.consent_method, d.consent_evidence = "active", method, evidence
    d.activated_at, d.consent_code_hash = now(), None
    s.add(d)
    record(s, action="delegation.activate", object_type="delegation", object_id=d.id, channel=actor.channel,
           actor_account_id=actor.account_id, actor_role=actor.role, on_behalf_of_person_id=d.principal_person_id,
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
    phone, scope_v, period = _terms(kind, relationship, agent_phone, scope, days, "代办人")
    with Session(engine) as s:
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
    """Record who the account holder is (本人实名). Production would take this from
    统一身份认证; here it is refused when the ID is already bound to another account."""
    with Session(engine) as s:
        acc = s.get(Account, actor.account_id)
        try:
            person = find_or_create_person(s, name=name.strip(), id_number=id_number)
        except AuthError as exc:
            raise DelegationError(str(exc)) from exc
        if person.name != name.strip():
            raise DelegationError("姓名和身份证号对不上，请核对。")
        if acc.person_id not in (None, person.id):
            raise DelegationError("这个账号已经登记了另一位本人信息。")
        other = s.exec(select(Account).where(Account.person_id == person.id)).first()
        if other is not None and other.id != acc.id:
            raise DelegationError("这个身份证号已经绑定了其他账号。")
        acc.person_id = person.id
        s.add(acc)
        record(s, action="account.link_identity", object_type="account", object_id=acc.id, channel=actor.channel,
               actor_account_id=acc.id, actor_role=acc.role, detail={"person": person.id_number_masked})
        s.commit()
        return person.id


def find_person_for_staff(engine: Engine, staff: Actor, name: str, id_number: str) -> Person:
    """帮办: staff look a citizen up by name + ID number (read audited)."""
    if staff.role not in STAFF_ROLES:
        raise DelegationError("只有窗口工作人员可以使用帮办模式。")
    with Session(engine) as s:
        try:
            person = find_or_create_person(s, name=name.strip(), id_number=id_number)
        except AuthError as exc:
            raise DelegationError(str(exc)) from exc
        if person.name != name.strip():
            raise DelegationError("姓名和身份证号对不上，请核对。")
        record(s, action="person.read", object_type="person", object_id=person.id, channel=staff.channel,
               actor_account_id=staff.account_id, actor_role=staff.role, on_behalf_of_person_id=person.id)
        s.commit()
        s.refresh(person)
        return person
