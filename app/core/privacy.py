"""Personal data in free text: find and mask Chinese ID numbers and mobile numbers.

Used wherever citizen text leaves its form: before the assistant (Rasa and its tracker store),
in contact transcripts, and in logs. Masking keeps the first and last digits so a person can
still recognise their own number (3201**********1234; 138****5678).
"""

from __future__ import annotations

import re

# 18-digit resident ID (last may be X), not part of a longer digit run.
_ID18 = re.compile(r"(?<!\d)(\d{6})(\d{8})(\d{3})([\dXx])(?!\d)")
# Mainland mobile numbers: 1[3-9] + 9 digits, optionally written with spaces or dashes.
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})(?!\d)")

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def id_number_valid(value: str) -> bool:
    """GB 11643-1999 check: 17 digits, then the check character."""
    v = (value or "").strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", v):
        return False
    total = sum(int(d) * w for d, w in zip(v[:17], _WEIGHTS))
    return _CHECK[total % 11] == v[17]


def mask_id_number(value: str) -> str:
    v = (value or "").strip()
    if len(v) < 8:
        return "*" * len(v)
    return v[:4] + "*" * (len(v) - 8) + v[-4:]


def mask_phone(value: str) -> str:
    digits = re.sub(r"\D", "", value or "")
    if len(digits) != 11:
        return "*" * len(digits)
    return digits[:3] + "****" + digits[-4:]


def redact(text: str) -> str:
    """Mask every ID number and mobile number in free text."""
    text = _ID18.sub(lambda m: mask_id_number(m.group(0)), text or "")
    return _MOBILE.sub(lambda m: mask_phone(m.group(0)), text)
