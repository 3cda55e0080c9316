"""The citizen behind a contact: masked on the card, the full record only with the agent's reason
(audited as person.read), and their applications read only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.core.crypto import decrypt
from app.hotline.access import HotlineError, agent_reason, audit, own_contact, require_agent
from app.identity.models import Account, Person
from app.identity.service import Actor


@dataclass
class CitizenCard:
    person_id: int
    name: str
    id_number: str
    phone: str
    region: str
    age: str
    full: bool = False


def mask_name(name: str) -> str:
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def _age(birth: date | None) -> str:
    if birth is None:
        return ""
    today = date.today()
    return str(today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day)))


def _phone_of(s: Session, person: Person) -> tuple[str, str]:
    """(masked, clear) phone: the person's own, or their account's."""
    if person.phone_enc:
        return person.phone_masked or "", decrypt(person.phone_enc)
    acc = s.exec(select(Account).where(Account.person_id == person.id)).first()
    if acc is not None and acc.phone_enc and acc.phone_enc != "-":
        return acc.phone_masked, decrypt(acc.phone_enc)
    return "", ""


def citizen_card(engine: Engine, actor: Actor, contact_id: int) -> CitizenCard | None:
    """The citizen of a claimed contact, masked (the claim's audit row already names them)."""
    require_agent(actor)
    with Session(engine) as s:
        c = own_contact(s, actor, contact_id)
        if c.person_id is None:
            return None
        p = s.get(Person, c.person_id)
        if p is None:
            return None
        masked_phone, _clear = _phone_of(s, p)
        return CitizenCard(p.id, mask_name(p.name), p.id_number_masked, masked_phone, p.hukou_region or "",
                           _age(p.birth_date))


def reveal_citizen(engine: Engine, actor: Actor, contact_id: int, reason: str = "") -> CitizenCard:
    """查看完整信息: the full record, written to the audit log (person.read on behalf of them)
    with the reason the agent gives in their own words — there is no default reason."""
    require_agent(actor)
    why = agent_reason(reason)
    with Session(engine) as s:
        c = own_contact(s, actor, contact_id)
        p = s.get(Person, c.person_id) if c.person_id else None
        if p is None:
            raise HotlineError("这条记录没有关联的市民。")
        masked_phone, phone = _phone_of(s, p)
        card = CitizenCard(p.id, p.name, decrypt(p.id_number_enc), phone, p.hukou_region or "", _age(p.birth_date),
                           full=True)
        audit(s, actor, "person.read", "person", p.id, person_id=p.id,
               detail={"contact_id": c.id, "reason": why, "fields": ["name", "id_number", "phone"]})
        s.commit()
        return card


@dataclass
class ApplicationRow:
    ref: str
    service_code: str
    status: str
    updated_at: datetime


def citizen_applications(engine: Engine, actor: Actor, contact_id: int) -> list[ApplicationRow]:
    """The citizen's applications, read only; the look-up is audited (application.list)."""
    from app.applications import service as apps

    require_agent(actor)
    with Session(engine) as s:
        c = own_contact(s, actor, contact_id)
        person_id = c.person_id
    if person_id is None:
        return []
    rows = apps.list_for_person_as_staff(engine, actor, person_id, purpose="hotline",
                                         detail={"contact_id": contact_id})
    return [ApplicationRow(a.ref or "", a.service_code, a.status, a.updated_at) for a in rows]


@dataclass
class MatchRow:
    """One service the caller may qualify for, as the console shows it (no personal data in it)."""

    service_code: str
    name: str
    verdict: str
    reasons: list[str]
    missing: list[str]
    guide_url: str


def citizen_matches(engine: Engine, kb, actor: Actor, contact_id: int, today: date | None = None) -> list[MatchRow]:
    """政策找人 on the phone: the services the caller may qualify for, from what the product already
    knows (birth date, 户籍, completed 低保/特困 applications) — the same rules and matcher as the
    政策计算器 and 主动发现 — leaving out what they already applied for. Reading their record for this is
    a read on their behalf: audited (eligibility.match) with the verdicts, never the facts in clear."""
    from app.eligibility import match
    from app.eligibility.facts import beijing_today
    from app.outreach.service import applied_services, person_facts

    require_agent(actor)
    today = today or beijing_today()
    with Session(engine) as s:
        c = own_contact(s, actor, contact_id)
        p = s.get(Person, c.person_id) if c.person_id else None
        if p is None:
            return []
        applied = applied_services(s, p.id)
        facts, _known = person_facts(p, today, applied)
        rows = [MatchRow(m.service_code, m.name, m.verdict, list(m.reasons), list(m.missing), m.guide_url)
                for m in match(kb, facts) if m.verdict in ("likely", "maybe") and m.service_code not in applied]
        audit(s, actor, "eligibility.match", "person", p.id, person_id=p.id,
              detail={"contact_id": c.id, "likely": [r.service_code for r in rows if r.verdict == "likely"],
                      "maybe": [r.service_code for r in rows if r.verdict == "maybe"]})
        s.commit()
    return rows
