"""Which knowledge-base entry answers a question, and how sure we are (pure; no Rasa, no HTTP).

Two independent views of the question are combined, per topic:

- Rasa's NLU: DIET's confidence for the topic's retrieval intent (``kb_zlj`` …), trained on
  the KB's own questions and names; plus the ``service`` entity when a service is named.
- The app's one-click search (BM25 + topic evidence; ~91 % top-1 topic on real questions):
  the topics of its best results, weighted by their scores and by how strong the best one is.

The topic with the highest combined score wins when it is high enough, clear of the runner-up
and backed by search (or a named service); otherwise the assistant says it is not sure and shows the search results. Inside
the winning topic, the entry (a FAQ, the item's guide or a policy) with the best sum of the
ResponseSelector's confidence and search's normalised score answers. Nothing here knows any
particular question: the weights and thresholds are the same for every input.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Highest score /api/search gives (max-normalised BM25 = 1, plus the four topic-evidence
#: weights of app/search/engine.py: prior 0.6 + phrase 1.2 + kNN 0.8 + NB 1.2).
SEARCH_MAX_SCORE = 4.8
#: How many search results vote on the topic.
SEARCH_VOTERS = 5
W_NLU = 1.0
W_SEARCH = 1.0
W_ENTITY = 0.5
#: A topic must reach this combined score (max 2.5) and lead the runner-up by the margin.
MIN_SCORE = 0.8
MIN_MARGIN = 0.25
#: Weight of the ResponseSelector's confidence against search's (max-normalised) score when
#: choosing the entry inside the topic. The selector has ~600 labels, so its confidence is
#: absolute and small when it is unsure; search is better at near-verbatim questions.
W_SELECTOR = 1.0
#: Out-of-scope messages are still answered when search is this sure of a topic (score/max).
OUT_OF_SCOPE_OVERRIDE = 0.9


@dataclass
class Entry:
    kind: str  # "faq" | "guide" | "policy"
    code: str  # service code (faq, guide) or policy id
    n: int = 0  # FAQ number (1-based)

    @staticmethod
    def from_key(key: str) -> Entry | None:
        """``kb_zlj/mz_zlj_01_q3`` → faq MZ-ZLJ-01 #3; ``…_guide`` → guide; ``pol_…`` → policy."""
        sub = key.split("/", 1)[-1]
        parts = sub.split("_")
        if parts[0] == "pol" and len(parts) == 3:
            return Entry("policy", "-".join(p.upper() for p in parts))
        if parts[0] != "mz" or len(parts) != 4:
            return None
        code = "-".join(p.upper() for p in parts[:3])
        if parts[3] == "guide":
            return Entry("guide", code)
        if parts[3].startswith("q") and parts[3][1:].isdigit():
            return Entry("faq", code, int(parts[3][1:]))
        return None

    @staticmethod
    def from_search(result: dict) -> Entry | None:
        """A search hit (id ``MZ-ZLJ-01``, ``MZ-ZLJ-01#3``, ``POL-ZLJ-01`` or a bundle)."""
        rid = result.get("id", "")
        if rid.startswith("POL-"):
            return Entry("policy", rid)
        if "#" in rid:
            code, n = rid.split("#", 1)
            return Entry("faq", code, int(n)) if n.isdigit() else None
        if rid.startswith("MZ-"):
            return Entry("guide", rid)
        code = result.get("service_code")  # a 一件事 bundle: answer with its first item
        return Entry("guide", code) if code else None


@dataclass
class Decision:
    confident: bool
    topic: str | None
    entry: Entry | None
    score: float = 0.0
    margin: float = 0.0
    scores: dict[str, float] = field(default_factory=dict)
    #: Search results to offer when not sure (best first).
    alternatives: list[dict] = field(default_factory=list)


def topic_scores(intent_ranking: list[dict], intent_topics: dict[str, str], search_results: list[dict],
                 entity_topics: list[str] = ()) -> dict[str, float]:
    nlu: dict[str, float] = {}
    for r in intent_ranking or []:
        t = intent_topics.get(r.get("name", ""))
        if t:
            nlu[t] = max(nlu.get(t, 0.0), float(r.get("confidence", 0.0)))
    voters = (search_results or [])[:SEARCH_VOTERS]
    strength = min(1.0, voters[0]["score"] / SEARCH_MAX_SCORE) if voters else 0.0
    total = sum(r["score"] for r in voters) or 1.0
    share: dict[str, float] = {}
    for r in voters:
        share[r["topic"]] = share.get(r["topic"], 0.0) + r["score"] / total
    out: dict[str, float] = {}
    for t in set(nlu) | set(share):
        out[t] = W_NLU * nlu.get(t, 0.0) + W_SEARCH * strength * share.get(t, 0.0)
    for t in set(entity_topics):
        out[t] = out.get(t, 0.0) + W_ENTITY
    return out


def _key(e: Entry) -> tuple:
    return (e.kind, e.code, e.n)


def pick_entry(topic: str, selector_ranking: list[dict], intent_topics: dict[str, str],
               search_results: list[dict]) -> Entry | None:
    entries: dict[tuple, Entry] = {}
    score: dict[tuple, float] = {}
    in_topic = [r for r in search_results or [] if r.get("topic") == topic]
    top = max((r["score"] for r in search_results or []), default=0.0) or 1.0
    for r in in_topic:
        e = Entry.from_search(r)
        if e:
            k = _key(e)
            entries.setdefault(k, e)
            score[k] = max(score.get(k, 0.0), r["score"] / top)
    for r in selector_ranking or []:
        key = r.get("intent_response_key", "")
        if intent_topics.get(key.split("/", 1)[0]) != topic:
            continue
        e = Entry.from_key(key)
        if e:
            k = _key(e)
            entries.setdefault(k, e)
            score[k] = score.get(k, 0.0) + W_SELECTOR * float(r.get("confidence", 0.0))
    if not score:
        return None
    best = max(score, key=lambda k: (score[k], k[0] == "guide"))
    return entries[best]


def decide(intent_ranking: list[dict], selector_ranking: list[dict], intent_topics: dict[str, str],
           search_results: list[dict], entity_topics: list[str] = ()) -> Decision:
    """``selector_ranking``: [{"intent_response_key": "kb_zlj/mz_zlj_01_q3", "confidence": …}]."""
    scores = topic_scores(intent_ranking, intent_topics, search_results, entity_topics)
    alternatives = list(search_results or [])
    if not scores:
        return Decision(False, None, None, alternatives=alternatives)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    topic, best = ranked[0]
    margin = best - (ranked[1][1] if len(ranked) > 1 else 0.0)
    # Both views must back the topic: DIET alone is sure of *something* even for "123456".
    supported = topic in entity_topics or any(r.get("topic") == topic for r in (search_results or [])[:SEARCH_VOTERS])
    confident = best >= MIN_SCORE and margin >= MIN_MARGIN and supported

    entry = pick_entry(topic, selector_ranking, intent_topics, search_results)
    if entry is None:
        confident = False
    # Offer the winning topic's results first when not sure, then the rest.
    alternatives.sort(key=lambda r: r.get("topic") != topic)
    return Decision(confident, topic, entry, round(best, 3), round(margin, 3), scores, alternatives)
