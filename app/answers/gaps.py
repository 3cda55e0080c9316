"""Abstentions become knowledge-base gaps, on the list the hotline console already keeps.

Why the console's list: the people who maintain the KB read one list (``GET /api/agent/gaps``);
a question the engine could not answer in the web app, the kiosk or the assistant belongs there as
much as one an agent marked 没用. Recording never fails an answer: a database problem is logged.
"""

from __future__ import annotations

import logging

from app.answers.model import Answer

log = logging.getLogger(__name__)
#: Reasons as stored (KbGap.reason holds at most 16 characters).
REASONS = {"unsure": "answer_unsure", "partial": "answer_partial"}


def gap_reason(ans: Answer) -> str | None:
    if ans.status == "answered" or "question" in ans.missing:
        return None  # answered, or nothing was asked (empty / emoji only): not a KB gap
    if "other_region" in ans.missing:
        return "other_region"
    return REASONS.get(ans.status)


def record_gap(db_engine, question: str, ans: Answer, kb=None) -> bool:
    """Note ``question`` as a gap when ``ans`` did not answer it. Returns whether a row was added."""
    reason = gap_reason(ans)
    if reason is None:
        return False
    topic = None
    if kb is not None and ans.service_code:
        topic = kb.service_topic.get(ans.service_code)
    try:
        from app.hotline.service import note_answer_gap

        return note_answer_gap(db_engine, question=question, reason=reason,
                               best_entry=ans.source.code if ans.source else None,
                               best_confidence=ans.confidence, topic=topic)
    except Exception:  # noqa: BLE001 — a gap that cannot be written must not lose the answer
        log.exception("could not record a knowledge-base gap")
        return False
