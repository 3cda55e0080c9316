"""Issue 12: each attack that worked against `make run`, tried again — one test per attack.

Each test attacks the way the issue describes: HTTP requests to the real API (through the real
same-origin guard) where the attack is a request, the domain services where it is a sequence of
acts. Every test fails if its control is removed.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from app.applications import service as apps
from app.audit.models import AuditEvent
from app.contacts.service import QueueFull, create_contact
from app.core.config import ROOT, Settings
from app.core.limits import MAX_WAITING_ANONYMOUS
from app.core.privacy import redact
from app.core.web import PENDING_COOKIE, SESSION_COOKIE
from app.delegation import service as dg
from app.delegation.models import Delegation
from app.hotline import service as hs
from app.hotline.models import WorkOrder
from app.identity.models import Account, DevOutbox, Person
from app.identity.service import AuthError, dev_code_for, dev_last_code, dev_last_message, request_code, verify_code
from tests.idnumbers import make_id
from tests.security.conftest import SITE, http, refreshed, sign_in

WS = SITE.replace("http://", "ws://")

FATHER_ID, FATHER_NAME, FATHER_PHONE = make_id("320102", "19400101", "051"), "王德海", "13500135000"
DAUGHTER_PHONE, STAFF_PHONE, STRANGER_PHONE = "13812345678", "13300133000", "13900001111"


def father_on_record(db):
    father = sign_in(db, FATHER_PHONE)
    dg.link_own_identity(db, father, FATHER_NAME, FATHER_ID)
    return refreshed(db, father)


def ask_for_father(db, who, **kw):
    args = dict(kind="family", relationship="子女", principal_name=FATHER_NAME, principal_id_number=FATHER_ID)
    return dg.request(db, who, **{**args, **kw})


def link_secret(db, phone=FATHER_PHONE) -> str:
    return dev_last_message(db, phone, "consent").body.split("/consent?t=")[1].split()[0]


def fill_self(db, actor, app_id, name, idn, phone=DAUGHTER_PHONE):
    for k, v in {"name": name, "id_number": idn, "hukou_city": "南京市", "phone": phone,
                 "bank_card": "6222021234567890123"}.items():
        assert apps.save_answer(db, actor, app_id, k, v) is None


# 1 ------------------------------------------------------------------------------------------
def test_01_a_stranger_cannot_sign_in_as_staff_from_the_dev_banner(db):
    """Was: 0.0.0.0, and the banner showed the latest code of whatever phone the cookie named."""
    sign_in(db, STAFF_PHONE, role="window_staff")
    staff_browser, attacker = http(), http()
    r = staff_browser.post("/api/auth/request-code", data={"phone": STAFF_PHONE}, headers={"Origin": SITE})
    assert r.status_code == 303
    staff_ref = r.cookies.get(PENDING_COOKIE)
    assert STAFF_PHONE not in r.headers["set-cookie"]  # the cookie names a challenge, not the phone
    # the attacker's browser names the staff phone in its own cookies, old style and new style
    attacker.cookies.set("mz_pending_phone", STAFF_PHONE)
    attacker.cookies.set(PENDING_COOKIE, STAFF_PHONE)
    assert dev_code_for(db, STAFF_PHONE) is None and dev_code_for(db, "1." + STAFF_PHONE) is None
    r = attacker.post("/api/auth/verify", data={"code": dev_last_code(db, STAFF_PHONE)}, headers={"Origin": SITE})
    assert SESSION_COOKIE not in r.cookies
    # only the browser that asked sees its code; consent messages are never shown
    assert dev_code_for(db, staff_ref) == dev_last_code(db, STAFF_PHONE)
    # the banner is for loopback clients only, and `make run` listens on loopback unless HOST says so
    from app.core.config import is_loopback

    assert not is_loopback("192.168.1.20") and is_loopback("127.0.0.1") and is_loopback("::1")
    login_state = (ROOT / "app/ui/login_state.py").read_text(encoding="utf-8")
    assert "client_is_loopback(self)" in login_state
    product = (ROOT / ".ci/product.sh").read_text(encoding="utf-8")
    assert 'HOST="${HOST:-127.0.0.1}"' in product and "--backend-host 0.0.0.0" not in product
    assert "DEVELOPMENT mode" in product and "production build" not in product
    assert Settings().host == "127.0.0.1"


# 2 ------------------------------------------------------------------------------------------
def test_02_a_relative_cannot_route_the_consent_to_their_own_phone(db):
    """Was: the relative typed their own number as the person's; the code went there."""
    daughter = sign_in(db, DAUGHTER_PHONE)
    with pytest.raises(TypeError):  # there is no phone to type any more
        ask_for_father(db, daughter, principal_phone=DAUGHTER_PHONE)
    d = ask_for_father(db, daughter)  # no phone on record: nothing is sent anywhere
    assert dev_last_message(db, DAUGHTER_PHONE, "consent") is None
    assert d.consent_sends == 0 and d.status == "pending"
    dg.revoke(db, daughter, d.id)
    father_on_record(db)  # the father records his own phone (his signed-in account)
    d = ask_for_father(db, daughter)
    assert dev_last_message(db, DAUGHTER_PHONE, "consent") is None
    assert dev_last_message(db, FATHER_PHONE, "consent") is not None
    d = dg.answer_link(db, link_secret(db), True)
    assert "135****5000" in d.consent_evidence and "本人登记" in d.consent_evidence
    # no page asks anyone to pass a code on (the phone-fraud pattern)
    for path in ("app/ui/pages/family.py", "app/ui/family_state.py", "app/delegation/service.py"):
        text = (ROOT / path).read_text(encoding="utf-8")
        assert not re.search(r"把.{0,8}验证码.{0,6}告诉|验证码告诉您|读给您", text), path


# 3 ------------------------------------------------------------------------------------------
def test_03_knowing_an_id_number_does_not_make_you_that_person(db, kb):
    """Was: a "self" application with someone's ID number and any name bound the account."""
    father = father_on_record(db)
    daughter = sign_in(db, DAUGHTER_PHONE)
    pending = ask_for_father(db, daughter)
    attacker = sign_in(db, STRANGER_PHONE)
    for name in ("李四", FATHER_NAME):
        app = apps.start(db, kb, attacker, "MZ-ZLJ-01")
        fill_self(db, attacker, app.id, name, FATHER_ID, STRANGER_PHONE)
        with pytest.raises(apps.ApplicationError):
            apps.submit(db, attacker, app.id, f"k-{name}")
    attacker = refreshed(db, attacker)
    assert attacker.person_id is None
    with pytest.raises(dg.DelegationError):
        dg.confirm_by_principal(db, attacker, pending.id)
    with pytest.raises(dg.DelegationError):
        dg.link_own_identity(db, attacker, FATHER_NAME, FATHER_ID)
    # only the attacker's own unsent drafts; nothing of the father's, no notices in his name
    assert all(a.submitted_by_account_id == attacker.account_id and a.beneficiary_person_id is None
               for a in apps.list_for(db, attacker))
    assert dg.notifications(db, attacker) == [] and dg.as_principal(db, attacker) == []
    # a verified record with a name: binding needs the same name even when nobody is bound yet
    with Session(db) as s:
        acc = s.get(Account, father.account_id)
        acc.person_id = None
        s.add(acc)
        s.commit()
    other = sign_in(db, "13700137000")
    with pytest.raises(dg.DelegationError):
        dg.link_own_identity(db, other, "王德山", FATHER_ID)


# 4 ------------------------------------------------------------------------------------------
def test_04_guessing_is_not_reset_by_asking_again_and_links_expire(db):
    """Was: 重新发送 reset the attempts with no cap, and the 30-minute expiry was not enforced."""
    request_code(db, DAUGHTER_PHONE)
    for _ in range(5):
        with pytest.raises(AuthError):
            verify_code(db, DAUGHTER_PHONE, "000000" if dev_last_code(db, DAUGHTER_PHONE) != "000000" else "111111")
    request_code(db, DAUGHTER_PHONE)  # ask again: the failed attempts come along
    with pytest.raises(AuthError, match="次数太多"):
        verify_code(db, DAUGHTER_PHONE, dev_last_code(db, DAUGHTER_PHONE))
    # consent: a link (no code to guess), replaced on resend, capped, and expiring
    father_on_record(db)
    daughter = sign_in(db, "13812340000")
    d = ask_for_father(db, daughter)
    first = link_secret(db)
    dg.resend_link(db, daughter, d.id)
    second = link_secret(db)
    assert first != second
    with pytest.raises(dg.DelegationError, match="失效"):
        dg.answer_link(db, first, True)
    dg.resend_link(db, daughter, d.id)
    with pytest.raises(dg.DelegationError, match="多次"):
        dg.resend_link(db, daughter, d.id)
    with Session(db) as s:
        row = s.get(Delegation, d.id)
        row.consent_expires_at = dg.now() - timedelta(seconds=1)
        s.add(row)
        s.commit()
    with pytest.raises(dg.DelegationError, match="失效"):
        dg.answer_link(db, link_secret(db), True)
    with Session(db) as s:
        assert s.get(Delegation, d.id).status == "pending"


# 5 ------------------------------------------------------------------------------------------
def test_05_full_width_digits_are_the_same_person_and_the_same_phone(db):
    """Was: ３２０１… made a second person; 1３8… escaped the per-phone limit and got an HTTP 500."""
    father = father_on_record(db)
    wide_id = FATHER_ID.translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})
    other = sign_in(db, "13700137000")
    with pytest.raises(dg.DelegationError):
        dg.link_own_identity(db, other, FATHER_NAME, wide_id[:6] + " " + wide_id[6:14] + "-" + wide_id[14:])
    with Session(db) as s:
        assert len(s.exec(select(Person)).all()) == 1
    assert refreshed(db, father).person_id is not None
    browser = http()
    spellings = ["13912345678", "１３９１２３４５６７８", "139 1234 5678", "139-1234-5678", "+86 13912345678",
                 "1３9１2３4５6７8"]
    answers = [browser.post("/api/auth/request-code", data={"phone": p}, headers={"Origin": SITE})
               for p in spellings]
    assert all(r.status_code == 303 for r in answers)  # never a 500
    assert ["sent=" in r.headers["location"] for r in answers] == [True] * 5 + [False]
    assert "%E9%A2%91%E7%B9%81" in answers[-1].headers["location"]  # 频繁: the one phone's limit


# 6 ------------------------------------------------------------------------------------------
def test_06_the_request_form_is_no_oracle_and_a_typed_name_locks_nobody_out(db):
    """Was: a known ID with another name got a different message; the first name typed stuck."""
    father_on_record(db)
    asker = sign_in(db, DAUGHTER_PHONE)
    unknown_id = make_id("320104", "19380808", "017")
    outcomes = []
    for name, idn in ((FATHER_NAME, FATHER_ID), ("张冒名", make_id("320102", "19400101", "051")), ("赵大爷", unknown_id)):
        other = sign_in(db, f"1371000{len(outcomes):04d}")
        d = dg.request(db, other, kind="family", relationship="子女", principal_name=name, principal_id_number=idn)
        outcomes.append((d.status, type(d).__name__))
    assert len(set(outcomes)) == 1  # the same answer whether the ID is known, the name right, or neither
    # the wrong name typed for the unknown ID decided nothing: the real person binds with the real name
    with Session(db) as s:
        p = s.exec(select(Person).where(Person.id_number_masked.like("3201%"), Person.name == "赵大爷")).first()
        assert p is not None and p.verified_by is None
    dg.request(db, asker, kind="family", relationship="子女", principal_name="冒名", principal_id_number=unknown_id)
    real = sign_in(db, "13600136000")
    dg.link_own_identity(db, real, "赵国强", unknown_id)
    assert refreshed(db, real).person_id is not None
    # and the family form says one thing for every outcome (no oracle in the wording either)
    from app.ui.family_state import DONE_MESSAGES

    assert "requested" in DONE_MESSAGES


# 7 ------------------------------------------------------------------------------------------
def test_07_other_sites_cannot_drive_the_victims_session(db):
    """Was: CORS * with credentials, any Origin on the websocket, no CSRF check on form posts."""
    import rxconfig
    from app.core.web import origin_allowed

    browser = http()
    evil = {"Origin": "https://evil.example"}
    r = browser.post("/api/auth/request-code", data={"phone": DAUGHTER_PHONE}, headers=evil)
    assert r.status_code == 403 and "其他网站" in r.json()["error"]
    for path in ("/api/auth/sign-out", "/api/auth/verify", "/api/work-orders/1/rating"):
        assert browser.post(path, headers=evil).status_code == 403
    assert browser.post("/api/auth/request-code", data={"phone": DAUGHTER_PHONE},
                        headers={"Origin": "null"}).status_code == 403
    # DNS rebinding: the attacker's host name pointed at this machine
    assert browser.get("/api/health", headers={"Host": "evil.example:3000"}).status_code == 421
    # the Reflex websocket (engineio check) and any websocket through the guard
    assert not origin_allowed("https://evil.example", "127.0.0.1:3000")
    assert origin_allowed(SITE, "127.0.0.1:3000")
    from starlette.websockets import WebSocketDisconnect

    with pytest.raises(WebSocketDisconnect):
        with browser.websocket_connect(WS + "/api/voice/asr", headers=evil) as ws:
            ws.receive_json()
    # CORS: only configured origins, never "*"
    assert "*" not in rxconfig.config.cors_allowed_origins
    # the app's own page still works
    assert browser.post("/api/auth/request-code", data={"phone": DAUGHTER_PHONE},
                        headers={"Origin": SITE}).status_code == 303


# 8 ------------------------------------------------------------------------------------------
def test_08_one_client_cannot_make_the_server_text_every_phone(db):
    """Was: codes limited per phone only; any client could send codes to any number of phones."""
    attacker = http("203.0.113.9")
    answers = [attacker.post("/api/auth/request-code", data={"phone": f"1391000{i:04d}"}, headers={"Origin": SITE})
               for i in range(12)]
    sent = [r for r in answers if "sent=" in r.headers["location"]]
    assert len(sent) == 10
    with Session(db) as s:
        assert len(s.exec(select(DevOutbox)).all()) == 10
    # someone else is not affected
    assert "sent=" in http("198.51.100.7").post("/api/auth/request-code", data={"phone": "13910009999"},
                                                headers={"Origin": SITE}).headers["location"]


# 9 ------------------------------------------------------------------------------------------
def test_09_no_personal_data_in_clear_at_rest(db):
    """Was: .states/*.pkl held chat text, transcripts and revealed IDs; notes and comments unredacted;
    redaction missed spaced IDs, bank cards and landlines."""
    from reflex.constants import StateManagerMode

    import rxconfig

    assert rxconfig.config.state_manager_mode == StateManagerMode.MEMORY  # nothing pickled to .states/
    text = f"身份证 {FATHER_ID[:6]} {FATHER_ID[6:14]} {FATHER_ID[14:]}，卡号 6222-0212-3456-7890-123，电话 025-83201234"
    out = redact(text)
    for secret in (FATHER_ID[6:14], "3456-7890", "83201234"):
        assert secret not in out
    # a citizen's rating comment and an agent's note: redacted before storage and audit
    agent = sign_in(db, "13900000001", role="hotline_agent")
    citizen = father_on_record(db)
    call = hs.open_call(db, agent)
    with Session(db) as s:
        s.get(type(call), call.id).person_id = citizen.person_id
        s.commit()
    from app.hotline.models import CATEGORIES, DEPARTMENTS, DISTRICTS

    wo = hs.create_work_order(db, agent, call.id, category=next(iter(CATEGORIES)), district=next(iter(DISTRICTS)),
                              department=next(iter(DEPARTMENTS)), description="来电咨询尊老金怎么领")
    hs.assign(db, agent, wo.id, note=f"请联系 {FATHER_PHONE}")
    hs.start_handling(db, agent, wo.id)
    hs.feed_back(db, agent, wo.id, "已电话答复来电人")
    hs.rate(db, citizen, wo.id, 5, f"我的卡号 6222 0212 3456 7890 123，身份证 {FATHER_ID}")
    with Session(db) as s:
        stored = json.dumps([w.model_dump(mode="json") for w in s.exec(select(WorkOrder))], ensure_ascii=False)
        audit = json.dumps([e.detail for e in s.exec(select(AuditEvent))], ensure_ascii=False)
    for secret in (FATHER_ID, FATHER_PHONE, "6222 0212 3456 7890 123", "3456 7890"):
        assert secret not in stored and secret not in audit


# 10 -----------------------------------------------------------------------------------------
def test_10_staff_opening_a_citizens_draft_is_audited_naming_whose_case(db, kb):
    """Was: window staff opened a citizen's draft and no audit row named whose case it was."""
    citizen = sign_in(db, DAUGHTER_PHONE)
    app = apps.start(db, kb, citizen, "MZ-ZLJ-01")
    staff = sign_in(db, STAFF_PHONE, role="window_staff")
    apps.get(db, staff, app.id)
    with Session(db) as s:
        [row] = s.exec(select(AuditEvent).where(AuditEvent.action == "application.read")).all()
    assert row.actor_account_id == staff.account_id and row.detail["applicant_account"] == citizen.account_id
    # once the citizen has an identity, the row names the person
    dg.link_own_identity(db, citizen, "刘芳", make_id("320106", "19800101", "022"))
    apps.get(db, staff, app.id)
    with Session(db) as s:
        rows = s.exec(select(AuditEvent).where(AuditEvent.action == "application.read")).all()
    assert rows[-1].on_behalf_of_person_id == refreshed(db, citizen).person_id


# 11 -----------------------------------------------------------------------------------------
def test_11_a_hotline_agent_cannot_look_anyone_up_without_a_reason(db):
    """Was: type any phone, no call, reveal the full ID number; the reason was always 核实身份."""
    citizen = father_on_record(db)
    agent = sign_in(db, "13900000001", role="hotline_agent")
    with pytest.raises(hs.HotlineError, match="原因"):
        hs.open_call(db, agent, caller_phone=FATHER_PHONE)
    call = hs.open_call(db, agent, caller_phone=FATHER_PHONE, reason="来电人本人要求查询进度")
    assert call.person_id == citizen.person_id
    with pytest.raises(hs.HotlineError, match="原因"):
        hs.reveal_citizen(db, agent, call.id)
    with pytest.raises(hs.HotlineError, match="原因"):
        hs.reveal_citizen(db, agent, call.id, " ")
    hs.reveal_citizen(db, agent, call.id, "核对来电人银行卡尾号")
    with Session(db) as s:
        opened = s.exec(select(AuditEvent).where(AuditEvent.action == "contact.open_call")).one()
        read = s.exec(select(AuditEvent).where(AuditEvent.action == "person.read")).one()
    assert opened.detail["reason"] == "来电人本人要求查询进度" and opened.detail["lookup"] == "typed"
    assert read.detail["reason"] == "核对来电人银行卡尾号" and read.on_behalf_of_person_id == citizen.person_id


# 12 -----------------------------------------------------------------------------------------
def test_12_in_person_consent_needs_the_person_looked_up_first(db):
    """Was (read): window staff could confirm any pending delegation 当面确认."""
    daughter = sign_in(db, DAUGHTER_PHONE)
    d = ask_for_father(db, daughter)
    staff = sign_in(db, STAFF_PHONE, role="window_staff")
    with pytest.raises(dg.DelegationError, match="查找到本人"):
        dg.confirm_in_person(db, staff, d.id)
    someone_else = dg.find_person_for_staff(db, staff, "赵国强", make_id("320104", "19380808", "017"), "本人来办低保")
    assert someone_else.id != d.principal_person_id
    with pytest.raises(dg.DelegationError, match="查找到本人"):  # looking up another person does not count
        dg.confirm_in_person(db, staff, d.id)
    with pytest.raises(dg.DelegationError, match="原因"):
        dg.find_person_for_staff(db, staff, FATHER_NAME, FATHER_ID, "")
    dg.find_person_for_staff(db, staff, FATHER_NAME, FATHER_ID, "本人到窗口确认女儿代办")
    assert dg.confirm_in_person(db, staff, d.id).status == "active"


# 13 -----------------------------------------------------------------------------------------
def test_13_floods_of_help_requests_and_speech_sockets_are_bounded(db, monkeypatch):
    """Was: anonymous 转人工 / 呼叫工作人员 flooded the queue; 24 idle sockets locked out every kiosk;
    a kiosk transcript and the chat state grew without limit."""
    def ask(session_id, client=None):
        return create_contact(db, kind="handoff", channel="web", session_id=session_id, summary="转人工",
                              client_key=client)
    for _ in range(3):
        ask("chat-flood")
    with pytest.raises(QueueFull):
        ask("chat-flood")
    for i in range(3):
        ask(f"chat-{i}", client="ip:203.0.113.9")
    with pytest.raises(QueueFull):
        ask("chat-new", client="ip:203.0.113.9")
    for i in range(MAX_WAITING_ANONYMOUS):
        try:
            ask(f"fresh-{i}")
        except QueueFull:
            break
    with pytest.raises(QueueFull):
        ask("fresh-last")
    # a signed-in citizen still gets through
    create_contact(db, kind="handoff", channel="web", session_id="citizen", summary="转人工", person_id=1)
    # speech sessions: one client may hold only its own small quota

    from app.api.routes import voice as route

    monkeypatch.setattr(route, "asr_status", lambda: {"available": True, "model": "test"})

    async def hold(ws):
        await ws.send_json({"type": "ready"})
        await ws.receive()
    monkeypatch.setattr(route, "_serve", hold)
    browser = http("192.0.2.50")
    with browser.websocket_connect(WS + "/api/voice/asr") as a, browser.websocket_connect(WS + "/api/voice/asr") as b:
        assert a.receive_json()["type"] == "ready" and b.receive_json()["type"] == "ready"
        with browser.websocket_connect(WS + "/api/voice/asr") as c:
            assert c.receive_json()["type"] == "error"
        with http("192.0.2.51").websocket_connect(WS + "/api/voice/asr") as other_kiosk:
            assert other_kiosk.receive_json()["type"] == "ready"
    # bounded Reflex state: the kiosk transcript and the chat messages
    src = (ROOT / "app/ui/kiosk_state.py").read_text(encoding="utf-8")
    assert "self._transcript[-59:]" in src and "speech[:500]" in src and "text[:500]" in src
    from app.ui import chat_components

    assert chat_components.MAX_MESSAGES <= 100 and chat_components.MAX_TEXT <= 4000


# 14 -----------------------------------------------------------------------------------------
def test_14_malformed_numbers_get_a_400_with_a_chinese_message(db):
    """Was: TTS rate=1e400 and work-order stars=1e400 answered HTTP 500."""
    citizen = sign_in(db, DAUGHTER_PHONE)
    request_code(db, DAUGHTER_PHONE)
    token, _ = verify_code(db, DAUGHTER_PHONE, dev_last_code(db, DAUGHTER_PHONE))
    browser = http()
    browser.cookies.set(SESSION_COOKIE, token)
    for body in (b'{"stars": 1e400}', b'{"stars": "1e400"}', b'{"stars": -1e400}', b"[" * 5000, b"\xff"):
        r = browser.post("/api/work-orders/1/rating", content=body, headers={"Origin": SITE,
                                                                              "content-type": "application/json"})
        assert r.status_code in (400, 403), (body[:20], r.status_code)
        assert re.search(r"[\u4e00-\u9fff]", r.json()["error"])
    for body in ({"text": "你好", "rate": 1e400}, {"text": "你好", "rate": "1e400"}, {"text": "你好", "rate": -1e400}):
        r = browser.post("/api/tts", content=json.dumps(body).replace('"rate": Infinity', '"rate": 1e400')
                         .replace('"rate": -Infinity', '"rate": -1e400'),
                         headers={"Origin": SITE, "content-type": "application/json"})
        assert r.status_code == 400 and "rate" in r.json()["error"]
    assert citizen.account_id


# 15 -----------------------------------------------------------------------------------------
def test_15_production_refuses_development_settings_and_sets_secure_cookies(db, monkeypatch):
    """Was (read): ENV=production did not make the cookie Secure; any ENV but "production" used a
    development data key."""
    from cryptography.fernet import Fernet

    from app.core import crypto
    from app.core.config import UnsafeSettings, require_safe

    for typo in ("prod", "Production", "staging", ""):
        assert Settings(env=typo).check(), typo
        with pytest.raises(UnsafeSettings):
            require_safe(Settings(env=typo))
    assert Settings(env="production").check()  # no data key, no chat secret, no origins
    good = Settings(env="production", data_key=Fernet.generate_key().decode(), chat_secret="x" * 32,
                    allowed_origins="https://mz.example.gov.cn")
    assert good.check() == [] and good.secure_cookies
    assert Settings(env="production", data_key="k", chat_secret="s", allowed_origins="http://mz.example").check()
    assert not Settings(env="development").secure_cookies
    # outside development the data key is never generated or read from .data/dev-data-key
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(crypto, "get_settings", lambda: Settings(env="staging", data_key=""))
        crypto.reset_key_cache()
        try:
            with pytest.raises(crypto.KeyMissing):
                crypto.encrypt("x")
        finally:
            mp.undo()
            crypto.reset_key_cache()
    # and sign-in sets a Secure session cookie in production
    from app.api.routes import auth as auth_routes

    monkeypatch.setattr(auth_routes, "get_settings", lambda: good)
    browser = http()
    r = browser.post("/api/auth/request-code", data={"phone": DAUGHTER_PHONE}, headers={"Origin": SITE})
    assert "secure" in r.headers["set-cookie"].lower()
    ref = r.cookies.get(PENDING_COOKIE)
    browser.cookies.set(PENDING_COOKIE, ref)
    r = browser.post("/api/auth/verify", data={"code": dev_last_code(db, DAUGHTER_PHONE)}, headers={"Origin": SITE})
    assert r.status_code == 303 and "error" not in r.headers["location"], r.headers["location"]
    session_cookie = [h for h in r.headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE)]
    assert session_cookie and "secure" in session_cookie[0].lower() and "httponly" in session_cookie[0].lower()


# architecture (brief item 10) -----------------------------------------------------------------
def test_the_rest_api_does_not_depend_on_the_pages():
    """app/api took the engine and cookie names from app.ui.session; they live in app.core.web now,
    so the REST API (and its same-origin guard) can run without Reflex pages."""
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "app" / "api").rglob("*.py")
                 if re.search(r"^\s*(from|import)\s+app\.ui\b", p.read_text(encoding="utf-8"), re.M)]
    assert offenders == []
