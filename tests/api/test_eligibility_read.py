"""GET /api/eligibility/read: the 政策计算器's questions answered in free words (the assistant's
turn-by-turn calculator sends every answer here, so the parsing lives in the app), and the
readings are the preview's own query parameters."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from app.api.main import build_api
from app.chat.calculator_answers import read_answer

URL = "/api/eligibility/read"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(build_api())


@pytest.mark.parametrize("ask,text,params", [
    ("age", "82", {"age": "82"}),
    ("age", "八十二", {"age": "82"}),
    ("age", "我妈今年八十五了", {"age": "85"}),
    ("age", "1945年3月1日", {"birth_date": "1945-03-01"}),
    ("hukou", "南京", {"hukou": "南京市"}),
    ("hukou", "昆山", {"hukou": "苏州市", "county": "昆山市"}),
    ("hukou", "外省", {"hukou": "省外"}),
    ("hukou", "安徽", {"hukou": "省外"}),
    ("disability", "没有残疾人证", {"disability": "无"}),
    ("disability", "没有", {"disability": "无"}),
    ("disability", "有，肢体二级", {"disability": "肢体", "grade": "2"}),
    ("disability", "有残疾人证", {"disability": "是"}),
    ("household", "低保家庭", {"household": "低保"}),
    ("household", "特困（五保）", {"household": "特困"}),
    ("household", "低保边缘家庭", {"household": "低保边缘"}),
    ("household", "都不是", {"household": "无"}),
    ("household", "不是低保", {"household": "无"}),
])
def test_free_answers_become_the_calculators_parameters(client, ask, text, params):
    body = client.get(URL, params={"ask": ask, "text": text}).json()
    assert body["status"] == "answer" and body["fields"][ask]["params"] == params, body
    assert body["fields"][ask]["said"]
    # the reading is what the preview itself accepts
    assert client.get("/api/eligibility/preview", params=params).status_code == 200


@pytest.mark.parametrize("text,status", [
    ("不知道", "skip"), ("跳过", "skip"), ("不清楚", "skip"),
    ("不查了", "stop"), ("算了", "stop"), ("不想查了", "stop"),
    ("结婚登记要带什么", "question"), ("低保怎么申请", "question"), ("我能领什么补贴", "question"),
])
def test_skip_stop_and_a_question_of_its_own(text, status):
    for ask in ("age", "hukou", "household"):
        got = read_answer(text, ask)
        assert got["status"] == status, (ask, text, got)
        assert (got["fields"] == {ask: {"params": {}, "said": ""}}) if status == "skip" else got["fields"] == {}


@pytest.mark.parametrize("ask,text,words", [
    ("age", "300", "0 到 130"), ("age", "300岁", "0 到 130"), ("age", "火星", "多大"),
    ("age", "2090年1月1日", "不能晚于今天"), ("hukou", "火星", "外省"), ("disability", "火星", "没有"),
    ("household", "火星", "都不是"),
])
def test_an_answer_that_cannot_be_right_gets_a_kind_message(ask, text, words):
    got = read_answer(text, ask)
    assert got["status"] == "invalid" and words in got["message"] and got["fields"] == {}


def test_an_answer_may_say_more_than_was_asked():
    got = read_answer("82岁，户口在南京", "age")
    assert {k: v["params"] for k, v in got["fields"].items()} == {"age": {"age": "82"}, "hukou": {"hukou": "南京市"}}


def test_the_first_message_is_read_for_every_fact_by_the_answer_engines_reader():
    got = read_answer("我妈82岁户口在南京，能领什么补贴")
    assert {k: v["params"] for k, v in got["fields"].items()} == {"age": {"age": "82"}, "hukou": {"hukou": "南京市"}}
    got = read_answer("我是肢体残疾二级，低保户，在昆山，能享受哪些政策")
    assert {k: v["params"] for k, v in got["fields"].items()} == {
        "hukou": {"hukou": "苏州市", "county": "昆山市"}, "disability": {"disability": "肢体", "grade": "2"},
        "household": {"household": "低保"}}
    assert read_answer("我能领什么补贴")["fields"] == {}
    assert read_answer("安徽户口70岁能领什么")["fields"]["hukou"]["params"] == {"hukou": "省外"}


def test_bad_requests_get_a_kind_400_never_a_500(client):
    r = client.get(URL, params={"ask": "password", "text": "82"})
    assert r.status_code == 400 and "ask" in r.json()["error"]
    for text in ("", "🙂" * 300, "<script>", "好" * 5000):
        r = client.get(URL, params={"ask": "age", "text": text})
        assert r.status_code == 200 and r.json()["status"] in ("invalid", "question"), text
