"""State of the work-order pages (/agent/orders, /agent/orders/[order_id]) and the supervisor's
view (/agent/supervisor): thin adapters over ``app.hotline.service``."""

from __future__ import annotations

import dataclasses
import json

import reflex as rx

from app.core import urls
from app.hotline import service as hs
from app.hotline.models import GAP_REASONS, OUTCOMES, RATING_LABELS, STATUS_LABELS, STATUS_ORDER
from app.identity.models import Account
from app.ui import agent_text as t
from app.ui.apply_state import local_time
from app.ui.session import current_actor, engine


@dataclasses.dataclass
class OrderRow:
    id: int = 0
    ref: str = ""
    title: str = ""
    category: str = ""
    district: str = ""
    department: str = ""
    status: str = ""
    status_label: str = ""
    due: str = ""
    overdue: bool = False


@dataclasses.dataclass
class StepRow:
    label: str = ""
    at: str = ""
    by: str = ""
    note: str = ""


@dataclasses.dataclass
class Filter:
    value: str = ""
    label: str = ""
    href: str = ""
    current: bool = False


@dataclasses.dataclass
class TopicRow:
    topic: str = ""
    counts: list[str] = dataclasses.field(default_factory=list)
    total: str = ""


@dataclasses.dataclass
class EntryRow:
    entry_id: str = ""
    title: str = ""
    url: str = ""
    shown: str = ""
    used: str = ""
    useful: str = ""
    useless: str = ""
    edited: str = ""
    rate: str = ""
    edit_rate: str = ""


@dataclasses.dataclass
class GapRow:
    question: str = ""
    reason: str = ""
    best: str = ""
    at: str = ""


@dataclasses.dataclass
class Stat:
    label: str = ""
    value: str = ""


def order_row(w) -> OrderRow:
    return OrderRow(w.id, w.ref or "", w.title, w.category, w.district, w.department, w.status,
                    STATUS_LABELS[w.status], local_time(w.due_at), hs.is_overdue(w))


def pct(x: float | None) -> str:
    return t.NONE if x is None else f"{round(x * 100)}%"


def _staff_names(ids: set[int]) -> dict[int, str]:
    from sqlmodel import Session, select

    if not ids:
        return {}
    with Session(engine()) as s:
        rows = s.exec(select(Account).where(Account.id.in_(ids))).all()
        return {a.id: a.display_name or a.phone_masked for a in rows}


def entry_title(entry_id: str) -> tuple[str, str]:
    """(title, url) of a knowledge-base entry for the statistics table."""
    from app.ui.session import kb

    k = kb()
    if "#" in entry_id:
        code, n = entry_id.split("#", 1)
        faq = next((f for f in k.faqs if f.id == entry_id), None)
        return (faq.q if faq else entry_id), urls.faq_url(code, n)
    if entry_id in k.services:
        return k.services[entry_id].name, urls.service_url(entry_id)
    if entry_id in k.policies:
        return k.policies[entry_id][0].title, urls.policy_url(entry_id)
    if entry_id in k.bundles:
        return k.bundles[entry_id].name, urls.bundle_url(entry_id)
    return entry_id, ""


def _focus(element_id: str):
    return rx.call_script(f"setTimeout(()=>document.getElementById({json.dumps(element_id)})?.focus(),40)")


class StaffPageState(rx.State):
    """Shared sign-in and role check of the staff pages."""

    signed_in: bool = False
    allowed: bool = False
    is_supervisor: bool = False

    def _gate(self, path: str, roles: set[str]):
        actor = current_actor(self, channel="hotline")
        self.signed_in = actor is not None
        self.allowed = actor is not None and actor.role in roles
        self.is_supervisor = actor is not None and actor.role in hs.SUPERVISOR_ROLES
        if actor is None:
            return None, rx.redirect(urls.login_url(path))
        return (actor if self.allowed else None), None


class OrdersState(StaffPageState):
    rows: list[OrderRow] = []
    filters: list[Filter] = []
    overdue_only: bool = False
    status: str = ""

    @rx.event
    def load(self):
        actor, redirect = self._gate(urls.AGENT_ORDERS, hs.AGENT_ROLES)
        if redirect is not None or actor is None:
            self.rows = []
            return redirect
        q = self.router.url.query_parameters
        status = q.get("status", "")
        self.status = status if status in STATUS_LABELS else ""
        self.overdue_only = q.get("overdue") == "1"
        self.rows = [order_row(w) for w in hs.list_orders(engine(), actor, status=self.status or None,
                                                          overdue_only=self.overdue_only)]
        self.filters = [Filter("", t.ORDERS_ALL, urls.AGENT_ORDERS, not self.status and not self.overdue_only)] + [
            Filter(s, STATUS_LABELS[s], urls.agent_orders_url(status=s), s == self.status) for s in STATUS_ORDER] + [
            Filter("overdue", t.ORDERS_OVERDUE, urls.agent_orders_url(overdue=True), self.overdue_only)]


class OrderState(StaffPageState):
    found: bool = True
    order_id: int = 0
    ref: str = ""
    title: str = ""
    description: str = ""
    category: str = ""
    district: str = ""
    department: str = ""
    handler: str = ""
    status: str = ""
    status_label: str = ""
    created: str = ""
    due: str = ""
    overdue: bool = False
    feedback: str = ""
    rating_text: str = ""
    contact_id: int = 0
    steps: list[StepRow] = []
    message: str = ""
    error: str = ""

    def _show(self, actor, wo) -> None:
        self.found, self.order_id, self.ref, self.title = True, wo.id, wo.ref or "", wo.title
        self.description, self.category, self.district = wo.description, wo.category, wo.district
        self.department, self.handler = wo.department, wo.handler or ""
        self.status, self.status_label = wo.status, STATUS_LABELS[wo.status]
        self.created, self.due, self.overdue = local_time(wo.created_at), local_time(wo.due_at), hs.is_overdue(wo)
        self.feedback = wo.feedback or ""
        self.contact_id = wo.contact_id or 0
        self.rating_text = t.RATED.format(stars=wo.rating, label=RATING_LABELS[wo.rating - 1],
                                          via=t.RATED_VIA.get(wo.rated_via or "", "")) if wo.rating else ""
        events = hs.timeline(engine(), actor, wo.id)
        names = _staff_names({e.by_account_id for e in events if e.by_account_id})
        self.steps = [StepRow(STATUS_LABELS.get(e.status, e.status), local_time(e.at),
                              names.get(e.by_account_id or 0, ""), e.note or "") for e in events]

    @rx.event
    def load(self):
        raw = str(self.router.url.path).rstrip("/").rsplit("/", 1)[-1]  # /agent/orders/[order_id]
        actor, redirect = self._gate(urls.agent_order_url(raw), hs.AGENT_ROLES)
        self.message, self.error = "", ""
        if redirect is not None or actor is None:
            self.found, self.steps = False, []
            return redirect
        try:
            self._show(actor, hs.get_order(engine(), actor, int(raw)))
        except (ValueError, hs.HotlineError):
            self.found, self.steps = False, []

    def _act(self, fn):
        actor = current_actor(self, channel="hotline")
        try:
            if actor is None:
                raise hs.AccessDenied()
            wo = fn(actor)
        except (hs.AccessDenied, hs.HotlineError) as exc:
            self.error, self.message = exc.message, ""
            return _focus("order-error")
        self._show(actor, wo)
        self.error, self.message = "", t.STEP_DONE.format(status=self.status_label)
        return _focus("order-message")

    @rx.event
    def assign(self, form: dict):
        return self._act(lambda a: hs.assign(engine(), a, self.order_id, department=str(form.get("department", "")),
                                             handler=str(form.get("handler", "")), note=str(form.get("note", ""))))

    @rx.event
    def start(self, form: dict):
        return self._act(lambda a: hs.start_handling(engine(), a, self.order_id, str(form.get("note", ""))))

    @rx.event
    def give_back(self, form: dict):
        return self._act(lambda a: hs.return_order(engine(), a, self.order_id, str(form.get("reason", ""))))

    @rx.event
    def feed_back(self, form: dict):
        return self._act(lambda a: hs.feed_back(engine(), a, self.order_id, str(form.get("result", ""))))

    @rx.event
    def rate(self, form: dict):
        return self._act(lambda a: hs.rate(engine(), a, self.order_id, form.get("stars", 0),
                                           str(form.get("comment", ""))))


class SupervisorState(StaffPageState):
    stats: list[Stat] = []
    statuses: list[str] = []
    topics: list[TopicRow] = []
    status_totals: list[str] = []
    overdue: list[OrderRow] = []
    entries: list[EntryRow] = []
    gaps: list[GapRow] = []
    outcomes: list[Stat] = []

    @rx.event
    def load(self):
        actor, redirect = self._gate(urls.AGENT_SUPERVISOR, hs.SUPERVISOR_ROLES)
        if redirect is not None or actor is None:
            self.stats, self.topics, self.overdue, self.entries, self.gaps = [], [], [], [], []
            return redirect
        d = hs.dashboard(engine(), actor)
        self.stats = [
            Stat(t.SUP_TOTAL, str(d.total)),
            Stat(t.SUP_OVERDUE, str(len(d.overdue))),
            Stat(t.SUP_LATE, str(d.answered_late)),
            Stat(t.SUP_RATING, t.NONE if d.avg_rating is None else f"{d.avg_rating:.1f} / 5"),
            Stat(t.SUP_ACCEPT, pct(d.acceptance_rate)),
            Stat(t.SUP_EDIT, pct(d.edit_rate)),
        ]
        self.statuses = [STATUS_LABELS[s] for s in STATUS_ORDER]
        self.topics = [TopicRow(topic, [str(c.get(s, 0)) for s in STATUS_ORDER], str(sum(c.values())))
                       for topic, c in d.by_topic]
        self.status_totals = [str(d.by_status.get(s, 0)) for s in STATUS_ORDER]
        self.overdue = [order_row(w) for w in d.overdue]
        rows = []
        for e in d.entries[:50]:
            title, url = entry_title(e.entry_id)
            rows.append(EntryRow(e.entry_id, title, url, str(e.shown), str(e.used), str(e.useful), str(e.useless),
                                 str(e.edited), pct(e.acceptance_rate), pct(e.edit_rate)))
        self.entries = rows
        self.gaps = [GapRow(g.question, GAP_REASONS.get(g.reason, g.reason),
                            entry_title(g.best_entry_id)[0] if g.best_entry_id else t.NONE, local_time(g.at))
                     for g in d.gaps]
        self.outcomes = [Stat(OUTCOMES[k], str(d.contacts_by_outcome.get(k, 0))) for k in OUTCOMES]


def rating_choices() -> list[tuple[str, str]]:
    return [(str(i + 1), f"{i + 1} 星：{label}") for i, label in enumerate(RATING_LABELS)]
