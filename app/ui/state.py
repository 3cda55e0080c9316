"""Search state of the web channel: a thin adapter over ``app.search.engine``."""

from __future__ import annotations

import dataclasses

import reflex as rx

from app.search.engine import KINDS, get_engine


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
        self.groups = [
            GroupView(k, [_view(r) for r in resp["groups"][k]]) for k in KINDS
        ]
        self.suggestions = [_view(r) for r in resp["suggestions"]]

    @rx.event
    def submit(self, form_data: dict):
        q = str(form_data.get("q", ""))
        self._run(q)

    @rx.event
    def load_from_url(self):
        q = self.router.url.query_parameters.get("q", "")
        if q:
            self._run(q)
