"""Plain views of knowledge-base entries: the values each public page shows.

These follow what ``app/ui/guide_state.py`` and ``app/ui/state.py`` (SearchState) compute for the
Reflex pages, from the same domain functions (``app.knowledge.brief``, ``material_line``, the search
engine), so the server HTML and the hydrated page say the same thing. Why a copy of the
arrangement rather than an import: the UI states are Reflex classes, and this adapter must run
without Reflex (tests/test_architecture.py). Should the UI states move these builders into the
domain, both can call one function.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.applications.eligibility import CHECKS, material_line
from app.appointments.offices import BOOKABLE
from app.core import urls
from app.knowledge import brief as kb_brief
from app.knowledge.schema import CITIES
from app.search.engine import KINDS, get_engine

SOURCE_KIND = {"official": "官方发布", "law": "法规原文", "repost": "转载", "mirror": "镜像转载",
               "third-party": "第三方"}
#: The order of result groups on the search page (same as SearchState.GROUP_ORDER).
GROUP_ORDER = ("服务", "问题", "政策")
#: Longest query the search page runs (SearchState.submit refuses longer input the same way).
MAX_QUERY = 500


@dataclass
class Link:
    title: str
    url: str = ""
    note: str = ""


@dataclass
class GuideView:
    code: str
    name: str
    city: str
    brief: list[tuple[str, str]]
    brief_city_note: str
    online: bool
    has_check: bool
    channel_note: str
    contents: list[Link]
    conditions: list[str]
    amounts: str
    amount_rule: str
    amount_city: list[str]
    amount_others: list[str]
    local_lines: list[str]
    materials: list[str]
    steps: list[tuple[str, str]]
    facts: list[tuple[str, str]]
    faqs: list[tuple[str, str, str]]  # (anchor, question, answer)
    policies: list[Link]
    related: list[Link]
    legal_basis: list[str]
    more_facts: list[tuple[str, str]]
    sources: list[Link]
    hidden_sources: int
    bookable: bool = False  # a window time can be booked here (/booking)
    city_label: str = "户籍所在的城市"  # the city picker's label: whose 户籍 decides


@dataclass
class BundleView:
    code: str
    name: str
    summary: str
    local_note: str
    steps: list[tuple[str, str, str]]  # (name, department, url)
    apply_code: str
    sources: list[Link]


@dataclass
class PolicyView:
    title: str
    meta: str
    summary: str
    governs: list[Link]
    sources: list[Link]


@dataclass
class Hit:
    title: str
    topic: str
    url: str
    segments: list[tuple[str, bool]]  # (text, highlighted)


@dataclass
class SearchView:
    query: str
    hint: str
    total: int
    groups: list[tuple[str, list[Hit]]] = field(default_factory=list)
    suggestions: list[Hit] = field(default_factory=list)


@dataclass
class AnswerView:
    """The search page's direct answer (app/ui/answer_components.py, AnswerBoxState)."""
    city: str
    status: str
    lines: list[str]
    source_title: str = ""
    source_url: str = ""


def kb():
    return get_engine().kb


def known_city(value: str | None) -> str:
    """'苏州' or '苏州市' → '苏州市'; anything else → '' (as app/ui/city_components.known_city)."""
    v = str(value or "").strip()
    if v in CITIES:
        return v
    return v + "市" if v and v + "市" in CITIES else ""


def _links(sources) -> tuple[list[Link], int]:
    """Official and law sources, linked; reposts and mirrors are only counted."""
    shown, hidden = kb_brief.citizen_sources(list(sources))
    return [Link(s.title, s.url or "", SOURCE_KIND[s.kind] + (f" · {s.year}" if s.year else ""))
            for s in shown], hidden


#: Topics whose guides are read for an elderly person: the city asked is the elder's 户籍.
ELDER_TOPICS = frozenset({"尊老金", "养老服务"})


def guide_city_label(svc) -> str:
    """The label of a guide's city picker: whose 户籍 decides the local rules of this item."""
    return "老人户籍所在的城市" if kb().service_topic.get(svc.code) in ELDER_TOPICS else "户籍所在的城市"


def guide_city_note(svc, city: str, city_known: bool) -> str:
    """The line under a guide's short answer: whose city it shows, or how to choose one.

    One place for the served HTML and the hydrated page (app/ui/guide_state.py)."""
    from app.knowledge import brief as kb_brief

    if city:
        return (f"下面是{kb_brief.short_city(city)}的信息。" if city_known else
                f"还没有找到{kb_brief.short_city(city)}的公开资料，下面是全省的规定。")
    return f"选择{guide_city_label(svc)}，可以看当地的标准和地点。"


def guide_channel_note(svc) -> str:
    """Which way to apply: this site's 在线办理, another online channel, or the window (with booking)."""
    from app.knowledge import brief as kb_brief

    ch = svc.channels
    if ch.online and ch.online_entry:
        return (f"在线办理选一个就行：推荐本网站的“在线办理”（{kb_brief.SITE_CHANNEL_WHY}）；"
                f"已经在用{ch.online_entry}的，也可以在那里申请，不用重复办。")
    if ch.online:
        return f"推荐本网站的“在线办理”：{kb_brief.SITE_CHANNEL_WHY}。"
    if ch.online_entry:
        entry = ch.online_entry.removeprefix("网上预约：")
        return f"这件事要到窗口办；可以先在网上预约：{entry}。"
    return ""


def guide_view(code: str, city: str = "") -> GuideView | None:
    """The guide of ``code`` for the reader's ``city`` ('' = the whole province); None if unknown."""
    k = kb()
    svc = k.services.get(code)
    if svc is None:
        return None
    city = known_city(city)
    c = city or None
    b = kb_brief.build_brief(svc, c)
    city_note = guide_city_note(svc, city, b.city_known)
    ch = svc.channels
    channel_note = guide_channel_note(svc)
    amount_rule = kb_brief.provincial_rule(svc.amounts) or (svc.amounts or "")
    amount_city = kb_brief.city_clauses(svc.amounts, c)
    lf = kb_brief.local_fact(svc, c)
    if lf and lf.amount:
        amount_city = [f"{kb_brief.short_city(lf.city)}：{lf.amount}"]
    others = [x for x in kb_brief._clauses(svc.amounts)
              if x not in amount_rule and not any(x.endswith(y) for y in amount_city)]
    amount_others = [x.split("：", 1)[1] if x.startswith("各地") and "：" in x else x for x in others]
    local_lines = kb_brief.city_clauses(svc.local_note, c) if city else kb_brief._clauses(svc.local_note)
    if lf:
        local_lines = [x for x in (lf.where and f"办理地点：{lf.where}", lf.phone and f"电话：{lf.phone}",
                                   lf.hours and f"时间：{lf.hours}", lf.payment, lf.note) if x] + local_lines

    def yes(v: bool) -> str:
        return "可以" if v else "不可以"

    facts = [
        ("多久办好", kb_brief.time_text(svc, c)),
        ("收费", svc.fee),
        ("在哪办", b.where),
        ("可以请人代办吗", "可以，代办人带上自己的身份证" if ch.proxy_allowed else "需要本人办理"),
        ("咨询电话", kb_brief.phone_words(b.phone)),
    ]
    more_facts = [
        ("法定办结时限", svc.time_limit.legal),
        ("承诺办结时限", svc.time_limit.promised),
        ("网上办理", (ch.online_entry or "可以") if ch.online else "不可以"),
        ("窗口办理", yes(ch.window)),
        ("省内通办", yes(ch.province_wide)),
        ("跨省通办", yes(ch.cross_province)),
        ("全部办理地点", svc.where),
        ("事项类型", svc.item_type),
        ("事项编码", f"{code}（本平台编码）" + (f"；基本编码 {svc.official_code}" if svc.official_code else "")),
    ]
    policies = [Link(p.title, urls.policy_url(pid), "　".join(x for x in (p.issuer, p.doc_number or "", p.date) if x))
                for pid, (p, _t) in k.policies.items() if code in p.governs]
    sources, hidden = _links(svc.sources)
    contents = [Link("谁可以申请", "#who")]
    if svc.amounts:
        contents.append(Link("标准", "#amounts"))
    contents += [Link("要准备的材料", "#materials"), Link("办理流程", "#steps"),
                 Link("多久办好、在哪办", "#facts"), Link("常见问题", "#faq")]
    if policies:
        contents.append(Link("相关政策", "#policies"))
    contents.append(Link("更多信息（依据、来源、编码）", "#more"))
    return GuideView(
        code=code, name=svc.name, city=city, brief=list(b.rows), brief_city_note=city_note,
        online=ch.online, has_check=code in CHECKS, bookable=code in BOOKABLE, channel_note=channel_note, contents=contents,
        conditions=list(svc.conditions), amounts=svc.amounts or "", amount_rule=amount_rule,
        amount_city=amount_city, amount_others=amount_others, local_lines=local_lines,
        materials=[material_line(m) for m in svc.materials],
        steps=[(s.name, s.detail) for s in svc.steps], facts=facts,
        faqs=[(f"faq-{i + 1}", f.q, f.a) for i, f in enumerate(svc.faqs)],
        policies=policies,
        related=[Link(k.services[r].name, urls.service_url(r)) for r in svc.related if r in k.services],
        legal_basis=list(svc.legal_basis), more_facts=more_facts, sources=sources, hidden_sources=hidden,
        city_label=guide_city_label(svc),
    )


def bundle_view(code: str) -> BundleView | None:
    k = kb()
    b = k.bundles.get(code)
    if b is None:
        return None
    steps = [(s.name, s.department, urls.service_url(s.service_code) if s.service_code else "") for s in b.steps]
    apply_code = next((s.service_code for s in b.steps if s.service_code
                       and s.service_code in k.services and k.services[s.service_code].channels.online), "")
    return BundleView(b.code, b.name, b.summary, b.local_note or "", steps, apply_code or "", _links(b.sources)[0])


def policy_view(policy_id: str) -> PolicyView | None:
    k = kb()
    entry = k.policies.get(policy_id)
    if entry is None:
        return None
    p, _topic = entry
    return PolicyView(p.title, "　".join(x for x in (p.issuer, p.doc_number or "", p.date) if x), p.summary,
                      [Link(k.services[c].name, urls.service_url(c)) for c in p.governs if c in k.services],
                      _links(p.sources)[0])


def _segments(snippet: str, highlights: list[list[int]]) -> list[tuple[str, bool]]:
    out, pos = [], 0
    for s, e in highlights:
        if s > pos:
            out.append((snippet[pos:s], False))
        out.append((snippet[s:e], True))
        pos = e
    if pos < len(snippet):
        out.append((snippet[pos:], False))
    return out


def city_in(query: str) -> str:
    for c in CITIES:
        if c in query or c[:-1] in query:
            return c
    return ""


def _services_behind(results: list[dict], present: set[str], limit: int = 3) -> list[dict]:
    """The services the matched questions and policies belong to (as SearchState does)."""
    weight: dict[str, float] = {}
    for r in results:
        code = r.get("service_code")
        if code and code not in present and r["kind"] != "服务":
            weight[code] = weight.get(code, 0.0) + float(r.get("score") or 0)
    out = []
    for code, _w in sorted(weight.items(), key=lambda kv: -kv[1])[:limit]:
        svc = kb().services.get(code)
        if svc is not None:
            out.append({"id": code, "title": svc.name, "topic": kb().service_topic.get(code, ""),
                        "url": urls.service_url(code), "kind": "服务", "snippet": svc.summary, "highlights": []})
    return out


def _hit(r: dict, city: str = "") -> Hit:
    return Hit(r["title"], r["topic"], urls.with_city(r["url"], city), _segments(r["snippet"], r["highlights"]))


def search_view(q: str) -> SearchView:
    """Results of the same engine call the search page makes (``search(q, limit=15)``)."""
    q = (q if isinstance(q, str) else "")[:MAX_QUERY]
    resp = get_engine().search(q, limit=15).to_dict()
    groups = {k: list(resp["groups"].get(k, [])) for k in KINDS}
    present = {r["id"] for r in groups.get("服务", [])}
    groups["服务"] = groups.get("服务", []) + _services_behind(resp["results"], present)
    city = city_in(q)
    order = [k for k in GROUP_ORDER if k in groups] + [k for k in KINDS if k not in GROUP_ORDER]
    return SearchView(
        query=q, hint=resp["hint"] or "", total=len(resp["results"]),
        groups=[(k, [_hit(r, city) for r in groups[k]]) for k in order if groups[k]],
        suggestions=[_hit(r) for r in resp["suggestions"]],
    )


def answer_view(q: str, city: str = "") -> AnswerView | None:
    """The direct answer the search page shows above the results (AnswerBoxState.load): for the city
    the query names, else ``city`` (the reader's, remembered); None where the page shows none. The
    same engine call; the gap list is the page's to write (it notes an abstention when it mounts)."""
    from app.answers import AnswerContext, answer

    q = (q if isinstance(q, str) else "")[:MAX_QUERY]
    if not q.strip():
        return None
    city = city_in(q) or known_city(city)
    a = answer(q, AnswerContext(channel="web", city=city or None))
    if "question" in a.missing or ("service" in a.missing and a.status == "unsure" and not a.source):
        return None
    return AnswerView(city=city, status=a.status, lines=[x for x in a.text.split("\n") if x.strip()],
                      source_title=a.source.title if a.source else "", source_url=a.source.url if a.source else "")
