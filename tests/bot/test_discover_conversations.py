""""我能领什么补贴" with the real assistant (Rasa + action server + the app) through POST /api/chat:
the 政策计算器's questions are asked one a turn (age, 户籍, 残疾人证, household), each answer read by
the app; facts in the first message are not asked again; 不知道 skips, 不查了 stops, an impossible
answer is asked again kindly, a question asked meanwhile is answered and the form goes on; the end
is the calculator's own results (GET /api/eligibility/preview) with 在线办理 / 政策计算器 / 转人工."""

from __future__ import annotations

from tests.bot import chat

HUMAN = {"title": "转人工", "payload": "/ask_human"}
#: The question each reply asks (the words of bot/domain.yml's utter_ask_discover_form_*).
ASKS = {"age": "多大岁数", "hukou": "户口（户籍）在哪里", "disability": "有没有残疾人证",
        "grade": "哪一类、几级", "household": "低保家庭、特困人员"}


def say(client, text: str, session: str | None = None) -> tuple[str, list[dict]]:
    body = chat.say(client, text, session)
    assert body["replies"], body
    return body["session"], body["replies"]


def asked(replies: list[dict]) -> str | None:
    """Which question the last reply asks (None: no question of the form)."""
    last = replies[-1]["text"]
    return next((k for k, words in ASKS.items() if words in last), None)


def titles(reply: dict) -> list[str]:
    return [b["title"] for b in reply["buttons"]]


def test_turn_by_turn_to_the_calculators_results(client):
    s, r = say(client, "我能领什么补贴")
    assert "一次问一个" in r[0]["text"] and asked(r) == "age"
    assert {"不知道，跳过", "不查了"} <= set(titles(r[-1]))
    s, r = say(client, "82", s)
    assert asked(r) == "hukou"
    assert {"南京", "苏州", "连云港", "宿迁", "外省"} <= set(titles(r[-1])) and len(titles(r[-1])) == 16
    s, r = say(client, "南京", s)
    assert asked(r) == "disability" and {"没有残疾人证", "有残疾人证"} <= set(titles(r[-1]))
    s, r = say(client, "没有残疾人证", s)
    assert asked(r) == "household" and {"低保家庭", "特困（五保）", "低保边缘家庭", "都不是"} <= set(titles(r[-1]))
    s, r = say(client, "都不是", s)
    res = r[-1]
    assert res["discover"]["facts"] == {"age": "82", "hukou": "南京市", "disability": "无", "household": "无"}
    assert res["discover"]["likely"][0] == "MZ-ZLJ-01"  # 尊老金 likely at 82 in 南京
    text = res["text"]
    assert text.startswith("按您说的情况（82周岁，南京市户籍，没有残疾人证，不是低保、特困或低保边缘家庭）")
    assert "1. 尊老金申领：现在82周岁，已满80周岁" in text  # the name and one reason
    assert "还要看具体情况的有：" in text and "最低生活保障申请" in text  # the maybes in one line
    assert text.index("尊老金") < text.index("还要看")
    buttons = {b["title"]: b for b in res["buttons"]}
    assert buttons["在线办理：尊老金申领"]["url"] == "/apply/MZ-ZLJ-01"
    assert buttons["打开政策计算器"]["url"] == "/calculator" and buttons["转人工"] == HUMAN
    assert res["sources"][0]["url"] == "/services/MZ-ZLJ-01"
    # the same verdicts as the calculator's own JSON for those facts
    preview = client.get("/api/eligibility/preview", params=res["discover"]["facts"]).json()
    assert res["discover"]["likely"] == [m["service_code"] for m in preview if m["verdict"] == "likely"]
    assert res["discover"]["maybe"] == [m["service_code"] for m in preview if m["verdict"] == "maybe"]
    # the form is over: the next message is an ordinary question again
    s, r = say(client, "结婚登记要带什么材料", s)
    assert r[0]["sources"] and r[0]["sources"][0]["topic"] == "婚姻登记" and asked(r) is None


def test_facts_in_the_first_message_are_not_asked_again(client):
    s, r = say(client, "我妈82岁户口在南京，能享受哪些政策")
    assert "您已经说了：82周岁，南京市户籍" in r[0]["text"]
    assert asked(r) == "disability"  # age and 户籍 are not asked
    s, r = say(client, "没有", s)  # "没有" is an answer here, not a "no" that stops the form
    assert asked(r) == "household"
    s, r = say(client, "低保", s)
    res = r[-1]
    assert res["discover"]["facts"] == {"age": "82", "hukou": "南京市", "disability": "无", "household": "低保"}
    assert "MZ-ZLJ-01" in res["discover"]["likely"]


def test_dont_know_skips_a_question(client):
    s, r = say(client, "我家老人能领哪些补贴")
    s, r = say(client, "不知道", s)
    assert asked(r) == "hukou"
    s, r = say(client, "苏州", s)
    s, r = say(client, "不知道", s)
    assert asked(r) == "household"
    s, r = say(client, "不清楚", s)
    res = r[-1]
    assert res["discover"]["facts"] == {"hukou": "苏州市"}  # the skipped ones stay unknown
    assert res["text"].startswith("按您说的情况（苏州市户籍）")
    assert "MZ-ZLJ-01" in res["discover"]["maybe"]  # 尊老金 depends on the age not said


def test_stop_with_bu_cha_le(client):
    s, r = say(client, "我能领什么补贴")
    s, r = say(client, "80", s)
    s, r = say(client, "不查了", s)
    assert "好的，不查了" in r[-1]["text"] and asked(r) is None
    assert "打开政策计算器" in titles(r[-1])
    # it is over: a new start asks from the beginning, with nothing kept from before
    s, r = say(client, "我能领什么补贴", s)
    assert asked(r) == "age" and "您已经说了" not in r[0]["text"]


def test_an_impossible_answer_is_asked_again_kindly(client):
    s, r = say(client, "我能领什么补贴")
    s, r = say(client, "300", s)
    assert "岁数好像不对" in r[0]["text"] and asked(r) == "age"
    s, r = say(client, "八十二", s)
    assert asked(r) == "hukou"
    s, r = say(client, "火星", s)
    assert "没听出是哪里的户口" in r[0]["text"] and asked(r) == "hukou"
    s, r = say(client, "外省", s)
    assert asked(r) == "disability"


def test_a_question_asked_meanwhile_is_answered_and_the_form_goes_on(client):
    s, r = say(client, "我能领什么补贴")
    s, r = say(client, "82", s)
    assert asked(r) == "hukou"
    s, r = say(client, "结婚登记要带什么", s)
    answer = r[0]
    assert answer["sources"] and answer["sources"][0]["topic"] == "婚姻登记", answer
    assert "要带" in answer["text"] and "身份证" in answer["text"]  # the materials asked for
    assert asked(r) == "hukou"  # and the question is asked again
    s, r = say(client, "南京", s)
    assert asked(r) == "disability"


def test_a_certificate_without_its_grade_gets_one_more_small_question(client):
    s, r = say(client, "我能领什么补贴")
    s, r = say(client, "45", s)
    s, r = say(client, "昆山", s)
    s, r = say(client, "有残疾人证", s)
    assert asked(r) == "grade" and "二级" in titles(r[-1])
    s, r = say(client, "肢体二级", s)
    assert asked(r) == "household"
    s, r = say(client, "低保家庭", s)
    res = r[-1]
    assert res["discover"]["facts"] == {"age": "45", "hukou": "苏州市", "county": "昆山市", "disability": "肢体",
                                        "grade": "2", "household": "低保"}
    assert "MZ-CJR-01" in res["discover"]["likely"]  # 困难残疾人生活补贴


def test_a_person_asked_for_meanwhile_gets_the_hand_over(client):
    s, r = say(client, "我能领什么补贴")
    s, r = say(client, "转人工", s)
    assert "转人工" in r[0]["text"] and asked(r) is None
    s, r = say(client, "尊老金怎么领", s)  # the form is over
    assert r[0]["sources"][0]["topic"] == "尊老金" and asked(r) is None
