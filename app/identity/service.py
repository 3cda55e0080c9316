"""Sign-in with phone number + one-time code (no passwords, no puzzles: WCAG 3.3.8), and who an
account holder is (本人实名).

Every identifier is normalised (``app.core.identifiers``) before it is validated, hashed or
counted, so ３２０１… and 3201… are one person and one rate-limit key.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.audit.service import record
from app.core.config import get_settings, hotline_number, is_loopback
from app.core.crypto import decrypt, encrypt, lookup_hash, secret_hash
from app.core.identifiers import normalize_code, normalize_id_number, normalize_phone_digits
from app.core.limits import CODES_PER_CLIENT
from app.core.privacy import id_number_valid, mask_id_number, mask_phone
from app.identity.models import Account, AuthSession, DevOutbox, OtpChallenge, Person
from app.identity.sender import SendFailed, get_sender

PHONE_RE = re.compile(r"^1[3-9]\d{9}$")
MAX_CODES_PER_WINDOW = 5
CODE_WINDOW = timedelta(minutes=10)
MSG_TOO_MANY_CODES = f"验证码发送太频繁，请10分钟后再试，或拨打{hotline_number()}求助。"
MSG_TOO_MANY_TRIES = "验证码输错次数太多，请10分钟后重新获取验证码。"
MSG_EXPIRED = "验证码已过期或还没有发送，请重新获取验证码。"
MAX_NAME_CHARS = 40


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
    return datetime.now(UTC)


def _aware(dt: datetime) -> datetime:
    """SQLite returns naive datetimes; everything here is UTC."""
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def normalize_phone(raw: str) -> str:
    digits = normalize_phone_digits(raw)
    if not PHONE_RE.match(digits):
        raise AuthError("请输入11位手机号码，例如 13812345678。")
    return digits


def normalize_name(raw: str) -> str:
    """A person's name as compared and stored: NFKC, no spaces (张 三 = 张三), bounded."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw or ""))[:MAX_NAME_CHARS]


def start_sign_in(engine: Engine, raw_phone: str, client_key: str | None = None) -> tuple[str, str]:
    """Create a one-time code and send it. Returns (masked phone, reference for the browser).

    Limits that hold: ``MAX_CODES_PER_WINDOW`` codes per phone (in the database) and
    ``CODES_PER_CLIENT`` per client whatever the phones; a new code supersedes the previous one
    and *inherits its failed attempts*, so asking again never buys more guesses.
    """
    phone = normalize_phone(raw_phone)
    # Per client, whatever the phones. In development a loopback client (this machine: the
    # developer, the end-to-end tests) is not counted; in production everyone is.
    exempt = get_settings().is_development and client_key is not None and is_loopback(client_key.removeprefix("ip:"))
    if client_key is not None and not exempt and not CODES_PER_CLIENT.allow(client_key):
        raise AuthError(MSG_TOO_MANY_CODES)
    ph = lookup_hash(phone)
    now = _now()
    with Session(engine) as s:
        recent = [c for c in s.exec(select(OtpChallenge).where(OtpChallenge.phone_hash == ph)).all()
                  if _aware(c.created_at) > now - CODE_WINDOW]
        if len(recent) >= MAX_CODES_PER_WINDOW:
            raise AuthError(MSG_TOO_MANY_CODES)
        carried = max((c.attempts for c in recent), default=0)
        for c in recent:
            if not c.used:
                c.used = True  # superseded
                s.add(c)
        code = f"{secrets.randbelow(1_000_000):06d}"
        secret = secrets.token_urlsafe(18)
        ch = OtpChallenge(phone_hash=ph, phone_enc=encrypt(phone), code_hash=secret_hash(code), attempts=carried,
                          ref_hash=secret_hash("ref|" + secret),
                          expires_at=now + timedelta(seconds=get_settings().otp_ttl_seconds))
        s.add(ch)
        s.commit()
        s.refresh(ch)
        ref = f"{ch.id}.{secret}"
        try:
            get_sender().send(engine, phone, code, kind="signin", challenge_id=ch.id)
        except SendFailed as exc:
            raise AuthError(str(exc)) from exc
    return mask_phone(phone), ref


def request_code(engine: Engine, raw_phone: str, client_key: str | None = None) -> str:
    """``start_sign_in`` for callers that only need the masked phone (tests, the CLI)."""
    return start_sign_in(engine, raw_phone, client_key)[0]


def _challenge_for_ref(s: Session, ref: str | None) -> OtpChallenge | None:
    ident, _, secret = (ref or "").partition(".")
    if not ident.isdigit() or not secret:
        return None
    ch = s.get(OtpChallenge, int(ident))
    if ch is None or ch.ref_hash != secret_hash("ref|" + secret):
        return None
    return ch


def _check_code(s: Session, ch: OtpChallenge | None, raw_code: str) -> None:
    settings = get_settings()
    code = normalize_code(raw_code)
    if not re.fullmatch(r"\d{6}", code):
        raise AuthError("请输入短信里的6位数字验证码。")
    if ch is None or ch.used or _aware(ch.expires_at) < _now():
        raise AuthError(MSG_EXPIRED)
    if ch.attempts >= settings.otp_max_attempts:
        raise AuthError(MSG_TOO_MANY_TRIES)
    if ch.code_hash != secret_hash(code):
        ch.attempts += 1
        s.add(ch)
        s.commit()
        left = settings.otp_max_attempts - ch.attempts
        raise AuthError(f"验证码不正确，请核对短信后重新输入（还可以再试{left}次）。" if left > 0 else MSG_TOO_MANY_TRIES)


def _finish_sign_in(s: Session, ch: OtpChallenge, channel: str) -> tuple[str, Account]:
    ch.used = True
    s.add(ch)
    account = s.exec(select(Account).where(Account.phone_hash == ch.phone_hash)).first()
    if account is None:
        raise AuthError(MSG_EXPIRED)  # only reachable when the account row was created elsewhere
    token = secrets.token_urlsafe(32)
    s.add(AuthSession(token_hash=secret_hash(token), account_id=account.id, channel=channel,
                      expires_at=_now() + timedelta(days=get_settings().session_days)))
    record(s, action="auth.sign_in", object_type="account", object_id=account.id, channel=channel,
           actor_account_id=account.id, actor_role=account.role)
    s.commit()
    s.refresh(account)
    return token, account


def _ensure_account(s: Session, phone: str) -> None:
    ph = lookup_hash(phone)
    if s.exec(select(Account).where(Account.phone_hash == ph)).first() is None:
        s.add(Account(phone_hash=ph, phone_enc=encrypt(phone), phone_masked=mask_phone(phone)))
        s.flush()


def verify_code(engine: Engine, raw_phone: str, raw_code: str, channel: str = "web") -> tuple[str, Account]:
    """Check the code of the phone's latest challenge; create the account on first sign-in."""
    phone = normalize_phone(raw_phone)
    with Session(engine) as s:
        ch = s.exec(select(OtpChallenge).where(OtpChallenge.phone_hash == lookup_hash(phone))
                    .order_by(OtpChallenge.id.desc())).first()
        _check_code(s, ch, raw_code)
        _ensure_account(s, phone)
        return _finish_sign_in(s, ch, channel)


def verify_challenge(engine: Engine, ref: str | None, raw_code: str, channel: str = "web") -> tuple[str, Account]:
    """Check the code of the challenge this browser holds the reference to (the web sign-in)."""
    with Session(engine) as s:
        ch = _challenge_for_ref(s, ref)
        _check_code(s, ch, raw_code)
        if ch.phone_enc:
            _ensure_account(s, decrypt(ch.phone_enc))
        return _finish_sign_in(s, ch, channel)


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


def pending_phone_masked(engine: Engine, ref: str | None) -> str:
    """The masked phone of the sign-in THIS browser started (by its reference), so the page can
    say where the code went after a wrong code ("验证码已发送到 138****5678"). "" when unknown."""
    with Session(engine) as s:
        ch = _challenge_for_ref(s, ref)
        if ch is None or not ch.phone_enc:
            return ""
        return mask_phone(decrypt(ch.phone_enc))


def dev_code_for(engine: Engine, ref: str | None) -> str | None:
    """Development banner: the sign-in code of the challenge THIS browser asked for (by its
    reference), never anyone else's and never a consent message. None outside development."""
    if not get_settings().is_development:
        return None
    with Session(engine) as s:
        ch = _challenge_for_ref(s, ref)
        if ch is None or ch.used:
            return None
        row = s.exec(select(DevOutbox).where(DevOutbox.challenge_id == ch.id, DevOutbox.kind == "signin")).first()
        return row.code if row else None


def dev_last_code(engine: Engine, raw_phone: str) -> str | None:
    """Tests play the person's phone: the latest sign-in code sent to it (development only)."""
    msg = dev_last_message(engine, raw_phone, "signin")
    return msg.code if msg else None


def dev_last_message(engine: Engine, raw_phone: str, kind: str) -> DevOutbox | None:
    """Tests play the person's phone: the latest message of ``kind`` sent to it (development only)."""
    if not get_settings().is_development:
        return None
    try:
        ph = lookup_hash(normalize_phone(raw_phone))
    except AuthError:
        return None
    with Session(engine) as s:
        return s.exec(select(DevOutbox).where(DevOutbox.phone_hash == ph, DevOutbox.kind == kind)
                      .order_by(DevOutbox.id.desc())).first()


def birth_date_from_id(id_number: str) -> date | None:
    try:
        return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def clean_id_number(raw: str) -> str:
    """The ID number normalised and checked (GB 11643), or AuthError."""
    idn = normalize_id_number(raw)
    if not id_number_valid(idn):
        raise AuthError("身份证号码不正确，请核对后重新输入。")
    return idn


def find_person(s: Session, id_number: str) -> Person | None:
    return s.exec(select(Person).where(Person.id_number_hash == lookup_hash(normalize_id_number(id_number)))).first()


def find_or_create_person(s: Session, *, name: str, id_number: str, hukou_region: str | None = None,
                          verified_by: str | None = None) -> Person:
    """The Person with this ID number (keyed-hash look-up), created on first sight. A new record
    made from someone else's word (``verified_by`` None) is unverified: its name decides nothing."""
    idn = clean_id_number(id_number)
    person = find_person(s, idn)
    if person is None:
        person = Person(name=normalize_name(name), id_number_enc=encrypt(idn), id_number_hash=lookup_hash(idn),
                        id_number_masked=mask_id_number(idn), birth_date=birth_date_from_id(idn),
                        hukou_region=hukou_region, verified_by=verified_by)
        s.add(person)
        s.flush()
    return person


def name_matches(person: Person, name: str) -> bool:
    """Name and ID number agree with the record. An unverified record's name (typed by someone
    else) is no evidence either way, so it matches nothing and refuses no one."""
    return person.verified_by is not None and normalize_name(person.name) == normalize_name(name)


class BindRefused(AuthError):
    """The account may not become this person (message safe to show)."""


def bind_identity(s: Session, account: Account, name: str, id_number: str, *, channel: str = "web") -> Person:
    """Make ``account`` the person with this name and ID number (本人实名), in the caller's
    transaction. Only when name AND ID number agree with the record; a record nobody has vouched
    for takes this name and becomes self-declared. A person with a phone on record can only be
    bound from that phone (or in person). Production takes this from 统一身份认证."""
    if not normalize_name(name):
        raise BindRefused("请填写您的姓名。")
    idn = clean_id_number(id_number)
    person = find_person(s, idn)
    refused = BindRefused("姓名和身份证号与登记信息对不上，或这个身份已经绑定了其他账号。"
                          "请核对；如有疑问请带身份证到窗口办理。")
    if person is not None:
        if account.person_id == person.id:
            return person
        if s.exec(select(Account).where(Account.person_id == person.id)).first() is not None:
            raise refused
        if person.verified_by is not None and not name_matches(person, name):
            raise refused
        if person.phone_enc and person.phone_set_by and lookup_hash(decrypt(person.phone_enc)) != account.phone_hash:
            raise refused
    if account.person_id is not None:
        raise BindRefused("这个账号已经登记了另一位本人信息。")
    if person is None:
        person = find_or_create_person(s, name=name, id_number=idn, verified_by="self")
    elif person.verified_by is None:
        person.name, person.verified_by = normalize_name(name), "self"
    if not person.phone_enc:  # the person's own, proven phone becomes the phone on record
        person.phone_enc, person.phone_masked = encrypt(decrypt(account.phone_enc)), account.phone_masked
        person.phone_set_by = "self"
    s.add(person)
    account.person_id = person.id
    s.add(account)
    record(s, action="account.link_identity", object_type="account", object_id=account.id, channel=channel,
           actor_account_id=account.id, actor_role=account.role, on_behalf_of_person_id=person.id,
           detail={"person": person.id_number_masked})
    return person
