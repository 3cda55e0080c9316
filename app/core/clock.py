"""The clock every package stamps its rows with: one place, so no package depends on another for it.

Timestamps are timezone-aware UTC; pages convert to 北京时间 when they show them. Tests that need a
fixed time pass their own values instead of patching this.
"""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC (what the tables store)."""
    return datetime.now(UTC)
