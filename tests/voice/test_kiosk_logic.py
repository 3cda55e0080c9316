"""The kiosk's views of the domain (no browser): what it lists, shows and says, and the help
request staff see. The page itself is tested in tests/e2e/test_kiosk_voice.py."""

from __future__ import annotations

from app.search.engine import HOT_TOPICS
from app.ui import kiosk_state as ks
from app.ui import kiosk_text as t


def test_the_six_tiles_are_kb_topics(kb):
    assert HOT_TOPICS == ("尊老金", "低保", "婚姻登记", "残疾人两项补贴", "殡葬", "养老服务")
    for topic in HOT_TOPICS:
        assert topic in kb.topics and t.TILE_HINTS[topic]
        assert ks.topic_choices(kb, topic)


def test_spoken_search_finds_the_service():
    choices = ks.search_choices("我想领尊老金")
    assert choices and len(choices) <= 4
    assert "尊老金" in choices[0].title or choices[0].note == "尊老金"
    assert len({(c.kind, c.ref) for c in choices}) == len(choices)


def test_service_view_is_read_one_part_at_a_time(kb):
    code = ks.topic_choices(kb, "尊老金")[0].ref
    title, sections, speech = ks.service_view(kb, code)
    assert [s.title for s in sections] == [t.SEC_WHAT, t.SEC_WHO, t.SEC_BRING, t.SEC_WHERE, t.SEC_TIME, t.SEC_PHONE]
    # the first speech is the title and what it is; every part has its own speech (再听一遍)
    assert speech.startswith(title) and t.SEC_BRING not in speech and len(speech) < 200
    bring = sections[2]
    assert bring.speech.startswith(t.SEC_BRING + "：") and t.PROXY_ID in bring.lines
    assert all(s.speech for s in sections)
    assert "未找到公开规定" not in sections[4].speech and "12345" in sections[4].speech


def test_faq_view(kb):
    f = kb.faqs[0]
    q, sections, speech, service = ks.faq_view(kb, f.id)
    assert q == f.q and sections[0].lines == [f.a] and service == f.service_code and f.a[:10] in speech
    assert ks.faq_view(kb, "nope") is None


def test_list_speech_numbers_the_choices():
    s = ks.list_speech("为您找到2项。请点您要了解的：", [ks.Choice("service", "A", "甲"), ks.Choice("faq", "B", "乙")])
    assert s == "为您找到2项。请点您要了解的：第1，甲；第2，乙。"


def test_help_request_goes_on_the_contact_queue(database):
    from app.contacts.service import waiting_contacts

    engine = database
    transcript = [{"from": "user", "text": "我想领尊老金，身份证320102195001011234", "at": "2025-01-01T00:00:00+00:00"}]
    c = ks.request_help(engine, kiosk_id="hall-1", transcript=transcript, topic="尊老金", context="尊老金申领")
    [waiting] = waiting_contacts(engine)
    assert waiting.id == c.id and waiting.kind == "kiosk_help" and waiting.channel == "kiosk"
    assert waiting.session_id == "hall-1" and "hall-1" in waiting.summary and waiting.topic == "尊老金"
    assert "320102195001011234" not in waiting.transcript[0]["text"]  # redacted by the queue
