"""Bot-suggested answers: which lines are searched, sources, confidence, the full knowledge base."""

from __future__ import annotations

import re

from app.hotline.suggest import GOOD_CONFIDENCE, query_from_lines, suggest, suggest_for_query


def test_the_query_is_the_citizens_recent_lines():
    lines = [
        {"from": "user", "text": "喂，你好"},
        {"from": "user", "text": "我想问低保"},
        {"from": "bot", "text": "低保是最低生活保障……"},
        {"from": "caller", "text": "我家老人九十岁"},
        {"from": "agent", "text": "好的您稍等"},
        {"from": "note", "text": "问尊老金"},
        {"from": "user", "text": "/ask_human"},
        {"from": "user", "text": "转人工！"},
        {"from": "user", "text": "呼叫工作人员"},
        {"from": "caller", "text": "怎么领"},
    ]
    assert query_from_lines(lines) == "我家老人九十岁。问尊老金。怎么领"
    assert query_from_lines([{"from": "bot", "text": "尊老金"}]) == ""
    assert query_from_lines([]) == ""


def test_a_handoff_conversation_gets_a_sourced_faq_answer(engine):
    lines = [{"from": "user", "text": "我奶奶今年九十岁了，尊老金怎么领"},
             {"from": "bot", "text": "尊老金按年龄段发放。"},
             {"from": "user", "text": "转人工"}]
    result = suggest(lines, engine)
    assert 1 <= len(result.suggestions) <= 3 and result.good
    top = result.suggestions[0]
    assert top.topic == "尊老金" and top.confidence >= GOOD_CONFIDENCE
    faq = next(s for s in result.suggestions if s.kind == "问题")
    assert re.fullmatch(r"常见问题 #\d+ · .+", faq.source)
    assert faq.url.startswith(f"/services/{faq.service_code}#faq-")
    kb_answer = next(f.a for f in engine.kb.faqs if f.id == faq.entry_id)
    assert faq.answer == kb_answer  # the KB's own text, never rewritten
    assert [s.confidence for s in result.suggestions] == sorted((s.confidence for s in result.suggestions),
                                                                reverse=True)


def test_every_faq_question_finds_its_own_answer_confidently(engine):
    faqs = engine.kb.faqs
    exact = confident = 0
    for f in faqs:
        top = suggest_for_query(f.q, engine).suggestions[0]
        exact += top.entry_id == f.id
        confident += top.confidence >= GOOD_CONFIDENCE
    assert exact / len(faqs) >= 0.95
    assert confident / len(faqs) >= 0.9


def test_off_topic_talk_gets_no_confident_suggestion(engine):
    for q in ("今天天气怎么样", "喂喂听得到吗", "你们几点下班", "医保卡丢了怎么补办", "出租车司机绕路投诉"):
        assert not suggest_for_query(q, engine).good, q
    assert suggest_for_query("", engine).suggestions == []
    assert suggest_for_query("？？", engine).suggestions == []


def test_guides_and_policies_name_their_section(engine):
    kinds = {}
    for q in ("尊老金申领", "结婚登记需要什么材料", "江苏省尊老金政策文件"):
        for s in suggest_for_query(q, engine, limit=8).suggestions:
            kinds.setdefault(s.kind, s)
    assert kinds["服务"].source.startswith("办事指南 · ") and "办理条件" in kinds["服务"].answer
    assert kinds["政策"].source.startswith("政策 · ")


def test_every_suggestion_names_the_kind_of_entry_it_comes_from(engine):
    # The engine's own answer leads the list; its source label must say which kind of KB entry it
    # is, like every other suggestion (an agent reads "办事指南 · …", never a bare "答复 · …").
    label = re.compile(r"^(常见问题 #\d+ · |办事指南 · |政策 · )")
    for q in ("尊老金停发了怎么办，还能补发吗", "临时救助要带什么材料", "结婚登记要多久能办好", "低保标准是多少"):
        for s in suggest_for_query(q, engine).suggestions:
            assert label.match(s.source), (q, s.source)
