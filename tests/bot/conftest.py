"""Fixtures for the assistant's tests: the real Rasa + action server (session), and the action
server's pure reply module (loaded by path: it needs neither Rasa nor the app)."""

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
def bot_replies():
    """bot/actions/replies.py (+ wording.py), as the action server imports them (``actions.*``)."""
    import types

    pkg = types.ModuleType("actions")
    pkg.__path__ = [str(ROOT / "bot" / "actions")]
    saved = {k: sys.modules.get(k) for k in ("actions", "actions.wording", "actions.replies")}
    sys.modules["actions"] = pkg
    try:
        for name in ("wording", "replies"):
            spec = importlib.util.spec_from_file_location(f"actions.{name}", ROOT / "bot" / "actions" / f"{name}.py")
            mod = importlib.util.module_from_spec(spec)
            sys.modules[spec.name] = mod
            spec.loader.exec_module(mod)
            setattr(pkg, name, mod)
        return pkg.replies
    finally:
        for k, v in saved.items():
            if v is None:
                sys.modules.pop(k, None)
            else:
                sys.modules[k] = v
