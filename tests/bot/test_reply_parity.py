"""One answer on every path: the action server's reply (bot/actions/replies.py, from the JSON of
POST /api/answer) and the app's degraded reply (app/chat/replies.py, from the engine in-process)
are the same for the same question — text, sources and buttons — and follow the Answer."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from app.answers import answer
from app.chat.replies import answer_reply
from app.core import urls

# Our own questions, one per kind of point asked, plus messy input.
QUESTIONS = (
    "我爸九十岁了，户口在扬州，高龄津贴一个月给多少",
    "帮孩子办收养登记，要交哪些证明材料",
    "低保批下来大概要等几天",
    "想把老人送进养老院住，该找哪个部门",
    "离婚冷静期是多少天",
    "申请临时救助需要满足什么条件",
    "安徽的低保怎么申请",
    "殡仪馆遗体火化的费用能不能免",
    "🙂🙂",
    "尊老京在哪里领",
    "我們這裡的低保標準是多少",
    "hunyin dengji",
)


@pytest.fixture(scope="module")
def api():
    from app.api.main import build_api

    with TestClient(build_api()) as c:
        yield c


def bot_side(bot_replies, api, kb, q: str, failures: int) -> dict:
    """What the action server says: the REST answer, the guide it fetches, the topic it maps."""
    a = api.post("/api/answer", json={"q": q, "context": {"channel": "chat"}}).json()
    code = a.get("service_code")
    guide = api.get(f"/api/services/{code}").json() if code else None
    topic = kb.service_topic.get(code) if code else None
    return bot_replies.answer_reply(a, guide, topic, failures)


@pytest.mark.parametrize("q", QUESTIONS)
def test_the_assistant_and_the_degraded_path_give_the_same_reply(bot_replies, api, kb, q):
    direct = answer(q, None)
    for failures in (1, 2):  # first unsure, then the repeated one that offers the hotline
        ours = answer_reply(kb, direct, failures)
        theirs = bot_side(bot_replies, api, kb, q, failures)
        assert ours == theirs, q
    ours = answer_reply(kb, direct)
    assert ours["text"] == (direct.text.strip() or ours["text"])
    if direct.source:
        assert ours["sources"][0]["url"] == direct.source.url
    assert {"title": "转人工", "payload": "/ask_human"} in ours["buttons"]


def test_a_sure_answer_gets_its_service_buttons_and_an_unsure_one_a_person(kb):
    sure = answer("重度残疾人护理补贴申请要带什么材料", None)
    assert sure.status in ("answered", "partial") and sure.service_code
    r = answer_reply(kb, sure)
    titles = [b["title"] for b in r["buttons"]]
    assert r["confident"] is True and "看办事指南" in titles and titles[-1] == "转人工"
    assert r["entry"]["code"] == sure.service_code and r["topic"] == kb.service_topic[sure.service_code]
    unsure = answer("浙江杭州的高龄补贴每月多少", None)
    assert unsure.status == "unsure"
    first, again = answer_reply(kb, unsure, 1), answer_reply(kb, unsure, 2)
    assert first["confident"] is False and "拨打 12345" not in [b["title"] for b in first["buttons"]]
    assert "拨打 12345" in [b["title"] for b in again["buttons"]] and "12345" in again["text"]


def test_faq_sources_name_their_number_for_follow_up_suggestions(kb):
    for q in ("尊老金是每个月发还是一年发一次", "结婚登记能不能在外地办"):
        a = answer(q, None)
        r = answer_reply(kb, a)
        if a.source and a.source.kind == "faq":
            assert r["entry"]["n"] == int(a.source.code.split("#")[1])
            assert urls.faq_url(a.service_code, r["entry"]["n"]) == a.source.url
