"""Search state of the web channel: a thin adapter over ``app.search.engine``."""

from __future__ import annotations

import dataclasses

import reflex as rx

from app.core import urls
from app.knowledge.schema import CITIES
from app.search.engine import KINDS, get_engine

#: The order groups are shown in: the service a citizen can act on first, then the questions
#: people ask about it, then the policy texts behind it.
GROUP_ORDER = ("服务", "问题", "政策")


@dataclasses.dataclass
class Segment:
    t: str = ""
    h: bool = False


@dataclasses.dataclass
class ResultView:
    id: str = ""
    title: str = ""
    topic: str = ""
    url: str = ""
    kind: str = ""
    segments: list[Segment] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class GroupView:
    kind: str = ""
    hits: list[ResultView] = dataclasses.field(default_factory=list)


def _segments(snippet: str, highlights: list[list[int]]) -> list[Segment]:
    """Split a snippet into plain and highlighted pieces, so the page needs no HTML injection."""
    out, pos = [], 0
    for s, e in highlights:
        if s > pos:
            out.append(Segment(snippet[pos:s], False))
        out.append(Segment(snippet[s:e], True))
        pos = e
    if pos < len(snippet):
        out.append(Segment(snippet[pos:], False))
    return out


def _view(r: dict) -> ResultView:
    return ResultView(r["id"], r["title"], r["topic"], r["url"], r["kind"],
                      _segments(r["snippet"], r["highlights"]))


def city_in(query: str) -> str:
    """The Jiangsu city a query names ('南京的尊老金' → '南京市'), for the guide's city picker."""
    for c in CITIES:
        if c in query or c[:-1] in query:
            return c
    return ""


def services_behind(results: list[dict], present: set[str], limit: int = 3) -> list[dict]:
    """Services that the matched questions and policies belong to, best first.

    Why: a colloquial question ("我妈81岁了能领啥钱") matches other people's questions, not the
    guide's title; the person still needs the service those questions are about.
    """
    from app.ui.session import kb

    weight: dict[str, float] = {}
    for r in results:
        code = r.get("service_code")
        if code and code not in present and r["kind"] != "服务":
            weight[code] = weight.get(code, 0.0) + float(r.get("score") or 0)
    out = []
    for code, _w in sorted(weight.items(), key=lambda kv: -kv[1])[:limit]:
        svc = kb().services.get(code)
        if svc is None:
            continue
        out.append({"id": code, "title": svc.name, "topic": kb().service_topic.get(code, ""),
                    "url": urls.service_url(code), "kind": "服务", "snippet": svc.summary, "highlights": []})
    return out


class SearchState(rx.State):
    query: str = ""
    status: str = ""
    hint: str = ""
    searched: bool = False
    total: int = 0
    groups: list[GroupView] = []
    suggestions: list[ResultView] = []

    def _run(self, q: str) -> None:
        self.query = q
        resp = get_engine().search(q, limit=15).to_dict()
        self.searched = True
        self.status = resp["status"]
        self.hint = resp["hint"] or ""
        self.total = len(resp["results"])
        groups = {k: list(resp["groups"].get(k, [])) for k in KINDS}
        present = {r["id"] for r in groups.get("服务", [])}
        groups["服务"] = groups.get("服务", []) + services_behind(resp["results"], present)
        city = city_in(q)
        order = [k for k in GROUP_ORDER if k in groups] + [k for k in KINDS if k not in GROUP_ORDER]
        # Empty groups are left out: "没有找到这一类的内容" under a heading helps nobody.
        self.groups = [GroupView(k, [_view({**r, "url": urls.with_city(r["url"], city)}) for r in groups[k]])
                       for k in order if groups[k]]
        self.suggestions = [_view(r) for r in resp["suggestions"]]

    @rx.event
    def submit(self, form_data: dict):
        """Searching opens /search?q=…, so results can be bookmarked, shared and reloaded."""
        raw = form_data.get("q") if isinstance(form_data, dict) else None
        q = raw if isinstance(raw, str) else ""
        if not q.strip() or len(q) > 500:
            self._run(q[:500])  # the engine's own hint for empty or over-long input
            return
        return rx.redirect(urls.search_url(q.strip()))

    @rx.event
    def load_from_url(self):
        from app.ui.page_effects import announce

        q = self.router.url.query_parameters.get("q", "")
        if q:
            self._run(q)
        return announce(f"搜索：{q}" if q else "搜索", focus=False)
