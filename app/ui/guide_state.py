"""State for the service guide, bundle and policy pages: views of knowledge-base entries."""

from __future__ import annotations

import dataclasses

import reflex as rx

from app.applications.eligibility import CHECKS, material_line
from app.appointments.offices import BOOKABLE
from app.core import urls
from app.knowledge.schema import CITIES
from app.ui.city_components import known_city, remember_city_script, remembered_city
from app.ui.session import kb
from app.web.views import guide_channel_note, guide_city_label, guide_city_note

SOURCE_KIND = {"official": "官方发布", "law": "法规原文", "repost": "转载", "mirror": "镜像转载",
               "third-party": "第三方"}


@dataclasses.dataclass
class Faq:
    anchor: str = ""
    q: str = ""
    a: str = ""


@dataclasses.dataclass
class Link:
    title: str = ""
    url: str = ""
    note: str = ""


@dataclasses.dataclass
class Row:
    label: str = ""
    value: str = ""


def _citizen_links(sources) -> list[Link]:
    """Official and law sources only, linked; reposts and mirrors stay with the KB's maintainers."""
    from app.knowledge.brief import citizen_sources

    shown, _hidden = citizen_sources(list(sources))
    return [Link(s.title, s.url or "", SOURCE_KIND[s.kind] + (f" · {s.year}" if s.year else "")) for s in shown]


def _page_param(state, name: str) -> str:
    return str(state.router.page.params.get(name, "") or "")


def _city_from(state) -> str:
    """The reader's city: ?city= in the link (search, assistant), else the remembered choice."""
    return known_city(state.router.url.query_parameters.get("city", "")) or remembered_city(state)


class GuideState(rx.State):
    found: bool = True
    code: str = ""
    name: str = ""
    topic: str = ""
    summary: str = ""
    local_note: str = ""
    amounts: str = ""
    online: bool = False
    has_check: bool = False
    bookable: bool = False
    conditions: list[str] = []
    materials: list[str] = []
    steps: list[Row] = []
    facts: list[Row] = []
    legal_basis: list[str] = []
    faqs: list[Faq] = []
    policies: list[Link] = []
    related: list[Link] = []
    sources: list[Link] = []
    # the short answer first, for the reader's city
    city: str = ""
    brief: list[Row] = []
    brief_city_note: str = ""
    city_label: str = "户籍所在的城市"
    channel_note: str = ""
    amount_rule: str = ""
    amount_city: list[str] = []
    amount_others: list[str] = []
    local_lines: list[str] = []
    more_facts: list[Row] = []
    hidden_sources: int = 0
    contents: list[Link] = []

    def _fill(self, svc, k) -> None:
        from app.knowledge import brief as kb_brief

        code, city = self.code, self.city or None
        b = kb_brief.build_brief(svc, city)
        self.brief = [Row(label, value) for label, value in b.rows]
        self.brief_city_note = guide_city_note(svc, self.city, b.city_known)
        self.city_label = guide_city_label(svc)
        ch = svc.channels
        self.channel_note = guide_channel_note(svc)
        self.amount_rule = kb_brief.provincial_rule(svc.amounts) or (svc.amounts or "")
        self.amount_city = kb_brief.city_clauses(svc.amounts, city)
        lf = kb_brief.local_fact(svc, city)
        if lf and lf.amount:
            self.amount_city = [f"{kb_brief.short_city(lf.city)}：{lf.amount}"]
        others = [c for c in kb_brief._clauses(svc.amounts)
                  if c not in self.amount_rule and not any(c.endswith(x) for x in self.amount_city)]
        self.amount_others = [c.split("：", 1)[1] if c.startswith("各地") and "：" in c else c for c in others]
        self.local_lines = (kb_brief.city_clauses(svc.local_note, city) if city
                            else kb_brief._clauses(svc.local_note))
        if lf:
            self.local_lines = [x for x in (lf.where and f"办理地点：{lf.where}", lf.phone and f"电话：{lf.phone}",
                                            lf.hours and f"时间：{lf.hours}", lf.payment, lf.note) if x] + self.local_lines
        yes = lambda v: "可以" if v else "不可以"  # noqa: E731
        self.facts = [
            Row("多久办好", kb_brief.time_text(svc, city)),
            Row("收费", svc.fee),
            Row("在哪办", b.where),
            Row("可以请人代办吗", "可以，代办人带上自己的身份证" if ch.proxy_allowed else "需要本人办理"),
            Row("咨询电话", kb_brief.phone_words(b.phone)),
        ]
        self.more_facts = [
            Row("法定办结时限", svc.time_limit.legal),
            Row("承诺办结时限", svc.time_limit.promised),
            Row("网上办理", (ch.online_entry or "可以") if ch.online else "不可以"),
            Row("窗口办理", yes(ch.window)),
            Row("省内通办", yes(ch.province_wide)),
            Row("跨省通办", yes(ch.cross_province)),
            Row("全部办理地点", svc.where),
            Row("事项类型", svc.item_type),
            Row("事项编码", f"{code}（本平台编码）" + (f"；基本编码 {svc.official_code}" if svc.official_code else "")),
        ]
        shown, hidden = kb_brief.citizen_sources(list(svc.sources))
        self.sources = [Link(s.title, s.url or "", SOURCE_KIND[s.kind] + (f" · {s.year}" if s.year else ""))
                        for s in shown]
        self.hidden_sources = hidden
        contents = [Link("谁可以申请", "#who")]
        if svc.amounts:
            contents.append(Link("标准", "#amounts"))
        contents += [Link("要准备的材料", "#materials"), Link("办理流程", "#steps"),
                     Link("多久办好、在哪办", "#facts"), Link("常见问题", "#faq")]
        if self.policies:
            contents.append(Link("相关政策", "#policies"))
        contents.append(Link("更多信息（依据、来源、编码）", "#more"))
        self.contents = contents

    @rx.event
    def load(self):
        from app.ui.page_effects import announce

        code = _page_param(self, "service_code")
        svc = kb().services.get(code)
        self.found = svc is not None
        if svc is None:
            return announce("没有找到这个办事事项", focus=False)
        k = kb()
        self.code, self.name, self.topic, self.summary = code, svc.name, k.service_topic[code], svc.summary
        self.local_note, self.amounts = svc.local_note or "", svc.amounts or ""
        self.online, self.has_check = svc.channels.online, code in CHECKS
        self.bookable = code in BOOKABLE
        self.conditions = list(svc.conditions)
        self.materials = [material_line(m) for m in svc.materials]
        self.steps = [Row(s.name, s.detail) for s in svc.steps]
        self.legal_basis = list(svc.legal_basis)
        self.faqs = [Faq(f"faq-{i + 1}", f.q, f.a) for i, f in enumerate(svc.faqs)]
        self.policies = [Link(p.title, urls.policy_url(pid), "　".join(x for x in (p.issuer, p.doc_number or "", p.date) if x))
                         for pid, (p, _t) in k.policies.items() if code in p.governs]
        self.related = [Link(k.services[c].name, urls.service_url(c)) for c in svc.related if c in k.services]
        self.city = _city_from(self)
        self._fill(svc, k)
        scripts = [announce(svc.name, focus=False)]
        if self.city and self.router.url.query_parameters.get("city"):
            scripts.append(rx.call_script(remember_city_script(self.city)))
        return scripts

    @rx.event
    def choose_city(self, city: str):
        """The city picker: shows that city's facts at once and remembers the choice."""
        city = city if city in CITIES else ""
        self.city = city
        svc = kb().services.get(self.code)
        if svc is not None:
            self._fill(svc, kb())
        return rx.call_script(remember_city_script(city))


@dataclasses.dataclass
class BundleStepView:
    n: int = 0
    name: str = ""
    department: str = ""
    url: str = ""


class BundleState(rx.State):
    found: bool = True
    code: str = ""
    name: str = ""
    summary: str = ""
    local_note: str = ""
    steps: list[BundleStepView] = []
    apply_code: str = ""
    sources: list[Link] = []

    @rx.event
    def load(self):
        b = kb().bundles.get(_page_param(self, "bundle_code"))
        self.found = b is not None
        if b is None:
            return
        self.code, self.name, self.summary, self.local_note = b.code, b.name, b.summary, b.local_note or ""
        self.steps = [BundleStepView(i + 1, s.name, s.department, urls.service_url(s.service_code) if s.service_code else "")
                      for i, s in enumerate(b.steps)]
        first_online = next((s.service_code for s in b.steps if s.service_code
                             and kb().services[s.service_code].channels.online), "")
        self.apply_code = first_online or ""
        self.sources = _citizen_links(b.sources)
        from app.ui.page_effects import announce

        return announce(b.name, focus=False)


class PolicyState(rx.State):
    found: bool = True
    title: str = ""
    meta: str = ""
    summary: str = ""
    governs: list[Link] = []
    sources: list[Link] = []

    @rx.event
    def load(self):
        entry = kb().policies.get(_page_param(self, "policy_id"))
        self.found = entry is not None
        if entry is None:
            return
        p, _topic = entry
        self.title, self.summary = p.title, p.summary
        self.meta = "　".join(x for x in (p.issuer, p.doc_number or "", p.date) if x)
        self.governs = [Link(kb().services[c].name, urls.service_url(c)) for c in p.governs if c in kb().services]
        self.sources = _citizen_links(p.sources)
        from app.ui.page_effects import announce

        return announce(p.title, focus=False)
