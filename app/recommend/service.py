"""为您推荐: the services a signed-in person may qualify for, from what the product knows of them —
only with their consent, and for someone else only under an active delegation.

Rules, enforced here (the page, the API and anything later call these functions and cannot forget):

- **Own recommendations need consent.** Without an active :class:`RecommendConsent` nothing is
  computed from the stored record and nothing added is stored (:class:`ConsentNeeded`). With it,
  the facts are the record's (birth date from the ID number, 户籍, completed 低保/特困 applications —
  ``app.outreach.service.person_facts``, the same function as 主动发现 and the hotline's
  可能符合的政策) plus what the person chose to add, stored encrypted. Revoking deletes what was added.
- **Someone else's: only under an active delegation**, and only for the services it covers
  (``app.delegation.service.authority_for``, the check every application read uses). The agent sees
  what follows from the record the delegation already opens — never the person's own added facts,
  which they gave for their own view. Adding facts for another person is refused: a delegation's
  scope is a list of services to act on, it says nothing about keeping someone's disability or
  household situation, and consent to that must come from the person themself, in their account.
- Every read on someone's behalf writes an audit row (``recommend.read``, verdicts only, never the
  facts) in the same transaction; consent, revocation and saving facts are audited too.
- Already applied or receiving (an application that counts as applied; 低保/特困 said or on record)
  → that service is left out, named in ``left_out``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.audit.service import record
from app.core.clock import utcnow
from app.core.crypto import decrypt, encrypt
from app.delegation.models import Delegation
from app.delegation.service import authority_for, effective_status
from app.eligibility import FactError, Facts, Match, beijing_today, match, parse_facts
from app.identity.models import Person
from app.identity.service import Actor
from app.knowledge.loader import KnowledgeBase
from app.knowledge.rules import rules_for
from app.outreach.service import HOUSEHOLD_FROM_SERVICE, applied_services, person_facts
from app.recommend.models import SCOPE, RecommendConsent, RecommendFacts

#: What a person may add (the 政策计算器's field names; the record gives birth date and 户籍).
EXTRA_FIELDS = ("disability", "grade", "household", "living_alone", "long_term_care", "income_below_dibao")
#: Household status → the service it means the person already receives.
RECEIVING = {status: code for code, status in HOUSEHOLD_FROM_SERVICE.items()}
_UNSAID = {"", "不清楚", "不知道"}

MSG_IDENTITY = "请先确认您的本人信息（姓名和身份证号），才能按登记的信息为您推荐。"
MSG_CONSENT = "您还没有同意“为您推荐”。同意以前，我们不会用您的登记信息计算，也不会保存您填写的情况。"
MSG_NOT_ALLOWED = "您现在不能查看这位家人的推荐：需要对方同意、仍在有效期内的代办授权。"
MSG_PROXY_FACTS = ("不能替家人保存补充情况：代办授权只包括代办事项，不包括替对方保存残疾、家庭情况等个人信息。"
                   "请家人本人登录后，在“为您推荐”里自己同意并填写。")


class RecommendError(Exception):
    """A refusal or bad input; the message is for the person, in plain Chinese."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field


class ConsentNeeded(RecommendError):
    def __init__(self, message: str = MSG_CONSENT):
        super().__init__(message, "consent")


class RecommendDenied(RecommendError):
    pass


@dataclass
class Recommendations:
    person_id: int
    for_self: bool
    #: ``likely`` then ``maybe``, without what was applied for or is received.
    matches: list[Match]
    #: Names of services left out because the person applied for or receives them.
    left_out: list[str] = field(default_factory=list)
    #: What the result rests on, in words (出生日期（按身份证号）, 户籍 …).
    known: list[str] = field(default_factory=list)
    #: Labels of the added facts used (empty for an agent: the record only).
    added: list[str] = field(default_factory=list)
    delegation_id: int | None = None
    #: An agent whose delegation covers only some services sees only those.
    scope_limited: bool = False


@dataclass
class Helpee:
    """Someone the actor may see recommendations for (an active delegation)."""

    person_id: int
    name: str
    relationship: str
    delegation_id: int


# ------------------------------------------------------------------ helpers


def _audit(s: Session, actor: Actor, action: str, person_id: int, *, delegation_id: int | None = None,
           detail: dict | None = None) -> None:
    record(s, action=action, object_type="person", object_id=person_id, channel=actor.channel,
           actor_account_id=actor.account_id, actor_role=actor.role, on_behalf_of_person_id=person_id,
           delegation_id=delegation_id, detail=detail)


def _own_person(actor: Actor) -> int:
    if actor.person_id is None:
        raise RecommendError(MSG_IDENTITY, "identity")
    return actor.person_id


def active_consent(s: Session, person_id: int) -> RecommendConsent | None:
    return s.exec(select(RecommendConsent).where(RecommendConsent.person_id == person_id,
                                                 RecommendConsent.revoked_at.is_(None))
                  .order_by(RecommendConsent.id.desc())).first()


def _stored(s: Session, person_id: int) -> RecommendFacts | None:
    return s.exec(select(RecommendFacts).where(RecommendFacts.person_id == person_id)).first()


def _clean(values: Mapping[str, str]) -> dict[str, str]:
    """The extra facts that say something, checked by the calculator's reader (FactError → field)."""
    unknown = [k for k in values if k not in EXTRA_FIELDS]
    if unknown:
        raise RecommendError(f"不能在这里填写：{'、'.join(sorted(unknown))}。", unknown[0])
    out = {k: str(values.get(k, "") or "").strip()[:40] for k in EXTRA_FIELDS}
    out = {k: v for k, v in out.items() if v not in _UNSAID}
    try:
        parse_facts(out)
    except FactError as err:
        raise RecommendError(err.message, err.field) from err
    return out


def _merge(base: Facts, extras: dict[str, str], today: date) -> Facts:
    """The record's facts, with the added ones where the record says nothing (the record wins:
    a completed 低保 application says more than a tick on a form)."""
    if not extras:
        return base
    add = parse_facts(extras, today)
    return base.with_(
        has_certificate=add.has_certificate, disability_category=add.disability_category,
        disability_grade=add.disability_grade, household=base.household or add.household,
        flags={**add.flags, **base.flags})


def _known(facts: Facts, how: list[str]) -> list[str]:
    out = []
    if facts.birth_date is not None:
        out.append(f"出生日期（按身份证号）：现在{facts.age}周岁")
    if facts.hukou_city:
        out.append(f"户籍：{facts.hukou_city}{facts.hukou_county or ''}")
    elif facts.in_jiangsu is False:
        out.append("户籍：江苏省外")
    return out + how


def _added_labels(extras: dict[str, str]) -> list[str]:
    from app.eligibility.facts import FACT_LABELS

    keys = ["disability" if k == "grade" else k for k in extras]
    return [FACT_LABELS[k] for k in dict.fromkeys(keys)]


# ------------------------------------------------------------------ consent


def consent_of(engine: Engine, actor: Actor) -> RecommendConsent | None:
    """The actor's own active consent, or None (also None before they record who they are)."""
    if actor.person_id is None:
        return None
    with Session(engine) as s:
        return active_consent(s, actor.person_id)


def give_consent(engine: Engine, actor: Actor) -> RecommendConsent:
    """同意: in the person's own signed-in account only (nobody consents for another person)."""
    pid = _own_person(actor)
    with Session(engine) as s:
        existing = active_consent(s, pid)
        if existing is not None:
            return existing
        c = RecommendConsent(person_id=pid, account_id=actor.account_id, scope=SCOPE, channel=actor.channel[:16])
        s.add(c)
        s.flush()
        _audit(s, actor, "recommend.consent", pid, detail={"consent_id": c.id, "scope": SCOPE})
        s.commit()
        s.refresh(c)
        return c


def revoke_consent(engine: Engine, actor: Actor) -> bool:
    """撤回同意: the consent ends now and every fact the person added is deleted (not blanked).
    Returns whether there was a consent to revoke."""
    pid = _own_person(actor)
    with Session(engine) as s:
        c = active_consent(s, pid)
        if c is None:
            return False
        c.revoked_at = utcnow()
        s.add(c)
        stored = _stored(s, pid)
        if stored is not None:
            s.delete(stored)
        _audit(s, actor, "recommend.revoke", pid, detail={"consent_id": c.id, "facts_deleted": stored is not None})
        s.commit()
        return True


# ------------------------------------------------------------------ added facts


def save_facts(engine: Engine, actor: Actor, values: Mapping[str, str], person_id: int | None = None) -> dict[str, str]:
    """Store what the person chose to add, encrypted; an empty form deletes what was stored.
    For another person: refused (see the module's docstring), whatever the delegation."""
    if person_id is not None and person_id != actor.person_id:
        raise RecommendDenied(MSG_PROXY_FACTS, "for_whom")
    pid = _own_person(actor)
    with Session(engine) as s:
        consent = active_consent(s, pid)
        if consent is None:
            raise ConsentNeeded()
        clean = _clean(values)
        row = _stored(s, pid)
        if not clean:
            if row is not None:
                s.delete(row)
        elif row is None:
            s.add(RecommendFacts(person_id=pid, consent_id=consent.id, updated_by_account_id=actor.account_id,
                                 facts_enc=encrypt(json.dumps(clean, ensure_ascii=False))))
        else:
            row.facts_enc, row.consent_id = encrypt(json.dumps(clean, ensure_ascii=False)), consent.id
            row.updated_at, row.updated_by_account_id = utcnow(), actor.account_id
            s.add(row)
        _audit(s, actor, "recommend.facts.save", pid, detail={"fields": sorted(clean)})
        s.commit()
        return clean


def my_facts(engine: Engine, actor: Actor) -> dict[str, str]:
    """What the actor added for themself (to show the form again); empty without consent."""
    if actor.person_id is None:
        return {}
    with Session(engine) as s:
        if active_consent(s, actor.person_id) is None:
            return {}
        row = _stored(s, actor.person_id)
        return json.loads(decrypt(row.facts_enc)) if row is not None else {}


# ------------------------------------------------------------------ who, and the recommendations


def people_for(engine: Engine, actor: Actor) -> list[Helpee]:
    """为谁看: the people whose active delegation names this account (any scope)."""
    at = utcnow()
    out: list[Helpee] = []
    with Session(engine) as s:
        for d in s.exec(select(Delegation).where(Delegation.agent_account_id == actor.account_id,
                                                 Delegation.status == "active").order_by(Delegation.id)).all():
            if effective_status(d, at) != "active" or any(h.person_id == d.principal_person_id for h in out):
                continue
            if authority_for(s, actor, d.principal_person_id, _any_code(d)) is None:
                continue  # not yet in its period
            p = s.get(Person, d.principal_person_id)
            if p is not None and p.id != actor.person_id:
                out.append(Helpee(p.id, p.name, d.relationship, d.id))
    return out


def _any_code(d: Delegation) -> str | None:
    return None if d.scope == "all" else (list(d.scope) or [None])[0]


def _left_out(kb: KnowledgeBase, applied: dict[str, str], household: str | None) -> set[str]:
    codes = set(applied)
    if household in RECEIVING:
        codes.add(RECEIVING[household])
    return {c for c in codes if c in kb.services}


def recommendations(engine: Engine, kb: KnowledgeBase, actor: Actor, person_id: int | None = None, *,
                    today: date | None = None) -> Recommendations:
    """The actor's own recommendations (consent needed), or those of ``person_id`` under an active
    delegation (record only, the delegation's services only, audited)."""
    today = today or beijing_today()
    own = person_id is None or person_id == actor.person_id
    with Session(engine) as s:
        if own:
            pid = _own_person(actor)
            if active_consent(s, pid) is None:
                raise ConsentNeeded()
            row = _stored(s, pid)
            extras = json.loads(decrypt(row.facts_enc)) if row is not None else {}
            allowed: dict[str, int | None] = {code: None for code in rules_for(kb)}
        else:
            pid, extras = person_id, {}
            allowed = {}
            for code in rules_for(kb):
                d = authority_for(s, actor, pid, code)
                if d is not None:
                    allowed[code] = d.id
            if not allowed:
                raise RecommendDenied(MSG_NOT_ALLOWED, "for_whom")
        p = s.get(Person, pid)
        if p is None:
            raise RecommendDenied(MSG_NOT_ALLOWED, "for_whom")
        applied = applied_services(s, pid)
        base, how = person_facts(p, today, applied)
        facts = _merge(base, extras, today)
        skip = _left_out(kb, applied, facts.household)
        found = [m for m in match(kb, facts, list(allowed)) if m.verdict in ("likely", "maybe")]
        matches = [m for m in found if m.service_code not in skip]
        delegation_id = next((d for d in allowed.values() if d is not None), None)
        if not own:
            _audit(s, actor, "recommend.read", pid, delegation_id=delegation_id,
                   detail={"from": "record", "likely": [m.service_code for m in matches if m.verdict == "likely"],
                           "maybe": [m.service_code for m in matches if m.verdict == "maybe"]})
            s.commit()
        return Recommendations(
            person_id=pid, for_self=own, matches=matches,
            left_out=[kb.services[c].name for c in sorted(skip) if c in allowed],
            known=_known(facts, how), added=_added_labels(extras), delegation_id=delegation_id,
            scope_limited=len(allowed) < len(rules_for(kb)))
