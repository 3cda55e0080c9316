"""Runtime vocabulary: bias recognition toward the knowledge base's service names and phrases.

Small Vosk models accept a grammar at run time: a JSON list of phrases, each a space-separated
sequence of words the model knows (Vosk decodes any sequence of those phrases). Chinese models
know words, not our service names: 尊老金 may be the words 尊老 金, or only the characters 尊 老 金.
So each phrase is segmented into model words with a dynamic programme that uses as few (so as
long) words as possible, numbers are first written as Chinese words (80周岁 → 八十 周岁), and a
phrase the model cannot spell is dropped, never sent (Vosk would silently ignore its unknown
words and so change what it means). ``[unk]`` is added when the model has it, so speech outside
the grammar comes back as ``[unk]`` instead of being forced onto the nearest phrase.

Never build ``"[]"``: an empty grammar crashes libvosk 0.3.45. :func:`build_grammar` returns an
empty list when nothing is usable and the caller then recognises freely.

Pure functions over a ``has_word`` predicate (the model's ``vosk_model_find_word`` in
production, a plain set in the unit tests).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

HasWord = Callable[[str], bool]

UNK = "[unk]"
#: Longest model word tried when segmenting (Chinese model words are 1–4 characters, rarely more).
MAX_WORD_CHARS = 8
#: Hard cap on the grammar (recogniser creation time grows with it).
MAX_PHRASES = 2000

#: What people say around a service name at a kiosk (plus the confirm / navigation words).
COMMON_PHRASES: tuple[str, ...] = (
    "我想", "我要", "我想问", "我想办", "我想领", "我想申请", "请问", "帮我", "帮我查", "你好", "您好",
    "怎么办", "怎么办理", "怎么领", "怎么申请", "在哪里办", "在哪办", "去哪里办", "要带什么",
    "需要什么材料", "要什么材料", "什么条件", "申请条件", "能不能领", "可以领吗", "多少钱", "有多少",
    "什么时候", "多长时间", "办理", "申请", "领取", "查询", "进度", "补贴", "老人", "老年人", "父母",
    "爸爸", "妈妈", "我家", "残疾", "结婚", "离婚", "去世", "养老", "困难", "没有钱", "生活困难",
    "是", "是的", "对", "对的", "不对", "不是", "重说", "再说一遍", "再听一遍", "返回", "回到首页",
    "呼叫工作人员", "找工作人员", "人工", "谢谢", "好的",
)

_CJK = re.compile(r"[\u3400-\u9fff]")
_PUNCT = re.compile(r"[^\w\s\[\]]", re.UNICODE)


def normalize_phrase(phrase: str) -> str:
    """NFKC, numbers as Chinese words, punctuation to spaces, Latin lower-cased."""
    from voice.text import speakable

    s = unicodedata.normalize("NFKC", phrase).strip()
    if any(c.isdigit() for c in s):
        s = speakable(s)
    s = _PUNCT.sub(" ", s)
    return re.sub(r"\s+", " ", s).strip().lower()


def segment(chunk: str, has_word: HasWord, max_word: int = MAX_WORD_CHARS) -> list[str] | None:
    """Split one space-free chunk into model words, fewest words first; None if impossible.

    Ties (same number of words) prefer a longer first word, as forward maximum matching would.
    """
    n = len(chunk)
    if n == 0:
        return []
    # best[i] = (word count, words) for chunk[i:]
    best: list[tuple[int, list[str]] | None] = [None] * (n + 1)
    best[n] = (0, [])
    for i in range(n - 1, -1, -1):
        for j in range(min(n, i + max_word), i, -1):  # longest candidate first
            rest = best[j]
            if rest is None:
                continue
            word = chunk[i:j]
            if not has_word(word):
                continue
            if best[i] is None or rest[0] + 1 < best[i][0]:
                best[i] = (rest[0] + 1, [word, *rest[1]])
    found = best[0]
    return found[1] if found else None


def to_model_words(phrase: str, has_word: HasWord) -> list[str] | None:
    """The model words of ``phrase`` (spaces in the phrase are kept as word boundaries)."""
    text = normalize_phrase(phrase)
    if not text:
        return None
    words: list[str] = []
    for chunk in text.split(" "):
        if has_word(chunk):
            words.append(chunk)
            continue
        part = segment(chunk, has_word)
        if part is None:
            return None
        words.extend(part)
    return words or None


def build_grammar(phrases: Iterable[str], has_word: HasWord, *, add_unk: bool = True,
                  limit: int = MAX_PHRASES) -> tuple[list[str], list[str]]:
    """(grammar, dropped): model-word phrases, de-duplicated in order, and the unusable phrases.

    ``grammar`` is empty when no phrase is usable: recognise freely then; never send ``[]``.
    """
    grammar: list[str] = []
    seen: set[str] = set()
    dropped: list[str] = []
    for p in phrases:
        if not p or not p.strip():
            continue
        words = to_model_words(p, has_word)
        if words is None:
            dropped.append(p)
            continue
        line = " ".join(words)
        if line not in seen:
            seen.add(line)
            grammar.append(line)
        if len(grammar) >= limit:
            break
    if grammar and add_unk and has_word(UNK):
        grammar.append(UNK)
    return grammar, dropped


def kiosk_phrases(terms: Iterable[str]) -> list[str]:
    """The things people say at a civil-affairs kiosk: the caller's ``terms`` (the app passes the
    knowledge base's service names, aliases, topics and keywords), then the common kiosk phrases,
    de-duplicated in order. Speech knows no domain: what to listen for is handed in."""
    out = [*terms, *COMMON_PHRASES]
    seen: set[str] = set()
    return [p for p in out if p and not (p in seen or seen.add(p))]


def join_words(text: str) -> str:
    """Vosk output → display text: drop ``[unk]``, join Chinese words (婚姻 登记 → 婚姻登记),
    keep spaces between words of languages that use them."""
    words = [w for w in text.split() if w != UNK]
    out = ""
    for w in words:
        if out and not (_CJK.match(out[-1]) and _CJK.match(w[0])):
            out += " "
        out += w
    return out
