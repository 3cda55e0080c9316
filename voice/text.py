"""Text prepared for the ear: numbers and dates as Chinese words, long text as short sentences.

espeak-ng reads Arabic digits in Chinese badly (12345 becomes 十二千三百四十五), so everything
spoken first goes through :func:`speakable`: dates, times, ranges and phone numbers are rewritten
into forms that ``cn2an`` turns into the words a person would say, then ``cn2an`` converts the
rest. :func:`split_sentences` cuts an answer into sentences so the first one can play while the
rest is still being synthesised. Pure functions, no engine: unit-tested on their own.
"""

from __future__ import annotations

import re

#: Longest piece sent to the synthesiser at once; longer sentences are cut at commas.
MAX_SENTENCE_CHARS = 60

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．％：－", "0123456789.%:-")
_DIGIT_WORDS = "零一二三四五六七八九"
#: A number followed by one of these is a quantity (一万二千元), never a code read digit by digit.
_QUANTITY_UNITS = "元万亿人岁户个次天年月日周名项件条位张份套间平米里亩斤克吨小分秒倍%％"
_MEASURE_AFTER_TWO = "个位项件条次种份张名户天周年间岁"
_NUMERALS = "零一二三四五六七八九十百千万亿两点"

_URL = re.compile(r"https?://\S+|www\.\S+")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_ISO_MONTH = re.compile(r"(?<!\d)(\d{4})[-/](\d{1,2})(?![\d/-])")
_TIME = re.compile(r"(?<!\d)([01]?\d|2[0-3])[:：]([0-5]\d)(?!\d)")
_PHONE = re.compile(r"(?<!\d)(?:0\d{2,3}[- ]?\d{7,8}|1[3-9]\d{9}|400[- ]?\d{3}[- ]?\d{4})(?!\d)")
_RANGE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:—|–|-|－|~|～|至)\s*(\d+(?:\.\d+)?)")
_LONG_NUMBER = re.compile(r"(?<![\d.])\d{5,}(?![\d.])")
_TWO = re.compile(rf"(?<![{_NUMERALS}第])二(?=[{_MEASURE_AFTER_TWO}])")
_RANGE_AFTER_WORD = re.compile(r"([点分日月年])\s*(?:—|–|-|－|~|～)\s*(?=\d)")
_DROP = re.compile(r"[《》【】〔〕\[\]「」『』“”\"'‘’*#_|]")
_SENTENCE_END = "。！？!?；;…\n"
_SOFT_BREAK = "，,、：:"


def digits_to_words(s: str) -> str:
    """Read a digit string one digit at a time: ``12345`` → ``一二三四五``."""
    return "".join(_DIGIT_WORDS[int(c)] if c.isdigit() else "" for c in s)


def _phone(m: re.Match) -> str:
    groups = re.split(r"[- ]", m.group(0))
    return "，".join(digits_to_words(g) for g in groups if g)


def _long_number(m: re.Match) -> str:
    s = m.group(0)
    nxt = m.string[m.end(): m.end() + 1]
    if s.startswith("0") or not nxt or nxt not in _QUANTITY_UNITS:
        return digits_to_words(s)  # a hotline, a code, an ID: digit by digit
    return s


def speakable(text: str) -> str:
    """Rewrite ``text`` so espeak-ng's Mandarin voice reads it as a person would.

    >>> speakable("拨打12345，2024-03-05起每月300元")
    '拨打一二三四五，二零二四年三月五日起每月三百元'
    """
    import cn2an

    s = text.translate(_FULLWIDTH_DIGITS)
    s = _URL.sub("网址请看屏幕", s)
    s = _DROP.sub("", s)
    s = _ISO_DATE.sub(lambda m: f"{m.group(1)}年{int(m.group(2))}月{int(m.group(3))}日", s)
    s = _ISO_MONTH.sub(lambda m: f"{m.group(1)}年{int(m.group(2))}月", s)
    s = _TIME.sub(lambda m: f"{int(m.group(1))}点" + (f"{int(m.group(2))}分" if int(m.group(2)) else ""), s)
    s = _PHONE.sub(_phone, s)
    s = _RANGE_AFTER_WORD.sub(r"\1到", s)
    s = _RANGE.sub(r"\1到\2", s)
    s = _LONG_NUMBER.sub(_long_number, s)
    try:
        s = cn2an.transform(s, "an2cn")
    except Exception:  # noqa: BLE001 - cn2an rejects odd input; convert number by number instead
        s = re.sub(r"\d+(?:\.\d+)?", lambda m: _safe_an2cn(cn2an, m.group(0)), s)
    s = re.sub(r"\d", lambda m: _DIGIT_WORDS[int(m.group(0))], s)  # anything cn2an left behind
    s = _TWO.sub("两", s)
    return re.sub(r"[ \t]+", " ", s).strip()


def _safe_an2cn(cn2an, num: str) -> str:
    try:
        return cn2an.an2cn(num, "low")
    except Exception:  # noqa: BLE001
        return digits_to_words(num)


def _cut_long(piece: str, limit: int) -> list[str]:
    """Cut a too-long sentence at commas, then hard at ``limit`` characters."""
    out: list[str] = []
    buf = ""
    for part in re.split(f"(?<=[{re.escape(_SOFT_BREAK)}])", piece):
        if not part:
            continue
        if buf and len(buf) + len(part) > limit:
            out.append(buf)
            buf = ""
        buf += part
        while len(buf) > limit:
            out.append(buf[:limit])
            buf = buf[limit:]
    if buf:
        out.append(buf)
    return out


def _has_content(s: str) -> bool:
    return any(c.isalnum() for c in s)


def split_sentences(text: str, limit: int = MAX_SENTENCE_CHARS) -> list[str]:
    """Split ``text`` into sentences of at most ``limit`` characters, terminators kept.

    Pieces with nothing to say (bare punctuation) are merged into their neighbour.
    """
    pieces = re.split(f"(?<=[{re.escape(_SENTENCE_END)}])", text)
    out: list[str] = []
    for p in pieces:
        p = p.strip()
        if not p:
            continue
        if not _has_content(p):
            if out:
                out[-1] += p
            continue
        out.extend(x.strip() for x in _cut_long(p, limit) if x.strip())
    return out
