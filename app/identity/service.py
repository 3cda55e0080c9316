"""Sign-in with phone number + one-time code (no passwords, no puzzles: WCAG 3.3.8)."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.audit.service import record
from app.core.config import get_settings
from app.core.crypto import encrypt, lookup_hash, secret_hash
from app.core.privacy import id_number_valid, mask_id_number, mask_phone
from app.identity.models import Account, AuthSession, DevOutbox, OtpChallenge, Person
from app.identity.sender import get_sender

PHONE_RE = re.compile(r"^1[3-9]\d{9}$")
MAX_CODES_PER_WINDOW = 5
CODE_WINDOW = timedelta(minutes=10)


class AuthError(Exception):
    """A sign-in problem with a message fit for the citizen (Chinese, plain)."""


@dataclass(frozen=True)
class Actor:
    """Who is acting, as established on the server (never taken from the browser's word)."""

    account_id: int
    role: str
    person_id: int | None
    channel: str = "web"
    phone_masked: str = ""

    @property
    def is_staff(self) -> bool:
        return self.role in {"window_staff", "hotline_agent", "supervisor"}


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(dt: datetime) -> datetime:
    """SQLite returns naive datetimes; everything here is UTC."""
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def normalize_phone(raw: str) -> str:
    digits = re.sub(r"[\s-]", "", raw or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    if not PHONE_RE.match(digits):
        raise AuthError("请输入11位手机号码，例如 13812345678。")
    return digits


def request_code(engine: Engine, raw_phone: str) -> str:
    """Create a one-time code and send it. Returns the masked phone for the next page."""
    phone = normalize_phone(raw_phone)
    ph = lookup_hash(phone)
    now = _now()
    with Session(engine) as s:
        recent = s.exec(select(OtpChallenge).where(OtpChallenge.phone_hash == ph)).all()
        if sum(1 for c in recent if _aware(c.created_at) > now - CODE_WINDOW) >= MAX_CODES_PER_WINDOW:
            raise AuthError("验证码发送太频繁，请10分钟后再试，或拨打12345求助。")
        code = f"{secrets.randbelow(1_000_000):06d}"
        s.add(OtpChallenge(phone_hash=ph, code_hash=secret_hash(code),
                           expires_at=now + timedelta(seconds=get_settings().otp_ttl_seconds)))
        s.commit()
    get_sender().send(engine, phone, code)
    return mask_phone(phone)


def verify_code(engine: Engine, raw_phone: str, raw_code: str, channel: str = "web") -> tuple[str, Account]:
    """Check the code; create the account on first sign-in; return (session token, account)."""
    phone = normalize_phone(raw_phone)
    code = re.sub(r"\s", "", raw_code or "")
    if not re.fullmatch(r"\d{6}", code):
        raise AuthError("请输入短信里的6位数字验证码。")
    ph = lookup_hash(phone)
    now = _now()
    settings = get_settings()
    with Session(engine) as s:
        ch = s.exec(select(OtpChallenge).where(OtpChallenge.phone_hash == ph, OtpChallenge.used == False)  # noqa: E712
                    .order_by(OtpChallenge.id.desc())).first()
        if ch is None or _aware(ch.expires_at) < now:
            raise AuthError("验证码已过期或还没有发送，请重新获取验证码。")
        if ch.attempts >= settings.otp_max_attempts:
            raise AuthError("验证码输错次数太多，请重新获取验证码。")
        if ch.code_hash != secret_hash(code):
            ch.attempts += 1
            s.add(ch)
            s.commit()
            left = settings.otp_max_attempts - ch.attempts
            raise AuthError(f"验证码不正确，请核对短信后重新输入（还可以再试{left}次）。")
        ch.used = True
        s.add(ch)
        account = s.exec(select(Account).where(Account.phone_hash == ph)).first()
        if account is None:
            account = Account(phone_hash=ph, phone_enc=encrypt(phone), phone_masked=mask_phone(phone))
            s.add(account)
            s.flush()
        token = secrets.token_urlsafe(32)
        s.add(AuthSession(token_hash=secret_hash(token), account_id=account.id, channel=channel,
                          expires_at=now + timedelta(days=settings.session_days)))
        record(s, action="auth.sign_in", object_type="account", object_id=account.id, channel=channel,
               actor_account_id=account.id, actor_role=account.role)
        s.commit()
        s.refresh(account)
        return token, account


def actor_for_token(engine: Engine, token: str | None, channel: str = "web") -> Actor | None:
    if not token:
        return None
    with Session(engine) as s:
        sess = s.get(AuthSession, secret_hash(token))
        if sess is None or sess.revoked or _aware(sess.expires_at) < _now():
            return None
        acc = s.get(Account, sess.account_id)
        if acc is None:
            return None
        return Actor(acc.id, acc.role, acc.person_id, channel, acc.phone_masked)


def sign_out(engine: Engine, token: str | None) -> None:
    if not token:
        return
    with Session(engine) as s:
        sess = s.get(AuthSession, secret_hash(token))
        if sess:
            sess.revoked = True
            s.add(sess)
            record(s, action="auth.sign_out", object_type="account", object_id=sess.account_id,
                   channel=sess.channel, actor_account_id=sess.account_id)
            s.commit()


def dev_last_code(engine: Engine, masked_or_raw_phone: str) -> str | None:
    """Development banner: the latest code 'sent' to this phone (None in production)."""
    if get_settings().env != "development":
        return None
    try:
        ph = lookup_hash(normalize_phone(masked_or_raw_phone))
    except AuthError:
        return None
    with Session(engine) as s:
        row = s.exec(select(DevOutbox).where(DevOutbox.phone_hash == ph).order_by(DevOutbox.id.desc())).first()
        return row.code if row else None


def birth_date_from_id(id_number: str) -> date | None:
    try:
        return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def find_or_create_person(s: Session, *, name: str, id_number: str, hukou_region: str | None = None) -> Person:
    """The Person with this ID number (keyed-hash look-up), created on first sight."""
    if not id_number_valid(id_number):
        raise AuthError("身份证号码不正确，请核对后重新输入。")
    idn = id_number.strip().upper()
    h = lookup_hash(idn)
    person = s.exec(select(Person).where(Person.id_number_hash == h)).first()
    if person is None:
        person = Person(name=name, id_number_enc=encrypt(idn), id_number_hash=h,
                        id_number_masked=mask_id_number(idn), birth_date=birth_date_from_id(idn),
                        hukou_region=hukou_region)
        s.add(person)
        s.flush()
    return person
