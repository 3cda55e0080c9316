"""Conversations with the real assistant (Rasa + action server + the app's answer engine) through
POST /api/chat: the context of earlier turns reaches the engine, the point asked is answered,
an unknown fact gets an honest "not sure" with whom to ask, bad input never errors, and the
assistant's first reply is the engine's own reply (the degraded path's) for the same question.

Questions are written here in our own words (never the dev set's)."""

from __future__ import annotations

import pytest

from app.answers import AnswerContext, answer
from app.chat.rasa import RasaClient
from app.chat.service import engine_reply
from tests.bot import chat

HUMAN = {"title": "转人工", "payload": "/ask_human"}


def say(client, text: str, session: str | None = None) -> dict:
    """One turn (tests/bot/chat.py); these conversations also need a reply in every turn."""
    body = chat.say(client, text, session)
    assert body["replies"], body
    return body


def test_the_city_said_first_is_used_next_and_a_new_city_replaces_it(client):
    first = say(client, "我住在无锡，想了解一下尊老金的政策")
    s = first["session"]
    follow = "尊老金每个月能发多少钱"
    second = say(client, follow, s)["replies"][0]
    with_city = answer(follow, AnswerContext(city="无锡市", previous_service="MZ-ZLJ-01", channel="chat"))
    assert second["text"] == with_city.text and "无锡" in second["text"]
    assert answer(follow, None).text != with_city.text  # the city changed the answer
    assert second["sources"][0]["url"] == with_city.source.url
    # said now beats said before: the next city is this turn's, not the remembered one
    third = say(client, "那南京的尊老金每个月多少", s)["replies"][0]
    assert "南京" in third["text"] and "无锡" not in third["text"]


def test_the_age_and_person_of_one_turn_go_with_the_next_question(client, bot):
    body = say(client, "我妈今年86岁，户口在常州，尊老金一个月多少")
    s, answered = body["session"], body["replies"][0]["entry"]["code"]
    from tests.bot.servers import run_async

    tracker = run_async(RasaClient(bot.rasa_url, bot.token).tracker("web-" + s.split(".")[0]))
    slots = tracker["slots"]
    assert slots["city"] == "常州市" and int(slots["age"]) == 86 and slots["for_whom"]
    assert answered.startswith("MZ-ZLJ-") and slots["service"] == answered  # the next turn's previous service


def test_a_question_about_materials_gets_the_materials(client, kb):
    reply = say(client, "给我父亲申请重度残疾人护理补贴，需要准备哪些材料")["replies"][0]
    assert reply["answer"]["facet"] == "materials" and reply["confident"] is True
    materials = [m.name for m in kb.services["MZ-CJR-02"].materials]
    assert sum(m in reply["text"] for m in materials) >= 2, reply["text"]
    assert reply["sources"][0]["url"].startswith("/services/MZ-CJR-02")


def test_a_fact_the_kb_does_not_have_gets_an_honest_not_sure_with_whom_to_ask(client):
    s = say(client, "你好")["session"]
    reply = say(client, "杭州的老人高龄补贴每月发多少", s)["replies"][0]
    assert reply["confident"] is False and reply["answer"]["status"] == "unsure"
    assert "12345" in reply["text"] or "民政" in reply["text"]
    assert HUMAN in reply["buttons"]
    again = say(client, "那浙江宁波的低保标准呢", s)["replies"][0]
    assert again["confident"] is False
    assert "拨打 12345" in [b["title"] for b in again["buttons"]]  # repeated: the hotline is offered


@pytest.mark.parametrize("text", [
    "🙂🙂🙂", "？？！！", "好" * 2000, "我媽八十歲了，尊老金怎麼領", "zunlaojin zenme lingqu",
    "尊老京怎么领", "低包申请条件是啥", "低保低保低保低保", "123456789", "<script>alert(1)</script>",
])
def test_bad_input_never_errors(client, text):
    body = say(client, text)
    first = body["replies"][0]
    assert first["text"].strip()
    assert all(b.get("title") for b in first["buttons"])


def test_misheard_and_traditional_words_reach_the_right_service(client):
    for text, topic in (("尊老京怎么领", "尊老金"), ("我媽八十歲了，尊老金怎麼領", "尊老金"), ("低包申请条件是啥", "低保")):
        first = say(client, text)["replies"][0]
        assert first["sources"] and first["sources"][0]["topic"] == topic, (text, first)


def test_empty_input_asks_for_a_question(client):
    r = client.post("/api/chat", json={"text": "   "})
    assert r.status_code == 200 and "请输入" in r.json()["replies"][0]["text"]


# Ten first questions of a conversation, in citizens' words: the assistant's first reply is the
# answer engine's reply (what chat says without Rasa) — one answer on every path.
SAME = (
    "尊老金是打到哪张卡上的",
    "结婚登记需要带户口本吗",
    "低保每个月能领多少钱",
    "残疾人两项补贴是哪两项",
    "特困供养包括哪些内容",
    "申请临时救助要多久才批",
    "老人想住养老院，怎么申请",
    "骨灰海葬有补贴吗",
    "收养孩子要什么条件",
    "慈善组织怎么登记",
)


@pytest.mark.parametrize("q", SAME)
def test_the_assistants_first_reply_is_the_engines_reply(client, q):
    ours = say(client, q)["replies"][0]
    direct = engine_reply(q)
    keys = ("text", "sources", "buttons", "confident", "entry")
    same = {k: ours.get(k) for k in keys} == {k: direct.get(k) for k in keys}
    print(f"\n[same={same}] {q} → {ours['text'][:70]!r} | {(ours['sources'] or [{}])[0].get('url')}")  # -s shows it
    assert {k: ours.get(k) for k in keys} == {k: direct.get(k) for k in keys}
