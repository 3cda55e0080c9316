"""One normalisation for every identifier a person types: ID numbers, phones, bank cards, codes.

People type full-width digits (３２０１…) from Chinese input methods, group digits with spaces or
dashes, and paste numbers with invisible characters. If validation, hashing and look-up saw
different spellings of one number, one person could become two (a second Person for an ID that
is already bound, a per-phone limit escaped by writing the phone another way). So every entry
point calls these functions *before* validating, hashing or storing.
"""

from __future__ import annotations

import re
import unicodedata

# Separators people put inside numbers: spaces (also ideographic), dashes of every width, dots.
_SEPARATORS = re.compile(r"[\s\u3000\-‐‑‒–—―－_.·]")
# Zero-width and other invisible format characters that survive a copy-paste.
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff]")


def to_ascii(raw: object) -> str:
    """NFKC (full-width → ASCII), invisible characters removed, ends trimmed. ``None`` → ``""``."""
    if raw is None:
        return ""
    text = unicodedata.normalize("NFKC", str(raw))
    return _INVISIBLE.sub("", text).strip()


def compact_number(raw: object) -> str:
    """``to_ascii`` and every separator removed: '３２０１ ０２-…' → '320102…'."""
    return _SEPARATORS.sub("", to_ascii(raw))


def normalize_id_number(raw: object) -> str:
    """A resident ID number as stored and hashed: ASCII digits, separators removed, X upper case."""
    return compact_number(raw).upper()


def normalize_phone_digits(raw: object) -> str:
    """A phone number's digits: ASCII, separators removed, +86 / 0086 country prefix dropped.

    Landlines keep their area code (025-83201234 → 02583201234); callers validate the shape.
    """
    digits = compact_number(raw)
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix):]
            break
    return digits


def normalize_code(raw: object) -> str:
    """A one-time code as typed (full-width digits, spaces) → ASCII digits only."""
    return compact_number(raw)
