"""预约 as a domain service: offices, free slots, book, change, cancel, my bookings, reminders.

Who acts is an :class:`app.identity.service.Actor` established on the server; every record is
checked against it here (only the booking account may see, change or cancel a booking), whatever
channel calls. Every act — and every refusal of someone else's booking — is audited in the same
transaction. The seat itself is taken by a conditional UPDATE of the slot's counter (see
``models``), so the last seat goes to exactly one of two simultaneous requests on SQLite and on
PostgreSQL, across processes; the loser gets a kind message and the nearest free slots.

Times: the desk works in Beijing time (UTC+8); ``now`` (aware UTC) can be passed for tests.
"""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.appointments import settings as cfg
from app.appointments.models import HALF_LABELS, STATUS_LABELS, Appointment, AppointmentSlot
from app.appointments.offices import BOOKABLE, SERVICE_MARRIAGE, Office, find_office, list_offices
from app.audit.service import record
from app.core.crypto import decrypt, encrypt, lookup_hash
from app.core.identifiers import to_ascii
from app.core.limits import Limit
from app.core.privacy import id_number_valid, mask_id_number
from app.delegation.models import Notification
from app.identity.models import Account, Person
from app.identity.service import Actor, AuthError, bind_identity, normalize_name

__all__ = ["AccessDenied", "AppointmentError", "BookingView", "SlotView", "book", "cancel", "change",
           "due_reminders", "free_slots", "list_offices", "my_bookings", "parse_day", "parse_half",
           "send_reminders"]

log = logging.getLogger("minzheng.appointments")
BEIJING = timezone(timedelta(hours=8), "北京时间")
#: Bookings, changes and cancellations per account (a flood of requests is refused kindly).
ACTS_PER_ACCOUNT = Limit(cfg.ACTS_PER_ACCOUNT_PER_10_MIN, 600)
_REF_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud at a window

MSG_SIGN_IN = "请先登录，再预约。"
MSG_NOT_YOURS = "没有找到这条预约，或者它不是用您的账号预约的。只能查看、改约或取消自己的预约。"
MSG_UNKNOWN_OFFICE = "没有找到这个登记处，请从列表里重新选择。"
MSG_FULL = "这个时段刚刚约满了，很抱歉。您填的内容都还在，可以换一个时段："
MSG_FULL_NONE = "这个时段刚刚约满了，很抱歉。近期这个登记处也没有空闲时段，可以换一个登记处看看。"
MSG_DUPLICATE = "您已经有一个还没办的结婚登记预约（预约号 {ref}）。如需换时间，请在“我的预约”里改约。"
MSG_TOO_MANY = "操作太频繁了，请过10分钟再试。"
MSG_SAME_SLOT = "新的时段和原来的一样，不用改约。"
MSG_PASSED = "这次预约的时间已经过了，不能再改约或取消。"
MSG_NOT_ACTIVE = "这条预约已经取消了。"


class AppointmentError(Exception):
    """A plain message for the person, naming the field it is about; for a full slot, the free
    slots nearby (so they can pick another without starting over)."""

    def __init__(self, message: str, field: str = "", alternatives: list[SlotView] | None = None):
        super().__init__(message)
        self.message, self.field, self.alternatives = message, field, alternatives or []


class AccessDenied(AppointmentError):
    """Someone else's booking (or no such booking: the two look the same from outside)."""


@dataclass(frozen=True)
class SlotView:
    office_id: str
    day: date
    half: str
    capacity: int
    free: int

    @property
    def label(self) -> str:
        return f"{day_label(self.day)}{HALF_LABELS[self.half]}"

    def to_dict(self) -> dict:
        return {"office_id": self.office_id, "day": self.day.isoformat(), "half": self.half,
                "half_label": HALF_LABELS[self.half], "label": self.label, "capacity": self.capacity,
                "free": self.free}


@dataclass
class BookingView:
    """What the booker sees of their booking: masked personal data only."""

    ref: str
    service_code: str
    service_name: str
    office_id: str
    office_name: str
    city: str
    day: date
    half: str
    status: str
    name_masked: str
    partner_name_masked: str
    id_number_masked: str
    phone_masked: str
    materials: list[str] = field(default_factory=list)

    @property
    def when(self) -> str:
        return f"{day_label(self.day)}{HALF_LABELS[self.half]}"

    def to_dict(self) -> dict:
        return {"ref": self.ref, "service_code": self.service_code, "service_name": self.service_name,
                "office_id": self.office_id, "office_name": self.office_name, "city": self.city,
                "day": self.day.isoformat(), "half": self.half, "half_label": HALF_LABELS[self.half],
                "when": self.when, "status": self.status, "status_label": STATUS_LABELS[self.status],
                "name": self.name_masked, "partner_name": self.partner_name_masked,
                "id_number": self.id_number_masked, "phone": self.phone_masked, "materials": self.materials}


# ---- reading what people type -------------------------------------------------------------------

_WEEKDAYS = "一二三四五六日"


def day_label(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日（周{_WEEKDAYS[d.weekday()]}）"


def parse_day(raw: object) -> date:
    """'2026-12-03', '2026/12/3', '2026年12月3日', full-width digits → a date; an impossible date gets
    a message that says why ('2026年2月没有30日')."""
    text = to_ascii(raw)
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    if not m:
        raise AppointmentError("请选一个日子，格式像 2026-12-03。", "day")
    y, mo, d = (int(g) for g in m.groups())
    if not 1 <= mo <= 12:
        raise AppointmentError(f"没有{mo}月，请重新选择日子。", "day")
    try:
        return date(y, mo, d)
    except ValueError:
        raise AppointmentError(f"{y}年{mo}月没有{d}日，请重新选择日子。", "day") from None


def parse_half(raw: object) -> str:
    v = to_ascii(raw).lower()
    for key, label in HALF_LABELS.items():
        if v in {key, label}:
            return key
    raise AppointmentError("请选上午或者下午。", "half")


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(BEIJING)


def _open_days(office: Office) -> frozenset:
    return cfg.OPEN_WEEKDAYS_BY_CITY.get(office.city, cfg.OPEN_WEEKDAYS)


def _capacity(office: Office, half: str) -> int:
    return cfg.CAPACITY_BY_OFFICE.get(office.id, cfg.CAPACITY)[half]


def check_bookable(office: Office, day: date, half: str, now: datetime | None = None) -> None:
    """The desk's rules (operational settings): not in the past, not today after the cut-off, not
    beyond MAX_DAYS_AHEAD, only on the office's opening days."""
    here = _now(now)
    today = here.date()
    if day < today:
        raise AppointmentError(f"{day_label(day)}已经过去了，请选今天以后的日子。", "day")
    last = today + timedelta(days=cfg.MAX_DAYS_AHEAD)
    if day > last:
        raise AppointmentError(f"最多只能预约{cfg.MAX_DAYS_AHEAD}天以内的日子（到{day_label(last)}）。", "day")
    if day.weekday() not in _open_days(office) or day in cfg.CLOSED_DATES:
        raise AppointmentError(f"{office.name}{day_label(day)}不办理，请选别的日子。", "day")
    if day == today and here.time() >= cfg.SAME_DAY_CUTOFF[half]:
        cut = cfg.SAME_DAY_CUTOFF[half].strftime("%H:%M")
        raise AppointmentError(f"今天{HALF_LABELS[half]}的预约已经截止（当天{cut}前可以约）。请选别的时段。", "half")


def _started(day: date, half: str, now: datetime | None) -> bool:
    start = datetime.combine(day, cfg.HALF_START[half], tzinfo=BEIJING)
    return _now(now) >= start


# ---- offices and slots --------------------------------------------------------------------------


def office_or_error(kb, office_id: str) -> Office:
    office = find_office(kb, str(office_id or "")[:32])
    if office is None:
        raise AppointmentError(MSG_UNKNOWN_OFFICE, "office")
    return office


def free_slots(engine: Engine, kb, office_id: str, *, now: datetime | None = None,
               days: int | None = None, limit: int | None = None) -> list[SlotView]:
    """The bookable half-days of an office with a seat left, from today on (nearest first)."""
    office = office_or_error(kb, office_id)
    today = _now(now).date()
    horizon = cfg.MAX_DAYS_AHEAD if days is None else min(days, cfg.MAX_DAYS_AHEAD)
    with Session(engine) as s:
        rows = s.exec(select(AppointmentSlot).where(
            AppointmentSlot.office_id == office.id, AppointmentSlot.service_code == office.service_code,
            AppointmentSlot.day >= today, AppointmentSlot.day <= today + timedelta(days=horizon))).all()
    taken = {(r.day, r.half): r for r in rows}
    out: list[SlotView] = []
    for i in range(horizon + 1):
        d = today + timedelta(days=i)
        for half in HALF_LABELS:
            try:
                check_bookable(office, d, half, now)
            except AppointmentError:
                continue
            row = taken.get((d, half))
            cap = row.capacity if row else _capacity(office, half)
            free = cap - (row.booked if row else 0)
            if free > 0:
                out.append(SlotView(office.id, d, half, cap, free))
                if limit and len(out) >= limit:
                    return out
    return out


def _ensure_slot(engine: Engine, office: Office, day: date, half: str) -> int:
    """The slot row's id, created on first use (two first bookings at once: one insert wins, the
    other reads it back)."""
    q = select(AppointmentSlot).where(AppointmentSlot.service_code == office.service_code,
                                      AppointmentSlot.office_id == office.id, AppointmentSlot.day == day,
                                      AppointmentSlot.half == half)
    with Session(engine) as s:
        row = s.exec(q).first()
        if row is not None:
            return row.id
        s.add(AppointmentSlot(service_code=office.service_code, office_id=office.id, day=day, half=half,
                              capacity=_capacity(office, half)))
        try:
            s.commit()
        except IntegrityError:
            s.rollback()
        return s.exec(q).one().id


def _take_seat(s: Session, slot_id: int) -> bool:
    """The concurrency guarantee: one atomic conditional increment, decided by the database."""
    res = s.exec(update(AppointmentSlot).where(AppointmentSlot.id == slot_id,
                                               AppointmentSlot.booked < AppointmentSlot.capacity)
                 .values(booked=AppointmentSlot.booked + 1))
    return res.rowcount == 1


def _free_seat(s: Session, slot_id: int) -> None:
    s.exec(update(AppointmentSlot).where(AppointmentSlot.id == slot_id, AppointmentSlot.booked > 0)
           .values(booked=AppointmentSlot.booked - 1))


def _full(engine: Engine, kb, office: Office, now: datetime | None, exclude: tuple[date, str]) -> AppointmentError:
    alts = [a for a in free_slots(engine, kb, office.id, now=now, limit=4) if (a.day, a.half) != exclude][:3]
    return AppointmentError(MSG_FULL if alts else MSG_FULL_NONE, "slot", alts)


# ---- booking ------------------------------------------------------------------------------------


def _mask_name(name: str) -> str:
    return (name[0] + "*" * (len(name) - 1))[:16] if len(name) > 1 else "*"


def _materials(kb, service_code: str) -> list[str]:
    """What to bring, from the knowledge-base item itself (the one list; never copied here)."""
    item = kb.services.get(service_code)
    if item is None:
        return []
    return [f"{m.name}（{m.form}{'，' + str(m.count) + '份' if m.count > 1 else ''}）" for m in item.materials]


def _view(kb, a: Appointment) -> BookingView:
    office = find_office(kb, a.office_id)
    item = kb.services.get(a.service_code)
    return BookingView(
        ref=a.ref, service_code=a.service_code, service_name=item.name if item else a.service_code,
        office_id=a.office_id, office_name=office.name if office else "（登记处已从知识库移除）",
        city=office.city if office else "", day=a.day, half=a.half, status=a.status,
        name_masked=a.name_masked, partner_name_masked=a.partner_name_masked or "",
        id_number_masked=a.id_number_masked, phone_masked=a.phone_masked, materials=_materials(kb, a.service_code))


def _require(actor: Actor | None) -> Actor:
    if actor is None:
        raise AccessDenied(MSG_SIGN_IN, "sign_in")
    return actor


def _limit(actor: Actor) -> None:
    if not ACTS_PER_ACCOUNT.allow(f"acct:{actor.account_id}"):
        raise AppointmentError(MSG_TOO_MANY, "")


def _active(s: Session, service_code: str, id_hash: str) -> Appointment | None:
    return s.exec(select(Appointment).where(Appointment.active_key == f"{service_code}|{id_hash}")).first()


def _identity(s: Session, actor: Actor, name: str, idn: str) -> Person:
    """The booking is in the booker's own name: the account's own person, or (first time) the
    person with this name and ID number bound to the account — refused when the ID number belongs
    to someone else's account. 帮家人预约 would go through 代办 (not offered here)."""
    account = s.get(Account, actor.account_id)
    if account is None:
        raise AccessDenied(MSG_SIGN_IN, "sign_in")
    if account.person_id is not None:
        person = s.get(Person, account.person_id)
        if person is None or person.id_number_hash != lookup_hash(idn):
            raise AppointmentError("只能用本人的身份证号预约：这个身份证号和您账号登记的本人信息不一致。", "id_number")
        return person
    try:
        return bind_identity(s, account, name, idn, channel=actor.channel)
    except AuthError as exc:
        raise AppointmentError(str(exc), "id_number") from None


def _clean_person(name: str, id_number: str, partner_name: str) -> tuple[str, str, str]:
    n = normalize_name(name)
    if not n:
        raise AppointmentError("请填写您的姓名。", "name")
    if len(n) > 20 or re.search(r"[\d<>{}]", n):
        raise AppointmentError("姓名请按身份证上的写法填写。", "name")
    idn = to_ascii(id_number).replace(" ", "").upper()
    if not id_number_valid(idn):
        raise AppointmentError("身份证号码不正确，请核对后重新输入（18位，最后一位可能是X）。", "id_number")
    p = normalize_name(partner_name)
    if len(p) > 20 or re.search(r"[\d<>{}]", p):
        raise AppointmentError("对方姓名请按身份证上的写法填写。", "partner_name")
    return n, idn, p


def book(engine: Engine, kb, actor: Actor | None, office_id: str, day: object, half: object, *,
         name: str, id_number: str, partner_name: str = "", now: datetime | None = None) -> BookingView:
    """Book a half-day at an office for the signed-in person. Raises AppointmentError (field named,
    free alternatives for a full slot) or AccessDenied (not signed in)."""
    actor = _require(actor)
    office = office_or_error(kb, office_id)
    d, h = parse_day(day), parse_half(half)
    check_bookable(office, d, h, now)
    n, idn, partner = _clean_person(name, id_number, partner_name)
    _limit(actor)
    id_hash = lookup_hash(idn)
    with Session(engine) as s:
        existing = _active(s, office.service_code, id_hash)
        if existing is not None:
            raise AppointmentError(MSG_DUPLICATE.format(ref=existing.ref), "duplicate")
    slot_id = _ensure_slot(engine, office, d, h)
    for _attempt in range(3):
        ref = "HY" + "".join(secrets.choice(_REF_ALPHABET) for _ in range(8))
        with Session(engine) as s:
            if not _take_seat(s, slot_id):
                s.rollback()
                raise _full(engine, kb, office, now, (d, h))
            try:
                person = _identity(s, actor, n, idn)
                account = s.get(Account, actor.account_id)
                appt = Appointment(
                    ref=ref, service_code=office.service_code, office_id=office.id, slot_id=slot_id, day=d, half=h,
                    account_id=actor.account_id, person_id=person.id, name_enc=encrypt(n),
                    name_masked=_mask_name(n), id_number_enc=encrypt(idn), id_number_hash=id_hash,
                    id_number_masked=mask_id_number(idn),
                    partner_name_enc=encrypt(partner) if partner else None,
                    partner_name_masked=_mask_name(partner) if partner else None,
                    phone_enc=encrypt(decrypt(account.phone_enc)), phone_masked=account.phone_masked,
                    active_key=f"{office.service_code}|{id_hash}", channel=actor.channel)
                s.add(appt)
                s.flush()
            except IntegrityError:
                # the same person at once from two tabs (their person row or their active booking was
                # written by the other request), or a reference collision; the seat goes back with
                # the rolled-back transaction
                s.rollback()
                with Session(engine) as s2:
                    other = _active(s2, office.service_code, id_hash)
                if other is not None:
                    raise AppointmentError(MSG_DUPLICATE.format(ref=other.ref), "duplicate") from None
                continue
            record(s, action="appointment.book", object_type="appointment", object_id=appt.id,
                   channel=actor.channel, actor_account_id=actor.account_id, actor_role=actor.role,
                   on_behalf_of_person_id=person.id,
                   detail={"ref": ref, "office": office.id, "day": d.isoformat(), "half": h})
            s.commit()
            s.refresh(appt)
            return _view(kb, appt)
    raise AppointmentError("预约没有成功，请再试一次。", "")


def _own(s: Session, actor: Actor, ref: str, action: str) -> Appointment:
    """The booking by its 预约号, only for the account that made it; a refusal is audited."""
    clean = to_ascii(ref).upper()[:20]
    appt = s.exec(select(Appointment).where(Appointment.ref == clean)).first() if clean else None
    if appt is None or appt.account_id != actor.account_id:
        record(s, action="appointment.denied", object_type="appointment",
               object_id=appt.id if appt else "-", channel=actor.channel, actor_account_id=actor.account_id,
               actor_role=actor.role, detail={"attempted": action, "ref": clean[:20]})
        s.commit()
        raise AccessDenied(MSG_NOT_YOURS, "ref")
    return appt


def get_booking(engine: Engine, kb, actor: Actor | None, ref: str) -> BookingView:
    actor = _require(actor)
    with Session(engine) as s:
        appt = _own(s, actor, ref, "view")
        record(s, action="appointment.view", object_type="appointment", object_id=appt.id, channel=actor.channel,
               actor_account_id=actor.account_id, actor_role=actor.role, on_behalf_of_person_id=appt.person_id)
        s.commit()
        return _view(kb, appt)


def change(engine: Engine, kb, actor: Actor | None, ref: str, day: object, half: object, *,
           office_id: str | None = None, now: datetime | None = None) -> BookingView:
    """Move one's own booking to another half-day (and office, optionally): the new seat is taken
    and the old one given back in one transaction; a full slot leaves the booking as it was."""
    actor = _require(actor)
    with Session(engine) as s:
        appt = _own(s, actor, ref, "change")
        old = (appt.office_id, appt.day, appt.half, appt.slot_id, appt.status)
    if old[4] != "booked":
        raise AppointmentError(MSG_NOT_ACTIVE, "ref")
    if _started(old[1], old[2], now):
        raise AppointmentError(MSG_PASSED, "ref")
    office = office_or_error(kb, office_id or old[0])
    d, h = parse_day(day), parse_half(half)
    if (office.id, d, h) == old[:3]:
        raise AppointmentError(MSG_SAME_SLOT, "slot")
    check_bookable(office, d, h, now)
    _limit(actor)
    slot_id = _ensure_slot(engine, office, d, h)
    with Session(engine) as s:
        if not _take_seat(s, slot_id):
            s.rollback()
            raise _full(engine, kb, office, now, (d, h))
        moved = s.exec(update(Appointment).where(Appointment.ref == appt.ref, Appointment.status == "booked",
                                                 Appointment.slot_id == old[3])
                       .values(slot_id=slot_id, office_id=office.id, day=d, half=h, changed_at=datetime.now(UTC),
                               reminder_sent_at=None))
        if moved.rowcount != 1:  # cancelled or changed meanwhile (another tab)
            s.rollback()
            raise AppointmentError("这条预约刚刚已经改过或取消了，请刷新后再看。", "ref")
        _free_seat(s, old[3])
        record(s, action="appointment.change", object_type="appointment", object_id=appt.id, channel=actor.channel,
               actor_account_id=actor.account_id, actor_role=actor.role, on_behalf_of_person_id=appt.person_id,
               detail={"ref": appt.ref, "from": f"{old[0]} {old[1].isoformat()} {old[2]}",
                       "to": f"{office.id} {d.isoformat()} {h}"})
        s.commit()
        return _view(kb, s.get(Appointment, appt.id))


def cancel(engine: Engine, kb, actor: Actor | None, ref: str, *, now: datetime | None = None) -> BookingView:
    """Cancel one's own booking; the seat is free again at once. Twice is refused kindly (the seat
    is given back only once: the status change is conditional)."""
    actor = _require(actor)
    with Session(engine) as s:
        appt = _own(s, actor, ref, "cancel")
        if appt.status != "booked":
            raise AppointmentError(MSG_NOT_ACTIVE, "ref")
        if _started(appt.day, appt.half, now):
            raise AppointmentError(MSG_PASSED, "ref")
        _limit(actor)
        done = s.exec(update(Appointment).where(Appointment.id == appt.id, Appointment.status == "booked")
                      .values(status="cancelled", active_key=None, cancelled_at=datetime.now(UTC)))
        if done.rowcount != 1:
            s.rollback()
            raise AppointmentError(MSG_NOT_ACTIVE, "ref")
        _free_seat(s, appt.slot_id)
        record(s, action="appointment.cancel", object_type="appointment", object_id=appt.id, channel=actor.channel,
               actor_account_id=actor.account_id, actor_role=actor.role, on_behalf_of_person_id=appt.person_id,
               detail={"ref": appt.ref})
        s.commit()
        s.refresh(appt)
        return _view(kb, appt)


def my_bookings(engine: Engine, kb, actor: Actor | None) -> list[BookingView]:
    """The signed-in account's own bookings, active first, nearest first."""
    actor = _require(actor)
    with Session(engine) as s:
        rows = s.exec(select(Appointment).where(Appointment.account_id == actor.account_id)
                      .order_by(Appointment.day, Appointment.id)).all()
        record(s, action="appointment.list", object_type="account", object_id=actor.account_id,
               channel=actor.channel, actor_account_id=actor.account_id, actor_role=actor.role,
               detail={"count": len(rows)})
        s.commit()
        views = [_view(kb, a) for a in rows]
    return sorted(views, key=lambda v: v.status != "booked")


# ---- the reminder the day before ----------------------------------------------------------------


def reminder_text(kb, appt: Appointment) -> str:
    """The message: when, where, the 预约号 and what to bring (from the KB item). No name, no ID."""
    v = _view(kb, appt)
    bring = "；".join(v.materials)
    return (f"【民政一键通】提醒：您预约了明天{HALF_LABELS[appt.half]}（{day_label(appt.day)}）在{v.office_name}"
            f"办理{v.service_name}，预约号{appt.ref}。请双方一起到场，带好：{bring}。不能去的请提前取消。")


def due_reminders(engine: Engine, now: datetime | None = None) -> list[Appointment]:
    """Active bookings for tomorrow (Beijing date) whose reminder has not gone yet."""
    tomorrow = _now(now).date() + timedelta(days=1)
    with Session(engine) as s:
        return list(s.exec(select(Appointment).where(Appointment.status == "booked", Appointment.day == tomorrow,
                                                     Appointment.reminder_sent_at.is_(None))).all())


def send_reminders(engine: Engine, kb, now: datetime | None = None, sender=None) -> int:
    """Send each due reminder once: a conditional UPDATE claims it first (two runs at once send it
    once); a failed send un-claims it so the next run retries. Returns how many were sent."""
    if sender is None:
        from app.identity.sender import get_sender

        sender = get_sender()
    from app.identity.sender import SendFailed

    sent = 0
    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    for appt in due_reminders(engine, now):
        with Session(engine) as s:
            claimed = s.exec(update(Appointment).where(Appointment.id == appt.id,
                                                       Appointment.reminder_sent_at.is_(None),
                                                       Appointment.status == "booked")
                             .values(reminder_sent_at=stamp))
            if claimed.rowcount != 1:
                s.rollback()
                continue
            s.commit()
        try:
            sender.send(engine, decrypt(appt.phone_enc), appt.ref[-8:], kind="reminder", body=reminder_text(kb, appt))
        except SendFailed as exc:
            log.warning("appointment reminder %s not sent: %s", appt.id, exc)
            with Session(engine) as s:
                s.exec(update(Appointment).where(Appointment.id == appt.id).values(reminder_sent_at=None))
                s.commit()
            continue
        with Session(engine) as s:
            if appt.person_id is not None:  # the in-app inbox too (我的消息)
                s.add(Notification(person_id=appt.person_id, text=reminder_text(kb, appt)))
            record(s, action="appointment.reminder", object_type="appointment", object_id=appt.id, channel="sms",
                   actor_role="system", on_behalf_of_person_id=appt.person_id,
                   detail={"ref": appt.ref, "day": appt.day.isoformat(), "to": appt.phone_masked})
            s.commit()
        sent += 1
    return sent


def services() -> tuple[str, ...]:
    return BOOKABLE


DEFAULT_SERVICE = SERVICE_MARRIAGE
