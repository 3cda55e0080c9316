"""Text normalisation shared by indexing and querying.

Real input is messy: full-width characters, traditional characters (我們…高齡津貼), no
punctuation, and speech-recognition homophones (尊老京 for 尊老金). Both the index and the
query pass through the same functions so that they meet in the middle.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import pairwise

import zhconv
from pypinyin import Style, lazy_pinyin

_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORDISH = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """NFKC (full-width → half-width), traditional → simplified, lower case, collapsed spaces."""
    text = unicodedata.normalize("NFKC", text or "")
    text = zhconv.convert(text, "zh-cn")
    return _SPACES.sub(" ", text).strip().lower()


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def meaningful_chars(text: str) -> int:
    """How many characters could carry meaning (CJK, letters, digits)."""
    return len(_WORDISH.findall(text))


# Fuzzy-pinyin rules: the confusions speech recognisers and southern accents make
# (前后鼻音 in/ing, en/eng, an/ang; 平翘舌 z/zh, c/ch, s/sh; n/l; f/h).
_FUZZY_FINALS = (("ing", "in"), ("eng", "en"), ("ang", "an"))
_FUZZY_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"))


@lru_cache(maxsize=8192)
def fuzzy_syllable(syl: str) -> str:
    for a, b in _FUZZY_INITIALS:
        if syl.startswith(a):
            syl = b + syl[len(a):]
            break
    if syl.startswith("n"):
        syl = "l" + syl[1:]
    for a, b in _FUZZY_FINALS:
        if syl.endswith(a):
            syl = syl[: -len(a)] + b
            break
    return syl


@lru_cache(maxsize=16384)
def _char_pinyin(ch: str) -> str:
    return fuzzy_syllable(lazy_pinyin(ch, style=Style.NORMAL)[0])


def pinyin_bigrams(text: str) -> list[str]:
    """Fuzzy-pinyin bigrams over each run of CJK characters: 尊老京 → ['zun~lao', 'lao~jin']."""
    out: list[str] = []
    for run in re.findall(r"[\u4e00-\u9fff]+", text):
        syls = [_char_pinyin(c) for c in run]
        out.extend(f"{a}~{b}" for a, b in pairwise(syls))
    return out


def char_bigrams(text: str) -> list[str]:
    """Overlapping character bigrams over each run of CJK characters (robust to segmentation)."""
    out: list[str] = []
    for run in re.findall(r"[\u4e00-\u9fff]+", text):
        if len(run) == 1:
            continue
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out
