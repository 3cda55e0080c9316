"""Bot-suggested answers for the agent: the knowledge base's best answers to what the caller said.

Derived from the one knowledge base through :meth:`SearchEngine.search`; nothing here is
written twice. A suggestion carries the answer text the agent may read or insert, where it comes
from (which service guide or policy, which section) and a confidence.

Which text is searched: the citizen's recent lines (caller speech, chat messages, the agent's own
notes about what the caller wants), newest last. Bot and agent replies are left out: they repeat
knowledge-base text and would pull the search towards what was already said.

Confidence (0–1) is not the search score, which only ranks within one query. It combines
- how much of what the caller said the entry covers (share of the query's content bigrams found in
  the entry's question, answer and service names),
- how the entry ranks against the best one of this query (score ratio), and
- how much topic evidence agrees (the search's topic views give the best result up to ~4.8;
  a question with no civil-affairs words gets little).
Thresholds were set on the KB's own FAQ questions, the dev questions and off-topic talk
(``bench/agent_suggest.py`` prints the distributions).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from app.search.text import char_bigrams, meaningful_chars, normalize

#: Lines of the transcript that carry the citizen's question.
CITIZEN_SOURCES = {"user", "caller", "citizen", "note"}
#: How many recent citizen lines make the query, and at most how many characters.
CONTEXT_LINES = 3
MAX_QUERY_CHARS = 160
#: Below this, a question is a knowledge-base gap (no good suggestion).
GOOD_CONFIDENCE = 0.5
HIGH_CONFIDENCE = 0.7
#: Weights of the parts of the confidence (they add up to 1).
W_COVERAGE, W_STRENGTH, W_SEPARATION, W_MENTION = 0.3, 0.25, 0.25, 0.2
#: The search's topic views add at most this much to a result's score (0.6 + 1.2 + 0.8 + 1.2).
TOPIC_EVIDENCE_MAX = 3.8
#: How deep the search looks (for rival topics) and how many results are considered.
SEARCH_DEPTH, CANDIDATES = 20, 8
#: FAQ answers are ready to say; guides and policies need the agent to pick the part that fits.
KIND_FACTOR = {"问题": 1.0, "服务": 0.92, "政策": 0.85}
#: Kind of a suggestion composed by the answer engine (app.answers) for the point asked.
#: Sections of a service guide a suggestion may quote.
GUIDE_SECTIONS = ("办理条件", "所需材料", "办理地点", "办理时限")
#: Whole lines that are actions, not questions (chat buttons, kiosk taps, hand-over requests).
ACTION_LINES = {"转人工", "人工", "人工客服", "人工服务", "我要转人工", "转人工服务", "找人工", "呼叫工作人员",
                "返回", "首页", "回首页", "是", "是的", "对", "对的", "不是", "重说", "好的", "谢谢"}
_PUNCT = re.compile(r"[\s，。！？、,.!?~～…]+")
_FILLER = re.compile(r"(喂+|你好|您好|请问|我想问一下|我想问|想问一下|问一下|那个|就是|谢谢|麻烦你|麻烦您|嗯+|啊+|哦+)")


@dataclass
class Suggestion:
    #: Knowledge-base entry: FAQ id (MZ-ZLJ-01#3), service code, policy id or bundle code.
    entry_id: str
    kind: str  # 问题 | 服务 | 政策
    title: str
    answer: str
    #: Where it comes from, in words: 常见问题 #3 · 尊老金申领.
    source: str
    url: str
    topic: str
    service_code: str
    confidence: float
    coverage: float = 0.0
    query: str = ""

    @property
    def confidence_label(self) -> str:
        return "高" if self.confidence >= HIGH_CONFIDENCE else "中" if self.confidence >= GOOD_CONFIDENCE else "低"


@dataclass
class SuggestionSet:
    query: str
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def best(self) -> float:
        return max((s.confidence for s in self.suggestions), default=0.0)

    @property
    def good(self) -> bool:
        return self.best >= GOOD_CONFIDENCE


def is_action_line(text: str) -> bool:
    """A chat button payload (/ask_human) or a tap logged as words (转人工, 返回, 呼叫工作人员)."""
    text = (text or "").strip()
    return text.startswith("/") or _PUNCT.sub("", text) in ACTION_LINES


def query_from_lines(lines: list[dict]) -> str:
    """The text to search: the last few citizen lines, newest last, trimmed of greetings."""
    picked: list[str] = []
    for line in reversed(lines or []):
        if str(line.get("from", "")) not in CITIZEN_SOURCES:
            continue
        text = str(line.get("text", "")).strip()
        if is_action_line(text):
            continue
        if meaningful_chars(_FILLER.sub("", text)) == 0:
            continue
        picked.append(text)
        if len(picked) >= CONTEXT_LINES:
            break
    query = "。".join(reversed(picked))
    return query[-MAX_QUERY_CHARS:]


def _content_bigrams(text: str) -> set[str]:
    return set(char_bigrams(normalize(_FILLER.sub("", text))))


def _entry_text(kb, r) -> tuple[str, str, str]:
    """(answer text, source label, text the coverage is measured against) of a search result."""
    if r.kind == "问题":
        faq = _faq_index(kb).get(r.id)
        svc = kb.services.get(r.service_code or "")
        n = r.id.split("#", 1)[1] if "#" in r.id else "?"
        name = svc.name if svc else (r.service_code or "")
        answer = faq.a if faq else r.snippet
        aliases = "".join(svc.aliases) if svc else ""
        return answer, f"常见问题 #{n} · {name}", f"{r.title}{answer}{name}{aliases}"
    if r.kind == "政策":
        pol = kb.policies.get(r.id)
        if pol:
            p = pol[0]
            number = f"（{p.doc_number}）" if p.doc_number else ""
            return p.summary, f"政策 · {p.title}{number}", f"{p.title}{p.summary}"
        return r.snippet, f"政策 · {r.title}", f"{r.title}{r.snippet}"
    svc = kb.services.get(r.id)
    if svc is not None:
        required = [m.name for m in svc.materials if m.required][:5]
        parts = [svc.summary, "办理条件：" + "；".join(svc.conditions[:3]),
                 "所需材料：" + "、".join(required), "办理地点：" + svc.where,
                 "办理时限：" + svc.time_limit.promised]
        text = f"{svc.name}{''.join(svc.aliases)}{''.join(svc.keywords)}{''.join(parts)}"
        return "\n".join(parts), f"办事指南 · {svc.name}（{'、'.join(GUIDE_SECTIONS)}）", text
    b = kb.bundles.get(r.id)
    if b is not None:
        steps = "、".join(s.name for s in b.steps)
        return f"{b.summary}\n包含：{steps}", f"一件事 · {b.name}", f"{b.name}{b.summary}{steps}"
    return r.snippet, r.title, f"{r.title}{r.snippet}"


def _clip(x: float) -> float:
    return max(0.0, min(1.0, x))


def _idf_weights(search_engine, grams: set[str]) -> dict[str, float]:
    """How telling each bigram is: its IDF among the knowledge base's documents. A bigram the KB
    never uses (公积, 天气) weighs as much as the rarest one: the caller is talking about
    something the KB does not cover."""
    ch = search_engine.index.channels.get("body.g")
    if ch is None:
        return {g: 1.0 for g in grams}
    n = max(search_engine.index.size, 1)
    rarest = math.log(1 + (n - 0.5) / 1.5)
    return {g: ch.idf.get(g, rarest) for g in grams}


_FAQ_CACHE: dict[int, dict] = {}
_ENTRY_CACHE: dict[tuple[int, str], tuple[str, str, frozenset[str]]] = {}


def _faq_index(kb) -> dict:
    key = id(kb)
    if key not in _FAQ_CACHE:
        _FAQ_CACHE.clear()
        _FAQ_CACHE[key] = {f.id: f for f in kb.faqs}
    return _FAQ_CACHE[key]


def _entry(kb, r) -> tuple[str, str, frozenset[str]]:
    """(answer, source, bigrams of the entry's text), computed once per entry."""
    key = (id(kb), f"{r.kind}:{r.id}")
    hit = _ENTRY_CACHE.get(key)
    if hit is None:
        if len(_ENTRY_CACHE) > 5000:
            _ENTRY_CACHE.clear()
        answer, source, text = _entry_text(kb, r)
        hit = _ENTRY_CACHE[key] = (answer, source, frozenset(char_bigrams(normalize(text))))
    return hit


def suggest_for_query(query: str, search_engine=None, limit: int = 3) -> SuggestionSet:
    """The top ``limit`` answers for ``query`` with source and confidence."""
    if search_engine is None:
        from app.search.engine import get_engine

        search_engine = get_engine()
    kb = search_engine.kb
    if meaningful_chars(query) < 2:
        return SuggestionSet(query)
    resp = search_engine.search(query, limit=SEARCH_DEPTH)
    if not resp.results:
        return SuggestionSet(query)
    results = resp.results
    top = results[0].score or 1.0
    qgrams = _content_bigrams(query)
    weights = _idf_weights(search_engine, qgrams)
    total = sum(weights.values()) or 1.0
    mentions = search_engine.phrase_scores(normalize(query))
    best_by_topic: dict[str, float] = {}
    for r in results:
        best_by_topic[r.topic] = max(best_by_topic.get(r.topic, 0.0), r.score)
    scored: list[Suggestion] = []
    seen: set[str] = set()
    for r in results[:CANDIDATES]:
        if r.id in seen:
            continue
        seen.add(r.id)
        answer, source, tgrams = _entry(kb, r)
        coverage = sum(weights[g] for g in qgrams & tgrams) / total
        # A result's score is its BM25 share of the best (≤ 1) plus its topic's evidence (≤ 3.8).
        strength = _clip((r.score - 1.0) / TOPIC_EVIDENCE_MAX)
        rival = max((v for t, v in best_by_topic.items() if t != r.topic), default=1.0)
        separation = _clip((r.score - rival) / TOPIC_EVIDENCE_MAX)
        mention = _clip(mentions.get(r.topic, 0.0) / 1.5)
        conf = (W_COVERAGE * coverage + W_STRENGTH * strength + W_SEPARATION * separation
                + W_MENTION * mention) * (r.score / top) ** 0.5 * KIND_FACTOR.get(r.kind, 0.9)
        scored.append(Suggestion(r.id, r.kind, r.title, answer, source, r.url, r.topic, r.service_code or "",
                                 round(_clip(conf), 2), round(coverage, 2), query))
    # The answer engine's reply leads when the search's own suggestions agree the KB covers the
    # question (two views: the engine's choice of unit, and the coverage-based confidence above).
    engine_first = _engine_suggestion(query, search_engine) if any(
        x.confidence >= GOOD_CONFIDENCE for x in scored) else None
    if engine_first is not None:
        # the answer engine's reply to the point asked leads; its FAQ, if it chose one, is not repeated
        same = next((x for x in scored if x.entry_id == engine_first.entry_id and x.kind == engine_first.kind), None)
        if same is not None:
            scored.remove(same)
            engine_first.confidence = max(engine_first.confidence, same.confidence)
        scored.sort(key=lambda s: -s.confidence)
        if not scored or engine_first.confidence >= scored[0].confidence:
            return SuggestionSet(query, [engine_first, *scored][:limit])
        if same is not None:
            scored.append(same)
    scored.sort(key=lambda s: -s.confidence)
    return SuggestionSet(query, scored[:limit])


def _engine_suggestion(query: str, search_engine) -> Suggestion | None:
    """The answer engine's answer (app.answers) as a suggestion, when it answered the point asked."""
    try:
        from app.answers.engine import AnswerEngine, get_answer_engine

        eng = get_answer_engine()
        if eng.search is not search_engine:
            eng = _ANSWER_ENGINES.get(id(search_engine)) or _ANSWER_ENGINES.setdefault(
                id(search_engine), AnswerEngine(search_engine))
        a = eng.answer(query)
    except Exception:  # noqa: BLE001 — suggestions from search still help the agent
        return None
    if a.status == "unsure" or a.source is None or not a.service_code:
        return None
    if a.source.kind == "guide" and a.facet in ("what", "general"):
        return None  # an item's summary adds nothing to the search's own guide suggestion
    kb = search_engine.kb
    kind = "问题"
    if a.source.kind == "faq" and len(a.parts) == 1:
        faq = _faq_index(kb).get(a.source.code)
        name = kb.services[a.service_code].name
        n = a.source.code.split("#", 1)[1]
        return Suggestion(a.source.code, kind, faq.q if faq else a.source.title, a.text, f"常见问题 #{n} · {name}",
                          a.source.url, kb.service_topic[a.service_code], a.service_code, round(a.confidence, 2), 1.0, query)
    # The source is named as the agent's other suggestions name theirs: which kind of KB entry.
    prefix = "政策" if a.source.kind == "policy" else "办事指南"
    return Suggestion(a.source.code, "答复", a.source.title, a.text, f"{prefix} · {a.source.title}", a.source.url,
                      kb.service_topic[a.service_code], a.service_code, round(a.confidence, 2), 1.0, query)


_ANSWER_ENGINES: dict[int, object] = {}


def suggest(lines: list[dict], search_engine=None, limit: int = 3) -> SuggestionSet:
    """Suggestions for a transcript (see :func:`query_from_lines`)."""
    return suggest_for_query(query_from_lines(lines), search_engine, limit)
