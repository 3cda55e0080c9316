"""The journeys share one app and one database: a phone number signed in by two test files shares
their drafts and identities (the 上门代办 journey once found the 为您推荐 journey's person on
record). Each file's phone numbers are its own."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

PHONE = re.compile(r"[\"'](1[3-9]\d{9})[\"']")


def test_no_phone_number_is_used_by_two_journey_files():
    users: dict[str, set[str]] = defaultdict(set)
    for f in Path(__file__).parent.glob("test_*.py"):
        for phone in PHONE.findall(f.read_text(encoding="utf-8")):
            users[phone].add(f.name)
    shared = {p: sorted(fs) for p, fs in users.items() if len(fs) > 1}
    assert not shared, shared
