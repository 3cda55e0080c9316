"""How the action server picks a topic and an entry from Rasa's NLU and the app's search (pure)."""

from __future__ import annotations

TOPICS = {"kb_zlj": "尊老金", "kb_db": "低保", "kb_yl": "养老服务"}


def hit(id_, topic, score, kind="问题"):
    code = id_.split("#")[0]
    return {"id": id_, "topic": topic, "score": score, "kind": kind, "service_code": code,
            "title": id_, "url": f"/services/{code}"}


def test_agreeing_views_give_a_confident_answer_with_the_selector_entry(decide_mod):
    d = decide_mod.decide(
        [{"name": "kb_zlj", "confidence": 0.9}, {"name": "kb_yl", "confidence": 0.05}],
        [{"intent_response_key": "kb_zlj/mz_zlj_01_q2", "confidence": 0.6}],
        TOPICS, [hit("MZ-ZLJ-01#2", "尊老金", 4.8), hit("MZ-ZLJ-01", "尊老金", 4.5, "服务")])
    assert d.confident and d.topic == "尊老金"
    assert d.entry == decide_mod.Entry("faq", "MZ-ZLJ-01", 2)


def test_search_outvotes_a_wrong_nlu_topic(decide_mod):
    d = decide_mod.decide([{"name": "kb_yl", "confidence": 0.55}], [], TOPICS,
                          [hit("MZ-ZLJ-01#1", "尊老金", 4.8), hit("MZ-ZLJ-01#3", "尊老金", 4.6),
                           hit("MZ-ZLJ-02#1", "尊老金", 4.4)])
    assert d.topic == "尊老金" and d.entry.code == "MZ-ZLJ-01"


def test_nlu_alone_is_not_enough_for_gibberish(decide_mod):
    d = decide_mod.decide([{"name": "kb_yl", "confidence": 0.98}], [], TOPICS, [])
    assert not d.confident


def test_split_evidence_is_not_confident_and_offers_results_of_the_best_topic_first(decide_mod):
    results = [hit("MZ-DB-01#1", "低保", 2.0), hit("MZ-ZLJ-01#1", "尊老金", 1.9)]
    d = decide_mod.decide([{"name": "kb_zlj", "confidence": 0.4}, {"name": "kb_db", "confidence": 0.35}],
                          [], TOPICS, results)
    assert not d.confident
    assert d.alternatives[0]["topic"] == d.topic


def test_a_named_service_backs_its_topic(decide_mod):
    d = decide_mod.decide([{"name": "kb_zlj", "confidence": 0.7}], [], TOPICS, [], entity_topics=["尊老金"])
    assert d.topic == "尊老金" and d.entry is None and not d.confident  # nothing to cite → not sure


def test_entry_combines_selector_confidence_and_search_score(decide_mod):
    # search's best FAQ is off; the selector is fairly sure of the item's guide, which search also ranks high
    d = decide_mod.decide(
        [{"name": "kb_db", "confidence": 1.0}],
        [{"intent_response_key": "kb_db/mz_db_01_guide", "confidence": 0.4}],
        TOPICS, [hit("MZ-DB-01#8", "低保", 4.8), hit("MZ-DB-01", "低保", 4.66, "服务")])
    assert d.entry == decide_mod.Entry("guide", "MZ-DB-01")


def test_policy_and_bundle_hits_map_to_entries(decide_mod):
    E = decide_mod.Entry
    assert E.from_search({"id": "POL-ZLJ-01"}) == E("policy", "POL-ZLJ-01")
    assert E.from_search({"id": "YJS-ZLJ", "service_code": "MZ-ZLJ-01"}) == E("guide", "MZ-ZLJ-01")
    assert E.from_key("kb_zlj/not_a_key") is None


def test_search_max_score_matches_the_engine(decide_mod):
    from app.search import engine

    assert decide_mod.SEARCH_MAX_SCORE == 1 + engine.TOPIC_PRIOR + engine.PHRASE_WEIGHT + engine.KNN_WEIGHT + engine.NB_WEIGHT
