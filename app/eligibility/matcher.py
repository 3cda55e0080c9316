"""Facts → the services a person may qualify for, each with why and which facts would decide.

Reads only the rules (``app.knowledge.rules``) and the KB (items, per-city facts): no figure, age or
list of cities is written here. Three-valued logic, so an unknown fact never becomes a "no":

- a condition is met (True), not met (False) or undecided (None: a fact is missing, or only the
  local office decides);
- ``requires``: all met → ``likely``; one not met → ``no``; otherwise ``maybe`` with ``missing``;
- ``excludes``: one met → ``no``; undecided → a reminder in the reasons, never a block.

The verdict is guidance, never a decision: the 审核 decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from app.core import urls
from app.core.config import hotline_number
from app.eligibility.facts import FACT_LABELS, FACT_SAID, NONE, Facts, birthday
from app.knowledge.brief import short_city
from app.knowledge.loader import KnowledgeBase
from app.knowledge.rules import GRADE_WORDS, Condition, Rule, cited_texts, rules_for
from app.knowledge.schema import LocalFact, Material, ServiceItem

Verdict = Literal["likely", "maybe", "no"]
ORDER = {"likely": 0, "maybe": 1, "no": 2}
HOUSEHOLD_SAID = {"低保": "低保家庭", "特困": "特困供养人员", "低保边缘": "低保边缘家庭"}
UNKNOWN_LOCAL = "以当地公布为准"


@dataclass
class Outcome:
    """One condition's result: met?, what the facts say, and what would decide it."""

    met: bool | None
    said: list[str] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)  # (fact key, Chinese label)
    #: Fact keys whose known value counts FOR the service on this path (主动发现 lists a ``maybe``
    #: only when something about the person points to it, not just where they live).
    support: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Basis:
    """A KB condition a verdict rests on (the citation)."""

    service_code: str
    index: int
    text: str


@dataclass
class Automatic:
    """免申即享: paid without an application in this city."""

    how: str
    payment: str
    contact: str


@dataclass
class Match:
    service_code: str
    name: str
    verdict: Verdict
    reasons: list[str]
    missing: list[str]
    missing_facts: list[str]
    basis: list[Basis]
    materials: list[str]
    guide_url: str
    apply_url: str | None
    family_url: str
    automatic: Automatic | None = None
    how_to_apply: str | None = None     # the city's own words, when the KB has them
    contact: str = ""
    #: Fact keys that count for the service (see :class:`Outcome`); not part of ``to_dict``.
    support: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "service_code": self.service_code, "name": self.name, "verdict": self.verdict,
            "reasons": self.reasons, "missing": self.missing, "missing_facts": self.missing_facts,
            "automatic": (None if self.automatic is None else
                          {"no_application_needed": True, "how": self.automatic.how,
                           "payment": self.automatic.payment, "contact": self.automatic.contact}),
            "how_to_apply": self.how_to_apply, "contact": self.contact,
            "materials": self.materials, "guide_url": self.guide_url, "apply_url": self.apply_url,
            "family_url": self.family_url,
            "basis": [{"service_code": b.service_code, "condition": b.index + 1, "text": b.text}
                      for b in self.basis],
        }


# ------------------------------------------------------------------ per-city facts


_LOCAL_CACHE: dict[tuple[int, str, str | None], tuple[ServiceItem, LocalFact | None]] = {}


def local_view(svc: ServiceItem, city: str | None, county: str | None) -> LocalFact | None:
    """The city's fact, with its county's own values laid over it (扬中 inside 镇江).

    Memoised per (item, city, county): a batch over 100,000 residents asks for the same few dozen
    places, and the overlay (a pydantic copy) was a third of the matcher's time. Items are frozen,
    and the item is kept in the entry so its id cannot be reused by another object."""
    if not city:
        return None
    key = (id(svc), city, county)
    hit = _LOCAL_CACHE.get(key)
    if hit is not None and hit[0] is svc:
        return hit[1]
    if len(_LOCAL_CACHE) > 4096:
        _LOCAL_CACHE.clear()
    view = _local_view(svc, city, county)
    _LOCAL_CACHE[key] = (svc, view)
    return view


def _local_view(svc: ServiceItem, city: str, county: str | None) -> LocalFact | None:
    whole = next((f for f in svc.local if f.city == city and f.county is None), None)
    part = next((f for f in svc.local if f.city == city and county and f.county == county), None)
    if whole is None:
        return part
    if part is None:
        return whole
    return whole.model_copy(update={k: v for k, v in part.model_dump().items() if v is not None})


def start_age(svc: ServiceItem, provincial: int, city: str | None, county: str | None) -> tuple[int, LocalFact | None]:
    """The age a ``local_start_age`` rule starts at for this place, and the fact that says so."""
    lf = local_view(svc, city, county)
    if lf is not None and lf.start_age is not None:
        return lf.start_age, lf
    return provincial, None


def start_ages(svc: ServiceItem, provincial: int) -> dict[str, int]:
    """Cities whose own start age differs from the provincial one (whole-city facts first)."""
    out: dict[str, int] = {}
    for f in sorted(svc.local, key=lambda f: f.county is not None):
        if f.start_age is not None and f.start_age != provincial and f.city not in out:
            out[f.city] = f.start_age
    return out


def material_line(m: Material) -> str:
    """One material as citizens read it, the same on the guide, 测一测 and the calculator."""
    extra = "，" + str(m.count) + "份" if m.count > 1 else ""
    optional = "，非必需" if not m.required else ""
    note = "：" + m.note if m.note else ""
    return f"{m.name}（{m.form}{extra}{optional}）{note}"


# ------------------------------------------------------------------ conditions


def _date(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _age(cond: Condition, svc: ServiceItem, f: Facts) -> Outcome:
    age = f.age
    n = cond.value or 0
    if cond.test == "age_below":
        if age is None:
            return Outcome(None, missing=[("age", FACT_LABELS["age"])])
        return Outcome(age < n, [f"现在{age}周岁，" + (f"未满{n}周岁" if age < n else f"已满{n}周岁")])
    place_unknown = cond.local_start_age and f.in_jiangsu is not False and f.hukou_city is None
    if cond.local_start_age and not place_unknown:
        n, lf = start_age(svc, n, f.hukou_city, f.hukou_county)
    else:
        lf = None
    local_said = []
    if lf is not None and lf.start_age != cond.value:
        year = f"（{lf.as_of[:4]}年）" if lf.as_of else ""
        local_said.append(f"{short_city(lf.city)}{lf.county or ''}自{n}周岁起{year}")
    if age is None:
        return Outcome(None, local_said, [("age", FACT_LABELS["age"])])
    if place_unknown:
        early = start_ages(svc, n)
        low = min([n, *early.values()])
        if low <= age < n:
            where = "、".join(short_city(c) for c, a in early.items() if a <= age)
            return Outcome(None, [f"现在{age}周岁：{where}自{low}周岁起，其他地方{n}周岁起"],
                           [("hukou", FACT_LABELS["hukou"])])
        if age < low:
            where = "、".join(short_city(c) for c, a in early.items() if a == low)
            when = f"，{_date(birthday(f.birth_date, low))}满{low}周岁" if f.birth_date else ""
            return Outcome(False, [f"现在{age}周岁，还不到{low}周岁（{where}自{low}周岁起，其他地方{n}周岁起）{when}"])
    if age >= n:
        return Outcome(True, local_said + [f"现在{age}周岁，已满{n}周岁"])
    when = f"，{_date(birthday(f.birth_date, n))}满{n}周岁" if f.birth_date else ""
    return Outcome(False, local_said + [f"现在{age}周岁，还不到{n}周岁{when}"])


def _household(cond: Condition, f: Facts) -> Outcome:
    h = f.household
    if h is None:
        return Outcome(None, missing=[("household", FACT_LABELS["household"])])
    wanted = "或".join(HOUSEHOLD_SAID[v] for v in cond.values)
    if h in cond.values:
        return Outcome(True, [f"是{HOUSEHOLD_SAID[h]}"])
    if h == NONE:
        return Outcome(False, [f"不是{wanted}"])
    return Outcome(False, [f"是{HOUSEHOLD_SAID[h]}，不是{wanted}"])


def _disability(cond: Condition, f: Facts) -> Outcome:
    miss = [("disability", FACT_LABELS["disability"])]
    if f.has_certificate is False:
        return Outcome(False, ["没有残疾人证"])
    if f.has_certificate is None:
        return Outcome(None, missing=miss)
    cat, g = f.disability_category, f.disability_grade
    shown = f"{cat or ''}残疾{GRADE_WORDS[g] if g else ''}"
    if cond.categories and cat is not None and cat not in cond.categories:
        return Outcome(False, [f"残疾类别是{cat}，不在{'、'.join(cond.categories)}之列"])
    if cond.grades and g is not None and g not in cond.grades:
        return Outcome(False, [f"残疾等级是{GRADE_WORDS[g]}，不是{'或'.join(GRADE_WORDS[x] for x in cond.grades)}"])
    if (cond.categories and cat is None) or (cond.grades and g is None):
        return Outcome(None, ["有残疾人证"], miss)
    return Outcome(True, [f"持残疾人证（{shown}）" if (cat or g) else "持残疾人证"])


#: The fact a leaf test reads (its ``support`` when met).
_LEAF_FACT = {"hukou_jiangsu": "hukou", "age_at_least": "age", "age_below": "age", "household_in": "household",
              "disability": "disability"}


def evaluate(cond: Condition, svc: ServiceItem, f: Facts) -> Outcome:
    o = _evaluate(cond, svc, f)
    if o.met and cond.test in _LEAF_FACT:
        o.support = [_LEAF_FACT[cond.test]]
    elif o.met and cond.test == "fact":
        o.support = [cond.fact]
    return o


def _evaluate(cond: Condition, svc: ServiceItem, f: Facts) -> Outcome:
    t = cond.test
    if t == "hukou_jiangsu":
        if f.in_jiangsu is None:
            return Outcome(None, missing=[("hukou", FACT_LABELS["hukou"])])
        if not f.in_jiangsu:
            return Outcome(False, ["户籍不在江苏（这是江苏的政策，外省请问户籍地民政部门）"])
        return Outcome(True, [f"户籍在{f.hukou_city or '江苏'}{f.hukou_county or ''}"])
    if t in ("age_at_least", "age_below"):
        return _age(cond, svc, f)
    if t == "household_in":
        return _household(cond, f)
    if t == "disability":
        return _disability(cond, f)
    if t == "fact":
        v = f.flag(cond.fact)
        if v is None:
            return Outcome(None, missing=[(cond.fact, FACT_LABELS[cond.fact])])
        return Outcome(v, [FACT_SAID[cond.fact][0 if v else 1]])
    if t == "local":
        ask = cond.ask if UNKNOWN_LOCAL in cond.ask else f"{cond.ask}（{UNKNOWN_LOCAL}）"
        return Outcome(None, missing=[("local", ask)])
    parts = [evaluate(c, svc, f) for c in cond.of]
    if t == "any_of":
        hit = next((p for p in parts if p.met), None)
        if hit is not None:
            return Outcome(True, hit.said, support=hit.support)
        if all(p.met is False for p in parts):
            return Outcome(False, [s for p in parts for s in p.said])
        undecided = [p for p in parts if p.met is None]
        return Outcome(None, [s for p in undecided for s in p.said], [m for p in undecided for m in p.missing],
                       support=_uniq([k for p in undecided for k in p.support]))
    # all_of
    failed = [p for p in parts if p.met is False]
    if failed:
        return Outcome(False, [s for p in failed for s in p.said])
    said = [s for p in parts for s in p.said]
    support = _uniq([k for p in parts for k in p.support])
    if all(p.met for p in parts):
        return Outcome(True, said, support=support)
    return Outcome(None, said, [m for p in parts if p.met is None for m in p.missing], support=support)


# ------------------------------------------------------------------ one service, all services


def _uniq(items: list) -> list:
    out = []
    for x in items:
        if x not in out:
            out.append(x)
    return out


@dataclass(frozen=True)
class _Static:
    """What a rule's match says whatever the facts: citations, materials, the excludes' texts."""

    kb: KnowledgeBase
    rule: Rule
    basis: tuple[Basis, ...]
    materials: tuple[str, ...]
    exclude_texts: tuple[tuple[str, ...], ...]


_STATIC_CACHE: dict[tuple[int, str, str], _Static] = {}


def _static(kb: KnowledgeBase, rule: Rule) -> _Static:
    """Computed once per KB and rule (keyed like ``rules_for``: the object and its content hash)."""
    key = (id(kb), kb.content_hash, rule.service)
    hit = _STATIC_CACHE.get(key)
    if hit is not None and hit.kb is kb and hit.rule is rule:
        return hit
    if len(_STATIC_CACHE) > 256:
        _STATIC_CACHE.clear()
    code = rule.service
    basis = _uniq([Basis(c, i, t) for cond in rule.requires + rule.excludes for c, i, t in cited_texts(kb, code, cond)])
    hit = _STATIC_CACHE[key] = _Static(
        kb, rule, tuple(basis), tuple(material_line(m) for m in kb.services[code].materials),
        tuple(tuple(t for _c, _i, t in cited_texts(kb, code, cond)) for cond in rule.excludes))
    return hit


def match_rule(kb: KnowledgeBase, rule: Rule, f: Facts) -> Match:
    code = rule.service
    svc = kb.services[code]
    reasons: list[str] = []
    notes: list[str] = []
    missing: list[tuple[str, str]] = []
    verdict: Verdict = "likely"
    static = _static(kb, rule)
    basis = list(static.basis)
    for cond, texts in zip(rule.excludes, static.exclude_texts, strict=True):
        o = evaluate(cond, svc, f)
        if o.met:
            verdict = "no"
            reasons.append("，".join(o.said) + "：按规定不能享受（" + "；".join(texts) + "）")
        elif o.met is None:
            notes.append("请注意：" + "；".join(texts))
    outs = [evaluate(c, svc, f) for c in rule.requires]
    failed = [o for o in outs if o.met is False]
    if verdict != "no" and failed:
        verdict = "no"
    if verdict == "no":
        reasons = [s for o in failed for s in o.said] + reasons
    else:
        for o in outs:
            reasons.extend(o.said)
            missing.extend(o.missing)
        if missing:
            verdict = "maybe"
        reasons += notes
    missing = _uniq(missing) if verdict == "maybe" else []
    support = [] if verdict == "no" else _uniq([k for o in outs for k in o.support])
    lf = local_view(svc, f.hukou_city, f.hukou_county)
    auto = None
    if verdict != "no" and lf is not None and lf.automatic:
        auto = Automatic(
            how=lf.how_to_apply or f"{short_city(lf.city)}符合条件的自动发放，不用申请。",
            payment=lf.payment or f"什么时候开始发放，当地没有公布，{UNKNOWN_LOCAL}。",
            contact=lf.phone or (f"{lf.where}，或拨打{hotline_number()}" if lf.where else svc.phone))
    contact = (lf.phone if lf and lf.phone else None) or svc.phone
    return Match(
        service_code=code, name=svc.name, verdict=verdict, reasons=_uniq(reasons),
        missing=[label for _k, label in missing], missing_facts=_uniq([k for k, _l in missing]),
        basis=basis, materials=list(static.materials),
        guide_url=urls.service_url(code), apply_url=urls.apply_url(code) if svc.channels.online else None,
        family_url=urls.family_url(service=code), automatic=auto,
        how_to_apply=lf.how_to_apply if lf else None, contact=contact, support=support)


def match(kb: KnowledgeBase, facts: Facts, codes: list[str] | None = None) -> list[Match]:
    """Every rule's match, likely first, then maybe, then no (rule order within each)."""
    rules = rules_for(kb)
    chosen = [rules[c] for c in (codes or list(rules)) if c in rules]
    out = [match_rule(kb, r, facts) for r in chosen]
    return sorted(out, key=lambda m: ORDER[m.verdict])


def match_one(kb: KnowledgeBase, code: str, facts: Facts) -> Match:
    return match_rule(kb, rules_for(kb)[code], facts)


def provincial_age(kb: KnowledgeBase, code: str) -> int:
    """The provincial start age of a service's ``age_at_least`` rule (e.g. 尊老金: 80)."""
    for cond in rules_for(kb)[code].requires:
        if cond.test == "age_at_least" and cond.value is not None:
            return cond.value
    raise KeyError(f"{code} has no age rule")
