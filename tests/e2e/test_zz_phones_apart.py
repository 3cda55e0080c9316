"""The journeys share one app and one database: a phone number signed in by two test files shares
their drafts and identities (the 上门代办 journey once found the 为您推荐 journey's person on
record; the guide journey built ``"1380013802" + "1"`` and resumed the direct-link test's draft),
and an ID number bound by one file's phone is refused to another's. Each file's phone numbers —
whole, or the 10-digit stems that a test completes at run time — and ID numbers are its own."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

PHONE = re.compile(r"[\"'](1[3-9]\d{8,9})[\"']")
ID_PARTS = re.compile(r"make_id\(\s*\"(\d{6})\",\s*\"(\d{8})\",\s*f?\"([^\"]*)\"")


def _literals(pattern: re.Pattern[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for f in Path(__file__).parent.glob("test_*.py"):
        if f.name == Path(__file__).name:
            continue
        for m in pattern.findall(f.read_text(encoding="utf-8")):
            found["-".join(m) if isinstance(m, tuple) else m].add(f.name)
    return found


def test_no_phone_number_is_used_by_two_journey_files():
    users = _literals(PHONE)
    shared = {f"{a} ~ {b}": sorted(users[a] | users[b]) for a in users for b in users
              if a <= b and (a.startswith(b) or b.startswith(a)) and len(users[a] | users[b]) > 1}
    assert not shared, shared


def test_no_id_number_is_used_by_two_journey_files():
    users = _literals(ID_PARTS)
    shared = {i: sorted(fs) for i, fs in users.items() if len(fs) > 1}
    assert not shared, shared
