"""The eligibility rules are KB data: they load, cite real conditions, and carry no figure of their own."""

from __future__ import annotations

import copy

import pytest

from app.knowledge.rules import Condition, Rule, check_rules, cited_texts, load_rules, rules_for

REQUIRED = ("MZ-ZLJ-01", "MZ-DB-01", "MZ-TK-01", "MZ-CJR-01", "MZ-CJR-02", "MZ-LSJZ-01")


def test_the_rules_load_and_cover_the_main_services(kb):
    rules = load_rules(kb)
    assert set(REQUIRED) <= set(rules)
    assert all(r.service in kb.services for r in rules.values())


def test_every_condition_cites_a_kb_condition_text(kb):
    for code, rule in rules_for(kb).items():
        for cond in rule.requires + rule.excludes:
            texts = cited_texts(kb, code, cond)
            assert texts and all(t in kb.services[c].conditions for c, _i, t in texts)


def test_a_figure_the_cited_text_does_not_state_is_refused(kb):
    invented = Rule(service="MZ-ZLJ-01", requires=[Condition(test="age_at_least", value=85, cite=["#1"])])
    problems = check_rules([invented], kb)
    assert any("85" in p.message for p in problems)
    grade = Rule(service="MZ-CJR-02", requires=[Condition(test="disability", grades=[3], cite=["#0"])])
    assert any("三级" in p.message for p in check_rules([grade], kb))


def test_a_citation_to_a_missing_condition_or_item_is_refused(kb):
    bad = [Rule(service="MZ-ZLJ-01", requires=[Condition(test="hukou_jiangsu", cite=["#42"])]),
           Rule(service="MZ-XX-99", requires=[Condition(test="hukou_jiangsu", cite=["#0"])])]
    messages = [p.message for p in check_rules(bad, kb)]
    assert any("不存在的申请条件" in m for m in messages) and any("不存在的事项" in m for m in messages)


def test_a_condition_without_its_fields_is_refused():
    with pytest.raises(ValueError, match="缺少必要的字段"):
        Condition(test="age_at_least", cite=["#1"])
    with pytest.raises(ValueError):
        Condition(test="fact", fact="not_a_fact", cite=["#1"])


def test_the_zunlaojin_age_comes_from_the_rules_and_the_city_facts(kb):
    """One source: 测一测 and the application check read the same ages as the matcher."""
    from app.applications.eligibility import zlj_ages

    z = zlj_ages(kb)
    zj = next(f for f in kb.services["MZ-ZLJ-01"].local if f.city == "镇江市" and f.county is None)
    assert (z.provincial, z.earliest, z.early_cities) == (80, zj.start_age, ("镇江市",))
    # change the city's fact: the derived ages follow (nothing else holds the number)
    kb2 = copy.deepcopy(kb)
    svc = kb2.services["MZ-ZLJ-01"]
    local = [f.model_copy(update={"start_age": 78}) if f.city == "镇江市" else f for f in svc.local]
    kb2.services["MZ-ZLJ-01"] = svc.model_copy(update={"local": local})
    assert zlj_ages(kb2).earliest == 78


def test_the_questionnaire_bands_follow_the_rules():
    from app.applications.eligibility import CHECKS, zlj_age_band

    options = CHECKS["MZ-ZLJ-01"].questions[1].options
    assert [zlj_age_band(a) for a in (78, 79, 80, 99, 100)] == [options[0], options[1], options[2], options[2], options[3]]
