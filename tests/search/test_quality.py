"""Regression guard on real citizens' questions (shared/eval/dev_questions.jsonl).

The search is tuned by method, not per question; this keeps the measured level from slipping.
"""

from __future__ import annotations

TOP1_FLOOR = 0.90
TOP3_FLOOR = 0.90


def test_dev_questions_topic_accuracy(engine, dev_questions):
    top1 = top3 = 0
    for row in dev_questions:
        topics = [r.topic for r in engine.search(row["q"]).results]
        top1 += topics[:1] == [row["topic"]]
        top3 += row["topic"] in topics[:3]
    n = len(dev_questions)
    assert top1 / n >= TOP1_FLOOR, f"top-1 {top1}/{n}"
    assert top3 / n >= TOP3_FLOOR, f"top-3 {top3}/{n}"
