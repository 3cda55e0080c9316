"""Abstentions become knowledge-base gaps, on the list the hotline console already keeps.

Why the console's list: the people who maintain the KB read one list (``GET /api/agent/gaps``);
a question the engine could not answer in the web app, the kiosk or the assistant belongs there as
much as one an agent marked 没用. Recording never fails an answer (see app/api/routes/answers.py).
"""

from __future__ import annotations

from app.answers.model import Answer

#: Reasons as stored (KbGap.reason holds at most 16 characters).
REASONS = {"unsure": "answer_unsure", "partial": "answer_partial"}


def gap_reason(ans: Answer) -> str | None:
    if ans.status == "answered" or "question" in ans.missing:
        return None  # answered, or nothing was asked (empty / emoji only): not a KB gap
    if "other_region" in ans.missing:
        return "other_region"
    return REASONS.get(ans.status)


def gap_row(question: str, ans: Answer, kb=None) -> dict | None:
    """The keyword arguments of ``app.hotline.service.note_answer_gap`` for this abstention, or None.

    The channel adapters (the REST route) do the writing: the hotline package already uses this
    engine for its suggestions, so the engine must not import the hotline package back."""
    reason = gap_reason(ans)
    if reason is None:
        return None
    topic = kb.service_topic.get(ans.service_code) if kb is not None and ans.service_code else None
    return {"question": question, "reason": reason, "best_entry": ans.source.code if ans.source else None,
            "best_confidence": ans.confidence, "topic": topic}
