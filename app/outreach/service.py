"""主动发现 (政策找人 for staff): who may qualify and has not applied, and each contact with them.

- A run goes over the people in the database (birth date from the ID number, 户籍, earlier
  applications) or over a residents CSV an office imports (``app.outreach.residents``), applies the
  one matcher (``app.eligibility.match``) and lists **leads**: ``likely`` matches, and ``maybe``
  ones where something about the person points to the service (the matcher's ``support``) and at
  most ``max_missing`` facts are left to ask (local-office decisions aside). Anyone who already
  receives or applied for a service is left out for that service.
- Staff only (``OUTREACH_ROLES``), checked here in the domain, so the CLI, a page or an API cannot
  forget it.
- Audit, chosen for a department reviewer: one row per run (who, over what, how many residents
  scanned, bad rows, leads, the file's hash) **and** one row per resident who is put on the list,
  with their person id when known. Why not one row per resident scanned: a machine scan shows
  nobody's data to anyone; 100,000 rows saying so would drown the rows that matter. What a reviewer
  asks is "who was shown this person's data, and who contacted them" — answered per person by the
  lead rows, the contact rows and the reveal rows (a phone shown in full) below; "was this person
  scanned" is answered by the run row and its criteria.
- The CSV's personal data is never written in clear: leads keep a keyed hash, masked copies, and
  Fernet for what an agent must read back (name, phone), shown only by :func:`contact_details`.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.applications.models import Application
from app.audit.service import record
from app.core.crypto import decrypt, encrypt, lookup_hash
from app.core.privacy import mask_phone, redact
from app.eligibility import FactError, Facts, Match, beijing_today, match
from app.eligibility.facts import parse_hukou
from app.identity.models import Account, Person
from app.identity.service import Actor, AuthError, normalize_phone
from app.knowledge.loader import KnowledgeBase
from app.knowledge.rules import rules_for
from app.outreach.models import CLOSING_OUTCOMES, METHODS, OUTCOMES, OutreachContact, OutreachLead, OutreachRun
from app.outreach.residents import Parsed, Resident, RowError, read_residents

#: Who may run 主动发现 and contact residents: 民政 window staff, community agents, supervisors.
OUTREACH_ROLES = {"window_staff", "community_agent", "supervisor"}
#: Application statuses that count as "applied" (a draft nobody submitted does not).
APPLIED = {"submitted", "accepted", "reviewing", "completed", "returned"}
#: A completed application for one of these tells the person's household status.
HOUSEHOLD_FROM_SERVICE = {"MZ-DB-01": "低保", "MZ-TK-01": "特困"}
VERDICT_WORDS = {"likely": "可能符合", "maybe": "需核实"}
CHANNEL = "cli"
BATCH = 500


class OutreachDenied(Exception):
    """Not staff; the message is safe to show."""

    def __init__(self, message: str = "主动发现仅限民政工作人员和社区代办员使用，请用工作人员账号操作。"):
        super().__init__(message)
        self.message = message


class OutreachError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def require_staff(actor: Actor | None) -> Actor:
    if actor is None or actor.role not in OUTREACH_ROLES:
        raise OutreachDenied()
    return actor


def staff_actor(engine: Engine, phone: str, channel: str = CHANNEL) -> Actor:
    """The staff account with this phone (made by ``minzheng staff add``), or OutreachDenied."""
    try:
        digits = normalize_phone(phone)
    except AuthError as exc:
        raise OutreachDenied(f"工作人员手机号：{exc}") from exc
    with Session(engine) as s:
        acc = s.exec(select(Account).where(Account.phone_hash == lookup_hash(digits))).first()
    if acc is None:
        raise OutreachDenied("没有这个工作人员账号：请先用 `minzheng staff add 手机号 --role window_staff` 添加。")
    return require_staff(Actor(account_id=acc.id, role=acc.role, person_id=acc.person_id, channel=channel,
                               phone_masked=acc.phone_masked))


def _audit(s: Session, actor: Actor, action: str, object_type: str, object_id, *, person_id: int | None = None,
           detail: dict | None = None) -> None:
    record(s, action=action, object_type=object_type, object_id=object_id, channel=actor.channel,
           actor_account_id=actor.account_id, actor_role=actor.role, on_behalf_of_person_id=person_id,
           detail=detail)


# ------------------------------------------------------------------ which matches are leads


def is_lead(m: Match, max_missing: int = 1) -> bool:
    """``likely``; or ``maybe`` with a personal fact for it (not only the place) and few facts to ask."""
    if m.verdict == "likely":
        return True
    if m.verdict != "maybe":
        return False
    personal = [k for k in m.missing_facts if k != "local"]
    return any(k != "hukou" for k in m.support) and len(personal) <= max_missing


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧**娜: enough to tell rows apart, not to identify a resident."""
    if not name:
        return ""
    if len(name) <= 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


# ------------------------------------------------------------------ the people the database knows


def _applied(s: Session, person_ids: list[int]) -> dict[int, dict[str, str]]:
    """person id → {service code: status} of their applications that count as applied."""
    out: dict[int, dict[str, str]] = defaultdict(dict)
    if not person_ids:
        return out
    rows = s.exec(select(Application.beneficiary_person_id, Application.service_code, Application.status)
                  .where(Application.beneficiary_person_id.in_(person_ids), Application.status.in_(APPLIED))).all()
    for pid, code, status in rows:
        if out[pid].get(code) != "completed":
            out[pid][code] = status
    return out


def applied_services(s: Session, person_id: int) -> dict[str, str]:
    """One person's {service code: status} of applications that count as applied (hotline matches)."""
    return dict(_applied(s, [person_id]).get(person_id, {}))


def person_facts(p: Person, today: date, applied: dict[str, str]) -> tuple[Facts, list[str]]:
    """What the product knows of a person: the birth date (from the ID number), 户籍, and the household
    status a completed 低保/特困 application shows. Returns the facts and how each was known."""
    known = []
    try:
        in_js, city, county = parse_hukou(p.hukou_region or "")
    except FactError:
        in_js = city = county = None
    household = next((h for code, h in HOUSEHOLD_FROM_SERVICE.items() if applied.get(code) == "completed"), None)
    if household:
        known.append(f"本系统有已办结的{household}申请")
    birth = p.birth_date if p.birth_date and p.birth_date <= today else None
    return Facts(today=today, birth_date=birth, in_jiangsu=in_js, hukou_city=city, hukou_county=county,
                 household=household), known


def database_residents(s: Session, today: date) -> Iterator[Resident]:
    """Every person in the database, in id order, read in batches (so memory stays flat)."""
    last = 0
    while True:
        people = s.exec(select(Person).where(Person.id > last).order_by(Person.id).limit(BATCH)).all()
        if not people:
            return
        applied = _applied(s, [p.id for p in people])
        for p in people:
            facts, known = person_facts(p, today, applied.get(p.id, {}))
            yield Resident(line=None, facts=facts, subject_hash=p.id_number_hash, name=p.name, person_id=p.id,
                           receiving=set(applied.get(p.id, {})), known=known,
                           known_id_masked=p.id_number_masked or "", known_phone_masked=p.phone_masked or "")
        last = people[-1].id


def _link_csv_residents(s: Session, residents: list[Resident]) -> None:
    """A CSV resident whose ID number the database knows gets their person id and applications."""
    by_hash = {r.subject_hash: r for r in residents if r.id_number}
    hashes = list(by_hash)
    for i in range(0, len(hashes), BATCH):
        chunk = hashes[i:i + BATCH]
        people = s.exec(select(Person.id, Person.id_number_hash).where(Person.id_number_hash.in_(chunk))).all()
        applied = _applied(s, [pid for pid, _h in people])
        for pid, h in people:
            by_hash[h].person_id = pid
            by_hash[h].receiving |= set(applied.get(pid, {}))


# ------------------------------------------------------------------ a run


@dataclass
class LeadView:
    """A lead as staff see it: masked identifiers only."""

    id: int
    service_code: str
    service_name: str
    verdict: str
    reasons: list[str]
    to_ask: list[str]
    name_masked: str
    id_number_masked: str | None
    phone_masked: str | None
    community: str | None
    source_line: int | None
    source_ref: str | None
    person_id: int | None
    status: str = "open"


@dataclass
class RunResult:
    run_id: int
    source: str
    residents: int
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    leads: list[LeadView] = field(default_factory=list)

    def per_service(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for lead in self.leads:
            out[lead.service_name] += 1
        return dict(out)


def outreach_services(kb: KnowledgeBase) -> list[tuple[str, str]]:
    """The services a run can look for (those with eligibility rules), as (code, name), in order."""
    return [(code, kb.services[code].name) for code in rules_for(kb)]


def _services(kb: KnowledgeBase, services: list[str] | None) -> list[str]:
    known = list(rules_for(kb))
    if not services:
        return known
    bad = [c for c in services if c not in known]
    if bad:
        raise OutreachError(f"没有这些事项的资格规则：{'、'.join(bad)}。可选：{'、'.join(known)}。")
    return list(services)


def _lead_row(run_id: int, r: Resident, m: Match, kb: KnowledgeBase) -> OutreachLead:
    reasons = [*m.reasons, *r.known]
    if m.automatic is not None:
        reasons.append("当地免申即享（自动发放，不用申请）：请核实是否已经到账，没有到账请告诉对方找谁")
    return OutreachLead(
        run_id=run_id, service_code=m.service_code, verdict=m.verdict, reasons=[redact(x) for x in reasons],
        to_ask=list(m.missing), person_id=r.person_id, subject_hash=r.subject_hash,
        id_number_masked=r.id_masked, name_masked=mask_name(r.name),
        name_enc=encrypt(r.name) if r.name and r.line is not None else None,
        phone_enc=encrypt(r.phone) if r.phone else None,
        phone_masked=mask_phone(r.phone) if r.phone else (r.known_phone_masked or None),
        community=redact(r.community)[:60] or None, source_line=r.line, source_ref=redact(r.ref)[:40] or None)


def _view(lead: OutreachLead, kb: KnowledgeBase) -> LeadView:
    return LeadView(id=lead.id, service_code=lead.service_code, service_name=kb.services[lead.service_code].name,
                    verdict=lead.verdict, reasons=list(lead.reasons), to_ask=list(lead.to_ask),
                    name_masked=lead.name_masked, id_number_masked=lead.id_number_masked,
                    phone_masked=lead.phone_masked, community=lead.community, source_line=lead.source_line,
                    source_ref=lead.source_ref, person_id=lead.person_id, status=lead.status)


def _run(engine: Engine, kb: KnowledgeBase, actor: Actor, source: str, residents: Iterable[Resident], *,
         services: list[str], max_missing: int, parsed: Parsed | None, file_sha256: str | None,
         session: Session) -> RunResult:
    s = session
    run = OutreachRun(source=source, file_sha256=file_sha256, started_by_account_id=actor.account_id,
                      services=services, bad_rows=len(parsed.errors) if parsed else 0)
    s.add(run)
    s.flush()
    leads: list[OutreachLead] = []
    per_subject: dict[str, list[OutreachLead]] = defaultdict(list)
    count = 0
    for r in residents:
        count += 1
        for m in match(kb, r.facts, services):
            if m.service_code in r.receiving or not is_lead(m, max_missing):
                continue
            lead = _lead_row(run.id, r, m, kb)
            leads.append(lead)
            per_subject[r.subject_hash].append(lead)
        if len(leads) >= BATCH:
            s.add_all(leads)
            s.flush()
            leads = []
    s.add_all(leads)
    s.flush()
    run.residents, run.leads = count, sum(len(v) for v in per_subject.values())
    s.add(run)
    # Audit: the run, and one row per resident put on the list (see the module docstring).
    _audit(s, actor, "outreach.run", "outreach_run", run.id,
           detail={"source": source, "residents": count, "bad_rows": run.bad_rows, "leads": run.leads,
                   "services": services, "max_missing": max_missing,
                   **({"file_sha256": file_sha256} if file_sha256 else {})})
    for rows in per_subject.values():
        first = rows[0]
        _audit(s, actor, "outreach.lead", "outreach_lead", first.id, person_id=first.person_id,
               detail={"run": run.id, "leads": [x.id for x in rows], "services": [x.service_code for x in rows],
                       "subject": first.id_number_masked or first.name_masked,
                       **({"csv_line": first.source_line} if first.source_line else {})})
    s.commit()
    all_leads = [x for rows in per_subject.values() for x in rows]
    order = {"likely": 0, "maybe": 1}
    views = sorted((_view(x, kb) for x in all_leads), key=lambda v: (v.service_code, order[v.verdict], v.id))
    return RunResult(run_id=run.id, source=source, residents=count,
                     errors=list(parsed.errors) if parsed else [], warnings=list(parsed.warnings) if parsed else [],
                     leads=views)


def discover_database(engine: Engine, kb: KnowledgeBase, actor: Actor | None, *, today: date | None = None,
                      services: list[str] | None = None, max_missing: int = 1) -> RunResult:
    """A run over every person in the database."""
    actor = require_staff(actor)
    today = today or beijing_today()
    codes = _services(kb, services)
    with Session(engine) as s:
        return _run(engine, kb, actor, "database", database_residents(s, today), services=codes,
                    max_missing=max_missing, parsed=None, file_sha256=None, session=s)


def discover_csv(engine: Engine, kb: KnowledgeBase, actor: Actor | None, data: bytes, *, today: date | None = None,
                 services: list[str] | None = None, max_missing: int = 1) -> RunResult:
    """A run over an imported residents CSV (format: ``app.outreach.residents``). Raises
    ``CsvFormatError`` when the file as a whole cannot be read; bad rows are in ``errors``."""
    actor = require_staff(actor)  # before the file is even decoded
    today = today or beijing_today()
    codes = _services(kb, services)
    parsed = read_residents(kb, data, today, codes)
    with Session(engine) as s:
        _link_csv_residents(s, parsed.residents)
        return _run(engine, kb, actor, "csv", parsed.residents, services=codes, max_missing=max_missing,
                    parsed=parsed, file_sha256=hashlib.sha256(data).hexdigest(), session=s)


# ------------------------------------------------------------------ the leads CSV for agents

LEADS_COLUMNS = ("线索编号", "事项编码", "事项", "判断", "姓名", "身份证号", "联系电话", "社区", "原表行号", "原表序号",
                 "理由", "需要问清")


def leads_csv(result_or_leads: RunResult | list[LeadView]) -> str:
    """The leads as CSV text (masked ID numbers, phones and names), for the agents' work list.
    Written by the caller with ``encoding="utf-8-sig"`` so Excel opens it."""
    leads = result_or_leads.leads if isinstance(result_or_leads, RunResult) else result_or_leads
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(LEADS_COLUMNS)
    for v in leads:
        w.writerow([v.id, v.service_code, v.service_name, VERDICT_WORDS[v.verdict], v.name_masked,
                    v.id_number_masked or "", v.phone_masked or "", v.community or "", v.source_line or "",
                    v.source_ref or "", "；".join(v.reasons), "；".join(v.to_ask)])
    return buf.getvalue()


# ------------------------------------------------------------------ working the list


def leads_for(engine: Engine, kb: KnowledgeBase, actor: Actor | None, *, run_id: int | None = None,
              status: str | None = "open", service_code: str | None = None, limit: int = 500) -> list[LeadView]:
    """Leads to work on (masked), newest run first. One audit row for the listing, with the count."""
    actor = require_staff(actor)
    with Session(engine) as s:
        q = select(OutreachLead)
        if run_id is not None:
            q = q.where(OutreachLead.run_id == run_id)
        if status:
            q = q.where(OutreachLead.status == status)
        if service_code:
            q = q.where(OutreachLead.service_code == service_code)
        rows = s.exec(q.order_by(OutreachLead.run_id.desc(), OutreachLead.id).limit(max(1, min(limit, 5000)))).all()
        _audit(s, actor, "outreach.list", "outreach_run", run_id if run_id is not None else "all",
               detail={"count": len(rows), "status": status or "all", "service": service_code or "all"})
        s.commit()
        return [_view(x, kb) for x in rows]


def contact_details(engine: Engine, actor: Actor | None, lead_id: int, reason: str) -> dict:
    """Name and phone in full, for the agent about to call or visit: one audit row per reveal."""
    actor = require_staff(actor)
    why = redact(" ".join((reason or "").split()))[:100]
    if len(why) < 2:
        raise OutreachError("请写明查看原因（例如：电话联系告知尊老金申请），会记入审计日志。")
    with Session(engine) as s:
        lead = s.get(OutreachLead, lead_id)
        if lead is None:
            raise OutreachError("没有这条线索。")
        name, phone = (decrypt(lead.name_enc) if lead.name_enc else ""), (decrypt(lead.phone_enc) if lead.phone_enc else "")
        if lead.person_id is not None:
            p = s.get(Person, lead.person_id)
            if p is not None:
                name = name or p.name
                phone = phone or (decrypt(p.phone_enc) if p.phone_enc else "")
        _audit(s, actor, "outreach.reveal", "outreach_lead", lead.id, person_id=lead.person_id,
               detail={"reason": why, "subject": lead.id_number_masked or lead.name_masked,
                       "phone": mask_phone(phone) if phone else ""})
        s.commit()
        return {"lead_id": lead.id, "name": name, "phone": phone, "community": lead.community,
                "id_number_masked": lead.id_number_masked}


def record_contact(engine: Engine, actor: Actor | None, lead_id: int, method: str, outcome: str,
                   note: str = "") -> OutreachContact:
    """One 电话 / 上门 contact and its outcome. A closing outcome (``CLOSING_OUTCOMES``) closes this
    lead only: leads are per service, and a resident who declines 尊老金 may still want 护理补贴."""
    actor = require_staff(actor)
    if method not in METHODS:
        raise OutreachError(f"联系方式请选：{'、'.join(METHODS)}。")
    if outcome not in OUTCOMES:
        raise OutreachError(f"联系结果请选：{'、'.join(OUTCOMES)}。")
    with Session(engine) as s:
        lead = s.get(OutreachLead, lead_id)
        if lead is None:
            raise OutreachError("没有这条线索。")
        c = OutreachContact(lead_id=lead.id, by_account_id=actor.account_id, method=method, outcome=outcome,
                            note=redact(" ".join((note or "").split()))[:500] or None)
        s.add(c)
        if outcome in CLOSING_OUTCOMES:
            lead.status = "closed"
            s.add(lead)
        s.flush()
        _audit(s, actor, "outreach.contact", "outreach_lead", lead.id, person_id=lead.person_id,
               detail={"contact": c.id, "method": method, "outcome": outcome, "service": lead.service_code})
        s.commit()
        s.refresh(c)
        return c


def contacts_for(engine: Engine, actor: Actor | None, lead_id: int) -> list[OutreachContact]:
    require_staff(actor)
    with Session(engine) as s:
        return list(s.exec(select(OutreachContact).where(OutreachContact.lead_id == lead_id)
                           .order_by(OutreachContact.id)).all())


__all__ = ["OUTREACH_ROLES", "LeadView", "OutreachDenied", "OutreachError", "RunResult", "contact_details",
           "contacts_for", "discover_csv", "discover_database", "is_lead", "leads_csv", "leads_for", "mask_name",
           "outreach_services", "record_contact", "require_staff", "staff_actor"]
