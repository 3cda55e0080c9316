"""The app side of the assistant without Rasa: input hygiene, reply shaping, sessions, and the
degraded answer when Rasa is down (status 200, the answer engine's answer, 转人工 still works)."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select
from starlette.testclient import TestClient

from app.chat import session as sessions
from app.chat.rasa import RasaClient
from app.chat.service import ChatService, clean_input, shape
from tests.bot.servers import free_port, run_async


@pytest.fixture()
def engine(database):
    """The fresh database (tests/conftest.py ``database``), not the search engine."""
    return database


@pytest.fixture()
def rasa_down() -> RasaClient:
    return RasaClient(f"http://127.0.0.1:{free_port()}", token="x", timeout_s=2)  # nothing listens there


def test_sessions_are_signed_by_the_server():
    sid, token = sessions.new_session()
    assert sessions.resolve(token) == (sid, token, False)
    forged = sid[:-1] + ("0" if sid[-1] != "0" else "1") + "." + token.split(".")[1]
    for bad in (None, "", "someone-else", forged, token + "x"):
        new_sid, _tok, is_new = sessions.resolve(bad)
        assert is_new and new_sid != sid


def test_input_is_trimmed_cut_and_cannot_inject_intents():
    assert clean_input("  尊老金 \n 怎么领 ") == ("尊老金 怎么领", None)
    text, note = clean_input("问" * 900)
    assert len(text) == 500 and "500" in note
    assert clean_input("/ask_human")[0] == "/ask_human"
    assert clean_input('/kb_zlj{"service": "x"}')[0] == 'kb_zlj{"service": "x"}'


def test_rasa_messages_are_shaped_to_the_contract():
    replies, packet = shape([
        {"recipient_id": "x", "text": "您好", "buttons": [{"title": "转人工", "payload": "/ask_human"}]},
        {"recipient_id": "x", "custom": {"text": "答", "sources": [{"title": "t", "url": "/services/A", "topic": "低保"}],
                                         "buttons": [{"title": "看", "url": "javascript:alert(1)"},
                                                     {"title": "在线办理", "url": "/apply/A"}]}},
        {"recipient_id": "x", "custom": {"text": "转", "handoff": {"summary": "s", "transcript": []}}},
    ])
    assert replies[0] == {"text": "您好", "buttons": [{"title": "转人工", "payload": "/ask_human"}], "sources": []}
    assert replies[1]["buttons"] == [{"title": "在线办理", "url": "/apply/A"}]  # unsafe link dropped
    assert "handoff" not in replies[2] and packet["summary"] == "s" and packet["_reply"] == 2


def test_rasa_down_answers_from_the_answer_engine(rasa_down, engine, kb):
    from app.answers import answer

    question = "老人过了八十岁，尊老金要去哪里申请"
    out = run_async(ChatService(rasa_down, engine).handle(None, question))
    assert out["degraded"] is True and out["handoff"] is False
    reply = out["replies"][0]
    assert "没有完全准备好" in reply["notice"]  # it says the assistant is not fully ready
    direct = answer(question, None)
    assert reply["text"] == direct.text  # the engine's answer, word for word
    assert reply["sources"][0]["url"] == direct.source.url and reply["sources"][0]["topic"] == "尊老金"
    assert {"title": "转人工", "payload": "/ask_human"} in reply["buttons"]


@pytest.mark.parametrize("text", ["🙂🙂🙂", "问" * 2000, "我媽八十歲了，尊老金怎麼領", "dibao zenme shenqing",
                                  "尊老京在哪办", "低包能领多少", "？？？！！！", "123456"])
def test_rasa_down_bad_input_still_gets_a_kind_reply(rasa_down, engine, text):
    out = run_async(ChatService(rasa_down, engine).handle(None, text))
    assert out["degraded"] is True and out["replies"]
    first = out["replies"][0]
    assert first["text"].strip() and {"title": "转人工", "payload": "/ask_human"} in first["buttons"]


def test_rasa_down_hand_over_still_queues_a_contact(rasa_down, engine):
    from app.contacts.models import Contact

    service = ChatService(rasa_down, engine)
    out = run_async(service.handle(None, "转人工，我的电话13812345678"))
    assert out["handoff"] is True and out["degraded"] is True
    with Session(engine) as s:
        c = s.exec(select(Contact)).one()
    assert c.kind == "handoff" and str(c.id) in out["replies"][0]["text"]
    assert "13812345678" not in str(c.transcript) and "138****5678" in str(c.transcript)


def test_api_chat_status_codes(monkeypatch, rasa_down, engine):
    import app.chat.service as svc
    from app.api.main import build_api

    monkeypatch.setattr(svc, "_SERVICE", ChatService(rasa_down, engine))
    with TestClient(build_api()) as c:
        assert c.post("/api/chat", content=b"not json").status_code == 400
        assert c.post("/api/chat", json={"text": 5}).status_code == 400
        r = c.post("/api/chat", json={"session": "made-up", "text": "低保"})
        assert r.status_code == 200 and r.json()["degraded"] is True
        assert r.json()["session"] != "made-up"
        empty = c.post("/api/chat", json={"text": "   "}).json()
        assert "请输入" in empty["replies"][0]["text"]
        assert c.get("/api/chat/status").json() == {"rasa": False}


def test_conversations_stick_to_one_of_several_rasa_servers():
    client = RasaClient("http://127.0.0.1:1, http://127.0.0.1:2/", token="t")
    assert client.base_urls == ["http://127.0.0.1:1", "http://127.0.0.1:2"]
    senders = [f"web-{i}" for i in range(40)]
    assert {client.server_for(s) for s in senders} == set(client.base_urls)  # both are used
    assert all(client.server_for(s) == client.server_for(s) for s in senders)  # always the same one
