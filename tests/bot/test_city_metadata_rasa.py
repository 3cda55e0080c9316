"""With the real assistant (Rasa + action server + the app's answer engine): the city remembered
on the user's device goes with the message as Rasa metadata and is the answer's city when neither
the message nor the conversation names one; a city said in the message wins."""

from __future__ import annotations

import pytest

from app.chat.rasa import RasaClient
from app.chat.service import ChatService
from tests.bot.servers import run_async


@pytest.fixture(scope="module")
def service(bot, chat_db):
    return ChatService(RasaClient(bot.rasa_url, bot.token), chat_db)


def _first(out: dict) -> str:
    assert out["degraded"] is False, out  # the assistant answered, not the fallback
    return out["replies"][0]["text"]


def test_the_remembered_city_is_the_assistants_context(service):
    assert _first(run_async(service.handle(None, "尊老金每月多少", city="苏州市"))).startswith("苏州")
    assert not _first(run_async(service.handle(None, "尊老金每月多少"))).startswith("苏州")
    named = _first(run_async(service.handle(None, "南京尊老金每月多少", city="苏州市")))
    assert "南京" in named and "苏州" not in named
