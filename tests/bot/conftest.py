"""Fixtures for the assistant's tests: the real Rasa + action server (session), the action
server's pure reply module (loaded by path: it needs neither Rasa nor the app), and POST /api/chat
in-process against the real assistant (``client``) with its own database for the contact queue
(``chat_db``; ``engine`` stays the root conftest's search engine). ``say`` (one turn through the
client) is a plain function in tests/bot/chat.py."""

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


@pytest.fixture(scope="module")
def chat_db(tmp_path_factory):
    """A fresh database (every table) shared by one module's conversations with the assistant."""
    from tests.database import fresh_database

    return fresh_database(tmp_path_factory.mktemp("chat"), "contacts.db")


@pytest.fixture(scope="module")
def client(bot, chat_db):
    """The app's REST API in-process, its chat service pointed at the test assistant and ``chat_db``."""
    from starlette.testclient import TestClient

    import app.chat.service as svc
    from app.api.main import build_api
    from app.chat.rasa import RasaClient

    old = svc._SERVICE
    svc._SERVICE = svc.ChatService(RasaClient(bot.rasa_url, bot.token), chat_db)
    with TestClient(build_api()) as c:
        yield c
    svc._SERVICE = old


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
