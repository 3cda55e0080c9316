"""Held-out topic accuracy on the knowledge base's own FAQ questions (k-fold).

Usage: python bench/search_cv.py [--folds 5] [--grid]

The dev set of real questions is small (33); tuning on it alone would fit those questions.
This bench hides each fold of FAQ entries from the index (documents, topic documents), asks
their questions, and counts how often the first result has the right topic. ``--grid`` tries
a few topic-evidence weightings and prints CV and dev accuracy side by side, so a change is
kept only when it helps both.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def cv_accuracy(kb, tok, folds: int, weights: dict | None) -> float:
    from app.search.engine import SearchEngine

    right = total = 0
    for k in range(folds):
        held = [f for i, f in enumerate(kb.faqs) if i % folds == k]
        kept = [f for i, f in enumerate(kb.faqs) if i % folds != k]
        engine = SearchEngine(dataclasses.replace(kb, faqs=kept), tok, weights)
        for f in held:
            res = engine.search(f.q, limit=1).results
            right += bool(res) and res[0].topic == f.topic
            total += 1
    return right / total


def dev_accuracy(kb, tok, weights: dict | None) -> float:
    from app.search.engine import SearchEngine

    path = ROOT / "tests" / "data" / "dev_questions.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    engine = SearchEngine(kb, tok, weights)
    ok = 0
    for r in rows:
        res = engine.search(r["q"], limit=1).results
        ok += bool(res) and res[0].topic == r["topic"]
    return ok / len(rows)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--grid", action="store_true")
    args = ap.parse_args()
    from app.knowledge.loader import load_kb
    from app.search.engine import user_words
    from app.search.tokenize import Tokenizer

    kb = load_kb()
    tok = Tokenizer(user_words(kb))
    grid = [None]
    if args.grid:
        grid = [{"prior": a * k, "phrase": b * k, "knn": c * k, "nb": d * k}
                for a, b, c, d, k in itertools.product((0.3, 0.6), (0.6, 1.0), (0.4, 0.8), (0.0, 0.6, 1.2), (1, 2, 4))]
    for w in grid:
        cv = cv_accuracy(kb, tok, args.folds, w)
        dev = dev_accuracy(kb, tok, w)
        print(f"weights={w or 'default'}  FAQ {args.folds}-fold top-1: {cv:.1%}  dev top-1: {dev:.1%}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
