"""Answer units: every guide element, FAQ and policy of the knowledge base as its own answer.

Why units and not pages: a citizen asks one point (多少钱, 多久, 带什么); a whole guide or a whole
neighbouring FAQ answers the wrong point. Each unit says which facet it answers and whom it is for,
so choosing becomes "the unit of this service for this facet and this person".

Facets of guide elements are fixed by the element; a FAQ's facets are read from its question with
the same parser that reads a citizen's (``question.facets_of``), so the labels cannot drift apart.
Audience: an item that an institution applies for (养老机构备案, 社会团体成立登记) is labelled
``institution`` by the optional ``audience`` field of the KB, or else by the words of its name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.answers.question import facets_of
from app.core import urls
from app.knowledge.loader import KnowledgeBase
from app.knowledge.schema import ServiceItem
from app.search.text import char_bigrams, normalize

#: Words in an item's name that say an organisation, not a citizen, applies for it.
INSTITUTION_NAME = re.compile(r"(机构备案|(?<!关系)成立登记|设立登记|组织登记|公开募捐|慈善信托|年度检查|命名、更名|年报)")
#: A FAQ answer opening with a verdict: only fit for a yes/no question it was written for.
VERDICT_OPENING = re.compile(r"^(可以|能|不能|不可以|不行|一般不行|一般可以|是的|是|不是|有的|有|没有|不会|会|不需要|需要|不用|要|不合理|合理|对|不对|不一样|一样|不算|算|差不多|不是一回事|是一回事)[。，,！!；]")
NOT_PUBLIC = "未找到"
#: Guide sections and their anchors on /services/CODE (app/ui/pages/guide.py).
SECTION_ANCHOR = {
    "conditions": "who", "amount": "amounts", "materials": "materials", "how": "steps", "time": "facts",
    "where": "facts", "phone": "facts", "fee": "facts", "online": "facts", "automatic": "local",
    "payment": "steps", "what": "", "hours": "facts", "complaint": "facts",
}
SECTION_TITLE = {
    "conditions": "谁可以申请", "amount": "标准", "materials": "要准备的材料", "how": "办理流程",
    "time": "办理时限", "where": "办理地点", "phone": "咨询电话", "fee": "收费", "online": "办理渠道",
    "automatic": "当地的做法", "payment": "发放", "what": "事项简介", "hours": "办理地点", "complaint": "咨询和反映",
}


@dataclass
class Unit:
    id: str                  # MZ-ZLJ-01:amount, MZ-ZLJ-01#3, POL-ZLJ-01
    kind: str                # guide | faq | policy
    service_code: str
    topic: str
    facets: tuple[str, ...]
    audience: str
    title: str
    url: str
    question: str = ""       # FAQ question
    text: str = ""           # FAQ answer / policy summary (guide text is composed per city)
    verdict: bool = False    # FAQ answer opens with 可以。/ 不行。…
    not_public: bool = False
    grams: frozenset[str] = field(default_factory=frozenset)
    mentions_city: frozenset[str] = field(default_factory=frozenset)
    national: bool = False   # FAQ whose rule is national (holds in other provinces too)


def audience_of(svc: ServiceItem) -> str:
    declared = getattr(svc, "audience", None)
    if declared:
        return declared
    return "institution" if INSTITUTION_NAME.search(svc.name) else "applicant"


def _guide_facets(svc: ServiceItem) -> list[tuple[str, bool]]:
    """(facet, value not public?) for each element the item has."""
    tl = svc.time_limit
    out = [
        ("what", False), ("conditions", False), ("materials", False), ("how", False),
        ("time", NOT_PUBLIC in tl.promised and NOT_PUBLIC in tl.legal), ("where", False), ("phone", False),
        ("fee", NOT_PUBLIC in svc.fee), ("online", False), ("complaint", False),
        ("payment", not any("发放" in st.name or "发放" in st.detail for st in svc.steps) and not svc.local),
    ]
    if svc.amounts:
        out.append(("amount", NOT_PUBLIC in svc.amounts and len(svc.amounts) < 80))
    return out


def build_units(kb: KnowledgeBase) -> dict[str, list[Unit]]:
    """Units per service code (a policy is listed under every item it governs)."""
    from app.knowledge.schema import CITIES

    shorts = {c: c[:-1] for c in CITIES}
    by_service: dict[str, list[Unit]] = {}
    for code, svc in kb.services.items():
        topic = kb.service_topic[code]
        aud = audience_of(svc)
        units = by_service.setdefault(code, [])
        for facet, missing in _guide_facets(svc):
            anchor = SECTION_ANCHOR.get(facet, "")
            units.append(Unit(f"{code}:{facet}", "guide", code, topic, (facet,), aud,
                              f"{svc.name} · {SECTION_TITLE.get(facet, facet)}",
                              urls.service_url(code, anchor or None), not_public=missing))
    for faq in kb.faqs:
        svc = kb.services[faq.service_code]
        n = faq.id.split("#")[1]
        q = normalize(faq.q)
        facets = tuple(facets_of(q)) or ("general",)
        cities = frozenset(c for c, s in shorts.items() if s in faq.q or s in faq.a)
        audience = getattr(svc, "audience", None) or audience_of(svc)
        by_service[faq.service_code].append(Unit(
            faq.id, "faq", faq.service_code, faq.topic, facets, audience, faq.q,
            urls.faq_url(faq.service_code, n), question=faq.q, text=faq.a,
            verdict=bool(VERDICT_OPENING.match(faq.a)), not_public=faq.a.startswith(NOT_PUBLIC),
            grams=frozenset(char_bigrams(q)), mentions_city=cities, national=faq.scope == "national"))
    for pid, (pol, topic) in kb.policies.items():
        number = f"（{pol.doc_number}）" if pol.doc_number else ""
        text = normalize(pol.title + pol.summary)
        for code in pol.governs:
            if code in by_service:
                by_service[code].append(Unit(
                    pid, "policy", code, topic, ("what", "amount") if re.search(r"\d+元", pol.summary) else ("what",),
                    "any", f"{pol.title}{number}", urls.policy_url(pid), question=pol.title, text=pol.summary,
                    grams=frozenset(char_bigrams(text))))
    return by_service
