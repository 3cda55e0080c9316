"""The hotline console's domain service: the only code that claims and closes contacts for
agents, shows them the citizen, and moves work orders along.

Every function takes the :class:`Actor` established by the server and checks access here, so no
channel (console page, REST route) can forget to: only ``hotline_agent`` and ``supervisor`` get
in, an agent acts only on contacts they claimed, and the citizen's personal data is shown masked
unless the agent opens the full record — which, like every state change, writes an audit row in
the same transaction.

The functions live in the package's modules, one per part of the console (``access``: roles,
errors, the audit row and the owner check; ``calls``: the queue and the live call; ``citizen``;
``usage``: suggestions used, verdicts and the KB's gap list; ``wrapup``; ``work_orders``;
``supervisor``). This module is the package's one front door: pages, the REST API and the tests
import ``app.hotline.service`` (``hs``) and need not know which module holds what.
"""

from __future__ import annotations

from app.hotline.access import (
    AGENT_ROLES,
    LINE_SOURCES,
    MAX_LINE_CHARS,
    MIN_REASON_CHARS,
    MSG_REASON,
    SUPERVISOR_ROLES,
    AccessDenied,
    HotlineError,
    aware,
    now,
    require_agent,
    require_supervisor,
)
from app.hotline.calls import add_line, claim, get_contact, my_open_contacts, open_call, queue
from app.hotline.citizen import (
    ApplicationRow,
    CitizenCard,
    MatchRow,
    citizen_applications,
    citizen_card,
    citizen_matches,
    mask_name,
    reveal_citizen,
)
from app.hotline.models import (
    CATEGORIES,
    DEPARTMENTS,
    DISTRICTS,
    GAP_REASONS,
    OUTCOMES,
    STATUS_LABELS,
)
from app.hotline.supervisor import (
    Dashboard,
    EntryStats,
    acceptance_rate,
    dashboard,
    edit_rate,
    gaps,
    suggestion_stats,
)
from app.hotline.usage import feedback, note_answer_gap, note_weak_suggestions, record_use
from app.hotline.work_orders import (
    answered_late,
    assign,
    create_work_order,
    feed_back,
    get_order,
    is_overdue,
    list_orders,
    orders_of_citizen,
    rate,
    return_order,
    start_handling,
    timeline,
)
from app.hotline.wrapup import WrapUpDraft, draft_wrap_up, first_question, get_wrap_up, wrap_up

__all__ = [
    # access
    "AGENT_ROLES", "SUPERVISOR_ROLES", "LINE_SOURCES", "MAX_LINE_CHARS", "MIN_REASON_CHARS", "MSG_REASON",
    "AccessDenied", "HotlineError", "aware", "now", "require_agent", "require_supervisor",
    # the queue and the call
    "queue", "my_open_contacts", "claim", "open_call", "get_contact", "add_line",
    # the citizen
    "CitizenCard", "ApplicationRow", "mask_name", "citizen_card", "reveal_citizen", "citizen_applications",
    "MatchRow", "citizen_matches",
    # suggestions and gaps
    "record_use", "feedback", "note_weak_suggestions", "note_answer_gap",
    # wrap-up
    "WrapUpDraft", "first_question", "draft_wrap_up", "wrap_up", "get_wrap_up",
    # work orders
    "is_overdue", "answered_late", "create_work_order", "assign", "start_handling", "return_order",
    "feed_back", "rate", "get_order", "list_orders", "timeline", "orders_of_citizen",
    # supervisor view
    "EntryStats", "Dashboard", "suggestion_stats", "acceptance_rate", "edit_rate", "gaps", "dashboard",
    # the console's vocabularies (app.hotline.models)
    "CATEGORIES", "DISTRICTS", "DEPARTMENTS", "OUTCOMES", "GAP_REASONS", "STATUS_LABELS",
]
