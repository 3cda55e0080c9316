"""One-click search on the real knowledge base: messy input, result shape, grouping."""

from __future__ import annotations

import pytest

from app.core.config import get_settings
from app.search.engine import KINDS


@pytest.mark.parametrize("query,topic", [
    ("尊老金怎么领", "尊老金"),
    ("我們宣城市有高齡津貼嗎", "尊老金"),          # traditional characters
    ("尊老京怎么申请", "尊老金"),                  # speech-recognition homophone
    ("低保申请条件", "低保"),
    ("领证要带什么材料", "婚姻登记"),              # colloquial 领证 for 结婚登记
    ("家里老人走了白事怎么办火化", "殡葬"),
    ("残疾人两项补贴", "残疾人两项补贴"),
    ("路牌上的路名和导航不一样", "地名"),
    ("桥洞下面有个流浪汉晚上睡在那里", "流浪乞讨救助"),
    ("想开一家养老院要办哪些手续", "养老服务"),
])
def test_typical_questions_find_their_topic(engine, query, topic):
    resp = engine.search(query)
    assert resp.status == "ok"
    assert resp.results[0].topic == topic, [(r.title, r.topic) for r in resp.results[:3]]


def test_result_objects_carry_the_contract_fields(engine, kb):
    resp = engine.search("尊老金")
    assert resp.results
    for r in resp.results:
        d = r.to_dict()
        for key in ("kind", "title", "topic", "service_code", "score", "snippet"):
            assert key in d
        assert d["kind"] in KINDS
        assert d["service_code"] in kb.services
    scores = [r.score for r in resp.results]
    assert scores == sorted(scores, reverse=True)


def test_results_are_grouped_by_kind(engine):
    resp = engine.search("低保政策", limit=3)
    groups = resp.groups()
    assert list(groups) == list(KINDS)
    assert groups["政策"] and groups["服务"] and groups["问题"]
    for kind, items in groups.items():
        assert all(r.kind == kind for r in items)
        assert len(items) <= 5
    assert groups["政策"][0].topic == "低保"


def test_highlights_point_at_query_words_in_the_snippet(engine):
    resp = engine.search("尊老金怎么申请")
    marked = [r.snippet[s:e] for r in resp.results for s, e in r.highlights]
    assert marked, "some snippet should be highlighted"
    assert all(m and m in resp.normalized for m in marked)


@pytest.mark.parametrize("query", ["", "   ", "\n\t"])
def test_empty_query_gets_a_hint_and_hot_services(engine, query):
    resp = engine.search(query)
    assert resp.status == "empty"
    assert resp.hint and "请输入" in resp.hint
    assert resp.suggestions and resp.suggestions[0].topic == "尊老金"


@pytest.mark.parametrize("query", ["？？？！！！", "@@@###", "🙂🙂🙂", "zzzzqqqq xxyyzz"])
def test_garbage_query_gets_a_kind_answer(engine, query):
    resp = engine.search(query)
    assert resp.status == "no_match"
    assert resp.results == []
    assert "没有找到" in resp.hint
    assert resp.suggestions


def test_over_long_query_is_cut_and_said(engine):
    long_post = "我妈妈今年八十二岁了户口在南京一直没领到尊老金" * 100
    resp = engine.search(long_post)
    assert resp.status == "truncated"
    assert str(get_settings().max_query_chars) in resp.hint
    assert resp.results[0].topic == "尊老金"


def test_non_string_and_odd_limits_do_not_raise(engine):
    assert engine.search(None).status == "empty"  # type: ignore[arg-type]
    assert len(engine.search("低保", limit=0).results) == 1
    assert len(engine.search("低保", limit=500).results) <= 50


def test_urls_point_to_the_entry(engine):
    for r in engine.search("结婚登记要带什么").results:
        if r.kind == "问题":
            assert r.url.startswith(f"/services/{r.service_code}#faq-")
        elif r.kind == "政策":
            assert r.url == f"/policies/{r.id}"
