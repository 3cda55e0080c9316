"""Operational settings of the booking desk — EXAMPLE VALUES, not facts.

How many couples a window takes per half-day, on which weekdays it opens, how far ahead and until
when on the day one may book, are decided by each registry office and change with staffing. They
are not in any source we hold for most offices, so they are configuration: an office sets its own
numbers here (or a deployment replaces this module's values). Nothing in this file is shown to a
citizen as a rule of law; the page says "以登记处安排为准".

The one sourced exception: 苏州 registries work 周一到周六 (苏州市民政局's answer, KB fact on
MZ-HY-01 for 苏州市) — so 苏州 offices open on Saturdays here too.
"""

from __future__ import annotations

from datetime import time

#: Couples per half-day per office (example).
CAPACITY = {"am": 6, "pm": 6}
#: Per-office overrides of CAPACITY, by office id (example; empty by default).
CAPACITY_BY_OFFICE: dict[str, dict[str, int]] = {}
#: Weekdays open (Monday = 0). Default Monday–Friday (example).
OPEN_WEEKDAYS = frozenset({0, 1, 2, 3, 4})
#: Per-city opening days where a KB fact says so (苏州: 周一到周六, see the module docstring).
OPEN_WEEKDAYS_BY_CITY = {"苏州市": frozenset({0, 1, 2, 3, 4, 5})}
#: Days closed although a weekday (statutory holidays are announced each year; add them here).
CLOSED_DATES: frozenset = frozenset()
#: Furthest day one may book, counted from today (example).
MAX_DAYS_AHEAD = 30
#: Same-day booking closes at these Beijing times (example): 上午 before opening, 下午 at noon.
SAME_DAY_CUTOFF = {"am": time(8, 0), "pm": time(12, 0)}
#: Half-day start times, for "the time has passed" on change and cancel (example).
HALF_START = {"am": time(9, 0), "pm": time(13, 30)}
#: Bookings, changes and cancellations one account may make per 10 minutes (flood guard).
ACTS_PER_ACCOUNT_PER_10_MIN = 20
