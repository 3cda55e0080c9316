"""定点提醒: reminders computed from what the product knows, to the inbox and by SMS, each once.

Kinds (``models.KINDS``):

- ``age_milestone`` — a month before a person reaches the start age of a service whose rule has
  a top-level ``age_at_least`` condition (尊老金): the age is the rule's, with the city's
  ``LocalFact.start_age`` laid over it (镇江 79), via ``app.eligibility`` — never written here.
  Due from the day one calendar month before the birthday (the KB's own words for 南京 and 淮安:
  "在年满80周岁前1个月" to apply) until ``AFTER_BIRTHDAY`` after it, so a run missed for some
  days, or a person registered a little late, still gets it. Only when the 户籍 city is known
  (the start age depends on it), the matcher does not say ``no`` on the birthday, and no
  application for that service exists. In a city where it is paid automatically (苏州, 镇江) the
  text says so instead of sending the person to a form.
- ``returned`` — an application returned for 补正 (status ``returned``), to the account that
  submitted it, once per return (a second return is a new occasion).
- ``delegation_expiring`` — an active delegation ending within ``DELEGATION_LEAD``, to the 代办人
  and to the person, once per delegation and end date.

Annual 资格认证 dates: the knowledge base states none (尊老金: "没有找到全省统一的尊老金年度认证
（签到）规定，各地做法以当地公布为准"; 两项补贴: "定期复核 … 以当地公布为准"), so no such reminder
is computed — a kind for it belongs here once the KB carries a dated source.

Once: ``(recipient, kind, occasion)`` is unique in the database; ``send_due`` inserts each row in
its own savepoint and skips what already exists, then claims each pending SMS with a conditional
update, so two runs at the same time neither duplicate a row nor send an SMS twice.
Opt-out per kind (``opt_out``): no row and no SMS for that recipient and kind.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.applications.models import Application, ApplicationEvent
from app.audit.service import record
from app.core import urls
from app.core.clock import utcnow
from app.core.crypto import decrypt
from app.core.privacy import mask_phone
from app.delegation.models import KINDS as DELEGATION_KINDS
from app.delegation.models import Delegation
from app.eligibility import Facts, birthday, match_one, start_age
from app.eligibility.facts import FactError, parse_hukou
from app.identity.models import Account, Person
from app.identity.sender import SendFailed
from app.identity.service import Actor
from app.knowledge.brief import short_city
from app.knowledge.loader import KnowledgeBase
from app.knowledge.rules import rules_for
from app.reminders.models import KINDS, Reminder, ReminderOptOut
from app.reminders.sender import NotificationSender, get_notification_sender

BEIJING = ZoneInfo("Asia/Shanghai")
#: How long after the birthday an age reminder may still go out (product choice, not a KB figure).
AFTER_BIRTHDAY = timedelta(days=30)
#: How long before its end a delegation's parties are told (product choice, not a KB figure).
DELEGATION_LEAD = timedelta(days=14)
MAX_SMS_ATTEMPTS = 3
#: Application statuses that mean the person applied (a draft does not count).
APPLIED = {"submitted", "accepted", "reviewing", "completed", "returned"}
SMS_PREFIX = "【民政一键通】"


class ReminderError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def beijing_date(now: datetime) -> date:
    return _aware(now).astimezone(BEIJING).date()


def month_before(d: date) -> date:
    """The same day one calendar month earlier (31 March → 28/29 February)."""
    y, m = (d.year, d.month - 1) if d.month > 1 else (d.year - 1, 12)
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def person_key(person_id: int) -> str:
    return f"p:{person_id}"


def account_key(account_id: int) -> str:
    return f"a:{account_id}"


def recipient_keys(actor: Actor) -> list[str]:
    """Every recipient key that is this signed-in actor: their person and their account."""
    keys = [account_key(actor.account_id)]
    if actor.person_id is not None:
        keys.insert(0, person_key(actor.person_id))
    return keys


@dataclass(frozen=True)
class Due:
    """A reminder that should exist: who, which kind and occasion, what it says."""

    recipient: str
    kind: str
    occasion: str
    title: str
    body: str
    sms: str
    person_id: int | None = None
    account_id: int | None = None
    service_code: str | None = None
    link: str | None = None


# ------------------------------------------------------------------ age milestones


def age_rules(kb: KnowledgeBase) -> list[tuple[str, int, bool]]:
    """(service code, provincial start age, city variant?) of every rule whose ``requires`` has an
    ``age_at_least`` condition at the top level (尊老金) — read from the rules, never listed here."""
    out = []
    for code, rule in rules_for(kb).items():
        for cond in rule.requires:
            if cond.test == "age_at_least" and cond.value is not None:
                out.append((code, cond.value, cond.local_start_age))
    return out


def _age_texts(kb: KnowledgeBase, code: str, n: int, day: date, facts: Facts, city: str) -> tuple[str, str, str, str]:
    m = match_one(kb, code, facts.with_(today=day))
    name = kb.services[code].name
    place = short_city(city)
    if m.automatic is not None:
        title = f"{name}：{_date(day)}满{n}周岁，{place}自动发放"
        body = (f"您将于{_date(day)}年满{n}周岁（{place}自{n}周岁起）。{m.automatic.how}"
                f"{m.automatic.payment} 如果没有按时到账，请联系：{m.automatic.contact}。")
        sms = f"{SMS_PREFIX}您将于{_date(day)}年满{n}周岁，{place}{name}自动发放，不用申请。详情请看民政一键通消息。"
    else:
        how = m.how_to_apply or "可以在民政一键通在线办理（家人也可以代办），或到户籍地社区（村）申请。"
        body = f"您将于{_date(day)}年满{n}周岁（{place}自{n}周岁起），可以申请{name}。{how}"
        title = f"{name}：{_date(day)}满{n}周岁，可以申请了"
        sms = f"{SMS_PREFIX}您将于{_date(day)}年满{n}周岁，可以申请{name}。详情和办理请看民政一键通消息。"
    return title, body, sms, m.apply_url or m.guide_url


def _age_due(s: Session, kb: KnowledgeBase, today: date) -> list[Due]:
    out: list[Due] = []
    for code, provincial, local in age_rules(kb):
        svc = kb.services[code]
        ages = {provincial} | ({f.start_age for f in svc.local if f.start_age is not None} if local else set())
        candidates: dict[int, Person] = {}
        for n in ages:
            # Birthdays from (today - AFTER) to (today + a month + a day), n years back; checked exactly below.
            lo = birthday_minus(today - AFTER_BIRTHDAY - timedelta(days=1), n)
            hi = birthday_minus(today + timedelta(days=32), n)
            for p in s.exec(select(Person).where(Person.birth_date >= lo, Person.birth_date <= hi)).all():
                candidates[p.id] = p
        if not candidates:
            continue
        applied = {pid for pid in s.exec(select(Application.beneficiary_person_id).where(
            Application.service_code == code, Application.status.in_(APPLIED),
            Application.beneficiary_person_id.in_(list(candidates)))).all()}
        for p in candidates.values():
            if p.id in applied or p.birth_date is None:
                continue
            try:
                in_js, city, county = parse_hukou(p.hukou_region or "")
            except FactError:
                continue
            if not in_js or not city:
                continue  # the start age depends on the city
            n = start_age(svc, provincial, city, county)[0] if local else provincial
            day = birthday(p.birth_date, n)
            if not (month_before(day) <= today < day + AFTER_BIRTHDAY):
                continue
            facts = Facts(today=day, birth_date=p.birth_date, in_jiangsu=True, hukou_city=city, hukou_county=county)
            if match_one(kb, code, facts).verdict == "no":
                continue
            title, body, sms, link = _age_texts(kb, code, n, day, facts, city)
            out.append(Due(person_key(p.id), "age_milestone", f"{code}:{day.isoformat()}", title, body, sms,
                           person_id=p.id, service_code=code, link=link))
    return out


def birthday_minus(d: date, years: int) -> date:
    """The date ``years`` before ``d`` (29 February → 28 February), for the search window only."""
    try:
        return d.replace(year=d.year - years)
    except ValueError:
        return date(d.year - years, 2, 28)


# ------------------------------------------------------------------ returned for 补正


def _returned_due(s: Session, kb: KnowledgeBase) -> list[Due]:
    out = []
    for app in s.exec(select(Application).where(Application.status == "returned")).all():
        ev = s.exec(select(ApplicationEvent).where(ApplicationEvent.application_id == app.id,
                                                   ApplicationEvent.status == "returned")
                    .order_by(ApplicationEvent.id.desc())).first()
        acc = s.get(Account, app.submitted_by_account_id)
        if ev is None or acc is None:
            continue
        svc = kb.services.get(app.service_code)
        name = svc.name if svc else app.service_code
        ref = f"（受理编号 {app.ref}）" if app.ref else ""
        whom = "您为家人提交的" if app.for_whom == "other" else "您提交的"
        reason = f"原因：{ev.reason}。" if ev.reason else ""
        recipient = person_key(acc.person_id) if acc.person_id else account_key(acc.id)
        out.append(Due(recipient, "returned", f"application:{app.id}:event:{ev.id}",
                       f"{name}：申请被退回补正", f"{whom}“{name}”申请{ref}被退回补正。{reason}"
                       "请登录民政一键通，在“我的办件”里补正后重新提交。",
                       f"{SMS_PREFIX}{whom}“{name}”申请被退回补正，请登录民政一键通查看原因并重新提交。",
                       person_id=acc.person_id, account_id=acc.id, service_code=app.service_code, link=urls.ME))
    return out


# ------------------------------------------------------------------ delegations about to end


def _delegation_due(s: Session, now: datetime) -> list[Due]:
    out = []
    rows = s.exec(select(Delegation).where(Delegation.status == "active")).all()
    for d in rows:
        end = _aware(d.valid_to)
        if not (now < end <= now + DELEGATION_LEAD):
            continue
        end_day = beijing_date(end)
        occasion = f"delegation:{d.id}:{end_day.isoformat()}"
        kind_word = DELEGATION_KINDS.get(d.kind, "代办")
        agent = s.get(Account, d.agent_account_id)
        if agent is not None:
            recipient = person_key(agent.person_id) if agent.person_id else account_key(agent.id)
            out.append(Due(recipient, "delegation_expiring", occasion, f"{kind_word}授权将于{_date(end_day)}到期",
                           f"您为家人（{d.relationship}关系）{kind_word}的授权将于{_date(end_day)}到期，到期后不能再代为办理。"
                           "需要继续代办的，请在到期前重新申请，并请对方本人确认。",
                           f"{SMS_PREFIX}您的{kind_word}授权将于{_date(end_day)}到期，需要继续请在民政一键通重新申请。",
                           person_id=agent.person_id, account_id=agent.id, link=urls.FAMILY))
        out.append(Due(person_key(d.principal_person_id), "delegation_expiring", occasion,
                       f"{kind_word}授权将于{_date(end_day)}到期",
                       f"您同意的{kind_word}授权（{d.relationship}）将于{_date(end_day)}到期，到期后对方不能再为您办理。"
                       "您不需要做什么；想继续让对方代办，对方重新申请后您再确认即可。",
                       f"{SMS_PREFIX}您同意的{kind_word}授权将于{_date(end_day)}到期，到期后对方不能再为您办理。",
                       person_id=d.principal_person_id, link=urls.ME))
    return out


# ------------------------------------------------------------------ compute, send


def _kb(kb: KnowledgeBase | None) -> KnowledgeBase:
    if kb is not None:
        return kb
    from app.knowledge.loader import load_kb

    return load_kb()


def _opted_out(s: Session) -> set[tuple[str, str]]:
    return {(o.recipient, o.kind) for o in s.exec(select(ReminderOptOut)).all()}


def compute_due(engine: Engine, now: datetime | None = None, kb: KnowledgeBase | None = None) -> list[Due]:
    """Every reminder due at ``now`` that does not exist yet and is not opted out (nothing written)."""
    now = _aware(now or utcnow())
    kb = _kb(kb)
    today = beijing_date(now)
    with Session(engine) as s:
        due = _age_due(s, kb, today) + _returned_due(s, kb) + _delegation_due(s, now)
        stop = _opted_out(s)
        have = {(r.recipient, r.kind, r.occasion) for r in s.exec(select(Reminder.recipient, Reminder.kind,
                                                                          Reminder.occasion)).all()}
    seen: set[tuple[str, str, str]] = set()
    out = []
    for d in due:
        key = (d.recipient, d.kind, d.occasion)
        if key in have or key in seen or (d.recipient, d.kind) in stop:
            continue
        seen.add(key)
        out.append(d)
    return out


@dataclass
class SendReport:
    created: int = 0
    already: int = 0
    sms_sent: int = 0
    sms_failed: int = 0
    no_phone: int = 0

    def summary(self) -> str:
        return (f"新提醒 {self.created} 条（已存在跳过 {self.already}）；短信发出 {self.sms_sent}，"
                f"失败待重试 {self.sms_failed}，无登记手机 {self.no_phone}。")


def _phone(s: Session, r: Reminder) -> str | None:
    if r.account_id is not None:
        acc = s.get(Account, r.account_id)
        if acc is not None and acc.phone_enc:
            return decrypt(acc.phone_enc)
    if r.person_id is not None:
        p = s.get(Person, r.person_id)
        if p is not None and p.phone_enc:
            return decrypt(p.phone_enc)
    return None


def send_due(engine: Engine, now: datetime | None = None, kb: KnowledgeBase | None = None,
             sender: NotificationSender | None = None) -> SendReport:
    """Create the due reminders (inbox) and send their SMS; retry SMS that failed before."""
    now = _aware(now or utcnow())
    sender = sender or get_notification_sender()
    report = SendReport()
    due = compute_due(engine, now, kb)
    with Session(engine) as s:
        stop = _opted_out(s)
        for d in due:
            if (d.recipient, d.kind) in stop:
                continue
            try:
                with s.begin_nested():
                    s.add(Reminder(recipient=d.recipient, person_id=d.person_id, account_id=d.account_id, kind=d.kind,
                                   occasion=d.occasion, service_code=d.service_code, title=d.title[:80], body=d.body,
                                   link=d.link, created_at=now))
                report.created += 1
            except IntegrityError:  # another run made it first
                report.already += 1
        if report.created:
            record(s, action="reminder.create", object_type="reminder_run", object_id=now.date().isoformat(),
                   channel="system", actor_role="system",
                   detail={"created": report.created, "kinds": sorted({d.kind for d in due})})
        s.commit()
        pending = s.exec(select(Reminder).where(Reminder.sms_status.in_(("pending", "failed")),
                                                Reminder.sms_attempts < MAX_SMS_ATTEMPTS)
                         .order_by(Reminder.id)).all()
        sms = {d.occasion + d.recipient + d.kind: d.sms for d in due}
        for r in pending:
            claimed = s.execute(update(Reminder).where(Reminder.id == r.id, Reminder.sms_status.in_(("pending", "failed")))
                                .values(sms_status="sending", sms_attempts=Reminder.sms_attempts + 1))
            s.commit()
            if claimed.rowcount != 1:
                continue  # another run has it
            s.refresh(r)
            phone = _phone(s, r)
            if (r.recipient, r.kind) in stop:  # opted out after the reminder was made
                r.sms_status = "skipped"
            elif phone is None:
                r.sms_status = "no_phone"
                report.no_phone += 1
            else:
                body = sms.get(r.occasion + r.recipient + r.kind) or f"{SMS_PREFIX}{r.title}。详情请看民政一键通消息。"
                try:
                    sender.send(phone, body, kind=r.kind)
                except SendFailed:
                    r.sms_status = "failed" if r.sms_attempts < MAX_SMS_ATTEMPTS else "gave_up"
                    report.sms_failed += 1
                else:
                    r.sms_status, r.sms_to_masked, r.sms_sent_at = "sent", mask_phone(phone), now
                    report.sms_sent += 1
            s.add(r)
            s.commit()
    return report


# ------------------------------------------------------------------ the inbox and opt-outs


def inbox_for(engine: Engine, actor: Actor, *, unread_only: bool = False, limit: int = 100) -> list[Reminder]:
    """The signed-in person's reminders, newest first (their person's and their account's)."""
    with Session(engine) as s:
        q = select(Reminder).where(Reminder.recipient.in_(recipient_keys(actor)))
        if unread_only:
            q = q.where(Reminder.read_at.is_(None))
        return list(s.exec(q.order_by(Reminder.id.desc()).limit(max(1, min(limit, 500)))).all())


def mark_read(engine: Engine, actor: Actor, reminder_id: int, now: datetime | None = None) -> Reminder:
    """Mark one of the actor's own reminders read (someone else's is "not found", never revealed)."""
    with Session(engine) as s:
        r = s.get(Reminder, reminder_id)
        if r is None or r.recipient not in recipient_keys(actor):
            raise ReminderError("没有找到这条消息。")
        if r.read_at is None:
            r.read_at = _aware(now or utcnow())
            s.add(r)
            s.commit()
            s.refresh(r)
        return r


def _check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ReminderError(f"没有这种提醒：{kind}。可选：{'、'.join(KINDS)}。")
    return kind


def opt_out(engine: Engine, actor: Actor, kind: str) -> None:
    """No more reminders of this kind for this person (and account): stored, respected by every run."""
    _check_kind(kind)
    with Session(engine) as s:
        for key in recipient_keys(actor):
            try:
                with s.begin_nested():
                    s.add(ReminderOptOut(recipient=key, kind=kind))
            except IntegrityError:
                pass
        record(s, action="reminder.opt_out", object_type="reminder_kind", object_id=kind, channel=actor.channel,
               actor_account_id=actor.account_id, actor_role=actor.role)
        s.commit()


def opt_in(engine: Engine, actor: Actor, kind: str) -> None:
    _check_kind(kind)
    with Session(engine) as s:
        for o in s.exec(select(ReminderOptOut).where(ReminderOptOut.recipient.in_(recipient_keys(actor)),
                                                     ReminderOptOut.kind == kind)).all():
            s.delete(o)
        record(s, action="reminder.opt_in", object_type="reminder_kind", object_id=kind, channel=actor.channel,
               actor_account_id=actor.account_id, actor_role=actor.role)
        s.commit()


def preferences(engine: Engine, actor: Actor) -> dict[str, bool]:
    """kind → wanted? for the signed-in person."""
    with Session(engine) as s:
        off = {o.kind for o in s.exec(select(ReminderOptOut).where(
            ReminderOptOut.recipient.in_(recipient_keys(actor)))).all()}
    return {k: k not in off for k in KINDS}
