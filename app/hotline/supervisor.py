"""The supervisor's view (值班长): work orders by topic and status, overdue ones, the suggestions'
acceptance and edit rates per knowledge-base entry, and the gap list."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.hotline.access import aware, now, require_agent, require_supervisor
from app.hotline.models import USE_ACTIONS, VERDICTS, ContactWrapUp, KbGap, SuggestionEvent, WorkOrder
from app.hotline.work_orders import answered_late, is_overdue
from app.identity.service import Actor


@dataclass
class EntryStats:
    entry_id: str
    kind: str
    shown: int = 0
    used: int = 0
    useful: int = 0
    useless: int = 0
    edited: int = 0

    @property
    def judged(self) -> int:
        return self.useful + self.useless + self.edited

    @property
    def acceptance_rate(self) -> float | None:
        """Accepted (有用 + 改了再用) of the verdicts given."""
        return (self.useful + self.edited) / self.judged if self.judged else None

    @property
    def edit_rate(self) -> float | None:
        """Of the accepted ones, how many needed editing first."""
        acc = self.useful + self.edited
        return self.edited / acc if acc else None


def suggestion_stats(engine: Engine, actor: Actor) -> list[EntryStats]:
    """Per knowledge-base entry: shown, used, verdicts; acceptance and edit rates."""
    require_agent(actor)
    stats: dict[str, EntryStats] = {}
    with Session(engine) as s:
        for e in s.exec(select(SuggestionEvent)).all():
            st = stats.setdefault(e.entry_id, EntryStats(e.entry_id, e.entry_kind))
            if e.action == "shown":
                st.shown += 1
            elif e.action in USE_ACTIONS:
                st.used += 1
            elif e.action in VERDICTS:
                setattr(st, e.action, getattr(st, e.action) + 1)
    return sorted(stats.values(), key=lambda x: (-x.judged, -x.shown, x.entry_id))


def acceptance_rate(stats: list[EntryStats]) -> float | None:
    judged = sum(x.judged for x in stats)
    return sum(x.useful + x.edited for x in stats) / judged if judged else None


def edit_rate(stats: list[EntryStats]) -> float | None:
    acc = sum(x.useful + x.edited for x in stats)
    return sum(x.edited for x in stats) / acc if acc else None


def gaps(engine: Engine, actor: Actor, limit: int = 200) -> list[KbGap]:
    """Questions with no good suggestion, newest first (for the knowledge-base maintainers)."""
    require_agent(actor)
    with Session(engine) as s:
        return list(s.exec(select(KbGap).order_by(KbGap.at.desc(), KbGap.id.desc()).limit(limit)).all())


@dataclass
class Dashboard:
    #: (topic, {status: count}) for every topic with orders
    by_topic: list[tuple[str, dict[str, int]]] = field(default_factory=list)
    by_status: dict[str, int] = field(default_factory=dict)
    overdue: list[WorkOrder] = field(default_factory=list)
    total: int = 0
    answered_late: int = 0
    avg_rating: float | None = None
    acceptance_rate: float | None = None
    edit_rate: float | None = None
    entries: list[EntryStats] = field(default_factory=list)
    gaps: list[KbGap] = field(default_factory=list)
    contacts_by_outcome: dict[str, int] = field(default_factory=dict)


def dashboard(engine: Engine, actor: Actor, at: datetime | None = None) -> Dashboard:
    """The supervisor's view: orders by topic and status, overdue orders, suggestion rates, gaps."""
    require_supervisor(actor)
    at = at or now()
    with Session(engine) as s:
        orders = list(s.exec(select(WorkOrder)).all())
        outcomes = Counter(w.outcome for w in s.exec(select(ContactWrapUp)).all())
    table: dict[str, Counter] = defaultdict(Counter)
    for w in orders:
        table[w.topic or "未分类"][w.status] += 1
    ratings = [w.rating for w in orders if w.rating]
    entries = suggestion_stats(engine, actor)
    return Dashboard(
        by_topic=sorted(((t, dict(c)) for t, c in table.items()), key=lambda x: -sum(x[1].values())),
        by_status=dict(Counter(w.status for w in orders)),
        overdue=sorted((w for w in orders if is_overdue(w, at)), key=lambda w: aware(w.due_at)),
        total=len(orders),
        answered_late=sum(1 for w in orders if answered_late(w)),
        avg_rating=(sum(ratings) / len(ratings)) if ratings else None,
        acceptance_rate=acceptance_rate(entries),
        edit_rate=edit_rate(entries),
        entries=entries,
        gaps=gaps(engine, actor, limit=100),
        contacts_by_outcome=dict(outcomes),
    )
