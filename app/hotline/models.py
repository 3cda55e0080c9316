"""Tables of the hotline console: work orders (工单) and their timeline, contact wrap-ups, and
what agents did with the bot's suggestions (for acceptance rates and the knowledge base's gaps).

Work-order status flow (seed 三(四)2 分派 → 处置 → 反馈 → 评价)::

    pending 待分派 ──assign──► assigned 已分派 ──start──► handling 处置中 ──feed back──► fed_back 已反馈 ──rate──► rated 已评价
                                   │                          │
                                   └────────return───────────┴──► returned 退回 ──assign again──► assigned

A department that is not the right one returns the order (with a reason) and it is dispatched
again. Every step is a :class:`WorkOrderEvent` (who, when, note) and an audit row.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

from app.core.clock import utcnow
from app.knowledge.schema import CITIES

STATUS_LABELS = {
    "pending": "待分派",
    "assigned": "已分派",
    "handling": "处置中",
    "fed_back": "已反馈",
    "rated": "已评价",
    "returned": "退回",
}
STATUS_ORDER = ("pending", "assigned", "handling", "fed_back", "rated", "returned")
TRANSITIONS = {
    "pending": {"assigned"},
    "assigned": {"handling", "returned"},
    "handling": {"fed_back", "returned"},
    "returned": {"assigned"},
    "fed_back": {"rated"},
}
#: Still waiting for the department's answer (these can be overdue).
OPEN_STATUSES = {"pending", "assigned", "handling", "returned"}

#: Category → hours the department has to answer (the order's due time counts from creation).
CATEGORIES = {"咨询": 24, "求助": 72, "投诉": 120, "建议": 168}
#: Jiangsu's thirteen cities (设区市): the knowledge base's one list.
DISTRICTS = CITIES
DEPARTMENTS = ("市民政局", "县（市、区）民政局", "乡镇（街道）社会事务办", "社区（村）居委会",
               "社会救助服务中心", "婚姻登记处", "殡葬管理所", "养老服务指导中心", "儿童福利院",
               "救助管理站", "社会组织管理局", "区划地名处", "慈善总会")

#: Outcome of a contact, chosen at wrap-up.
OUTCOMES = {
    "answered": "当场解答",
    "work_order": "转工单办理",
    "callback": "需要回电",
    "referred": "告知其他部门",
    "unresolved": "未能解答",
}
#: What an agent did with a suggestion. copy / insert / read_aloud are uses; useful / useless /
#: edited are the agent's verdict (有用 / 没用 / 改了再用).
USE_ACTIONS = ("copy", "insert", "read_aloud")
VERDICTS = {"useful": "有用", "useless": "没用", "edited": "改了再用"}
GAP_REASONS = {"low_confidence": "没有可靠的建议", "rejected": "建议被评为没用", "unanswered": "通话未用上任何建议"}
RATING_LABELS = ("非常不满意", "不满意", "一般", "满意", "非常满意")


class WorkOrder(SQLModel, table=True):
    __tablename__ = "work_order"

    id: int | None = Field(default=None, primary_key=True)
    #: 工单编号, e.g. GD20250301000012.
    ref: str | None = Field(default=None, unique=True, index=True, max_length=24)
    contact_id: int | None = Field(default=None, foreign_key="contact.id", index=True)
    #: The citizen it is for, when known (from the contact); their rating is accepted.
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    topic: str | None = Field(default=None, index=True, max_length=16)
    service_code: str | None = Field(default=None, max_length=16)
    category: str = Field(max_length=8)
    district: str = Field(max_length=8)
    department: str = Field(max_length=24)
    #: The person in the department handling it (a name or post, as the department gives it).
    handler: str | None = Field(default=None, max_length=40)
    title: str = Field(max_length=80)
    #: What the citizen needs (ID and phone numbers redacted).
    description: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default="pending", index=True, max_length=10)
    created_by_account_id: int = Field(foreign_key="account.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    updated_at: datetime = Field(default_factory=utcnow)
    due_at: datetime = Field(index=True)
    #: The department's answer (反馈) and when it came.
    feedback: str | None = Field(default=None, sa_column=Column(Text))
    fed_back_at: datetime | None = None
    rating: int | None = None
    rating_comment: str | None = Field(default=None, sa_column=Column(Text))
    #: callback (the agent called the citizen back) | citizen (rated it themself)
    rated_via: str | None = Field(default=None, max_length=10)


class WorkOrderEvent(SQLModel, table=True):
    __tablename__ = "work_order_event"

    id: int | None = Field(default=None, primary_key=True)
    work_order_id: int = Field(foreign_key="work_order.id", index=True)
    from_status: str | None = Field(default=None, max_length=10)
    status: str = Field(max_length=10)
    at: datetime = Field(default_factory=utcnow)
    by_account_id: int | None = None
    by_role: str = Field(max_length=16)
    note: str | None = Field(default=None, sa_column=Column(Text))


class ContactWrapUp(SQLModel, table=True):
    """How a contact ended: topic, service, outcome and a short summary (editable draft)."""

    __tablename__ = "contact_wrap_up"

    contact_id: int = Field(primary_key=True, foreign_key="contact.id")
    topic: str | None = Field(default=None, index=True, max_length=16)
    service_code: str | None = Field(default=None, max_length=16)
    outcome: str = Field(max_length=12, index=True)
    summary: str = Field(sa_column=Column(Text, nullable=False))
    #: What the agent finally told or sent the citizen.
    reply: str | None = Field(default=None, sa_column=Column(Text))
    #: Knowledge-base entries whose suggestion was used (inserted, copied or read aloud).
    used_entries: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    by_account_id: int = Field(foreign_key="account.id")
    at: datetime = Field(default_factory=utcnow, index=True)


class SuggestionEvent(SQLModel, table=True):
    """One thing an agent did with one suggestion: shown (once per contact, at wrap-up), a use
    (copy / insert / read_aloud) or a verdict (useful / useless / edited)."""

    __tablename__ = "suggestion_event"

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int | None = Field(default=None, foreign_key="contact.id", index=True)
    #: FAQ id (MZ-ZLJ-01#3), service code, policy id or bundle code.
    entry_id: str = Field(index=True, max_length=32)
    entry_kind: str = Field(max_length=4)
    action: str = Field(index=True, max_length=12)
    #: The question it answered (redacted, short).
    query: str = Field(default="", max_length=200)
    confidence: float = 0.0
    #: A verdict inferred at wrap-up from an inserted suggestion the agent gave no verdict on.
    implicit: bool = False
    by_account_id: int | None = Field(default=None, index=True)
    at: datetime = Field(default_factory=utcnow, index=True)


class KbGap(SQLModel, table=True):
    """A question the knowledge base had no good answer to, for the people who maintain it."""

    __tablename__ = "kb_gap"

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int | None = Field(default=None, foreign_key="contact.id", index=True)
    question: str = Field(max_length=300)
    reason: str = Field(max_length=16, index=True)
    best_entry_id: str | None = Field(default=None, max_length=32)
    best_confidence: float = 0.0
    topic: str | None = Field(default=None, max_length=16)
    by_account_id: int | None = None
    at: datetime = Field(default_factory=utcnow, index=True)
