"""The city remembered on this device (cookie ``mz_city``, set by the city picker) is the context
of a question that names no city: on the search page's direct answer and in the assistant (through
Rasa's message metadata, and directly to the answer engine when Rasa is down)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from app.chat.rasa import RasaClient
from app.chat.service import ChatService
from app.ui.city_components import known_city, remember_city_script, remembered_city
from tests.bot.servers import free_port, run_async

QUESTION = "尊老金每月多少"


def _state(cookie: str = "", q: str = QUESTION):
    """Just the parts of a Reflex state the city and the answer box read (router headers and URL)."""
    return SimpleNamespace(router=SimpleNamespace(headers=SimpleNamespace(cookie=cookie),
                                                  url=SimpleNamespace(query_parameters={"q": q})))


@pytest.fixture()
def engine(database):
    """The fresh database (tests/conftest.py ``database``), not the search engine."""
    return database


def test_the_remembered_city_is_read_from_the_cookie_and_only_if_it_is_a_jiangsu_city():
    assert remembered_city(_state("a=1; mz_city=%E8%8B%8F%E5%B7%9E%E5%B8%82")) == "苏州市"
    assert remembered_city(_state("mz_city=%E8%8B%8F%E5%B7%9E")) == "苏州市"  # '苏州' is 苏州市
    for bad in ("", "mz_city=", "mz_city=%E5%8C%97%E4%BA%AC%E5%B8%82", "mz_city=<script>", "mz_city=\"x"):
        assert remembered_city(_state(bad)) == ""  # 北京市, junk or none: no city
    assert known_city("无锡") == "无锡市" and known_city("上海") == ""
    assert "'mz_city'" in remember_city_script("苏州市")
    assert json.dumps("苏州市") in remember_city_script("苏州")
    assert '""' in remember_city_script("<img>")  # never anything but a known city into the page


def _box(cookie: str, q: str = QUESTION):
    """Run the answer box's load handler on a stand-in state; the fields it set."""
    from app.ui.answer_components import AnswerBoxState

    fake = _state(cookie, q)
    fake._question = lambda: AnswerBoxState._question(fake)
    fake._answer = lambda text: AnswerBoxState._answer(fake, text)
    AnswerBoxState.load.fn(fake)
    return fake


def test_search_answer_uses_the_remembered_city_when_the_query_names_none(kb):
    plain = _box("")
    assert plain.city == "" and not any(line.startswith("苏州") for line in plain.lines)
    suzhou = _box("mz_city=%E8%8B%8F%E5%B7%9E%E5%B8%82")
    assert suzhou.city == "苏州市" and suzhou.shown and suzhou.lines[0].startswith("苏州")
    named = _box("mz_city=%E8%8B%8F%E5%B7%9E%E5%B8%82", "南京尊老金每月多少")
    assert named.city == "南京市" and "南京" in named.lines[0] and "苏州" not in "".join(named.lines)


class _Recording(RasaClient):
    """Records what would go to Rasa's REST channel and answers like it (a fake around our logic)."""

    def __init__(self):
        super().__init__("http://127.0.0.1:9", token="x", timeout_s=1)
        self.sent: list[dict | None] = []

    async def send(self, sender, text, metadata=None):
        self.sent.append(metadata)
        return [{"recipient_id": sender, "text": "好的"}]


def test_chat_sends_the_remembered_city_to_rasa_as_message_metadata(engine):
    rasa = _Recording()
    service = ChatService(rasa, engine)
    run_async(service.handle(None, QUESTION, city="苏州市"))
    run_async(service.handle(None, QUESTION))
    assert rasa.sent == [{"city": "苏州市"}, None]


def test_chat_without_rasa_answers_for_the_remembered_city(engine, kb):
    down = RasaClient(f"http://127.0.0.1:{free_port()}", token="x", timeout_s=2)
    service = ChatService(down, engine)
    suzhou = run_async(service.handle(None, QUESTION, city="苏州市"))["replies"][0]["text"]
    plain = run_async(service.handle(None, QUESTION))["replies"][0]["text"]
    assert suzhou.startswith("苏州") and not plain.startswith("苏州")
    named = run_async(service.handle(None, "南京尊老金每月多少", city="苏州市"))["replies"][0]["text"]
    assert "南京" in named and "苏州" not in named  # the city the question names wins
