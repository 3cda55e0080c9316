"""The application service: the only code that reads or changes applications.

Every function takes the :class:`Actor` established by the server and checks access here,
in the domain, so no channel (web page, REST route, assistant, kiosk) can forget to. Every
state change writes its audit row in the same transaction.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.applications.eligibility import check_application
from app.applications.forms import Question, check_answer, questions_for
from app.applications.models import STATUS_LABELS, TRANSITIONS, Application, ApplicationEvent
from app.audit.service import record
from app.core.crypto import decrypt, encrypt, lookup_hash
from app.core.privacy import redact
from app.delegation.service import authority_for, notify
from app.identity.models import Account, Person
from app.identity.service import Actor, AuthError, bind_identity, clean_id_number, name_matches
from app.knowledge.loader import KnowledgeBase

EDITABLE = {"draft", "returned"}
BEIJING = ZoneInfo("Asia/Shanghai")
STAFF_ROLES = {"window_staff", "supervisor"}


class AccessDenied(Exception):
    """The actor may not see or change this record. The message is safe to show."""

    def __init__(self, message: str = "您没有权限查看或办理这件事。"):
        super().__init__(message)
        self.message = message


class ApplicationError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _now() -> datetime:
    return datetime.now(UTC)


def _authority(s: Session, actor: Actor, app: Application):
    """(allowed, delegation used). Staff may; the person themself may; an agent only while an
    active delegation covers this person and item — revoked or expired authority stops at once,
    even for applications the agent started."""
    if actor.role in STAFF_ROLES:
        return True, None
    if actor.person_id is not None and app.beneficiary_person_id == actor.person_id:
        return True, None
    if app.for_whom == "self":
        return app.submitted_by_account_id == actor.account_id, None
    d = authority_for(s, actor, app.beneficiary_person_id, app.service_code)
    return d is not None, d


def _load(s: Session, actor: Actor, app_id: int) -> Application:
    app = s.get(Application, app_id)
    # Same answer for "does not exist" and "not yours": nothing leaks about other people's cases.
    if app is None or not _authority(s, actor, app)[0]:
        raise AccessDenied()
    return app


def _on_behalf(s: Session, actor: Actor, app: Application) -> tuple[int | None, int | None]:
    """(person acted for, delegation used) when the actor is not the beneficiary."""
    if app.for_whom == "self" and app.submitted_by_account_id == actor.account_id:
        return None, None
    if actor.person_id is not None and app.beneficiary_person_id == actor.person_id:
        return None, None
    if actor.role in STAFF_ROLES and app.beneficiary_person_id is None:
        # A citizen's own draft, not yet submitted: the case is the submitting account's person.
        owner = s.get(Account, app.submitted_by_account_id)
        return (owner.person_id if owner else None), app.delegation_id
    d = None if actor.role in STAFF_ROLES else authority_for(s, actor, app.beneficiary_person_id, app.service_code)
    return app.beneficiary_person_id, (d.id if d else app.delegation_id)


def _tell(s: Session, actor: Actor, app: Application, what: str, svc_name: str = "") -> None:
    """Tell the person whenever something is done in their name."""
    person, _d = _on_behalf(s, actor, app)
    if person is not None:
        who = "工作人员" if actor.role in STAFF_ROLES else (actor.phone_masked or "代办人")
        notify(s, person, f"{who} 为您{what}：{svc_name or app.service_code}。")


def start(engine: Engine, kb: KnowledgeBase, actor: Actor, service_code: str,
          for_person_id: int | None = None) -> Application:
    """Open (or resume) a draft. ``for_person_id``: 为谁办理 — someone else needs authority."""
    svc = kb.services.get(service_code)
    if svc is None:
        raise ApplicationError("没有找到这个办事事项。")
    if not svc.channels.online and actor.role not in STAFF_ROLES:
        raise ApplicationError(f"“{svc.name}”暂不支持在线办理，请到{svc.where}办理。")
    for_other = for_person_id is not None and for_person_id != actor.person_id
    with Session(engine) as s:
        delegation = None
        if for_other:
            if actor.role in STAFF_ROLES:
                if s.get(Person, for_person_id) is None:
                    raise AccessDenied()
            else:
                delegation = authority_for(s, actor, for_person_id, service_code)
                if delegation is None:
                    raise AccessDenied("您没有为这位家人办理这件事的有效授权。")
            if not svc.channels.proxy_allowed and actor.role not in STAFF_ROLES:
                raise ApplicationError(f"“{svc.name}”需要本人办理，不能代办。")
        q = select(Application).where(Application.submitted_by_account_id == actor.account_id,
                                      Application.service_code == service_code, Application.status == "draft")
        q = q.where(Application.beneficiary_person_id == for_person_id) if for_other else q.where(
            Application.for_whom == "self")
        existing = s.exec(q).first()
        if existing:
            return existing
        app = Application(service_code=service_code, submitted_by_account_id=actor.account_id,
                          channel=actor.channel, for_whom="other" if for_other else "self",
                          beneficiary_person_id=for_person_id if for_other else None,
                          delegation_id=delegation.id if delegation else None)
        s.add(app)
        s.flush()
        record(s, action="application.start", object_type="application", object_id=app.id,
               channel=actor.channel, actor_account_id=actor.account_id, actor_role=actor.role,
               on_behalf_of_person_id=app.beneficiary_person_id, delegation_id=app.delegation_id,
               detail={"service_code": service_code})
        if for_other:
            _tell(s, actor, app, "开始办理", svc.name)
        s.commit()
        s.refresh(app)
        return app


def get(engine: Engine, actor: Actor, app_id: int) -> Application:
    with Session(engine) as s:
        app = _load(s, actor, app_id)
        person, delegation_id = _on_behalf(s, actor, app)
        if person is not None:
            # Someone else's case: reading it is an act on their behalf.
            record(s, action="application.read", object_type="application", object_id=app.id,
                   channel=actor.channel, actor_account_id=actor.account_id, actor_role=actor.role,
                   on_behalf_of_person_id=person, delegation_id=delegation_id,
                   detail={"service_code": app.service_code, "applicant_account": app.submitted_by_account_id})
        elif actor.role in STAFF_ROLES and app.submitted_by_account_id != actor.account_id:
            # Staff opening a draft of a citizen who has no identity on record yet: still audited,
            # naming the applicant's account, so no staff read goes unrecorded.
            record(s, action="application.read", object_type="application", object_id=app.id,
                   channel=actor.channel, actor_account_id=actor.account_id, actor_role=actor.role,
                   detail={"service_code": app.service_code, "applicant_account": app.submitted_by_account_id})
        s.commit()
        s.refresh(app)
        return app


def list_for(engine: Engine, actor: Actor) -> list[Application]:
    """My own applications, and those of people I may act for (within each delegation's scope)."""
    with Session(engine) as s:
        q = select(Application).where(Application.submitted_by_account_id == actor.account_id)
        candidates = list(s.exec(q).all())
        if actor.person_id is not None:
            candidates += s.exec(select(Application).where(Application.beneficiary_person_id == actor.person_id)).all()
        from app.delegation.service import people_i_can_help

        for _d, person in people_i_can_help(engine, actor):
            candidates += s.exec(select(Application).where(Application.beneficiary_person_id == person.id)).all()
        seen, out = set(), []
        for a in candidates:
            if a.id not in seen and _authority(s, actor, a)[0]:
                seen.add(a.id)
                out.append(a)
        return sorted(out, key=lambda a: a.updated_at, reverse=True)


def save_answer(engine: Engine, actor: Actor, app_id: int, key: object, raw: object) -> str | None:
    """Validate and store one answer. Returns an error message (Chinese) or None when saved.

    ``key`` and ``raw`` come from the browser: any type, None, or huge; ``check_answer`` judges them."""
    with Session(engine) as s:
        app = _load(s, actor, app_id)
        if app.status not in EDITABLE:
            raise ApplicationError("这份申请已经提交，不能再修改。")
        qs = {q.key: q for q in questions_for(app.service_code)}
        q = qs.get(key) if isinstance(key, str) else None
        if q is None:
            raise ApplicationError("没有这个问题。")
        checked = check_answer(q, raw)
        if checked.error:
            return checked.error
        answers = dict(app.answers)
        if q.sensitive and checked.value:
            answers[key] = {"enc": encrypt(checked.value), "masked": checked.masked}
        else:
            answers[key] = checked.value
        answers.update({f"_{k}": v for k, v in checked.extra.items()})
        app.answers = answers
        order = [x.key for x in questions_for(app.service_code)]
        app.current_step = max(app.current_step, order.index(key) + 1)
        app.updated_at = _now()
        s.add(app)
        person, delegation_id = _on_behalf(s, actor, app)
        record(s, action="application.answer", object_type="application", object_id=app.id,
               channel=actor.channel, actor_account_id=actor.account_id, actor_role=actor.role,
               on_behalf_of_person_id=person, delegation_id=delegation_id,
               detail={"question": key, "value": checked.masked or ("…" if q.sensitive else None)})
        s.commit()
        return None


def sign_in_phone(engine: Engine, actor: Actor) -> str:
    """The mobile number this account signed in with, to offer as the contact phone (own account only)."""
    with Session(engine) as s:
        acc = s.get(Account, actor.account_id)
        if acc is None or not acc.phone_enc or acc.phone_enc == "-":
            return ""
        try:
            return decrypt(acc.phone_enc)
        except Exception:  # noqa: BLE001 - an unreadable value is simply not offered
            return ""


def answer_value(app: Application, key: str) -> str:
    """The stored answer in clear, for the applicant's own form fields (server side only)."""
    v = app.answers.get(key)
    if isinstance(v, dict):
        return decrypt(v["enc"])
    return v or ""


def shown_answers(app: Application, reveal_to: Actor | None = None) -> list[tuple[str, str, str]]:
    """(key, question, value as shown) — sensitive values masked.

    ``reveal_to``: on the check-your-answers step only, the account that typed the answers sees
    them in clear, so a wrong digit in an ID, phone or bank card can be spotted before submit.
    Everywhere else (status page, staff, audit) they stay masked.
    """
    reveal = reveal_to is not None and reveal_to.account_id == app.submitted_by_account_id
    out = []
    for q in questions_for(app.service_code):
        v = app.answers.get(q.key)
        if isinstance(v, dict):
            shown = decrypt(v["enc"]) if reveal else v["masked"]
        else:
            shown = v or ""
        out.append((q.key, q.label, shown))
    return out


def missing(app: Application) -> list[Question]:
    return [q for q in questions_for(app.service_code) if q.required and not app.answers.get(q.key)]


def submit(engine: Engine, actor: Actor, app_id: int, idempotency_key: str) -> Application:
    """Submit once: a doubled or retried submit returns the same application, and a crash in
    the middle leaves everything (status, number, person, event, audit) or nothing."""
    with Session(engine) as s:
        app = _load(s, actor, app_id)
        if app.status not in EDITABLE:
            return app  # already submitted: same answer for a retry
        gaps = missing(app)
        if gaps:
            raise ApplicationError(f"还有{len(gaps)}个问题没有填写：{gaps[0].label}")
        verdict = check_application(app.service_code, app.answers)
        if verdict is not None and verdict.stop:
            # The same rule as 测一测, where it is certain: submitting would only be refused later.
            raise ApplicationError(verdict.result.headline + "：" + "".join(verdict.result.reasons))
        idn = answer_value(app, "id_number")
        if app.for_whom == "other":
            person = s.get(Person, app.beneficiary_person_id)
            try:
                same_id = person.id_number_hash == lookup_hash(clean_id_number(idn))
            except AuthError:
                same_id = False
            # Staff looked the person up against the ID document; an agent's active delegation was
            # consented by the person, so the record is verified and its name must match.
            if not same_id or not (name_matches(person, app.answers["name"]) or person.verified_by is None):
                raise ApplicationError("填写的姓名、身份证号与授权您代办的人不一致，请核对。")
        else:
            # A "self" application binds the account to a person only when name AND ID number agree
            # with the record (the same rule as 本人信息 in 谁可以帮我办).
            account = s.get(Account, actor.account_id)
            try:
                person = bind_identity(s, account, app.answers["name"], idn, channel=actor.channel)
            except AuthError as exc:
                raise ApplicationError(str(exc) + "如果是为家人办理，请用“帮家人办”。") from exc
            if person.hukou_region is None and app.answers.get("hukou_city"):
                person.hukou_region = app.answers.get("hukou_city")
                s.add(person)
        app.beneficiary_person_id = person.id
        resubmit = app.status == "returned"
        app.status = "submitted"
        now = _now()
        app.submitted_at = now
        app.updated_at = now
        app.idempotency_key = app.idempotency_key or idempotency_key[:64]
        if app.ref is None:
            # The date in the number is the Beijing date, the same calendar the timeline shows.
            app.ref = f"MZ{now.astimezone(BEIJING):%Y%m%d}{app.id:06d}"
        s.add(app)
        s.add(ApplicationEvent(application_id=app.id, status="submitted", by_account_id=actor.account_id,
                               reason="补正后重新提交" if resubmit else None))
        on_person, delegation_id = _on_behalf(s, actor, app)
        record(s, action="application.submit", object_type="application", object_id=app.id,
               channel=actor.channel, actor_account_id=actor.account_id, actor_role=actor.role,
               on_behalf_of_person_id=on_person, delegation_id=delegation_id,
               detail={"ref": app.ref, "service_code": app.service_code})
        _tell(s, actor, app, f"提交了申请（受理编号 {app.ref}）")
        try:
            s.commit()
        except IntegrityError:
            s.rollback()
            same = s.exec(select(Application).where(Application.idempotency_key == idempotency_key[:64])).first()
            if same is not None and _authority(s, actor, same)[0]:
                return same
            raise
        s.refresh(app)
        return app


def advance(engine: Engine, staff: Actor, app_id: int, to_status: str, reason: str | None = None) -> Application:
    """Staff move a case along: 受理 → 审核 → 办结, or 退回补正 with a reason."""
    if staff.role not in STAFF_ROLES:
        raise AccessDenied("只有窗口工作人员可以办理审核。")
    with Session(engine) as s:
        app = _load(s, staff, app_id)
        if to_status not in TRANSITIONS.get(app.status, set()) or to_status == "submitted":
            raise ApplicationError(f"不能从“{STATUS_LABELS.get(app.status)}”变为“{STATUS_LABELS.get(to_status, to_status)}”。")
        if to_status == "returned" and not (reason and reason.strip()):
            raise ApplicationError("退回补正时必须写明原因。")
        app.status = to_status
        app.updated_at = _now()
        s.add(app)
        reason = redact(" ".join(reason.split()))[:500] if reason else reason  # stored and shown to the citizen
        s.add(ApplicationEvent(application_id=app.id, status=to_status, by_account_id=staff.account_id,
                               reason=reason))
        record(s, action=f"application.{to_status}", object_type="application", object_id=app.id,
               channel=staff.channel, actor_account_id=staff.account_id, actor_role=staff.role,
               on_behalf_of_person_id=app.beneficiary_person_id, detail={"reason": reason} if reason else {})
        if app.beneficiary_person_id:
            notify(s, app.beneficiary_person_id, f"您的申请 {app.ref} 状态更新为：{STATUS_LABELS[to_status]}。")
        s.commit()
        s.refresh(app)
        return app


def timeline(engine: Engine, actor: Actor, app_id: int) -> list[ApplicationEvent]:
    with Session(engine) as s:
        _load(s, actor, app_id)
        return list(s.exec(select(ApplicationEvent).where(ApplicationEvent.application_id == app_id)
                           .order_by(ApplicationEvent.id)).all())


def rate(engine: Engine, actor: Actor, app_id: int, stars: int, comment: str = "") -> Application:
    """好差评: once, after the case is finished, by the person who applied."""
    with Session(engine) as s:
        app = _load(s, actor, app_id)
        if app.submitted_by_account_id != actor.account_id:
            raise AccessDenied("只有提交申请的人可以评价。")
        if app.status != "completed":
            raise ApplicationError("办结以后才能评价。")
        if app.rating is not None:
            raise ApplicationError("您已经评价过了，谢谢！")
        try:
            stars = int(stars)
        except (TypeError, ValueError, OverflowError):
            stars = 0
        if not 1 <= stars <= 5:
            raise ApplicationError("请选择1到5颗星。")
        app.rating, app.rating_comment = stars, redact((comment or "").strip())[:500] or None
        app.updated_at = _now()
        s.add(app)
        record(s, action="application.rate", object_type="application", object_id=app.id,
               channel=actor.channel, actor_account_id=actor.account_id, actor_role=actor.role,
               detail={"stars": app.rating})
        s.commit()
        s.refresh(app)
        return app


#: Staff who may look up a person's applications to help them (read only): window staff,
#: supervisors, and hotline agents answering that person's call.
LOOKUP_ROLES = STAFF_ROLES | {"hotline_agent"}


def list_for_person_as_staff(engine: Engine, staff: Actor, person_id: int, *, purpose: str,
                             detail: dict | None = None) -> list[Application]:
    """A person's applications, read only, for staff helping them; the read is audited
    (``application.list`` on behalf of the person, in the same transaction)."""
    if staff.role not in LOOKUP_ROLES:
        raise AccessDenied()
    with Session(engine) as s:
        if s.get(Person, person_id) is None:
            raise AccessDenied()
        rows = list(s.exec(select(Application).where(Application.beneficiary_person_id == person_id)
                           .order_by(Application.updated_at.desc())).all())
        record(s, action="application.list", object_type="person", object_id=person_id,
               channel=staff.channel, actor_account_id=staff.account_id, actor_role=staff.role,
               on_behalf_of_person_id=person_id,
               detail={"purpose": purpose, "count": len(rows), **(detail or {})})
        for r in rows:
            s.expunge(r)
        s.commit()
        return rows
