"""One-click search (政策一键搜 · 服务一键找 · 问题一键查) over the knowledge base.

The engine is derived entirely from a loaded :class:`KnowledgeBase`; it knows nothing of the
web, the assistant or the kiosk, which all call :meth:`SearchEngine.search`.

Ranking = BM25 over weighted fields of each document (service, FAQ, policy, bundle) plus a
topic prior: a second BM25 over one large document per topic (all its names, aliases,
keywords and questions). Long colloquial posts rarely name a service, but their words
(居委会, 八十岁, 路牌 …) lean towards one topic; the prior lets that evidence lift the best
document of that topic.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field
from typing import Literal

import numpy as np

from app.core import urls
from app.core.config import get_settings, hotline_number
from app.knowledge.loader import KnowledgeBase
from app.search.classifier import TopicClassifier
from app.search.index import BM25Index, Scores
from app.search.text import char_bigrams, meaningful_chars, normalize, pinyin_bigrams
from app.search.tokenize import Tokenizer

Kind = Literal["政策", "服务", "问题"]
KINDS: tuple[Kind, ...] = ("政策", "服务", "问题")

DOC_WEIGHTS = {
    "title.w": 3.0, "title.g": 1.5, "title.p": 0.6,
    "alias.w": 2.5, "alias.g": 1.2, "alias.p": 0.8,
    "body.w": 1.0, "body.g": 0.5,
}
TOPIC_WEIGHTS = {"w": 1.0, "g": 0.5, "p": 0.3}
#: How much each view of topic evidence adds to a document's (max-normalised) score.
TOPIC_PRIOR = 0.6
PHRASE_WEIGHT = 1.2
KNN_WEIGHT = 0.8
KNN_K = 10
NB_WEIGHT = 1.2
#: A grouped entry must score at least this share of the best one (keeps stray topics out).
GROUP_MIN_RATIO = 0.5
#: Topics whose first service is offered when a query finds nothing.
HOT_TOPICS = ("尊老金", "低保", "婚姻登记", "残疾人两项补贴", "殡葬", "养老服务")

MSG_EMPTY = "请输入您想办的事或想问的问题，比如“尊老金怎么领”“低保申请条件”。"
MSG_NO_MATCH = f"没有找到相关的内容。请换个说法试试，比如说出事项名称“结婚登记”“残疾人补贴”，或拨打 {hotline_number()} 咨询。"
MSG_TRUNCATED = "您的问题比较长，我们按前 {n} 个字进行了搜索。"


@dataclass
class Doc:
    id: str
    kind: Kind
    title: str
    topic: str
    service_code: str | None
    url: str
    snippet_text: str


@dataclass
class SearchResult:
    id: str
    kind: Kind
    title: str
    topic: str
    service_code: str | None
    url: str
    score: float
    snippet: str
    highlights: list[tuple[int, int]] = field(default_factory=list)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["highlights"] = [list(h) for h in self.highlights]
        return d


@dataclass
class SearchResponse:
    query: str
    normalized: str
    status: Literal["ok", "empty", "no_match", "truncated"]
    results: list[SearchResult]
    hint: str | None = None
    suggestions: list[SearchResult] = field(default_factory=list)
    #: Best few of each kind from the whole ranking (not only from ``results``), so a policy
    #: still shows under 政策 when FAQs fill the overall top ten.
    grouped: dict[str, list[SearchResult]] = field(default_factory=dict)

    @property
    def topic(self) -> str | None:
        return self.results[0].topic if self.results else None

    def groups(self) -> dict[str, list[SearchResult]]:
        return {k: self.grouped.get(k, []) for k in KINDS}

    def to_dict(self) -> dict:
        return {
            "query": self.query,
            "normalized": self.normalized,
            "status": self.status,
            "topic": self.topic,
            "hint": self.hint,
            "results": [r.to_dict() for r in self.results],
            "groups": {k: [r.to_dict() for r in v] for k, v in self.groups().items()},
            "suggestions": [r.to_dict() for r in self.suggestions],
        }


def _join(*parts) -> str:
    out: list[str] = []
    for p in parts:
        if p is None:
            continue
        if isinstance(p, str):
            out.append(p)
        else:
            out.extend(str(x) for x in p if x)
    return "。".join(out)


class SearchEngine:
    def __init__(self, kb: KnowledgeBase, tokenizer: Tokenizer | None = None,
                 weights: dict[str, float] | None = None):
        self.kb = kb
        #: Topic-evidence weights (tunable by bench/search_cv.py; defaults are the tuned values).
        self.weights = {"prior": TOPIC_PRIOR, "phrase": PHRASE_WEIGHT, "knn": KNN_WEIGHT, "nb": NB_WEIGHT, **(weights or {})}
        self.tokenizer = tokenizer or Tokenizer(user_words(kb))
        self.docs: list[Doc] = []
        self.index = BM25Index(DOC_WEIGHTS)
        self.topic_index = BM25Index(TOPIC_WEIGHTS, b=0.3)
        self.topic_names: list[str] = []
        self.synonyms: dict[str, tuple[str, ...]] = {}
        self.topic_texts: dict[str, str] = {}
        self.full_texts: dict[str, str] = {}
        for group in kb.synonyms:
            normed = [normalize(g) for g in group]
            for g in normed:
                self.synonyms[g] = tuple(x for x in normed if x != g)
        self._build()

    # ---------------------------------------------------------------- building
    def _fields(self, title: str, alias: str, body: str) -> dict[str, list[str]]:
        t, a, b = normalize(title), normalize(alias), normalize(body)
        words = self.tokenizer.words
        return {
            "title.w": words(t), "title.g": char_bigrams(t), "title.p": pinyin_bigrams(t),
            "alias.w": words(a), "alias.g": char_bigrams(a), "alias.p": pinyin_bigrams(a),
            "body.w": words(b), "body.g": char_bigrams(b),
        }

    def _add(self, doc: Doc, title: str, alias: str, body: str) -> None:
        self.index.add(self._fields(title, alias, body))
        self.docs.append(doc)

    def _build(self) -> None:
        kb = self.kb
        for code, svc in kb.services.items():
            topic = kb.service_topic[code]
            alias = _join(svc.aliases, svc.keywords, [topic])
            body = _join(
                svc.summary, svc.conditions, [m.name for m in svc.materials],
                [f"{s.name}{s.detail}" for s in svc.steps], svc.amounts, svc.where,
            )
            self._add(Doc(code, "服务", svc.name, topic, code, urls.service_url(code), svc.summary),
                      svc.name, alias, body)
        for faq in kb.faqs:
            svc = kb.services[faq.service_code]
            n = faq.id.split("#")[1]
            self._add(
                Doc(faq.id, "问题", faq.q, faq.topic, faq.service_code,
                    urls.faq_url(faq.service_code, n), faq.a),
                faq.q, _join([svc.name], svc.aliases), faq.a,
            )
        for pid, (pol, topic) in kb.policies.items():
            names = [kb.services[c].name for c in pol.governs if c in kb.services]
            self._add(
                Doc(pid, "政策", pol.title, topic, pol.governs[0], urls.policy_url(pid), pol.summary),
                pol.title, _join(names, [pol.issuer, pol.doc_number or ""]), pol.summary,
            )
        for code, b in kb.bundles.items():
            first = next((s.service_code for s in b.steps if s.service_code), None)
            self._add(
                Doc(code, "服务", b.name, b.topic, first, urls.bundle_url(code), b.summary),
                b.name, _join([s.name for s in b.steps]), b.summary,
            )
        self.index.finalize()
        self._topics = sorted({d.topic for d in self.docs})
        where = {t: i for i, t in enumerate(self._topics)}
        self._doc_topic = np.array([where[d.topic] for d in self.docs], dtype=np.int64)

        faq_qs: dict[str, list[str]] = {}
        for faq in kb.faqs:
            faq_qs.setdefault(faq.topic, []).append(faq.q)
        for topic, tf in kb.topics.items():
            parts: list[str] = [topic, tf.description, *tf.keywords]
            for svc in tf.services:
                parts += [svc.name, svc.summary, *svc.aliases, *svc.keywords, *svc.conditions]
            parts += faq_qs.get(topic, [])
            parts += [p.title for p in tf.policies]
            text = normalize("。".join(parts))
            self.topic_texts[topic] = text
            self.topic_index.add({"w": self.tokenizer.words(text), "g": char_bigrams(text),
                                  "p": pinyin_bigrams(text)})
            self.topic_names.append(topic)
        self.topic_index.finalize()
        self._build_classifier(faq_qs)
        self._build_phrases()

    def _build_classifier(self, faq_qs: dict[str, list[str]]) -> None:
        clf = TopicClassifier()
        answers: dict[str, list[str]] = {}
        for faq in self.kb.faqs:
            answers.setdefault(faq.topic, []).append(faq.a)
        for topic, tf in self.kb.topics.items():
            parts: list[str] = [topic, tf.description, *tf.keywords, *faq_qs.get(topic, []), *answers.get(topic, [])]
            for svc in tf.services:
                parts += [svc.name, svc.summary, *svc.aliases, *svc.keywords, *svc.conditions]
                parts += [f"{st.name}{st.detail}" for st in svc.steps] + [svc.where]
            for p in tf.policies:
                parts += [p.title, p.summary]
            self.full_texts[topic] = normalize("。".join(parts))
            for part in parts:
                clf.add(topic, self._clf_features(normalize(part)))
        clf.finalize()
        self.classifier = clf

    def _clf_features(self, text: str) -> list[str]:
        return self.tokenizer.words(text) + char_bigrams(text)

    def _build_phrases(self) -> None:
        """Topic vocabulary (names, aliases, keywords) for explicit-mention matching.

        A phrase's weight for a topic is its concentration: the share of its occurrences in
        all topics' text that fall in that topic. 高龄津贴 lives almost only in 尊老金 and is
        strong evidence; 居委会 is a 社区治理 word but also where people apply for everything,
        so a mention of it says much less.
        """
        names: dict[str, set[str]] = {}     # what people call a topic or service
        keywords: dict[str, set[str]] = {}  # words people use around it
        for topic, tf in self.kb.topics.items():
            groups = ((names, [topic, *(a for svc in tf.services for a in svc.aliases)]),
                      (keywords, [*tf.keywords, *(k for svc in tf.services for k in svc.keywords)]))
            for target, vocab in groups:
                for v in vocab:
                    v = normalize(v)
                    if 2 <= len(v) <= 12 and meaningful_chars(v) == len(v):
                        target.setdefault(v, set()).add(topic)
        self.phrase_weights: dict[str, dict[str, float]] = {}
        for phrase, tops in keywords.items():
            occ = {t: txt.count(phrase) for t, txt in self.full_texts.items()}
            total = sum(occ.values()) + len(tops)
            base = math.log(1 + len(phrase))
            self.phrase_weights[phrase] = {t: base * (occ.get(t, 0) + 1) / total for t in tops}
        for phrase, tops in names.items():  # naming a service is strong, whatever else mentions it
            base = math.log(1 + len(phrase)) / len(tops)
            self.phrase_weights[phrase] = {t: base for t in tops}
        owners = self.phrase_weights
        self.max_phrase = max((len(p) for p in owners), default=2)

    def phrase_scores(self, text: str) -> dict[str, float]:
        """Longest-match scan of the query for topic vocabulary; score per topic."""
        scores: dict[str, float] = {}
        i, n = 0, len(text)
        while i < n - 1:
            hit = None
            for L in range(min(self.max_phrase, n - i), 1, -1):
                if text[i : i + L] in self.phrase_weights:
                    hit = text[i : i + L]
                    break
            if hit is None:
                i += 1
                continue
            for t, w in self.phrase_weights[hit].items():
                scores[t] = scores.get(t, 0.0) + w
            i += len(hit)
        return scores

    # ---------------------------------------------------------------- querying
    def suggestions(self) -> list[SearchResult]:
        """The high-frequency services offered when a query finds nothing."""
        out = []
        for topic in HOT_TOPICS:
            tf = self.kb.topics.get(topic)
            if tf:
                svc = tf.services[0]
                out.append(SearchResult(svc.code, "服务", svc.name, topic, svc.code,
                                        urls.service_url(svc.code), 0.0, svc.summary))
        return out

    def topic_scores(self, qtoks: dict[str, list[str]]) -> dict[str, float]:
        raw = self.topic_index.score({"w": qtoks["w"], "g": qtoks["g"], "p": qtoks["p"]})
        return {self.topic_names[i]: s for i, s in raw.items()}

    def topic_evidence(self, text: str, q: dict[str, list[str]], scores: Scores) -> dict[str, float]:
        """Evidence for each topic from three views of the query, each max-normalised:
        the topic documents (BM25), explicit mentions of topic vocabulary, and a vote of the
        best-matching documents (kNN)."""
        views = []
        views.append((self.weights["prior"], self.topic_scores(q)))
        views.append((self.weights["phrase"], self.phrase_scores(text)))
        knn: dict[str, float] = {}
        for i in scores.top(KNN_K):
            t = self.docs[i].topic
            knn[t] = knn.get(t, 0.0) + scores[i]
        views.append((self.weights["knn"], knn))
        views.append((self.weights["nb"], self.classifier.posterior(q["w"] + q["g"])))
        out: dict[str, float] = {}
        for weight, view in views:
            m = max(view.values(), default=0.0)
            if m <= 0:
                continue
            for t, v in view.items():
                out[t] = out.get(t, 0.0) + weight * v / m
        return out

    def _ranked(self, scores: Scores, topic_boost: dict[str, float], limit: int) -> list[tuple[float, int]]:
        """(final score, doc index), best first (ties: lower index), for the documents that can
        reach the result list (the ``limit`` best) or a group: final = BM25 share of the best + the
        doc's topic evidence.

        Vectorised over the touched documents; only those within ``GROUP_MIN_RATIO`` of the best
        final score (the grouping's floor) are listed, so a long post does not build a Python
        list of every document it touched."""
        ids = scores.ids()
        vals = scores.values_array()
        boost = np.array([topic_boost.get(t, 0.0) for t in self._topics])
        final = vals / vals.max() + boost[self._doc_topic[ids]]
        floor = final.max() * GROUP_MIN_RATIO
        if final.size > limit:
            floor = min(floor, float(np.partition(final, final.size - limit)[final.size - limit]))
        keep = final >= floor
        ids, final = ids[keep], final[keep]
        order = np.lexsort((ids, -final))
        return list(zip(final[order].tolist(), ids[order].tolist(), strict=False))

    def _query_tokens(self, text: str) -> dict[str, list[str]]:
        w = self.tokenizer.words(text)
        # Synonyms ("ws") match documents once each; topic views use only the words typed,
        # since a synonym that is common in another topic (户口 → 户籍) would mislead them.
        extra = sorted({s for tok in w for s in self.synonyms.get(tok, ()) if s not in w})
        return {"w": w, "ws": w + extra, "g": char_bigrams(text), "p": pinyin_bigrams(text)}

    def search(self, query: str, limit: int = 10, group_limit: int = 5) -> SearchResponse:
        limit = max(1, min(int(limit), 50))
        raw = query if isinstance(query, str) else ""
        text = normalize(raw)
        status: Literal["ok", "empty", "no_match", "truncated"] = "ok"
        hint = None
        if not text:
            return SearchResponse(raw, text, "empty", [], MSG_EMPTY, self.suggestions())
        max_chars = get_settings().max_query_chars
        if len(text) > max_chars:
            text = text[:max_chars]
            status, hint = "truncated", MSG_TRUNCATED.format(n=max_chars)
        if meaningful_chars(text) == 0:
            return SearchResponse(raw, text, "no_match", [], MSG_NO_MATCH, self.suggestions())

        q = self._query_tokens(text)
        scores = self.index.score({
            "title.w": q["ws"], "title.g": q["g"], "title.p": q["p"],
            "alias.w": q["ws"], "alias.g": q["g"], "alias.p": q["p"],
            "body.w": q["ws"], "body.g": q["g"],
        })
        if not scores:
            return SearchResponse(raw, text, "no_match", [], MSG_NO_MATCH, self.suggestions())
        topic_boost = self.topic_evidence(text, q, scores)
        final = self._ranked(scores, topic_boost, limit)

        terms = self._highlight_terms(q)
        results = [self._result(self.docs[i], s, terms) for s, i in final[:limit]]
        grouped: dict[str, list[SearchResult]] = {k: [] for k in KINDS}
        floor = final[0][0] * GROUP_MIN_RATIO
        for s, i in final:
            if s < floor:
                break
            bucket = grouped[self.docs[i].kind]
            if len(bucket) < group_limit:
                bucket.append(self._result(self.docs[i], s, terms))
            if all(len(b) >= group_limit for b in grouped.values()):
                break
        return SearchResponse(raw, text, status, results, hint, grouped=grouped)

    # ---------------------------------------------------------------- snippets
    @staticmethod
    def _highlight_terms(q: dict[str, list[str]]) -> list[str]:
        terms = {w for w in q["w"] if len(w) >= 2} | set(q["g"])
        return sorted(terms, key=len, reverse=True)

    @staticmethod
    def _result(doc: Doc, score: float, terms: list[str], width: int = 90) -> SearchResult:
        text = doc.snippet_text
        spans: list[tuple[int, int]] = []
        for t in terms:
            for m in re.finditer(re.escape(t), text):
                spans.append((m.start(), m.end()))
        spans.sort()
        merged: list[tuple[int, int]] = []
        for s, e in spans:
            if merged and s <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], e))
            else:
                merged.append((s, e))
        start = max(0, merged[0][0] - 20) if merged else 0
        end = min(len(text), start + width)
        snippet = text[start:end]
        hl = [(s - start, min(e, end) - start) for s, e in merged if s >= start and s < end]
        if start > 0:
            snippet, hl = "…" + snippet, [(s + 1, e + 1) for s, e in hl]
        if end < len(text):
            snippet += "…"
        return SearchResult(doc.id, doc.kind, doc.title, doc.topic, doc.service_code, doc.url,
                            round(score, 4), snippet, hl)


def user_words(kb: KnowledgeBase) -> list[str]:
    """The KB's own vocabulary, for jieba (search here, JiebaTokenizer in the assistant)."""
    words: set[str] = set(kb.topics)
    for tf in kb.topics.values():
        words.update(tf.keywords)
        for svc in tf.services:
            words.add(svc.name)
            words.update(svc.aliases)
            words.update(svc.keywords)
    for b in kb.bundles.values():
        words.add(b.name)
    for group in kb.synonyms:
        words.update(group)
    return sorted(w for w in words if 2 <= len(w) <= 12)


_ENGINE: SearchEngine | None = None


def get_engine() -> SearchEngine:
    """The process-wide engine over the configured knowledge base (built on first use)."""
    global _ENGINE
    if _ENGINE is None:
        from app.knowledge.loader import load_kb

        _ENGINE = SearchEngine(load_kb())
    return _ENGINE
