"""The answer engine over the real knowledge base (built once per session)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def answers(engine):
    from app.answers.engine import AnswerEngine

    return AnswerEngine(engine)
