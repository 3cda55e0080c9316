"""Personal data in free text: find and mask ID numbers, phone numbers and bank-card numbers.

Used wherever citizen text leaves its form: before the assistant (Rasa and its tracker store),
in contact transcripts, work-order notes, rating comments, audit details and logs. Masking keeps
the first and last digits so a person can still recognise their own number
(3201**********1234; 138****5678; 6222***********0123; 025****1234).

Free text is first normalised (full-width digits to ASCII) so ３２０１… cannot slip through, and
the patterns allow the spaces and dashes people put inside numbers.
"""

from __future__ import annotations

import re
import unicodedata

from app.core.identifiers import normalize_id_number

_SEP = r"[ \-\u3000]?"  # one optional separator between digit groups
# 18-digit resident ID (last may be X), written 6-8-4 or in any grouping with single spaces/dashes.
_ID18 = re.compile(r"(?<![\dA-Za-z])(\d(?:" + _SEP + r"\d){16}" + _SEP + r"[\dXx])(?![\dA-Za-z])")
# Mainland mobile numbers: 1[3-9] + 9 digits, optionally +86, spaces or dashes.
_MOBILE = re.compile(r"(?<!\d)(?:\+?86" + _SEP + r")?(1[3-9]\d)" + _SEP + r"(\d{4})" + _SEP + r"(\d{4})(?!\d)")
# Bank cards: 16–19 digits, grouped or not (checked after IDs and phones are masked).
_CARD = re.compile(r"(?<![\d*])(\d(?:" + _SEP + r"\d){15,18})(?![\d*])")
# Landlines: 0 + 2–3 digit area code, optional separator/parentheses, 7–8 digits (025-83201234,
# (025)83201234, 0512 6522 1234).
_LANDLINE = re.compile(r"(?<![\d*])(?:\(0\d{2,3}\)|0\d{2,3})" + _SEP + r"\d{3,4}" + _SEP + r"\d{4}(?![\d*])")

# Full-width digits, X and the plus/minus signs to ASCII — and nothing else, so Chinese punctuation
# in the text stays as written.
_DIGITS = {0xFF10 + i: ord("0") + i for i in range(10)} | {0xFF38: ord("X"), 0xFF58: ord("x"),
                                                         0xFF0B: ord("+"), 0xFF0D: ord("-")}

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def id_number_valid(value: str) -> bool:
    """GB 11643-1999 check: 17 digits, then the check character (after normalisation)."""
    v = normalize_id_number(value)
    if not re.fullmatch(r"\d{17}[\dX]", v):
        return False
    total = sum(int(d) * w for d, w in zip(v[:17], _WEIGHTS, strict=True))
    return _CHECK[total % 11] == v[17]


def mask_id_number(value: str) -> str:
    v = normalize_id_number(value)
    if len(v) < 8:
        return "*" * len(v)
    return v[:4] + "*" * (len(v) - 8) + v[-4:]


def mask_phone(value: str) -> str:
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", value or ""))
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    if len(digits) != 11:
        return "*" * len(digits)
    return digits[:3] + "****" + digits[-4:]


def _mask_digits(raw: str, keep_head: int, keep_tail: int = 4) -> str:
    digits = re.sub(r"\D", "", raw)
    if len(digits) <= keep_head + keep_tail:
        return "*" * len(digits)
    return digits[:keep_head] + "*" * (len(digits) - keep_head - keep_tail) + digits[-keep_tail:]


def redact(text: str) -> str:
    """Mask every ID number, mobile, bank-card and landline number in free text."""
    text = (text or "").translate(_DIGITS)
    text = _ID18.sub(lambda m: mask_id_number(m.group(0)), text)
    text = _MOBILE.sub(lambda m: mask_phone(m.group(1) + m.group(2) + m.group(3)), text)
    text = _CARD.sub(lambda m: _mask_digits(m.group(0), 4), text)
    return _LANDLINE.sub(lambda m: _mask_digits(m.group(0), 3), text)
