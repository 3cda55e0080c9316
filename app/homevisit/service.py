"""上门代办 as a domain service: request a home visit, follow and cancel it; staff list, read in
full (audited, with a reason), assign to a community agent and record the visit.

Who may do what is checked here, for every record, whatever channel calls (the page, the CLI):

- **request**: a signed-in citizen, for themself, or for a person they act for under a delegation
  that is active now and covers the service (``app.delegation.service.authority_for`` — pending,
  declined, revoked or expired gives nothing). A refusal is audited and worded the same whether
  the person exists or not.
- **see / cancel**: the person visited (their own account), and the requester — for a request
  made for someone else only while the delegation is still active (as applications: revocation
  stops the agent's access at once; the request stays with the person).
- **staff**: ``STAFF_ROLES`` only. The list shows masked address and phone; the full ones come
  only from :func:`reveal` with a reason, one audit row each. A visit is assigned to an account
  with the ``community_agent`` role; the assigned agent (or a supervisor) records the outcome.

Personal data: the name, address and phone are stored encrypted (Fernet) with a masked copy for
lists; notes are redacted (``app.core.privacy.redact``) before storage; audit details carry
masked values only. Bad input raises :class:`HomeVisitError` with a kind Chinese message and the
field it concerns; no refusal is an exception the caller has to guess at.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import or_
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.audit.service import record
from app.core.clock import utcnow
from app.core.crypto import decrypt, encrypt, lookup_hash
from app.core.identifiers import normalize_phone_digits, to_ascii
from app.core.limits import Limit
from app.core.privacy import mask_phone, redact
from app.delegation.models import Delegation
from app.delegation.service import authority_for, covers, effective_status, notify
from app.homevisit.models import HALF_DAYS, OPEN_STATUSES, OUTCOMES, STATUS_LABELS, HomeVisit
from app.identity.models import Account, Person
from app.identity.service import Actor, AuthError, normalize_name, normalize_phone

__all__ = ["AGENT_ROLE", "HALF_DAYS", "OUTCOMES", "STAFF_ROLES", "VISIT_SERVICES", "HomeVisitDenied",
           "HomeVisitError", "Helpable", "StaffRow", "VisitView", "assign", "cancel", "get", "helpable",
           "mine", "open_requests", "record_visit", "request", "reveal", "services", "staff_actor"]

#: Services a community agent can help with at home (the KB's items for elderly, disabled and
#: people in hardship). Only these are offered; each must exist in the knowledge base.
VISIT_SERVICES = ("MZ-ZLJ-01", "MZ-ZLJ-02", "MZ-CJR-01", "MZ-CJR-02", "MZ-CJR-03", "MZ-DB-01", "MZ-DB-02",
                  "MZ-TK-01", "MZ-TK-03", "MZ-LSJZ-01", "MZ-YLJZ-01", "MZ-YL-02", "MZ-YL-03", "MZ-YL-04")
#: Who may list, read, assign and record home visits: window staff, community agents, supervisors.
STAFF_ROLES = {"window_staff", "community_agent", "supervisor"}
#: The role of the people a visit is assigned to.
AGENT_ROLE = "community_agent"
#: Besides the assigned agent, who may record a visit's outcome.
RECORD_ROLES = {"supervisor"}
MAX_OPEN_PER_ACCOUNT = 5
ACTS_PER_ACCOUNT = Limit(20, 600)
BEIJING = timezone(timedelta(hours=8), "北京时间")
_REF_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud on the phone
_LANDLINE = re.compile(r"^0\d{2,3}\d{7,8}$")
MIN_ADDRESS, MAX_ADDRESS, MAX_NOTE = 6, 80, 200
#: Province, city, district/county at the start of an address: all a masked address keeps.
_ADMIN = re.compile(r"^([^\d]{1,7}?省)?([^\d]{1,7}?市)?([^\d]{1,7}?(?:区|县|市))?")

MSG_SIGN_IN = "请先登录，再申请上门代办。"
MSG_NOT_FOUND = "没有找到这条上门代办申请，或者您没有查看它的权限。只能查看自己的、或您正在有效代办的家人的申请。"
MSG_NO_AUTHORITY = ("您现在没有为这位家人办理这件事的有效授权。代办需要本人同意并且在有效期内；"
                    "可以在“帮家人办”里发起代办申请，等本人同意后再来。")
MSG_STAFF_ONLY = "上门代办的派单和记录仅限民政工作人员和社区代办员，请用工作人员账号操作。"
MSG_TOO_MANY = "操作太频繁了，请过10分钟再试。"
MSG_TOO_MANY_OPEN = f"您已经有{MAX_OPEN_PER_ACCOUNT}个还没上门的申请了。请等工作人员上门后再申请，或者先取消不需要的申请。"


class HomeVisitError(Exception):
    """A problem the citizen or staff member can fix; ``message`` is safe to show, ``field`` names the input."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.message, self.field = message, field


class HomeVisitDenied(HomeVisitError):
    """Not allowed (not signed in, not the person's, not staff); the same words whether the record exists or not."""


@dataclass(frozen=True)
class VisitView:
    """What the requester and the person see of one request (masked; the address as they typed it
    is not sent back to the page)."""

    ref: str
    service_code: str
    service_name: str
    status: str
    status_label: str
    name_masked: str
    address_masked: str
    phone_masked: str
    half_days: list[str]
    note: str
    created: str
    for_self: bool
    can_cancel: bool
    outcome: str = ""


@dataclass(frozen=True)
class StaffRow:
    """One request in the staff list: masked, with whom it is assigned to."""

    id: int
    ref: str
    service_code: str
    service_name: str
    status: str
    status_label: str
    name_masked: str
    address_masked: str
    phone_masked: str
    half_days: list[str]
    note: str
    created: str
    assigned_to: str = ""
    outcome: str = ""


@dataclass(frozen=True)
class Helpable:
    """A person the actor may request a visit for (an active delegation), for the form's choice."""

    person_id: int
    name_masked: str
    relationship: str
    services: list[str] = field(default_factory=list)  # empty: every service


# ------------------------------------------------------------------ input


def services(kb) -> list[tuple[str, str]]:
    """(code, name) of every service a visit may be for, as the knowledge base names it."""
    return [(c, kb.services[c].name) for c in VISIT_SERVICES if c in kb.services]


def _service(kb, code: object) -> str:
    clean = to_ascii(code).strip().upper()[:16]
    if not clean:
        raise HomeVisitError("请选择要办的事。", "service")
    if clean not in VISIT_SERVICES or clean not in kb.services:
        raise HomeVisitError("这件事暂时不能上门代办，请从列表里选择。", "service")
    return clean


def _address(raw: object) -> str:
    text = " ".join(str(raw or "").split())
    if not text:
        raise HomeVisitError("请填写上门的地址。", "address")
    if len(text) < MIN_ADDRESS or not re.search(r"[\u4e00-\u9fff]", text):
        raise HomeVisitError("地址请写详细一些，例如：南京市玄武区某某街道某某小区3幢2单元501室。", "address")
    if len(text) > MAX_ADDRESS:
        raise HomeVisitError(f"地址请控制在{MAX_ADDRESS}个字以内。", "address")
    if re.search(r"[<>{}]", text):
        raise HomeVisitError("地址里不能有 < > { } 这样的符号。", "address")
    return text


def _phone(raw: object) -> str:
    digits = re.sub(r"[()]", "", normalize_phone_digits(raw))  # (025)83201234
    if not digits:
        raise HomeVisitError("请填写联系电话，工作人员会先打电话和您约时间。", "phone")
    try:
        return normalize_phone(digits)
    except AuthError:
        if _LANDLINE.fullmatch(digits):
            return digits
    raise HomeVisitError("联系电话不正确：请填写11位手机号，或者带区号的座机号（例如 02583201234）。", "phone")


def _half_days(raw: object) -> list[str]:
    chosen = {str(x) for x in (raw if isinstance(raw, list | tuple | set) else [raw]) if x}
    if not chosen:
        raise HomeVisitError("请至少选择一个方便上门的时间。", "half_days")
    if chosen - set(HALF_DAYS):
        raise HomeVisitError("方便上门的时间请从列出的选项中选择。", "half_days")
    return [k for k in HALF_DAYS if k in chosen]


def _note(raw: object, limit: int = MAX_NOTE) -> str | None:
    text = " ".join(str(raw or "").split())
    if len(text) > limit:
        raise HomeVisitError(f"补充说明请控制在{limit}个字以内。", "note")
    return redact(text) or None


def _name(raw: object) -> str:
    n = normalize_name(str(raw or ""))
    if not n:
        raise HomeVisitError("请填写您的姓名，方便工作人员上门时称呼和核对。", "name")
    if len(n) > 20 or re.search(r"[\d<>{}]", n):
        raise HomeVisitError("姓名请按身份证上的写法填写。", "name")
    return n


def mask_name(name: str) -> str:
    return (name[0] + "*" * (len(name) - 1))[:16] if len(name) > 1 else "*"


def mask_address(address: str) -> str:
    """The address down to its city and district or county (南京市玄武区****); the rest hidden."""
    m = _ADMIN.match(address)
    head = "".join(g for g in m.groups() if g) if m else ""
    if not head or len(head) >= len(address):
        head = address[:2]
    return (head + "****")[:40]


# ------------------------------------------------------------------ views


def _svc_name(kb, code: str) -> str:
    item = kb.services.get(code) if kb is not None else None
    return item.name if item else code


def _when(dt: datetime | None) -> str:
    if dt is None:
        return ""
    aware = dt if dt.tzinfo else dt.replace(tzinfo=UTC)
    return aware.astimezone(BEIJING).strftime("%Y年%m月%d日 %H:%M")


def _view(kb, v: HomeVisit) -> VisitView:
    return VisitView(
        ref=v.ref, service_code=v.service_code, service_name=_svc_name(kb, v.service_code), status=v.status,
        status_label=STATUS_LABELS.get(v.status, v.status), name_masked=v.name_masked,
        address_masked=v.address_masked, phone_masked=v.phone_masked,
        half_days=[HALF_DAYS[h] for h in v.half_days if h in HALF_DAYS], note=v.note or "",
        created=_when(v.created_at), for_self=v.delegation_id is None, can_cancel=v.status in OPEN_STATUSES,
        outcome=v.outcome or "")


def _staff_row(s: Session, kb, v: HomeVisit) -> StaffRow:
    agent = s.get(Account, v.assigned_to_account_id) if v.assigned_to_account_id else None
    return StaffRow(
        id=v.id, ref=v.ref, service_code=v.service_code, service_name=_svc_name(kb, v.service_code),
        status=v.status, status_label=STATUS_LABELS.get(v.status, v.status), name_masked=v.name_masked,
        address_masked=v.address_masked, phone_masked=v.phone_masked,
        half_days=[HALF_DAYS[h] for h in v.half_days if h in HALF_DAYS], note=v.note or "",
        created=_when(v.created_at), assigned_to=agent.phone_masked if agent else "", outcome=v.outcome or "")


# ------------------------------------------------------------------ citizen side


def _require(actor: Actor | None) -> Actor:
    if actor is None:
        raise HomeVisitDenied(MSG_SIGN_IN, "sign_in")
    return actor


def _limit(actor: Actor) -> None:
    if not ACTS_PER_ACCOUNT.allow(f"visit:{actor.account_id}"):
        raise HomeVisitError(MSG_TOO_MANY, "")


def _audit(s: Session, actor: Actor, action: str, v: HomeVisit | None, *, person_id: int | None = None,
           delegation_id: int | None = None, detail: dict | None = None) -> None:
    record(s, action=action, object_type="home_visit", object_id=v.id if v is not None and v.id else "-",
           channel=actor.channel, actor_account_id=actor.account_id, actor_role=actor.role,
           on_behalf_of_person_id=person_id if person_id is not None else (v.person_id if v is not None else None),
           delegation_id=delegation_id, detail=detail)


def helpable(engine: Engine, actor: Actor | None) -> list[Helpable]:
    """The people the actor may request a visit for now (active delegations), masked."""
    actor = _require(actor)
    out: dict[int, Helpable] = {}
    with Session(engine) as s:
        for d in s.exec(select(Delegation).where(Delegation.agent_account_id == actor.account_id,
                                                 Delegation.status == "active")).all():
            if effective_status(d) != "active" or d.principal_person_id == actor.person_id:
                continue
            if not any(covers(d, c) for c in VISIT_SERVICES):
                continue
            p = s.get(Person, d.principal_person_id)
            if p is None:
                continue
            codes = [] if d.scope == "all" else [c for c in VISIT_SERVICES if covers(d, c)]
            prev = out.get(p.id)
            if prev is None or (prev.services and not codes):
                out[p.id] = Helpable(p.id, mask_name(p.name), d.relationship, codes)
            elif prev.services:
                prev.services.extend(c for c in codes if c not in prev.services)
    return list(out.values())


def request(engine: Engine, kb, actor: Actor | None, *, service_code: object, address: object, phone: object,
            half_days: object, note: object = "", for_person_id: int | None = None, name: object = "",
            now: datetime | None = None) -> VisitView:
    """Ask for a home visit, for oneself (``for_person_id`` None or one's own person) or for the
    person of an active delegation covering the service. Returns the request with its 申请编号."""
    actor = _require(actor)
    code = _service(kb, service_code)
    addr, tel, halves, text = _address(address), _phone(phone), _half_days(half_days), _note(note)
    for_self = for_person_id is None or (actor.person_id is not None and for_person_id == actor.person_id)
    _limit(actor)
    with Session(engine) as s:
        delegation = None
        if for_self:
            person = s.get(Person, actor.person_id) if actor.person_id is not None else None
            who = person.name if person is not None else _name(name)
        else:
            try:
                pid = int(for_person_id)
            except (TypeError, ValueError):
                pid = -1
            delegation = authority_for(s, actor, pid, code)
            person = s.get(Person, pid) if delegation is not None else None
            if person is None:
                _audit(s, actor, "home_visit.denied", None, person_id=None,
                       detail={"attempted": "request", "for_person": str(for_person_id)[:12], "service": code})
                s.commit()
                raise HomeVisitDenied(MSG_NO_AUTHORITY, "for_whom")
            who = person.name
        open_count = len(s.exec(select(HomeVisit.id).where(HomeVisit.requested_by_account_id == actor.account_id,
                                                           HomeVisit.status.in_(OPEN_STATUSES))).all())
        if open_count >= MAX_OPEN_PER_ACCOUNT:
            raise HomeVisitError(MSG_TOO_MANY_OPEN, "")
        for _attempt in range(3):
            ref = "SM" + "".join(secrets.choice(_REF_ALPHABET) for _ in range(8))
            v = HomeVisit(
                ref=ref, service_code=code, person_id=person.id if person is not None else None,
                requested_by_account_id=actor.account_id, delegation_id=delegation.id if delegation else None,
                name_enc=encrypt(who), name_masked=mask_name(who), address_enc=encrypt(addr),
                address_masked=mask_address(addr), phone_enc=encrypt(tel), phone_masked=_mask_tel(tel),
                half_days=halves, note=text, channel=actor.channel, created_at=now or utcnow())
            s.add(v)
            try:
                s.flush()
            except IntegrityError:  # a reference collision: try another
                s.rollback()
                continue
            _audit(s, actor, "home_visit.request", v, delegation_id=v.delegation_id,
                   detail={"ref": ref, "service": code, "half_days": halves, "address": v.address_masked,
                           "phone": v.phone_masked, "for": "self" if delegation is None else "delegated"})
            if delegation is not None:
                notify(s, person.id, f"{actor.phone_masked or '代办人'}为您申请了上门代办（{_svc_name(kb, code)}），"
                                     f"申请编号 {ref}。如果不需要，可以在“上门代办”里取消。")
            s.commit()
            s.refresh(v)
            return _view(kb, v)
    raise HomeVisitError("申请没有提交成功，请再试一次。", "")


def _mask_tel(tel: str) -> str:
    """138****5678 for a mobile, 025****1234 for a landline."""
    if tel.startswith("1"):
        return mask_phone(tel)
    return tel[:3] + "****" + tel[-4:] if len(tel) > 7 else "*" * len(tel)


def _access(s: Session, actor: Actor, v: HomeVisit) -> tuple[bool, Delegation | None]:
    """(may see and cancel, delegation used): the person themself; the requester of their own
    request; the requester of someone else's only while a delegation covering it is active."""
    if actor.person_id is not None and v.person_id == actor.person_id:
        return True, None
    if v.requested_by_account_id != actor.account_id:
        return False, None
    if v.delegation_id is None:
        return True, None
    d = authority_for(s, actor, v.person_id, v.service_code)
    return d is not None, d


def _own(s: Session, actor: Actor, ref: object, action: str) -> tuple[HomeVisit, Delegation | None]:
    """The request by its 申请编号, for those who may see it; every refusal is audited."""
    clean = to_ascii(ref).strip().upper()[:20]
    v = s.exec(select(HomeVisit).where(HomeVisit.ref == clean)).first() if clean else None
    ok, d = _access(s, actor, v) if v is not None else (False, None)
    if not ok:
        _audit(s, actor, "home_visit.denied", v, person_id=None, detail={"attempted": action, "ref": clean})
        s.commit()
        raise HomeVisitDenied(MSG_NOT_FOUND, "ref")
    return v, d


def get(engine: Engine, kb, actor: Actor | None, ref: object) -> VisitView:
    """One request, for the person or its requester; a read for someone else is audited."""
    actor = _require(actor)
    with Session(engine) as s:
        v, d = _own(s, actor, ref, "view")
        if d is not None:
            _audit(s, actor, "home_visit.read", v, delegation_id=d.id, detail={"ref": v.ref})
            s.commit()
        return _view(kb, v)


def mine(engine: Engine, kb, actor: Actor | None) -> list[VisitView]:
    """The requests for the actor themself and those they made for someone they still act for,
    newest first. Reading someone else's request is audited (one row per request shown)."""
    actor = _require(actor)
    with Session(engine) as s:
        cond = HomeVisit.requested_by_account_id == actor.account_id
        if actor.person_id is not None:
            cond = or_(cond, HomeVisit.person_id == actor.person_id)
        rows = s.exec(select(HomeVisit).where(cond).order_by(HomeVisit.id.desc()).limit(50)).all()
        out = []
        for v in rows:
            ok, d = _access(s, actor, v)
            if not ok:
                continue
            if d is not None:
                _audit(s, actor, "home_visit.read", v, delegation_id=d.id, detail={"ref": v.ref})
            out.append(_view(kb, v))
        s.commit()
        return out


def cancel(engine: Engine, kb, actor: Actor | None, ref: object, *, now: datetime | None = None) -> VisitView:
    """Cancel before the visit: the person, or the requester (while they may still act)."""
    actor = _require(actor)
    _limit(actor)
    with Session(engine) as s:
        v, d = _own(s, actor, ref, "cancel")
        if v.status not in OPEN_STATUSES:
            raise HomeVisitError(f"这条申请{STATUS_LABELS.get(v.status, '')}，不能再取消了。", "ref")
        v.status, v.cancelled_at, v.cancelled_by_account_id = "cancelled", now or utcnow(), actor.account_id
        s.add(v)
        _audit(s, actor, "home_visit.cancel", v, delegation_id=d.id if d else v.delegation_id,
               detail={"ref": v.ref, "by": "person" if actor.person_id == v.person_id else "requester"})
        if v.person_id is not None and actor.person_id != v.person_id:
            notify(s, v.person_id, f"为您申请的上门代办（申请编号 {v.ref}）已被代办人取消。")
        s.commit()
        s.refresh(v)
        return _view(kb, v)


# ------------------------------------------------------------------ staff side


def require_staff(actor: Actor | None) -> Actor:
    if actor is None or actor.role not in STAFF_ROLES:
        raise HomeVisitDenied(MSG_STAFF_ONLY, "staff")
    return actor


def _account_by_phone(s: Session, phone: str, whose: str) -> Account | None:
    try:
        digits = normalize_phone(phone)
    except AuthError as exc:
        raise HomeVisitError(f"{whose}手机号：{exc}", "phone") from exc
    return s.exec(select(Account).where(Account.phone_hash == lookup_hash(digits))).first()


def staff_actor(engine: Engine, phone: str, channel: str = "cli") -> Actor:
    """The staff account with this phone (made by ``minzheng staff add``), or HomeVisitDenied."""
    with Session(engine) as s:
        acc = _account_by_phone(s, phone or "", "工作人员")
    if acc is None:
        raise HomeVisitDenied("没有这个工作人员账号：请先用 `minzheng staff add 手机号 --role community_agent` 添加。",
                              "staff")
    return require_staff(Actor(account_id=acc.id, role=acc.role, person_id=acc.person_id, channel=channel,
                               phone_masked=acc.phone_masked))


def _visit(s: Session, ref: object) -> HomeVisit:
    clean = to_ascii(ref).strip().upper()[:20]
    v = s.exec(select(HomeVisit).where(HomeVisit.ref == clean)).first() if clean else None
    if v is None:
        raise HomeVisitError("没有这个申请编号的上门代办申请，请核对（以 SM 开头，共10位）。", "ref")
    return v


def open_requests(engine: Engine, kb, actor: Actor | None, *, status: str | None = None,
                  mine_only: bool = False) -> list[StaffRow]:
    """Requests to work on (submitted and assigned by default), oldest first, masked. One audit
    row for the listing, with what was listed."""
    actor = require_staff(actor)
    if status not in (None, "all", *STATUS_LABELS):
        raise HomeVisitError(f"状态请选：{'、'.join(STATUS_LABELS)}、all。", "status")
    with Session(engine) as s:
        q = select(HomeVisit)
        if status in (None, ""):
            q = q.where(HomeVisit.status.in_(OPEN_STATUSES))
        elif status != "all":
            q = q.where(HomeVisit.status == status)
        if mine_only:
            q = q.where(HomeVisit.assigned_to_account_id == actor.account_id)
        rows = s.exec(q.order_by(HomeVisit.id).limit(500)).all()
        record(s, action="home_visit.list", object_type="home_visit", object_id="all", channel=actor.channel,
               actor_account_id=actor.account_id, actor_role=actor.role,
               detail={"count": len(rows), "status": status or "open", "mine": mine_only,
                       "refs": [v.ref for v in rows][:100]})
        s.commit()
        return [_staff_row(s, kb, v) for v in rows]


def reveal(engine: Engine, kb, actor: Actor | None, ref: object, reason: str) -> dict:
    """Name, address and phone in full, for the agent about to call or visit: one audit row per
    read, naming the person and the staff member's reason."""
    actor = require_staff(actor)
    why = redact(" ".join((reason or "").split()))[:100]
    if len(why) < 2:
        raise HomeVisitError("请写明查看原因（例如：电话约上门时间），会记入审计日志。", "reason")
    with Session(engine) as s:
        v = _visit(s, ref)
        _audit(s, actor, "home_visit.reveal", v, delegation_id=v.delegation_id,
               detail={"ref": v.ref, "reason": why, "address": v.address_masked, "phone": v.phone_masked})
        s.commit()
        row = _staff_row(s, kb, v)
        return {"ref": v.ref, "name": decrypt(v.name_enc), "address": decrypt(v.address_enc),
                "phone": decrypt(v.phone_enc), "row": row}


def assign(engine: Engine, kb, actor: Actor | None, ref: object, agent_phone: str,
           now: datetime | None = None) -> StaffRow:
    """Send a submitted (or re-send an assigned) request to a community agent's account."""
    actor = require_staff(actor)
    with Session(engine) as s:
        v = _visit(s, ref)
        if v.status not in OPEN_STATUSES:
            raise HomeVisitError(f"这条申请{STATUS_LABELS.get(v.status, '')}，不能再派单。", "ref")
        agent = _account_by_phone(s, agent_phone or "", "社区工作人员")
        if agent is None or agent.role != AGENT_ROLE:
            raise HomeVisitError("这个手机号不是社区代办员的工作人员账号；请先用 "
                                 "`minzheng staff add 手机号 --role community_agent` 添加。", "agent")
        before = v.assigned_to_account_id
        v.status, v.assigned_to_account_id = "assigned", agent.id
        v.assigned_by_account_id, v.assigned_at = actor.account_id, now or utcnow()
        s.add(v)
        _audit(s, actor, "home_visit.assign", v, delegation_id=v.delegation_id,
               detail={"ref": v.ref, "agent": agent.phone_masked, "agent_account": agent.id,
                       "reassigned_from": before})
        if v.person_id is not None:
            notify(s, v.person_id, f"您的上门代办申请（申请编号 {v.ref}）已派给社区工作人员，"
                                   "他们会先打电话和您约上门时间。")
        s.commit()
        s.refresh(v)
        return _staff_row(s, kb, v)


def record_visit(engine: Engine, kb, actor: Actor | None, ref: object, outcome: str, note: str = "",
                 now: datetime | None = None) -> StaffRow:
    """The visit happened (or was tried): its outcome, by the assigned agent or a supervisor."""
    actor = require_staff(actor)
    if outcome not in OUTCOMES:
        raise HomeVisitError(f"上门结果请选：{'、'.join(OUTCOMES)}。", "outcome")
    text = _note(note, 500)
    with Session(engine) as s:
        v = _visit(s, ref)
        if v.status != "assigned":
            raise HomeVisitError("只有已派单、还没记录结果的申请才能记录上门结果。" if v.status == "submitted"
                                 else f"这条申请{STATUS_LABELS.get(v.status, '')}，不能再记录上门结果。", "ref")
        if v.assigned_to_account_id != actor.account_id and actor.role not in RECORD_ROLES:
            _audit(s, actor, "home_visit.denied", v, detail={"attempted": "record", "ref": v.ref})
            s.commit()
            raise HomeVisitDenied("这条申请派给了别的社区工作人员，只有他本人或主管可以记录上门结果。", "staff")
        v.status, v.visited_at, v.outcome, v.outcome_note = "visited", now or utcnow(), outcome, text
        s.add(v)
        _audit(s, actor, "home_visit.visit", v, delegation_id=v.delegation_id,
               detail={"ref": v.ref, "outcome": outcome})
        if v.person_id is not None:
            notify(s, v.person_id, f"上门代办（申请编号 {v.ref}）：工作人员已记录上门结果“{outcome}”。")
        s.commit()
        s.refresh(v)
        return _staff_row(s, kb, v)
