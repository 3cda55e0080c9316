"""Fixtures for the assistant's tests: the real Rasa + action server (session), the pure
decision module of the action server (loaded by path: it needs neither Rasa nor the app)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from tests.bot.servers import Bot, ensure_bot

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def bot() -> Bot:
    return ensure_bot()


@pytest.fixture(scope="session")
def decide_mod():
    spec = importlib.util.spec_from_file_location("bot_actions_decide", ROOT / "bot" / "actions" / "decide.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the class is built
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="session")
def intent_topics(kb) -> dict[str, str]:
    return {f"kb_{tf.abbreviation.lower()}": t for t, tf in kb.topics.items()}
