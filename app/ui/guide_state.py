"""State for the service guide, bundle and policy pages: views of knowledge-base entries."""

from __future__ import annotations

import dataclasses

import reflex as rx

from app.applications.eligibility import CHECKS
from app.ui.session import kb

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


def _page_param(state, name: str) -> str:
    return str(state.router.page.params.get(name, "") or "")


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
    conditions: list[str] = []
    materials: list[str] = []
    steps: list[Row] = []
    facts: list[Row] = []
    legal_basis: list[str] = []
    faqs: list[Faq] = []
    policies: list[Link] = []
    related: list[Link] = []
    sources: list[Link] = []

    @rx.event
    def load(self):
        code = _page_param(self, "service_code")
        svc = kb().services.get(code)
        self.found = svc is not None
        if svc is None:
            return
        k = kb()
        ch = svc.channels
        yes = lambda b: "可以" if b else "不可以"  # noqa: E731
        self.code, self.name, self.topic, self.summary = code, svc.name, k.service_topic[code], svc.summary
        self.local_note, self.amounts = svc.local_note or "", svc.amounts or ""
        self.online, self.has_check = ch.online, code in CHECKS
        self.conditions = list(svc.conditions)
        self.materials = [f"{m.name}（{m.form}{'，' + str(m.count) + '份' if m.count > 1 else ''}"
                          f"{'，非必需' if not m.required else ''}）{('：' + m.note) if m.note else ''}"
                          for m in svc.materials]
        self.steps = [Row(s.name, s.detail) for s in svc.steps]
        self.facts = [
            Row("法定办结时限", svc.time_limit.legal),
            Row("承诺办结时限", svc.time_limit.promised),
            Row("收费", svc.fee),
            Row("网上办理", (ch.online_entry or "可以") if ch.online else "不可以"),
            Row("窗口办理", yes(ch.window)),
            Row("他人代办", yes(ch.proxy_allowed)),
            Row("省内通办", yes(ch.province_wide)),
            Row("跨省通办", yes(ch.cross_province)),
            Row("办理地点", svc.where),
            Row("咨询电话", svc.phone),
            Row("事项类型", svc.item_type),
            Row("事项编码", f"{code}（本平台编码）" + (f"；基本编码 {svc.official_code}" if svc.official_code else "")),
        ]
        self.legal_basis = list(svc.legal_basis)
        self.faqs = [Faq(f"faq-{i + 1}", f.q, f.a) for i, f in enumerate(svc.faqs)]
        self.policies = [Link(p.title, f"/policies/{pid}", f"{p.issuer} {p.doc_number or ''} {p.date}".strip())
                         for pid, (p, _t) in k.policies.items() if code in p.governs]
        self.related = [Link(k.services[c].name, f"/services/{c}") for c in svc.related if c in k.services]
        self.sources = [Link(s.title, s.url or "", SOURCE_KIND[s.kind] + (f" · {s.year}" if s.year else ""))
                        for s in svc.sources]


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
        self.steps = [BundleStepView(i + 1, s.name, s.department, f"/services/{s.service_code}" if s.service_code else "")
                      for i, s in enumerate(b.steps)]
        first_online = next((s.service_code for s in b.steps if s.service_code
                             and kb().services[s.service_code].channels.online), "")
        self.apply_code = first_online or ""
        self.sources = [Link(s.title, s.url or "", SOURCE_KIND[s.kind]) for s in b.sources]


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
        self.governs = [Link(kb().services[c].name, f"/services/{c}") for c in p.governs if c in kb().services]
        self.sources = [Link(s.title, s.url or "", SOURCE_KIND[s.kind]) for s in p.sources]
