"""End to end through POST /api/chat against the real Rasa + action server.

The API runs in-process (Starlette test client) with the chat service pointed at the test
Rasa and a throw-away database for the contact queue; Rasa's action server reads the app's
REST API from its own app process. Checks: a sourced answer of the right topic, the assistant
saying it is one, 转人工 → a Contact row with the conversation, ID/phone numbers redacted
before Rasa (tracker via Rasa's API and in its SQL store), two unsure answers → 12345.
"""

from __future__ import annotations

import sqlite3

import pytest
from sqlmodel import Session, select

from app.chat.rasa import RasaClient
from tests.bot.chat import say
from tests.bot.servers import run_async

ID_NUMBER = "320102198001011237"
PHONE = "13912345678"


@pytest.mark.parametrize("question,topic", [
    ("尊老金怎么领？", "尊老金"),
    ("低保申请需要什么条件", "低保"),
    ("结婚登记要带什么材料", "婚姻登记"),
    ("我爸走了，火化费用能减免吗", "殡葬"),
    ("重度残疾人护理补贴一个月多少钱", "残疾人两项补贴"),
])
def test_faq_question_gets_a_sourced_answer_of_the_right_topic(client, question, topic):
    body = say(client, question)
    first = body["replies"][0]
    assert first["sources"] and first["sources"][0]["topic"] == topic
    assert first["sources"][0]["url"].startswith(("/services/", "/policies/"))
    titles = [b["title"] for b in first["buttons"]]
    assert "看办事指南" in titles and "转人工" in titles
    assert body["handoff"] is False and body["session"]


def test_the_assistant_says_it_is_an_assistant(client):
    first = say(client, "你好")["replies"][0]
    assert "智能助手" in first["text"]
    assert {"title": "转人工", "payload": "/ask_human"} in first["buttons"]


def test_check_my_application_links_to_my_applications(client):
    first = say(client, "我的申请办到哪一步了")["replies"][0]
    assert {"title": "查看我的办件", "url": "/me"} in first["buttons"]


def test_hand_over_queues_a_contact_with_the_conversation(client, chat_db):
    from app.contacts.models import Contact

    s = say(client, "尊老金怎么领")["session"]
    body = say(client, "/ask_human", s)
    assert body["handoff"] is True
    sid = s.split(".")[0]
    with Session(chat_db) as db:
        c = db.exec(select(Contact).where(Contact.session_id == sid)).one()
    assert c.kind == "handoff" and c.channel == "web" and c.topic == "尊老金"
    froms = [m["from"] for m in c.transcript]
    assert froms[:2] == ["user", "bot"] and "尊老金怎么领" in c.transcript[0]["text"]
    assert str(c.id) in body["replies"][-1]["text"]
    assert "transcript" not in str(body)  # the conversation goes to the queue, not back to the browser


def test_numbers_are_redacted_before_rasa(client, bot):
    body = say(client, f"我的身份证号是{ID_NUMBER}，电话{PHONE}，低保怎么申请")
    sender = "web-" + body["session"].split(".")[0]
    tracker = run_async(RasaClient(bot.rasa_url, bot.token).tracker(sender))
    texts = " ".join(e.get("text") or "" for e in tracker["events"] if e["event"] == "user")
    assert ID_NUMBER not in texts and PHONE not in texts
    assert "3201**********1237" in texts and "139****5678" in texts
    db = bot.run_dir / "trackers-0.db"
    with sqlite3.connect(db) as con:
        stored = " ".join(r[0] for r in con.execute("select data from events"))
    assert ID_NUMBER not in stored and PHONE not in stored


def test_two_unsure_answers_offer_the_hotline_and_a_person(client):
    # Both messages must be ones the assistant cannot place: gibberish in Latin letters may be
    # read as a greeting by the NLU, so the first reply is checked to be unsure too.
    opening = say(client, "呜呜呜哇")
    s = opening["session"]
    assert opening["replies"][0].get("confident") is False
    first = say(client, "呜哇呜哇呜", s)["replies"][0]
    assert first.get("confident") is False
    titles = [b["title"] for b in first["buttons"]]
    assert "拨打 12345" in titles and "转人工" in titles and "12345" in first["text"]


def test_eligibility_in_conversation(client):
    s = say(client, "我能领尊老金吗")["session"]
    ask_age = say(client, "我妈今年八十五", s)["replies"][0]
    assert "户口" in ask_age["text"]
    answer = say(client, "苏州", s)["replies"][0]
    assert "符合尊老金的领取条件" in answer["text"]
    assert answer["sources"][0]["url"] == "/services/MZ-ZLJ-01"
