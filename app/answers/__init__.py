"""The answer engine (domain): one answer to the point asked, for every channel.

Public API: :func:`answer`, :class:`AnswerContext`, :class:`Answer` (see ``model.py``).
"""

from app.answers.engine import AnswerEngine, answer, get_answer_engine
from app.answers.model import Answer, AnswerContext, Part, SourceRef

__all__ = ["Answer", "AnswerContext", "AnswerEngine", "Part", "SourceRef", "answer", "get_answer_engine"]
