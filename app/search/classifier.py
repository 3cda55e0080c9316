"""A small multinomial Naive Bayes topic classifier trained on the knowledge base itself.

Why: a citizen's long post often names no service ("虽然钱不多…怎么忽然就没了"), and BM25 ranks
single documents. The classifier pools every word the KB uses for a topic (FAQ questions and
answers, conditions, aliases…) and gives each topic a probability for the whole query, which
the engine adds as one more view of topic evidence. Training is derived from the KB (no
separate labelled data to maintain) and takes a few milliseconds.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable


class TopicClassifier:
    def __init__(self, alpha: float = 0.3, temperature: float = 1.0):
        self.alpha = alpha
        self.temperature = temperature
        self.counts: dict[str, Counter] = {}
        self.totals: dict[str, int] = {}
        self.vocab: set[str] = set()

    def add(self, topic: str, features: Iterable[str]) -> None:
        c = self.counts.setdefault(topic, Counter())
        c.update(features)

    def finalize(self) -> None:
        self.vocab = set().union(*(c.keys() for c in self.counts.values())) if self.counts else set()
        self.totals = {t: sum(c.values()) for t, c in self.counts.items()}
        v = len(self.vocab) or 1
        self._log_unseen = {t: math.log(self.alpha / (self.totals[t] + self.alpha * v)) for t in self.counts}
        self._log_p = {
            t: {f: math.log((n + self.alpha) / (self.totals[t] + self.alpha * v)) for f, n in c.items()}
            for t, c in self.counts.items()
        }

    def posterior(self, features: Iterable[str]) -> dict[str, float]:
        """P(topic | query) with a uniform prior; features unseen by every topic are ignored.

        The log-likelihood is averaged over features before the softmax, so a long post does not
        turn small differences into certainty.
        """
        feats = [f for f in set(features) if f in self.vocab]
        if not feats:
            return {}
        ll = {t: sum(self._log_p[t].get(f, self._log_unseen[t]) for f in feats) / len(feats)
              for t in self.counts}
        m = max(ll.values())
        ex = {t: math.exp((v - m) * len(feats) ** 0.5 / self.temperature) for t, v in ll.items()}
        z = sum(ex.values())
        return {t: v / z for t, v in ex.items()}
